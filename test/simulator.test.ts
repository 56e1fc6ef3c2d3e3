/**
 * The simulator against eSMS's documentation: every documented response example replayed byte for
 * byte (field names, value types, key order), and each documented behaviour.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

import { createSimulator } from './helpers/simulator';
import type { Simulator } from './helpers/simulator';

const KEYS = { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' };
const API = '/MainService.svc/json/';

let sim: Simulator;

beforeEach(async () => {
	sim = createSimulator({ autoTick: false, callbackTimeoutMs: 300, callbackRetryDelayMs: 10 });
	await sim.start();
});
afterEach(async () => {
	await sim.stop();
});

async function get(base: string, op: string, query: Record<string, string>) {
	const res = await request(`${base}${API}${op}?${new URLSearchParams(query)}`);
	return { status: res.statusCode, type: String(res.headers['content-type']), text: await res.body.text() };
}
async function post(base: string, op: string, body: unknown) {
	const res = await request(`${base}${API}${op}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: res.statusCode, type: String(res.headers['content-type']), text: await res.body.text() };
}
const sendGet = (q: Record<string, string>) =>
	get(sim.restUrl, 'SendMultipleMessage_V4_get', { ...KEYS, SmsType: '8', Content: 'hello', ...q });
const sendJson = (b: Record<string, unknown>) =>
	post(sim.restUrl, 'SendMultipleMessage_V4_post_json/', { ...KEYS, SmsType: '8', Content: 'hello', ...b });
const smsStatus = (refId: string, keys: object = KEYS) => get(sim.restUrl, 'GetSendStatus', { RefId: refId, ...keys });
const smsIdOf = (text: string) => JSON.parse(text).SMSID as string;

/** Documented bodies are pretty-printed in the docs; compare them compacted. */
const compact = (doc: string) => doc.replace(/\s*\n\s*/g, '').replace(/": /g, '":').replace(/, "/g, ',"');

describe('documented response examples, replayed exactly', () => {
	test('fixed-number send 100 (seed: tin SMS co dinh gia re dang GET)', async () => {
		sim.queueSmsIds('d8e0f1f0702544b2acb456ca9ccfd111250');
		const r = await sendGet({ Phone: '0901888484', IsUnicode: '0' });
		expect(r.status).toBe(200);
		expect(r.type).toContain('application/json');
		expect(r.text).toBe(compact(`{
			"CodeResult": "100",
			"CountRegenerate": 0,
			"SMSID": "d8e0f1f0702544b2acb456ca9ccfd111250"
		}`));
	});

	test('send 101 on both send endpoints', async () => {
		const doc = '{"CodeResult":"101","CountRegenerate":0,"ErrorMessage":"Authorize Failed"}';
		expect((await sendGet({ Phone: '0901888484', SecretKey: 'wrong' })).text).toBe(doc);
		expect((await sendJson({ Phone: '0901888484', ApiKey: 'nobody' })).text).toBe(doc);
	});

	test('send "99" tab: the bare Invalid request shape', async () => {
		const r = await get(sim.restUrl, 'SendMultipleMessage_V4_get', { ...KEYS, SmsType: '8', Phone: '0901888484' });
		expect(r.text).toBe('{"error":"Invalid request"}');
		expect((await post(sim.restUrl, 'SendMultipleMessage_V4_post_json/', '{"ApiKey": ')).text).toBe(
			'{"error":"Invalid request"}',
		);
	});

	test('customer-care send: 104, 124 (with SendStatus on the JSON endpoint), 146 with an SMSID', async () => {
		expect((await sendJson({ Phone: '0901888484', SmsType: '2', Brandname: 'NoSuchBrand' })).text).toBe(
			'{"CodeResult":"104","CountRegenerate":0,"ErrorMessage":"Brand name code is not exist"}',
		);
		sim.queueSmsIds('3f5ec8c71c4a4ccea311f731dfeaa133156');
		expect((await sendJson({ Phone: '0901888484', SmsType: '2', Brandname: 'Baotrixemay', Content: 'free text' })).text).toBe(
			'{"CodeResult":"146","CountRegenerate":0,"ErrorMessage":"Sai template Brandname CSKH","SMSID":"3f5ec8c71c4a4ccea311f731dfeaa133156"}',
		);
		const ok = await sendJson({ Phone: '0901888484', SmsType: '2', Brandname: 'Baotrixemay', Content: 'AB12CD la ma xac minh dang ky Baotrixemay cua ban', RequestId: 'order-1' });
		expect(JSON.parse(ok.text).CodeResult).toBe('100');
		expect((await sendJson({ Phone: '0901888484', SmsType: '2', Brandname: 'Baotrixemay', Content: 'AB12CD la ma xac minh dang ky Baotrixemay cua ban', RequestId: 'order-1' })).text).toBe(
			'{"CodeResult":"124","CountRegenerate":0,"ErrorMessage":"Request exist 1","SendStatus":"5"}',
		);
	});

	test('GetSendStatus 100 and 101 (seed: ham kiem tra tin nhan theo SMSID)', async () => {
		sim.injectMessage({ smsId: '434a124c-7818-4f45-bdf2-7f7b07fff210100', smsType: 2, price: 850 });
		expect((await smsStatus('434a124c-7818-4f45-bdf2-7f7b07fff210100')).text).toBe(compact(`{
			"CodeResponse": "100",
			"SMSID": "434a124c-7818-4f45-bdf2-7f7b07fff210100",
			"SendFailed": 0,
			"SendStatus": 5,
			"SendSuccess": 1,
			"TotalPrice": 850.0000,
			"TotalReceiver": 1,
			"TotalSent": 1
		}`));
		expect((await smsStatus('47756317-0cbe-494a-9d02-c85703a1baff20', { ...KEYS, SecretKey: 'x' })).text).toBe(
			compact(`{
			"CodeResponse": "101",
			"SMSID": "47756317-0cbe-494a-9d02-c85703a1baff20"
		}`),
		);
	});

	test('QueryZnsStatus 100 (seed: ham kiem tra trang thai tin nhan Zalo)', async () => {
		sim.injectMessage({
			smsId: '59e0c764219c49119063db4468f257fb221',
			kind: 'zalo',
			smsType: 25,
			price: 330,
			zaloMsgId: '6dc7499c9ef6baaee3e1',
		});
		const r = await post(sim.restUrl, 'QueryZnsStatus/', { ...KEYS, SmsId: '59e0c764219c49119063db4468f257fb221', SmsType: '25' });
		expect(r.text).toBe(compact(`{
			"CodeResult": "100",
			"Data": {
				"ErrorInfo": "0",
				"FinalStatus": "1",
				"SMSID": "59e0c764219c49119063db4468f257fb221",
				"SendFailed": 0,
				"SendStatus": 5,
				"SendSuccess": 1,
				"TotalPrice": 330.0,
				"TotalReceiver": 1,
				"TotalSent": 1,
				"ZaloMsgId": "6dc7499c9ef6baaee3e1"
			}
		}`));
	});

	test('voice GetSendStatus 100 and 101 (seed: ham lay trang thai cuoc goi)', async () => {
		sim.injectMessage({
			smsId: '505139D7-54F8-48A9-88FA-9460A78731DD',
			kind: 'voice',
			outcome: { result: 'answered', duration: 13 },
		});
		const ok = await get(sim.voiceUrl, 'GetSendStatus', { ...KEYS, ReferenceId: '505139D7-54F8-48A9-88FA-9460A78731DD' });
		expect(ok.text).toBe(compact(`{
			"CallDuration": 13,
			"CallStatus": "ANSWERED",
			"CodeResponse": "100",
			"Ivr": "",
			"ReferenceId": "505139D7-54F8-48A9-88FA-9460A78731DD",
			"SendStatus": 5,
			"SentResult": 1
		}`));
		const bad = await get(sim.voiceUrl, 'GetSendStatus', { ...KEYS, SecretKey: 'x', ReferenceId: 'whatever' });
		expect(bad.text).toBe(compact(`{
			"CodeResult": "101",
			"CountRegenerate": 0,
			"ErrorMessage": "Authorize Failed"
		}`));
	});

	test('GetBalance_json 100 and 101', async () => {
		sim.addAccount({ apiKey: 'DOC_KEY', secretKey: 'DOC_SECRET', balance: 36693, userId: 9999 });
		expect((await post(sim.restUrl, 'GetBalance_json', { ApiKey: 'DOC_KEY', SecretKey: 'DOC_SECRET' })).text).toBe(
			'{"Balance":36693,"CodeResponse":"100","UserID":9999}',
		);
		expect((await post(sim.restUrl, 'GetBalance_json', { ApiKey: 'DOC_KEY', SecretKey: 'nope' })).text).toBe(
			'{"Balance":0,"CodeResponse":"101","ErrorMessage":"Authorize Failed"}',
		);
	});

	test('MakeCallRecord_V2 100 (no CountRegenerate) and 101', async () => {
		sim.queueSmsIds('8EB2AF6D-FB4C-4814-B9CC-4C0E3ED32EDF');
		const q = { ...KEYS, TemplateId: '12345', Phone: '0901888484' };
		expect((await get(sim.voiceUrl, 'MakeCallRecord_V2', q)).text).toBe(
			'{"CodeResult":"100","SMSID":"8EB2AF6D-FB4C-4814-B9CC-4C0E3ED32EDF"}',
		);
		expect((await get(sim.voiceUrl, 'MakeCallRecord_V2', { ...q, ApiKey: 'x' })).text).toBe(
			'{"CodeResult":"101","ErrorMessage":"Authorize Failed"}',
		);
	});
});

describe('accounts and money', () => {
	test('each accepted message is charged; 103 when the balance is too low; 143 when locked', async () => {
		const before = sim.account('DEMO_API_KEY')!.balance;
		await sendGet({ Phone: '0901888484' });
		expect(sim.account('DEMO_API_KEY')!.balance).toBe(before - 350);
		// a 161-character GSM text is two parts
		await sendGet({ Phone: '0901888484', Content: 'x'.repeat(161) });
		expect(sim.account('DEMO_API_KEY')!.balance).toBe(before - 350 - 700);
		expect((await sendGet({ Phone: '0901888484', ApiKey: 'EMPTY_API_KEY', SecretKey: 'EMPTY_SECRET_KEY' })).text).toBe(
			'{"CodeResult":"103","CountRegenerate":0,"ErrorMessage":"Not enough balance to send message."}',
		);
		expect(JSON.parse((await sendGet({ Phone: '0901888484', ApiKey: 'LOCKED_API_KEY', SecretKey: 'LOCKED_SECRET_KEY' })).text).CodeResult).toBe('143');
		expect(JSON.parse((await post(sim.restUrl, 'GetBalance_json', { ApiKey: 'LOCKED_API_KEY', SecretKey: 'LOCKED_SECRET_KEY' })).text).CodeResponse).toBe('143');
		expect(sim.ledger()).toHaveLength(2);
	});

	test('query parameter names are case-insensitive, as in WCF', async () => {
		const r = await get(sim.restUrl, 'SendMultipleMessage_V4_get', {
			APIKEY: 'DEMO_API_KEY',
			SECRETKEY: 'DEMO_SECRET_KEY',
			PHONE: '0901888484',
			CONTENT: 'hi',
			SMSTYPE: '8',
		});
		expect(JSON.parse(r.text).CodeResult).toBe('100');
	});
});

describe('send validation', () => {
	test.each([
		['108 malformed phone', { Phone: '12345' }, '{"CodeResult":"108","CountRegenerate":0,"ErrorMessage":"The phone number 12345 is not valid."}'],
		['108 for +84 (eSMS documents only 0… and 84…)', { Phone: '+84901888484' }, '{"CodeResult":"108","CountRegenerate":0,"ErrorMessage":"The phone number +84901888484 is not valid."}'],
		['163 several phones on SmsType 8', { Phone: '0901888484,0912345678' }, '{"CodeResult":"163","CountRegenerate":0,"ErrorMessage":"Phone list exceeds the limit: SmsType 8 accepts one phone number per request"}'],
		['118 unsupported SmsType', { Phone: '0901888484', SmsType: '5' }, '{"CodeResult":"118","CountRegenerate":0,"ErrorMessage":"SmsType is not supported"}'],
		['Invalid request for a RequestId over 50 characters', { Phone: '0901888484', RequestId: 'r'.repeat(51) }, '{"error":"Invalid request"}'],
		['Invalid request for a malformed SendDate', { Phone: '0901888484', SendDate: '24/12/2026 08:00' }, '{"error":"Invalid request"}'],
	])('%s', async (_name, q, expected) => {
		expect((await sendGet(q as Record<string, string>)).text).toBe(expected);
		expect(sim.ledger()).toHaveLength(0);
	});

	test('99 for a phone blocked on the account', async () => {
		sim.addAccount({ apiKey: 'B_KEY', secretKey: 'B_SECRET', blockedPhones: ['0901888484'] });
		expect((await sendGet({ Phone: '84901888484', ApiKey: 'B_KEY', SecretKey: 'B_SECRET' })).text).toBe(
			'{"CodeResult":"99","CountRegenerate":0,"ErrorMessage":"Phone number is blocked"}',
		);
	});

	test('124 for a RequestId reused within 24 h, accepted again after 24 h', async () => {
		expect(JSON.parse((await sendGet({ Phone: '0901888484', RequestId: 'abc' })).text).CodeResult).toBe('100');
		expect((await sendGet({ Phone: '0912345678', RequestId: 'abc' })).text).toBe(
			'{"CodeResult":"124","CountRegenerate":0,"ErrorMessage":"Request exist 1"}',
		);
		sim.advance(24 * 3600_000 - 1000);
		expect(JSON.parse((await sendGet({ Phone: '0901888484', RequestId: 'abc' })).text).CodeResult).toBe('124');
		sim.advance(2000);
		expect(JSON.parse((await sendGet({ Phone: '0901888484', RequestId: 'abc' })).text).CodeResult).toBe('100');
		expect(sim.ledger().map((e) => e.requestId)).toEqual(['abc', 'abc']);
	});

	test('Sandbox=1: answered like a real send, nothing stored, charged or sent back', async () => {
		const before = sim.account('DEMO_API_KEY')!.balance;
		const r = await sendGet({ Phone: '0901888484', Sandbox: '1', CallbackUrl: 'http://127.0.0.1:9/cb' });
		expect(JSON.parse(r.text).CodeResult).toBe('100');
		expect(sim.ledger()).toHaveLength(0);
		expect(sim.account('DEMO_API_KEY')!.balance).toBe(before);
		sim.advance(60_000);
		expect((await smsStatus(smsIdOf(r.text))).text).toBe(`{"CodeResponse":"105","SMSID":"${smsIdOf(r.text)}"}`);
		await sim.settleCallbacks();
		expect(sim.callbacks()).toHaveLength(0);
	});
});

describe('message life cycle on the simulated clock', () => {
	test('105 too early, then 2 → 7 → 5 with counts; 105 after 7 days', async () => {
		const id = smsIdOf((await sendGet({ Phone: '0901888484' })).text);
		expect(JSON.parse((await smsStatus(id)).text)).toEqual({ CodeResponse: '105', SMSID: id });
		sim.advance(1000);
		expect(JSON.parse((await smsStatus(id)).text)).toMatchObject({ SendStatus: 2, TotalSent: 0, SendSuccess: 0 });
		sim.advance(1000);
		expect(JSON.parse((await smsStatus(id)).text)).toMatchObject({ SendStatus: 7, TotalSent: 1, SendSuccess: 0 });
		sim.advance(1000);
		expect(JSON.parse((await smsStatus(id)).text)).toMatchObject({ SendStatus: 5, TotalSent: 1, SendSuccess: 1, SendFailed: 0, TotalPrice: 350 });
		sim.advance(7 * 24 * 3600_000);
		expect(JSON.parse((await smsStatus(id)).text).CodeResponse).toBe('105');
	});

	test('customer-care messages start pending approval (1); set outcomes: failed (refunded) and rejected (4)', async () => {
		sim.setOutcome('0912345678', 'failed');
		sim.setOutcome('0987654321', 'rejected');
		const cc = smsIdOf((await sendJson({ Phone: '0901888484', SmsType: '2', Brandname: 'Baotrixemay', Content: 'X1 la ma xac minh dang ky Baotrixemay cua ban' })).text);
		const failed = smsIdOf((await sendGet({ Phone: '0912345678' })).text);
		const rejected = smsIdOf((await sendGet({ Phone: '0987654321' })).text);
		const before = sim.account('DEMO_API_KEY')!.balance;
		sim.advance(1000);
		expect(JSON.parse((await smsStatus(cc)).text).SendStatus).toBe(1);
		sim.advance(2000);
		expect((await smsStatus(failed)).text).toBe(
			`{"CodeResponse":"100","SMSID":"${failed}","SendFailed":1,"SendStatus":5,"SendSuccess":0,"TotalPrice":0.0000,"TotalReceiver":1,"TotalSent":1}`,
		);
		expect(JSON.parse((await smsStatus(rejected)).text)).toMatchObject({ SendStatus: 4, SendSuccess: 0, SendFailed: 1 });
		expect(sim.account('DEMO_API_KEY')!.balance).toBe(before + 700);
	});

	test('SendDate schedules the send in Vietnam time', async () => {
		const inOneHour = new Date(sim.now().getTime() + 3600_000 + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
		const id = smsIdOf((await sendGet({ Phone: '0901888484', SendDate: inOneHour })).text);
		sim.advance(30 * 60_000);
		expect(JSON.parse((await smsStatus(id)).text).SendStatus).toBe(2);
		sim.advance(30 * 60_000 + 3000);
		expect(JSON.parse((await smsStatus(id)).text).SendStatus).toBe(5);
		expect(sim.ledger()[0].scheduledFor).toBe(new Date(Date.parse(`${inOneHour.replace(' ', 'T')}+07:00`)).toISOString());
	});

	test('Zalo: FinalStatus 0 → 1, ErrorInfo absent until sent, 1001 for an offline user; 854 unknown; 851 missing id; 118 wrong type', async () => {
		sim.setOutcome('0912345678', { result: 'failed', errorInfo: '1001' });
		const zalo = (phone: string) =>
			post(sim.restUrl, 'SendZaloMessage_V6/', { ...KEYS, Phone: phone, OAID: '1397492183140006179', TempID: '2056446', TempData: { name: 'An' } });
		const ok = smsIdOf((await zalo('0901888484')).text);
		const off = smsIdOf((await zalo('0912345678')).text);
		const q = (SmsId: string, SmsType = '25') => post(sim.restUrl, 'QueryZnsStatus/', { ...KEYS, SmsId, SmsType });
		expect((await q(ok)).text).toBe('{"CodeResult":"854","ErrorMessage":"No data found"}');
		sim.advance(1000);
		const waiting = JSON.parse((await q(ok)).text).Data;
		expect(waiting).toEqual({ FinalStatus: '0', SMSID: ok, SendFailed: 0, SendStatus: 2, SendSuccess: 0, TotalPrice: 330, TotalReceiver: 1, TotalSent: 0 });
		sim.advance(2000);
		expect(JSON.parse((await q(ok)).text).Data).toMatchObject({ ErrorInfo: '0', FinalStatus: '1', SendStatus: 5, SendSuccess: 1 });
		expect(JSON.parse((await q(off)).text).Data).toMatchObject({ ErrorInfo: '1001', FinalStatus: '1', SendFailed: 1, TotalPrice: 0 });
		expect((await q(ok, '24')).text).toBe('{"CodeResult":"854","ErrorMessage":"No data found"}');
		expect((await q('')).text).toBe('{"CodeResult":"851","ErrorMessage":"Missing MessageId or SMSID"}');
		expect((await q(ok, '8')).text).toBe('{"CodeResult":"118","ErrorMessage":"SmsType is not supported"}');
		expect((await post(sim.restUrl, 'SendZaloMessage_V6/', { ...KEYS, Phone: '0901888484', OAID: '1', TempID: '2' })).text).toBe(
			'{"CodeResult":"799","CountRegenerate":0,"ErrorMessage":"OAID is inactive, wrong, or not added to this account"}',
		);
	});

	test('voice: answered with duration and IVR key; not answered; 106 unknown recording; 105 unknown call', async () => {
		sim.setOutcome('0901888484', { result: 'answered', duration: 42, ivr: '1' });
		sim.setOutcome('0912345678', 'noAnswer');
		const call = (Phone: string, TemplateId = '12345') => get(sim.voiceUrl, 'MakeCallRecord_V2', { ...KEYS, TemplateId, Phone });
		const a = smsIdOf((await call('0901888484')).text);
		const n = smsIdOf((await call('0912345678')).text);
		expect(a).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
		const st = (id: string) => get(sim.voiceUrl, 'GetSendStatus', { ...KEYS, ReferenceId: id });
		sim.advance(1000);
		expect((await st(a)).text).toBe(`{"CallDuration":0,"CallStatus":"","CodeResponse":"100","Ivr":"","ReferenceId":"${a}","SendStatus":2,"SentResult":0}`);
		sim.advance(2000);
		expect((await st(a)).text).toBe(`{"CallDuration":42,"CallStatus":"ANSWERED","CodeResponse":"100","Ivr":"1","ReferenceId":"${a}","SendStatus":5,"SentResult":1}`);
		expect(JSON.parse((await st(n)).text)).toMatchObject({ CallStatus: 'NOANSWERED', CallDuration: 0, SendStatus: 5 });
		expect((await call('0901888484', '999')).text).toBe('{"CodeResult":"106","ErrorMessage":"Record file does not exist"}');
		expect((await st('00000000-0000-0000-0000-000000000000')).text).toBe('{"CodeResult":"105","CountRegenerate":0,"ErrorMessage":"Call not found"}');
	});
});

describe('rate limit', () => {
	test('QueryZnsStatus answers 160 beyond 100 requests/s per account, and the limit is configurable', async () => {
		const burst = async (n: number) => {
			const bodies = await Promise.all(
				Array.from({ length: n }, () => post(sim.restUrl, 'QueryZnsStatus/', { ...KEYS, SmsId: 'x', SmsType: '25' })),
			);
			return bodies.filter((b) => b.text === '{"CodeResult":"160","ErrorMessage":"TPS limit exceeded"}').length;
		};
		// 100 tokens; with the refill stopped the count does not depend on how fast this machine is
		sim.pauseRateRefill(true);
		try {
			expect(await burst(150)).toBe(50);
			sim.setRateLimit('QueryZnsStatus', 10);
			expect(await burst(20)).toBe(10);
		} finally {
			sim.pauseRateRefill(false);
			sim.setRateLimit('QueryZnsStatus', 100);
		}
	});

	test('the bucket refills in real time: a burst after a pause is served again', async () => {
		const one = () => post(sim.restUrl, 'QueryZnsStatus/', { ...KEYS, SmsId: 'x', SmsType: '25' });
		sim.setRateLimit('QueryZnsStatus', 2);
		try {
			await Promise.all([one(), one(), one()]);
			await new Promise((r) => setTimeout(r, 1100));
			expect((await one()).text).not.toBe('{"CodeResult":"160","ErrorMessage":"TPS limit exceeded"}');
		} finally {
			sim.setRateLimit('QueryZnsStatus', 100);
		}
	});
});

describe('callbacks', () => {
	async function receiver(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
		const seen: string[] = [];
		const server = http.createServer((req, res) => {
			seen.push(req.url ?? '');
			handler(req, res);
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=t1`;
		return { seen, url, close: () => new Promise<void>((r) => server.close(() => r())) };
	}

	test('SMS: one GET with the documented query fields, in the documented order, at the final state', async () => {
		const rx = await receiver((_q, res) => res.end('ok'));
		try {
			const id = smsIdOf((await sendGet({ Phone: '84901888484', CallbackUrl: rx.url, RequestId: 'cb-1' })).text);
			sim.advance(2800);
			await sim.settleCallbacks();
			expect(rx.seen).toHaveLength(0);
			sim.advance(200);
			await sim.settleCallbacks();
			expect(rx.seen).toEqual([
				`/hook?token=t1&SMSID=${id}&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=350.0000&TotalReceiver=1&TotalSent=1&RequestId=cb-1&TypeId=8&telcoid=2&phonenumber=0901888484&switchsmsid=`,
			]);
		} finally {
			await rx.close();
		}
	});

	test('SMS: retried on timeout, 5 attempts in all; an HTTP 500 is not retried', async () => {
		const slow = await receiver(() => {
			/* never answers */
		});
		const failing = await receiver((_q, res) => {
			res.statusCode = 500;
			res.end();
		});
		try {
			await sendGet({ Phone: '0901888484', CallbackUrl: slow.url });
			await sendGet({ Phone: '0912345678', CallbackUrl: failing.url });
			sim.advance(3000);
			await sim.settleCallbacks();
			expect(slow.seen).toHaveLength(5);
			expect(failing.seen).toHaveLength(1);
			expect(sim.callbacks().filter((c) => c.outcome === 'timeout').map((c) => c.attempt)).toEqual([1, 2, 3, 4, 5]);
		} finally {
			await slow.close();
			await failing.close();
		}
	});

	test('voice: re-sent until HTTP 200 (up to 1 + 5 attempts), with the documented fields', async () => {
		let calls = 0;
		const rx = await receiver((_q, res) => {
			calls += 1;
			res.statusCode = calls < 3 ? 503 : 200;
			res.end();
		});
		try {
			sim.setOutcome('0901888484', { result: 'answered', duration: 7, ivr: '2' });
			const id = smsIdOf((await get(sim.voiceUrl, 'MakeCallRecord_V2', { ...KEYS, TemplateId: '12345', Phone: '0901888484', CallbackUrl: rx.url })).text);
			sim.advance(3000);
			await sim.settleCallbacks();
			expect(rx.seen).toHaveLength(3);
			expect(rx.seen[2]).toBe(
				`/hook?token=t1&ReferenceId=${id}&CallDuration=7&CallStatus=ANSWERED&Ivr=2&Price=700.0000&SentResult=1&CID=02871002454&SendStatus=5`,
			);
		} finally {
			await rx.close();
		}
	});

	test('Zalo: error_info, oaid and tempid', async () => {
		const rx = await receiver((_q, res) => res.end());
		try {
			await post(sim.restUrl, 'SendZaloMessage_V6/', { ...KEYS, Phone: '0901888484', OAID: '1397492183140006179', TempID: '2056446', TempData: {}, CallbackUrl: rx.url });
			sim.advance(3000);
			await sim.settleCallbacks();
			const q = new URL(rx.seen[0], 'http://x').searchParams;
			expect(q.get('TypeId')).toBe('25');
			expect(q.get('oaid')).toBe('1397492183140006179');
			expect(q.get('tempid')).toBe('2056446');
			expect(JSON.parse(q.get('error_info')!)).toMatchObject({ error: 0, message: 'Success' });
		} finally {
			await rx.close();
		}
	});
});

describe('fault injection', () => {
	const phone = { Phone: '0901888484' };

	test('latency, HTTP 5xx, HTML, malformed JSON and empty bodies, per route and for a number of calls', async () => {
		sim.addFault({ route: 'SendMultipleMessage_V4_get', mode: 'http5xx', status: 503, times: 1 });
		let r = await sendGet(phone);
		expect(r.status).toBe(503);
		expect(r.type).toContain('text/html');
		expect(JSON.parse((await sendGet(phone)).text).CodeResult).toBe('100');

		sim.addFault({ route: 'GetSendStatus', mode: 'html', times: 1 });
		r = await smsStatus('x');
		expect([r.status, r.text]).toEqual([200, '<html><body><h1>Service Unavailable</h1></body></html>']);

		sim.addFault({ mode: 'malformedJson', times: 1 });
		expect((await sendGet(phone)).text).toBe('{"CodeResult":"100","SMSI');
		sim.addFault({ mode: 'empty', times: 1 });
		expect((await sendGet(phone)).text).toBe('');

		sim.addFault({ mode: 'latency', latencyMs: 300, times: 1 });
		const t0 = Date.now();
		expect(JSON.parse((await sendGet(phone)).text).CodeResult).toBe('100');
		expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
		// the malformed and empty answers came from real sends: accepted and charged before the fault
		expect(sim.ledger()).toHaveLength(2);
	});

	test('connection reset sends nothing; accept-then-drop stores the message but the client sees no answer', async () => {
		sim.addFault({ mode: 'reset', times: 1 });
		await expect(sendGet(phone)).rejects.toThrow();
		expect(sim.ledger()).toHaveLength(0);
		sim.addFault({ mode: 'acceptThenDrop', times: 1 });
		await expect(sendGet({ ...phone, RequestId: 'dropped-1' })).rejects.toThrow();
		expect(sim.ledger().map((e) => e.requestId)).toEqual(['dropped-1']);
		expect((await sendGet({ ...phone, RequestId: 'dropped-1' })).text).toBe(
			'{"CodeResult":"124","CountRegenerate":0,"ErrorMessage":"Request exist 1"}',
		);
	});

	test('timeout: no answer until the client gives up', async () => {
		sim.addFault({ mode: 'timeout', times: 1 });
		await expect(request(`${sim.restUrl}${API}GetSendStatus?RefId=x`, { headersTimeout: 300 })).rejects.toThrow(/timeout/i);
	});

	test('a probability fault hits about that share of calls', async () => {
		sim.addFault({ route: 'GetSendStatus', mode: 'http5xx', probability: 0.5 });
		const statuses = [];
		for (let i = 0; i < 200; i++) statuses.push((await smsStatus('x')).status);
		const failed = statuses.filter((s) => s === 500).length;
		expect(failed).toBeGreaterThan(60);
		expect(failed).toBeLessThan(140);
	});
});

describe('HTTP control API and unknown paths', () => {
	test('ledger, clock, outcomes and faults over HTTP', async () => {
		await sendGet({ Phone: '0901888484', RequestId: 'ctl-1' });
		const ledger = JSON.parse((await request(`${sim.restUrl}/_sim/ledger`).then((r) => r.body.text())));
		expect(ledger).toHaveLength(1);
		expect(ledger[0]).toMatchObject({ requestId: 'ctl-1', phone: '0901888484', smsType: 8, kind: 'sms' });
		expect(JSON.stringify(ledger)).not.toContain('DEMO_SECRET_KEY');
		const before = sim.now().getTime();
		await request(`${sim.restUrl}/_sim/clock/advance`, { method: 'POST', body: '{"ms":60000}' }).then((r) => r.body.text());
		expect(sim.now().getTime() - before).toBeGreaterThanOrEqual(60_000);
		await request(`${sim.restUrl}/_sim/faults`, { method: 'POST', body: '{"mode":"http5xx","times":1}' }).then((r) => r.body.text());
		expect((await sendGet({ Phone: '0901888484' })).status).toBe(500);
	});

	test('unknown path: 404 "Endpoint not found" page, like WCF', async () => {
		const r = await get(sim.restUrl, 'NoSuchOperation', {});
		expect(r.status).toBe(404);
		expect(r.text).toContain('Endpoint not found.');
	});
});
