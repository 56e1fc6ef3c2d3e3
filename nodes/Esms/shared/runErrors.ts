import type { NodeApiError } from 'n8n-workflow';

import { NOTHING_SENT } from './nodeErrors';
import type { RunSends } from './runBarrier';

/**
 * The wording for runs of several items under On Error "Stop Workflow": what became of the other items
 * when one was refused before any request, or failed at eSMS. Part of the error policy (errors.ts).
 */

/**
 * The error of an item refused under On Error "Stop Workflow", when the node held back the rest of
 * the run (transport.ts, the run barrier). Returns `refusal` itself (a NodeApiError, so its message,
 * its item index and any eSMS code stay as they are) with its description saying that the other
 * items were not sent, the item's own fix, and how to send the good items.
 *
 * `itemIndex` is the refused item's (0-based; the text shows it 1-based, as n8n does). `alreadySent`
 * counts the run's items that had gone to eSMS before the refusal: 0, except with n8n's "Batching"
 * request option, where each batch is checked when it starts.
 *
 * Why this description: before the barrier, the other items were sent while this one failed, and a
 * second run sent them twice. Now the user should know that fixing the item and running the workflow
 * again sends every message once.
 */
export function stoppedRunError(refusal: NodeApiError, itemIndex: number, alreadySent: number): NodeApiError {
	const fix = (refusal.description ?? '').replace(NOTHING_SENT, '').trim();
	const item = `Item ${itemIndex + 1}`;
	const held =
		alreadySent === 0
			? `${item} was refused, so no item of this run was sent to eSMS (On Error is "Stop Workflow"): fix it and run the workflow again.`
			: `${item} was refused, so no further item of this run was sent to eSMS (On Error is "Stop Workflow"), but ${alreadySent} item${alreadySent === 1 ? '' : 's'} of earlier batches had already been sent: with the "Batching" request option, each batch is checked when it starts.`;
	refusal.description = `${held}${fix ? ` ${fix}` : ''} To send the other items and get each refused item as an error item, set On Error (in the node's settings) to "Continue" or "Continue (using error output)".`;
	return refusal;
}

/** The advice that ends the description of a failure in a run of several items under Stop Workflow. */
export const CONTINUE_FOR_SEVERAL =
	'For sends of several items, set On Error (in the node\'s settings) to "Continue" or "Continue (using error output)": each item then gets its own result, with its SMSID or its error.';

/** "item 3", "items 1 and 3", "items 1, 2, …, 10 and 5 more" (1-based, from 0-based indexes). */
function itemList(indexes: number[]): string {
	const shown = indexes.slice(0, 10).map((i) => String(i + 1));
	const more = indexes.length - shown.length;
	if (shown.length === 1) return `item ${shown[0]}`;
	if (more > 0) return `items ${shown.join(', ')} and ${more} more`;
	return `items ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

const items = (n: number) => (n === 1 ? '1 other item' : `${n} other items`);

/**
 * The description of a send that failed at eSMS (or got no answer) in a run of several items under On
 * Error "Stop Workflow": which item failed, what became of the run's other items, the item's own
 * `description`, and the advice to use Continue. Pure; transport.ts calls it again whenever another
 * send of the run settles (runBarrier.ts), so the text is final when n8n shows it.
 *
 * Why: the node's checks passed for every item, so the items went out together; when eSMS refuses one
 * (103 no balance, 146, 790…), the node stops with its error and the others' SMSIDs are in no output.
 * The user must know that those were sent, and that running the workflow again sends them again.
 *
 * `noRequestId`: the send takes no Request ID (one-time codes, Viber: operation.ts oncePerRun), so nothing but not running it again avoids a repeat.
 * `refusedByEsms`: eSMS answered with a code (the text says "eSMS refused item n"); otherwise the item
 * failed without a clear answer. `sends` (runBarrier.ts, runSends): the other items accepted (listed
 * by number, 10 at most), failed, still on their way ("at least" while any is), and the rest not sent.
 *
 * Example (3 items, eSMS refused item 2, items 1 and 3 accepted): `eSMS refused item 2 of 3 (On Error is
 * "Stop Workflow"). Both other items (items 1 and 3) were sent: eSMS accepted them, but they are in no
 * output of this node, as it stopped on this error. Running the workflow again sends them again, unless
 * they carry the same Request ID as now (a Request ID of your own, under Options: the automatic one
 * changes with each execution). <the item's fix> For sends of several items, set On Error …`
 */
export function describeFailureInRun(description: string, refusedByEsms: boolean, sends: RunSends, noRequestId = false): string {
	const n = sends.itemIndex + 1;
	const others = sends.total - 1;
	const accepted = sends.accepted.length;
	const open = sends.pending > 0;
	const notSent = Math.max(0, others - accepted - sends.failed - sends.pending);
	const parts = [
		refusedByEsms
			? `eSMS refused item ${n} of ${sends.total} (On Error is "Stop Workflow").`
			: `Item ${n} of ${sends.total} failed (On Error is "Stop Workflow").`,
	];
	if (accepted > 0) {
		const one = accepted === 1;
		const which =
			accepted === others
				? others === 1
					? 'The other item'
					: others === 2
						? 'Both other items'
						: `All ${others} other items`
				: `${open ? 'At least ' : ''}${accepted} of the ${others} other items`;
		parts.push(
			`${which} (${itemList(sends.accepted)}) ${one ? 'was' : 'were'} sent: eSMS accepted ${one ? 'it' : 'them'}, but ${one ? 'it is' : 'they are'} in no output of this node, as it stopped on this error. Running the workflow again sends ${one ? 'it' : 'them'} again, ${noRequestId ? 'as this send takes no Request ID.' : `unless ${one ? 'it carries' : 'they carry'} the same Request ID as now (a Request ID of your own, under Options: the automatic one changes with each execution).`}`,
		);
	} else parts.push(open ? 'No other item of this run had been accepted by eSMS when this error was raised.' : 'No other item of this run was accepted by eSMS.');
	if (sends.failed > 0) parts.push(`${items(sends.failed)} failed too.`);
	if (open) parts.push(`${items(sends.pending)} ${sends.pending === 1 ? 'was' : 'were'} still on the way to eSMS when this error was raised.`);
	if (notSent > 0)
		parts.push(
			open
				? `${items(notSent)} had not been sent.`
				: `${items(notSent)} ${notSent === 1 ? 'was' : 'were'} not sent: once a send of the run has failed, the node sends none that has not gone out yet.`,
		);
	if (description.trim()) parts.push(description.trim());
	parts.push(CONTINUE_FOR_SEVERAL);
	return parts.join(' ');
}
