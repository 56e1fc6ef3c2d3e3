import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { messageIdFields, readMessageId, simplifyField } from '../../shared/descriptions';
import { successBody } from '../../shared/errors';
import { mapVoiceStatus } from '../../shared/mappers';
import type { EsmsVoiceStatusResponse } from '../../shared/types';

export const voiceGetStatusDescription: INodeProperties[] = [
	...messageIdFields('voiceCall', 'getStatus', 'Call'),
	simplifyField('voiceCall', 'getStatus'),
];

export async function prepareVoiceStatus(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.qs = { ...requestOptions.qs, ReferenceId: readMessageId(this, 'Call') };
	return requestOptions;
}

export async function outputVoiceStatus(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = successBody<EsmsVoiceStatusResponse>(this, response);
	const simplify = this.getNodeParameter('simplify', true) as boolean;
	return [{ json: simplify ? mapVoiceStatus(body) : (body as unknown as IDataObject) }];
}
