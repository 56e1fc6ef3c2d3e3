/**
 * OTP → Verify Code: whether the code a person typed is the one eSMS made for their phone (OTP → Send
 * Code). `GET /MainService.svc/json/CheckCodeGen_V4_get?Phone&Code` (devesms/gitbook_esms_for_develop_v2
 * esms-api/cac-api-khac/ham-check-code.md, and the CHECKCODE part of both generated-code pages).
 *
 * Answers: 100 { CodeResult: "100", CountRegenerate: 0, ErrorMessage: "0901888484, Content: Success!" };
 * 101 "Authorize Failed"; a wrong, used or expired code: 117 on the pages ("Mã code đã được sử dụng hoặc
 * hết thời gian hiệu lực", ErrorMessage "0901888484, Content: 1NTTJ6 Code Invalid"), 171 in the code
 * table (esms-api/bang-ma-loi.md) for the same case. Both are an expected answer, not a failure: the
 * output says `valid: false`, so that an IF node can branch on it. Every other code fails as usual.
 *
 * A right code is used up by the check (eSMS: valid once), so the check is never asked again: kind
 * `send` (no retry without Request ID) and `oncePerRun` (Retry On Fail gives back the first answer).
 *
 * Output (Simplify on): { valid, reason, esmsCode, phone }. The code is not repeated.
 */
import type { IExecuteSingleFunctions, IHttpRequestOptions, IN8nHttpFullResponse, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../shared/descriptions';
import { explainResponse, successBody } from '../../shared/errors';
import { defineOperation } from '../../shared/operation';
import { readPhone } from '../../shared/send';
import { FAILURE, PHONE } from '../../shared/toolTexts';
import { otpTimeout } from './sendCode';
import type { EsmsCodeFields } from '../../shared/types';

/** eSMS's codes for a wrong, used or expired code: 117 on the pages, 171 in the code table. */
export const INVALID_CODE = ['117', '171'];

export const REASONS = {
	valid: 'The code is right. eSMS has now used it up: it cannot be verified again.',
	invalid: 'The code is wrong, was already used, or has expired (eSMS does not say which). Ask the person to check it, or send a new code.',
} as const;

export const verifyCodeFields: INodeProperties[] = [
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 482913',
		displayOptions: { show: { resource: ['otp'], operation: ['verifyCode'] } },
		description:
			"The code the person typed, e.g. mapped from a form's code field. Spaces in it are removed; a wrong code is an answer (valid false), not an error.",
	},
];

const codes = new WeakMap<object, string>();
const phones = new WeakMap<object, string>();

/** The Code parameter: text or a number, without white space; empty fails naming it. */
function readCode(ctx: IExecuteSingleFunctions): string {
	const raw = ctx.getNodeParameter('code', '') as unknown;
	if (raw !== null && typeof raw === 'object')
		throw invalidInput(ctx, 'Code', `it is ${Array.isArray(raw) ? 'a list' : 'an object'}, not text`, {
			person: 'Map Code to the field that holds the code the person typed, e.g. {{ $json.code }}.',
			model: 'Give the code as one string.',
		});
	// NFKC: full-width digits (an Asian keyboard) read as the digits they are
	const code = String(raw ?? '').normalize('NFKC').replace(/[\s\p{Cf}]+/gu, '');
	if (code === '')
		throw invalidInput(ctx, 'Code', 'it is empty', {
			person: 'Map Code to the field that holds the code the person typed, e.g. {{ $json.code }}, and make that form field required.',
			model: 'Give the code the user received.',
		});
	return code;
}

/** Items whose code reached the node as a number: a code that starts with 0 has lost it (a Number form field). */
const numberCodes = new WeakSet<object>();
const NUMBER_HINT =
	' The code reached the node as a number, so a leading 0 is lost (0566 becomes 566): take it from a text field, or map it as text.';

async function prepareVerifyCode(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const phone = readPhone(this);
	const code = readCode(this);
	phones.set(this, phone);
	codes.set(this, code);
	if (typeof this.getNodeParameter('code', '') === 'number') numberCodes.add(this);
	return { ...requestOptions, timeout: otpTimeout(this), qs: { ...requestOptions.qs, Phone: phone, Code: code } };
}

async function outputVerifyCode(this: IExecuteSingleFunctions, _items: INodeExecutionData[], response: IN8nHttpFullResponse): Promise<INodeExecutionData[]> {
	const failure = explainResponse(response);
	const invalid = failure?.code !== undefined && INVALID_CODE.includes(failure.code);
	const body = invalid ? (response.body as EsmsCodeFields) : successBody<EsmsCodeFields>(this, response);
	if (!(this.getNodeParameter('simplify', true) as boolean)) return [{ json: { ...body } }];
	return [
		{
			json: {
				valid: !invalid,
				reason: invalid ? REASONS.invalid + (numberCodes.has(this) ? NUMBER_HINT : '') : REASONS.valid,
				esmsCode: invalid ? failure.code! : '100',
				phone: phones.get(this)!,
			},
		},
	];
}

export const verifyCode = defineOperation({
	resource: 'otp',
	value: 'verifyCode',
	name: 'Verify Code',
	action: 'Verify a one-time code',
	description: 'Check the code a person typed against the one eSMS sent to their phone: valid true or false',
	request: { method: 'GET', url: '/MainService.svc/json/CheckCodeGen_V4_get' },
	// not a read: a right code is used up by the check, so it is never asked again (see the file's comment)
	kind: 'send',
	oncePerRun: {
		person:
			'It is unknown whether eSMS checked the code: if it did and the code was right, it is now used up, and a new check would answer that it is invalid. Send a new code (OTP → Send Code) and ask the person for it.',
		model:
			'It is unknown whether eSMS checked this code; if it did, the code is now used up. Do not call this tool again with the same code: ask the user to request a new code.',
	},
	inputs: ['phone'],
	fields: verifyCodeFields,
	prepare: prepareVerifyCode,
	output: outputVerifyCode,
	simplify: true,
	tool:
		'Check the one-time code a user typed against the code eSMS sent to their Vietnamese mobile number with the send code tool. ' +
		PHONE +
		'Give the code as a string exactly as the user gave it. ' +
		'The answer is a JSON array with one object: valid (true: the code is right; false: wrong, already used or expired), reason, esmsCode, phone. ' +
		'A right code works once: do not check it again. When valid is false, let the user try again or send a new code. ' +
		FAILURE,
});
