/**
 * SMS → Send Advertising SMS and SMS → Estimate Advertising SMS Price: an advertising campaign (SmsType
 * 1) to a list of phones under the account's advertising brandname (GetListBrandname Type 1), with
 * Vietnam's rules for advertising messages kept before anything is sent (shared/campaign.ts).
 *
 * Send: `POST /MainService.svc/json/SendMultipleSMSBrandname_json/` (devesms/gitbook_esms_for_develop_v2
 * esms-api/ham-gui-tin/tin-sms-quang-cao.md). Body: { Brandname, Content, Phones: [...], SmsType: "1",
 * RequestId?, SendDate? (yyyy-MM-dd HH:mm:ss, Vietnam time), CallbackUrl?, Sandbox?: "1" } plus the keys,
 * which the credential adds. 30 to 5,000 phones per request (107 below 30). Answer:
 * { CodeResult: "100", CountRegenerate: 0, SMSID }.
 *
 * Estimate: `POST /MainService.svc/json/SummaryMultipleSMSBrandname/`
 * (esms-api/ham-truy-xuat-va-dang-ky/ham-tam-tinh-gia-tin-nhan-quang-cao.md): an XML `<RQST>` body sent
 * as text/plain (the credential adds `<APIKEY>` and `<SECRETKEY>`), answered in JSON:
 * { CodeResult: "100", ErrorMessage: "success", TotalPrice: 1691300.0000, TotalReceiver: 2997 }.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, IN8nHttpFullResponse, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ADVERTISING_BRANDNAME_FIX, advertisingBrandnameField } from '../../listSearch/brandnames';
import { numbersOutput, prepareCampaign, requestBeingSent } from '../../shared/campaign';
import type { CampaignSettings, CampaignSpec, CampaignView } from '../../shared/campaign';
import { explainResponse, successBody } from '../../shared/errors';
import { acceptedBefore, rememberAccepted } from '../../shared/earlierTries';
import { defineOperation } from '../../shared/operation';
import { sendOptionsField } from '../../shared/send';
import type { SendOptions } from '../../shared/send';
import { sendDateOutput } from '../../shared/sendDate';
import type { EsmsSendResponse } from '../../shared/types';
import { cleanText } from '../../shared/phone';

const SEND = { show: { resource: ['sms'], operation: ['sendAdvertising'] } };
const ESTIMATE = { show: { resource: ['sms'], operation: ['estimateAdvertising'] } };
const BOTH = { show: { resource: ['sms'], operation: ['sendAdvertising', 'estimateAdvertising'] } };

/** The text's parameter (not `content`: the fixed-number send declares that one, with another description). */
export const CONTENT = 'advertisingContent';

export const excludeNumbersOption: INodeProperties = {
	displayName: 'Exclude Numbers',
	name: 'excludeNumbers',
	type: 'string',
	default: '',
	placeholder: "e.g. {{ $('Refused').all().map(i => i.json.phone) }}",
	description:
		'Numbers that must never get this campaign: the people who refused advertising messages (Decree 91/2020/ND-CP), e.g. a column of a sheet or an n8n Data Table mapped as a list, or a text with one number per line or separated by commas. Any written form matches. The output lists the numbers left out.',
};

const removeDiacritics = (sendOptionsField(SEND, { maxConcurrentRequests: 0, text: true }).options as INodeProperties[]).find((o) => o.name === 'removeDiacritics')!;

export const advertisingDescription: INodeProperties[] = [
	{
		displayName: 'Campaign From',
		name: 'campaignFrom',
		type: 'options',
		noDataExpression: true,
		displayOptions: BOTH,
		options: [
			{
				name: 'All Items',
				value: 'allItems',
				description: 'The phones of all items (e.g. one row of a sheet each) make one campaign, each number sent once',
			},
			{
				name: 'Each Item',
				value: 'eachItem',
				description: 'Each item holds its own list of phones (e.g. after an Aggregate node) and is one campaign',
			},
		],
		default: 'eachItem',
		description: 'Whether each input item is a campaign, or all input items together make one',
	},
	{
		displayName: 'Phones',
		name: 'phones',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.phones }}',
		displayOptions: BOTH,
		description:
			'The numbers: a list (e.g. the field an Aggregate node makes of a column), or a text with the numbers separated by commas, semicolons or line breaks; with Campaign From "All Items", each item\'s number(s), e.g. its phone column. Numbers are normalised to 0xxxxxxxxx; invalid and repeated numbers are left out and listed. A send needs at least 30 numbers; more than 5,000 go out as several requests.',
	},
	advertisingBrandnameField(BOTH),
	{
		displayName: 'Content',
		name: CONTENT,
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		placeholder: 'e.g. [QC] Giam 30% moi don hang den 31/12. Tu choi: soan TC gui 8xxx',
		displayOptions: BOTH,
		description:
			'The advertising text. Vietnam\'s Decree 91/2020/ND-CP requires the label [QC] or [AD] first, and how to refuse further messages (the node looks for "Tu choi", "TC", "STOP", "HUY" or "unsubscribe"): a text without them is refused before sending. Sent without diacritics, 160 characters a part.',
	},
	sendOptionsField(SEND, { maxConcurrentRequests: 20, text: true, extra: [excludeNumbersOption] }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: ESTIMATE,
		options: [excludeNumbersOption, removeDiacritics],
	},
];

/*
 * Send Advertising SMS
 */

function sendRequest(settings: CampaignSettings, phones: string[], requestId: string | null): IHttpRequestOptions {
	return {
		method: 'POST',
		url: '/MainService.svc/json/SendMultipleSMSBrandname_json/',
		body: {
			Brandname: settings.brandname,
			Content: settings.text.content,
			Phones: phones,
			SmsType: '1',
			...(requestId !== null && { RequestId: requestId }),
			...(settings.sendDate !== null && { SendDate: settings.sendDate }),
			...(settings.callbackUrl !== null && { CallbackUrl: settings.callbackUrl }),
			...(settings.sandbox && { Sandbox: '1' }),
		},
	};
}

function sendOutput(v: CampaignView): IDataObject {
	const { settings: s, mine } = v;
	const smsIds = mine.map((r) => r.smsId).filter((id): id is string => id !== null);
	return {
		smsId: smsIds[0] ?? null,
		smsIds,
		alreadyAccepted: mine.length > 0 && mine.every((r) => r.alreadyAccepted),
		...numbersOutput(v),
		brandname: s.brandname,
		content: s.text.content,
		segments: s.text.segments,
		replacedCharacters: s.text.replacedCharacters as unknown as IDataObject[],
		estimatedCost: s.pricePerPart > 0 ? s.pricePerPart * s.text.segments * v.own.sent.length : null,
		requestIds: mine.map((r) => r.requestId),
		sendDate: sendDateOutput(s.sendDate),
		sandbox: s.sandbox,
		campaign: {
			items: v.items,
			sentCount: v.sentCount,
			requests: v.requests.map((r) => ({ smsId: r.smsId, requestId: r.requestId, phoneCount: r.phones.length, alreadyAccepted: r.alreadyAccepted })),
		},
	};
}

const SEND_SPEC: CampaignSpec = { estimate: false, request: sendRequest, output: sendOutput };

export async function prepareAdvertisingSend(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	return prepareCampaign(this, requestOptions, SEND_SPEC, { contentName: CONTENT, brandnameFix: ADVERTISING_BRANDNAME_FIX });
}

/**
 * The output step of one request of a campaign: { smsId, alreadyAccepted }. A 124 on an automatic Request
 * ID (or on the user's own, when an earlier try of this node run saw eSMS accept it) is eSMS refusing a
 * repeat of a request it accepted: already accepted, not a failure (as every send: shared/send.ts outputSend).
 */
export async function outputAdvertisingRequest(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const request = requestBeingSent(this);
	const requestId = request?.requestId ?? null;
	const failure = explainResponse(response);
	const own = cleanText((this.getNodeParameter('options', {}) as SendOptions).requestId) !== '';
	const earlier = failure?.code === '124' && requestId !== null ? acceptedBefore(this, requestId) : undefined;
	if (failure?.code === '124' && requestId !== null && (!own || earlier !== undefined))
		return [{ json: { smsId: earlier || null, alreadyAccepted: true } }];
	const body = successBody<EsmsSendResponse>(this, response);
	const smsId = String(body.SMSID ?? '').trim();
	if (requestId !== null) rememberAccepted(this, requestId, smsId);
	return [{ json: { smsId, alreadyAccepted: false } }];
}

export const sendAdvertising = defineOperation({
	resource: 'sms',
	value: 'sendAdvertising',
	name: 'Send Advertising SMS',
	action: 'Send an advertising SMS campaign',
	description:
		"Send an advertising SMS (SmsType 1) under the account's advertising brandname to a list of 30 or more phones, keeping Vietnam's rules for advertising messages",
	request: { method: 'POST', url: '/MainService.svc/json/SendMultipleSMSBrandname_json/' },
	kind: 'send',
	// also Estimate Advertising SMS Price's fields (BOTH)
	fields: advertisingDescription,
	prepare: prepareAdvertisingSend,
	output: outputAdvertisingRequest,
	simplify: false,
	tool:
		"Send one advertising SMS campaign under the account's advertising brandname to a list of at least 30 Vietnamese mobile numbers. " +
		'Give the numbers as one string, separated by commas, each with its leading 0, e.g. "0901888484, 0912345678, …"; numbers that are not valid are left out and listed, repeats are sent once. ' +
		'The text must start with [QC] and end with how to refuse, e.g. "[QC] Giam 30% hom nay. Tu choi: soan TC gui 8079"; campaigns go out only between 07:00 and 22:00 Vietnam time. Anything else is refused before sending, saying why: then tell the user. ' +
		'The answer is a JSON array with one object: smsId (keep it to check delivery), smsIds (one per request of 5,000 numbers), sentCount, sent, excluded (people who refused advertising, never sent), invalid, duplicatesRemoved. ' +
		'Calling again with the same input in the same 10-minute slot of the clock (e.g. 10:00 to 10:09) does not send it again: that answer has alreadyAccepted true. In a later slot it would go out again as a second campaign: after a successful answer, never repeat the call. ' +
		'On failure the answer is an error text: the eSMS error code, what happened, and what to do next.',
});
