/**
 * The eSMS Trigger's real webhook, run by n8n-core's WebhookContext behind a small HTTP host, called
 * by the simulator's callbacks (and, for shapes the simulator does not send, by documented queries).
 */
import * as http from 'node:http';
import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import { WebhookContext } from 'n8n-core';
import { ObservableObject, Workflow } from 'n8n-workflow';
import type { IDataObject, INode, IWebhookData, IWebhookResponseData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { nodeTypes } from './helpers/harness';
import { createSimulator } from './helpers/simulator';
import type { Simulator } from './helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EsmsTrigger, rememberReport } = require('../dist/nodes/EsmsTrigger/EsmsTrigger.node.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseReport } = require('../dist/nodes/Esms/shared/callbacks.js');

const TYPE = 'n8n-nodes-esms.esmsTrigger';
const KEYS = { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' };

interface Host {
	url: string;
	started: IDataObject[];
	answers: number[];
	/** the bodies of the 200 answers, as n8n 2.41.1 builds them */
	bodies: string[];
	/** delay the HTTP answer (after the trigger ran), to make eSMS time out and retry */
	slowFirst: boolean;
	/** what the trigger logged as warnings */
	warnings: string[];
	/** the workflow's static data as n8n's database holds it (JSON), null before the first save */
	db: string | null;
	close(): Promise<void>;
}

/** n8n's isWorkflowIdValid (packages/cli/src/utils.ts, 2.41.1) */
const isWorkflowIdValid = (id: string) => id.length > 0 && id.length <= 21;

/**
 * The body n8n 2.41.1 answers for a call that started the workflow with responseMode 'onReceived'
 * (webhook-helpers.js: responseData defaults to 'firstEntryJson', then extractWebhookOnReceivedResponse).
 */
function onReceivedBody(responseData: unknown, result: IWebhookResponseData): unknown {
	const data = responseData === undefined ? 'firstEntryJson' : responseData;
	if (data === 'noData') return undefined;
	if (data) return data;
	if (result.webhookResponse !== undefined) return result.webhookResponse;
	return { message: 'Workflow was started' };
}

/**
 * The trigger behind a small HTTP host that does per call what n8n 2.41.1's LiveWebhooks does with
 * the workflow's static data: load it from the "database" into a new Workflow (n8n-workflow's real
 * ObservableObject), run the webhook; when it starts the workflow, build a second Workflow from the
 * same static data object (WorkflowRunner.establishContextForPersistence, which clears the change
 * flag) and read the answer; then save the static data only if its `__dataChanged` flag is set and
 * the workflow ID is valid (WorkflowStaticDataService.saveStaticData).
 */
let hosts = 0;
async function webhookHost(parameters: IDataObject, workflowId = `wf-t${++hosts}`): Promise<Host> {
	const trigger = new EsmsTrigger();
	const node: INode = { id: 't1', name: 'eSMS Trigger', type: TYPE, typeVersion: 1, position: [0, 0], parameters: parameters as never, webhookId: 'w1' };
	const types = nodeTypes({ [TYPE]: trigger });
	const load = (staticData: IDataObject | undefined) => new Workflow({ id: workflowId, nodes: [node], connections: {}, active: true, nodeTypes: types, staticData });
	const host: Host = { url: '', started: [], answers: [], bodies: [], slowFirst: false, warnings: [], db: null, close: async () => {} };
	let calls = 0;
	const server = http.createServer(async (req, res) => {
		calls += 1;
		const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
		const response = {
			status(code: number) {
				res.statusCode = code;
				return this;
			},
			send(body: string) {
				res.end(body);
			},
		};
		const staticData = host.db === null ? undefined : (JSON.parse(host.db) as IDataObject);
		const workflow = load(staticData);
		const additionalData = { httpRequest: { query, headers: req.headers, params: {}, body: {} }, httpResponse: response, variables: {} } as unknown as IWorkflowExecuteAdditionalData;
		const webhook = trigger.description.webhooks[0];
		const ctx = new WebhookContext(workflow, node, additionalData, 'webhook', { webhookDescription: webhook } as IWebhookData, [], null);
		// n8n's logger, as the trigger sees it
		Object.defineProperty(ctx, 'logger', { value: { warn: (message: string) => host.warnings.push(message), debug() {}, info() {}, error() {} } });
		const result = (await trigger.webhook.call(ctx)) as IWebhookResponseData;
		if (result.noWebhookResponse) {
			host.answers.push(res.statusCode);
			return;
		}
		let body: unknown = result.webhookResponse ?? { message: 'Webhook call received' };
		if (result.workflowData !== undefined) {
			for (const item of result.workflowData[0] ?? []) host.started.push(item.json);
			load(staticData);
			body = onReceivedBody(webhook.responseData, result);
		}
		if (workflow.staticData.__dataChanged === true && isWorkflowIdValid(workflowId)) {
			host.db = JSON.stringify(workflow.staticData);
			workflow.staticData.__dataChanged = false;
		}
		const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
		const answer = () => {
			host.answers.push(200);
			host.bodies.push(text);
			res.end(text);
		};
		if (host.slowFirst && calls === 1) setTimeout(answer, 2500);
		else answer();
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	host.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/esms-report`;
	host.close = () => new Promise<void>((r) => server.close(() => r()));
	return host;
}

const ALL_TYPES = { messageTypes: ['sms', 'viber', 'voice', 'zalo'], onlyFinal: true };
let sim: Simulator;
let host: Host | undefined;

beforeEach(async () => {
	sim = createSimulator({ autoTick: false, callbackTimeoutMs: 2000, callbackRetryDelayMs: 10 });
	await sim.start();
});
afterEach(async () => {
	await sim.stop();
	await host?.close();
});

async function deliver() {
	sim.advance(3000);
	await sim.settleCallbacks();
}
const api = (op: string, body: object) =>
	fetch(`${sim.restUrl}/MainService.svc/json/${op}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ SMSID: string }>);

test('SMS report from eSMS → the same flat shape as Get Status, plus request ID, phone and telco', async () => {
	host = await webhookHost(ALL_TYPES);
	const { SMSID } = await api('SendMultipleMessage_V4_post_json', { ...KEYS, Phone: '0901888484', Content: 'hi', SmsType: '8', RequestId: 'order-7', CallbackUrl: host.url });
	await deliver();
	expect(host.started).toEqual([
		{
			type: 'sms',
			smsId: SMSID,
			statusCode: 5,
			status: 'Finished sending',
			isFinal: true,
			result: 'success',
			receiverCount: 1,
			sentCount: 1,
			successCount: 1,
			failedCount: 0,
			totalPrice: 350,
			requestId: 'order-7',
			phone: '0901888484',
			telcoId: 2,
			telco: 'Mobifone',
			typeId: 8,
			switchedFromSmsId: null,
		},
	]);
	expect(host.answers).toEqual([200]);
	expect(host.bodies).toEqual(['OK']);
});

test('Zalo report: error_info decoded, OA and template; a failed one too', async () => {
	host = await webhookHost(ALL_TYPES);
	sim.setOutcome('0912345678', 'failed');
	const send = (Phone: string) => api('SendZaloMessage_V6/', { ...KEYS, Phone, OAID: '1397492183140006179', TempID: '2056446', TempData: {}, CallbackUrl: host!.url });
	const ok = await send('0901888484');
	const failed = await send('0912345678');
	await deliver();
	const byId = Object.fromEntries(host.started.map((o) => [o.smsId, o]));
	expect(byId[ok.SMSID]).toMatchObject({
		type: 'zalo',
		result: 'success',
		typeId: 25,
		zaloErrorCode: 0,
		zaloErrorMessage: 'Success',
		zaloErrorLabel: 'Delivered',
		zaloErrorAction: null,
		zaloDelivery: { delivery_time: null, message: "The message was delivered to the user's phone", status: 1 },
		oaId: '1397492183140006179',
		templateId: '2056446',
		partnerIds: null,
	});
	expect(byId[failed.SMSID]).toMatchObject({ type: 'zalo', result: 'failed', zaloErrorCode: -114, totalPrice: 0, telcoId: 3, telco: 'Vinaphone' });
});

test('voice report: answered, duration, IVR key and caller ID', async () => {
	host = await webhookHost(ALL_TYPES);
	sim.setOutcome('0901888484', { result: 'answered', duration: 33, ivr: '2' });
	const r = await fetch(`${sim.voiceUrl}/MainService.svc/json/MakeCallRecord_V2?${new URLSearchParams({ ...KEYS, TemplateId: '12345', Phone: '0901888484', CallbackUrl: host.url })}`).then((x) => x.json() as Promise<{ SMSID: string }>);
	await deliver();
	expect(host.started).toEqual([
		{
			type: 'voice',
			smsId: r.SMSID,
			statusCode: 5,
			status: 'Call finished',
			isFinal: true,
			result: 'answered',
			answered: true,
			callStatus: 'ANSWERED',
			durationSeconds: 33,
			ivrKey: '2',
			sentResult: 1,
			totalPrice: 700,
			callerId: '02871002454',
		},
	]);
});

test('documented samples the simulator does not send: Viber, a voice "NO ANSWER", a Zalo error_info encoded twice', async () => {
	host = await webhookHost(ALL_TYPES);
	const get = (q: string) => fetch(`${host!.url}?${q}`).then((r) => r.status);
	await get('SMSID=abc123&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=470.0000&TotalReceiver=1&TotalSent=1&RequestId=&TypeId=23&telcoid=2&phonenumber=0901888484');
	await get('ReferenceId=066107ee-6ec4-4283-b595-aa74977c65c5&CallDuration=0&CallStatus=NO%20ANSWER&Ivr=&Price=0.0000&SentResult=1&CID=02871002454&SendStatus=5');
	await get('SMSID=z1&SendFailed=1&SendStatus=5&SendSuccess=0&TotalPrice=0.0000&TotalReceiver=1&TotalSent=1&RequestId=&TypeId=25&telcoid=2&phonenumber=0901888484&partnerids=&error_info=%22{%5C%22error%5C%22%3A-114%2C%5C%22message%5C%22%3A%5C%22User%20is%20inactive%2C%20or%20reject%20the%20message%2C%20or%20using%20an%20outdated%20Zalo%20version%2C%20or%20other%20internal%20errors%5C%22}%22&oaid=1397492183140006179&tempid=2056446');
	expect(host.started.map((o) => [o.type, o.result, o.totalPrice])).toEqual([
		['viber', 'success', 470],
		['voice', 'notAnswered', 0],
		['zalo', 'failed', 0],
	]);
	expect(host.started[2]).toMatchObject({
		zaloErrorCode: -114,
		zaloErrorMessage: 'User is inactive, or reject the message, or using an outdated Zalo version, or other internal errors',
		// issue 21 §4: labelled, with what to do, not "Zalo error -114"
		zaloErrorLabel: 'The user is inactive, refused the message (blocked the OA or turned off ZNS), uses an outdated Zalo version, or Zalo had an internal error',
		zaloErrorAction: expect.stringContaining('Send ZNS with SMS Fallback'),
	});
});

test('Zalo report: -115 is labelled; a code outside Zalo\'s table keeps Zalo\'s own message in a readable label', async () => {
	host = await webhookHost(ALL_TYPES);
	const report = (error: number, message: string) =>
		fetch(
			`${host!.url}?SMSID=z${-error}&SendFailed=1&SendStatus=5&SendSuccess=0&TotalPrice=0&TotalReceiver=1&TotalSent=1&RequestId=&TypeId=25&telcoid=2&phonenumber=0901888484&error_info=${encodeURIComponent(JSON.stringify({ error, message }))}`,
		);
	await report(-115, 'Out of quota');
	await report(-1337, 'Something new');
	expect(host.started.map((o) => [o.zaloErrorCode, o.zaloErrorLabel, o.zaloErrorAction])).toEqual([
		[-115, 'The OA\'s ZNS quota or balance is used up (Zalo\'s "Out of quota")', "Top up the OA's ZNS balance or quota (with eSMS), then send again."],
		[
			-1337,
			'Zalo error -1337: Something new',
			"Zalo did not deliver the message. Look code -1337 up in Zalo's ZNS error table (https://zalo.cloud/zns/guidelines/handle-error-code), or ask eSMS support with the SMSID.",
		],
	]);
});

test('SMS report: switchsmsid (eSMS\'s CSKH sample; the ZNS an SMS fallback replaced) → switchedFromSmsId, null when empty or absent', async () => {
	host = await webhookHost(ALL_TYPES);
	const cskh = 'SMSID=dc712784-9c5f-4c69-b9a8-ea69d56adc9a87&SendFailed=2&SendStatus=5&SendSuccess=0&TotalPrice=0.0000&TotalReceiver=2&TotalSent=2&RequestId=&TypeId=2&telcoid=1&phonenumber=0901888484';
	for (const q of [`${cskh}&switchsmsid=`, cskh, `${cskh}&switchsmsid=%20ZNS-7f3a%20`]) await fetch(`${host.url}?${q}`);
	expect(host.started.map((o) => [o.type, o.result, o.switchedFromSmsId])).toEqual([
		['sms', 'failed', null],
		['sms', 'failed', null],
		['sms', 'failed', 'ZNS-7f3a'],
	]);
});

test('switchedFromSmsId, property: any switchsmsid text gives its trimmed text, or null when blank; never on a Zalo, Viber or voice report', () => {
	fc.assert(
		fc.property(fc.string(), fc.constantFrom('2', '8', '23', '25'), (v, TypeId) => {
			const report = parseReport({ SMSID: 's', SendStatus: '5', TypeId, switchsmsid: v });
			if (TypeId === '2' || TypeId === '8') expect(report.output.switchedFromSmsId).toBe(v.trim() === '' ? null : v.trim());
			else expect('switchedFromSmsId' in report.output).toBe(false);
		}),
	);
	expect('switchedFromSmsId' in parseReport({ ReferenceId: 'r', SendStatus: '5', switchsmsid: 'x' }).output).toBe(false);
});

test('filters: message types, and only final statuses; dropped reports are still answered 200', async () => {
	host = await webhookHost({ messageTypes: ['sms'], onlyFinal: true });
	const get = (q: string) => fetch(`${host!.url}?${q}`).then((r) => r.status);
	expect(await get('ReferenceId=r1&CallDuration=5&CallStatus=ANSWERED&Ivr=&Price=700&SentResult=1&CID=1&SendStatus=5')).toBe(200);
	expect(await get('SMSID=s1&SendFailed=0&SendStatus=7&SendSuccess=0&TotalPrice=350&TotalReceiver=1&TotalSent=1&TypeId=8')).toBe(200);
	expect(await get('SMSID=s1&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=350&TotalReceiver=1&TotalSent=1&TypeId=8')).toBe(200);
	expect(await get('hello=world')).toBe(200);
	expect(host.started.map((o) => [o.type, o.smsId, o.statusCode])).toEqual([['sms', 's1', 5]]);
	// the same body whether the report started the workflow or was dropped
	expect(host.bodies).toEqual(['OK', 'OK', 'OK', 'OK']);
});

describe('duplicates: eSMS retries a callback that timed out', () => {
	test.each([
		[false, 2],
		[true, 1],
	])('Drop Duplicates %s → %i workflow starts', async (dropDuplicates, starts) => {
		host = await webhookHost({ ...ALL_TYPES, options: { dropDuplicates } });
		host.slowFirst = true;
		await api('SendMultipleMessage_V4_post_json', { ...KEYS, Phone: '0901888484', Content: 'hi', SmsType: '8', CallbackUrl: host.url });
		await deliver();
		expect(sim.callbacks().map((c) => c.outcome)).toEqual(['timeout', 'answered']);
		expect(host.started).toHaveLength(starts);
	});
});

describe('Drop Duplicates across n8n 2.41.1\'s save of static data', () => {
	const sms = (id: string) => `SMSID=${id}&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=350&TotalReceiver=1&TotalSent=1&TypeId=8`;

	test('every new report\'s key is saved, not only the first; each copy sent after the answer starts nothing; every answer is "OK"', async () => {
		host = await webhookHost({ ...ALL_TYPES, options: { dropDuplicates: true } });
		const get = (q: string) => fetch(`${host!.url}?${q}`).then((r) => r.status);
		for (const id of ['r1', 'r2', 'r3']) {
			expect(await get(sms(id))).toBe(200);
			expect(await get(sms(id))).toBe(200);
		}
		expect(await get(sms('r2'))).toBe(200);
		expect(host.started.map((o) => o.smsId)).toEqual(['r1', 'r2', 'r3']);
		expect(JSON.parse(host.db!)).toEqual({ 'node:eSMS Trigger': { esmsReports: ['sms|r1||5|1|0', 'sms|r2||5|1|0', 'sms|r3||5|1|0'] } });
		expect(host.bodies).toEqual(Array.from({ length: 7 }, () => 'OK'));
	});

	test('n8n-workflow\'s ObservableObject: each new key sets __dataChanged on static data loaded from the database; a known key does not', () => {
		let db: IDataObject = {};
		for (const key of ['a', 'b', 'c', 'b']) {
			const root = ObservableObject.create(JSON.parse(JSON.stringify(db)) as IDataObject, undefined, { ignoreEmptyOnFirstChild: true });
			root['node:T'] ??= ObservableObject.create({}, root as IDataObject & { __dataChanged: boolean });
			const kept = rememberReport(root['node:T'] as IDataObject, key);
			expect([key, root.__dataChanged]).toEqual([key, kept !== undefined]);
			if (root.__dataChanged) db = JSON.parse(JSON.stringify(root)) as IDataObject;
		}
		expect(db).toEqual({ 'node:T': { esmsReports: ['a', 'b', 'c'] } });
	});

	test('n8n clears the flag when it builds its second Workflow on the same static data; reading the answer sets it again', async () => {
		const trigger = new EsmsTrigger();
		const node: INode = { id: 't1', name: 'T', type: TYPE, typeVersion: 1, position: [0, 0], parameters: { ...ALL_TYPES, options: { dropDuplicates: true } } as never, webhookId: 'w1' };
		const raw: IDataObject = { 'node:T': { esmsReports: ['sms|r0||5|1|0'] } };
		const load = () => new Workflow({ id: 'wf-t', nodes: [node], connections: {}, active: true, nodeTypes: nodeTypes({ [TYPE]: trigger }), staticData: raw });
		const workflow = load();
		const query = Object.fromEntries(new URLSearchParams(sms('r1')));
		const additionalData = { httpRequest: { query, headers: {}, params: {}, body: {} }, httpResponse: {}, variables: {} } as unknown as IWorkflowExecuteAdditionalData;
		const ctx = new WebhookContext(workflow, node, additionalData, 'webhook', { webhookDescription: trigger.description.webhooks[0] } as IWebhookData, [], null);
		const result = (await trigger.webhook.call(ctx)) as IWebhookResponseData;
		expect(workflow.staticData.__dataChanged).toBe(true);
		load();
		expect(workflow.staticData.__dataChanged).toBe(false);
		expect(result.webhookResponse).toBe('OK');
		expect(workflow.staticData.__dataChanged).toBe(true);
		expect(JSON.parse(JSON.stringify(workflow.staticData))).toEqual({ 'node:T': { esmsReports: ['sms|r0||5|1|0', 'sms|r1||5|1|0'] } });
	});

	test('the webhook answers its own body: responseData is empty, so n8n answers webhookResponse, not the text "firstEntryJson"', () => {
		expect(new EsmsTrigger().description.webhooks[0]).toMatchObject({ responseMode: 'onReceived', responseData: '' });
	});

	test('rememberReport keeps the last 2,000 keys, oldest dropped first, and ignores what is not a key list', () => {
		const data: IDataObject = { esmsReports: Array.from({ length: 2000 }, (_, i) => `k${i}`) };
		expect(rememberReport(data, 'k1999')).toBeUndefined();
		const kept = rememberReport(data, 'new')!;
		expect([kept.length, kept[0], kept[1999]]).toEqual([2000, 'k1', 'new']);
		expect(rememberReport({ esmsReports: 'k1' }, 'k1')).toEqual(['k1']);
		expect(rememberReport({ esmsReports: [1, null, 'k1'] }, 'k2')).toEqual(['k1', 'k2']);
	});
});

/**
 * One production webhook call as n8n 2.41.1 makes it (LiveWebhooks.executeWebhook, webhook-helpers.js,
 * WorkflowRunner.run), cut into the steps between which n8n awaits, so that a test can interleave
 * several calls as n8n does when reports arrive together:
 * 1. load: the workflow with its static data, read from the database (loadWebhookExecutionData);
 * 2. run: the trigger's webhook (nothing in it awaits anything but itself);
 * 3. start: when it started the workflow, WorkflowRunner.run builds a second Workflow on the same static
 *    data object (establishContextForPersistence, which clears the change flag) and awaits the database;
 * 4. answer: n8n reads the answer's webhookResponse;
 * 5. save: the whole static data, when its change flag is set (WorkflowStaticDataService.saveStaticData).
 */
function steppedN8n(workflowId: string, mode: 'webhook' | 'manual' = 'webhook') {
	const trigger = new EsmsTrigger();
	const node: INode = { id: 't1', name: 'eSMS Trigger', type: TYPE, typeVersion: 1, position: [0, 0], parameters: { ...ALL_TYPES, options: { dropDuplicates: true } } as never, webhookId: 'w1' };
	const types = nodeTypes({ [TYPE]: trigger });
	const n8n = { db: null as string | null, started: [] as string[] };
	const load = (staticData: IDataObject | undefined) => new Workflow({ id: workflowId, nodes: [node], connections: {}, active: true, nodeTypes: types, staticData });
	/** the steps of one call with the report of `smsId` */
	const call = (smsId: string): Array<() => Promise<void>> => {
		let staticData: IDataObject | undefined;
		let workflow: Workflow;
		let result: IWebhookResponseData;
		return [
			async () => {
				staticData = n8n.db === null ? undefined : (JSON.parse(n8n.db) as IDataObject);
				workflow = load(staticData);
			},
			async () => {
				const query = Object.fromEntries(new URLSearchParams(`SMSID=${smsId}&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=350&TotalReceiver=1&TotalSent=1&TypeId=8`));
				const additionalData = { httpRequest: { query, headers: {}, params: {}, body: {} }, httpResponse: {}, variables: {} } as unknown as IWorkflowExecuteAdditionalData;
				const ctx = new WebhookContext(workflow, node, additionalData, mode, { webhookDescription: trigger.description.webhooks[0] } as IWebhookData, [], null);
				result = (await trigger.webhook.call(ctx)) as IWebhookResponseData;
			},
			async () => {
				if (result.workflowData === undefined) return;
				for (const item of result.workflowData[0] ?? []) n8n.started.push(String(item.json.smsId));
				load(staticData);
			},
			async () => {
				expect(result.webhookResponse).toBe('OK');
			},
			async () => {
				if (mode === 'webhook' && workflow.staticData.__dataChanged === true) {
					n8n.db = JSON.stringify(workflow.staticData);
					workflow.staticData.__dataChanged = false;
				}
			},
		];
	};
	/** runs the calls' steps in the order given: each entry names the call whose next step runs */
	const interleave = async (smsIds: string[], order: number[]) => {
		const calls = smsIds.map(call);
		for (const i of order) await calls[i].shift()!();
		for (const steps of calls) for (const step of steps) await step();
	};
	const stored = () => (n8n.db === null ? [] : ((JSON.parse(n8n.db) as IDataObject)['node:eSMS Trigger'] as IDataObject).esmsReports);
	return { ...n8n, n8n, interleave, one: (smsId: string) => interleave([smsId], []), stored };
}

/** every call's step 1, then every call's step 2, and so on: each loads before any saves */
const inLockstep = (calls: number, saveOrder = Array.from({ length: calls }, (_, i) => i)) => [
	...[0, 1, 2, 3].flatMap(() => Array.from({ length: calls }, (_, i) => i)),
	...saveOrder,
];

describe('Drop Duplicates when reports arrive together (a bulk send\'s callbacks): n8n loads and saves static data per call, with no lock', () => {
	const tenIds = Array.from({ length: 10 }, (_, i) => `b${i}`);
	let workflows = 0;

	test.each([
		['in the order they arrived', inLockstep(10)],
		['in reverse order', inLockstep(10, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])],
	])('10 reports of different messages each load the same static data and save %s: each starts once, a later copy of each starts nothing, every key is saved', async (_name, order) => {
		const n8n = steppedN8n(`wf-race${++workflows}`);
		await n8n.interleave(tenIds, order);
		expect(n8n.n8n.started).toEqual(tenIds);
		// the last save holds every key, whichever call saved last
		const saved = [...(n8n.stored() as string[])].sort();
		for (const id of tenIds) await n8n.one(id);
		expect(n8n.n8n.started).toEqual(tenIds);
		expect(saved).toEqual(tenIds.map((id) => `sms|${id}||5|1|0`).sort());
	});

	test('two copies of one report at the same moment start the workflow once', async () => {
		const n8n = steppedN8n(`wf-race${++workflows}`);
		await n8n.interleave(['same', 'same'], inLockstep(2));
		expect(n8n.n8n.started).toEqual(['same']);
	});

	test('property: any interleaving of calls (different reports and copies) starts each report once; later copies start nothing; the database then holds every key', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5'), { minLength: 1, maxLength: 8 }).chain((ids) =>
					fc.tuple(
						fc.constant(ids),
						// a schedule: each call's 5 steps in order, the calls' steps shuffled together
						fc.shuffledSubarray(ids.flatMap((_, i) => Array.from({ length: 5 }, () => i)), { minLength: ids.length * 5 }),
					),
				),
				async ([ids, order]) => {
					const n8n = steppedN8n(`wf-race${++workflows}`);
					await n8n.interleave(ids, order);
					const distinct = [...new Set(ids)];
					expect([...n8n.n8n.started].sort()).toEqual([...distinct].sort());
					for (const id of distinct) await n8n.one(id);
					expect([...n8n.n8n.started].sort()).toEqual([...distinct].sort());
					expect([...(n8n.stored() as string[])].sort()).toEqual(distinct.map((id) => `sms|${id}||5|1|0`).sort());
				},
			),
			{ numRuns: 300 },
		);
	});

	test('the memory is per workflow and node: the same report for another workflow starts it', async () => {
		const a = steppedN8n(`wf-race${++workflows}`);
		const b = steppedN8n(`wf-race${++workflows}`);
		await a.one('shared');
		await b.one('shared');
		expect([a.n8n.started, b.n8n.started]).toEqual([['shared'], ['shared']]);
	});

	test('a Test URL call (manual mode, whose static data n8n never saves) neither uses nor feeds the memory', async () => {
		const id = `wf-race${++workflows}`;
		const test1 = steppedN8n(id, 'manual');
		const live = steppedN8n(id);
		await test1.one('m1');
		await live.one('m1');
		await live.one('m2');
		const test2 = steppedN8n(id, 'manual');
		await test2.one('m2');
		expect([test1.n8n.started, live.n8n.started, test2.n8n.started]).toEqual([['m1'], ['m1', 'm2'], ['m2']]);
	});

	test('a copy whose key the database lost (another process saved over it) is dropped, and the key is written back', async () => {
		const n8n = steppedN8n(`wf-race${++workflows}`);
		await n8n.one('lost');
		await n8n.one('kept');
		n8n.n8n.db = JSON.stringify({ 'node:eSMS Trigger': { esmsReports: ['sms|other||5|1|0', 'sms|kept||5|1|0'] } });
		await n8n.one('lost');
		expect(n8n.n8n.started).toEqual(['lost', 'kept']);
		expect(n8n.stored()).toEqual(['sms|other||5|1|0', 'sms|lost||5|1|0', 'sms|kept||5|1|0']);
		// nothing missing: a dropped copy writes nothing
		const before = n8n.n8n.db;
		await n8n.one('kept');
		expect(n8n.n8n.db).toBe(before);
	});

	test('rememberReport with a process memory: the union of both, at most 2,000, newest last; a key in either is a duplicate', () => {
		const memory = `["wf-mem${++workflows}","T"]`;
		const data: IDataObject = {};
		for (let i = 0; i < 1999; i++) rememberReport(data, `m${i}`, memory);
		const fresh: IDataObject = { esmsReports: ['x1', 'x2'] };
		expect(rememberReport(fresh, 'm5', memory)).toBeUndefined();
		expect(fresh.esmsReports).toHaveLength(2000);
		expect((fresh.esmsReports as string[]).slice(0, 2)).toEqual(['x2', 'm0']);
		const kept = rememberReport({ esmsReports: ['x1'] }, 'new', memory)!;
		expect([kept.length, kept[0], kept[1998], kept[1999]]).toEqual([2000, 'm0', 'm1998', 'new']);
		// known from the memory alone; the oldest key (x2) is gone
		expect(rememberReport({}, 'm1998', memory)).toBeUndefined();
		expect(rememberReport({}, 'x2', memory)).toHaveLength(2000);
	});
});

describe('Drop Duplicates when n8n cannot save the workflow\'s static data', () => {
	const report = 'SMSID=d1&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=350&TotalReceiver=1&TotalSent=1&TypeId=8';

	test.each([
		['esmsSendConfirmCallback', 'has at most 21 characters, and this workflow\'s ID "esmsSendConfirmCallback" has 23'],
		['', 'has at most 21 characters, and this workflow\'s ID is empty'],
		['esmsCallbackExample1', 'has at most 16 characters on n8n 1.x (21 on n8n 2.x), and this workflow\'s ID "esmsCallbackExample1" has 20'],
	])('workflow ID %j: every call says so in n8n\'s log', async (id, why) => {
		host = await webhookHost({ ...ALL_TYPES, options: { dropDuplicates: true } }, id);
		expect(await fetch(`${host.url}?${report}`).then((r) => r.status)).toBe(200);
		expect(host.warnings).toHaveLength(1);
		expect(host.warnings[0]).toContain('eSMS Trigger "eSMS Trigger": Drop Duplicates cannot save the reports it remembers in this workflow');
		expect(host.warnings[0]).toContain(`n8n saves a workflow's static data only when its ID ${why}`);
		expect(host.started).toHaveLength(1);
	});

	test('a valid ID, or Drop Duplicates off: nothing logged', async () => {
		host = await webhookHost({ ...ALL_TYPES, options: { dropDuplicates: true } }, 'esmsCallback');
		await fetch(`${host.url}?${report}`);
		await host.close();
		host = await webhookHost({ ...ALL_TYPES, options: {} }, 'esmsSendConfirmCallback');
		await fetch(`${host.url}?${report}`);
		expect(host.warnings).toEqual([]);
	});
});

describe('secret token', () => {
	const opts = { ...ALL_TYPES, options: { secretToken: 's3cret-Token' } };

	test('a callback URL with the right token starts the workflow', async () => {
		host = await webhookHost(opts);
		await api('SendMultipleMessage_V4_post_json', { ...KEYS, Phone: '0901888484', Content: 'hi', SmsType: '8', CallbackUrl: `${host.url}?token=s3cret-Token` });
		await deliver();
		expect(host.started).toHaveLength(1);
		expect(host.answers).toEqual([200]);
	});

	test.each([
		['missing', ''],
		['wrong', '?token=guess'],
		['longer', '?token=s3cret-Token-x'],
	])('a %s token gets 403 and starts nothing', async (_name, suffix) => {
		host = await webhookHost(opts);
		await api('SendMultipleMessage_V4_post_json', { ...KEYS, Phone: '0901888484', Content: 'hi', SmsType: '8', CallbackUrl: `${host.url}${suffix}` });
		await deliver();
		expect(host.answers).toEqual([403]);
		expect(host.started).toEqual([]);
	});

	test('a token followed by a second "?" (eSMS appending to a URL that has a query) still works', async () => {
		host = await webhookHost(opts);
		const status = await fetch(`${host.url}?token=s3cret-Token?SMSID=q1&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=350&TotalReceiver=1&TotalSent=1&TypeId=8`).then((r) => r.status);
		expect(status).toBe(200);
		expect(host.started.map((o) => o.smsId)).toEqual(['q1']);
	});

	test('a "?" inside a value is kept: a token that holds one (URL-encoded) matches, a Request ID keeps it', async () => {
		host = await webhookHost({ ...ALL_TYPES, options: { secretToken: 'ab?cd' } });
		const status = await fetch(`${host.url}?token=ab%3Fcd&SMSID=q2&RequestId=a%23b%3Fc&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=350&TotalReceiver=1&TotalSent=1&TypeId=8`).then((r) => r.status);
		expect(status).toBe(200);
		expect(host.started.map((o) => [o.smsId, o.requestId])).toEqual([['q2', 'a#b?c']]);
	});
});
