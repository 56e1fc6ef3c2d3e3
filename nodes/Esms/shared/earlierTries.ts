import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { isToolNode } from './requestId';

/**
 * What eSMS accepted in an earlier try of the same node run, for n8n's "Retry On Fail".
 *
 * n8n runs the whole node again on Retry On Fail, so items that eSMS accepted in the first try are
 * sent again with the same Request ID, and eSMS answers 124. With an automatic Request ID the node
 * reports that as `alreadyAccepted` (send.ts). With a Request ID of the user's own, a 124 alone does not
 * prove that it is this message (the ID may be an order number reused for another message), so it is
 * an error, which would advise a new Request ID and so a second send. But when this node run's
 * earlier try saw eSMS accept this very item with this very Request ID, it is certain: the message
 * was sent once. WorkflowExecute keeps the run's execute data object for all tries of Retry On Fail
 * (n8n-core 2.41.1 and 1.122, see runBarrier.ts), and gives each other node run its own, so it keys
 * this memory; entries go with it.
 */
const accepted = new WeakMap<object, Map<string, string>>();

/**
 * The same for an AI tool's repeated call, across runs: under the AI Agent every call is a new run of
 * the tool node (and over MCP a new execution), so the run's memory above never sees the first call.
 * A tool's automatic Request ID (`n8n-tool-…`, requestId.ts) is a hash of the instance, workflow, node,
 * message and 10-minute window, so a 124 on it means this very message, and the SMSID eSMS gave the
 * first call is the answer to the repeat too (the model can then ask its status). Per process, bounded:
 * the oldest entries go first; a repeat that meets another process still answers alreadyAccepted, with
 * smsId null.
 */
const toolAccepted = new Map<string, string>();
const TOOL_MEMORY = 1000;
const isAutomaticToolId = (requestId: string) => requestId.startsWith('n8n-tool-');

function scopeOf(ctx: IExecuteSingleFunctions): object | undefined {
	const scope = ctx.getExecuteData?.() as unknown;
	return scope !== null && typeof scope === 'object' ? scope : undefined;
}

/** Records that eSMS accepted item `ctx.getItemIndex()` with `requestId`, as SMSID `smsId` ('' when unknown). */
export function rememberAccepted(ctx: IExecuteSingleFunctions, requestId: string, smsId: string): void {
	if (isAutomaticToolId(requestId) && isToolNode(ctx.getNode())) {
		toolAccepted.delete(requestId);
		toolAccepted.set(requestId, smsId);
		if (toolAccepted.size > TOOL_MEMORY) toolAccepted.delete(toolAccepted.keys().next().value as string);
	}
	const scope = scopeOf(ctx);
	if (!scope) return;
	let items = accepted.get(scope);
	if (!items) accepted.set(scope, (items = new Map()));
	items.set(`${ctx.getItemIndex()}|${requestId}`, smsId);
}

/**
 * The SMSID eSMS gave this item for `requestId` in an earlier try of this node run, or (an AI tool's
 * automatic ID) in an earlier call of the tool in this process ('' when it was not read); undefined
 * when none had it accepted.
 */
export function acceptedBefore(ctx: IExecuteSingleFunctions, requestId: string): string | undefined {
	const scope = scopeOf(ctx);
	const earlierTry = scope ? accepted.get(scope)?.get(`${ctx.getItemIndex()}|${requestId}`) : undefined;
	if (earlierTry !== undefined || !isAutomaticToolId(requestId) || !isToolNode(ctx.getNode())) return earlierTry;
	return toolAccepted.get(requestId);
}

/**
 * Sends whose endpoint takes no Request ID (operation.ts, `noRequestId`): the items of this node run
 * whose send got no answer (a dropped connection, a timeout, an HTTP 5xx, a body that is not eSMS's),
 * by operation, with that first failure. eSMS may have accepted such a send and cannot refuse a repeat,
 * so n8n's Retry On Fail must not send it again (transport.ts). Keyed by the run's execute data, as above.
 */
const lost = new WeakMap<object, Map<string, { message: string; httpCode: string }>>();

export function rememberLost(ctx: IExecuteSingleFunctions, key: string, failure: { message: string; httpCode: string }): void {
	const scope = scopeOf(ctx);
	if (!scope) return;
	let items = lost.get(scope);
	if (!items) lost.set(scope, (items = new Map()));
	items.set(`${ctx.getItemIndex()}|${key}`, { message: failure.message, httpCode: failure.httpCode });
}

/** The failure of an earlier try of this node run that sent this item and got no answer, if any. */
export function lostBefore(ctx: IExecuteSingleFunctions, key: string): { message: string; httpCode: string } | undefined {
	const scope = scopeOf(ctx);
	return scope ? lost.get(scope)?.get(`${ctx.getItemIndex()}|${key}`) : undefined;
}

/**
 * The same sends (no Request ID): the output of the items that eSMS accepted in an earlier try of this
 * node run. n8n's Retry On Fail runs every item again, and eSMS would send them again: the node answers
 * an item it has already sent with that earlier output (alreadyAccepted true) instead (transport.ts).
 */
const sentOutputs = new WeakMap<object, Map<string, IDataObject[]>>();

export function rememberSentOutput(ctx: IExecuteSingleFunctions, key: string, outputs: IDataObject[]): void {
	const scope = scopeOf(ctx);
	if (!scope) return;
	let items = sentOutputs.get(scope);
	if (!items) sentOutputs.set(scope, (items = new Map()));
	items.set(`${ctx.getItemIndex()}|${key}`, outputs);
}

export function sentOutputBefore(ctx: IExecuteSingleFunctions, key: string): IDataObject[] | undefined {
	const scope = scopeOf(ctx);
	return scope ? sentOutputs.get(scope)?.get(`${ctx.getItemIndex()}|${key}`) : undefined;
}
