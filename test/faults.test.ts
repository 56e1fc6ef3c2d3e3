/**
 * Faults never lose or duplicate anything: every simulator fault gives a clear error, Continue On Fail
 * keeps N items in → N items out, and sends are idempotent under retries.
 */
import { runEsms } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();

const send = (p: Record<string, unknown> = {}) => ({
	resource: 'sms',
	operation: 'sendFixedNumber',
	phone: '0901888484',
	content: 'Hello',
	...p,
});
const status = { resource: 'sms', operation: 'getStatus', smsIdSource: 'value', smsId: 'SMS-1' };
const one = [{ json: {} }];
const description = (e: unknown) => (e as { description?: string } | undefined)?.description ?? '';

describe('each fault gives a clear error (the fault lasts longer than the node retries)', () => {
	test.each([
		['http5xx', { status: 502 }, 'eSMS answered HTTP 502: the eSMS service failed', 'This is a fault on eSMS\'s side'],
		['html', {}, 'eSMS answered with a web page instead of JSON', 'The answer began: <html><body><h1>Service Unavailable</h1></body></html>'],
		['malformedJson', {}, 'eSMS answered with invalid JSON', 'The answer began: {"CodeResult":"100","SMSI'],
		['empty', {}, 'eSMS answered with an empty body', 'it is unknown whether eSMS accepted the request'],
		['reset', {}, 'eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)', 'retrying'],
		['acceptThenDrop', {}, 'eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)', 'cannot send the message twice'],
	])('%s on a status query: 4 attempts, then the error', async (mode, extra, message, hint) => {
		env.sim.injectMessage({ smsId: 'SMS-1' });
		env.sim.addFault({ route: 'GetSendStatus', mode, ...extra });
		const { error } = await runEsms({ creds: env.creds, parameters: status, items: one });
		expect(error?.message).toBe(message);
		expect(description(error)).toContain(hint);
		expect(env.sim.requests()).toHaveLength(4);
	}, 20_000);

	test('timeout: reported once, not retried', async () => {
		env.sim.addFault({ route: 'GetSendStatus', mode: 'timeout' });
		const { error } = await runEsms({
			creds: env.creds,
			parameters: { ...status, requestOptions: { timeout: 500 } },
			items: one,
		});
		expect(error?.message).toMatch(/^eSMS could not be reached: the request timed out \((ECONNABORTED|ETIMEDOUT)\)$/);
		expect(env.sim.requests()).toHaveLength(1);
	});

	test('a send without a Request ID is never retried: its outcome is unknown', async () => {
		env.sim.addFault({ mode: 'acceptThenDrop', times: 1 });
		const { error } = await runEsms({ creds: env.creds, parameters: send({ options: { autoRequestId: false } }), items: one });
		expect(error?.message).toBe('eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)');
		expect(env.sim.requests()).toHaveLength(1);
		expect(env.sim.ledger()).toHaveLength(1);
	});

	test('a send with a Request ID is retried after a drop, and the retry is reported as already accepted', async () => {
		env.sim.addFault({ mode: 'acceptThenDrop', times: 1 });
		const { error, output } = await runEsms({ creds: env.creds, parameters: send(), items: one });
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ smsId: null, alreadyAccepted: true });
		expect(env.sim.requests()).toHaveLength(2);
		expect(env.sim.ledger()).toHaveLength(1);
	});

	test('a send hit by HTTP 503 once is retried and goes through', async () => {
		env.sim.addFault({ mode: 'http5xx', status: 503, times: 1 });
		const { output } = await runEsms({ creds: env.creds, parameters: send(), items: one });
		expect(output[0].json).toMatchObject({ alreadyAccepted: false });
		expect(String(output[0].json.smsId)).toMatch(/^[0-9a-f]{32}\d+$/);
		expect(env.sim.ledger()).toHaveLength(1);
	});
});

describe('Continue On Fail: N items in, N items out, in order', () => {
	test.each(['http5xx', 'html', 'malformedJson', 'empty', 'reset'])('%s on 3 of 10 status queries', async (mode) => {
		for (let i = 0; i < 10; i++) env.sim.injectMessage({ smsId: `SMS-${i}` });
		for (const id of ['SMS-2', 'SMS-5', 'SMS-9']) env.sim.addFault({ route: 'GetSendStatus', mode, match: { RefId: id } });
		const items = Array.from({ length: 10 }, (_, i) => ({ json: { smsId: `SMS-${i}` } }));
		const { run, output } = await runEsms({
			creds: env.creds,
			parameters: { resource: 'sms', operation: 'getStatus' },
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(run.status).toBe('success');
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(output.map((o) => (o.error ? 'error' : o.json.smsId))).toEqual([
			'SMS-0', 'SMS-1', 'error', 'SMS-3', 'SMS-4', 'error', 'SMS-6', 'SMS-7', 'SMS-8', 'error',
		]);
		for (const o of output.filter((x) => x.error)) expect(String(o.json.error)).toMatch(/^eSMS (answered|could not be reached)/);
		for (const o of output.filter((x) => !x.error)) expect(o.json).toMatchObject({ isFinal: true, result: 'success' });
	}, 30_000);
});

describe('idempotent sends under Retry On Fail', () => {
	test('1,000 sends, 5% of connections dropped after eSMS accepted them: exactly 1,000 messages, no duplicates', async () => {
		env.sim.addFault({ route: 'SendMultipleMessage_V4_get', mode: 'acceptThenDrop', probability: 0.05 });
		const items = Array.from({ length: 1000 }, (_, i) => ({ json: { n: i } }));
		const { run, output } = await runEsms({
			creds: env.creds,
			parameters: send({ content: '=Message {{ $json.n }}' }),
			items,
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		});
		const ledger = env.sim.ledger();
		const requestIds = ledger.map((e) => e.requestId);
		expect(ledger).toHaveLength(1000);
		expect(new Set(requestIds).size).toBe(1000);
		expect(new Set(ledger.map((e) => e.content)).size).toBe(1000);
		expect(run.status).toBe('success');
		expect(output).toHaveLength(1000);
		const dropped = output.filter((o) => o.json.alreadyAccepted === true).length;
		expect(dropped).toBeGreaterThan(10);
		expect(output.filter((o) => typeof o.json.smsId === 'string').length).toBe(1000 - dropped);
		const sends = env.sim.requests().length;
		expect(sends).toBeGreaterThan(1000);
		console.log(`1,000 sends: ${sends} requests, ${dropped} dropped after acceptance and re-asked, ledger ${ledger.length}`);
	}, 120_000);

	test('without the Request ID, the same faults duplicate messages (why it is on by default)', async () => {
		env.sim.addFault({ route: 'SendMultipleMessage_V4_get', mode: 'acceptThenDrop', probability: 0.05 });
		const items = Array.from({ length: 200 }, (_, i) => ({ json: { n: i } }));
		await runEsms({
			creds: env.creds,
			parameters: send({ content: '=Message {{ $json.n }}', options: { autoRequestId: false } }),
			items,
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		const contents = env.sim.ledger().map((e) => e.content);
		expect(contents.length).toBeGreaterThan(new Set(contents).size);
	}, 60_000);
});
