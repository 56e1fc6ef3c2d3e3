import { createHash } from 'crypto';
import type { IExecuteSingleFunctions } from 'n8n-workflow';

/**
 * Automatic Request IDs. eSMS refuses a RequestId it has seen in the last 24 hours with code 124
 * (reference/esms-api.md §5, "RequestId"), so an ID that repeats exactly when the same message is
 * sent again makes retries safe, and an ID that repeats for any other message loses that message.
 *
 * Counters such as the execution ID restart per n8n database, so the ID is a hash of everything that
 * identifies this one message: the n8n instance, the workflow, the execution (its ID and the time it
 * started), the node, the run and the item, and what is sent (phone, text, channel, send date…).
 * No state is shared or stored.
 */

/** Minutes that one AI-tool call's ID stays the same when the call is repeated (see {@link automaticRequestId}). */
export const TOOL_WINDOW_MINUTES = 10;

/**
 * What identifies one message, as hashed. `execution` is absent when the node runs as an AI tool
 * (see {@link automaticRequestId}); `window` is then the tool window number instead.
 */
export interface RequestIdParts {
	instanceId: string;
	workflowId: string;
	nodeId: string;
	itemIndex: number;
	execution?: { id: string; startedAt: number | null; runIndex: number };
	window?: number;
	/** the message: every value sent to eSMS except the Request ID and the keys */
	message: Record<string, unknown>;
}

/** Keys sorted, so that the same values always hash the same whatever order they were set in. */
function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value !== null && typeof value === 'object')
		return Object.fromEntries(
			Object.keys(value)
				.sort()
				.map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
		);
	return value;
}

/**
 * The Request ID for these parts: `n8n-` and 32 hex digits (128 bits of SHA-256) inside an execution,
 * `n8n-tool-` and 32 hex digits for an AI-tool call; 36 or 41 characters, within eSMS's 50. The same
 * parts always give the same ID; any difference in any part gives another one.
 */
export function requestIdFrom(parts: RequestIdParts): string {
	const hash = createHash('sha256')
		.update(JSON.stringify(['esms-request-id-v2', canonical(parts)]))
		.digest('hex')
		.slice(0, 32);
	return parts.execution ? `n8n-${hash}` : `n8n-tool-${hash}`;
}

/** n8n ≥ 2 records when an execution started (runtimeData.establishedAt); kept across retries, resumes and workers. */
function executionStartedAt(ctx: IExecuteSingleFunctions): number | null {
	try {
		const context = (ctx as unknown as { getExecutionContext?: () => { establishedAt?: unknown } | undefined }).getExecutionContext?.();
		const at = Number(context?.establishedAt);
		return Number.isFinite(at) ? at : null;
	} catch {
		return null;
	}
}

function instanceId(ctx: IExecuteSingleFunctions): string {
	try {
		// derived by n8n from the instance's encryption key: differs between instances, shared by a queue's workers
		return String((ctx as unknown as { getInstanceId?: () => unknown }).getInstanceId?.() ?? '');
	} catch {
		return '';
	}
}

/**
 * Whether the node runs as "eSMS Tool", the variant n8n builds for AI agents and the MCP Server
 * Trigger: its type name ends in "Tool" (n8n's `convertNodeToAiTool`; the display option `@tool` tests
 * the same). That variant has no main input or output, so it never runs as a step of a workflow.
 */
export function isToolNode(node: { type: string }): boolean {
	return node.type.endsWith('Tool');
}

/**
 * The automatic Request ID of the current item, for `message` (every value sent to eSMS except the
 * Request ID and the keys).
 *
 * In a workflow, Retry On Fail re-runs the node with the same execution, run and item, so every try of
 * an item carries the same ID and eSMS drops the repeats; any other message, execution, workflow or
 * instance gets another ID (the same message sent by two executions is sent twice).
 *
 * As an AI tool the execution and run tell nothing about the message: under n8n's AI Agent every tool
 * call, and every try of Retry On Fail, is a new run of the tool node in the agent's execution (n8n-core
 * requests-response.js `handleRequest`, get-input-connection-data.js `makeHandleToolInvocation`), each
 * chat message is a new execution, and the MCP Server Trigger gives the tool no execution at all. A
 * model that repeats a call (a retry, or the same call twice in one message) means the same message.
 * So the ID is made from the instance, workflow, node and message, and the {@link TOOL_WINDOW_MINUTES}
 * window of the clock: the repeat comes back as already accepted. The window is taken from the start of
 * the execution when n8n records it (2.x), so that all calls and tries of one agent run fall in one.
 */
export function automaticRequestId(ctx: IExecuteSingleFunctions, message: Record<string, unknown>): string {
	const itemIndex = ctx.getItemIndex();
	const executionId = String(ctx.getExecutionId() ?? '');
	const common = {
		instanceId: instanceId(ctx),
		workflowId: String(ctx.getWorkflow().id ?? ''),
		nodeId: ctx.getNode().id,
		itemIndex,
		message,
	};
	if (executionId === '' || isToolNode(ctx.getNode())) {
		const at = (executionId !== '' && executionStartedAt(ctx)) || Date.now();
		return requestIdFrom({ ...common, window: Math.floor(at / (TOOL_WINDOW_MINUTES * 60_000)) });
	}
	const runIndex = Number(ctx.getWorkflowDataProxy(itemIndex).$runIndex ?? 0);
	return requestIdFrom({ ...common, execution: { id: executionId, startedAt: executionStartedAt(ctx), runIndex } });
}
