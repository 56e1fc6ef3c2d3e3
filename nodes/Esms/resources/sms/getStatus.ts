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
import { mapSmsStatus } from '../../shared/mappers';
import type { EsmsSmsStatusResponse } from '../../shared/types';

export const smsGetStatusDescription: INodeProperties[] = [
	...messageIdFields('sms', 'getStatus', 'SMS'),
	simplifyField('sms', 'getStatus'),
];

export async function prepareSmsStatus(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.qs = { ...requestOptions.qs, RefId: readMessageId(this, 'SMS') };
	return requestOptions;
}

export async function outputSmsStatus(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = successBody<EsmsSmsStatusResponse>(this, response);
	const simplify = this.getNodeParameter('simplify', true) as boolean;
	return [{ json: simplify ? mapSmsStatus(body) : (body as unknown as IDataObject) }];
}
