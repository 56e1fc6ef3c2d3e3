import { NodeApiError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { invalidInput, readMessageId, show } from '../../shared/descriptions';
import { failureOf } from '../../shared/errors';
import { readOutput } from '../../shared/read';
import { fetchList } from '../../shared/lists';
import { mapSmsStatus, mapZaloStatus } from '../../shared/mappers';
import type { EsmsSmsStatusResponse, EsmsZaloStatusResponse } from '../../shared/types';
import { defineOperation } from '../../shared/operation';
import { FAILURE } from '../../shared/toolTexts';

const displayOptions = show('zaloMessage', 'getStatus');

/** Where the Zalo message type is read from by default: the `smsType` the Zalo sends output. */
const FROM_INPUT = 'fromInput';
const DEFAULT_TYPE = '25';

export const zaloGetStatusDescription: INodeProperties[] = [
	{
		displayName: 'Zalo Message Type',
		name: 'smsType',
		type: 'options',
		displayOptions,
		options: [
			{
				name: 'From Input Item',
				value: FROM_INPUT,
				description: 'The smsType field of the input item, as the Zalo sends output it; 25 when the item has none',
			},
			{ name: 'Normal (25)', value: '25' },
			{ name: 'Priority (24)', value: '24' },
		],
		default: FROM_INPUT,
		description: 'The type the ZNS message was sent with. eSMS finds the message only with the matching type.',
	},
	{
		displayName: 'SMS Fallback',
		name: 'smsFallback',
		type: 'options',
		displayOptions,
		options: [
			{ name: 'Check', value: 'check', description: 'The message was sent with an SMS fallback' },
			{ name: 'Do Not Check', value: 'none', description: 'The message was a plain ZNS' },
			{
				name: 'From Input Item',
				value: FROM_INPUT,
				description: 'Check it when the input item comes from Send ZNS with SMS Fallback (its fallbackChannel is "sms")',
			},
		],
		default: FROM_INPUT,
		description:
			'Whether to also report the fallback SMS of a message sent with Send ZNS with SMS Fallback: when the ZNS failed, the node asks for the SMS status too, and the output says which channel delivered (deliveredBy)',
	},
];

/** The type to query: the parameter, or with "From Input Item" the item's `smsType` (25 when absent). */
function zaloType(ctx: IExecuteSingleFunctions): string {
	const chosen = String(ctx.getNodeParameter('smsType', FROM_INPUT));
	const fromInput = chosen === FROM_INPUT;
	const raw = fromInput ? ctx.getInputData().json.smsType : chosen;
	const smsType = raw === undefined || raw === null || raw === '' ? DEFAULT_TYPE : String(raw).trim();
	if (smsType !== '24' && smsType !== '25')
		throw invalidInput(
			ctx,
			'Zalo Message Type',
			fromInput ? `the input item's smsType is "${smsType}", not 24 or 25` : `"${smsType}" is not 24 or 25`,
			fromInput
				? 'Pass the item of a Zalo send, or choose Normal (25) or Priority (24) under "Zalo Message Type".'
				: 'Use 24 for priority ZNS or 25 for normal ZNS.',
		);
	return smsType;
}

export async function prepareZaloStatus(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const smsType = zaloType(this);
	requestOptions.body = { ...(requestOptions.body as IDataObject), SmsId: readMessageId(this), SmsType: smsType };
	return requestOptions;
}

const zaloStatus = readOutput<EsmsZaloStatusResponse>((body) =>
	// a 100 without Data is not documented: pass it through rather than invent fields
	body.Data === undefined ? (body as unknown as IDataObject) : mapZaloStatus(body.Data),
);

function fallbackWanted(ctx: IExecuteSingleFunctions): boolean {
	const mode = String(ctx.getNodeParameter('smsFallback', FROM_INPUT));
	if (mode === FROM_INPUT) return ctx.getInputData().json.fallbackChannel === 'sms';
	return mode === 'check';
}

/** Results of a multichannel message over both channels. */
export type DeliveryResult = 'pending' | 'success' | 'failed';

/**
 * The fallback SMS of a multichannel message, by the message's SMSID (GetSendStatus?RefId=), or null
 * while eSMS does not know it yet (105). eSMS's docs do not say how the fallback SMS is queried; the
 * simulator answers for it under the multichannel SMSID, with the SMS's own SMSID in the answer.
 */
async function fallbackSmsStatus(ctx: IExecuteSingleFunctions, smsId: string): Promise<IDataObject | null> {
	// fetchList's errors are already this node's clean NodeApiErrors
	const answer = await fetchList<EsmsSmsStatusResponse>(ctx, { method: 'GET', url: '/MainService.svc/json/GetSendStatus', qs: { RefId: smsId } }).then(
		(body) => mapSmsStatus(body),
		(error: NodeApiError) => error,
	);
	if (!(answer instanceof NodeApiError)) return answer;
	if (failureOf(answer)?.code === '105') return null;
	throw answer;
}

/**
 * Which channel delivered a multichannel message. The ZNS delivered: "zalo". The ZNS failed: the
 * fallback SMS decides ("sms" once it is delivered). `deliveryResult` is the message's result over
 * both channels, for a Wait loop: pending until one channel delivered or both failed.
 */
export function multichannelOutcome(zns: IDataObject, sms: IDataObject | null): { deliveredBy: 'zalo' | 'sms' | null; deliveryResult: DeliveryResult } {
	if (zns.result === 'success') return { deliveredBy: 'zalo', deliveryResult: 'success' };
	if (zns.isFinal !== true || sms === null) return { deliveredBy: null, deliveryResult: 'pending' };
	if (sms.result === 'success') return { deliveredBy: 'sms', deliveryResult: 'success' };
	return { deliveredBy: null, deliveryResult: sms.isFinal === true ? 'failed' : 'pending' };
}

/**
 * postReceive of Zalo → Get Status. For a message sent with an SMS fallback, adds
 * { deliveredBy, deliveryResult, fallbackChannel: "sms", fallbackSms } (fallbackSms: the SMS status, as SMS → Get Status
 * gives it, or null before the ZNS failed or while eSMS does not know the SMS yet).
 */
export async function outputZaloStatus(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const [item] = await zaloStatus.call(this, items, response);
	if (!(this.getNodeParameter('simplify', true) as boolean) || !fallbackWanted(this) || item.json.smsId === undefined) return [item];
	const zns = item.json;
	const failed = zns.isFinal === true && zns.result !== 'success';
	const sms = failed ? await fallbackSmsStatus(this, String(zns.smsId)) : null;
	// fallbackChannel again, so that a Wait → Get Status loop fed with this output keeps checking the SMS
	return [{ json: { ...zns, ...multichannelOutcome(zns, sms), fallbackChannel: 'sms', fallbackSms: sms } }];
}

export const getZaloStatus = defineOperation({
	resource: 'zaloMessage',
	value: 'getStatus',
	name: 'Get Status',
	subtitle: 'Get Zalo Status',
	action: 'Get the status of a ZNS message',
	description: 'Get the delivery status of a Zalo ZNS message',
	request: { method: 'POST', url: '/MainService.svc/json/QueryZnsStatus/' },
	kind: 'read',
	// documented by eSMS: 100 requests per second
	limits: { perSecond: 100 },
	inputs: ['messageId'],
	fields: zaloGetStatusDescription,
	prepare: prepareZaloStatus,
	output: outputZaloStatus,
	simplify: true,
	tool:
		'Get the delivery status of one Zalo ZNS message sent with eSMS. ' +
		'Give the smsId string that the send tool answered. ' +
		'Ask a few seconds after the send at the earliest: sooner, eSMS answers error 105 (not found); then wait and ask again. ' +
		'The answer is a JSON array with one object: status, isFinal (false: ask again later), result ("pending", "success" or "failed"), errorInfoLabel (why Zalo did not deliver), totalPrice (VND). ' +
		FAILURE,
});
