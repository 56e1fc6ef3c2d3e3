import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

import { readMessageId } from '../../shared/descriptions';
import { successBody } from '../../shared/errors';
import { mapVoiceStatus } from '../../shared/mappers';
import type { EsmsVoiceStatusResponse } from '../../shared/types';

export async function prepareVoiceStatus(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	requestOptions.qs = { ...requestOptions.qs, ReferenceId: readMessageId(this) };
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
