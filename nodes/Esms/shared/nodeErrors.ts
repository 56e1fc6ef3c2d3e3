import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions, IN8nHttpFullResponse, INode, JsonObject } from 'n8n-workflow';

import { explainResponse } from './failures';
import { lookup } from './lookup';
import { isToolNode } from './requestId';
import { TOOL_SMS_ID } from '../toolVariant';
import type { EsmsFailure } from './failures';

/**
 * n8n error construction: the NodeApiError of a failed request and of refused input, as the editor,
 * the AI agent and the execution data show them. Part of the error policy (errors.ts).
 */

const ours = new WeakMap<object, EsmsFailure>();

/**
 * The code the editor shows as "Error code" under "From eSMS". For an eSMS refusal it is eSMS's own
 * result code (101, 103…): the HTTP status of such an answer is 200, which users read as "OK". For
 * an answer that failed without a result code (a web page, a bare {"error": …}) on HTTP 200 there is
 * no meaningful code, so none is shown; other HTTP statuses and socket codes (ECONNRESET) are shown.
 */
function shownCode(failure: EsmsFailure): string | undefined {
	if (failure.code !== undefined) return failure.code;
	return /^2\d\d$/.test(failure.httpCode) ? undefined : failure.httpCode;
}

/**
 * The error of a failed request, as n8n shows it: class NodeApiError (RoutingNode passes it on
 * untouched), `httpCode` = eSMS's result code (see shownCode), message "eSMS error <code>: <meaning>",
 * description = the fix. The answer's body (key-free: eSMS never echoes the keys) is kept as
 * `errorResponse` for the execution data.
 */
export function failureError(node: INode, failure: EsmsFailure, itemIndex: number, body?: unknown): NodeApiError {
	const errorResponse: JsonObject =
		body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as JsonObject) : {};
	const shown = isToolNode(node) ? forModel(failure) : failure;
	const error = new NodeApiError(node, errorResponse, {
		message: shown.message,
		description: shown.description,
		httpCode: shownCode(failure),
		itemIndex,
	});
	// the constructor swaps any message that mentions a socket code (ECONNRESET…) for a generic one,
	// and a 4xx/5xx one for a generic status text (keeping ours in `messages`)
	error.message = shown.message;
	error.messages = error.messages.filter((m) => m !== shown.message);
	ours.set(error, failure);
	return error;
}

/**
 * What a model that called the node as a tool can do next. Under n8n's AI Agent the model gets only the
 * error's message (n8n-core workflow-execute.js: `{ error: executionError.message }`); behind the MCP
 * Server Trigger it gets the message and, unless the message holds it, "Details: " and the description.
 * So for a tool both carry the same text, and it speaks to the model: the descriptions above advise
 * the person who builds the workflow (add a Wait node, top up the account…).
 */
const NEXT = {
	wait: 'eSMS does not know this ID yet, or it is wrong. If the message was sent less than a minute ago, wait a few seconds and call this tool again with the same input; otherwise check that it is the smsId a send answered (eSMS keeps statuses for 7 days).',
	slow: 'eSMS is busy. Wait a few seconds, then call this tool again with the same input.',
	unknown: 'It is unknown whether eSMS received it. You may call this tool again once with the same input: eSMS does not send a message it already accepted twice (the answer then says alreadyAccepted true). If it fails again, stop and tell the user.',
	number: 'Nothing was sent. Ask the user for another phone number, then call this tool with it.',
	code: 'Nothing was sent. Ask the user for a new code.',
	text: 'Nothing was sent. Change the text as said, then call this tool again.',
	once: 'Do not call again with this input: eSMS already had this Request ID. Tell the user; they can check in eSMS whether it was sent.',
	stop: 'Calling again will fail the same way: stop, and tell the user what went wrong; the eSMS account or the workflow needs a person to fix it.',
} as const;
const NEXT_BY_CODE: Readonly<Record<string, keyof typeof NEXT>> = {
	'105': 'wait', '854': 'wait', '160': 'slow', '199': 'slow',
	'99': 'number', '108': 'number', '115': 'number', '163': 'number', '177': 'number',
	'117': 'code', '171': 'code',
	'131': 'text', '146': 'text', '201': 'text',
	'124': 'once',
};

function forModel(failure: EsmsFailure): { message: string; description: string } {
	const code = failure.code;
	const status = Number(failure.httpCode);
	const kind =
		(code !== undefined && lookup(NEXT_BY_CODE, code)) ||
		(code === undefined && (status >= 500 || !/^\d+$/.test(failure.httpCode) || /empty body|web page|invalid JSON/.test(failure.message)) ? 'unknown' : 'stop');
	// eSMS's own words help with a code the table does not know
	const said = / eSMS said: ".*"\.$/.exec(failure.description)?.[0] ?? '';
	const description = `${failure.forModel ?? NEXT[kind]}${said}`;
	return { message: `${failure.message}. ${description}`, description };
}

/**
 * The `json` of an error item under On Error "Continue": `{}` in a workflow (RoutingNode's own error
 * items; n8n fills in `error` from the item's error), `{ error: <message> }` for a tool. n8n 1.x hands a
 * tool's output items to the model as they are (a sub-agent, n8n-core 1.123 get-input-connection-data
 * `mapResult`), and `{}` would tell the model nothing; n8n 2.x writes the same `{ error }` itself.
 */
export function errorItemJson(node: INode, error: Error): IDataObject {
	return isToolNode(node) ? { error: error.message } : {};
}

/** The first sentence of every refused-input error's description. */
export const NOTHING_SENT = 'Nothing was sent to eSMS for this item.';

/** What a model can do about a refused input it gave (the tool's inputs: toolVariant.ts TOOL_INPUTS). */
const MODEL_FIELDS: Readonly<Record<string, string>> = {
	Phone: 'Ask the user for the right number if you do not have it, then call this tool again with it as a string.',
	Content: 'Change the text as said, then call this tool again.',
	Text: 'Change the text as said, then call this tool again.',
	SMSID: 'Give the smsId string that the send answered, then call this tool again.',
	Code: 'Ask the user for the code they received, then call this tool again with it as a string.',
	Phones: 'Ask the user for the list of numbers if you do not have enough valid ones, then call this tool again with them as one string, the numbers separated by commas.',
};

/**
 * The fix of a refused input: one text, or, for a field a model fills in as a tool (MODEL_FIELDS), the
 * person's fix (editor wording: "Map Content to…", "set Content Source…") and what the model can do
 * itself. A workflow shows `person`; a tool whose model gave the field shows `model`.
 */
export type InputFix = string | { person: string; model: string; modelNext?: string };

/**
 * The parameter behind a field a model may fill in, by its label: where that label names a model
 * input, in one place. Content is the typed text: `text` in Send Brandname SMS and its estimate,
 * `content` elsewhere; built from a template (Content Source "Template") it is no input of the model.
 */
function parameterOf(ctx: IExecuteSingleFunctions, field: string): string | undefined {
	if (field === 'Phone') return 'phone';
	if (field === 'SMSID') return TOOL_SMS_ID;
	if (field === 'Code') return 'code';
	if (field === 'Phones') return 'phones';
	if (field !== 'Content') return undefined;
	const operation = ctx.getNodeParameter('operation', '');
	// the advertising text (Send Advertising SMS and its estimate)
	if (operation === 'sendAdvertising' || operation === 'estimateAdvertising') return 'advertisingContent';
	if (ctx.getNodeParameter('contentSource', '') === 'template') return undefined;
	return operation === 'sendBrandname' || operation === 'estimateBrandname' ? 'text' : 'content';
}

/**
 * The name the model knows an input by: the key of the `$fromAI()` in the parameter's raw value (the
 * tool's default `phone`, or `Phone` from the editor's "Let the model define this parameter" button),
 * else the parameter's name. The model never sees the fields' labels ("Content" is `text` to it).
 */
function modelInputName(ctx: IExecuteSingleFunctions, parameter: string): string {
	const raw = ctx.getNode().parameters[parameter];
	const key = typeof raw === 'string' ? /\$fromAI\(\s*(['"`])(.+?)\1/.exec(raw)?.[2] : undefined;
	return key ?? parameter;
}

/**
 * Input refused before anything was sent: message `Invalid "<field>" in item <n>: <problem>`, the
 * description says that nothing was sent, then the fix. For a tool, the message names the model's own
 * input (`Invalid "text": …`) when the field is one, with the fix for the model.
 *
 * Why a NodeApiError, not a NodeOperationError: n8n-core's RoutingNode (routing-node.js, runNode)
 * re-wraps every error thrown by a request step (preSend, the request hook, postReceive) that is not
 * a NodeApiError into a NodeApiError with httpCode "none", and the editor then shows "From eSMS →
 * Error code: none" for input eSMS never saw. A NodeApiError is passed on as it is; this one has no
 * httpCode, no raw messages and no response data, so the editor shows no "From eSMS" section at all.
 */
export function invalidInput(
	ctx: IExecuteSingleFunctions,
	field: string,
	problem: string,
	fix: InputFix,
): NodeApiError {
	const itemIndex = ctx.getItemIndex();
	// a field name is quoted; a label that quotes its own name (template parameter "P1") is kept as it is
	const label = field.includes('"') ? field : `"${field}"`;
	if (isToolNode(ctx.getNode())) {
		// for the model (see forModel): everything in the message, which names no item (a tool call has one)
		const parameter = parameterOf(ctx, field);
		const next = (typeof fix === 'object' ? fix.modelNext : undefined) ?? MODEL_FIELDS[field] ?? 'This is set by the workflow, not by your input: stop, and tell the user that the tool is not set up right.';
		const shownField = parameter === undefined ? label : `"${modelInputName(ctx, parameter)}"`;
		const shownFix = typeof fix === 'string' ? fix : parameter === undefined && fix.modelNext === undefined ? fix.person : fix.model;
		const description = `${NOTHING_SENT.replace(' for this item', '')} ${shownFix} ${next}`;
		return new NodeApiError(ctx.getNode(), {}, { message: `Invalid ${shownField}: ${problem}. ${description}`, description, itemIndex });
	}
	return new NodeApiError(
		ctx.getNode(),
		{},
		{
			message: `Invalid ${label} in item ${itemIndex + 1}: ${problem}`,
			description: `${NOTHING_SENT} ${typeof fix === 'string' ? fix : fix.person}`,
			itemIndex,
		},
	);
}

/** Whether the error was raised by this node's own policy (and so is already clean and clear). */
export function isEsmsError(error: unknown): boolean {
	return typeof error === 'object' && error !== null && ours.has(error);
}

export function failureOf(error: unknown): EsmsFailure | undefined {
	return typeof error === 'object' && error !== null ? ours.get(error) : undefined;
}

/** The body of a successful answer, or the item's error. */
export function successBody<T>(ctx: IExecuteSingleFunctions, response: IN8nHttpFullResponse): T {
	const failure = explainResponse(response);
	if (failure) throw failureError(ctx.getNode(), failure, ctx.getItemIndex(), response.body);
	return response.body as T;
}
