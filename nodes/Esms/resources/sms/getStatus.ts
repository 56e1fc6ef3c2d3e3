import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

import { readMessageId } from '../../shared/descriptions';
import { successBody } from '../../shared/errors';
import { mapSmsStatus } from '../../shared/mappers';
import type { EsmsSmsStatusResponse } from '../../shared/types';

export async function prepareSmsStatus(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.qs = { ...requestOptions.qs, RefId: readMessageId(this) };
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
