import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, IN8nHttpFullResponse, INodeExecutionData } from 'n8n-workflow';

import { ADVERTISING_BRANDNAME_FIX } from '../../listSearch/brandnames';
import { numbersOutput, prepareCampaign } from '../../shared/campaign';
import type { CampaignSettings, CampaignSpec, CampaignView } from '../../shared/campaign';
import { successBody } from '../../shared/errors';
import { defineOperation } from '../../shared/operation';
import type { EsmsCodeFields } from '../../shared/types';
import { CONTENT } from './sendAdvertising';

/**
 * SMS → Estimate Advertising SMS Price: the advertising send's checks and fields (sendAdvertising.ts,
 * which declares them for both), asked of SummaryMultipleSMSBrandname, which sends nothing. Its body is
 * XML sent as text/plain (ham-tam-tinh-gia-tin-nhan-quang-cao.md): the credential adds the keys as
 * `<APIKEY>` and `<SECRETKEY>` (credentials/EsmsApi.credentials.ts). One request for the whole list.
 */

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function estimateRequest(settings: CampaignSettings, phones: string[]): IHttpRequestOptions {
	return {
		method: 'POST',
		url: '/MainService.svc/json/SummaryMultipleSMSBrandname/',
		headers: { 'Content-Type': 'text/plain' },
		body:
			'<RQST>' +
			`<CONTENT>${xml(settings.text.content)}</CONTENT>` +
			'<SMSTYPE>1</SMSTYPE>' +
			`<BRANDNAME>${xml(settings.brandname)}</BRANDNAME>` +
			`<CONTACTS>${phones.map((p) => `<CUSTOMER><PHONE>${p}</PHONE></CUSTOMER>`).join('')}</CONTACTS>` +
			'</RQST>',
	};
}

/** eSMS types TotalPrice and TotalReceiver as text and sends numbers: both are read. */
function numberOf(value: unknown): number | null {
	const n = Number(value);
	return value === null || value === undefined || String(value).trim() === '' || !Number.isFinite(n) ? null : n;
}

function estimateOutput(v: CampaignView): IDataObject {
	const answer = v.requests[0]?.answer ?? {};
	return {
		totalPrice: (answer.totalPrice as number | null) ?? null,
		receiverCount: (answer.receiverCount as number | null) ?? null,
		phoneCount: v.sentCount,
		...numbersOutput(v),
		brandname: v.settings.brandname,
		content: v.settings.text.content,
		segments: v.settings.text.segments,
		replacedCharacters: v.settings.text.replacedCharacters as unknown as IDataObject[],
		items: v.items,
	};
}

const ESTIMATE_SPEC: CampaignSpec = { estimate: true, request: estimateRequest, output: estimateOutput };

export async function prepareAdvertisingEstimate(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	return prepareCampaign(this, requestOptions, ESTIMATE_SPEC, { contentName: CONTENT, brandnameFix: ADVERTISING_BRANDNAME_FIX });
}

export async function outputAdvertisingEstimate(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = successBody<EsmsCodeFields & { TotalPrice?: unknown; TotalReceiver?: unknown }>(this, response);
	return [{ json: { totalPrice: numberOf(body.TotalPrice), receiverCount: numberOf(body.TotalReceiver) } }];
}

export const estimateAdvertising = defineOperation({
	resource: 'sms',
	value: 'estimateAdvertising',
	name: 'Estimate Advertising SMS Price',
	action: 'Estimate the price of an advertising SMS campaign',
	description: 'Get the price eSMS would charge for an advertising SMS campaign to a list of phones. Sends nothing.',
	request: { method: 'POST', url: '/MainService.svc/json/SummaryMultipleSMSBrandname/' },
	kind: 'estimate',
	prepare: prepareAdvertisingEstimate,
	output: outputAdvertisingEstimate,
	simplify: false,
	tool:
		'Get the price of an advertising SMS campaign to a list of Vietnamese mobile numbers without sending it. ' +
		'Give the numbers as one string, separated by commas, each with its leading 0. The text must start with [QC] and say how to refuse (e.g. "Tu choi: soan TC gui 8079"), as the campaign itself must. ' +
		'The answer is a JSON array with one object: totalPrice (VND), receiverCount, phoneCount, excluded, invalid, duplicatesRemoved. ' +
		'On failure the answer is an error text: the eSMS error code, what happened, and what to do next.',
});
