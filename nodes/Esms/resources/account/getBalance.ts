import type { IDataObject, IExecuteSingleFunctions, IN8nHttpFullResponse, INodeExecutionData } from 'n8n-workflow';

import { successBody } from '../../shared/errors';
import type { EsmsBalanceResponse } from '../../shared/types';

/** The call the credential test makes, as an operation: a workflow can check the balance before a bulk send. */
export async function outputBalance(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = successBody<EsmsBalanceResponse>(this, response);
	if (!(this.getNodeParameter('simplify', true) as boolean)) return [{ json: body as unknown as IDataObject }];
	return [{ json: { balance: Number(body.Balance) || 0, currency: 'VND', userId: body.UserID ?? null } }];
}
