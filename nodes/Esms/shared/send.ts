/**
 * The one send path: what every send operation (fixed-number SMS today; brandname SMS, Zalo ZNS and
 * voice calls later) shares, so that they read, check and report the same inputs the same way.
 *
 * ## Fields (descriptions)
 * - `phoneField(displayOptions)`: the "Phone" parameter (`phone`).
 * - `textFields(displayOptions)`: "Content" (`content`) and "Unicode" (`unicode`), for sends with a free text.
 * - `sendOptionsField(displayOptions, { maxConcurrentRequests, text, extra })`: the "Options" collection
 *   (`options`): Callback URL, Max Concurrent Requests, Request ID: Automatic, Request ID: Your Own, Sandbox, Send
 *   Date, plus Price per Part and Remove Diacritics when `text` is true, plus `extra`, sorted by name.
 *
 * ## Request step (call from the operation's preSend)
 * ```ts
 * const input = prepareSendInput(this, { channel: 'sms:2', identity: { Brandname: brandname } });
 * requestOptions.qs = { ...requestOptions.qs, ...sendQuery(input), Content: input.text!.content, SmsType: '2', Brandname };
 * rememberSend(this, { phone: input.phone, ..., requestId: input.requestId });
 * ```
 * `prepareSendInput` reads and checks Phone, the text (unless `text: false`), Request ID, Send Date,
 * Callback URL and Sandbox, throws `invalidInput` (naming the field and the item, before any request)
 * on the first bad one, and makes the automatic Request ID from everything that identifies the message
 * (`channel`, `identity`, phone, text, send date, sandbox, callback URL; see shared/requestId.ts).
 * `sendQuery` gives the eSMS parameters every send shares (Phone, RequestId, SendDate, CallbackUrl,
 * Sandbox), each only when set. A JSON (POST) send puts the same values in its body.
 *
 * ## Answer step (the operation's postReceive)
 * `outputSend` reads eSMS's send answer (`CodeResult`, `SMSID`): a failure throws the error policy's
 * explanation; a 124 on a send that carried a Request ID is reported as `alreadyAccepted: true,
 * smsId: null`; otherwise `{ smsId, alreadyAccepted: false, ...what rememberSend stored }`. With Simplify
 * off, eSMS's raw answer.
 */
import type {
	IDataObject,
	IDisplayOptions,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { invalidInput, maxConcurrentRequestsOption } from './descriptions';
import { explainResponse, successBody } from './errors';
import { acceptedBefore, rememberAccepted } from './earlierTries';
import { cleanText, normalizePhone } from './phone';
import type { PhoneProblem } from './phone';
import { automaticRequestId, isToolNode } from './requestId';
import { ACCEPTED_DATE_FORMS, formatVietnamTime, isDateForm, parseDateTime, sendDateOutput } from './sendDate';
import { messageText, nonGsmCharacters, segmentCount, toPlainText } from './text';
import type { ReplacedCharacter } from './text';
import type { EsmsSendResponse } from './types';

/** eSMS's limit on RequestId (reference/esms-api.md §5: "max 50 chars, blocks duplicates for 24 h"). */
export const REQUEST_ID_MAX = 50;

/** The shared Options entries, as read from the `options` collection. */
export interface SendOptions {
	autoRequestId?: boolean;
	callbackUrl?: string;
	pricePerPart?: number;
	removeDiacritics?: boolean;
	requestId?: string;
	sandbox?: boolean;
	sendDate?: unknown;
	[extra: string]: unknown;
}

export interface SendSpec {
	/** what kind of message this is, e.g. "sms:8", "sms:2", "zns", "voice:record"; part of the automatic Request ID only */
	channel: string;
	/** whether the send has a free text in `content` / `unicode` (default true); ZNS and voice pass false */
	text?: boolean;
	/** false where the operation has no Unicode field (one-time codes, advertising): the fixes then do not name it */
	unicodeOption?: boolean;
	/** the other values that make this message (brandname, template ID, template data…), for the automatic Request ID */
	identity?: Record<string, unknown>;
}

/** A text to send, as it will be sent. `segments`: parts billed (see text.ts segmentCount). */
export interface PreparedText {
	content: string;
	unicode: boolean;
	segments: number;
	/** typographic punctuation, special spaces and invisible characters that Remove Diacritics replaced */
	replacedCharacters: ReplacedCharacter[];
}

export interface PreparedSend {
	/** national form, 0xxxxxxxxx */
	phone: string;
	/** null when the spec has `text: false` */
	text: PreparedText | null;
	/** the user's, the automatic one, or null (Automatic Request ID off and none set) */
	requestId: string | null;
	/** `yyyy-MM-dd HH:mm:ss`, Vietnam time (UTC+7); null to send now */
	sendDate: string | null;
	callbackUrl: string | null;
	sandbox: boolean;
	/** the whole Options collection, for the operation's own entries */
	options: SendOptions;
}

const PHONE_PROBLEMS: Record<PhoneProblem, string> = {
	empty: 'it is empty',
	several: 'it holds several numbers, and each message or call goes to exactly one (send one item per recipient)',
	letters: 'it contains characters other than digits, spaces, dots, dashes and a leading +',
	length: 'it does not have the 10 digits of a Vietnamese mobile number',
	prefix: 'it does not start with a Vietnamese mobile prefix (03, 05, 07, 08, 09)',
};
const PHONE_FIX = 'Use one Vietnamese mobile number, such as 0901888484, 84901888484 or +84 90 188 84 84.';

/** The "Phone" parameter's value as the national form; throws invalidInput naming "Phone" and the item. */
export function readPhone(ctx: IExecuteSingleFunctions, name = 'phone', displayName = 'Phone'): string {
	const raw = ctx.getNodeParameter(name, '');
	// A model that gives a number gets the refusal that n8n's MCP Server Trigger gives it (its schema
	// says string), under the AI Agent too, which does not check: one rule on every tool path, as the
	// tool description says (toolVariant.ts). A workflow's number (a spreadsheet cell) is read as usual.
	if (typeof raw === 'number' && isToolNode(ctx.getNode()))
		throw invalidInput(ctx, displayName, `it is a number (${raw}), not a string`, 'Give the phone number as a string with its leading 0, e.g. "0901888484".');
	const phone = normalizePhone(raw);
	if (phone.ok) return phone.phone;
	if (phone.reason === 'old')
		throw invalidInput(
			ctx,
			displayName,
			`${phone.oldPhone} is an old 11-digit number; since 2018 it is ${phone.newPhone}`,
			{
				person: `Update the number in your data to ${phone.newPhone}. Every 11-digit mobile number moved to 10 digits in 2018–2019, keeping its last 7 digits; the node does not convert it for you, because a number not updated since then may no longer reach the same person.`,
				model: `Every 11-digit mobile number moved to 10 digits in 2018–2019; a number not updated since then may no longer reach the same person, so ask the user to confirm ${phone.newPhone} before you use it.`,
			},
		);
	throw invalidInput(ctx, displayName, PHONE_PROBLEMS[phone.reason], PHONE_FIX);
}

/** A character that shows: anything but white space, separators, format (Cf) and control characters. */
const VISIBLE = /[^\s\p{Z}\p{Cf}\p{Cc}]/u;

/** Content, Unicode and Remove Diacritics, read and checked as every text send reads them. */
export function readText(ctx: IExecuteSingleFunctions, options: SendOptions, unicodeOption = true): PreparedText {
	const unicode = ctx.getNodeParameter('unicode', false) as boolean;
	const raw = ctx.getNodeParameter('content', '') as unknown;
	// an expression may hand over an object or a list, which String() would send as "[object Object]"
	if (raw !== null && typeof raw === 'object')
		throw invalidInput(ctx, 'Content', `it is ${Array.isArray(raw) ? 'a list' : 'an object'}, not text`, {
			person: 'Map Content to a text field, e.g. {{ $json.message }}, not to a whole object or list.',
			model: 'Give the text of the SMS as one string.',
		});
	// composed (NFC), line endings as \n, no white space at either end: what is checked, counted, matched
	// against a brandname's templates and sent (text.ts messageText)
	let content = messageText(String(raw ?? ''));
	if (content === '') throw invalidInput(ctx, 'Content', 'it is empty', { person: 'Write the text of the message in Content.', model: 'Give the text of the SMS.' });
	// a spreadsheet cell that looks empty may hold zero-width spaces or a soft hyphen: eSMS would get an
	// empty text (Invalid request), or, with Unicode, a charged message that shows nothing
	if (!VISIBLE.test(content))
		throw invalidInput(
			ctx,
			'Content',
			'it holds only spaces and invisible characters (such as zero-width spaces), so the phone would show nothing',
			{
				person: 'Map Content to the field that holds the text, or write the text of the message in Content.',
				model: 'Give the text of the SMS in visible characters.',
			},
		);
	let replacedCharacters: ReplacedCharacter[] = [];
	if (!unicode) {
		const plain = options.removeDiacritics !== false;
		if (plain) ({ text: content, replaced: replacedCharacters } = toPlainText(content));
		// an invisible character that was removed may have stood at an end, behind a space
		content = content.trim();
		const bad = nonGsmCharacters(content);
		if (bad.length > 0)
			throw invalidInput(
				ctx,
				'Content',
				`without Unicode, these characters would reach the phone mangled: ${bad.slice(0, 8).join(' ')}`,
				{
					person: unicodeOption
						? plain
							? 'Turn on Unicode, or remove these characters.'
							: 'Turn on Unicode, turn on "Remove Diacritics" in the options, or remove these characters.'
						: plain
							? 'Remove these characters, or replace them with plain letters and punctuation: this send has no Unicode.'
							: 'Turn on "Remove Diacritics" in the options, or remove these characters: this send has no Unicode.',
					// Unicode is the workflow's setting, not the model's input
					model: 'Remove these characters, or replace them with plain letters and punctuation.',
				},
			);
	}
	return { content, unicode, segments: segmentCount(content, unicode), replacedCharacters };
}

function readSendDate(ctx: IExecuteSingleFunctions, value: unknown): string | null {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
	const text = typeof value === 'string' ? cleanText(value) : undefined;
	const at = parseDateTime(text ?? value);
	if (Number.isNaN(at) && text !== undefined && isDateForm(text))
		throw invalidInput(
			ctx,
			'Send Date',
			`"${value}" is not a date and time that exists`,
			'Check the day and the month (day first in d/M/yyyy and d-M-yyyy), the hour (0 to 23) and the minutes (00 to 59). A time without an offset is Vietnam time.',
		);
	if (Number.isNaN(at)) {
		const shown = text !== undefined ? `"${value}"` : `a value of type ${Array.isArray(value) ? 'array' : typeof value}`;
		// a date alone would be sent at midnight: the node does not guess the hour
		const dateOnly = text !== undefined && /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/-]\d{1,2}[/-]\d{4})$/.test(text);
		throw invalidInput(
			ctx,
			'Send Date',
			dateOnly ? `${shown} has a date but no time` : `${shown} is not a date and time in a form the node reads`,
			`Use one of: ${ACCEPTED_DATE_FORMS}. For example 2030-06-01 09:00 or 01/06/2030 09:00 (1 June, 9 in the morning in Vietnam).`,
		);
	}
	if (at <= Date.now())
		throw invalidInput(
			ctx,
			'Send Date',
			`${formatVietnamTime(at)} (Vietnam time) is in the past`,
			'Choose a time in the future (a time without an offset is Vietnam time, UTC+7), or remove Send Date to send now.',
		);
	return formatVietnamTime(at);
}

/**
 * Reads and checks the inputs every send shares, in this order: Phone, the text (Content, Unicode,
 * Remove Diacritics), Request ID, Send Date, Callback URL, Sandbox. Throws `invalidInput` (message
 * `Invalid "<Field>" in item <n>: <problem>`, description = the fix) before any request. Returns the
 * values as they must be sent, including the automatic Request ID (shared/requestId.ts) when the
 * user set none and did not turn Automatic Request ID off.
 */
export function prepareSendInput(ctx: IExecuteSingleFunctions, spec: SendSpec): PreparedSend {
	const phone = readPhone(ctx);
	const options = ctx.getNodeParameter('options', {}) as SendOptions;
	const text = spec.text === false ? null : readText(ctx, options, spec.unicodeOption !== false);
	const { requestId: ownRequestId, sendDate, callbackUrl, sandbox } = readSendOptions(ctx, options);
	let requestId = ownRequestId;
	if (requestId === null && options.autoRequestId !== false)
		requestId = automaticRequestId(ctx, {
			channel: spec.channel,
			...spec.identity,
			phone,
			content: text?.content ?? null,
			unicode: text?.unicode ?? null,
			sendDate,
			callbackUrl,
			sandbox,
		});
	return { phone, text, requestId, sendDate, callbackUrl: callbackUrl || null, sandbox, options };
}

/**
 * The Options every send shares, read and checked in this order: Request ID (the user's own; null when
 * none), Send Date, Callback URL, Sandbox. Throws `invalidInput` naming the field and the item.
 */
export function readSendOptions(
	ctx: IExecuteSingleFunctions,
	options: SendOptions,
	requestIdRoom = REQUEST_ID_MAX,
): { requestId: string | null; sendDate: string | null; callbackUrl: string; sandbox: boolean } {
	const requestId: string | null = cleanText(options.requestId) || null;
	if (requestId !== null && requestId.length > requestIdRoom)
		throw invalidInput(
			ctx,
			'Request ID',
			requestIdRoom === REQUEST_ID_MAX
				? `it has ${requestId.length} characters and eSMS accepts at most ${REQUEST_ID_MAX}`
				: `it has ${requestId.length} characters; the node adds -1, -2… to it for the requests this send is split into, and eSMS accepts at most ${REQUEST_ID_MAX}`,
			`Shorten the Request ID to ${requestIdRoom} characters or fewer.`,
		);

	const sendDate = readSendDate(ctx, options.sendDate);

	const callbackUrl = cleanText(options.callbackUrl);
	if (callbackUrl !== '' && !/^https?:\/\/[^\s/]+/i.test(callbackUrl))
		throw invalidInput(ctx, 'Callback URL', `"${callbackUrl}" is not an http(s) URL`, 'Use a full URL such as https://n8n.example.com/webhook/esms-report.');

	const sandbox = options.sandbox === true;
	return { requestId, sendDate, callbackUrl, sandbox };
}

/** The eSMS query parameters every send shares: Phone, and RequestId, SendDate, CallbackUrl, Sandbox when set. */
export function sendQuery(input: PreparedSend): IDataObject {
	return {
		Phone: input.phone,
		...(input.requestId !== null && { RequestId: input.requestId }),
		...(input.sendDate !== null && { SendDate: input.sendDate }),
		...(input.callbackUrl !== null && { CallbackUrl: input.callbackUrl }),
		...(input.sandbox && { Sandbox: '1' }),
	};
}

/** What a send reports besides smsId/alreadyAccepted; `requestId` decides whether a 124 means "already accepted". */
export type SendSummary = IDataObject & { requestId: string | null };

// keyed by the item's context object, which n8n's routing passes to both preSend and postReceive
const sent = new WeakMap<object, SendSummary>();

/** Keeps the summary of what is being sent, for {@link outputSend} to report with eSMS's answer. */
export function rememberSend(ctx: IExecuteSingleFunctions, summary: SendSummary): void {
	sent.set(ctx, summary);
}

/** The summary fields of a text send, in the order the output lists them. */
export function textSummary(input: PreparedSend): SendSummary {
	const text = input.text!;
	const price = Number(input.options.pricePerPart ?? 0);
	return {
		phone: input.phone,
		content: text.content,
		unicode: text.unicode,
		segments: text.segments,
		replacedCharacters: text.replacedCharacters as unknown as IDataObject[],
		estimatedCost: price > 0 ? text.segments * price : null,
		requestId: input.requestId,
		sendDate: sendDateOutput(input.sendDate),
		sandbox: input.sandbox,
	};
}

/**
 * postReceive of every send. A 124 (RequestId seen in the last 24 h) on a send that carried an
 * automatic Request ID means eSMS accepted this very message before (an earlier try whose answer was
 * lost): reported as `alreadyAccepted: true, smsId: null`, not as a failure. On a Request ID set by
 * the user it is an error (eSMS error 124), like any other failure (errors.ts), unless an earlier try
 * of this node run (Retry On Fail) saw eSMS accept this item with that ID (earlierTries.ts): then it is
 * `alreadyAccepted: true` with the SMSID eSMS gave then.
 */
export async function outputSend(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const summary = sent.get(this);
	const failure = explainResponse(response);
	// Only an automatic ID proves "this same message": it is a hash of the message and this execution
	// (requestId.ts). A Request ID the user typed or mapped may have been reused for another message
	// (an order ID for "confirmed", then "shipped"): then a 124 means a message was NOT sent, so it fails.
	const ownRequestId = cleanText((this.getNodeParameter('options', {}) as SendOptions).requestId) !== '';
	const requestId = summary?.requestId ?? null;
	// ...except when an earlier try of this node run (Retry On Fail) saw eSMS accept this item with it
	const earlier = failure?.code === '124' && requestId !== null ? acceptedBefore(this, requestId) : undefined;
	const alreadyAccepted = failure?.code === '124' && requestId !== null && (!ownRequestId || earlier !== undefined);
	const body = alreadyAccepted ? (response.body as EsmsSendResponse) : successBody<EsmsSendResponse>(this, response);
	const smsId = alreadyAccepted ? earlier || null : String(body.SMSID ?? '').trim();
	if (!alreadyAccepted && requestId !== null) rememberAccepted(this, requestId, smsId ?? '');
	if (!(this.getNodeParameter('simplify', true) as boolean)) return [{ json: body as unknown as IDataObject }];
	return [{ json: { smsId, alreadyAccepted, ...summary } }];
}

/** The "Phone" parameter of a send. */
export function phoneField(displayOptions: IDisplayOptions, description?: string): INodeProperties {
	return {
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 0901888484',
		displayOptions,
		description:
			description ??
			'One Vietnamese mobile number. 0901888484, 84901888484, +84 90 188 84 84 and 0084 901 888 484 all work; the node sends 0901888484.',
	};
}

/** "Content" and "Unicode", for a send with a free text. */
export function textFields(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Content',
			name: 'content',
			type: 'string',
			default: '',
			required: true,
			typeOptions: { rows: 4 },
			displayOptions,
			description:
				'The message text. A part holds 160 characters (70 with Unicode, counted in UTF-16 units: an emoji counts 2); longer texts are split and billed per part. Sent in composed Unicode (NFC, as typed on most keyboards), without spaces or line breaks at either end.',
		},
		{
			displayName: 'Unicode',
			name: 'unicode',
			type: 'boolean',
			default: false,
			displayOptions,
			description:
				'Whether to send the text with Vietnamese diacritics (Unicode). A Unicode part holds 70 characters instead of 160.',
		},
	];
}

/**
 * The "Options" collection of a send. `text`: adds Price per Part and Remove Diacritics. `extra`: the
 * operation's own entries. Entries are sorted by display name, as n8n's linter asks.
 */
export function sendOptionsField(
	displayOptions: IDisplayOptions,
	{ maxConcurrentRequests, text, extra = [] }: { maxConcurrentRequests: number; text: boolean; extra?: INodeProperties[] },
): INodeProperties {
	const options: INodeProperties[] = [
		{
			// two entries, one ID: named alike so that they sit together and read as one choice
			displayName: 'Request ID: Automatic',
			name: 'autoRequestId',
			type: 'boolean',
			default: true,
			description:
				'Whether to send a Request ID made from this n8n instance, workflow, execution, node, item and message when "Request ID: Your Own" is not set. eSMS refuses a repeated Request ID for 24 hours, so a retry can never send the message twice.',
		},
		{
			displayName: 'Callback URL',
			name: 'callbackUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/…',
			description:
				"URL that eSMS calls with an HTTP GET when the message reaches its final status. Use it instead of polling Get Status. While testing, paste an eSMS Trigger's Test URL; once the workflow is published, its Production URL. Add ?token= and the trigger's Secret Token if it has one.",
			// at most 120 characters (n8n's hint-max-length); the description says the rest
			hint: "An eSMS Trigger's Test URL while testing, its Production URL once published (add ?token= if it has a Secret Token)",
		},
		maxConcurrentRequestsOption(maxConcurrentRequests),
		{
			displayName: 'Request ID: Your Own',
			name: 'requestId',
			type: 'string',
			default: '',
			description: 'Your own ID for this message, at most 50 characters, used instead of the automatic one. eSMS refuses the same Request ID again for 24 hours.',
		},
		{
			displayName: 'Sandbox',
			name: 'sandbox',
			type: 'boolean',
			default: false,
			description: 'Whether to only test the request: eSMS checks it but does not send, store or charge the message',
		},
		{
			displayName: 'Send Date',
			name: 'sendDate',
			type: 'dateTime',
			default: '',
			description:
				'When to send the message, in Vietnam time (UTC+7), whatever the workflow\'s time zone. Leave empty to send now. A picked or typed time without an offset is Vietnam time: 2030-06-01 09:00 or 01/06/2030 09:00 (day first). A time with an offset (…+07:00, …Z) or a date from an expression such as {{ $now.plus({ days: 1 }) }} keeps its moment. The output shows sendDate with its offset, e.g. 2030-06-01T09:00:00+07:00.',
			hint: 'Vietnam time (UTC+7)',
		},
		...extra,
	];
	if (text)
		options.push(
			{
				displayName: 'Price per Part (VND)',
				name: 'pricePerPart',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Your eSMS price for one message part. When set, the output has estimatedCost = parts × price, so a workflow can guard its spend before sending more. eSMS publishes no price list; see account.esms.vn.',
			},
			{
				displayName: 'Remove Diacritics',
				name: 'removeDiacritics',
				type: 'boolean',
				default: true,
				description:
					'Whether to make the text plain when Unicode is off: Vietnamese letters lose their marks ("Đơn hàng" becomes "Don hang"), typographic quotes, dashes, the ellipsis and bullets become \' " - ... -, special spaces become spaces, and invisible characters are removed (listed in the output as replacedCharacters). Off: such text fails instead of reaching the phone mangled.',
			},
		);
	// a plain comparison: localeCompare starts ICU's collator, about 8 ms of the node's load time (npm run bench -- --only load)
	options.sort((a, b) => (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0));
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, displayOptions, options };
}
