import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { invalidInput, show } from '../../shared/descriptions';
import { cleanText, normalizePhone } from '../../shared/phone';
import { outputSend, prepareSendInput, rememberSend } from '../../shared/send';
import { VOICE_API_BASE_URL } from '../../shared/hosts';
import { readTemplateId, readWholeNumber, voiceOptionsField, voiceQuery, voiceSummary } from './common';
import { defineOperation } from '../../shared/operation';
import { FAILURE, PHONE, REPEAT } from '../../shared/toolTexts';

/**
 * Voice Call → Make Call: a call that plays a recording made in account.esms.vn, `MakeCallRecord_V2`
 * on the voice host (esms-api/ham-goi-voice/ham-tao-cuoc-goi-tu-dong-tu-file-ghi-am.md).
 */

const displayOptions = show('voiceCall', 'makeCall');
const WHERE = 'account.esms.vn → Voice (the recording list)';
const NO_LIMIT = Number.MAX_SAFE_INTEGER;
/**
 * Most redials and replays one call may ask for. eSMS documents no maximum for MaxRetry or MaxRepeat,
 * but each redial is another billed call to the same person, so a slip (100 for 1) would ring someone
 * a hundred times. 10 is the node's own ceiling; the error says so.
 */
const MAX_CALL_COUNT = 10;

export const makeCallDescription: INodeProperties[] = [
	{
		displayName: 'Recording ID',
		name: 'recordingId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 12345',
		displayOptions,
		description: 'ID of the recording to play, as listed in account.esms.vn → Voice. eSMS calls it TemplateId.',
	},
	voiceOptionsField(displayOptions, [
		{
			displayName: 'Forward Key (IVR)',
			name: 'ivrKey',
			type: 'options',
			options: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((k) => ({ name: k, value: k })),
			default: '1',
			description: 'The key (0–9) that forwards the call to Forward Number when the person presses it. Set both or neither.',
		},
		{
			displayName: 'Forward Number',
			name: 'forwardNumber',
			type: 'string',
			default: '',
			placeholder: 'e.g. 02871002454',
			description: 'The number the call is forwarded to when the person presses Forward Key: a mobile, a landline or a hotline. Set both or neither.',
		},
		{
			displayName: 'Key Wait',
			name: 'ivrWait',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10,
			description:
				"Longest time eSMS waits for the person to press Forward Key (eSMS's TimeWaitToIvr). eSMS documents no unit; its other call timing, Wait Between Retries, is in seconds.",
		},
		{
			displayName: 'Repeats',
			name: 'repeats',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_CALL_COUNT },
			default: 1,
			description: "How many times the recording is repeated while the person listens (eSMS's MaxRepeat), at most 10",
		},
		{
			displayName: 'Retries',
			name: 'retries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_CALL_COUNT },
			default: 1,
			description: "How many times eSMS calls again when nobody answers (eSMS's MaxRetry), at most 10: each retry is another billed call to the same person",
		},
		{
			displayName: 'Wait Between Retries (Seconds)',
			name: 'retryWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description: "Seconds between two calls when nobody answers (eSMS's WaitRetry)",
		},
	]),
];

interface RecordOptions {
	forwardNumber?: unknown;
	ivrKey?: unknown;
	ivrWait?: unknown;
	repeats?: unknown;
	retries?: unknown;
	retryWait?: unknown;
}

/**
 * The number a call is forwarded to. A mobile number in any form the send path reads is sent in its
 * national form; a landline or hotline (028 7100 2454, 1900 1234, +84 28 7100 2454) is sent as its
 * digits, with +84/0084 turned into 0. Null when not set. Throws `invalidInput` naming "Forward
 * Number" for an old 11-digit mobile number (shared/phone.ts OLD_MOBILE_PREFIXES), when anything but
 * digits, spaces, dots, dashes, brackets and a leading + remain, or when there are fewer than 3 or
 * more than 15 digits (ITU E.164's longest number).
 */
export function readForwardNumber(ctx: IExecuteSingleFunctions, value: unknown): string | null {
	const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? cleanText(value) : '';
	if (text === '' && (value === undefined || value === null || typeof value === 'string')) return null;
	const mobile = normalizePhone(text);
	if (mobile.ok) return mobile.phone;
	// 01xx… with 11 digits is a mobile number from before the 2018 renumbering (landlines start with 02)
	if (mobile.reason === 'old')
		throw invalidInput(
			ctx,
			'Forward Number',
			`${mobile.oldPhone} is an old 11-digit mobile number; since 2018 it is ${mobile.newPhone}`,
			`Update the number to ${mobile.newPhone}.`,
		);
	const digits = text.replace(/[\s.\-()]/g, '').replace(/^(?:\+84|0084)/, '0');
	if (/^\d{3,15}$/.test(digits)) return digits;
	throw invalidInput(
		ctx,
		'Forward Number',
		typeof value === 'string' ? `"${value}" is not one phone number` : 'it is not text',
		'Use one number, such as 0901888484, 02871002454 or 19001234.',
	);
}

/** preSend of Make Call (MakeCallRecord_V2): the recording and its options, then the shared send path. */
export async function prepareMakeCall(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const recordingId = readTemplateId(this, 'recordingId', 'Recording ID', WHERE);
	const options = this.getNodeParameter('options', {}) as RecordOptions;
	const forwardNumber = readForwardNumber(this, options.forwardNumber);
	const ivrKey = cleanText(options.ivrKey) || null;
	if (ivrKey !== null && !/^\d$/.test(ivrKey))
		throw invalidInput(this, 'Forward Key (IVR)', `"${ivrKey}" is not one key from 0 to 9`, 'Choose a single key, 0 to 9.');
	if (forwardNumber !== null && ivrKey === null)
		throw invalidInput(this, 'Forward Key (IVR)', 'it is not set, and eSMS forwards the call only when the person presses it', 'Add Forward Key (IVR) to the options, or remove Forward Number.');
	if (ivrKey !== null && forwardNumber === null)
		throw invalidInput(this, 'Forward Number', 'it is not set, so pressing Forward Key would lead nowhere', 'Add Forward Number to the options, or remove Forward Key (IVR).');
	const ivrWait = readWholeNumber(this, options.ivrWait, 'Key Wait', 1, NO_LIMIT, 'Use a whole number such as 10.');
	if (ivrWait !== null && ivrKey === null)
		throw invalidInput(this, 'Key Wait', 'it is set, but there is no Forward Key to wait for', 'Add Forward Key (IVR) and Forward Number, or remove Key Wait.');
	const repeats = readWholeNumber(this, options.repeats, 'Repeats', 0, MAX_CALL_COUNT, `Use a whole number such as 1 (the node allows at most ${MAX_CALL_COUNT} plays of the recording in one call).`);
	const retries = readWholeNumber(this, options.retries, 'Retries', 0, MAX_CALL_COUNT, `Use a whole number such as 1 (the node allows at most ${MAX_CALL_COUNT}: each retry rings the same person again, and is billed).`);
	const retryWait = readWholeNumber(this, options.retryWait, 'Wait Between Retries (Seconds)', 0, NO_LIMIT, 'Use a whole number of seconds such as 60.');

	const call = { recordingId, forwardNumber, ivrKey, ivrWait, repeats, retries, retryWait };
	const input = prepareSendInput(this, { channel: 'voice:record', text: false, identity: call });
	rememberSend(this, voiceSummary(input, call));
	const text = (n: number | null) => (n === null ? undefined : String(n));
	const record = {
		NumberForward: forwardNumber ?? undefined,
		MaxRepeat: text(repeats),
		MaxRetry: text(retries),
		Ivr: ivrKey ?? undefined,
		TimeWaitToIvr: text(ivrWait),
		WaitRetry: text(retryWait),
	};
	const { SendDate, ...tail } = voiceQuery(input);
	requestOptions.qs = {
		...requestOptions.qs,
		// the documented order: TemplateId, Phone, SendDate, NumberForward…WaitRetry, CallbackUrl, RequestId
		TemplateId: recordingId,
		Phone: input.phone,
		...(SendDate !== undefined && { SendDate }),
		...Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)),
		...tail,
	};
	return requestOptions;
}

export const makeCall = defineOperation({
	resource: 'voiceCall',
	value: 'makeCall',
	name: 'Make Call',
	action: 'Make a call that plays a recording',
	description: 'Call one phone and play a recording made in account.esms.vn, optionally forwarding on a key press',
	request: { method: 'GET', baseURL: VOICE_API_BASE_URL, url: '/MainService.svc/json/MakeCallRecord_V2' },
	kind: 'send',
	inputs: ['phone'],
	fields: makeCallDescription,
	prepare: prepareMakeCall,
	output: outputSend,
	simplify: true,
	tool:
		'Call one Vietnamese phone number and play the recording the workflow set. ' +
		PHONE +
		'The answer is a JSON array with one object: smsId (the call ID; keep it to check the result), alreadyAccepted, phone. ' +
		REPEAT.replace('does not send it again', 'does not call again') +
		'Ask the voice call status tool a few seconds later for the result (answered or not). ' +
		FAILURE,
});
