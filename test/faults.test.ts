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

	test("a Request ID of the user's own, the connection dropped after eSMS accepted: the retry's 124 is an error that says the message was most likely sent once", async () => {
		env.sim.addFault({ mode: 'acceptThenDrop', times: 1 });
		const { error, output } = await runEsms({ creds: env.creds, parameters: send({ options: { requestId: 'order-42' } }), items: one });
		expect(output).toEqual([]);
		expect(error?.message).toBe('eSMS error 124: this Request ID was already used in the last 24 hours');
		expect(description(error)).toBe(
			'The node\'s first attempt got no usable answer ("eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)"), so it sent this item again with the same Request ID (order-42), and eSMS answered 124: it already had this Request ID. Most likely the first attempt reached eSMS and the message was sent once, though a 124 also comes when another message used this Request ID in the last 24 hours. Check before sending it again: look it up by its Request ID in eSMS\'s reports (account.esms.vn), or wait for its delivery report (Callback URL, eSMS Trigger); Get Status needs its SMSID, which was in the lost answer. Do not send it again with a new Request ID unless you found that it was not sent. eSMS said: "Request exist 1".',
		);
		expect(env.sim.requests()).toHaveLength(2);
		// it was sent, once
		expect(env.sim.ledger().map((e) => e.requestId)).toEqual(['order-42']);
	});

	test('in a run of 3 under Stop Workflow, item 2 with that 124: "failed", not "refused", and the others were sent', async () => {
		env.sim.addFault({ mode: 'acceptThenDrop', times: 1, match: { RequestId: 'order-2' } });
		const items = [1, 2, 3].map((n) => ({ json: { n, p: ['0901888484', '0912345678', '0987654321'][n - 1] } }));
		const { error } = await runEsms({ creds: env.creds, parameters: send({ phone: '={{ $json.p }}', options: { requestId: "={{ 'order-' + $json.n }}" } }), items });
		expect(error?.message).toBe('eSMS error 124: this Request ID was already used in the last 24 hours');
		expect(description(error)).toMatch(
			/^Item 2 of 3 failed \(On Error is "Stop Workflow"\)\. Both other items \(items 1 and 3\) were sent: .+ The node's first attempt got no usable answer .+ \(order-2\), .+ Do not send it again with a new Request ID unless you found that it was not sent\. eSMS said: "Request exist 1"\. For sends of several items, set On Error/,
		);
		expect(env.sim.ledger().map((e) => e.requestId).sort()).toEqual(['order-1', 'order-2', 'order-3']);
	});

	test('the same on Send ZNS with its own Request ID', async () => {
		env.sim.addFault({ route: 'SendZaloMessage_V6', mode: 'acceptThenDrop', times: 1 });
		const { error } = await runEsms({
			creds: env.creds,
			parameters: {
				resource: 'zaloMessage',
				operation: 'sendZns',
				zaloOa: { __rl: true, mode: 'list', value: '4097311281936189049' },
				znsTemplate: { __rl: true, mode: 'id', value: '267247' },
				znsTemplateParams: { mappingMode: 'defineBelow', value: { customer_name: 'Hà', product_name: 'Gói', order_code: 'HD1', date: '01/08/2024' } },
				phone: '0901888484',
				options: { requestId: 'zns-order-7' },
			},
			items: one,
		});
		expect(error?.message).toBe('eSMS error 124: this Request ID was already used in the last 24 hours');
		expect(description(error)).toMatch(/^The node's first attempt got no usable answer \(".+"\), so it sent this item again with the same Request ID \(zns-order-7\), and eSMS answered 124: /);
		expect(description(error)).not.toContain('Use a new Request ID');
		expect(env.sim.ledger()).toHaveLength(1);
	});

	test("a Request ID of the user's own that an earlier run used (no lost answer): the 124 keeps its usual description", async () => {
		await runEsms({ creds: env.creds, parameters: send({ options: { requestId: 'order-43' } }), items: one });
		const { error } = await runEsms({ creds: env.creds, parameters: send({ content: 'Shipped', options: { requestId: 'order-43' } }), items: one });
		expect(description(error)).toBe(
			'eSMS blocks a repeated Request ID for 24 hours, so nothing was sent again. Use a new Request ID for a new message. eSMS said: "Request exist 1".',
		);
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

describe('every read retries like a read (its kind, not its URL, decides)', () => {
	const rl = (value: string) => ({ __rl: true, mode: 'id', value });
	// each list read, with the fields it needs; the simulator names a route by its path (faults.js)
	test.each([
		['getBrandnames', 'GetListBrandname', {}],
		['getSmsTemplates', 'GetTemplate', { brandname: rl('Baotrixemay') }],
		['getZaloOas', 'ZNS/GetListZOA', {}],
		['getZnsTemplates', 'GetTemplate', { zaloOa: rl('4097311281936189049') }],
		['getZnsTemplate', 'GetZnsTemplateInfo', { zaloOa: rl('4097311281936189049'), znsTemplate: rl('267247') }],
		['getZaloOaQuota', 'ZNS/GetQuota', { zaloOa: rl('4097311281936189049') }],
	])('Account → %s: an HTTP 500, then a dropped connection, then a 160, each asked again; the 4th answer is the output', async (operation, route, params) => {
		const clean = await runEsms({ creds: env.creds, parameters: { resource: 'account', operation, ...params }, items: one });
		expect(clean.error).toBeUndefined();
		env.sim.clearRequests();
		for (const mode of ['http5xx', 'reset', 'rateLimited']) env.sim.addFault({ route, mode, times: 1 });
		const { error, output } = await runEsms({ creds: env.creds, parameters: { resource: 'account', operation, ...params }, items: one });
		expect(error).toBeUndefined();
		expect(output).toEqual(clean.output);
		expect(env.sim.requests()).toHaveLength(4);
	}, 30_000);

	test('a send is not asked again after a 160', async () => {
		env.sim.addFault({ route: 'SendMultipleMessage_V4_get', mode: 'rateLimited', times: 1 });
		const { error } = await runEsms({ creds: env.creds, parameters: send(), items: one });
		expect(error?.message).toMatch(/^eSMS error 160/);
		expect(env.sim.requests()).toHaveLength(1);
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
		// alreadyAccepted: smsId null when the answer was lost in this try; the SMSID eSMS gave in an earlier
		// try of Retry On Fail when n8n ran the node again (earlierTries.ts). Every other item has its SMSID.
		expect(output.filter((o) => (o.json.alreadyAccepted ? o.json.smsId !== null && typeof o.json.smsId !== 'string' : typeof o.json.smsId !== 'string'))).toEqual([]);
		const smsIds = output.map((o) => o.json.smsId).filter((id) => id !== null);
		expect(new Set(smsIds).size).toBe(smsIds.length);
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
