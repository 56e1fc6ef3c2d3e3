import { NodeApiError, sleep } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecuteData,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	JsonObject,
} from 'n8n-workflow';

import { explainTransportError, failureError, failureOf, isEsmsError, stoppedRunError } from './errors';
import type { EsmsFailure } from './errors';
import { acquire } from './limiter';
import { lookup } from './lookup';
import type { Limits } from './limiter';

/**
 * Every operation's request goes through here (n8n's routing hook for a custom request loop, used
 * for one request). It holds a rate-limiter turn for the request's lifetime, asks again when that is
 * safe, replaces transport errors with clean ones, and pairs every item it returns with its input.
 *
 * Why the pairing is done here: n8n-core's RoutingNode returns the items of a declarative node
 * without `pairedItem`, and under "Continue On Fail" it adds its own error items `{ json: {}, error }`
 * without one either. WorkflowExecute fills the gap only when the node has one output with as many
 * items as it got (assignPairedItems); under "Continue (using error output)" the items are split over
 * two outputs first (handleNodeErrorOutput), so nothing is paired and a later `$('eSMS').item`, or
 * the input item behind an error, cannot be found.
 */

/**
 * eSMS documents 100 requests/s for QueryZnsStatus. It documents no limit for the others: sends are
 * capped at 20 at a time to be gentle with a money-spending call; status queries are not capped,
 * because a cap measurably slowed bulk lookups (README, "Performance").
 */
const ENDPOINT_LIMITS: Readonly<Record<string, Limits>> = {
	QueryZnsStatus: { perSecond: 100, concurrency: 0 },
	SendMultipleMessage_V4_get: { perSecond: 0, concurrency: 20 },
	MakeCallRecord_V2: { perSecond: 0, concurrency: 20 },
	MakeCallTemplate_V2: { perSecond: 0, concurrency: 20 },
	SendMultipleMessage_V4_post_json: { perSecond: 0, concurrency: 20 },
	SendZaloMessage_V6: { perSecond: 0, concurrency: 20 },
	MultiChannelMessage: { perSecond: 0, concurrency: 20 },
};
const NO_LIMITS: Limits = { perSecond: 0, concurrency: 0 };

const READ_ONLY = new Set(['GetSendStatus', 'QueryZnsStatus', 'GetBalance_json', 'SummaryMultipleMessage_V4_get']);
const MAX_ATTEMPTS = 4;
const TIMEOUTS = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

/**
 * Whether a send carries a Request ID: in the query (GET sends), in the JSON body (ZNS), or in the
 * first entry of a multichannel body's Data (the ZNS part, which eSMS answers for).
 */
function carriesRequestId(options: { qs?: IDataObject; body?: unknown }): boolean {
	const body = (options.body ?? {}) as IDataObject;
	const first = Array.isArray(body.Data) ? (body.Data[0] as IDataObject | undefined) : undefined;
	return Boolean(options.qs?.RequestId || body.RequestId || first?.RequestId);
}

function endpointOf(url: string | undefined): string {
	return String(url ?? '').replace(/\/+$/, '').split('/').pop() ?? '';
}

/**
 * Whether asking again is safe and useful. A status query changes nothing. A send is safe to repeat
 * only with a Request ID: eSMS then refuses the repeat (124) instead of sending twice. Useful: eSMS's
 * rate limit (160) on a query, or an answer that says nothing about the outcome (dropped connection,
 * HTTP 5xx, a body that is not eSMS JSON). A timeout is not retried: it has already cost its full wait.
 */
function worthRetrying(failure: EsmsFailure, idempotent: boolean, readOnly: boolean): boolean {
	if (failure.code === '160') return readOnly;
	if (failure.code !== undefined || TIMEOUTS.has(failure.httpCode)) return false;
	return idempotent;
}

/**
 * Input refused by a request step (preSend) under "Continue On Fail", keyed by the request options
 * that step received: the request hook then returns the error item, paired, instead of sending.
 */
const refused = new WeakMap<object, Error>();

type PreSend = (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

/*
 * The run barrier: under On Error "Stop Workflow", a send run in which any item is refused sends nothing.
 *
 * Why it is needed: n8n-core's RoutingNode (routing-node.js, runNode; the same in n8n 1.x) starts every
 * item's request (its request steps, then the request hook) in one synchronous loop and awaits them all
 * with Promise.allSettled. Without the barrier, when item 3 is refused, items 1 and 2 are already on
 * their way to eSMS; the node then fails, their SMSIDs are in no output, and running the workflow again
 * (a new execution, so new automatic Request IDs) sends them twice.
 *
 * How: every item's request steps are registered in the run's barrier when they start; the request
 * hook of an item sends only after the request steps of every item started with it have settled, and
 * only if none was refused. What it relies on, in RoutingNode (checked in n8n-core 1.122 and 2.41):
 * - the loop creates every item's context and calls its first request step synchronously, so the
 *   items that start together are all registered before any request step resumes (a request step
 *   resumes in a microtask, after the loop, or after the stretch of the loop up to a Batching sleep);
 * - every item's context returns the same execute data (`getExecuteData()`), whose `data.main[0]` is
 *   the run's items (one item under "Execute Once"); WorkflowExecute keeps that object for the
 *   retries of "Retry On Fail", so item 0 starting its request steps starts a new run;
 * - the "Batching" request option sleeps between batches, and the barrier does not undo that: a
 *   batch goes once its own items passed their request steps, so a refusal holds its own batch and
 *   every later one, but cannot call back an earlier batch (the error says how many were sent);
 * - an item whose parameters fail in RoutingNode itself (an expression error) makes runNode throw at
 *   once, and the items started before it run on unawaited: they see that fewer items started than
 *   the run has and end with no output, sending nothing (they do not reject: nobody would handle it);
 * - RoutingNode throws the first failed item in item order (and sets its item index on the error):
 *   the held items end with no output rather than an error, so the error shown is the refused item's.
 * The barrier is skipped when nothing can be refused (an operation without request steps), for an
 * endpoint that changes nothing (READ_ONLY), under Continue On Fail (every item gets its own result
 * there), and for an AI agent's call of the tool: that runs RoutingNode with the agent's execute
 * data, recognised because the item is not the execute data's.
 */
interface Batch {
	/** items of this batch: expected, started (their request steps), and started but not yet settled */
	expected: number;
	started: number;
	pending: number;
	/** resolved when every started item's request steps have settled */
	settled: Promise<void>;
	settle: () => void;
}

interface Run {
	total: number;
	/** items started together: the run, or a batch of the Batching request option */
	batchSize: number;
	batches: Batch[];
	/** items that started their request steps, and the number of items in the batches begun so far */
	started: number;
	expected: number;
	/** whether an item of the run was refused */
	refused: boolean;
	/** items let through to eSMS */
	sent: number;
	/**
	 * With Batching: resolved when RoutingNode has started its last item (it then awaits them all) or
	 * when a batch came out short (it threw); pending when it threw at the first item of a batch.
	 */
	ended: Promise<void>;
	end: () => void;
}

/** The current run of each node execution (and of each try under Retry On Fail), keyed by its execute data. */
const runs = new WeakMap<object, Run>();
/** The run of an item whose request steps passed, keyed by the request options they returned. */
const waiting = new WeakMap<object, Run>();

function deferred(): [Promise<void>, () => void] {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return [promise, resolve];
}

/**
 * The barrier of the run this item belongs to, or undefined when none applies: under Continue On
 * Fail, for an endpoint that changes nothing, or outside WorkflowExecute's own path (an AI tool call).
 */
function joinRun(ctx: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Run | undefined {
	if (ctx.continueOnFail() || READ_ONLY.has(endpointOf(requestOptions.url))) return undefined;
	const scope = ctx.getExecuteData?.() as IExecuteData | undefined;
	const items = scope?.data?.main?.[0];
	const itemIndex = ctx.getItemIndex();
	if (!scope || !Array.isArray(items) || items[itemIndex] === undefined) return undefined;
	let own: INodeExecutionData | undefined;
	try {
		own = ctx.getInputData();
	} catch {
		return undefined;
	}
	if (own !== items[itemIndex]) return undefined;
	if (itemIndex === 0) {
		const total = ctx.getNode().executeOnce === true ? 1 : items.length;
		const { batching } = ctx.getNodeParameter('requestOptions', {}) as {
			batching?: { batch?: { batchSize?: number; batchInterval?: number } };
		};
		// as RoutingNode: a sleep before every batchSize-th item when the interval is positive
		const size = Number(batching?.batch?.batchSize) > 0 ? Number(batching?.batch?.batchSize) : 1;
		const [ended, end] = deferred();
		runs.set(scope, {
			total,
			batchSize: Number(batching?.batch?.batchInterval) > 0 ? size : total,
			batches: [],
			started: 0,
			expected: 0,
			refused: false,
			sent: 0,
			ended,
			end,
		});
	}
	return runs.get(scope);
}

/** Registers an item's request steps, which have just started, in its run. */
function track(run: Run, itemIndex: number, steps: Promise<unknown>): void {
	const b = Math.floor(itemIndex / run.batchSize);
	let batch = run.batches[b];
	if (!batch) {
		const [settled, settle] = deferred();
		const expected = Math.min(run.batchSize, run.total - b * run.batchSize);
		batch = run.batches[b] = { expected, started: 0, pending: 0, settled, settle };
		run.expected += expected;
	}
	batch.started++;
	batch.pending++;
	if (++run.started === run.total) run.end();
	const done = () => {
		if (--batch.pending > 0) return;
		batch.settle();
		if (batch.started < batch.expected) run.end();
	};
	// a request step that fails under Stop Workflow is a refusal; recorded before anyone resumes
	steps.then(done, () => {
		run.refused = true;
		done();
	});
}

/**
 * Whether the item may be sent: once every item started with it has passed or failed its request
 * steps, yes when none of the run was refused and every item of the batches begun so far started.
 */
async function passes(run: Run, itemIndex: number): Promise<boolean> {
	await run.batches[Math.floor(itemIndex / run.batchSize)].settled;
	if (run.refused || run.started < run.expected) return false;
	run.sent++;
	return true;
}

/**
 * A request step that, when the node continues on fail, records a refusal instead of throwing it.
 * Thrown, the error would reach RoutingNode, whose error item for it has no `pairedItem`.
 * Under Stop Workflow, a send's request steps join the run barrier (above), and a refusal in a run of
 * several items is thrown as `stoppedRunError` (errors.ts), which says that the others were not sent.
 */
function refusable(preSend: PreSend): PreSend {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const run = joinRun(this, requestOptions);
		// started now, synchronously (a step that throws at once still gives a rejected promise)
		const steps = (async () => await preSend.call(this, requestOptions))();
		if (run) track(run, this.getItemIndex(), steps);
		try {
			const options = await steps;
			if (run) waiting.set(options, run);
			return options;
		} catch (error) {
			// a NodeApiError (all of this node's refusals) comes back as it is; RoutingNode wraps any other
			if (!this.continueOnFail()) {
				const refusal = new NodeApiError(this.getNode(), error as JsonObject);
				// alone in its run, the item's own description ("Nothing was sent to eSMS for this item") says it all
				if (!run || run.total === 1) throw refusal;
				// With Batching, RoutingNode awaits the items only after its last batch: a rejection before
				// that is reported as unhandled (n8n logs it as an uncaught exception). Without, it already does.
				if (run.batchSize < run.total) await run.ended;
				// the refusal is recorded (track): no other item of the run passes from now on
				throw stoppedRunError(refusal, this.getItemIndex(), run.sent);
			}
			refused.set(requestOptions, error as Error);
			return requestOptions;
		}
	};
}

/**
 * The node's properties with every operation's request steps made refusable (see `refusable`): under
 * Continue On Fail a refusal becomes the item's paired error item; under Stop Workflow a send's
 * request steps join the run barrier, so that a refusal sends no item of the run.
 * Returns new objects; the descriptions passed in are not changed.
 */
export function withPairedRefusals(properties: INodeProperties[]): INodeProperties[] {
	return properties.map((p) => {
		if (p.name !== 'operation' || !Array.isArray(p.options)) return p;
		const options = (p.options as INodePropertyOptions[]).map((o) => {
			const preSend = o.routing?.send?.preSend;
			if (!o.routing?.send || !preSend?.length) return o;
			return { ...o, routing: { ...o.routing, send: { ...o.routing.send, preSend: preSend.map((f) => refusable(f as PreSend)) } } };
		});
		return { ...p, options };
	});
}

/** Marks items as made from input item `item` (one input, so no `input` index). */
function paired(items: INodeExecutionData[], item: number): INodeExecutionData[] {
	for (const out of items) out.pairedItem ??= { item };
	return items;
}

/**
 * The node's request hook (`requestOperations.pagination`): RoutingNode calls it for each item, with
 * `this` the item's context and `requestData.options` as the item's request steps returned them.
 * Returns the item's output items, each paired with the item. Under Continue On Fail, a refusal
 * recorded by a request step, or a failed request, becomes the item's error item (`{ json: {},
 * error, pairedItem }`); otherwise a failed request throws a NodeApiError (errors.ts, failureError).
 * A send held by the run barrier (Stop Workflow, another item of its run refused) returns no items
 * and sends nothing: the node fails with the refused item's error.
 */
export async function sendRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const refusal = refused.get(requestData.options);
	// the same error item RoutingNode makes under Continue On Fail, plus the pairing
	if (refusal) return [{ json: {}, error: refusal as NodeApiError, pairedItem: { item: itemIndex } }];
	// under Stop Workflow, a send goes only when no item of its run was refused (see the run barrier)
	const run = waiting.get(requestData.options);
	if (run && !(await passes(run, itemIndex))) return [];

	const endpoint = endpointOf(requestData.options.url);
	const node = this.getNode();
	const credentialId = node.credentials?.esmsApi?.id ?? node.id;
	const options = this.getNodeParameter('options', {}) as { requestsPerSecond?: number; maxConcurrentRequests?: number };
	const limits: Limits = {
		...(lookup(ENDPOINT_LIMITS, endpoint) ?? NO_LIMITS),
		...(options.requestsPerSecond !== undefined && { perSecond: options.requestsPerSecond }),
		...(options.maxConcurrentRequests !== undefined && { concurrency: options.maxConcurrentRequests }),
	};
	const readOnly = READ_ONLY.has(endpoint);
	const idempotent = readOnly || carriesRequestId(requestData.options as { qs?: IDataObject; body?: unknown });

	for (let attempt = 1; ; attempt++) {
		const release = await acquire(`${credentialId}|${endpoint}`, limits);
		let failure: EsmsFailure;
		let error: NodeApiError;
		try {
			return paired(await this.makeRoutingRequest(requestData), itemIndex);
		} catch (caught) {
			// the original of a transport error is dropped: its `cause` holds the request URL, with the keys
			failure = failureOf(caught) ?? explainTransportError(caught);
			release({ rateLimited: failure.code === '160' });
			error = isEsmsError(caught)
				? new NodeApiError(node, caught as JsonObject)
				: failureError(node, failure, itemIndex);
		} finally {
			release();
		}
		if (attempt < MAX_ATTEMPTS && worthRetrying(failure, idempotent, readOnly)) {
			await sleep(1000 * attempt);
			continue;
		}
		if (this.continueOnFail()) return [{ json: {}, error, pairedItem: { item: itemIndex } }];
		throw error;
	}
}
