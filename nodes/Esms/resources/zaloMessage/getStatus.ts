import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { invalidInput, readMessageId, show } from '../../shared/descriptions';
import { mappedOutput } from '../../shared/errors';
import { mapZaloStatus } from '../../shared/mappers';
import type { EsmsZaloStatusResponse } from '../../shared/types';

const displayOptions = show('zaloMessage', 'getStatus');

export const zaloGetStatusDescription: INodeProperties[] = [
	{
		displayName: 'Zalo Message Type',
		name: 'smsType',
		type: 'options',
		displayOptions,
		options: [
			{ name: 'Normal (25)', value: '25' },
			{ name: 'Priority (24)', value: '24' },
		],
		default: '25',
		description: 'The type the ZNS message was sent with. eSMS finds the message only with the matching type.',
	},
];

export async function prepareZaloStatus(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const smsType = String(this.getNodeParameter('smsType', '25'));
	if (smsType !== '24' && smsType !== '25')
		throw invalidInput(this, 'Zalo Message Type', `"${smsType}" is not 24 or 25`, 'Use 24 for priority ZNS or 25 for normal ZNS.');
	requestOptions.body = { ...(requestOptions.body as IDataObject), SmsId: readMessageId(this), SmsType: smsType };
	return requestOptions;
}

export const outputZaloStatus = mappedOutput<EsmsZaloStatusResponse>((body) =>
	// a 100 without Data is not documented: pass it through rather than invent fields
	body.Data === undefined ? (body as unknown as IDataObject) : mapZaloStatus(body.Data),
);
