import { NodeApiError, NodeConnectionTypes, sleep } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';

import { afterLostAnswer, describeFailureInRun, errorItemJson, explainTransportError, failureError, failureOf, isEsmsError, stoppedRunError } from './errors';
import type { EsmsFailure } from './errors';
import { acquire } from './limiter';
import { heldBy, holdFor, joinRun, mayStillSend, passes, runSends, sendSettled, track, watchSends } from './runBarrier';
import type { Run } from './runBarrier';
import type { Limits } from './limiter';
import type { OperationKind, PreSend } from './operation';
import { isToolNode } from './requestId';

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
 * How the transport treats each kind of operation (operation.ts, OperationKind), keyed by what the
 * request does, never by its URL: GetSendStatus is both the SMS and the voice status, GetTemplate both
 * template lists.
 * - readOnly: asked again after an answer that says nothing of the outcome and after a 160, and kept
 *   out of the run barrier (a read sends nothing that a refusal elsewhere should hold back).
 * - limits: eSMS documents no limit for most endpoints. Sends are capped at 20 at a time to be gentle
 *   with a money-spending call; reads are not capped, because a cap measurably slowed bulk lookups
 *   (docs/performance.md). An operation adds a documented limit in its spec (Zalo status: 100/s).
 */
export const KIND_POLICY: Readonly<Record<OperationKind, { readOnly: boolean; limits: Limits }>> = {
	send: { readOnly: false, limits: { perSecond: 0, concurrency: 20 } },
	read: { readOnly: true, limits: { perSecond: 0, concurrency: 0 } },
	estimate: { readOnly: true, limits: { perSecond: 0, concurrency: 0 } },
};

/** What the request hook of one operation needs to know (derived from its spec: resources/index.ts). */
export interface RequestPolicy {
	/** `resource:operation`: names the operation's rate limiter, and nothing else */
	key: string;
	kind: OperationKind;
	limits?: Partial<Limits>;
	atSend?: (ctx: IExecuteSingleFunctions) => Promise<Partial<IHttpRequestOptions>>;
	/** the endpoint takes no Request ID and must act once (operation.ts, oncePerRun): what to do after a lost answer */
	oncePerRun?: { person: string; model: string; sameToolCallOnce?: boolean };
}

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

/**
 * Request plans: an operation whose item goes out as several requests, or whose items share one request
 * (an advertising campaign: shared/campaign.ts), registers a plan from its request step, keyed by the
 * request options that step returns. The request hook then runs the plan instead of the item's one
 * request: the plan calls `send` for each request it makes (each with the tries of the operation's
 * policy, its own rate-limiter turn and the operation's output step; a failure throws the item's
 * NodeApiError), and returns the item's output items, which are paired with the item. A plan that
 * throws fails the item as a failed request does (its error item under Continue On Fail).
 */
export type RequestPlan = (send: (requestOptions: IHttpRequestOptions) => Promise<INodeExecutionData[]>) => Promise<INodeExecutionData[]>;
const plans = new WeakMap<object, RequestPlan>();

/** Registers the plan of the request whose options a request step returns (see RequestPlan). */
export function planRequests(requestOptions: object, plan: RequestPlan): void {
	plans.set(requestOptions, plan);
}

/**
 * A request step that, when the node continues on fail, records a refusal instead of throwing it.
 * Thrown, the error would reach RoutingNode, whose error item for it has no `pairedItem`.
 * Under Stop Workflow, a send's request steps join the run barrier (above), and a refusal in a run of
 * several items is thrown as `stoppedRunError` (errors.ts), which says that the others were not sent.
 */
export function requestStep(preSend: PreSend, kind: OperationKind): PreSend {
	const readOnly = KIND_POLICY[kind].readOnly;
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const run = joinRun(this, readOnly);
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
 * The request as it leaves: completed by the operation's `atSend` (keys eSMS takes in the URL path),
 * after the rate limiter and retry logic, which therefore never hold them.
 */
async function leaving(
	ctx: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	policy: RequestPolicy,
): Promise<DeclarativeRestApiSettings.ResultOptions> {
	if (!policy.atSend) return requestData;
	return { ...requestData, options: { ...requestData.options, ...(await policy.atSend(ctx)) } };
}

/** Marks items as made from input item `item` (one input, so no `input` index). */
function paired(items: INodeExecutionData[], item: number): INodeExecutionData[] {
	for (const out of items) out.pairedItem ??= { item };
	return items;
}

/**
 * The request hook of one operation. n8n's declarative routing has no "request hook": its pagination
 * hook (`routing.operations.pagination`, called when `send.paginate` is true) is the one place where a
 * node's code runs around the request itself, for each item, so every operation uses it for one request
 * (resources/index.ts sets it from the operation's spec; nothing here pages). RoutingNode calls it with
 * `this` the item's context and `requestData.options` as the item's request steps returned them.
 *
 * Returns the item's output items, each paired with the item (a list gives several, and n8n pairs
 * items on its own only when as many come out as went in). Under Continue On Fail, a refusal
 * recorded by a request step, or a failed request, becomes the item's error item (`{ json: {},
 * error, pairedItem }`); otherwise a failed request throws a NodeApiError (errors.ts, failureError).
 * A send held by the run barrier (Stop Workflow, another item of its run refused) returns no items
 * and sends nothing: the node fails with the refused item's error.
 *
 * How the request is treated follows the operation's kind (KIND_POLICY): reads and estimates are asked
 * again after an answer that says nothing (up to 4 attempts) and after eSMS's 160; a send only with a
 * Request ID, never after a 160.
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
export function requestHook(policy: RequestPolicy) {
	const { readOnly, limits: kindLimits } = KIND_POLICY[policy.kind];
	const ownLimits: Limits = { ...kindLimits, ...policy.limits };
	return async function request(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		return await sendRequest.call(this, requestData, policy, readOnly, ownLimits);
	};
}

async function sendRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	policy: RequestPolicy,
	readOnly: boolean,
	ownLimits: Limits,
): Promise<INodeExecutionData[]> {
	const itemIndex = this.getItemIndex();
	const refusal = refused.get(requestData.options);
	// the same error item RoutingNode makes under Continue On Fail, plus the pairing
	if (refusal) return [{ json: errorItemJson(this.getNode(), refusal), error: refusal as NodeApiError, pairedItem: { item: itemIndex } }];
	// under Stop Workflow, a send goes only when no item of its run was refused (see the run barrier)
	const run = heldBy(requestData.options);
	if (run && !(await passes(run, itemIndex))) return [];

	// an endpoint without Request ID (OTP, Viber): an earlier try of this node run already had it answered, or lost
	const once = policy.oncePerRun === undefined ? undefined : onceMemory(this, itemIndex, requestData.options);
	const before = once?.memory.get(once.key);
	if (before?.items) {
		if (run) sendSettled(run, itemIndex, true);
		// as for a send with a Request ID that eSMS accepted in an earlier try: alreadyAccepted, the same SMSID
		return paired(asRepeat(before.items), itemIndex);
	}

	const node = this.getNode();
	if (before?.lost) {
		// never asked again: eSMS may have acted on it (sent a code, used one up)
		const error = failureError(node, notAskedAgain(before.lost, policy.oncePerRun!), itemIndex);
		if (this.continueOnFail()) return [{ json: errorItemJson(node, error), error, pairedItem: { item: itemIndex } }];
		if (run) {
			failedInRun(run, itemIndex, error, false, true);
			if (run.batchSize < run.total) await run.ended;
		}
		throw error;
	}
	const credentialId = node.credentials?.esmsApi?.id ?? node.id;
	const options = this.getNodeParameter('options', {}) as { requestsPerSecond?: number; maxConcurrentRequests?: number };
	const limits: Limits = {
		...ownLimits,
		...(options.requestsPerSecond !== undefined && { perSecond: options.requestsPerSecond }),
		...(options.maxConcurrentRequests !== undefined && { concurrency: options.maxConcurrentRequests }),
	};
	const attempt = async (data: DeclarativeRestApiSettings.ResultOptions, held?: Run) =>
		await attempts(this, data, policy, readOnly, limits, credentialId, held);

	const plan = plans.get(requestData.options);
	if (plan) {
		try {
			const out = paired(
				await plan(async (requestOptions) => {
					// each request of the plan: the item's request options (base URL, timeout…) with the plan's method, URL, body
					const { headers, ...rest } = requestOptions;
					const merged = { ...requestData.options, ...rest, headers: { ...requestData.options.headers, ...headers } };
					const sent = await attempt({ ...requestData, options: merged });
					if (sent instanceof Failed) throw sent.error;
					return sent;
				}),
				itemIndex,
			);
			if (run) sendSettled(run, itemIndex, true);
			return out;
		} catch (caught) {
			const error = caught instanceof NodeApiError ? caught : new NodeApiError(node, caught as JsonObject);
			if (this.continueOnFail()) return [{ json: errorItemJson(node, error), error, pairedItem: { item: itemIndex } }];
			if (run) {
				sendSettled(run, itemIndex, false);
				if (run.batchSize < run.total) await run.ended;
			}
			throw error;
		}
	}

	// the same call made again in one execution (oncePerRun.sameToolCallOnce): the first call's answer
	const sameCall = policy.oncePerRun?.sameToolCallOnce === true ? toolCallKey(this, requestData.options) : undefined;
	const earlier = sameCall === undefined ? undefined : toolCalls.get(sameCall);
	const sending = earlier ?? attempts(this, requestData, policy, readOnly, limits, credentialId, run, once);
	if (sameCall !== undefined && !earlier) toolCalls.set(sameCall, sending);
	const sent = await sending;
	// a refusal eSMS answered sent nothing: a later call may send (a lost answer stays, and is never asked again)
	if (sameCall !== undefined && !earlier && sent instanceof Failed && sent.failure.code !== undefined) toolCalls.delete(sameCall);
	if (!(sent instanceof Failed)) return paired(earlier ? asRepeat(sent) : sent, itemIndex);
	const { error } = sent;
	if (this.continueOnFail()) return [{ json: errorItemJson(this.getNode(), error), error, pairedItem: { item: itemIndex } }];
	// the failure is already recorded in its run (attempts)
	// as for a refusal (requestStep): with Batching, a rejection before RoutingNode's last batch would be unhandled
	if (run && run.batchSize < run.total) await run.ended;
	throw error;
}

/** A request that failed after the tries the policy allows: the error to show, eSMS's failure, the first lost answer. */
class Failed {
	constructor(
		readonly error: NodeApiError,
		readonly failure: EsmsFailure,
		readonly lost: EsmsFailure | undefined,
	) {}
}

/**
 * One request with the policy's tries: a rate-limiter turn for each, asked again when that is safe and
 * useful (worthRetrying). Returns the request's output items (unpaired), or the failure. With `once`
 * (an endpoint without Request ID), the outcome is remembered for later tries of the node run. With `run`
 * (Stop Workflow), an item that has not gone out when a send of its run failed stays unsent ([]).
 */
async function attempts(
	ctx: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	policy: RequestPolicy,
	readOnly: boolean,
	limits: Limits,
	credentialId: string,
	run: Run | undefined,
	once?: { memory: Map<string, Outcome>; key: string },
): Promise<INodeExecutionData[] | Failed> {
	const itemIndex = ctx.getItemIndex();
	const node = ctx.getNode();
	const requestId = readOnly ? undefined : requestIdOf(requestData.options as { qs?: IDataObject; body?: unknown });
	const idempotent = readOnly || requestId !== undefined;

	/** the failure of the first attempt, when the node asked again because it said nothing of the outcome */
	let lost: EsmsFailure | undefined;
	for (let attempt = 1; ; attempt++) {
		const release = await acquire(`${credentialId}|${policy.key}`, limits);
		// under Stop Workflow, once a send of the run has failed, an item that has not gone out stays unsent
		if (run && attempt === 1 && !mayStillSend(run)) {
			release();
			return [];
		}
		let failure: EsmsFailure;
		let error: NodeApiError;
		try {
			const out = await ctx.makeRoutingRequest(await leaving(ctx, requestData, policy));
			if (run) sendSettled(run, itemIndex, true);
			once?.memory.set(once.key, { items: copyOf(out) });
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
			// no usable answer from an endpoint without Request ID: remembered, so that no later try asks again
			if (once && failure.code === undefined) {
				once.memory.set(once.key, { lost: failure });
				const { person, model } = policy.oncePerRun!;
				failure = { ...failure, description: `${withoutRetryAdvice(failure.description)} ${person}`, forModel: model };
				error = failureError(node, failure, itemIndex);
			}
		} finally {
			release();
		}
		if (attempt < MAX_ATTEMPTS && worthRetrying(failure, idempotent, readOnly)) {
			lost ??= failure;
			await sleep(1000 * attempt);
			continue;
		}
		// recorded now, before any other item of the run resumes: one waiting for this rate-limiter turn must see
		// that a send of its run has failed (mayStillSend), and not go out
		if (run && !ctx.continueOnFail()) failedInRun(run, itemIndex, error, failure.code !== undefined && !(lost && failure.code === '124'), policy.oncePerRun !== undefined);
		return new Failed(error, failure, lost);
	}
}

/**
 * Records a failed send in its run (Stop Workflow) and, when the run has other items, keeps the error's
 * description telling what became of them (errors.ts, describeFailureInRun): updated whenever another
 * send of the run settles, so that it is exact once RoutingNode, which awaits every item, shows it.
 * A run of one item keeps the error as it is.
 */
function failedInRun(run: Run, itemIndex: number, error: NodeApiError, refusedByEsms: boolean, noRequestId = false): void {
	sendSettled(run, itemIndex, false);
	if (run.total < 2) return;
	const own = error.description ?? '';
	watchSends(run, () => {
		error.description = describeFailureInRun(own, refusedByEsms, runSends(run, itemIndex), noRequestId);
	});
}

/** What an earlier try of this node run got for one item's request (oncePerRun): its output, or a lost answer. */
interface Outcome {
	items?: INodeExecutionData[];
	lost?: EsmsFailure;
}
const outcomes = new WeakMap<object, Map<string, Outcome>>();

/**
 * The memory of an endpoint without Request ID (operation.ts, oncePerRun) for this node run, and the
 * key of this item's request. The run is n8n's execute data object, which WorkflowExecute keeps for
 * every try of Retry On Fail (as earlierTries.ts); the key is the item and the request as the request
 * steps made it (method, URL, query, body: the keys are added later, by the credential).
 *
 * A tool's calls are not told apart by the execute data: every call of one AI Agent run shares the
 * agent's, and a model that calls Send Code again for the same phone wants a new code. n8n gives the
 * tries of one call (the tool's Retry On Fail, n8n-core get-input-connection-data) the same arguments
 * object as their input item, and each call its own: that object is the call's memory.
 */
function onceMemory(
	ctx: IExecutePaginationFunctions,
	itemIndex: number,
	options: DeclarativeRestApiSettings.ResultOptions['options'],
): { memory: Map<string, Outcome>; key: string } | undefined {
	// a tool's input item is on its ai_tool input (the main one answers a new empty item each time)
	const scope = (isToolNode(ctx.getNode()) ? ctx.getInputData?.(0, NodeConnectionTypes.AiTool)?.json : ctx.getExecuteData?.()) as unknown;
	if (scope === null || typeof scope !== 'object') return undefined;
	let memory = outcomes.get(scope);
	if (!memory) outcomes.set(scope, (memory = new Map()));
	const { method, url, baseURL, qs, body } = options as IHttpRequestOptions;
	return { memory, key: JSON.stringify([itemIndex, method, baseURL, url, qs ?? null, body ?? null]) };
}

/**
 * The calls of one execution to a tool whose send takes no Request ID and that a model repeats by
 * mistake (Viber: the same message to the same phone twice in one chat message): the first call's
 * outcome, by execution and request, which an identical call awaits instead of sending again. Keyed by
 * the execution ID because n8n 2.x runs each tool call of the AI Agent as a node run of its own (no
 * shared execute data), while a chat message is one execution; a new message is a new one, and sends.
 * At most TOOL_CALLS_KEPT entries, the oldest dropped first (an execution's calls are moments apart).
 */
const toolCalls = new Map<string, Promise<INodeExecutionData[] | Failed>>();
const TOOL_CALLS_KEPT = 1000;
function toolCallKey(ctx: IExecutePaginationFunctions, options: DeclarativeRestApiSettings.ResultOptions['options']): string | undefined {
	const executionId = ctx.getExecutionId?.();
	if (!isToolNode(ctx.getNode()) || !executionId) return undefined;
	while (toolCalls.size >= TOOL_CALLS_KEPT) toolCalls.delete(toolCalls.keys().next().value!);
	const { method, url, baseURL, qs, body } = options as IHttpRequestOptions;
	return JSON.stringify([executionId, ctx.getWorkflow().id ?? null, ctx.getNode().name, method, baseURL, url, qs ?? null, body ?? null]);
}

/** An earlier answer given again: a copy, `alreadyAccepted: true` where the output has that field. */
const asRepeat = (items: INodeExecutionData[]): INodeExecutionData[] =>
	copyOf(items).map(({ json }) => ({ json: 'alreadyAccepted' in json ? { ...json, alreadyAccepted: true } : json }));

/** Output items as an earlier try gave them, for a later one: the JSON only (paired again by the caller). */
const copyOf = (items: INodeExecutionData[]): INodeExecutionData[] => items.map((i) => ({ json: JSON.parse(JSON.stringify(i.json)) as IDataObject }));

/** A transport error's description without its advice to retry (true only for sends with a Request ID). */
function withoutRetryAdvice(description: string): string {
	return description
		.replace(/ Sends carry a Request ID: retrying .*?\)\./, '')
		.replace(' Retry later, or turn on "Retry On Fail" in the node settings: sends carry a Request ID, so a retry cannot send a message twice.', '');
}

/** The failure of a later try of the node run, for an item whose earlier request got no usable answer. */
function notAskedAgain(lost: EsmsFailure, what: { person: string; model: string }): EsmsFailure {
	return {
		...lost,
		message: `Not asked again: an earlier try of this node run got no answer from eSMS (${lost.message})`,
		// said once: Viber's own text already says that it takes no Request ID
		description: what.person.includes('Request ID') ? what.person : `This request takes no Request ID, so eSMS could not recognise a repeat: the node did not send it again. ${what.person}`,
		forModel: what.model,
	};
}
