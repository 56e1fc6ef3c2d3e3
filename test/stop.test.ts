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
		expect(errorOf(r)?.message).toMatch(/^Invalid template parameter "order_code" in item 3: it has 300 characters and the template allows at most \d+$/);
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
