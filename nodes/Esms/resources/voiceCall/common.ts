/**
 * What the two voice sends (Make Call from a recording, Make Text-to-Speech Call) share on top of the
 * one send path (shared/send.ts): their Options collection, the voice API's Send Date form, and the
 * reads of a template ID and of a whole-number option. Docs: esms-api/ham-goi-voice/
 * ham-tao-cuoc-goi-tu-dong-tu-file-ghi-am.md and ham-tao-cuoc-goi-tu-dong-theo-template.md.
 */
import type { IDataObject, IDisplayOptions, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../../shared/descriptions';
import { cleanText } from '../../shared/phone';
import { sendDateOutput } from '../../shared/sendDate';
import { sendOptionsField, sendQuery } from '../../shared/send';
import type { PreparedSend, SendSummary } from '../../shared/send';

/**
 * The Options collection of a voice send: the shared send options without Sandbox, plus `extra`.
 * Neither voice page documents a Sandbox parameter: a real account might ignore it and place (and
 * charge) the call, so the node does not offer one.
 */
export function voiceOptionsField(displayOptions: IDisplayOptions, extra: INodeProperties[] = []): INodeProperties {
	const field = sendOptionsField(displayOptions, { maxConcurrentRequests: 20, text: false, extra });
	return { ...field, options: (field.options as INodeProperties[]).filter((o) => o.name !== 'sandbox') };
}

/**
 * The send path's Send Date (`yyyy-MM-dd HH:mm:ss`, Vietnam time: the voice host's clock is in Vietnam
 * too, and the pages give no zone) in the voice API's form,
 * `yyyy/MM/dd HH:mm:ss` (both voice pages: "yyyy/MM/dd hh:mm:ss, e.g. 2017/12/12 14:00:00"; the
 * example shows a 24-hour clock). Null stays null (call now).
 */
export function voiceSendDate(sendDate: string | null): string | null {
	return sendDate === null ? null : sendDate.replace(/^(\d{4})-(\d{2})-(\d{2}) /, '$1/$2/$3 ');
}

/**
 * The query parameters both voice sends share, from the send path's values: SendDate (voice form),
 * CallbackUrl and RequestId, each only when set, in the documented order. Phone is left to the caller,
 * which places it where its page does. `RequestId` is spelled as in both parameter tables (the
 * recording page's URL spells it `RequestID`; eSMS's WCF service reads query names case-insensitively,
 * and the transport recognises a send it may safely repeat by `RequestId`).
 */
export function voiceQuery(input: PreparedSend): IDataObject {
	const { RequestId, CallbackUrl } = sendQuery(input);
	const sendDate = voiceSendDate(input.sendDate);
	return {
		...(sendDate !== null && { SendDate: sendDate }),
		...(CallbackUrl !== undefined && { CallbackUrl }),
		...(RequestId !== undefined && { RequestId }),
	};
}

/**
 * The output of a voice send (after smsId and alreadyAccepted): Phone, then the operation's `fields`,
 * then Request ID and Send Date. Send Date is shown as the SMS send shows it, ISO 8601 with Vietnam's
 * offset (`2030-06-01T09:00:00+07:00`), so that one workflow reads both the same way; only the request
 * uses the voice form.
 */
export function voiceSummary(input: PreparedSend, fields: IDataObject): SendSummary {
	return { phone: input.phone, ...fields, requestId: input.requestId, sendDate: sendDateOutput(input.sendDate) };
}

/**
 * An ID made in account.esms.vn (a recording or a call template), as text. Read as the identifiers of
 * the send path are (shared/phone.ts cleanText: pasted spaces and invisible characters removed); a
 * whole number from an expression is taken as its digits. Throws `invalidInput` naming `displayName`
 * when it is empty or holds anything but letters, digits, `-` and `_` (a list, a name, a URL).
 */
export function readTemplateId(ctx: IExecuteSingleFunctions, name: string, displayName: string, where: string): string {
	const value = ctx.getNodeParameter(name, '');
	const id = typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value)) ? cleanText(value) : '';
	if (id === '')
		throw invalidInput(
			ctx,
			displayName,
			typeof value === 'string' || value === undefined || value === null ? 'it is empty' : 'it is not text',
			`Copy the ID from ${where}.`,
		);
	if (!/^[A-Za-z0-9_-]+$/.test(id))
		throw invalidInput(
			ctx,
			displayName,
			`"${id}" is not one ID: it may hold only letters, digits, - and _`,
			`Put a single ID, as shown in ${where}, such as 12345.`,
		);
	return id;
}

/**
 * A whole-number option (a count, a number of seconds, a speed), from a number or a numeric text
 * (an expression). Returns null when the option is not set. Throws `invalidInput` naming
 * `displayName` when it is not a whole number in [min, max].
 */
export function readWholeNumber(
	ctx: IExecuteSingleFunctions,
	value: unknown,
	displayName: string,
	min: number,
	max: number,
	fix: string,
): number | null {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : NaN;
	if (!Number.isSafeInteger(n) || n < min || n > max) {
		const shown = typeof value === 'string' ? `"${value}"` : typeof value === 'number' ? String(value) : `a value of type ${typeof value}`;
		const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
		throw invalidInput(ctx, displayName, `${shown} is not a whole number ${range}`, fix);
	}
	return n;
}
