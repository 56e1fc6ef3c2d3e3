/**
 * SMS → Get Per-Number Results (GetSmsReceiverStatus_get): the built node through n8n-core's real
 * engine, against the simulator over HTTP, whose per-number results follow each number's life cycle
 * (simulator/receivers.js): after a fixed-number send, a brandname send and a send to several numbers.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runEsms } from './helpers/harness';
import { compact, simGet, simPost, simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();

const PATH = '/MainService.svc/json/GetSmsReceiverStatus_get';
const KEYS = { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' };
const one = [{ json: {} }];
const perNumber = (p: Record<string, unknown> = {}) => ({ resource: 'sms', operation: 'getPerNumberResults', ...p });
const byValue = (smsId: string, p: Record<string, unknown> = {}) => perNumber({ smsIdSource: 'value', smsId, ...p });
const requestsTo = (path: string) => env.sim.requests().filter((r) => r.path === path);
const description = (e: unknown) => (e as { description?: string } | undefined)?.description ?? '';

const fixedNumber = { resource: 'sms', operation: 'sendFixedNumber', phone: '0901888484', content: 'Your code is 1234' };
const byList = (value: string) => ({ __rl: true, mode: 'list', value });
const brandname = {
	resource: 'sms',
	operation: 'sendBrandname',
	phone: '0961234567',
	brandname: byList('Baotrixemay'),
	contentSource: 'text',
	text: '2803 la ma xac minh dang ky Baotrixemay cua ban',
};
/** A Viber message to several numbers, straight to the simulator (the node's Viber send: test/viber.test.ts). */
async function viberTo(phones: string[]) {
	const res = await simPost(env.sim.restUrl, 'Send_Multiple_Sms_OTT/', {
		...KEYS,
		Brandname: 'BAT DONG SAN GIA TOT',
		Content: 'Uu dai thang 12',
		Phones: phones,
		SmsType: '23',
	});
	return (JSON.parse(res.text) as { SMSID: string }).SMSID;
}

const row = (phone: string, network: string | null, result: 'delivered' | 'notDelivered' | 'notSent', smsId: string) => ({
	phone,
	sent: result !== 'notSent',
	delivered: result === 'delivered',
	result,
	status: {
		delivered: 'Delivered',
		notDelivered: 'Sent, not delivered (failed, or no report yet)',
		notSent: 'Not sent (waiting, scheduled or refused)',
	}[result],
	network,
	retries: 0,
	esmsCode: '100',
	smsId,
});

describe('the simulator answers as documented', () => {
	test('100 and 101 byte for byte, the documented example replayed', async () => {
		env.sim.queueSmsIds('1e8caf001e494a9b873cc70535ad8b15');
		env.sim.setOutcome('0918238965', 'failed');
		env.sim.setOutcome('0765418062', 'failed');
		await viberTo(['0901888484', '0918238965', '0765418062']);
		env.sim.advance(3500);
		const ok = await simGet(env.sim.restUrl, 'GetSmsReceiverStatus_get', { ...KEYS, RefId: '1e8caf001e494a9b873cc70535ad8b15' });
		// the page's example, except its first number (0901888484 is Mobifone's prefix; the page says Viettel)
		expect(ok.text).toBe(
			compact(`{
    "CodeResult": "100",
    "ReceiverList": [
        {
            "IsSent": true,
            "NetworkName": "Mobifone",
            "Phone": "0901888484",
            "Retry": 0,
            "SentResult": true
        },
        {
            "IsSent": true,
            "NetworkName": "Vinaphone",
            "Phone": "0918238965",
            "Retry": 0,
            "SentResult": false
        },
        {
            "IsSent": true,
            "NetworkName": "Mobifone",
            "Phone": "0765418062",
            "Retry": 0,
            "SentResult": false
        }
    ]
}`),
		);
		expect(ok.type).toBe('application/json; charset=utf-8');
		const denied = await simGet(env.sim.restUrl, 'GetSmsReceiverStatus_get', { ...KEYS, SecretKey: 'x', RefId: '1e8caf001e494a9b873cc70535ad8b15' });
		expect(denied.text).toBe('{"CodeResult":"101","ErrorMessage":"Authorize Failed"}');
		// the message's own status counts each number's outcome; the failed numbers are refunded
		const status = JSON.parse((await simGet(env.sim.restUrl, 'GetSendStatus', { ...KEYS, RefId: '1e8caf001e494a9b873cc70535ad8b15' })).text);
		expect(status).toMatchObject({ SendSuccess: 1, SendFailed: 2, TotalReceiver: 3, TotalSent: 3, SendStatus: 5 });
		expect(Number(status.TotalPrice)).toBe(470);
	});

	test('each number follows its life cycle: unknown, waiting, sent, final; rejected never sent', async () => {
		// the simulator's clock frozen, so that only advance() moves it (a loaded machine takes seconds)
		const frozen = Date.now();
		jest.spyOn(Date, 'now').mockImplementation(() => frozen);
		env.sim.setOutcome('0912345678', 'rejected');
		env.sim.setOutcome('0987654321', 'failed');
		const id = await viberTo(['0901888484', '0912345678', '0987654321']);
		const ask = async () =>
			JSON.parse((await simGet(env.sim.restUrl, 'GetSmsReceiverStatus_get', { ...KEYS, RefId: id })).text) as { ReceiverList: Array<Record<string, unknown>> };
		const states = () => ask().then((b) => b.ReceiverList.map((r) => `${String(r.IsSent)}/${String(r.SentResult)}`));
		expect(await ask()).toEqual({ CodeResult: '100', ReceiverList: [] });
		env.sim.advance(1500);
		expect(await states()).toEqual(['false/false', 'false/false', 'false/false']);
		env.sim.advance(1000);
		expect(await states()).toEqual(['true/false', 'false/false', 'true/false']);
		env.sim.advance(1000);
		expect(await states()).toEqual(['true/true', 'false/false', 'true/false']);
		// another account does not see it
		env.sim.addAccount({ apiKey: 'OTHER', secretKey: 'OTHER_S' });
		expect((await simGet(env.sim.restUrl, 'GetSmsReceiverStatus_get', { ApiKey: 'OTHER', SecretKey: 'OTHER_S', RefId: id })).text).toBe(
			'{"CodeResult":"100","ReceiverList":[]}',
		);
		expect((await simGet(env.sim.restUrl, 'GetSmsReceiverStatus_get', KEYS)).text).toBe('{"error":"Invalid request"}');
		jest.restoreAllMocks();
	});
});

describe('SMS → Get Per-Number Results', () => {
	test('after a fixed-number send: one GET with exactly RefId and the keys, one item per number, paired', async () => {
		const sent = await runEsms({ creds: env.creds, parameters: fixedNumber, items: one });
		const smsId = String(sent.output[0].json.smsId);
		env.sim.advance(3500);
		env.sim.clearRequests();
		const { output, error } = await runEsms({ creds: env.creds, parameters: perNumber(), items: sent.output });
		expect(error).toBeUndefined();
		expect(env.sim.requests().map((r) => [r.method, r.path, r.query])).toEqual([['GET', PATH, { RefId: smsId, ...KEYS }]]);
		expect(output.map((o) => o.json)).toEqual([row('0901888484', 'Mobifone', 'delivered', smsId)]);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }]);
	});

	test('after a brandname send, through its life cycle: notSent, notDelivered, delivered (and a failed number stays notDelivered)', async () => {
		const frozen = Date.now();
		jest.spyOn(Date, 'now').mockImplementation(() => frozen);
		const sent = await runEsms({ creds: env.creds, parameters: brandname, items: one });
		expect(sent.error).toBeUndefined();
		const smsId = String(sent.output[0].json.smsId);
		const ask = async () => (await runEsms({ creds: env.creds, parameters: perNumber(), items: sent.output })).output.map((o) => o.json);
		env.sim.advance(1500);
		expect(await ask()).toEqual([row('0961234567', 'Viettel', 'notSent', smsId)]);
		env.sim.advance(1000);
		expect(await ask()).toEqual([row('0961234567', 'Viettel', 'notDelivered', smsId)]);
		env.sim.advance(1000);
		expect(await ask()).toEqual([row('0961234567', 'Viettel', 'delivered', smsId)]);

		env.sim.setOutcome('0961234568', 'failed');
		const failed = await runEsms({ creds: env.creds, parameters: { ...brandname, phone: '0961234568' }, items: one });
		env.sim.advance(3500);
		const { output } = await runEsms({ creds: env.creds, parameters: perNumber(), items: failed.output });
		expect(output.map((o) => o.json)).toEqual([row('0961234568', 'Viettel', 'notDelivered', String(failed.output[0].json.smsId))]);
		jest.restoreAllMocks();
	});

	test('a message to several numbers: one item per number, all paired with the item that asked; N items in', async () => {
		env.sim.setOutcome('0912345678', 'failed');
		const a = await viberTo(['0901888484', '0912345678', '0987654321']);
		const b = await viberTo(['0331234567']);
		env.sim.advance(3500);
		const { output, error } = await runEsms({ creds: env.creds, parameters: perNumber(), items: [{ json: { smsId: a } }, { json: { smsId: b } }] });
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json)).toEqual([
			row('0901888484', 'Mobifone', 'delivered', a),
			row('0912345678', 'Vinaphone', 'notDelivered', a),
			row('0987654321', 'Viettel', 'delivered', a),
			row('0331234567', 'Viettel', 'delivered', b),
		]);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }, { item: 1 }]);
	});

	describe('after an advertising campaign (Send Advertising SMS)', () => {
		// Decree 91's hours: the node sends advertising only between 07:00 and 22:00 Vietnam time
		const realNow = Date.now.bind(Date);
		beforeEach(() => {
			const offset = Date.UTC(2026, 11, 5, 3, 0, 0) - realNow();
			jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		});
		afterEach(() => jest.restoreAllMocks());
		const phones = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `0901${String(from + i).padStart(6, '0')}`);
		const campaign = {
			resource: 'sms',
			operation: 'sendAdvertising',
			phones: '={{ $json.phones }}',
			advertisingBrandname: byList('QC_ONLINE'),
			advertisingContent: '[QC] Giam 30% moi don hang den 31/12. Tu choi: soan TC gui 8079',
		};

		test('one item per number of the campaign, each with its own outcome, all paired with the campaign\'s item', async () => {
			const list = phones(30);
			env.sim.setOutcome(list[3], 'failed');
			env.sim.setOutcome(list[7], 'rejected');
			const sent = await runEsms({ creds: env.creds, parameters: campaign, items: [{ json: { phones: list } }] });
			expect(sent.error).toBeUndefined();
			const smsId = String(sent.output[0].json.smsId);
			env.sim.advance(3500);
			const { output, error } = await runEsms({ creds: env.creds, parameters: perNumber(), items: sent.output });
			expect(error).toBeUndefined();
			expect(output.map((o) => o.json)).toEqual(list.map((phone, i) => row(phone, 'Mobifone', i === 3 ? 'notDelivered' : i === 7 ? 'notSent' : 'delivered', smsId)));
			expect(output.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
			// the campaign's status counts the same
			const status = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus' }, items: sent.output });
			expect(status.output[0].json).toMatchObject({ receiverCount: 30, successCount: 28, failedCount: 2 });
		});

		test('Campaign From "All Items", one row per number: one request for the run, and with Only These Numbers each row gets its own number\'s result', async () => {
			const list = phones(40);
			env.sim.setOutcome(list[9], 'failed');
			const rows = list.map((phone) => ({ json: { phone } }));
			const sent = await runEsms({ creds: env.creds, parameters: { ...campaign, campaignFrom: 'allItems', phones: '={{ $json.phone }}' }, items: rows });
			expect(sent.error).toBeUndefined();
			const smsId = String(sent.output[0].json.smsId);
			env.sim.advance(3500);
			env.sim.clearRequests();
			const { output, error } = await runEsms({ creds: env.creds, parameters: perNumber({ options: { onlyNumbers: '={{ $json.sent }}' } }), items: sent.output });
			expect(error).toBeUndefined();
			expect(requestsTo(PATH)).toHaveLength(1);
			expect(output.map((o) => o.json)).toEqual(list.map((phone, i) => row(phone, 'Mobifone', i === 9 ? 'notDelivered' : 'delivered', smsId)));
			expect(output.map((o) => o.pairedItem)).toEqual(list.map((_, item) => ({ item })));
			// without it, every row gets every number (still one request)
			env.sim.clearRequests();
			const all = await runEsms({ creds: env.creds, parameters: perNumber(), items: sent.output.slice(0, 2) });
			expect(all.output).toHaveLength(80);
			expect(requestsTo(PATH)).toHaveLength(1);
			const bad = await runEsms({ creds: env.creds, parameters: perNumber({ options: { onlyNumbers: '12, 0901000000' } }), items: sent.output.slice(0, 1) });
			expect(bad.error?.message).toBe('Invalid "Only These Numbers" in item 1: 12 is not a phone number (it does not have the 10 digits of a Vietnamese mobile number)');
		});

		test('a list of SMSIDs (smsIds): one request per SMSID, the numbers of each, each with its SMSID', async () => {
			const a = await runEsms({ creds: env.creds, parameters: campaign, items: [{ json: { phones: phones(30) } }] });
			const b = await runEsms({ creds: env.creds, parameters: campaign, items: [{ json: { phones: phones(31, 100) } }] });
			const ids = [String(a.output[0].json.smsId), String(b.output[0].json.smsId)];
			env.sim.advance(3500);
			env.sim.clearRequests();
			const { output, error } = await runEsms({ creds: env.creds, parameters: perNumber({ smsIdField: 'smsIds' }), items: [{ json: { smsIds: ids } }] });
			expect(error).toBeUndefined();
			expect(requestsTo(PATH).map((r) => r.query.RefId)).toEqual(ids);
			expect(output).toHaveLength(61);
			expect(output.map((o) => o.json.smsId)).toEqual([...Array(30).fill(ids[0]), ...Array(31).fill(ids[1])]);
			expect(output.map((o) => o.json.phone)).toEqual([...phones(30), ...phones(31, 100)]);
			expect(output.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
			const empty = await runEsms({ creds: env.creds, parameters: perNumber({ smsIdField: 'smsIds' }), items: [{ json: { smsIds: [] } }] });
			expect(empty.error?.message).toBe('Invalid "SMSID" in item 1: it is an empty list');
			// Continue On Fail: an SMSID of the list that eSMS does not list fails the item, paired
			const cof = await runEsms({ creds: env.creds, parameters: perNumber({ smsIdField: 'smsIds' }), items: [{ json: { smsIds: [ids[0], 'nosuch'] } }], settings: { onError: 'continueRegularOutput' } });
			expect(cof.output.map((o) => [o.pairedItem, o.json.error])).toEqual([[{ item: 0 }, 'eSMS lists no numbers for SMSID nosuch']]);
		});
	});

	test('Simplify off gives eSMS\'s entries as they are', async () => {
		const id = await viberTo(['0901888484']);
		env.sim.advance(3500);
		const { output } = await runEsms({ creds: env.creds, parameters: byValue(id, { simplify: false }), items: one });
		expect(output.map((o) => o.json)).toEqual([{ IsSent: true, NetworkName: 'Mobifone', Phone: '0901888484', Retry: 0, SentResult: true }]);
	});

	describe('errors', () => {
		test('101: wrong keys, with the fix', async () => {
			const { error } = await runEsms({ creds: { ...env.creds, secretKey: 'WRONG' }, parameters: byValue('abc'), items: one });
			expect(error?.message).toBe('eSMS error 101: API Key or Secret Key is wrong');
			expect(description(error)).toBe(
				'Open the eSMS API credential and paste the API Key and Secret Key again from account.esms.vn → API settings. They are not your login password. eSMS said: "Authorize Failed".',
			);
		});

		test('an SMSID eSMS does not list (yet): the item fails naming it, with the fix', async () => {
			const { error } = await runEsms({ creds: env.creds, parameters: byValue('nosuchid'), items: one });
			expect(error?.message).toBe('eSMS lists no numbers for SMSID nosuchid');
			expect(error).toMatchObject({ httpCode: '100' });
			// an answer, not a lost one: not asked again
			expect(requestsTo(PATH)).toHaveLength(1);
			expect(description(error)).toBe(
				"eSMS answered with an empty list: the message is not listed yet (a message sent seconds ago: add a Wait node of a minute before this one), was sent more than 7 days ago, or the SMSID is not one of this account's messages. Check that the SMSID comes from a send made with this same credential.",
			);
		});

		test('bad input fails before any request, naming the field and the item', async () => {
			const missing = await runEsms({ creds: env.creds, parameters: perNumber(), items: one });
			expect(missing.error?.message).toBe('Invalid "SMSID" in item 1: the input item has no field "smsId"');
			const empty = await runEsms({ creds: env.creds, parameters: byValue('  '), items: one });
			expect(empty.error?.message).toBe('Invalid "SMSID" in item 1: it is empty');
			expect(requestsTo(PATH)).toHaveLength(0);
		});

		test('Continue On Fail: every item gives its numbers or its error, in place and paired', async () => {
			const id = await viberTo(['0901888484', '0912345678']);
			env.sim.advance(3500);
			const items = [{ json: { smsId: id } }, { json: { smsId: 'unknown' } }, { json: {} }, { json: { smsId: id } }];
			const { output, run } = await runEsms({ creds: env.creds, parameters: perNumber(), items, settings: { onError: 'continueRegularOutput' } });
			expect(run.status).toBe('success');
			expect(output.map((o) => [o.pairedItem, o.json.phone ?? o.json.error])).toEqual([
				[{ item: 0 }, '0901888484'],
				[{ item: 0 }, '0912345678'],
				[{ item: 1 }, 'eSMS lists no numbers for SMSID unknown'],
				[{ item: 2 }, 'Invalid "SMSID" in item 3: the input item has no field "smsId"'],
				[{ item: 3 }, '0901888484'],
				[{ item: 3 }, '0912345678'],
			]);
		});

		test('a read: asked again after an HTTP 500, a dropped connection and a 160', async () => {
			const id = await viberTo(['0901888484']);
			env.sim.advance(3500);
			for (const mode of ['http5xx', 'reset', 'rateLimited']) {
				env.sim.clearRequests();
				env.sim.addFault({ route: 'GetSmsReceiverStatus_get', mode, times: 1 });
				const { output, error } = await runEsms({ creds: env.creds, parameters: byValue(id), items: one });
				expect(error).toBeUndefined();
				expect(output).toHaveLength(1);
				expect(requestsTo(PATH)).toHaveLength(2);
			}
		}, 30_000);
	});

	test('canary: the keys reach no output and no error', async () => {
		const KEY = 'CANARYKEYpernum5b1';
		const SECRET = 'CANARYSECRETpernum77';
		env.sim.addAccount({ apiKey: KEY, secretKey: SECRET });
		const creds = { ...env.creds, apiKey: KEY, secretKey: SECRET };
		const sent = await runEsms({ creds, parameters: fixedNumber, items: one });
		env.sim.advance(3500);
		env.sim.addFault({ route: 'GetSmsReceiverStatus_get', mode: 'html', times: 10 });
		const items = [...sent.output, { json: { smsId: 'unknown' } }];
		const ok = await runEsms({ creds, parameters: perNumber(), items, settings: { onError: 'continueRegularOutput' } });
		env.sim.clearFaults();
		const good = await runEsms({ creds, parameters: perNumber(), items, settings: { onError: 'continueRegularOutput' } });
		for (const { run, output } of [ok, good]) {
			const seen = JSON.stringify({ run, output, errors: output.map((o: INodeExecutionData) => o.error && { ...o.error, description: o.error.description }) });
			expect(seen).not.toContain(KEY);
			expect(seen).not.toContain(SECRET);
		}
		expect(good.output.map((o) => o.json.result ?? o.json.error)).toEqual(['delivered', 'eSMS lists no numbers for SMSID unknown']);
	}, 30_000);
});
