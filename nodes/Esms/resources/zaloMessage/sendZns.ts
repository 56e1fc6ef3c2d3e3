import type { IDataObject, IDisplayOptions, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { zaloOaField, znsTemplateField, znsTemplateParamsField } from '../../listSearch';
import { znsTempDataForItem } from '../../listSearch/templateParams';
import { invalidInput, show } from '../../shared/descriptions';
import { cleanText } from '../../shared/phone';
import { sendDateOutput } from '../../shared/sendDate';
import { outputSend, prepareSendInput, readPhone, rememberSend, sendOptionsField, sendQuery } from '../../shared/send';
import type { PreparedSend, SendSpec, SendSummary } from '../../shared/send';
import { defineOperation } from '../../shared/operation';
import { FAILURE, PHONE, REPEAT } from '../../shared/toolTexts';

/**
 * Zalo Message → Send ZNS: one Zalo Notification Service message from a template of a Zalo OA
 * (`POST /MainService.svc/json/SendZaloMessage_V6/`, devesms/gitbook_esms_for_develop_v2
 * esms-api/ham-gui-tin/tin-nhan-zalo.md).
 *
 * Request body: { OAID, Phone, TempData: { parameter name: text }, TempID, campaignid?, RequestId?,
 * SendDate? (yyyy-MM-dd HH:mm:ss, Vietnam time), CallbackUrl?, Sandbox? ("1") } plus the keys, which
 * the credential adds.
 *
 * Output (Simplify on): { smsId, alreadyAccepted, channel: "zalo", smsType: 25, phone, oaId,
 * templateId, templateData, campaign, requestId, sendDate (ISO 8601 with +07:00), sandbox }. `smsId` and `smsType` are what
 * Zalo Message → Get Status reads from its input item by default.
 */

/**
 * The Zalo message type of a ZNS sent through SendZaloMessage_V6 and MultiChannelMessage. Neither
 * request has a type field (the docs list none); 25 is the normal ZNS that QueryZnsStatus knows
 * (24 is priority ZNS, which these endpoints do not offer).
 */
export const ZNS_SMS_TYPE = '25';

/** eSMS's limit on campaignid (tin-nhan-zalo.md: "tối đa 254 ký tự"). */
export const CAMPAIGN_MAX = 254;

const displayOptions = show('zaloMessage', 'sendZns');

/** The "Campaign Name" option of the ZNS sends (campaignid). */
export const campaignOption: INodeProperties = {
	displayName: 'Campaign Name',
	name: 'campaign',
	type: 'string',
	default: '',
	placeholder: 'e.g. Order confirmations',
	description: 'A name that groups messages in eSMS reports (campaignid), at most 254 characters',
};

/** The OA and template pickers and the template's parameters as fields. */
export function znsTemplateFields(options: IDisplayOptions): INodeProperties[] {
	return [zaloOaField(options), znsTemplateField(options), znsTemplateParamsField(options)];
}

// Phone, and Simplify, are declared once for every send (Esms.node.ts, shared/descriptions.ts)
export const sendZnsDescription: INodeProperties[] = [
	...znsTemplateFields(displayOptions),
	sendOptionsField(displayOptions, { maxConcurrentRequests: 20, text: false, extra: [campaignOption] }),
];

/** The Campaign Name option, trimmed, or null; throws invalidInput when it is over {@link CAMPAIGN_MAX}. */
export function readCampaign(ctx: IExecuteSingleFunctions): string | null {
	const campaign = cleanText(((ctx.getNodeParameter('options', {}) ?? {}) as IDataObject).campaign);
	if (campaign.length > CAMPAIGN_MAX)
		throw invalidInput(
			ctx,
			'Campaign Name',
			`it has ${campaign.length} characters and eSMS accepts at most ${CAMPAIGN_MAX}`,
			`Shorten the campaign name to ${CAMPAIGN_MAX} characters or fewer.`,
		);
	return campaign || null;
}

/**
 * Everything that identifies a ZNS before it is sent: Phone (first, as it needs no request), then the
 * OA, the template (read once per node run: it must be enabled) and its parameters checked against
 * ListParams, the Campaign Name, then the shared send inputs with the automatic Request ID made from
 * all of them and from `spec.identity` (what else the operation sends).
 *
 * @throws NodeOperationError naming the field or template parameter and the item, before any send
 */
export async function prepareZns(ctx: IExecuteSingleFunctions, spec: SendSpec) {
	readPhone(ctx);
	const zns = await znsTempDataForItem(ctx);
	const campaign = readCampaign(ctx);
	const input: PreparedSend = prepareSendInput(ctx, {
		...spec,
		identity: { oaId: zns.oaId, templateId: zns.templateId, templateData: zns.data, campaign, ...spec.identity },
	});
	return { ...zns, input, campaign };
}

/** The summary fields of a ZNS, in the order the output lists them. */
export function znsSummary(zns: Awaited<ReturnType<typeof prepareZns>>): SendSummary {
	return {
		channel: 'zalo',
		// a number, as every number the node outputs; Get Status reads 25 and "25" alike
		smsType: Number(ZNS_SMS_TYPE),
		phone: zns.input.phone,
		oaId: zns.oaId,
		templateId: zns.templateId,
		templateData: zns.data,
		campaign: zns.campaign,
		requestId: zns.input.requestId,
		sendDate: sendDateOutput(zns.input.sendDate),
		sandbox: zns.input.sandbox,
	};
}

/** preSend of Send ZNS: checks the item, then builds the SendZaloMessage_V6 body. */
export async function prepareSendZns(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const zns = await prepareZns(this, { channel: 'zns', text: false });
	rememberSend(this, znsSummary(zns));
	const { Phone, ...common } = sendQuery(zns.input);
	requestOptions.body = {
		...(requestOptions.body as IDataObject),
		OAID: zns.oaId,
		Phone,
		TempData: zns.data,
		TempID: zns.templateId,
		...(zns.campaign !== null && { campaignid: zns.campaign }),
		...common,
	};
	return requestOptions;
}

export const sendZns = defineOperation({
	resource: 'zaloMessage',
	value: 'sendZns',
	name: 'Send ZNS',
	action: 'Send a ZNS message',
	description: "Send a Zalo ZNS message from one of an OA's templates to one phone",
	request: { method: 'POST', url: '/MainService.svc/json/SendZaloMessage_V6/' },
	kind: 'send',
	inputs: ['phone'],
	fields: sendZnsDescription,
	prepare: prepareSendZns,
	output: outputSend,
	simplify: true,
	tool:
		"Send one Zalo ZNS message from the account's Zalo Official Account, with the template the workflow set, to one Vietnamese mobile number that has Zalo. " +
		PHONE +
		'The answer is a JSON array with one object: smsId (keep it to check delivery), alreadyAccepted, phone. ' +
		REPEAT +
		'Delivery can be checked a few seconds after sending with the Zalo status tool. ' +
		FAILURE,
});
