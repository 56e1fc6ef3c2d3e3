import { createHash } from 'crypto';
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { brandnameField } from '../../listSearch';
import { BRANDNAME_FIX } from '../../listSearch/brandnames';
import { requiredPick } from '../../listSearch/common';
import { checkBrandnameContent } from '../../listSearch/templateParams';
import { show } from '../../shared/descriptions';
import { znsTemplateOncePerRun } from '../../shared/lists';
import type { EsmsZnsTemplateParam } from '../../shared/listTypes';
import { outputSend, REQUEST_ID_MAX, rememberSend, sendOptionsField, textFields, textSummary } from '../../shared/send';
import { brandnameText, brandnameTextFields, withParameters } from '../sms/sendBrandname';
import { campaignOption, prepareZns, znsSummary, znsTemplateFields } from './sendZns';
import { defineOperation } from '../../shared/operation';
import { FAILURE, PHONE, REPEAT } from '../../shared/toolTexts';


/**
 * Zalo Message → Send ZNS with SMS Fallback: a ZNS first, and a customer-care (brandname) SMS that
 * eSMS sends by itself when the ZNS fails, for instance when the phone has no Zalo account
 * (`POST /MainService.svc/json/MultiChannelMessage/`, devesms/gitbook_esms_for_develop_v2
 * esms-api/ham-gui-tin/tin-mutichanel-zalo-greater-than-sms-otp-cskh.md).
 *
 * Request body: { Phone, Channels: ["zalo", "sms"], Data: [
 *   { TempID, Params: [values in the template's parameter order, a repeated name once], OAID,
 *     campaignid?, CallbackUrl?, RequestId?, Sandbox? },
 *   { Content, IsUnicode ("0"|"1"), SmsType: "2", Brandname, CallbackUrl?, RequestId?, Sandbox? } ] }
 * The page documents no SendDate, so the operation has none.
 *
 * Output (Simplify on): the Send ZNS output plus the fallback SMS as the SMS send reports it
 * ({ …, fallbackChannel: "sms", brandname, content, unicode, segments, replacedCharacters,
 * estimatedCost, smsRequestId, deliveredBy: null }). `smsId` is the ZNS's; `deliveredBy` becomes
 * "zalo" or "sms" in Zalo Message → Get Status once the outcome is known.
 */

const displayOptions = show('zaloMessage', 'sendZnsWithSmsFallback');

/** Send Date is not a documented member of MultiChannelMessage. */
function withoutSendDate(field: INodeProperties): INodeProperties {
	return { ...field, options: (field.options as INodeProperties[]).filter((o) => o.name !== 'sendDate') };
}

/**
 * The fallback SMS's fields, as Send Brandname SMS's (brandnameTextFields), worded for the fallback so
 * that they stay declarations of their own: a field merged with the brandname send's would take that
 * send's place in the form (shared/mergeFields.ts), above the OA and template. Content Source is
 * "Text" by default: the workflows saved before the picker have only a Content.
 */
const fallbackTextFields = brandnameTextFields(displayOptions.show as { resource: string[]; operation: string[] }, {
	textName: 'content',
	defaultSource: 'text',
	what: 'the fallback SMS',
}).filter((f) => f.name !== 'content' && f.name !== 'unicode');

/**
 * Content: one declaration for this send and Send Fixed-Number SMS (the engine evaluates a parameter
 * once per declaration, for every item), declared here so that it follows the template fields, and
 * hidden when the text comes from a template. Unicode (one declaration for every text send) follows in
 * Send Brandname SMS's fields, then this send's Options (Esms.node.ts).
 */
const TEXT_SENDS = { resource: ['sms', 'zaloMessage'], operation: ['sendFixedNumber', 'sendZnsWithSmsFallback'] };
const [contentField] = textFields({ show: TEXT_SENDS, hide: { contentSource: ['template'] } });

// Phone and Simplify are declared once for every send (Esms.node.ts). The order is the order a person
// fills them in: the ZNS (OA, template, its parameters), then the SMS sent when the ZNS cannot be.
export const sendZnsWithSmsFallbackDescription: INodeProperties[] = [
	...znsTemplateFields(displayOptions),
	{
		displayName:
			"When Zalo cannot deliver the ZNS (no Zalo account, message refused…), eSMS sends the customer-care SMS below instead, under its brandname. Its text must be one of the brandname's registered templates: pick one, or type its text with each {Pn,max} filled in.",
		name: 'smsFallbackNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	// the same declaration as the brandname SMS send's, so the node declares Brandname once (shared/mergeFields.ts)
	brandnameField(displayOptions),
	...fallbackTextFields,
	contentField,
];

export const sendZnsWithSmsFallbackOptions: INodeProperties[] = [
	withoutSendDate(sendOptionsField(displayOptions, { maxConcurrentRequests: 20, text: true, extra: [campaignOption] })),
];

/**
 * The Request ID of the SMS part, made from the ZNS part's so that both repeat together: the ID and
 * "-sms" when that fits eSMS's 50 characters (the automatic IDs do), else "sms-" and 32 hex digits
 * of its SHA-256.
 */
export function smsPartRequestId(requestId: string): string {
	if (requestId.length + 4 <= REQUEST_ID_MAX) return `${requestId}-sms`;
	return `sms-${createHash('sha256').update(requestId).digest('hex').slice(0, 32)}`;
}

/**
 * Params for MultiChannelMessage: the values in the order of the template's ListParams, a name that
 * repeats given once (the page's two rules), and an empty text for an optional parameter left out,
 * so that the values after it keep their places.
 */
export function znsParams(listParams: EsmsZnsTemplateParam[], data: Record<string, string>): string[] {
	return paramNames(listParams).map((name) => data[name] ?? '');
}

function paramNames(listParams: EsmsZnsTemplateParam[]): string[] {
	return [...new Set(listParams.filter((p) => p && typeof p.Name === 'string' && p.Name !== '').map((p) => p.Name))];
}

/** Every parameter as MultiChannelMessage sends it, "" for one left out (the output's templateData). */
export function znsSentData(listParams: EsmsZnsTemplateParam[], data: Record<string, string>): Record<string, string> {
	return Object.fromEntries(paramNames(listParams).map((name) => [name, data[name] ?? '']));
}

/**
 * preSend of Send ZNS with SMS Fallback: the ZNS part is checked as for Send ZNS, then the SMS part
 * (Brandname, Content against the brandname's templates for the phone's network), before any send.
 */
export async function prepareSendZnsWithSmsFallback(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const brandname = requiredPick(this, 'brandname', 'Brandname', BRANDNAME_FIX);
	// the fallback's text: from the picked template and its parameters, or typed (as Send Brandname SMS)
	const { overrides } = await brandnameText(this, 'content', 'text');
	const zns = await prepareZns(withParameters(this, overrides), { channel: 'zns+sms', text: true, identity: { brandname } });
	const text = zns.input.text!;
	await checkBrandnameContent(this, brandname, text.content, zns.input.phone);
	const info = await znsTemplateOncePerRun(this, zns.oaId, zns.templateId);

	const { requestId, callbackUrl, sandbox } = zns.input;
	const smsRequestId = requestId === null ? null : smsPartRequestId(requestId);
	const shared = (id: string | null): IDataObject => ({
		...(callbackUrl !== null && { CallbackUrl: callbackUrl }),
		...(id !== null && { RequestId: id }),
		...(sandbox && { Sandbox: '1' }),
	});
	const { content, unicode, segments, replacedCharacters, estimatedCost } = textSummary(zns.input);
	rememberSend(this, {
		...znsSummary(zns),
		// what was sent: an optional parameter left out went as ""
		templateData: znsSentData(info.ListParams ?? [], zns.data),
		fallbackChannel: 'sms',
		brandname,
		content,
		unicode,
		segments,
		replacedCharacters,
		estimatedCost,
		smsRequestId,
		deliveredBy: null,
	});
	requestOptions.body = {
		...(requestOptions.body as IDataObject),
		Phone: zns.input.phone,
		Channels: ['zalo', 'sms'],
		Data: [
			{
				TempID: zns.templateId,
				Params: znsParams(info.ListParams ?? [], zns.data),
				OAID: zns.oaId,
				...(zns.campaign !== null && { campaignid: zns.campaign }),
				...shared(requestId),
			},
			{ Content: text.content, IsUnicode: text.unicode ? '1' : '0', SmsType: '2', Brandname: brandname, ...shared(smsRequestId) },
		],
	};
	return requestOptions;
}

export const sendZnsWithSmsFallback = defineOperation({
	resource: 'zaloMessage',
	value: 'sendZnsWithSmsFallback',
	name: 'Send ZNS with SMS Fallback',
	action: 'Send a ZNS message with an SMS fallback',
	description: 'Send a Zalo ZNS message; eSMS sends a brandname SMS instead when Zalo cannot deliver it',
	request: { method: 'POST', url: '/MainService.svc/json/MultiChannelMessage/' },
	kind: 'send',
	inputs: ['phone'],
	fields: sendZnsWithSmsFallbackDescription,
	// after Send Brandname SMS's fields, which declare its Unicode
	trailingFields: sendZnsWithSmsFallbackOptions,
	prepare: prepareSendZnsWithSmsFallback,
	output: outputSend,
	simplify: true,
	tool:
		'Send one Zalo ZNS message to one Vietnamese mobile number, and an SMS under the brandname instead when Zalo cannot deliver it. ' +
		PHONE +
		'The SMS text must match one of the brandname templates. ' +
		'The answer is a JSON array with one object: smsId (keep it to check delivery), alreadyAccepted, phone. ' +
		REPEAT +
		'Ask the Zalo status tool later: its answer says which channel delivered (deliveredBy "zalo" or "sms"). ' +
		FAILURE,
});
