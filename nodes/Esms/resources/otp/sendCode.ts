/**
 * OTP → Send Code: eSMS makes a one-time code and sends it; OTP → Verify Code checks it afterwards, so
 * that nobody has to store the code.
 *
 * Channel "SMS": `GET /MainService.svc/json/SendMessageAutoGenCode_V4_get?Phone&TimeAlive&NumCharOfCode
 * &Brandname&Type=2&message&IsNumber` (devesms/gitbook_esms_for_develop_v2
 * esms-api/ham-gui-tin/tin-gencode-tu-dong-sms.md). `message` has `{OTP}` where eSMS puts the code; the
 * brandname and its template must be registered. TimeAlive: minutes, 2 to 10. NumCharOfCode: 6 when not
 * given (the page documents no bounds). IsNumber: 1 digits only, 0 letters and digits.
 *
 * Channel "Zalo, Then SMS": `POST /MainService.svc/json/SendMessageAutoGenCode_V5` (no trailing slash),
 * body { Phone, TimeAlive (2 to 15), MultiChannelTempId (set up by eSMS's sales team from a ZNS
 * template and a customer-care SMS template), TypeId: "1" create only | "2" create and send }
 * (…/tin-gencode-tu-dong-multichanel-zalo-greater-than-sms.md).
 *
 * Both answer { CodeResult: "100", CountRegenerate: 0, SMSID } or { CodeResult: "101", CountRegenerate:
 * 0, ErrorMessage: "Authorize Failed" }. Neither takes a Request ID: the transport keeps Retry On Fail
 * from sending a code twice (operation.ts, oncePerRun).
 *
 * Output (Simplify on): { phone, smsId, channel, expiresAt (ISO 8601, Vietnam time, the node's clock +
 * the lifetime), lifetimeMinutes, codeLength, codeType, brandname, content, segments,
 * multiChannelTemplateId, createOnly } and, for "create only" only, `code`: the code is never in the
 * output otherwise. The page does not document where a "create only" answer carries the code: the node
 * reads `Code` (or `OTP`) when the answer has one, else gives null.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, IN8nHttpFullResponse, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { brandnameField } from '../../listSearch';
import { BRANDNAME_FIX } from '../../listSearch/brandnames';
import { requiredPick } from '../../listSearch/common';
import { invalidInput, maxConcurrentRequestsOption } from '../../shared/descriptions';
import { successBody } from '../../shared/errors';
import { smsTemplatesOncePerRun } from '../../shared/lists';
import { defineOperation } from '../../shared/operation';
import { cleanText } from '../../shared/phone';
import { isToolNode } from '../../shared/requestId';
import { prepareSendInput } from '../../shared/send';
import { formatVietnamTime, sendDateOutput } from '../../shared/sendDate';
import { matchSmsTemplate, networkName, networkOfPhone } from '../../shared/templates';
import { segmentCount } from '../../shared/text';
import { FAILURE, PHONE } from '../../shared/toolTexts';
import type { EsmsSendResponse } from '../../shared/types';
import { withParameters } from '../sms/sendBrandname';

type Channel = 'sms' | 'zaloThenSms';
type CodeType = 'digits' | 'lettersAndDigits';

const SEND = { resource: ['otp'], operation: ['sendCode'] };
const SMS = { show: { ...SEND, otpChannel: ['sms'] } };
const ZALO = { show: { ...SEND, otpChannel: ['zaloThenSms'] } };

/**
 * How long a one-time-code request waits for eSMS, in ms: a person is waiting at a form or a chat, and the
 * code lives 2 to 15 minutes. n8n's own default (5 minutes) would outlast the code. A timed-out request is
 * not asked again (oncePerRun), and the error says so; eSMS answers these in about a second.
 */
export const OTP_TIMEOUT_MS = 20_000;

/**
 * The request's timeout: the user's own (Settings → Request Options → Timeout) or OTP_TIMEOUT_MS. Set in
 * the request step because RoutingNode puts its 300 s default on every request after the routing's own.
 */
export function otpTimeout(ctx: IExecuteSingleFunctions): number {
	const own = (ctx.getNodeParameter('requestOptions', {}) as { timeout?: number } | undefined)?.timeout;
	return typeof own === 'number' && own > 0 ? own : OTP_TIMEOUT_MS;
}

/** Where eSMS puts the code in the text. */
export const OTP_MARK = '{OTP}';

/** The lifetime eSMS accepts, in minutes, by channel (the pages differ: 2 to 10 for SMS, 2 to 15 for Zalo then SMS). */
const LIFETIME: Record<Channel, { min: number; max: number }> = { sms: { min: 2, max: 10 }, zaloThenSms: { min: 2, max: 15 } };
const DEFAULT_LIFETIME = 5;
/** eSMS documents only the default (6); the node keeps to lengths a person can read and type. */
const CODE_LENGTH = { min: 4, max: 10, default: 6 };

const lifetimeOption = (channel: Channel): INodeProperties => ({
	displayName: 'Code Lifetime (Minutes)',
	name: 'codeLifetime',
	type: 'number',
	typeOptions: { minValue: LIFETIME[channel].min, maxValue: LIFETIME[channel].max },
	default: DEFAULT_LIFETIME,
	description: `How long the code stays valid, in minutes: ${LIFETIME[channel].min} to ${LIFETIME[channel].max} for this channel (eSMS's limits). The output's expiresAt says until when.`,
});

export const sendCodeFields: INodeProperties[] = [
	{
		displayName: 'Channel',
		name: 'otpChannel',
		type: 'options',
		noDataExpression: true,
		required: true,
		displayOptions: { show: SEND },
		options: [
			{ name: 'SMS', value: 'sms', description: "An SMS under the account's customer-care brandname, with the text you give" },
			{
				name: 'Zalo, Then SMS',
				value: 'zaloThenSms',
				description: 'A Zalo message first, and an SMS with the same code when Zalo fails, as set up by eSMS in a multichannel template',
			},
		],
		default: 'sms',
	},
	brandnameField(SMS),
	{
		displayName: 'Content',
		name: 'content',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 3 },
		placeholder: 'e.g. {OTP} la ma xac minh dang ky Baotrixemay cua ban',
		displayOptions: SMS,
		description:
			"The text of the SMS, with {OTP} where eSMS puts the code. With the code in place it must match one of the brandname's registered customer-care templates (Account → Get SMS Templates). Sent without diacritics.",
	},
	{
		displayName: 'Multichannel Template ID',
		name: 'multiChannelTemplateId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 22575',
		displayOptions: ZALO,
		description:
			"The ID eSMS's sales team gives you after setting up your Zalo OA's ZNS template and your customer-care SMS template for codes (eSMS's MultiChannelTempId)",
	},
	{
		displayName: 'Action',
		name: 'codeAction',
		type: 'options',
		noDataExpression: true,
		required: true,
		displayOptions: ZALO,
		options: [
			{ name: 'Create and Send', value: 'createAndSend', description: 'ESMS makes the code and sends it (TypeId 2)' },
			{
				name: 'Create Only',
				value: 'createOnly',
				description: 'ESMS makes the code and sends nothing (TypeId 1): the output holds the code, for you to deliver it',
			},
		],
		default: 'createAndSend',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: SMS,
		options: [
			{
				displayName: 'Code Length',
				name: 'codeLength',
				type: 'number',
				typeOptions: { minValue: CODE_LENGTH.min, maxValue: CODE_LENGTH.max },
				default: 6,
				description: `How many characters the code has, ${CODE_LENGTH.min} to ${CODE_LENGTH.max} (eSMS's NumCharOfCode)`,
			},
			lifetimeOption('sms'),
			{
				displayName: 'Code Type',
				name: 'codeType',
				type: 'options',
				options: [
					{ name: 'Digits', value: 'digits', description: 'E.g. 482913: easy to type on a phone.' },
					{ name: 'Letters and Digits', value: 'lettersAndDigits', description: 'E.g. 1NTTJ6.' },
				],
				default: 'digits',
				description: 'What the code is made of',
			},
			maxConcurrentRequestsOption(20),
			{
				displayName: 'Template Check',
				name: 'templateCheck',
				type: 'options',
				default: 'network',
				options: [
					{
						name: 'For Any Network',
						value: 'anyNetwork',
						description: 'The text must match a template of any network. For numbers moved to another network, which keep their old prefix.',
					},
					{
						name: "For the Phone's Network",
						value: 'network',
						description: "The text must match a template registered for the network of the phone's prefix (templates can differ by network)",
					},
					{ name: 'Off', value: 'off', description: 'Send without checking: eSMS refuses a text that matches no template (error 146)' },
				],
				description:
					"How the text, with a code of the chosen length in place of {OTP}, is checked against the brandname's registered templates before anything is sent. A mismatch fails the item and shows the closest template.",
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: ZALO,
		options: [lifetimeOption('zaloThenSms'), maxConcurrentRequestsOption(20)],
	},
];

interface SendCodeOptions {
	codeLifetime?: unknown;
	codeLength?: unknown;
	codeType?: CodeType;
	templateCheck?: 'network' | 'anyNetwork' | 'off';
}

/** What the send asked for, for the output step (keyed by the item's context, as shared/send.ts). */
interface PreparedCode {
	phone: string;
	channel: Channel;
	lifetimeMinutes: number;
	codeLength: number | null;
	codeType: CodeType | null;
	brandname: string | null;
	content: string | null;
	segments: number | null;
	/** the registered template the text matched; null when not checked (Template Check off, Zalo then SMS) */
	templateId: string | null;
	multiChannelTemplateId: string | null;
	createOnly: boolean;
}
const prepared = new WeakMap<object, PreparedCode>();

/** A whole number option within bounds; throws invalidInput naming it. */
function wholeNumber(ctx: IExecuteSingleFunctions, value: unknown, fallback: number, field: string, { min, max }: { min: number; max: number }): number {
	if (value === undefined || value === null || value === '') return fallback;
	const n = typeof value === 'number' ? value : Number(cleanText(value));
	if (!Number.isInteger(n) || n < min || n > max)
		throw invalidInput(ctx, field, `${JSON.stringify(value)} is not a whole number from ${min} to ${max}`, `Set ${field} to a whole number from ${min} to ${max}.`);
	return n;
}

/** The text of an SMS code: the shared text checks (made plain: the endpoint has no Unicode), and {OTP} in it. */
function readContent(ctx: IExecuteSingleFunctions): { phone: string; content: string } {
	// the shared send path reads Phone and Content; this endpoint has no Request ID, Unicode, send date or callback
	const input = prepareSendInput(withParameters(ctx, { unicode: false, options: { autoRequestId: false } }), { channel: 'otp:sms', unicodeOption: false });
	const content = input.text!.content;
	if (!content.includes(OTP_MARK)) {
		const lower = /\{\s*otp\s*\}/i.exec(content)?.[0];
		throw invalidInput(
			ctx,
			'Content',
			lower ? `it has ${lower}, and eSMS puts the code only in place of ${OTP_MARK}, written exactly so` : `it has no ${OTP_MARK}, where eSMS puts the code`,
			`Write ${OTP_MARK} where the code goes, e.g. "${OTP_MARK} la ma xac minh dang ky Baotrixemay cua ban": with the code in place the text must match one of the brandname's registered templates.`,
		);
	}
	return { phone: input.phone, content };
}

/**
 * The registered template the text matches with a code in place of {OTP} (the brandname's list, read
 * once per node run, as Send Brandname SMS reads it), so that a mismatch fails before eSMS's 146:
 * a text that is not a template, or a Code Length longer than the template's part for the code.
 */
async function matchingTemplate(ctx: IExecuteSingleFunctions, brandname: string, shown: string, phone: string, byNetwork: boolean, codeLength: number): Promise<string> {
	const match = matchSmsTemplate(shown, await smsTemplatesOncePerRun(ctx, brandname), byNetwork ? networkOfPhone(phone) : undefined);
	if (match.ok) return String(match.template.TempId).trim();
	const closest = match.closest ? ` Closest template (ID ${String(match.closest.TempId)}, ${networkName(match.closest.NetworkID)}): "${String(match.closest.TempContent)}".` : '';
	throw invalidInput(ctx, 'Content', `with a code of ${codeLength} characters in place of ${OTP_MARK}, it matches no customer-care template of brandname ${brandname}: ${match.reason}`, {
		person: `eSMS sends a code only in the exact text of a registered template: write that text with ${OTP_MARK} in place of the part that holds the code, and choose a Code Length that part allows (Account → Get SMS Templates lists them).${closest}`,
		model: `The workflow's text for codes does not fit the brandname's templates.${closest} Stop, and tell the user that the tool is not set up right.`,
	});
}

/** preSend of Send Code: reads and checks the item, then the request of its channel. */
async function prepareSendCode(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const channel = this.getNodeParameter('otpChannel', 'sms') as Channel;
	const options = (this.getNodeParameter('options', {}) ?? {}) as SendCodeOptions;
	if (channel === 'zaloThenSms') {
		const phone = prepareSendInput(withParameters(this, { options: { autoRequestId: false } }), { channel: 'otp:zalo', text: false }).phone;
		const multiChannelTemplateId = cleanText(this.getNodeParameter('multiChannelTemplateId', ''));
		if (multiChannelTemplateId === '')
			throw invalidInput(this, 'Multichannel Template ID', 'it is empty', "Fill in the multichannel template ID that eSMS's sales team gave you for codes sent by Zalo, then SMS.");
		const lifetimeMinutes = wholeNumber(this, options.codeLifetime, DEFAULT_LIFETIME, 'Code Lifetime (Minutes)', LIFETIME.zaloThenSms);
		const createOnly = this.getNodeParameter('codeAction', 'createAndSend') === 'createOnly';
		// "Create Only" sends nothing and puts the code in the output: a model would tell the user a code was
		// sent, and hold the very code it is meant to check (tester finding)
		if (createOnly && isToolNode(this.getNode()))
			throw invalidInput(
				this,
				'Action',
				'it is "Create Only", which sends no code and puts the code in the answer, where a model must never see it',
				'Set Action to "Create and Send" in this tool, so that eSMS sends the code to the phone.',
			);
		prepared.set(this, {
			phone,
			channel,
			lifetimeMinutes,
			codeLength: null,
			codeType: null,
			brandname: null,
			content: null,
			segments: null,
			templateId: null,
			multiChannelTemplateId,
			createOnly,
		});
		return {
			...requestOptions,
			timeout: otpTimeout(this),
			method: 'POST',
			url: '/MainService.svc/json/SendMessageAutoGenCode_V5',
			qs: undefined,
			body: {
				...(requestOptions.body as IDataObject),
				Phone: phone,
				TimeAlive: String(lifetimeMinutes),
				MultiChannelTempId: multiChannelTemplateId,
				TypeId: createOnly ? '1' : '2',
			},
		};
	}
	const { phone, content } = readContent(this);
	const brandname = requiredPick(this, 'brandname', 'Brandname', BRANDNAME_FIX);
	const lifetimeMinutes = wholeNumber(this, options.codeLifetime, DEFAULT_LIFETIME, 'Code Lifetime (Minutes)', LIFETIME.sms);
	const codeLength = wholeNumber(this, options.codeLength, CODE_LENGTH.default, 'Code Length', CODE_LENGTH);
	const codeType: CodeType = options.codeType === 'lettersAndDigits' ? 'lettersAndDigits' : 'digits';
	// the text as the phone shows it: a code of this length in place of {OTP}
	const shown = content.split(OTP_MARK).join('0'.repeat(codeLength));
	const check = options.templateCheck ?? 'network';
	const templateId = check === 'off' ? null : await matchingTemplate(this, brandname, shown, phone, check === 'network', codeLength);
	prepared.set(this, {
		phone,
		channel,
		lifetimeMinutes,
		codeLength,
		codeType,
		brandname,
		content,
		segments: segmentCount(shown, false),
		templateId,
		multiChannelTemplateId: null,
		createOnly: false,
	});
	return {
		...requestOptions,
		timeout: otpTimeout(this),
		qs: {
			...requestOptions.qs,
			Phone: phone,
			TimeAlive: String(lifetimeMinutes),
			NumCharOfCode: String(codeLength),
			Brandname: brandname,
			Type: '2',
			message: content,
			IsNumber: codeType === 'digits' ? '1' : '0',
		},
	};
}

/** The code of a "create only" answer, where the answer has one (the page shows none: see the file's comment). */
function codeOf(body: IDataObject): string | null {
	const entry = Object.entries(body).find(([key]) => /^(code|otp)$/i.test(key));
	const value = entry?.[1];
	return value === undefined || value === null || String(value).trim() === '' ? null : String(value).trim();
}

/** postReceive of Send Code: the answer checked by the error policy, then what the next step needs. */
async function outputSendCode(this: IExecuteSingleFunctions, _items: INodeExecutionData[], response: IN8nHttpFullResponse): Promise<INodeExecutionData[]> {
	const body = successBody<EsmsSendResponse & IDataObject>(this, response);
	if (!(this.getNodeParameter('simplify', true) as boolean)) return [{ json: body as IDataObject }];
	const sent = prepared.get(this)!;
	const expiresAt = sendDateOutput(formatVietnamTime(Date.now() + sent.lifetimeMinutes * 60_000));
	const { phone, channel, lifetimeMinutes, createOnly, ...rest } = sent;
	return [
		{
			json: {
				phone,
				smsId: String(body.SMSID ?? '').trim() || null,
				channel,
				expiresAt,
				lifetimeMinutes,
				...rest,
				createOnly,
				...(createOnly && { code: codeOf(body) }),
			},
		},
	];
}

export const sendCode = defineOperation({
	resource: 'otp',
	value: 'sendCode',
	name: 'Send Code',
	action: 'Send a one-time code',
	description: 'ESMS makes a one-time code and sends it by SMS, or by Zalo then SMS; Verify Code checks it',
	request: { method: 'GET', url: '/MainService.svc/json/SendMessageAutoGenCode_V4_get' },
	kind: 'send',
	oncePerRun: {
		person:
			'eSMS may have made and sent a code to this phone. Ask the person whether it arrived before sending another: a new send makes a new code.',
		model:
			'It is unknown whether eSMS sent a code. Ask the user whether a code arrived, and call this tool again only if none did: each call sends a new code.',
	},
	inputs: ['phone'],
	fields: sendCodeFields,
	prepare: prepareSendCode,
	output: outputSendCode,
	simplify: true,
	tool:
		'Send a one-time verification code to one Vietnamese mobile number: eSMS makes the code and sends it (the workflow sets the channel, brandname and text). ' +
		PHONE +
		'The answer is a JSON array with one object: phone, smsId, expiresAt (when the code stops working, ISO 8601, Vietnam time), lifetimeMinutes. ' +
		'The code itself is never in the answer: ask the user to read it from their phone and tell you, then check it with the verify code tool. ' +
		'Each call sends a new code (this send takes no Request ID): call it once per verification, and again only when the user asks for a new code. ' +
		FAILURE,
});
