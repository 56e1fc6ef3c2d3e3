/**
 * On Error "Stop Workflow" (n8n's default) with several items to send: when the node refuses one item,
 * it sends none (the run barrier, nodes/Esms/shared/transport.ts). Before it, n8n's RoutingNode had
 * already started the other items' requests, so items 1 and 2 went out while item 3 failed, their
 * SMSIDs were in no output, and running the workflow again sent them twice.
 * The built node through n8n-core's real engine (WorkflowExecute), against the simulator over HTTP.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runEsms } from './helpers/harness';
import type { RunResult } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();

const SENDS = new Set([
	'SendMultipleMessage_V4_get',
	'SendMultipleMessage_V4_post_json',
	'SendZaloMessage_V6',
	'MultiChannelMessage',
	'MakeCallRecord_V2',
	'MakeCallTemplate_V2',
]);
/** Requests that reached a send endpoint of the simulator (REST or voice host). */
const sendRequests = () => env.sim.requests().filter((r) => SENDS.has(r.path.replace(/\/+$/, '').split('/').pop() ?? ''));

const PHONES = ['0901888484', '0912345678', '0987654321', '0933111222', '0977123456'];
const items = (phones: string[], extra: (i: number) => Record<string, unknown> = () => ({})): INodeExecutionData[] =>
	phones.map((p, i) => ({ json: { p, ...extra(i) } }));

const fixedNumber = (p: Record<string, unknown> = {}) => ({ resource: 'sms', operation: 'sendFixedNumber', phone: '={{ $json.p }}', content: 'Hello', ...p });
const list = (value: string) => ({ __rl: true, mode: 'list', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** The phones of the messages eSMS accepted, sorted (items are sent concurrently, so they arrive in any order). */
const phonesSent = () => env.sim.ledger().map((e) => e.phone).sort();

const errorOf = (r: RunResult) => r.error as unknown as { message: string; description: string; context: { itemIndex: number } } | undefined;

const BAD_PHONE = 'Invalid "Phone" in item 3: it contains characters other than digits, spaces, dots, dashes and a leading +';
const PHONE_FIX = 'Use one Vietnamese mobile number, such as 0901888484, 84901888484 or +84 90 188 84 84.';
const CONTINUE = 'To send the other items and get each refused item as an error item, set On Error (in the node\'s settings) to "Continue" or "Continue (using error output)".';

/** Unhandled promise rejections during a test (fatal to an n8n process, which has no handler for them). */
let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
	unhandled = [];
	process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
	process.off('unhandledRejection', onUnhandled);
	expect(unhandled).toEqual([]);
});

describe('one item refused under Stop Workflow: nothing of the run is sent', () => {
	test('fixed-number SMS, item 3 with a bad phone, default On Error: 0 messages, 0 send requests; the error names item 3 and Phone', async () => {
		const r = await runEsms({ creds: env.creds, parameters: fixedNumber(), items: items([PHONES[0], PHONES[1], 'nope']) });
		expect(r.run.status).toBe('error');
		expect(errorOf(r)?.message).toBe(BAD_PHONE);
		expect(errorOf(r)?.context.itemIndex).toBe(2);
		expect(errorOf(r)?.description).toBe(
			`Item 3 was refused, so no item of this run was sent to eSMS (On Error is "Stop Workflow"): fix it and run the workflow again. ${PHONE_FIX} ${CONTINUE}`,
		);
		expect(env.sim.ledger()).toEqual([]);
		expect(sendRequests()).toEqual([]);
		// nothing in any output: the node failed
		expect(r.run.data.resultData.runData.eSMS[0].data).toBeUndefined();
	});

	test('the same with On Error set to "Stop Workflow" explicitly, the bad item first, and two bad items (the first is named)', async () => {
		const first = await runEsms({ creds: env.creds, parameters: fixedNumber(), items: items(['nope', PHONES[1], PHONES[2]]), settings: { onError: 'stopWorkflow' } });
		expect(errorOf(first)?.message).toBe(BAD_PHONE.replace('item 3', 'item 1'));
		expect(errorOf(first)?.context.itemIndex).toBe(0);
		expect(errorOf(first)?.description).toMatch(/^Item 1 was refused, so no item of this run was sent to eSMS/);
		const two = await runEsms({ creds: env.creds, parameters: fixedNumber(), items: items([PHONES[0], '12345', 'nope', PHONES[3]]), settings: { onError: 'stopWorkflow' } });
		expect(errorOf(two)?.message).toBe('Invalid "Phone" in item 2: it does not have the 10 digits of a Vietnamese mobile number');
		expect(errorOf(two)?.context.itemIndex).toBe(1);
		expect(errorOf(two)?.description).toMatch(/^Item 2 was refused, so no item of this run was sent to eSMS/);
		expect(env.sim.ledger()).toEqual([]);
		expect(sendRequests()).toEqual([]);
	});

	test('fix the item and run again: every message is sent exactly once', async () => {
		const bad = await runEsms({ creds: env.creds, parameters: fixedNumber(), items: items([PHONES[0], PHONES[1], 'nope']) });
		expect(bad.run.status).toBe('error');
		const good = await runEsms({ creds: env.creds, parameters: fixedNumber(), items: items(PHONES.slice(0, 3)) });
		expect(good.run.status).toBe('success');
		expect(good.output.map((o) => [o.json.phone, o.pairedItem])).toEqual(PHONES.slice(0, 3).map((p, item) => [p, { item }]));
		expect(phonesSent()).toEqual([...PHONES.slice(0, 3)].sort());
	});

	test('brandname SMS, item 3 refused after an await (its text matches no template of the list read first): 0 messages', async () => {
		const texts = ['1001 la ma xac minh dang ky Baotrixemay cua ban', '1002 la ma xac minh dang ky Baotrixemay cua ban', 'Ma OTP cua ban la 1234'];
		const r = await runEsms({
			creds: env.creds,
			parameters: { resource: 'sms', operation: 'sendBrandname', phone: '={{ $json.p }}', brandname: list('Baotrixemay'), contentSource: 'text', text: '={{ $json.text }}' },
			items: items(PHONES.slice(0, 3), (i) => ({ text: texts[i] })),
		});
		expect(errorOf(r)?.message).toMatch(/^Invalid "Content" in item 3: it matches no customer-care template of brandname Baotrixemay: /);
		expect(errorOf(r)?.context.itemIndex).toBe(2);
		expect(errorOf(r)?.description).toMatch(/^Item 3 was refused, so no item of this run was sent to eSMS \(On Error is "Stop Workflow"\): fix it and run the workflow again\. eSMS sends customer-care SMS only with the exact text of a registered template/);
		expect(env.sim.requests().map((q) => q.path)).toEqual(['/MainService.svc/json/GetTemplate/']);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('brandname SMS, item 1 refused at once while items 2 and 3 still wait for the template list: 0 messages', async () => {
		const r = await runEsms({
			creds: env.creds,
			parameters: { resource: 'sms', operation: 'sendBrandname', phone: '={{ $json.p }}', brandname: list('Baotrixemay'), contentSource: 'text', text: '1001 la ma xac minh dang ky Baotrixemay cua ban' },
			items: items(['nope', PHONES[1], PHONES[2]]),
		});
		expect(errorOf(r)?.message).toBe(BAD_PHONE.replace('item 3', 'item 1'));
		expect(errorOf(r)?.context.itemIndex).toBe(0);
		expect(sendRequests()).toEqual([]);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('Zalo ZNS, item 3 with a template parameter over its length (checked against the template read first): 0 messages', async () => {
		const r = await runEsms({
			creds: env.creds,
			parameters: {
				resource: 'zaloMessage',
				operation: 'sendZns',
				zaloOa: list('4097311281936189049'),
				znsTemplate: byId('267247'),
				znsTemplateParams: { mappingMode: 'defineBelow', value: { customer_name: 'Hà', product_name: 'Gói Premium', order_code: '={{ $json.order }}', date: '01/08/2024' } },
				phone: '={{ $json.p }}',
			},
			items: items(PHONES.slice(0, 3), (i) => ({ order: i === 2 ? 'X'.repeat(300) : `HD0000${i}` })),
		});
		expect(errorOf(r)?.message).toMatch(/^Invalid template parameter "order_code" in item 3: it has 300 characters \(UTF-16 units, as eSMS counts: an emoji is 2\) and the template allows at most \d+$/);
		expect(errorOf(r)?.description).toMatch(/^Item 3 was refused, so no item of this run was sent to eSMS/);
		expect(sendRequests()).toEqual([]);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('Zalo ZNS, item 2 with a NUMBER parameter of letters (eSMS would answer 790 for it): 0 messages; the error names item 2, the parameter and its form', async () => {
		const doc = { customer_name: 'Đinh Thái Hà', order_code: 'HD00001', product_name: 'Gói Premium', quantity: '={{ $json.q }}', payment_amount: '4308000', delivery_date: '01/08/2024' };
		const r = await runEsms({
			creds: env.creds,
			parameters: { resource: 'zaloMessage', operation: 'sendZns', zaloOa: list('4097311281936189049'), znsTemplate: byId('200607'), znsTemplateParams: { mappingMode: 'defineBelow', value: doc }, phone: '={{ $json.p }}' },
			items: items(PHONES.slice(0, 3), (i) => ({ q: i === 1 ? 'abc' : String(i + 1) })),
		});
		expect(errorOf(r)?.message).toBe('Invalid template parameter "quantity" in item 2: it is "abc", and a NUMBER parameter takes only the digits 0 to 9');
		expect(errorOf(r)?.context.itemIndex).toBe(1);
		expect(errorOf(r)?.description).toBe(
			`Item 2 was refused, so no item of this run was sent to eSMS (On Error is "Stop Workflow"): fix it and run the workflow again. Give quantity as digits only, at most 12, for example 4308000: no spaces, dots, commas, sign or decimals. ${CONTINUE}`,
		);
		expect(sendRequests()).toEqual([]);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('voice call (recording), item 3 with a bad phone: 0 calls, 0 requests to the voice API', async () => {
		const r = await runEsms({
			creds: env.creds,
			parameters: { resource: 'voiceCall', operation: 'makeCall', recordingId: '12345', phone: '={{ $json.p }}' },
			items: items([PHONES[0], PHONES[1], 'nope']),
		});
		expect(errorOf(r)?.message).toBe(BAD_PHONE);
		expect(env.sim.requests().filter((q) => q.host === 'voice')).toEqual([]);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('an item whose parameters fail in n8n itself (an expression error in item 3): n8n\'s error, 0 messages, no unhandled rejection', async () => {
		const r = await runEsms({
			creds: env.creds,
			parameters: fixedNumber({ phone: '={{ $json.p.trim() }}' }),
			items: [{ json: { p: PHONES[0] } }, { json: { p: PHONES[1] } }, { json: {} }],
		});
		expect(r.run.status).toBe('error');
		expect(errorOf(r)?.context.itemIndex).toBe(2);
		// RoutingNode no longer awaits items 1 and 2: give them time to send, if they were to
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(sendRequests()).toEqual([]);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('Retry On Fail: each try is a new run (a refusal in one does not hold the next)', async () => {
		// try 1: the template list fails, so every item is refused; try 2 reads it again and sends all
		env.sim.addFault({ route: 'GetTemplate', mode: 'http5xx', status: 500, times: 1 });
		const r = await runEsms({
			creds: env.creds,
			parameters: { resource: 'sms', operation: 'sendBrandname', phone: '={{ $json.p }}', brandname: list('Baotrixemay'), contentSource: 'text', text: '1001 la ma xac minh dang ky Baotrixemay cua ban' },
			items: items(PHONES.slice(0, 3)),
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		expect(r.error).toBeUndefined();
		expect(r.output.map((o) => [o.json.phone, o.pairedItem])).toEqual(PHONES.slice(0, 3).map((p, item) => [p, { item }]));
		expect(env.sim.requests().filter((q) => q.path === '/MainService.svc/json/GetTemplate/')).toHaveLength(2);
		expect(phonesSent()).toEqual([...PHONES.slice(0, 3)].sort());
	});
});

describe('all items good under Stop Workflow: every item sent exactly once', () => {
	test('3 items: 3 messages, in order, paired', async () => {
		const r = await runEsms({ creds: env.creds, parameters: fixedNumber(), items: items(PHONES.slice(0, 3)), settings: { onError: 'stopWorkflow' } });
		expect(r.run.status).toBe('success');
		expect(r.output.map((o) => [o.json.phone, o.pairedItem])).toEqual(PHONES.slice(0, 3).map((p, item) => [p, { item }]));
		expect(phonesSent()).toEqual([...PHONES.slice(0, 3)].sort());
		expect(sendRequests()).toHaveLength(3);
	});

	test('200 items: 200 messages, one request each, 200 outputs paired in order', async () => {
		const many = Array.from({ length: 200 }, (_, i) => ({ json: { p: `09${String(10_000_000 + i).padStart(8, '0')}` } }));
		const r = await runEsms({ creds: env.creds, parameters: fixedNumber(), items: many });
		expect(r.run.status).toBe('success');
		expect(r.output.map((o) => o.pairedItem)).toEqual(many.map((_, item) => ({ item })));
		const ledger = env.sim.ledger();
		expect(ledger).toHaveLength(200);
		expect(new Set(ledger.map((e) => e.phone)).size).toBe(200);
		expect(new Set(ledger.map((e) => e.requestId)).size).toBe(200);
		expect(sendRequests()).toHaveLength(200);
	}, 60_000);

	test('Execute Once: the one item is sent', async () => {
		const r = await runEsms({ creds: env.creds, parameters: fixedNumber(), items: items(PHONES.slice(0, 3)), settings: { executeOnce: true } });
		expect(r.run.status).toBe('success');
		expect(env.sim.ledger().map((e) => e.phone)).toEqual([PHONES[0]]);
	});

	test('status queries and account lists are not held: items with no request steps, or that change nothing, run as before', async () => {
		const balance = await runEsms({ creds: env.creds, parameters: { resource: 'account', operation: 'getBalance' }, items: [{ json: {} }, { json: {} }] });
		expect(balance.output).toHaveLength(2);
		const brandnames = await runEsms({ creds: env.creds, parameters: { resource: 'account', operation: 'getBrandnames' }, items: [{ json: {} }] });
		expect(brandnames.error).toBeUndefined();
		env.sim.injectMessage({ smsId: 'A', kind: 'sms' });
		const status = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus' }, items: [{ json: { smsId: 'A' } }, { json: { other: 1 } }] });
		expect(errorOf(status)?.message).toBe('Invalid "SMSID" in item 2: the input item has no field "smsId"');
		// a status query is not a send: the description is the item's own
		expect(errorOf(status)?.description).toMatch(/^Nothing was sent to eSMS for this item\./);
	});
});

describe('the "Batching" request option: each batch is checked when it starts', () => {
	const batching = (batchSize: number) => ({ requestOptions: { batching: { batch: { batchSize, batchInterval: 20 } } } });

	test('5 items in batches of 2, item 4 refused: the first batch was sent, nothing from the refused batch on', async () => {
		const r = await runEsms({
			creds: env.creds,
			parameters: fixedNumber(batching(2)),
			items: items([PHONES[0], PHONES[1], PHONES[2], 'nope', PHONES[4]]),
		});
		expect(errorOf(r)?.message).toBe(BAD_PHONE.replace('item 3', 'item 4'));
		expect(errorOf(r)?.context.itemIndex).toBe(3);
		expect(errorOf(r)?.description).toBe(
			`Item 4 was refused, so no further item of this run was sent to eSMS (On Error is "Stop Workflow"), but 2 items of earlier batches had already been sent: with the "Batching" request option, each batch is checked when it starts. ${PHONE_FIX} ${CONTINUE}`,
		);
		expect(phonesSent()).toEqual([PHONES[0], PHONES[1]].sort());
	});

	test('item 2 refused in the first batch: nothing sent', async () => {
		const r = await runEsms({ creds: env.creds, parameters: fixedNumber(batching(2)), items: items([PHONES[0], 'nope', PHONES[2], PHONES[3]]) });
		expect(errorOf(r)?.context.itemIndex).toBe(1);
		expect(errorOf(r)?.description).toMatch(/^Item 2 was refused, so no item of this run was sent to eSMS/);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('all good: every batch sent, all items in the output', async () => {
		const r = await runEsms({ creds: env.creds, parameters: fixedNumber(batching(2)), items: items(PHONES) });
		expect(r.run.status).toBe('success');
		expect(r.output.map((o) => o.json.phone)).toEqual(PHONES);
		expect(phonesSent()).toEqual([...PHONES].sort());
	});
});

describe('Continue modes are unchanged: the good items are sent, N in, N out, paired', () => {
	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)('%s, item 3 refused: 2 messages', async (onError) => {
		const r = await runEsms({ creds: env.creds, parameters: fixedNumber(), items: items([PHONES[0], PHONES[1], 'nope']), settings: { onError } });
		expect(r.run.status).toBe('success');
		const main = r.run.data.resultData.runData.eSMS[0].data!.main;
		const all = main.flatMap((out, o) => (out ?? []).map((i) => [o, i.json.error ?? i.json.phone, i.pairedItem]));
		const errorOutput = onError === 'continueErrorOutput' ? 1 : 0;
		expect(all).toEqual([
			[0, PHONES[0], { item: 0 }],
			[0, PHONES[1], { item: 1 }],
			[errorOutput, BAD_PHONE, { item: 2 }],
		]);
		expect(phonesSent()).toEqual([PHONES[0], PHONES[1]].sort());
	});
});

describe('eSMS refuses one item after the node\'s checks passed: the error says which item, and what became of the others', () => {
	const OTP = (code: number) => `${code} la ma xac minh dang ky Baotrixemay cua ban`;
	const MISMATCH = 'Ma OTP cua ban la 1234';
	const brandname = (p: Record<string, unknown> = {}) => ({
		resource: 'sms',
		operation: 'sendBrandname',
		phone: '={{ $json.p }}',
		brandname: list('Baotrixemay'),
		contentSource: 'text',
		text: '={{ $json.text }}',
		...p,
		options: { templateCheck: 'off', ...(p.options as object) },
	});
	const texts = (bad: number, n: number) => Array.from({ length: n }, (_, i) => (i === bad ? MISMATCH : OTP(1001 + i)));
	const FIX_146 = (smsId: string) =>
		`Use the exact text of a template registered for your Brandname, with only the variable parts changed. eSMS said: "Sai template Brandname CSKH". The node did not check the text (Template Check is Off). eSMS recorded the refused message as SMSID ${smsId}.`;
	const AGAIN = (one: boolean) =>
		one
			? 'Running the workflow again sends it again, unless it carries the same Request ID as now (a Request ID of your own, under Options: the automatic one changes with each execution).'
			: 'Running the workflow again sends them again, unless they carry the same Request ID as now (a Request ID of your own, under Options: the automatic one changes with each execution).';
	const SEVERAL =
		'For sends of several items, set On Error (in the node\'s settings) to "Continue" or "Continue (using error output)": each item then gets its own result, with its SMSID or its error.';
	const smsIdIn = (description: string | undefined) => /as SMSID (\S+)\./.exec(description ?? '')?.[1] ?? '';

	test('brandname SMS with Template Check Off, item 2 of 3 refused by eSMS (146): items 1 and 3 were sent, and the error says so', async () => {
		const r = await runEsms({ creds: env.creds, parameters: brandname(), items: items(PHONES.slice(0, 3), (i) => ({ text: texts(1, 3)[i] })) });
		expect(errorOf(r)?.message).toBe('eSMS error 146: the content does not match a registered customer-care template');
		expect(errorOf(r)?.context.itemIndex).toBe(1);
		expect(errorOf(r)?.description).toBe(
			`eSMS refused item 2 of 3 (On Error is "Stop Workflow"). Both other items (items 1 and 3) were sent: eSMS accepted them, but they are in no output of this node, as it stopped on this error. ${AGAIN(false)} ${FIX_146(smsIdIn(errorOf(r)?.description))} ${SEVERAL}`,
		);
		expect(phonesSent()).toEqual([PHONES[0], PHONES[2]].sort());
		expect(r.run.data.resultData.runData.eSMS[0].data).toBeUndefined();
	});

	test('Retry On Fail with Request IDs of your own: the items eSMS accepted in the first try are already accepted in the next (with their SMSID), and the error shown is the refused item\'s', async () => {
		const r = await runEsms({
			creds: env.creds,
			parameters: brandname({ options: { requestId: "={{ 'rt-' + $json.p }}" } }),
			items: items(PHONES.slice(0, 3), (i) => ({ text: texts(1, 3)[i] })),
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		});
		// each message once, whatever the number of tries
		expect(phonesSent()).toEqual([PHONES[0], PHONES[2]].sort());
		// before: item 1's 124 ("use a new Request ID"), which hid the 146 and invited a second send
		expect(errorOf(r)?.message).toBe('eSMS error 146: the content does not match a registered customer-care template');
		expect(errorOf(r)?.context.itemIndex).toBe(1);
		expect(errorOf(r)?.description).toContain('eSMS refused item 2 of 3 (On Error is "Stop Workflow"). Both other items (items 1 and 3) were sent');
	});

	test('Retry On Fail with Request IDs of your own: when the next try succeeds, the items sent in the first come out as already accepted, with the SMSID eSMS gave them then', async () => {
		// item 2's four attempts in the first try all meet an HTTP 502; n8n then runs the node again
		env.sim.addFault({ route: 'SendMultipleMessage_V4_post_json', mode: 'http5xx', status: 502, times: 4, match: { RequestId: `rc-${PHONES[1]}` } });
		const r = await runEsms({
			creds: env.creds,
			parameters: brandname({ options: { requestId: "={{ 'rc-' + $json.p }}" } }),
			items: items(PHONES.slice(0, 3), (i) => ({ text: OTP(1001 + i) })),
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		expect(errorOf(r)).toBeUndefined();
		const ledger = env.sim.ledger();
		expect(ledger.map((e) => e.phone).sort()).toEqual(PHONES.slice(0, 3).sort());
		const smsIdOf = (phone: string) => ledger.find((e) => e.phone === phone)!.smsId;
		const out = r.run.data.resultData.runData.eSMS.at(-1)!.data!.main[0]!.map((i) => i.json as { smsId?: string; alreadyAccepted?: boolean });
		expect(out.map((o) => [o.alreadyAccepted, o.smsId])).toEqual([
			[true, smsIdOf(PHONES[0])],
			[false, smsIdOf(PHONES[1])],
			[true, smsIdOf(PHONES[2])],
		]);
	}, 30_000);

	test('a run of one item keeps its error exactly as before', async () => {
		const r = await runEsms({ creds: env.creds, parameters: brandname(), items: items([PHONES[0]], () => ({ text: MISMATCH })) });
		expect(errorOf(r)?.message).toBe('eSMS error 146: the content does not match a registered customer-care template');
		expect(errorOf(r)?.description).toBe(FIX_146(smsIdIn(errorOf(r)?.description)));
		expect(env.sim.ledger()).toEqual([]);
	});

	test('103 (no balance) for one of 3 fixed-number SMS: the refused item is named, the 2 others were sent', async () => {
		env.sim.addAccount({ apiKey: 'TWO_SMS_KEY', secretKey: 'TWO_SMS_SECRET', balance: 700 });
		const r = await runEsms({ creds: { ...env.creds, apiKey: 'TWO_SMS_KEY', secretKey: 'TWO_SMS_SECRET' }, parameters: fixedNumber(), items: items(PHONES.slice(0, 3)) });
		// items go out together, so which one meets the empty balance is eSMS's order of arrival
		const sent = env.sim.ledger().map((e) => PHONES.indexOf(e.phone)).sort();
		expect(sent).toHaveLength(2);
		const refused = [0, 1, 2].find((i) => !sent.includes(i))!;
		expect(errorOf(r)?.message).toBe('eSMS error 103: not enough balance to send');
		expect(errorOf(r)?.context.itemIndex).toBe(refused);
		expect(errorOf(r)?.description).toBe(
			`eSMS refused item ${refused + 1} of 3 (On Error is "Stop Workflow"). Both other items (items ${sent[0] + 1} and ${sent[1] + 1}) were sent: eSMS accepted them, but they are in no output of this node, as it stopped on this error. ${AGAIN(false)} Top up the eSMS account, then run the workflow again. Account → Get Balance shows what is left. eSMS said: "Not enough balance to send message.". ${SEVERAL}`,
		);
	});

	test('Max Concurrent Requests 1, item 2 of 5 refused: item 1 was sent, items 3 to 5 are not sent once item 2 failed', async () => {
		const r = await runEsms({ creds: env.creds, parameters: brandname({ options: { maxConcurrentRequests: 1 } }), items: items(PHONES, (i) => ({ text: texts(1, 5)[i] })) });
		expect(errorOf(r)?.context.itemIndex).toBe(1);
		expect(errorOf(r)?.description).toBe(
			`eSMS refused item 2 of 5 (On Error is "Stop Workflow"). 1 of the 4 other items (item 1) was sent: eSMS accepted it, but it is in no output of this node, as it stopped on this error. ${AGAIN(true)} 3 other items were not sent: once a send of the run has failed, the node sends none that has not gone out yet. ${FIX_146(smsIdIn(errorOf(r)?.description))} ${SEVERAL}`,
		);
		expect(phonesSent()).toEqual([PHONES[0]]);
		expect(sendRequests()).toHaveLength(2);
	});

	test('Batching: the count in the error is what eSMS accepted, and the later batches are not sent once a send failed', async () => {
		const r = await runEsms({
			creds: env.creds,
			parameters: brandname({ requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 20 } } } }),
			items: items(PHONES.slice(0, 4), (i) => ({ text: texts(0, 4)[i] })),
		});
		expect(errorOf(r)?.context.itemIndex).toBe(0);
		// how many batches started before item 1's answer came back depends on timing; the error matches the ledger
		const sent = env.sim.ledger().map((e) => PHONES.indexOf(e.phone)).sort();
		const description = errorOf(r)?.description ?? '';
		expect(description.startsWith('eSMS refused item 1 of 4 (On Error is "Stop Workflow"). ')).toBe(true);
		if (sent.length === 0) expect(description).toContain('No other item of this run was accepted by eSMS. 3 other items were not sent: once a send of the run has failed');
		else expect(description).toContain(`(${sent.length === 1 ? `item ${sent[0] + 1}) was sent` : `items `}`);
		if (sent.length < 3) expect(description).toContain(`${3 - sent.length} other item${3 - sent.length === 1 ? ' was' : 's were'} not sent`);
		expect(sendRequests()).toHaveLength(1 + sent.length);
	});

	test('Continue: each item its own result, the refused one an error item without the run\'s story; both others sent', async () => {
		const r = await runEsms({ creds: env.creds, parameters: brandname(), items: items(PHONES.slice(0, 3), (i) => ({ text: texts(1, 3)[i] })), settings: { onError: 'continueRegularOutput' } });
		expect(r.run.status).toBe('success');
		expect(r.output.map((o) => (o.error ? 'error' : o.json.phone))).toEqual([PHONES[0], 'error', PHONES[2]]);
		expect((r.output[1].error as { description?: string }).description).toMatch(/^Use the exact text of a template registered for your Brandname/);
		expect(phonesSent()).toEqual([PHONES[0], PHONES[2]].sort());
	});
});
