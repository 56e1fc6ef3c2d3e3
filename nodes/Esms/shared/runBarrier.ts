import type { IExecuteData, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';

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
 * operation whose kind changes nothing (a read or an estimate: transport.ts, KIND_POLICY), under
 * Continue On Fail (every item gets its own result there), and for an AI agent's call of the tool:
 * that runs RoutingNode with the agent's execute data, recognised because the item is not the
 * execute data's.
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

export interface Run {
	total: number;
	/** items started together: the run, or a batch of the Batching request option */
	batchSize: number;
	batches: Batch[];
	/** items that started their request steps, and the number of items in the batches begun so far */
	started: number;
	expected: number;
	/** whether an item of the run was refused */
	refused: boolean;
	/** items let through to eSMS (less those held back after all, see `mayStillSend`) */
	sent: number;
	/** items whose send eSMS accepted, and items whose send failed (refused by eSMS, or no answer), in the order they settled */
	accepted: number[];
	failed: number[];
	/** called whenever a send of the run settles (see `watchSends`) */
	watchers: Array<() => void>;
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

/** Remembers that the request options an item's request steps returned belong to `run`. */
export function holdFor(options: object, run: Run): void {
	waiting.set(options, run);
}

/** The run whose barrier the request with these options waits at, if any (see `holdFor`). */
export function heldBy(options: object): Run | undefined {
	return waiting.get(options);
}

function deferred(): [Promise<void>, () => void] {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return [promise, resolve];
}

/**
 * The barrier of the run this item belongs to, or undefined when none applies: under Continue On
 * Fail, for an endpoint that changes nothing (`readOnly`), or outside WorkflowExecute's own path (an
 * AI tool call). Item 0 starts a new run. Call it when the item's request steps start.
 */
export function joinRun(ctx: IExecuteSingleFunctions, readOnly: boolean): Run | undefined {
	if (ctx.continueOnFail() || readOnly) return undefined;
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
			accepted: [],
			failed: [],
			watchers: [],
			ended,
			end,
		});
	}
	return runs.get(scope);
}

/**
 * Registers an item's request steps, which have just started, in its run; their rejection marks the
 * run refused.
 */
export function track(run: Run, itemIndex: number, steps: Promise<unknown>): void {
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
 * steps, yes when none of the run was refused, every item of the batches begun so far started, and no
 * send of the run has failed yet (a later batch of the Batching request option is then held back).
 */
export async function passes(run: Run, itemIndex: number): Promise<boolean> {
	await run.batches[Math.floor(itemIndex / run.batchSize)].settled;
	if (run.refused || run.started < run.expected || run.failed.length > 0) return false;
	run.sent++;
	return true;
}

/*
 * After the barrier: a failure at eSMS. The barrier cannot know eSMS's answer in advance (103, no
 * balance; 146 or 790 on a template the node could not check), so the items of a run go out together
 * and one of them may fail while the others are accepted. Under Stop Workflow the node then fails and
 * the accepted items' SMSIDs are in no output. What the barrier does: it counts each item's outcome for
 * the failed item's error (errors.ts, describeFailureInRun), and an item that has not gone out yet (its
 * turn of the node's rate limiter, or a later batch) stays unsent once a send of its run has failed.
 * RoutingNode awaits every item (Promise.allSettled) before it throws the first failed one, so the
 * error's description, updated whenever a send settles (`watchSends`), is final when n8n shows it.
 */

/**
 * Called by a send let through by `passes` just before its first request: false, and the item no longer
 * counts as sent, when a send of its run has failed meanwhile (the item is then not sent).
 */
export function mayStillSend(run: Run): boolean {
	if (run.failed.length === 0) return true;
	run.sent--;
	for (const watcher of run.watchers) watcher();
	return false;
}

/** Records the outcome of an item's send (`accepted`: eSMS accepted it) and tells the watchers. */
export function sendSettled(run: Run, itemIndex: number, accepted: boolean): void {
	(accepted ? run.accepted : run.failed).push(itemIndex);
	for (const watcher of run.watchers) watcher();
}

/** Calls `watcher` now and whenever a send of the run settles (or is held back after a failure). */
export function watchSends(run: Run, watcher: () => void): void {
	run.watchers.push(watcher);
	watcher();
}

/** What became of the other items of a run, as seen from the item `itemIndex` (0-based). */
export interface RunSends {
	itemIndex: number;
	/** items in the run */
	total: number;
	/** other items that eSMS accepted (0-based, ascending) */
	accepted: number[];
	/** other items whose send failed */
	failed: number;
	/** other items on their way to eSMS, whose outcome is not known yet */
	pending: number;
}

/** The outcomes of the other items of the run so far; the rest of the run's items were not sent (or not yet). */
export function runSends(run: Run, itemIndex: number): RunSends {
	const accepted = run.accepted.filter((i) => i !== itemIndex).sort((a, b) => a - b);
	const failed = run.failed.filter((i) => i !== itemIndex).length;
	const self = run.accepted.includes(itemIndex) || run.failed.includes(itemIndex) ? 1 : 0;
	return { itemIndex, total: run.total, accepted, failed, pending: Math.max(0, run.sent - self - accepted.length - failed) };
}
