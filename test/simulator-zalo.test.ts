/**
 * The simulator's ZNS send (esms-api/ham-gui-tin/tin-nhan-zalo.md) and multichannel Zalo → SMS
 * (…/tin-mutichanel-zalo-greater-than-sms-otp-cskh.md): documented bodies byte for byte, the ListParams
 * checks, life cycle and callbacks.
 */
import { request } from 'undici';

import { callbackReceiver, compact, createSimulator, simGet, simPost } from './helpers/simulator';
import type { Simulator } from './helpers/simulator';

const KEYS = { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' };
const SVOUCHER = '4097311281936189049';

let sim: Simulator;
beforeEach(async () => {
	sim = createSimulator({ autoTick: false, callbackTimeoutMs: 300, callbackRetryDelayMs: 10 });
	await sim.start();
});
afterEach(async () => {
	await sim.stop();
});

/** The request body of the page's example, with the demo keys. */
const DOC_TEMPDATA = {
	customer_name: 'Đinh Thái Hà',
	order_code: 'HD00001',
	address: '140-142 Đường Số 1, KDC Vạn Phúc, Hiệp Bình Phước, Thủ Đức',
	phone: '0901888484',
	email: 'dinhthaiha@vihatgroup.com',
	product_name: 'Gói duy trì OA Zalo Premium 1 năm',
	quantity: '1',
	payment_amount: '4308000',
	delivery_date: '01/08/2024',
};
const sendZns = (b: Record<string, unknown> = {}) =>
	simPost(sim.restUrl, 'SendZaloMessage_V6/', {
		...KEYS,
		OAID: SVOUCHER,
		Phone: '0901888484',
		TempData: DOC_TEMPDATA,
		TempID: '200607',
		campaignid: 'Xác nhận mua hàng',
		RequestId: '96accf59-0c41-4bc7-a5c4-4a466c2e41c2',
		...b,
	});
const znsStatus = (SmsId: string) => simPost(sim.restUrl, 'QueryZnsStatus/', { ...KEYS, SmsId, SmsType: '25' });
const idOf = (text: string) => JSON.parse(text).SMSID as string;
const E790 = '{"CodeResult":"790","CountRegenerate":0,"ErrorMessage":"Wrong ZNS template"}';

describe('SendZaloMessage_V6', () => {
	test('100, 101 and 789 as documented, byte for byte; the campaign is kept', async () => {
		sim.queueSmsIds('d8e0f1f0702544b2acb456ca9ccfd111250');
		expect((await sendZns()).text).toBe(compact(`{
			"CodeResult": "100",
			"CountRegenerate": 0,
			"SMSID": "d8e0f1f0702544b2acb456ca9ccfd111250"
		}`));
		expect(sim.ledger()[0]).toMatchObject({ kind: 'zalo', smsType: 25, oaid: SVOUCHER, tempId: '200607', campaign: 'Xác nhận mua hàng', price: 330 });
		expect((await sendZns({ SecretKey: 'x' })).text).toBe(compact(`{
			"CodeResult": "101",
			"CountRegenerate": 0,
			"ErrorMessage": "Authorize Failed"
		}`));
		expect((await sendZns({ OAID: '1397492183140006179', RequestId: 'another' })).text).toBe(compact(`{
			"CodeResult": "789",
			"CountRegenerate": 0,
			"ErrorMessage": "TemplateId is not config"
		}`));
	});

	test('a template that is not ENABLE is 789; 791 and 799', async () => {
		expect(JSON.parse((await sendZns({ TempID: '231234', TempData: { customer_name: 'An', voucher_code: 'X' } })).text).CodeResult).toBe('789');
		expect((await sendZns({ TempID: '' })).text).toBe('{"CodeResult":"791","CountRegenerate":0,"ErrorMessage":"Missing OA ID or Template ID"}');
		expect(JSON.parse((await sendZns({ OAID: '42' })).text).CodeResult).toBe('799');
		expect(sim.ledger()).toHaveLength(0);
	});

	test.each([
		['a required parameter missing', { order_code: undefined }],
		['a required parameter empty', { product_name: '' }],
		['under MinLength', { customer_name: '' }],
		['over MaxLength (characters, not bytes)', { order_code: 'Đ'.repeat(31) }],
		['a NUMBER with a letter', { quantity: '1a' }],
		['a NUMBER over 12 digits', { payment_amount: '1234567890123' }],
		['a DATE not dd/MM/yyyy', { delivery_date: '2024-08-01' }],
	])('790 for %s; nothing stored or charged', async (_name, change) => {
		const before = sim.account('DEMO_API_KEY')!.balance;
		expect((await sendZns({ TempData: { ...DOC_TEMPDATA, ...change } })).text).toBe(E790);
		expect(sim.ledger()).toHaveLength(0);
		expect(sim.account('DEMO_API_KEY')!.balance).toBe(before);
	});

	test('at the limits, optional parameters left out, numbers as JSON numbers and extra keys are accepted', async () => {
		const { address, phone, email, ...required } = DOC_TEMPDATA;
		void [address, phone, email];
		const ok = await sendZns({ TempData: { ...required, order_code: 'Đ'.repeat(30), quantity: 2, extra: 'ignored' }, RequestId: 'limits' });
		expect(JSON.parse(ok.text).CodeResult).toBe('100');
	});

	test('a phone with no Zalo account: the ZNS fails with Zalo error -118, is refunded, and its callback says so', async () => {
		const rx = await callbackReceiver();
		try {
			// over the HTTP control API, as a simulator in another process is driven
			await request(`${sim.restUrl}/_sim/zalo-accounts`, { method: 'POST', body: '{"phone":"84912345678","hasZalo":false}' }).then((r) => r.body.text());
			const id = idOf((await sendZns({ Phone: '0912345678', CallbackUrl: rx.url })).text);
			const before = sim.account('DEMO_API_KEY')!.balance;
			sim.advance(3000);
			await sim.settleCallbacks();
			expect(JSON.parse((await znsStatus(id)).text).Data).toMatchObject({ ErrorInfo: '-118', FinalStatus: '1', SendFailed: 1, TotalPrice: 0 });
			expect(sim.account('DEMO_API_KEY')!.balance).toBe(before + 330);
			expect(rx.query(0)).toMatchObject({ SMSID: id, SendFailed: '1', SendSuccess: '0', TypeId: '25', oaid: SVOUCHER, tempid: '200607' });
			expect(JSON.parse(rx.query(0).error_info)).toEqual({ error: -118, message: 'Zalo account does not exist or has been disabled' });
		} finally {
			await rx.close();
		}
	});
});

describe('MultiChannelMessage (Zalo first, SMS fallback)', () => {
	const OTP = 'AB12 la ma xac minh dang ky Baotrixemay cua ban';
	const multi = (over: { phone?: string; zalo?: Record<string, unknown>; sms?: Record<string, unknown>; top?: Record<string, unknown> } = {}) =>
		simPost(sim.restUrl, 'MultiChannelMessage/', {
			...KEYS,
			Phone: over.phone ?? '0901888484',
			Channels: ['zalo', 'sms'],
			Data: [
				{ TempID: '267247', Params: ['Hà', 'Gói Premium', 'HD00001', '01/08/2024'], OAID: SVOUCHER, campaignid: 'c1', ...over.zalo },
				{ Content: OTP, IsUnicode: '0', SmsType: '2', Brandname: 'Baotrixemay', ...over.sms },
			],
			...over.top,
		});

	test('100, 101 and 789 as documented, byte for byte', async () => {
		sim.queueSmsIds('d8e0f1f0702544b2acb456ca9ccfd111250');
		expect((await multi()).text).toBe('{"CodeResult":"100","CountRegenerate":0,"SMSID":"d8e0f1f0702544b2acb456ca9ccfd111250"}');
		expect((await multi({ top: { ApiKey: 'nobody' } })).text).toBe('{"CodeResult":"101","CountRegenerate":0,"ErrorMessage":"Authorize Failed"}');
		expect((await multi({ zalo: { OAID: '1397492183140006179' } })).text).toBe('{"CodeResult":"789","CountRegenerate":0,"ErrorMessage":"TemplateId is not config"}');
	});

	test('both parts are checked before anything is accepted: Params in template order (790), brandname (104), content (146)', async () => {
		expect((await multi({ zalo: { Params: ['Hà', 'Gói Premium'] } })).text).toBe(E790);
		expect(JSON.parse((await multi({ sms: { Brandname: 'QC_ONLINE' } })).text).CodeResult).toBe('104');
		const r = JSON.parse((await multi({ sms: { Content: 'free text' } })).text);
		expect([r.CodeResult, typeof r.SMSID]).toEqual(['146', 'string']);
		expect((await multi({ top: { Channels: ['sms', 'zalo'] } })).text).toBe('{"error":"Invalid request"}');
		expect(sim.ledger()).toHaveLength(0);
	});

	test('delivered by Zalo: one ZNS, no SMS, one callback', async () => {
		const rx = await callbackReceiver();
		try {
			const id = idOf((await multi({ zalo: { CallbackUrl: rx.url }, sms: { CallbackUrl: rx.url } })).text);
			sim.advance(3000);
			await sim.settleCallbacks();
			expect(sim.ledger().map((e) => [e.kind, e.smsType, e.price])).toEqual([['zalo', 25, 660]]);
			expect(rx.seen).toHaveLength(1);
			expect(rx.query(0)).toMatchObject({ SMSID: id, SendSuccess: '1', TypeId: '25' });
			sim.advance(60_000);
			expect(sim.ledger()).toHaveLength(1);
			expect((await simGet(sim.restUrl, 'GetSendStatus', { RefId: id, ...KEYS })).text).toBe(`{"CodeResponse":"105","SMSID":"${id}"}`);
		} finally {
			await rx.close();
		}
	});

	test('no Zalo account: falls back to SMS; status and both callbacks say which channel delivered', async () => {
		const rx = await callbackReceiver();
		try {
			sim.setZaloAccount('0901888484', false);
			const id = idOf((await multi({ zalo: { CallbackUrl: `${rx.url}?ch=zalo`, RequestId: 'mc-1' }, sms: { CallbackUrl: `${rx.url}?ch=sms` } })).text);
			sim.advance(3000);
			await sim.settleCallbacks();
			const [zns, sms] = sim.ledger();
			expect([zns.kind, sms.kind, sms.smsType, sms.content, sms.price]).toEqual(['zalo', 'sms', 2, OTP, 850]);
			expect(sms).toMatchObject({ fallbackOf: id, brandname: 'Baotrixemay' });
			expect(JSON.parse((await znsStatus(id)).text).Data).toMatchObject({ ErrorInfo: '-118', SendFailed: 1 });
			expect(rx.query(0)).toMatchObject({ ch: 'zalo', SMSID: id, SendFailed: '1', TypeId: '25' });
			// the SMS: pending approval, then delivered; GetSendStatus on the multichannel SMSID answers for it
			sim.advance(1000);
			expect(JSON.parse((await simGet(sim.restUrl, 'GetSendStatus', { RefId: id, ...KEYS })).text)).toMatchObject({ SMSID: sms.smsId, SendStatus: 1 });
			sim.advance(2000);
			await sim.settleCallbacks();
			expect((await simGet(sim.restUrl, 'GetSendStatus', { RefId: id, ...KEYS })).text).toBe(
				`{"CodeResponse":"100","SMSID":"${sms.smsId}","SendFailed":0,"SendStatus":5,"SendSuccess":1,"TotalPrice":850.0000,"TotalReceiver":1,"TotalSent":1}`,
			);
			expect(rx.seen[1]).toBe(
				`/hook?ch=sms&SMSID=${sms.smsId}&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=850.0000&TotalReceiver=1&TotalSent=1&RequestId=&TypeId=2&telcoid=2&phonenumber=0901888484&switchsmsid=${id}`,
			);
			expect(JSON.parse((await multi({ zalo: { RequestId: 'mc-1' } })).text).CodeResult).toBe('124');
		} finally {
			await rx.close();
		}
	});

	test('Sandbox: answered, nothing stored, no fallback', async () => {
		sim.setZaloAccount('0901888484', false);
		expect(JSON.parse((await multi({ zalo: { Sandbox: '1' } })).text).CodeResult).toBe('100');
		sim.advance(10_000);
		expect(sim.ledger()).toHaveLength(0);
	});
});
