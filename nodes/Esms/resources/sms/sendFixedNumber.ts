import { createHash } from 'crypto';
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { invalidInput, maxConcurrentRequestsOption, show } from '../../shared/descriptions';
import { explainResponse, successBody } from '../../shared/errors';
import { normalizePhone } from '../../shared/phone';
import { formatVietnamTime, parseDateTime } from '../../shared/sendDate';
import { nonGsmCharacters, removeDiacritics, segmentCount } from '../../shared/text';
import type { EsmsSendResponse } from '../../shared/types';

const displayOptions = show('sms', 'sendFixedNumber');

export const sendFixedNumberDescription: INodeProperties[] = [
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 0901888484',
		displayOptions,
		description:
			'One Vietnamese mobile number. 0901888484, 84901888484 and +84 90 188 84 84 all work; the node sends 0901888484.',
	},
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		displayOptions,
		description: 'The message text. A part holds 160 characters (70 with Unicode); longer texts are split and billed per part.',
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Automatic Request ID',
				name: 'autoRequestId',
				type: 'boolean',
				default: true,
				description:
					'Whether to send a Request ID made from the execution, the node and the item when none is set. eSMS refuses a repeated Request ID for 24 hours, so a retry can never send the message twice.',
			},
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://n8n.example.com/webhook/esms-report',
				description:
					'URL that eSMS calls with an HTTP GET when the message reaches its final status. Use it instead of polling Get Status.',
				hint: 'To receive the report in n8n: paste the Production URL of an eSMS Trigger node, followed by ?token= and its Secret Token if it has one',
			},
			maxConcurrentRequestsOption(20),
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
					'Whether to turn Vietnamese letters into plain ones ("Đơn hàng" becomes "Don hang") when Unicode is off. Off: such text fails instead of reaching the phone mangled.',
			},
			{
				displayName: 'Request ID',
				name: 'requestId',
				type: 'string',
				default: '',
				description:
					'Your own ID for this message, at most 50 characters. eSMS refuses the same Request ID again for 24 hours.',
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
				description: 'When to send the message. Leave empty to send now. It is sent to eSMS in Vietnam time (UTC+7).',
			},
		],
	},
];

interface SendOptions {
	autoRequestId?: boolean;
	pricePerPart?: number;
	callbackUrl?: string;
	removeDiacritics?: boolean;
	requestId?: string;
	sandbox?: boolean;
	sendDate?: string;
}

/** What the node sent, kept between the request and its answer (same item context). */
interface SentSms {
	phone: string;
	content: string;
	unicode: boolean;
	segments: number;
	estimatedCost: number | null;
	requestId: string | null;
	sendDate: string | null;
	sandbox: boolean;
}
const sent = new WeakMap<object, SentSms>();

const PHONE_PROBLEMS = {
	empty: 'it is empty',
	several: 'it holds several numbers, and a fixed-number SMS goes to exactly one',
	letters: 'it contains characters other than digits, spaces, dots, dashes and a leading +',
	length: 'it does not have the 10 digits of a Vietnamese mobile number',
	prefix: 'it does not start with a Vietnamese mobile prefix (03, 05, 07, 08, 09)',
} as const;

/**
 * Makes a Request ID from the execution, node, run and item. Retry On Fail re-runs the whole node
 * in the same execution and run, so every retry of an item carries the same ID and eSMS drops repeats.
 */
function automaticRequestId(ctx: IExecuteSingleFunctions): string | null {
	const executionId = String(ctx.getExecutionId() ?? '');
	if (executionId === '') return null;
	const runIndex = Number(ctx.getWorkflowDataProxy(ctx.getItemIndex()).$runIndex ?? 0);
	const node = createHash('sha256').update(ctx.getNode().id).digest('hex').slice(0, 8);
	const id = `n8n-${executionId}-${node}-${runIndex}-${ctx.getItemIndex()}`;
	return id.length <= 50 ? id : `n8n-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

export async function prepareSend(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const phone = normalizePhone(this.getNodeParameter('phone', ''));
	if (!phone.ok)
		throw invalidInput(
			this,
			'Phone',
			PHONE_PROBLEMS[phone.reason],
			'Use one Vietnamese mobile number, such as 0901888484, 84901888484 or +84 90 188 84 84.',
		);

	const options = this.getNodeParameter('options', {}) as SendOptions;
	const unicode = this.getNodeParameter('unicode', false) as boolean;
	let content = String(this.getNodeParameter('content', '') ?? '');
	if (content.trim() === '')
		throw invalidInput(this, 'Content', 'it is empty', 'Write the text of the message in Content.');
	if (!unicode) {
		const stripping = options.removeDiacritics !== false;
		if (stripping) content = removeDiacritics(content);
		const bad = nonGsmCharacters(content);
		if (bad.length > 0)
			throw invalidInput(
				this,
				'Content',
				`without Unicode, these characters would reach the phone mangled: ${bad.slice(0, 8).join(' ')}`,
				stripping
					? 'Turn on Unicode, or remove these characters.'
					: 'Turn on Unicode, turn on "Remove Diacritics" in the options, or remove these characters.',
			);
	}

	let requestId: string | null = String(options.requestId ?? '').trim() || null;
	if (requestId !== null && requestId.length > 50)
		throw invalidInput(
			this,
			'Request ID',
			`it has ${requestId.length} characters and eSMS accepts at most 50`,
			'Shorten the Request ID to 50 characters or fewer.',
		);
	if (requestId === null && options.autoRequestId !== false) requestId = automaticRequestId(this);

	let sendDate: string | null = null;
	if (options.sendDate !== undefined && String(options.sendDate).trim() !== '') {
		const at = parseDateTime(options.sendDate, this.getTimezone());
		if (Number.isNaN(at))
			throw invalidInput(this, 'Send Date', `"${String(options.sendDate)}" is not a date and time`, 'Pick a date and time, e.g. 2026-12-24 08:00.');
		if (at <= Date.now())
			throw invalidInput(
				this,
				'Send Date',
				`${formatVietnamTime(at)} (Vietnam time) is in the past`,
				'Choose a time in the future, or remove Send Date to send now.',
			);
		sendDate = formatVietnamTime(at);
	}

	const callbackUrl = String(options.callbackUrl ?? '').trim();
	if (callbackUrl !== '' && !/^https?:\/\/[^\s/]+/i.test(callbackUrl))
		throw invalidInput(this, 'Callback URL', `"${callbackUrl}" is not an http(s) URL`, 'Use a full URL such as https://n8n.example.com/webhook/esms-report.');

	const sandbox = options.sandbox === true;
	const segments = segmentCount(content, unicode);
	sent.set(this, {
		phone: phone.phone,
		content,
		unicode,
		segments,
		estimatedCost: options.pricePerPart ? segments * options.pricePerPart : null,
		requestId,
		sendDate,
		sandbox,
	});
	requestOptions.qs = {
		...requestOptions.qs,
		Phone: phone.phone,
		Content: content,
		IsUnicode: unicode ? '1' : '0',
		SmsType: '8',
		...(requestId !== null && { RequestId: requestId }),
		...(sendDate !== null && { SendDate: sendDate }),
		...(callbackUrl !== '' && { CallbackUrl: callbackUrl }),
		...(sandbox && { Sandbox: '1' }),
	};
	return requestOptions;
}

export async function outputSend(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const summary = sent.get(this);
	const failure = explainResponse(response);
	// a repeated Request ID means eSMS accepted this very message before (e.g. before a retry)
	const alreadyAccepted = failure?.code === '124' && summary !== undefined && summary.requestId !== null;
	const body = alreadyAccepted ? (response.body as EsmsSendResponse) : successBody<EsmsSendResponse>(this, response);
	if (!(this.getNodeParameter('simplify', true) as boolean)) return [{ json: body as unknown as IDataObject }];
	return [
		{
			json: {
				smsId: alreadyAccepted ? null : String(body.SMSID ?? '').trim(),
				alreadyAccepted,
				...summary,
			},
		},
	];
}
