/**
 * The built node through n8n-core's real WorkflowExecute, against the simulator over HTTP.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as util from 'node:util';
import type { INodeExecutionData, NodeApiError } from 'n8n-workflow';

import { runEsms, testCredential } from './helpers/harness';
import type { Creds, RunResult } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';
import { explainResponse, NOTHING_SENT } from '../nodes/Esms/shared/errors';

const env = simulatorForTests();

const send = (params: Record<string, unknown> = {}) => ({
	resource: 'sms',
	operation: 'sendFixedNumber',
	phone: '0901888484',
	content: 'Your code is 1234',
	...params,
});
const one = [{ json: {} }];
const port = (url: string) => new URL(url).port;

describe('SMS → Send Fixed-Number SMS', () => {
	test('sends one GET to the REST host with exactly these parameters, keys in the query string', async () => {
		env.sim.queueSmsIds('d8e0f1f0702544b2acb456ca9ccfd111250');
		const { output, error } = await runEsms({ creds: env.creds, parameters: send(), items: one, executionId: '4711' });
		expect(error).toBeUndefined();
		const reqs = env.sim.requests();
		expect(reqs).toHaveLength(1);
		expect(reqs[0]).toEqual({
			host: 'rest',
			method: 'GET',
			path: '/MainService.svc/json/SendMultipleMessage_V4_get',
			query: {
				Phone: '0901888484',
				Content: 'Your code is 1234',
				IsUnicode: '0',
				SmsType: '8',
				RequestId: expect.stringMatching(/^n8n-[0-9a-f]{32}$/),
				ApiKey: 'DEMO_API_KEY',
				SecretKey: 'DEMO_SECRET_KEY',
			},
			body: '',
		});
		expect(output.map((i) => i.json)).toEqual([
			{
				smsId: 'd8e0f1f0702544b2acb456ca9ccfd111250',
				alreadyAccepted: false,
				phone: '0901888484',
				content: 'Your code is 1234',
				unicode: false,
				segments: 1,
				replacedCharacters: [],
				estimatedCost: null,
				requestId: reqs[0].query.RequestId,
				sendDate: null,
				sandbox: false,
			},
		]);
		expect(env.sim.ledger()).toMatchObject([{ smsId: 'd8e0f1f0702544b2acb456ca9ccfd111250', phone: '0901888484', smsType: 8 }]);
	});

	test('every option: Unicode, Callback URL, own Request ID, Send Date in Vietnam time, Sandbox', async () => {
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: send({
				phone: '+84 90-188.8484',
				content: 'Mã của bạn là 1234',
				unicode: true,
				options: {
					callbackUrl: 'https://example.com/hook?token=abc',
					requestId: 'order-42',
					sendDate: '2099-01-02T03:04:05.000Z',
					sandbox: true,
				},
			}),
			items: one,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests()[0].query).toEqual({
			Phone: '0901888484',
			Content: 'Mã của bạn là 1234',
			IsUnicode: '1',
			SmsType: '8',
			RequestId: 'order-42',
			SendDate: '2099-01-02 10:04:05',
			CallbackUrl: 'https://example.com/hook?token=abc',
			Sandbox: '1',
			ApiKey: 'DEMO_API_KEY',
			SecretKey: 'DEMO_SECRET_KEY',
		});
		expect(output[0].json).toMatchObject({
			alreadyAccepted: false,
			phone: '0901888484',
			unicode: true,
			segments: 1,
			requestId: 'order-42',
			sendDate: '2099-01-02T10:04:05+07:00',
			sandbox: true,
		});
		expect(env.sim.ledger()).toHaveLength(0);
	});

	test('without Unicode, diacritics are removed and the output shows the text sent', async () => {
		const { output } = await runEsms({ creds: env.creds, parameters: send({ content: 'Đơn hàng #12 đã giao' }), items: one });
		expect(env.sim.requests()[0].query.Content).toBe('Don hang #12 da giao');
		expect(output[0].json).toMatchObject({ content: 'Don hang #12 da giao', segments: 1 });
	});

	test('Simplify off returns eSMS\'s raw answer', async () => {
		env.sim.queueSmsIds('d8e0f1f0702544b2acb456ca9ccfd111250');
		const { output } = await runEsms({ creds: env.creds, parameters: send({ simplify: false }), items: one });
		expect(output[0].json).toEqual({ CodeResult: '100', CountRegenerate: 0, SMSID: 'd8e0f1f0702544b2acb456ca9ccfd111250' });
	});

	test('a repeated automatic Request ID (124: the same message, e.g. a lost answer re-run) is reported as already accepted, not as a failure', async () => {
		const again = { creds: env.creds, parameters: send(), items: one, executionId: 'e-124', establishedAt: 1_800_000_000_000 };
		await runEsms(again);
		const { output, error } = await runEsms(again);
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ smsId: null, alreadyAccepted: true, requestId: expect.stringMatching(/^n8n-[0-9a-f]{32}$/) });
		expect(env.sim.ledger()).toHaveLength(1);
	});

	test('a Request ID of the user\'s own that eSMS has seen (124) fails: it may have been reused for another message, which was not sent', async () => {
		await runEsms({ creds: env.creds, parameters: send({ options: { requestId: 'order-17' } }), items: one });
		const { error } = await runEsms({ creds: env.creds, parameters: send({ content: 'Order 17 shipped', options: { requestId: 'order-17' } }), items: one });
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '124', message: 'eSMS error 124: this Request ID was already used in the last 24 hours' });
		expect(env.sim.ledger()).toHaveLength(1);
	});

	test('several items: one request each, in order, each with its own Request ID', async () => {
		const items = ['0901888484', '0912345678', '0987654321'].map((p) => ({ json: { p } }));
		const { output } = await runEsms({ creds: env.creds, parameters: send({ phone: '={{ $json.p }}' }), items, executionId: '77' });
		expect(output.map((i) => i.json.phone)).toEqual(['0901888484', '0912345678', '0987654321']);
		const ids = output.map((i) => i.json.requestId as string);
		for (const id of ids) expect(id).toMatch(/^n8n-[0-9a-f]{32}$/);
		expect(new Set(ids).size).toBe(3);
		expect(output.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(env.sim.ledger().map((e) => e.requestId).sort()).toEqual([...ids].sort());
	});
});

describe('SMS → Get Status', () => {
	const states: Array<[string, number, Record<string, unknown>, Record<string, unknown>]> = [
		['waiting', 1500, {}, { statusCode: 2, status: 'Waiting to send', isFinal: false, result: 'pending', sentCount: 0, successCount: 0, failedCount: 0 }],
		['pending approval (customer care)', 1500, { smsType: 2 }, { statusCode: 1, status: 'Pending approval', isFinal: false, result: 'pending' }],
		['sent, awaiting report', 2500, {}, { statusCode: 7, status: 'Sent, awaiting delivery report', isFinal: false, result: 'pending', sentCount: 1 }],
		['delivered', 3500, {}, { statusCode: 5, status: 'Finished sending', isFinal: true, result: 'success', sentCount: 1, successCount: 1, failedCount: 0 }],
		['failed', 3500, { outcome: 'failed' }, { statusCode: 5, status: 'Finished sending', isFinal: true, result: 'failed', successCount: 0, failedCount: 1 }],
		['rejected', 3500, { outcome: 'rejected' }, { statusCode: 4, status: 'Rejected', isFinal: true, result: 'rejected', failedCount: 1 }],
	];

	test.each(states)('%s', async (_name, ageMs, fields, expected) => {
		env.sim.injectMessage({ smsId: 'SMS-1', price: 350, ageMs, ...fields });
		const { output, error } = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus' }, items: [{ json: { smsId: 'SMS-1' } }] });
		expect(error).toBeUndefined();
		expect(output[0].json).toEqual({
			smsId: 'SMS-1',
			receiverCount: 1,
			sentCount: expected.statusCode === 2 || expected.statusCode === 1 ? 0 : 1,
			successCount: 0,
			failedCount: 0,
			totalPrice: 350,
			...expected,
		});
	});

	test('exact request: GET GetSendStatus?RefId= with the keys in the query string; ID read from the input item', async () => {
		env.sim.injectMessage({ smsId: 'SMS-1' });
		await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus' }, items: [{ json: { smsId: ' SMS-1 ' } }] });
		expect(env.sim.requests()).toEqual([
			{ host: 'rest', method: 'GET', path: '/MainService.svc/json/GetSendStatus', query: { RefId: 'SMS-1', ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' }, body: '' },
		]);
	});

	test('ID from another (nested) input field, or entered as an expression', async () => {
		env.sim.injectMessage({ smsId: 'SMS-1' });
		env.sim.injectMessage({ smsId: 'SMS-2' });
		const a = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus', smsIdField: 'data.id' }, items: [{ json: { data: { id: 'SMS-1' } } }] });
		const b = await runEsms({
			creds: env.creds,
			parameters: { resource: 'sms', operation: 'getStatus', smsIdSource: 'value', smsId: '={{ $json.ref }}' },
			items: [{ json: { ref: 'SMS-2' } }],
		});
		expect([a.output[0].json.smsId, b.output[0].json.smsId]).toEqual(['SMS-1', 'SMS-2']);
	});

	test('Simplify off returns the raw body', async () => {
		env.sim.injectMessage({ smsId: 'SMS-1', price: 850 });
		const { output } = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus', simplify: false }, items: [{ json: { smsId: 'SMS-1' } }] });
		expect(output[0].json).toEqual({ CodeResponse: '100', SMSID: 'SMS-1', SendFailed: 0, SendStatus: 5, SendSuccess: 1, TotalPrice: 850, TotalReceiver: 1, TotalSent: 1 });
	});

	test('send, then Get Status on its output: no configuration needed', async () => {
		const sent = await runEsms({ creds: env.creds, parameters: send(), items: one });
		env.sim.advance(3000);
		const { output } = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus' }, items: sent.output.map((i) => ({ json: i.json })) });
		expect(output[0].json).toMatchObject({ smsId: sent.output[0].json.smsId, isFinal: true, result: 'success' });
	});
});

describe('Zalo Message → Get Status', () => {
	test('exact request: POST QueryZnsStatus/ with a JSON body holding the ID, type and keys', async () => {
		env.sim.injectMessage({ smsId: 'ZNS-1', kind: 'zalo', smsType: 24, price: 440, zaloMsgId: 'zmsg' });
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: { resource: 'zaloMessage', operation: 'getStatus', smsType: '24' },
			items: [{ json: { smsId: 'ZNS-1' } }],
		});
		expect(error).toBeUndefined();
		const [r] = env.sim.requests();
		expect([r.host, r.method, r.path, r.query]).toEqual(['rest', 'POST', '/MainService.svc/json/QueryZnsStatus/', {}]);
		expect(JSON.parse(r.body)).toEqual({ SmsId: 'ZNS-1', SmsType: '24', ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' });
		expect(output[0].json).toEqual({
			smsId: 'ZNS-1',
			statusCode: 5,
			status: 'Finished sending',
			isFinal: true,
			result: 'success',
			receiverCount: 1,
			sentCount: 1,
			successCount: 1,
			failedCount: 0,
			totalPrice: 440,
			errorInfo: '0',
			errorInfoLabel: 'Delivered',
			errorInfoAction: null,
			zaloMsgId: 'zmsg',
		});
	});

	test('not final yet, and failed because the user was offline', async () => {
		env.sim.injectMessage({ smsId: 'ZNS-1', kind: 'zalo', ageMs: 1500 });
		env.sim.injectMessage({ smsId: 'ZNS-2', kind: 'zalo', outcome: { result: 'failed', errorInfo: '1001' } });
		const { output } = await runEsms({
			creds: env.creds,
			parameters: { resource: 'zaloMessage', operation: 'getStatus' },
			items: [{ json: { smsId: 'ZNS-1' } }, { json: { smsId: 'ZNS-2' } }],
		});
		expect(output[0].json).toMatchObject({ isFinal: false, result: 'pending', errorInfo: null, errorInfoLabel: 'Not sent yet', zaloMsgId: null });
		expect(output[1].json).toMatchObject({ isFinal: true, result: 'failed', errorInfo: '1001', errorInfoLabel: 'The user was not online to receive it in time' });
	});
});

describe('Voice Call → Get Status', () => {
	test('exact request to the voice host, and every call result', async () => {
		env.sim.injectMessage({ smsId: 'CALL-A', kind: 'voice', outcome: { result: 'answered', duration: 21, ivr: '1' } });
		env.sim.injectMessage({ smsId: 'CALL-N', kind: 'voice', outcome: 'noAnswer' });
		env.sim.injectMessage({ smsId: 'CALL-F', kind: 'voice', outcome: 'failed' });
		env.sim.injectMessage({ smsId: 'CALL-W', kind: 'voice', ageMs: 1500 });
		const { output } = await runEsms({
			creds: env.creds,
			parameters: { resource: 'voiceCall', operation: 'getStatus' },
			items: ['CALL-A', 'CALL-N', 'CALL-F', 'CALL-W'].map((smsId) => ({ json: { smsId } })),
		});
		const first = env.sim.requests().find((r) => r.query.ReferenceId === 'CALL-A')!;
		expect(first).toEqual({ host: 'voice', method: 'GET', path: '/MainService.svc/json/GetSendStatus', query: { ReferenceId: 'CALL-A', ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' }, body: '' });
		expect(port(env.creds.voiceBaseUrl)).not.toBe(port(env.creds.baseUrl));
		expect(output.map((i) => i.json)).toEqual([
			{ smsId: 'CALL-A', statusCode: 5, status: 'Call finished', isFinal: true, result: 'answered', answered: true, callStatus: 'ANSWERED', durationSeconds: 21, ivrKey: '1', sentResult: 1 },
			{ smsId: 'CALL-N', statusCode: 5, status: 'Call finished', isFinal: true, result: 'notAnswered', answered: false, callStatus: 'NOANSWERED', durationSeconds: 0, ivrKey: null, sentResult: 1 },
			{ smsId: 'CALL-F', statusCode: 5, status: 'Call finished', isFinal: true, result: 'failed', answered: false, callStatus: '', durationSeconds: 0, ivrKey: null, sentResult: 0 },
			{ smsId: 'CALL-W', statusCode: 2, status: 'Waiting to call', isFinal: false, result: 'pending', answered: false, callStatus: '', durationSeconds: 0, ivrKey: null, sentResult: 0 },
		]);
	});
});

describe('Account → Get Balance', () => {
	test('POST GetBalance_json with the keys in the JSON body; balance in VND', async () => {
		env.sim.addAccount({ apiKey: 'DEMO_API_KEY', secretKey: 'DEMO_SECRET_KEY', userId: 9999, balance: 36693 });
		const { output } = await runEsms({ creds: env.creds, parameters: { resource: 'account', operation: 'getBalance' }, items: one });
		const [r] = env.sim.requests();
		expect([r.host, r.method, r.path, r.query, JSON.parse(r.body)]).toEqual(['rest', 'POST', '/MainService.svc/json/GetBalance_json', {}, { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' }]);
		expect(output[0].json).toEqual({ balance: 36693, currency: 'VND', userId: 9999 });
		const raw = await runEsms({ creds: env.creds, parameters: { resource: 'account', operation: 'getBalance', simplify: false }, items: one });
		expect(raw.output[0].json).toEqual({ Balance: 36693, CodeResponse: '100', UserID: 9999 });
	});

	test('wrong keys fail with the 101 message', async () => {
		const { error } = await runEsms({ creds: { ...env.creds, apiKey: 'x' }, parameters: { resource: 'account', operation: 'getBalance' }, items: one });
		expect(error?.message).toBe('eSMS error 101: API Key or Secret Key is wrong');
	});
});

describe('Send: segments and cost estimate', () => {
	test.each([
		['x'.repeat(160), false, 1],
		['x'.repeat(161), false, 2],
		['x'.repeat(306), false, 2],
		['x'.repeat(307), false, 3],
		['{}'.repeat(40), false, 1],
		['{}'.repeat(41), false, 2],
		['ư'.repeat(70), true, 1],
		['ư'.repeat(71), true, 2],
	])('%#: parts counted as the carrier bills them', async (content, unicode, segments) => {
		const { output } = await runEsms({ creds: env.creds, parameters: send({ content, unicode, options: { pricePerPart: 350, sandbox: true } }), items: one });
		expect(output[0].json).toMatchObject({ segments, estimatedCost: segments * 350 });
	});

	test('no price set: estimatedCost is null', async () => {
		const { output } = await runEsms({ creds: env.creds, parameters: send({ options: { sandbox: true } }), items: one });
		expect(output[0].json.estimatedCost).toBeNull();
	});
});

describe('eSMS error codes through the engine', () => {
	const wrongKeys = () => ({ ...env.creds, secretKey: 'WRONG' });
	const cases: Array<[string, () => Creds, Record<string, unknown>, string]> = [
		['101 on send', wrongKeys, send(), 'eSMS error 101: API Key or Secret Key is wrong'],
		['101 on SMS status', wrongKeys, { resource: 'sms', operation: 'getStatus', smsIdSource: 'value', smsId: 'x' }, 'eSMS error 101: API Key or Secret Key is wrong'],
		['101 on Zalo status', wrongKeys, { resource: 'zaloMessage', operation: 'getStatus', smsIdSource: 'value', smsId: 'x' }, 'eSMS error 101: API Key or Secret Key is wrong'],
		['101 on voice status', wrongKeys, { resource: 'voiceCall', operation: 'getStatus', smsIdSource: 'value', smsId: 'x' }, 'eSMS error 101: API Key or Secret Key is wrong'],
		['103 balance too low', () => ({ ...env.creds, apiKey: 'EMPTY_API_KEY', secretKey: 'EMPTY_SECRET_KEY' }), send(), 'eSMS error 103: not enough balance to send'],
		['143 locked account', () => ({ ...env.creds, apiKey: 'LOCKED_API_KEY', secretKey: 'LOCKED_SECRET_KEY' }), send(), 'eSMS error 143: the account is not activated or is locked'],
		['105 unknown SMSID', () => env.creds, { resource: 'sms', operation: 'getStatus', smsIdSource: 'value', smsId: 'nope' }, 'eSMS error 105: the SMSID or call ID was not found'],
		['105 unknown call', () => env.creds, { resource: 'voiceCall', operation: 'getStatus', smsIdSource: 'value', smsId: 'nope' }, 'eSMS error 105: the SMSID or call ID was not found'],
		['854 unknown ZNS', () => env.creds, { resource: 'zaloMessage', operation: 'getStatus', smsIdSource: 'value', smsId: 'nope' }, 'eSMS error 854: no data was found for this message'],
	];
	test.each(cases)('%s', async (_name, c, parameters, message) => {
		const { run, error, output } = await runEsms({ creds: c(), parameters, items: one });
		expect(run.status).toBe('error');
		expect(error?.message).toBe(message);
		expect(error?.name).toBe('NodeApiError');
		// the editor's "From eSMS → Error code" is eSMS's code, not the HTTP status 200 of its answer
		expect((error as unknown as NodeApiError).httpCode).toBe(message.match(/^eSMS error (\d+)/)![1]);
		expect(output).toEqual([]);
	});

	test('99 blocked phone', async () => {
		env.sim.addAccount({ apiKey: 'BK', secretKey: 'BS', blockedPhones: ['0901888484'] });
		const { error } = await runEsms({ creds: { ...env.creds, apiKey: 'BK', secretKey: 'BS' }, parameters: send(), items: one });
		expect(error?.message).toBe('eSMS error 99: the phone number is blocked in eSMS');
		expect((error as unknown as { description: string }).description).toContain('eSMS said: "Phone number is blocked".');
	});

	test('160 on Zalo status: asked again 3 times, then reported with how to lower the rate', async () => {
		env.sim.setRateLimit('QueryZnsStatus', 0.001);
		const t0 = Date.now();
		const { error } = await runEsms({
			creds: env.creds,
			parameters: { resource: 'zaloMessage', operation: 'getStatus', smsIdSource: 'value', smsId: 'x' },
			items: one,
		});
		expect(Date.now() - t0).toBeGreaterThanOrEqual(6000);
		expect(error?.message).toBe('eSMS error 160: too many requests per second (TPS limit exceeded)');
		expect((error as unknown as { description: string }).description).toContain("lower the node's Requests per Second option");
		expect(env.sim.requests().filter((r) => r.path.endsWith('QueryZnsStatus/'))).toHaveLength(4);
		// the simulator's reset keeps rate limits: put back its default (eSMS's documented 100/s)
		env.sim.setRateLimit('QueryZnsStatus', 100);
	}, 20_000);
});

describe('Continue On Fail', () => {
	test('5 items with 2 failing give 5 outputs, in order, errors on exactly those 2', async () => {
		const items = [
			{ json: { p: '0901888484' } },
			{ json: { p: '0901000000' } },
			{ json: { p: '0912345678' } },
			{ json: { p: '0987000000' } },
			{ json: { p: '0987654321' } },
		];
		env.sim.addAccount({ apiKey: 'DEMO_API_KEY', secretKey: 'DEMO_SECRET_KEY', userId: 9999, balance: 1_000_000, blockedPhones: ['0901000000', '0987000000'] });
		const { run, output } = await runEsms({
			creds: env.creds,
			parameters: send({ phone: '={{ $json.p }}' }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(run.status).toBe('success');
		expect(output).toHaveLength(5);
		expect(output.map((i) => (i.error ? 'error' : i.json.phone))).toEqual(['0901888484', 'error', '0912345678', 'error', '0987654321']);
		expect(output[1].json).toEqual({ error: 'eSMS error 99: the phone number is blocked in eSMS' });
		expect(output.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
	});
});

/**
 * Whether the editor shows the "From eSMS" part of the error details: the condition of n8n 2.41.1's
 * NodeErrorView (httpCode, raw messages other than the message, response data, extra).
 */
function showsFromEsms(error: Record<string, unknown>): boolean {
	const messages = ((error.messages as string[] | undefined) ?? []).filter((m) => m !== error.message);
	return Boolean(error.httpCode) || messages.length > 0 || Boolean((error.context as { data?: unknown } | undefined)?.data) || Boolean(error.extra);
}
const shape = (error: unknown) => {
	const e = error as Record<string, unknown>;
	return { name: e.name, httpCode: e.httpCode ?? null, message: e.message, description: e.description, fromEsms: showsFromEsms(e) };
};

describe('the error the editor shows', () => {
	test('input refused before sending: says nothing was sent, no "From eSMS" code, and no request', async () => {
		const { error } = await runEsms({ creds: env.creds, parameters: send({ phone: 'abc' }), items: one });
		expect(shape(error)).toEqual({
			name: 'NodeApiError',
			httpCode: null,
			message: 'Invalid "Phone" in item 1: it contains characters other than digits, spaces, dots, dashes and a leading +',
			description: `${NOTHING_SENT} Use one Vietnamese mobile number, such as 0901888484, 84901888484 or +84 90 188 84 84.`,
			fromEsms: false,
		});
		expect(env.sim.requests()).toEqual([]);
	});

	test('a refused SMSID on a status query: the same shape', async () => {
		const { error } = await runEsms({ creds: env.creds, parameters: { resource: 'voiceCall', operation: 'getStatus' }, items: [{ json: {} }, { json: { smsId: ' ' } }] });
		expect(shape(error)).toMatchObject({ name: 'NodeApiError', httpCode: null, message: 'Invalid "SMSID" in item 1: the input item has no field "smsId"', fromEsms: false });
	});

	test('eSMS refusal: eSMS\'s code (101) is the error code, not the HTTP 200 of its answer', async () => {
		const { error } = await runEsms({ creds: { ...env.creds, apiKey: 'x' }, parameters: send(), items: one });
		expect(shape(error)).toEqual({
			name: 'NodeApiError',
			httpCode: '101',
			message: 'eSMS error 101: API Key or Secret Key is wrong',
			description:
				'Open the eSMS API credential and paste the API Key and Secret Key again from account.esms.vn → API settings. They are not your login password. eSMS said: "Authorize Failed".',
			fromEsms: true,
		});
	});

	test('103 on a send: code 103', async () => {
		const { error } = await runEsms({ creds: { ...env.creds, apiKey: 'EMPTY_API_KEY', secretKey: 'EMPTY_SECRET_KEY' }, parameters: send(), items: one });
		expect(shape(error)).toMatchObject({ name: 'NodeApiError', httpCode: '103', message: 'eSMS error 103: not enough balance to send' });
	});

	test('an answer without a result code on HTTP 200 (a web page): no code is shown, the page is quoted', async () => {
		env.sim.addFault({ mode: 'html' });
		const { error } = await runEsms({ creds: env.creds, parameters: send({ options: { autoRequestId: false } }), items: one });
		expect(shape(error)).toEqual({
			name: 'NodeApiError',
			httpCode: null,
			message: 'eSMS answered with a web page instead of JSON',
			description: expect.stringContaining('The answer began: <html><body><h1>Service Unavailable</h1></body></html>'),
			fromEsms: false,
		});
	});

	test('HTTP 5xx: the HTTP status is the code, and the message stays ours', async () => {
		env.sim.addFault({ mode: 'http5xx', status: 503 });
		const { error } = await runEsms({ creds: env.creds, parameters: send({ options: { autoRequestId: false } }), items: one });
		expect(shape(error)).toMatchObject({ name: 'NodeApiError', httpCode: '503', message: 'eSMS answered HTTP 503: the eSMS service failed', fromEsms: true });
		expect((error as unknown as { messages: string[] }).messages).toEqual([]);
	});

	test('no answer: the socket code is the code', async () => {
		env.sim.addFault({ mode: 'reset' });
		const { error } = await runEsms({ creds: env.creds, parameters: send({ options: { autoRequestId: false } }), items: one });
		expect(shape(error)).toMatchObject({ name: 'NodeApiError', httpCode: 'ECONNRESET', message: 'eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)' });
	});
});

type Mode = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
const MODES: Mode[] = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'];

/** Every item of every output of the eSMS node's first run, with its output index. */
function allOutputs(run: RunResult['run']) {
	const main = run.data.resultData.runData.eSMS?.[0]?.data?.main ?? [];
	return main.flatMap((items, output) => (items ?? []).map((item) => ({ output, item })));
}

describe('pairedItem: every output item, on every output, names its input item', () => {
	// three inputs per operation; in the failing set, item 1 (the second) fails and the others pass
	const operations: Array<[string, () => Record<string, unknown>, () => INodeExecutionData[], () => INodeExecutionData[]]> = [
		[
			'send',
			() => send({ phone: '={{ $json.p }}' }),
			() => ['0901888484', '0912345678', '0987654321'].map((p) => ({ json: { p } })),
			() => ['0901888484', 'abc', '0987654321'].map((p) => ({ json: { p } })),
		],
		[
			'send refused by eSMS (99)',
			() => send({ phone: '={{ $json.p }}' }),
			() => ['0901888484', '0912345678', '0987654321'].map((p) => ({ json: { p } })),
			() => {
				env.sim.addAccount({ apiKey: 'DEMO_API_KEY', secretKey: 'DEMO_SECRET_KEY', userId: 9999, balance: 1_000_000, blockedPhones: ['0912345678'] });
				return ['0901888484', '0912345678', '0987654321'].map((p) => ({ json: { p } }));
			},
		],
		...(['sms', 'zaloMessage', 'voiceCall'] as const).map(
			(resource) =>
				[
					`${resource} status`,
					() => ({ resource, operation: 'getStatus' }),
					() => {
						for (const id of ['A', 'B', 'C']) env.sim.injectMessage({ smsId: id, kind: { sms: 'sms', zaloMessage: 'zalo', voiceCall: 'voice' }[resource] });
						return ['A', 'B', 'C'].map((smsId) => ({ json: { smsId } }));
					},
					() => {
						for (const id of ['A', 'C']) env.sim.injectMessage({ smsId: id, kind: { sms: 'sms', zaloMessage: 'zalo', voiceCall: 'voice' }[resource] });
						return [{ json: { smsId: 'A' } }, { json: { other: 1 } }, { json: { smsId: 'C' } }];
					},
				] as [string, () => Record<string, unknown>, () => INodeExecutionData[], () => INodeExecutionData[]],
		),
		[
			'balance',
			() => ({ resource: 'account', operation: 'getBalance' }),
			() => [{ json: {} }, { json: {} }, { json: {} }],
			() => [{ json: {} }, { json: {} }, { json: {} }],
		],
	];

	describe.each(operations)('%s', (name, parameters, passing, failing) => {
		test.each(MODES)('all pass, On Error = %s: 3 items on the success output, paired 0, 1, 2', async (onError) => {
			const { run } = await runEsms({ creds: env.creds, parameters: parameters(), items: passing(), settings: { onError } });
			expect(run.status).toBe('success');
			expect(allOutputs(run).map(({ output, item }) => [output, item.pairedItem])).toEqual([0, 1, 2].map((i) => [0, { item: i }]));
		});

		if (name === 'balance') return;
		test('item 2 fails, On Error = stop: the run fails naming item 2', async () => {
			const { run, error } = await runEsms({ creds: env.creds, parameters: parameters(), items: failing(), settings: { onError: 'stopWorkflow' } });
			expect(run.status).toBe('error');
			expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
		});

		test.each<[Mode, string, unknown[]]>([
			['continueRegularOutput', 'continue: 3 items in order', [[0, false, { item: 0 }], [0, true, { item: 1 }], [0, false, { item: 2 }]]],
			['continueErrorOutput', 'continue (using error output): 2 on success, 1 on error', [[0, false, { item: 0 }], [0, false, { item: 2 }], [1, true, { item: 1 }]]],
		])('item 2 fails, On Error = %s (%s), each paired', async (onError, _what, expected) => {
			const { run } = await runEsms({ creds: env.creds, parameters: parameters(), items: failing(), settings: { onError } });
			expect(allOutputs(run).map(({ output, item }) => [output, Boolean(item.error), item.pairedItem])).toEqual(expected);
		});
	});

	test('wrong keys on Get Balance under both Continue modes: every error item paired', async () => {
		for (const onError of ['continueRegularOutput', 'continueErrorOutput'] as const) {
			const { run } = await runEsms({ creds: { ...env.creds, apiKey: 'x' }, parameters: { resource: 'account', operation: 'getBalance' }, items: [{ json: {} }, { json: {} }], settings: { onError } });
			expect(allOutputs(run).map(({ output, item }) => [output, item.json.error, item.pairedItem])).toEqual(
				[0, 1].map((i) => [onError === 'continueErrorOutput' ? 1 : 0, 'eSMS error 101: API Key or Secret Key is wrong', { item: i }]),
			);
		}
	});
});

describe('credential test (the node\'s testedBy function, as n8n\'s CredentialsTester calls it)', () => {
	/** A stand-in for eSMS that answers GetBalance_json with a fixed answer. */
	async function answering(status: number, contentType: string, body: string) {
		const server = http.createServer((_req, res) => {
			res.writeHead(status, { 'content-type': contentType });
			res.end(body);
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return { creds: { ...env.creds, baseUrl: url }, close: () => new Promise<void>((r) => {
			server.close(() => r());
			server.closeAllConnections();
		}) };
	}
	const json = (body: object) => [200, 'application/json; charset=utf-8', JSON.stringify(body)] as const;
	/** what the node itself says for the same answer (errors.ts) */
	const nodeSays = (body: unknown, statusCode = 200) => {
		const f = explainResponse({ body, statusCode })!;
		return `${f.message}. ${f.description}`;
	};

	test('good keys pass: the one request is POST GetBalance_json with the keys in the JSON body', async () => {
		expect(await testCredential(env.creds)).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [call] = env.sim.requests();
		expect([call.method, call.path, call.query, JSON.parse(call.body)]).toEqual(['POST', '/MainService.svc/json/GetBalance_json', {}, { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' }]);
	});

	test('keys pasted with spaces or a line break around them pass, and are sent without them', async () => {
		expect(await testCredential({ ...env.creds, apiKey: ' DEMO_API_KEY\n', secretKey: '\tDEMO_SECRET_KEY ' })).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [call] = env.sim.requests();
		expect(JSON.parse(call.body)).toEqual({ ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' });
	});

	test('wrong keys (101) and a locked account (143) fail with the node\'s message and fix', async () => {
		expect(await testCredential({ ...env.creds, apiKey: 'nobody' })).toEqual({
			status: 'Error',
			message:
				'eSMS error 101: API Key or Secret Key is wrong. Open the eSMS API credential and paste the API Key and Secret Key again from account.esms.vn → API settings. They are not your login password. eSMS said: "Authorize Failed".',
		});
		expect(await testCredential({ ...env.creds, apiKey: 'LOCKED_API_KEY', secretKey: 'LOCKED_SECRET_KEY' })).toEqual({
			status: 'Error',
			message: nodeSays({ Balance: 0, CodeResponse: '143', ErrorMessage: 'Account is not activated or has been locked' }),
		});
	});

	// eSMS does not document the wording of its 140 answer; the node quotes whatever eSMS says
	const refusals: Array<[string, readonly [number, string, string], unknown, number]> = [
		['140 IP not whitelisted', json({ Balance: 0, CodeResponse: '140', ErrorMessage: 'IP 203.0.113.7 not in whitelist' }), { Balance: 0, CodeResponse: '140', ErrorMessage: 'IP 203.0.113.7 not in whitelist' }, 200],
		['99', json({ Balance: 0, CodeResponse: '99', ErrorMessage: 'Unknown error' }), { Balance: 0, CodeResponse: '99', ErrorMessage: 'Unknown error' }, 200],
		['the bare {"error":"Invalid request"}', json({ error: 'Invalid request' }), { error: 'Invalid request' }, 200],
		['a proxy\'s HTML login page', [200, 'text/html', '<html><body>Please log in</body></html>'], '<html><body>Please log in</body></html>', 200],
		['JSON without a code', json({ Balance: 5000 }), { Balance: 5000 }, 200],
		['HTTP 502 from a proxy', [502, 'text/plain', 'Bad Gateway'], 'Bad Gateway', 502],
	];
	test.each(refusals)('%s fails, with the node\'s explanation', async (_name, answer, body, status) => {
		const stub = await answering(...answer);
		try {
			expect(await testCredential(stub.creds)).toEqual({ status: 'Error', message: nodeSays(body, status) });
		} finally {
			await stub.close();
		}
	});

	test('140 names the IP eSMS refused and says to have it whitelisted', async () => {
		const stub = await answering(...json({ Balance: 0, CodeResponse: '140', ErrorMessage: 'IP 203.0.113.7 not in whitelist' }));
		try {
			const { status, message } = await testCredential(stub.creds);
			expect(status).toBe('Error');
			expect(message).toMatch(/^eSMS error 140: the caller's IP address is not whitelisted\. Give your n8n server's public IP address to eSMS/);
			expect(message).toContain('203.0.113.7');
		} finally {
			await stub.close();
		}
	});

	test('no answer at all fails and points at the base URL', async () => {
		const stub = await answering(...json({}));
		await stub.close();
		expect(await testCredential(stub.creds)).toEqual({
			status: 'Error',
			message: 'eSMS could not be reached: the connection was refused (ECONNREFUSED). Check the API Base URL of this credential, and that the n8n server can reach it.',
		});
	});
});

describe('secrets stay secret (canary keys)', () => {
	const CANARY_KEY = 'CANARYKEY7f3a9d';
	const CANARY_SECRET = 'CANARYSECRETb41e2c';
	const leaks = (value: unknown) => {
		const text = `${JSON.stringify(value)}\n${util.inspect(value, { depth: 12, showHidden: true })}`;
		return text.includes(CANARY_KEY) || text.includes(CANARY_SECRET);
	};

	test('no output item, error or run data holds the keys, for successes, eSMS errors and faults', async () => {
		env.sim.addAccount({ apiKey: CANARY_KEY, secretKey: CANARY_SECRET, userId: 4242 });
		const c = { ...env.creds, apiKey: CANARY_KEY, secretKey: CANARY_SECRET };
		env.sim.injectMessage({ smsId: 'SMS-1', apiKey: CANARY_KEY });
		const runs = [];
		runs.push(await runEsms({ creds: c, parameters: send(), items: one }));
		runs.push(await runEsms({ creds: c, parameters: { resource: 'sms', operation: 'getStatus' }, items: [{ json: { smsId: 'SMS-1' } }] }));
		runs.push(await runEsms({ creds: c, parameters: { resource: 'sms', operation: 'getStatus' }, items: [{ json: { smsId: 'missing' } }] }));
		runs.push(await runEsms({ creds: { ...c, secretKey: `${CANARY_SECRET}x` }, parameters: send(), items: one }));
		const modes = ['http5xx', 'html', 'malformedJson', 'empty', 'reset', 'acceptThenDrop'];
		const phones = modes.map((_, i) => `090188840${i}`);
		modes.forEach((mode, i) => {
			env.sim.addFault({ mode, match: { Phone: phones[i] } });
			env.sim.addFault({ mode, match: { RefId: `FAULT-${i}` } });
		});
		runs.push(
			...(await Promise.all(
				modes.flatMap((_, i) => [
					runEsms({ creds: c, parameters: send({ phone: phones[i], options: { autoRequestId: false } }), items: one, settings: { onError: 'continueRegularOutput' } }),
					runEsms({ creds: c, parameters: { resource: 'sms', operation: 'getStatus', smsIdSource: 'value', smsId: `FAULT-${i}` }, items: one }),
					runEsms({ creds: c, parameters: { resource: 'sms', operation: 'getStatus', smsIdSource: 'value', smsId: `FAULT-${i}` }, items: one, settings: { onError: 'continueRegularOutput' } }),
				]),
			)),
		);
		expect(runs.filter((r) => r.error || r.output.some((i) => i.error)).length).toBe(2 + 3 * 6);
		for (const r of runs) {
			expect(leaks(r.run)).toBe(false);
			expect(leaks(r.output)).toBe(false);
			for (const item of r.output) if (item.error) expect(leaks(item.error)).toBe(false);
		}
	});
});
