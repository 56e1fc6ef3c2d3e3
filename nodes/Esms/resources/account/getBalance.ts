import { defineOperation } from '../../shared/operation';
import { readOutput } from '../../shared/read';
import type { EsmsBalanceResponse } from '../../shared/types';

/** The call the credential test makes, as an operation: a workflow can check the balance before a bulk send. */
export const getBalance = defineOperation({
	resource: 'account',
	value: 'getBalance',
	name: 'Get Balance',
	action: 'Get the account balance',
	description: 'Get the balance of the eSMS account, in VND',
	request: { method: 'POST', url: '/MainService.svc/json/GetBalance_json' },
	kind: 'read',
	output: readOutput<EsmsBalanceResponse>((body) => ({
		balance: Number(body.Balance) || 0,
		currency: 'VND',
		userId: body.UserID ?? null,
	})),
	simplify: true,
	tool:
		'Get the balance of the eSMS account. Takes no input. ' +
		'The answer is a JSON array with one object: balance (a number, in VND), currency ("VND"), userId.',
});
