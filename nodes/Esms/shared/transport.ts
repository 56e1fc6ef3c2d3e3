import { NodeApiError, sleep } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	JsonObject,
} from 'n8n-workflow';

import { afterLostAnswer, describeFailureInRun, errorItemJson, explainTransportError, failureError, failureOf, isEsmsError, stoppedRunError } from './errors';
import type { EsmsFailure } from './errors';
import { acquire } from './limiter';
import { lookup } from './lookup';
import { heldBy, holdFor, joinRun, mayStillSend, passes, runSends, sendSettled, track, watchSends } from './runBarrier';
import type { Run } from './runBarrier';
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
 * The Request ID a send carries, if any: in the query (GET sends), in the JSON body (ZNS), or in the
 * first entry of a multichannel body's Data (the ZNS part, which eSMS answers for).
 */
function requestIdOf(options: { qs?: IDataObject; body?: unknown }): string | undefined {
	const body = (options.body ?? {}) as IDataObject;
	const first = Array.isArray(body.Data) ? (body.Data[0] as IDataObject | undefined) : undefined;
	const id = options.qs?.RequestId || body.RequestId || first?.RequestId;
	return id ? String(id) : undefined;
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

/**
 * A request step that, when the node continues on fail, records a refusal instead of throwing it.
 * Thrown, the error would reach RoutingNode, whose error item for it has no `pairedItem`.
 * Under Stop Workflow, a send's request steps join the run barrier (above), and a refusal in a run of
 * several items is thrown as `stoppedRunError` (errors.ts), which says that the others were not sent.
 */
function refusable(preSend: PreSend): PreSend {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const run = joinRun(this, READ_ONLY.has(endpointOf(requestOptions.url)));
		// started now, synchronously (a step that throws at once still gives a rejected promise)
		const steps = (async () => await preSend.call(this, requestOptions))();
		if (run) track(run, this.getItemIndex(), steps);
		try {
			const options = await steps;
			if (run) holdFor(options, run);
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
 *
 * Under Stop Workflow, when a send of a run of several items fails at eSMS after the checks passed
 * (103, 146, 790…, or no answer), the error's description also says which item failed and what became
 * of the others (accepted, and so sent but in no output; failed; not sent), and the items of the run
 * that have not gone out yet are not sent (runBarrier.ts, mayStillSend). A run of one item, and every
 * item under Continue On Fail, keep the error as it is.
 *
 * When the first attempt got no usable answer and the node's retry (same Request ID, the user's own)
 * gets eSMS's 124, the error says that the first attempt most likely sent the message (errors.ts,
 * afterLostAnswer), instead of advising a new Request ID.
 *
 * @throws NodeApiError (errors.ts, failureError) for a failed request, under Stop Workflow
 */
export async function sendRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const refusal = refused.get(requestData.options);
	// the same error item RoutingNode makes under Continue On Fail, plus the pairing
	if (refusal) return [{ json: errorItemJson(this.getNode(), refusal), error: refusal as NodeApiError, pairedItem: { item: itemIndex } }];
	// under Stop Workflow, a send goes only when no item of its run was refused (see the run barrier)
	const run = heldBy(requestData.options);
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
	const requestId = readOnly ? undefined : requestIdOf(requestData.options as { qs?: IDataObject; body?: unknown });
	const idempotent = readOnly || requestId !== undefined;

	/** the failure of the first attempt, when the node asked again because it said nothing of the outcome */
	let lost: EsmsFailure | undefined;
	for (let attempt = 1; ; attempt++) {
		const release = await acquire(`${credentialId}|${endpoint}`, limits);
		// under Stop Workflow, once a send of the run has failed, an item that has not gone out stays unsent
		if (run && attempt === 1 && !mayStillSend(run)) {
			release();
			return [];
		}
		let failure: EsmsFailure;
		let error: NodeApiError;
		try {
			const out = paired(await this.makeRoutingRequest(requestData), itemIndex);
			if (run) sendSettled(run, itemIndex, true);
			return out;
		} catch (caught) {
			// the original of a transport error is dropped: its `cause` holds the request URL, with the keys
			failure = failureOf(caught) ?? explainTransportError(caught);
			release({ rateLimited: failure.code === '160' });
			error = isEsmsError(caught)
				? new NodeApiError(node, caught as JsonObject)
				: failureError(node, failure, itemIndex);
			// a 124 on the node's own retry (a Request ID of the user's own: an automatic one is a success)
			if (lost && failure.code === '124') {
				failure = afterLostAnswer(failure, lost, requestId);
				error.description = failure.description;
			}
		} finally {
			release();
		}
		if (attempt < MAX_ATTEMPTS && worthRetrying(failure, idempotent, readOnly)) {
			lost ??= failure;
			await sleep(1000 * attempt);
			continue;
		}
		if (this.continueOnFail()) return [{ json: errorItemJson(this.getNode(), error), error, pairedItem: { item: itemIndex } }];
		if (run) {
			failedInRun(run, itemIndex, error, failure.code !== undefined && !(lost && failure.code === '124'));
			// as for a refusal (refusable): with Batching, a rejection before RoutingNode's last batch would be unhandled
			if (run.batchSize < run.total) await run.ended;
		}
		throw error;
	}
}

/**
 * Records a failed send in its run (Stop Workflow) and, when the run has other items, keeps the error's
 * description telling what became of them (errors.ts, describeFailureInRun): updated whenever another
 * send of the run settles, so that it is exact once RoutingNode, which awaits every item, shows it.
 * A run of one item keeps the error as it is.
 */
function failedInRun(run: Run, itemIndex: number, error: NodeApiError, refusedByEsms: boolean): void {
	sendSettled(run, itemIndex, false);
	if (run.total < 2) return;
	const own = error.description ?? '';
	watchSends(run, () => {
		error.description = describeFailureInRun(own, refusedByEsms, runSends(run, itemIndex));
	});
}
