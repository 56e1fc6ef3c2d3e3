import type { IExecuteSingleFunctions } from 'n8n-workflow';

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

function scopeOf(ctx: IExecuteSingleFunctions): object | undefined {
	const scope = ctx.getExecuteData?.() as unknown;
	return scope !== null && typeof scope === 'object' ? scope : undefined;
}

/** Records that eSMS accepted item `ctx.getItemIndex()` with `requestId`, as SMSID `smsId` ('' when unknown). */
export function rememberAccepted(ctx: IExecuteSingleFunctions, requestId: string, smsId: string): void {
	const scope = scopeOf(ctx);
	if (!scope) return;
	let items = accepted.get(scope);
	if (!items) accepted.set(scope, (items = new Map()));
	items.set(`${ctx.getItemIndex()}|${requestId}`, smsId);
}

/**
 * The SMSID eSMS gave this item for `requestId` in an earlier try of this node run ('' when it was not
 * read), or undefined when no earlier try of this run had it accepted.
 */
export function acceptedBefore(ctx: IExecuteSingleFunctions, requestId: string): string | undefined {
	const scope = scopeOf(ctx);
	return scope ? accepted.get(scope)?.get(`${ctx.getItemIndex()}|${requestId}`) : undefined;
}
