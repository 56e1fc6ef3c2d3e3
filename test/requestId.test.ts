/**
 * The automatic Request ID (issue 15 §1): the same for every try of one item in one execution,
 * different for any other message, execution, workflow or instance, and made for AI-tool calls too.
 */
import { automaticRequestId } from '../nodes/Esms/shared/requestId';
import { runEsms } from './helpers/harness';
import type { RunOptions } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();

const send = (p: Record<string, unknown> = {}) => ({
	resource: 'sms',
	operation: 'sendFixedNumber',
	phone: '0901888484',
	content: 'Your code is 1234',
	...p,
});
const one = [{ json: {} }];
const STARTED = Date.UTC(2026, 0, 1);
const run = (o: Partial<RunOptions> = {}) => runEsms({ creds: env.creds, parameters: send(), items: one, ...o });
const sentIds = () => env.sim.requests().map((r) => r.query.RequestId);

describe('inside an execution', () => {
	test('the ID is n8n- and 32 hex digits, and every item gets its own, even with the same text to the same phone', async () => {
		const items = [{ json: {} }, { json: {} }, { json: {} }];
		const { output } = await run({ items, executionId: '1' });
		const ids = output.map((o) => o.json.requestId as string);
		for (const id of ids) expect(id).toMatch(/^n8n-[0-9a-f]{32}$/);
		expect(new Set(ids).size).toBe(3);
		expect(env.sim.ledger()).toHaveLength(3);
	});

	test('two instances, each on its first execution of a workflow with another ID: both messages are sent', async () => {
		const a = await run({ executionId: '1', workflowId: 'staging0000000001', establishedAt: STARTED });
		const b = await run({ executionId: '1', workflowId: 'prod0000000000001', establishedAt: STARTED });
		expect(a.output[0].json).toMatchObject({ alreadyAccepted: false });
		expect(b.output[0].json).toMatchObject({ alreadyAccepted: false });
		expect(a.output[0].json.requestId).not.toBe(b.output[0].json.requestId);
		expect(env.sim.ledger()).toHaveLength(2);
	});

	test('the same workflow imported twice (same IDs, same execution number and start), different content: both are sent', async () => {
		await run({ executionId: '1', establishedAt: STARTED, parameters: send({ content: 'Order 1 shipped' }) });
		await run({ executionId: '1', establishedAt: STARTED, parameters: send({ content: 'Order 2 shipped' }) });
		expect(env.sim.ledger().map((e) => e.content)).toEqual(['Order 1 shipped', 'Order 2 shipped']);
	});

	test('… and a different phone, Send Date or Unicode setting is another message too', async () => {
		const same = { executionId: '1', establishedAt: STARTED };
		await run({ ...same });
		await run({ ...same, parameters: send({ phone: '0912345678' }) });
		await run({ ...same, parameters: send({ unicode: true }) });
		await run({ ...same, parameters: send({ options: { sendDate: '2099-01-01T00:00:00Z' } }) });
		expect(new Set(sentIds()).size).toBe(4);
		expect(env.sim.ledger()).toHaveLength(4);
	});

	test('the same execution restarted on a reset database (same number, later start): sent again', async () => {
		await run({ executionId: '1', establishedAt: STARTED });
		await run({ executionId: '1', establishedAt: STARTED + 86_400_000 });
		expect(env.sim.ledger()).toHaveLength(2);
	});

	test('only the very same message gets the same ID: then eSMS answers 124 and nothing is lost', async () => {
		const same = { executionId: '1', establishedAt: STARTED };
		const first = await run(same);
		const again = await run(same);
		expect(again.output[0].json).toMatchObject({ smsId: null, alreadyAccepted: true, requestId: first.output[0].json.requestId });
		expect(env.sim.ledger()).toHaveLength(1);
	});

	test('Retry On Fail: every try of an item carries the same ID, and the message is sent once', async () => {
		env.sim.addFault({ mode: 'acceptThenDrop', times: 1 });
		env.sim.addFault({ mode: 'http5xx', status: 503, times: 1 });
		const { output, error } = await run({ settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } });
		expect(error).toBeUndefined();
		const ids = sentIds();
		expect(ids.length).toBeGreaterThanOrEqual(2);
		expect(new Set(ids)).toEqual(new Set([output[0].json.requestId]));
		expect(env.sim.ledger()).toHaveLength(1);
	});
});

describe('without an execution ID (the node run as an AI tool)', () => {
	let now: jest.SpyInstance;
	const at = (ms: number) => now.mockReturnValue(ms);
	beforeEach(() => {
		now = jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2030, 0, 1, 8, 1));
	});
	afterEach(() => now.mockRestore());

	test('a Request ID is still sent: n8n-tool- and 32 hex digits', async () => {
		const { output } = await run({ executionId: '' });
		expect(output[0].json.requestId).toMatch(/^n8n-tool-[0-9a-f]{32}$/);
		expect(sentIds()).toEqual([output[0].json.requestId]);
	});

	test('the same call made twice within the window sends one message; the repeat reports it as already accepted', async () => {
		const first = await run({ executionId: '' });
		at(Date.UTC(2030, 0, 1, 8, 9));
		const again = await run({ executionId: '' });
		expect(first.output[0].json).toMatchObject({ alreadyAccepted: false });
		expect(again.output[0].json).toMatchObject({ smsId: null, alreadyAccepted: true });
		expect(env.sim.ledger()).toHaveLength(1);
	});

	test('another text, phone or workflow is sent at once; the same call in the next window is sent again', async () => {
		await run({ executionId: '' });
		await run({ executionId: '', parameters: send({ content: 'Your code is 9876' }) });
		await run({ executionId: '', parameters: send({ phone: '0912345678' }) });
		await run({ executionId: '', workflowId: 'otherWorkflow01' });
		at(Date.UTC(2030, 0, 1, 8, 11));
		await run({ executionId: '' });
		expect(env.sim.ledger()).toHaveLength(5);
	});
});

describe('the node run as an AI tool with an execution ID (n8n\'s AI Agent: each tool call is a new run of the node)', () => {
	// the context the ID is made from, as n8n-core gives it to a tool run (the type name ends in "Tool")
	const ctx = (o: { type?: string; executionId?: string; runIndex?: number; establishedAt?: number }) =>
		({
			getItemIndex: () => 0,
			getExecutionId: () => o.executionId ?? '',
			getWorkflow: () => ({ id: 'wf-1' }),
			getNode: () => ({ id: 'node-1', type: o.type ?? 'n8n-nodes-esms.esmsTool' }),
			getInstanceId: () => 'instance-1',
			getExecutionContext: () => (o.establishedAt === undefined ? undefined : { establishedAt: o.establishedAt }),
			getWorkflowDataProxy: () => ({ $runIndex: o.runIndex ?? 0 }),
		}) as unknown as Parameters<typeof automaticRequestId>[0];
	const message = { channel: 'sms:8', phone: '0901888484', content: 'Your code is 1234' };
	const T = Date.UTC(2030, 0, 1, 8, 1);
	let now: jest.SpyInstance;
	beforeEach(() => {
		now = jest.spyOn(Date, 'now').mockReturnValue(T);
	});
	afterEach(() => now.mockRestore());

	test('the same call in the same agent run (another run index), in the next chat message (another execution) or over MCP (none): one ID', () => {
		const ids = [
			automaticRequestId(ctx({ executionId: '7', runIndex: 0, establishedAt: T }), message),
			automaticRequestId(ctx({ executionId: '7', runIndex: 1, establishedAt: T }), message),
			automaticRequestId(ctx({ executionId: '8', runIndex: 0, establishedAt: T + 60_000 }), message),
			automaticRequestId(ctx({ executionId: '' }), message),
		];
		expect(new Set(ids).size).toBe(1);
		expect(ids[0]).toMatch(/^n8n-tool-[0-9a-f]{32}$/);
		// another message is another ID
		expect(automaticRequestId(ctx({ executionId: '7', runIndex: 2, establishedAt: T }), { ...message, content: 'Your code is 9999' })).not.toBe(ids[0]);
	});

	test('Retry On Fail of a tool call after the window turned: the same ID (the window is the execution\'s start)', () => {
		const first = automaticRequestId(ctx({ executionId: '7', runIndex: 0, establishedAt: T }), message);
		now.mockReturnValue(T + 10 * 60_000);
		expect(automaticRequestId(ctx({ executionId: '7', runIndex: 1, establishedAt: T }), message)).toBe(first);
	});

	test('the same node type in a workflow (name not ending in Tool): each execution and run is its own message, as before', () => {
		const wf = (executionId: string, runIndex: number) => automaticRequestId(ctx({ type: 'n8n-nodes-esms.esms', executionId, runIndex, establishedAt: T }), message);
		expect(new Set([wf('7', 0), wf('7', 1), wf('8', 0)]).size).toBe(3);
		expect(wf('7', 0)).toMatch(/^n8n-[0-9a-f]{32}$/);
	});
});
