import { mappedOutput } from '../../shared/errors';
import type { EsmsBalanceResponse } from '../../shared/types';

/** The call the credential test makes, as an operation: a workflow can check the balance before a bulk send. */
export const outputBalance = mappedOutput<EsmsBalanceResponse>((body) => ({
	balance: Number(body.Balance) || 0,
	currency: 'VND',
	userId: body.UserID ?? null,
}));
