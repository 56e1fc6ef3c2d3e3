/**
 * The simulator's brandname SMS (SmsType 2, esms-api/ham-gui-tin/tin-nhan-sms-otp-cskh.md), voice calls
 * (esms-api/ham-goi-voice/) and Viber (esms-api/ham-gui-tin/tin-viber.md): documented bodies byte for byte,
 * documented errors, life cycle and callbacks.
 */
import { callbackReceiver, compact, createSimulator, simGet, simPost } from './helpers/simulator';
import type { Simulator } from './helpers/simulator';

const KEYS = { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' };
const DOC_SMSID = '8eb2af6d-fb4c4814-b9cc-4c0e3ed32edf ';

let sim: Simulator;
beforeEach(async () => {
	sim = createSimulator({ autoTick: false, callbackTimeoutMs: 300, callbackRetryDelayMs: 10 });
	await sim.start();
});
afterEach(async () => {
	await sim.stop();
});
const idOf = (text: string) => JSON.parse(text).SMSID as string;

describe('brandname SMS, SmsType 2 over SendMultipleMessage_V4_post_json', () => {
	const send = (b: Record<string, unknown>) =>
		simPost(sim.restUrl, 'SendMultipleMessage_V4_post_json/', {
			...KEYS,
			Content: 'CODE la ma xac minh dang ky Baotrixemay cua ban',
			Phone: '0901888484',
			Brandname: 'Baotrixemay',
			SmsType: '2',
			IsUnicode: '0',
			campaignid: 'Cảm ơn sau mua hàng tháng 7',
			...b,
		});
	const code = async (b: Record<string, unknown>) => JSON.parse((await send(b)).text).CodeResult as string;

	test('the documented request gets the documented 100, byte for byte; brandname and campaign are kept', async () => {
		sim.queueSmsIds('d533459ee42b2b9525ba9eabf6a8156');
		expect((await send({ RequestId: 'c82cd356-bf49-4113-9466-65a7f6359c96' })).text).toBe(compact(`{
			"CodeResult": "100",
			"CountRegenerate": 0,
			"SMSID": "d533459ee42b2b9525ba9eabf6a8156"
		}`));
		expect(sim.ledger()[0]).toMatchObject({ smsType: 2, brandname: 'Baotrixemay', campaign: 'Cảm ơn sau mua hàng tháng 7', price: 850 });
	});

	test('the brandname must be a customer-care brandname of the account (104)', async () => {
		const e104 = '{"CodeResult":"104","CountRegenerate":0,"ErrorMessage":"Brand name code is not exist"}';
		expect((await send({ Brandname: 'QC_ONLINE' })).text).toBe(e104);
		expect((await send({ Brandname: 'BAT DONG SAN GIA TOT' })).text).toBe(e104);
		expect((await send({ Brandname: 'baotrixemay' })).text).toBe(e104);
	});

	test('templates differ by network: each wording is accepted only where it is registered (146 with an SMSID otherwise)', async () => {
		const viettel = 'Baotrixemay: da nhan 500000 VND cho don hang HD1. Cam on quy khach!';
		const others = 'Baotrixemay da nhan duoc so tien thanh toan 500000 VND cho don hang HD1. Cam on quy khach!';
		expect(await code({ Phone: '0986000001', Content: viettel })).toBe('100');
		expect(await code({ Phone: '0901000001', Content: others })).toBe('100');
		sim.queueSmsIds('3f5ec8c71c4a4ccea311f731dfeaa133156');
		expect((await send({ Phone: '0986000002', Content: others })).text).toBe(
			'{"CodeResult":"146","CountRegenerate":0,"ErrorMessage":"Sai template Brandname CSKH","SMSID":"3f5ec8c71c4a4ccea311f731dfeaa133156"}',
		);
		expect(await code({ Phone: '0901000002', Content: viettel })).toBe('146');
		// {P1,8}: one to eight characters
		expect(await code({ Content: '123456789 la ma xac minh dang ky Baotrixemay cua ban' })).toBe('146');
		expect(await code({ Content: ' la ma xac minh dang ky Baotrixemay cua ban' })).toBe('146');
		expect(sim.ledger()).toHaveLength(2);
	});

	test('RequestId (124 with SendStatus), Sandbox, SendDate and the callback work as for SmsType 8', async () => {
		const rx = await callbackReceiver();
		try {
			const inOneHour = new Date(sim.now().getTime() + 3600_000 + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
			const id = idOf((await send({ RequestId: 'r-1', SendDate: inOneHour, CallbackUrl: rx.url })).text);
			expect((await send({ RequestId: 'r-1' })).text).toBe('{"CodeResult":"124","CountRegenerate":0,"ErrorMessage":"Request exist 1","SendStatus":"5"}');
			expect(await code({ Sandbox: '1' })).toBe('100');
			expect(sim.ledger()).toHaveLength(1);
			// to just past the Send Date (whole seconds, Vietnam time): the simulator's clock also runs in real
			// time, so a fixed step would land later in the life cycle on a slow machine
			const sendAt = Date.parse(`${inOneHour.replace(' ', 'T')}+07:00`);
			sim.advance(sendAt - sim.now().getTime() + 300);
			expect(JSON.parse((await simGet(sim.restUrl, 'GetSendStatus', { RefId: id, ...KEYS })).text).SendStatus).toBe(1);
			sim.advance(3000);
			await sim.settleCallbacks();
			expect(rx.seen).toEqual([
				`/hook?SMSID=${id}&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=850.0000&TotalReceiver=1&TotalSent=1&RequestId=r-1&TypeId=2&telcoid=2&phonenumber=0901888484&switchsmsid=`,
			]);
		} finally {
			await rx.close();
		}
	});
});

describe('voice calls', () => {
	const tts = (q: Record<string, string> = {}) =>
		simGet(sim.voiceUrl, 'MakeCallTemplate_V2', { ...KEYS, TemplateId: '5001', Phone: '0901888484', VariableListStr: 'Trung||HD20000', Voice: 'hatieumai', Speed: '-1', ...q });
	const record = (q: Record<string, string> = {}) => simGet(sim.voiceUrl, 'MakeCallRecord_V2', { ...KEYS, TemplateId: '67890', Phone: '0901888484', ...q });
	const status = (id: string) => simGet(sim.voiceUrl, 'GetSendStatus', { ...KEYS, ReferenceId: id });

	test('MakeCallTemplate_V2: 100 with the documented SMSID and its trailing space, 101 and 104, byte for byte', async () => {
		sim.queueSmsIds(DOC_SMSID);
		expect((await tts()).text).toBe('{"CodeResult":"100","SMSID":"8eb2af6d-fb4c4814-b9cc-4c0e3ed32edf "}');
		expect(sim.ledger()[0]).toMatchObject({ kind: 'voice', templateId: '5001', variables: ['Trung', 'HD20000'], options: { voice: 'hatieumai', speed: '-1' }, price: 700 });
		expect((await tts({ SecretKey: 'x' })).text).toBe('{"CodeResult":"101","ErrorMessage":"Authorize Failed"}');
		expect((await tts({ TemplateId: '12345' })).text).toBe('{"CodeResult":"104","ErrorMessage":"Template not found"}');
		expect((await tts({ Voice: 'robot' })).text).toBe('{"error":"Invalid request"}');
		expect((await tts({ Speed: '4' })).text).toBe('{"error":"Invalid request"}');
	});

	test('MakeCallRecord_V2: 100 with the trailing space, 106 for a missing recording, the documented options kept', async () => {
		sim.queueSmsIds(DOC_SMSID);
		const q = { NumberForward: '0987654321', MaxRepeat: '2', MaxRetry: '3', Ivr: '1', TimeWaitToIvr: '10', WaitRetry: '60' };
		expect((await record(q)).text).toBe('{"CodeResult":"100","SMSID":"8eb2af6d-fb4c4814-b9cc-4c0e3ed32edf "}');
		expect(sim.ledger()[0].options).toEqual({ numberforward: '0987654321', maxrepeat: '2', maxretry: '3', ivr: '1', timewaittoivr: '10', waitretry: '60' });
		expect((await record({ TemplateId: '999' })).text).toBe('{"CodeResult":"106","ErrorMessage":"Record file does not exist"}');
		expect((await record({ Ivr: '12' })).text).toBe('{"error":"Invalid request"}');
	});

	test('the trailing-space SMSID is found trimmed or not; SendDate is yyyy/MM/dd here; callback ReferenceId trimmed', async () => {
		const rx = await callbackReceiver();
		try {
			sim.setOutcome('0901888484', { result: 'answered', duration: 21, ivr: '1' });
			sim.queueSmsIds(DOC_SMSID);
			const vn = new Date(sim.now().getTime() + 3600_000 + 7 * 3600_000).toISOString().slice(0, 19);
			const r = await tts({ SendDate: `${vn.slice(0, 10).replace(/-/g, '/')} ${vn.slice(11)}`, CallbackUrl: rx.url, RequestId: 'call-1' });
			expect(r.text).toContain(DOC_SMSID);
			expect((await tts({ SendDate: `${vn.slice(0, 10)} ${vn.slice(11)}` })).text).toBe('{"error":"Invalid request"}');
			sim.advance(3600_000 + 3000);
			await sim.settleCallbacks();
			const done = `{"CallDuration":21,"CallStatus":"ANSWERED","CodeResponse":"100","Ivr":"1","ReferenceId":"${DOC_SMSID.trim()}","SendStatus":5,"SentResult":1}`;
			expect((await status(DOC_SMSID)).text).toBe(done);
			expect((await status(DOC_SMSID.trim())).text).toBe(done);
			expect(rx.seen).toEqual([`/hook?ReferenceId=${DOC_SMSID.trim()}&CallDuration=21&CallStatus=ANSWERED&Ivr=1&Price=700.0000&SentResult=1&CID=02871002454&SendStatus=5`]);
			expect(JSON.parse((await tts({ RequestId: 'call-1' })).text).CodeResult).toBe('124');
		} finally {
			await rx.close();
		}
	});

	test('an unanswered text-to-speech call: NOANSWERED in status, NO ANSWER in the callback, refunded', async () => {
		const rx = await callbackReceiver();
		try {
			sim.setOutcome('0912345678', 'noAnswer');
			const before = sim.account('DEMO_API_KEY')!.balance;
			const id = idOf((await tts({ Phone: '0912345678', CallbackUrl: rx.url })).text);
			sim.advance(3000);
			await sim.settleCallbacks();
			expect(JSON.parse((await status(id)).text)).toMatchObject({ CallStatus: 'NOANSWERED', SentResult: 1, SendStatus: 5 });
			expect(rx.query(0)).toMatchObject({ CallStatus: 'NO ANSWER', Price: '0.0000', SentResult: '1' });
			expect(sim.account('DEMO_API_KEY')!.balance).toBe(before);
		} finally {
			await rx.close();
		}
	});
});

describe('Viber, SmsType 23 over Send_Multiple_Sms_OTT', () => {
	const viber = (b: Record<string, unknown> = {}) =>
		simPost(sim.restUrl, 'Send_Multiple_Sms_OTT/', {
			...KEYS,
			Brandname: 'BAT DONG SAN GIA TOT',
			Content: 'Chúng tôi vừa mở bán căn hộ.\r\nNHẬN BÁO GIÁ NGAY!!',
			OttImgUrl: 'https://minio.esms.vn/shared/fbff4ff5694a44c688d4f93eda4572af.png',
			OttLabel: 'Dịch vụ SMS Viber',
			OttUrl: 'https://esms.vn/dich-vu/dich-vu-sms-viber',
			Phones: ['0901888484'],
			SmsType: '23',
			...b,
		});

	test('100, 101 and 104 as documented, byte for byte', async () => {
		sim.queueSmsIds('d8e0f1f0702544b2acb456ca9ccfd111250');
		expect((await viber()).text).toBe('{"CodeResult":"100","CountRegenerate":0,"SMSID":"d8e0f1f0702544b2acb456ca9ccfd111250"}');
		expect((await viber({ SecretKey: 'x' })).text).toBe('{"CodeResult":"101","CountRegenerate":0,"ErrorMessage":"Authorize Failed"}');
		expect((await viber({ Brandname: 'Baotrixemay' })).text).toBe('{"CodeResult":"104","CountRegenerate":0,"ErrorMessage":"Brand name code is not exist"}');
		expect((await viber({ Phones: ['0901888484', '123'] })).text).toBe('{"CodeResult":"108","CountRegenerate":0,"ErrorMessage":"The phone number 123 is not valid."}');
		expect((await viber({ Phones: [] })).text).toBe('{"error":"Invalid request"}');
	});

	test('priced per phone; IsSandBox; status and the documented callback fields (TypeId 23, no switchsmsid)', async () => {
		const rx = await callbackReceiver();
		try {
			expect(JSON.parse((await viber({ IsSandBox: 1 })).text).CodeResult).toBe('100');
			expect(sim.ledger()).toHaveLength(0);
			const id = idOf((await viber({ Phones: ['0901888484', '0912345678'], CallbackUrl: rx.url })).text);
			expect(sim.ledger()[0]).toMatchObject({ kind: 'viber', smsType: 23, receivers: 2, price: 940 });
			sim.advance(3000);
			await sim.settleCallbacks();
			expect(JSON.parse((await simGet(sim.restUrl, 'GetSendStatus', { RefId: id, ...KEYS })).text)).toMatchObject({ SendSuccess: 2, TotalReceiver: 2, SendStatus: 5 });
			expect(rx.seen).toEqual([
				`/hook?SMSID=${id}&SendFailed=0&SendStatus=5&SendSuccess=2&TotalPrice=940.0000&TotalReceiver=2&TotalSent=2&RequestId=&TypeId=23&telcoid=2&phonenumber=0901888484`,
			]);
		} finally {
			await rx.close();
		}
	});
});
