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

import { explainTransportError, failureError, failureOf, isEsmsError, stoppedRunError } from './errors';
import type { EsmsFailure } from './errors';
import { acquire } from './limiter';
import { lookup } from './lookup';
import { heldBy, holdFor, joinRun, passes, track } from './runBarrier';
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
