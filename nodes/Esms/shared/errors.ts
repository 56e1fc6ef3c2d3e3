import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions, IN8nHttpFullResponse, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { lookup } from './lookup';
import { isToolNode } from './requestId';
import type { RunSends } from './runBarrier';
import type { EsmsCodeFields, EsmsInvalidRequest } from './types';

/**
 * The eSMS error policy, in one place. eSMS answers HTTP 200 for failures too, with the result code
 * in `CodeResult`, `CodeResponse` or `Code`; success is code 100 and nothing else.
 */

interface CodeInfo {
	meaning: string;
	fix: string;
}

const CONTACT = 'Contact eSMS support if this persists.';

/** Official table (developers.esms.vn/esms-api/bang-ma-loi, 37 codes) followed by legacy codes. */
export const ESMS_ERROR_CODES: Readonly<Record<string, CodeInfo>> = {
	'99': {
		meaning: 'the phone number is blocked in eSMS',
		fix: 'eSMS refuses to send to this number (for example after an opt-out). Remove it from your list, or ask eSMS support why it is blocked. In old accounts 99 can also mean an unknown error: retry later.',
	},
	'100': { meaning: 'request accepted', fix: '' },
	'101': {
		meaning: 'API Key or Secret Key is wrong',
		fix: 'Open the eSMS API credential and paste the API Key and Secret Key again from account.esms.vn → API settings. They are not your login password.',
	},
	'102': {
		meaning: 'no price list is set up for this account',
		fix: `Ask eSMS sales to attach a price list for this message type to your account. ${CONTACT}`,
	},
	'103': {
		meaning: 'not enough balance to send',
		fix: 'Top up the eSMS account, then run the workflow again. Account → Get Balance shows what is left.',
	},
	'104': {
		meaning: 'the Brandname or call code does not exist',
		fix: 'Use a Brandname or voice template registered to this account (see account.esms.vn). Names are case-sensitive.',
	},
	'105': {
		meaning: 'the SMSID or call ID was not found',
		fix: 'Check the ID comes from a send made with this same account. A message sent seconds ago cannot be queried yet: add a Wait node of a few seconds before Get Status. eSMS keeps statuses for 7 days.',
	},
	'106': {
		meaning: 'the recording file does not exist',
		fix: 'Check the recording ID (Template ID) in account.esms.vn → Voice.',
	},
	'107': {
		meaning: 'advertising SMS needs at least 30 distinct phone numbers per request',
		fix: 'Send to at least 30 numbers at once, or use customer-care or fixed-number SMS.',
	},
	'108': {
		meaning: 'the phone number format is wrong',
		fix: 'Use a Vietnamese mobile number such as 0901888484 or 84901888484.',
	},
	'110': {
		meaning: 'the request data is invalid',
		fix: 'Check every field of the request against the eSMS documentation.',
	},
	'115': {
		meaning: 'the hashed phone data is invalid',
		fix: 'Hash the phone number in its 84xxxxxxxxx form.',
	},
	'118': {
		meaning: 'this message type (SmsType) is not supported',
		fix: `Your account may not be enabled for this message type: ask eSMS to enable it. For Zalo status the type is 24 (priority) or 25 (normal). ${CONTACT}`,
	},
	'120': {
		meaning: 'the phone list exceeds the limit',
		fix: 'Split the list into smaller requests.',
	},
	'124': {
		meaning: 'this Request ID was already used in the last 24 hours',
		fix: 'eSMS blocks a repeated Request ID for 24 hours, so nothing was sent again. Use a new Request ID for a new message.',
	},
	'140': {
		meaning: "the caller's IP address is not whitelisted",
		fix: "Give your n8n server's public IP address to eSMS sales or support to whitelist it.",
	},
	'143': {
		meaning: 'the account is not activated or is locked',
		fix: `Activate the account at account.esms.vn, or ask eSMS support to unlock it. ${CONTACT}`,
	},
	'146': {
		meaning: 'the content does not match a registered customer-care template',
		fix: 'Use the exact text of a template registered for your Brandname, with only the variable parts changed.',
	},
	'160': {
		meaning: 'too many requests per second (TPS limit exceeded)',
		fix: "This node already spaces its requests, slows down when eSMS answers 160 and asks again. It still got 160 after its last try, so something else shares the account's limit heavily (another app, or many workflows at once): run fewer executions in parallel, or lower the node's Requests per Second option.",
	},
	'163': {
		meaning: 'fixed-number SMS takes exactly one phone number per request',
		fix: 'Put a single number in Phone and send one item per recipient.',
	},
	'171': {
		meaning: 'the code was already used, has expired, or belongs to another phone',
		fix: 'Ask the user for a new code.',
	},
	'177': {
		meaning: "the recipient's network is not registered for this Brandname",
		fix: "Ask eSMS to register your Brandname with the recipient's telco.",
	},
	'199': {
		meaning: 'the same request already exists and is being processed',
		fix: 'Wait for the first request to finish instead of sending it again.',
	},
	'201': {
		meaning: 'the content contains a blocked keyword',
		fix: 'Rephrase the message. eSMS support can tell you which word is blocked.',
	},
	'204': {
		meaning: 'the Zalo OA ID does not exist',
		fix: 'Check the OA ID in account.esms.vn → Zalo.',
	},
	'210': {
		meaning: 'the payload is not as specified',
		fix: 'Check the Zalo message payload against the eSMS documentation.',
	},
	'300': {
		meaning: 'the message type is missing',
		fix: 'Set the message type (SmsType) of the request.',
	},
	'301': {
		meaning: 'this service type code is not supported',
		fix: 'Use a service type listed in the eSMS documentation.',
	},
	'687': {
		meaning: 'the request lists more than 500 phone numbers',
		fix: 'Split the list into requests of at most 500 numbers.',
	},
	'789': {
		meaning: 'the template is not configured for this Zalo OA',
		fix: 'Register the template for this OA in account.esms.vn → Zalo.',
	},
	'790': {
		meaning: 'the ZNS template is wrong',
		fix: 'Check the template ID and its parameters.',
	},
	'791': {
		meaning: 'the OA ID or template ID is missing',
		fix: 'Fill in both the OA ID and the template ID.',
	},
	'799': {
		meaning: 'the Zalo OA is inactive, wrong, or not added to this account',
		fix: 'Connect the OA to your eSMS account, or check its ID.',
	},
	'801': {
		meaning: 'over-quota sending mode cannot be scheduled',
		fix: 'Remove the send date, or use another sending mode.',
	},
	'802': {
		meaning: 'this OA may not use over-quota sending mode',
		fix: 'Use the normal sending mode, or ask eSMS to allow over-quota sending.',
	},
	'851': {
		meaning: 'the SMSID (or MessageId) is missing',
		fix: "Pass the SMSID returned by the send, for example the previous eSMS node's smsId field.",
	},
	'854': {
		meaning: 'no data was found for this message',
		fix: 'Check the SMSID and that the Zalo type matches how it was sent (24 priority, 25 normal). A message sent seconds ago cannot be queried yet: add a Wait node before Get Status.',
	},
	// legacy codes, still seen from older endpoints and accounts
	'117': {
		meaning: 'the code is invalid or was already used',
		fix: 'Ask the user for a new code.',
	},
	'119': {
		meaning: 'advertising Brandname messages need at least 20 phone numbers',
		fix: 'Send to at least 20 numbers at once.',
	},
	'131': {
		meaning: 'advertising messages may be at most 422 characters',
		fix: 'Shorten the content.',
	},
	'132': {
		meaning: 'this account may not send through the fixed number',
		fix: `Ask eSMS to enable fixed-number sending for your account. ${CONTACT}`,
	},
	'145': {
		meaning: 'the social-network template is wrong',
		fix: 'Check the template ID and its parameters.',
	},
	'159': {
		meaning: 'the Request ID is too long',
		fix: 'Use a Request ID of at most 50 characters.',
	},
	'161': {
		meaning: 'a date is not in the expected format',
		fix: 'Send dates as yyyy-MM-dd HH:mm:ss.',
	},
	'852': {
		meaning: 'the Zalo UID is invalid',
		fix: 'A Zalo UID has at most 20 characters.',
	},
	'853': {
		meaning: 'the Zalo UID is missing',
		fix: 'Fill in the Zalo UID.',
	},
};

/** A failure described for people: what happened, and how to fix it. */
export interface EsmsFailure {
	message: string;
	description: string;
	/** eSMS's result code, when the answer had one */
	code?: string;
	httpCode: string;
}

export function esmsCodeOf(body: unknown): string | undefined {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const b = body as EsmsCodeFields;
	const code = b.CodeResult ?? b.CodeResponse ?? b.Code;
	return code === undefined || code === null ? undefined : String(code).trim();
}

export function describeCode(code: string, esmsMessage?: string): { message: string; description: string } {
	const info = lookup(ESMS_ERROR_CODES, code);
	const said = esmsMessage ? ` eSMS said: "${esmsMessage}".` : '';
	if (!info)
		return {
			message: `eSMS error ${code}: an undocumented error code`,
			description: `eSMS returned a code that is not in its published error table.${said} ${CONTACT}`,
		};
	return { message: `eSMS error ${code}: ${info.meaning}`, description: `${info.fix}${said}` };
}

const SECRET_IN_TEXT = /((?:api|secret)_?key["']?\s*[=:]\s*["']?)[^&"'\s<>]+/gi;

/** A short, key-free excerpt of an unexpected body, for the error description. */
function excerpt(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim().replace(SECRET_IN_TEXT, '$1***');
	return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/**
 * Reads a full HTTP response from eSMS and says whether, and how, it failed. Pure: unit-tested and
 * fuzzed directly. Returns undefined for a success.
 */
export function explainResponse(response: { body: unknown; statusCode: number }): EsmsFailure | undefined {
	const httpCode = String(response.statusCode ?? '');
	const body: unknown = response.body;
	const status = Number(response.statusCode);

	if (status < 200 || status >= 300) {
		const text = typeof body === 'string' ? body : '';
		// 414 / 431: a GET send carries the text in its query string, and servers cap its length
		const tooLong = status === 414 || status === 431;
		return {
			message: `eSMS answered HTTP ${httpCode}: ${status >= 500 ? 'the eSMS service failed' : tooLong ? 'the request was too long' : 'the request was refused'}`,
			description:
				(tooLong
					? 'The message text is too long to travel in the request (this send puts it in the URL). Shorten Content; nothing was sent.'
					: status >= 500
					? 'This is a fault on eSMS\'s side or in a proxy in front of it. Retry later, or turn on "Retry On Fail" in the node settings: sends carry a Request ID, so a retry cannot send a message twice.'
					: 'Check the API base URL in the eSMS credential: it should be https://rest.esms.vn (voice: https://voiceapi.esms.vn).') +
				(text ? ` The answer began: ${excerpt(text)}` : ''),
			httpCode,
		};
	}
	if (typeof body === 'string' || body === undefined || body === null || body instanceof Uint8Array) {
		const text = body === undefined || body === null ? '' : String(body);
		return {
			message:
				text.trim() === ''
					? 'eSMS answered with an empty body'
					: /^\s*</.test(text)
						? 'eSMS answered with a web page instead of JSON'
						: 'eSMS answered with invalid JSON',
			description:
				'The answer could not be read, so it is unknown whether eSMS accepted the request. This usually comes from a proxy, a captive portal or an eSMS outage. Check the API base URL in the credential and retry later.' +
				(text.trim() ? ` The answer began: ${excerpt(text)}` : ''),
			httpCode,
		};
	}
	if (typeof body !== 'object' || Array.isArray(body)) {
		return {
			message: 'eSMS answered with an unexpected value',
			description: 'The answer was not a JSON object. Check the API base URL in the credential.',
			httpCode,
		};
	}
	const code = esmsCodeOf(body);
	if (code === undefined) {
		const error = (body as Partial<EsmsInvalidRequest>).error;
		if (error !== undefined)
			return {
				message: `eSMS rejected the request as malformed: ${String(error)}`,
				description:
					'eSMS gives this answer when a required field is missing or a value has the wrong format (for example a Send Date that is not yyyy-MM-dd HH:mm:ss, or a Request ID over 50 characters). Check the fields of this item.',
				httpCode,
			};
		return {
			message: 'eSMS answered without a result code',
			description: 'The answer had none of CodeResult, CodeResponse or Code. Check the API base URL in the credential.',
			httpCode,
		};
	}
	if (code === '100') return undefined;
	const esmsMessage = (body as EsmsCodeFields).ErrorMessage ?? (body as EsmsCodeFields).Message;
	return { ...describeCode(code, esmsMessage ? excerpt(String(esmsMessage)) : undefined), code, httpCode };
}

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
	const description = `${NEXT[kind]}${said}`;
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
};

/**
 * Input refused before anything was sent: message `Invalid "<field>" in item <n>: <problem>`, the
 * description says that nothing was sent, then the fix.
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
	fix: string,
): NodeApiError {
	const itemIndex = ctx.getItemIndex();
	// a field name is quoted; a label that quotes its own name (template parameter "P1") is kept as it is
	const label = field.includes('"') ? field : `"${field}"`;
	if (isToolNode(ctx.getNode())) {
		// for the model (see forModel): everything in the message, which names no item (a tool call has one)
		const next = MODEL_FIELDS[field] ?? 'This is set by the workflow, not by your input: stop, and tell the user that the tool is not set up right.';
		const description = `${NOTHING_SENT.replace(' for this item', '')} ${fix} ${next}`;
		return new NodeApiError(ctx.getNode(), {}, { message: `Invalid ${label}: ${problem}. ${description}`, description, itemIndex });
	}
	return new NodeApiError(
		ctx.getNode(),
		{},
		{
			message: `Invalid ${label} in item ${itemIndex + 1}: ${problem}`,
			description: `${NOTHING_SENT} ${fix}`,
			itemIndex,
		},
	);
}

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
export function describeFailureInRun(description: string, refusedByEsms: boolean, sends: RunSends): string {
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
			`${which} (${itemList(sends.accepted)}) ${one ? 'was' : 'were'} sent: eSMS accepted ${one ? 'it' : 'them'}, but ${one ? 'it is' : 'they are'} in no output of this node, as it stopped on this error. Running the workflow again sends ${one ? 'it' : 'them'} again, unless ${one ? 'it carries' : 'they carry'} the same Request ID as now (a Request ID of your own, under Options: the automatic one changes with each execution).`,
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

/**
 * The failure of a send whose first attempt got no usable answer (`lost`: a dropped connection, HTTP
 * 5xx, an unreadable body), and whose retry by the node, with the same Request ID of the user's own,
 * got eSMS's 124 ("Trùng RequestId khi gửi tin", esms-api/bang-ma-loi.md). Returns `failure` (the 124)
 * with a description saying that the first attempt most likely reached eSMS and sent the message once,
 * to check before sending again, and not to use a new Request ID for it unless it was not sent.
 *
 * Why it stays an error: a Request ID of the user's own may also have been used by another message in
 * the last 24 hours (an order number for "confirmed", then "shipped"), so the 124 does not prove that
 * this message was sent. (An automatic Request ID does: shared/send.ts reports it as alreadyAccepted.)
 * The usual 124 fix, "use a new Request ID for a new message", would here send the message twice.
 *
 * @param requestId the Request ID the attempts carried, named in the text when known
 */
export function afterLostAnswer(failure: EsmsFailure, lost: EsmsFailure, requestId?: string): EsmsFailure {
	const fix = ESMS_ERROR_CODES['124'].fix;
	const said = failure.description.startsWith(fix) ? failure.description.slice(fix.length) : ` ${failure.description}`;
	const id = requestId ? ` (${requestId})` : '';
	return {
		...failure,
		description:
			`The node's first attempt got no usable answer ("${lost.message}"), so it sent this item again with the same Request ID${id}, and eSMS answered 124: it already had this Request ID. Most likely the first attempt reached eSMS and the message was sent once, though a 124 also comes when another message used this Request ID in the last 24 hours. Check before sending it again: look it up by its Request ID in eSMS's reports (account.esms.vn), or wait for its delivery report (Callback URL, eSMS Trigger); Get Status needs its SMSID, which was in the lost answer. Do not send it again with a new Request ID unless you found that it was not sent.${said}`.trimEnd(),
	};
}

/** Whether the error was raised by this node's own policy (and so is already clean and clear). */
export function isEsmsError(error: unknown): boolean {
	return typeof error === 'object' && error !== null && ours.has(error);
}

export function failureOf(error: unknown): EsmsFailure | undefined {
	return typeof error === 'object' && error !== null ? ours.get(error) : undefined;
}

const NETWORK_CAUSES: Record<string, string> = {
	ECONNRESET: 'the connection was reset before eSMS answered',
	ECONNREFUSED: 'the connection was refused',
	ECONNABORTED: 'the request timed out',
	ETIMEDOUT: 'the request timed out',
	ESOCKETTIMEDOUT: 'the request timed out',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved (DNS is not answering)',
	EPIPE: 'the connection was closed while sending',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	CERT_HAS_EXPIRED: "eSMS's TLS certificate could not be verified",
	DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate could not be verified",
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate could not be verified",
};

/**
 * Turns a transport failure (no usable HTTP answer) into a clean error. The original error is dropped
 * on purpose: its `cause` is the HTTP client's error, which holds the request URL and with it the
 * API Key and Secret Key of GET requests.
 */
export function explainTransportError(error: unknown): EsmsFailure {
	const e = (error ?? {}) as { httpCode?: unknown; code?: unknown; cause?: { code?: unknown; message?: unknown }; message?: unknown };
	const candidates = [e.cause?.code, e.code, e.httpCode].map((c) => (c === undefined || c === null ? '' : String(c)));
	const known = candidates.find((c) => lookup(NETWORK_CAUSES, c));
	const text = `${String(e.cause?.message ?? '')} ${String(e.message ?? '')}`;
	const code = known ?? (/timeout/i.test(text) ? 'ETIMEDOUT' : /socket hang up/i.test(text) ? 'ECONNRESET' : candidates.find(Boolean) || 'UNKNOWN');
	const what = lookup(NETWORK_CAUSES, code) ?? 'the connection failed';
	return {
		message: `eSMS could not be reached: ${what} (${code})`,
		description:
			'No answer came back, so it is unknown whether eSMS received the request. Sends carry a Request ID: retrying (for example with "Retry On Fail" in the node settings) cannot send the message twice, eSMS answers a repeat with code 124 and the node reports it as already accepted (with a Request ID of your own, as error 124: then check whether the message was sent before sending it again). If this keeps happening, check the API base URL in the eSMS credential and the network of your n8n server.',
		httpCode: code,
	};
}

/** The body of a successful answer, or the item's error. */
export function successBody<T>(ctx: IExecuteSingleFunctions, response: IN8nHttpFullResponse): T {
	const failure = explainResponse(response);
	if (failure) throw failureError(ctx.getNode(), failure, ctx.getItemIndex(), response.body);
	return response.body as T;
}

/** The output step of an operation: the answer checked, then mapped (or raw when Simplify is off). */
export function mappedOutput<T>(map: (body: T) => IDataObject) {
	return async function (
		this: IExecuteSingleFunctions,
		_items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		const body = successBody<T>(this, response);
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		return [{ json: simplify ? map(body) : (body as unknown as IDataObject) }];
	};
}
