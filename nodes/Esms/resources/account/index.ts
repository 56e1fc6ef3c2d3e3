import type { INodeProperties } from 'n8n-workflow';

import { outputBalance } from './getBalance';

export const accountOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['account'] } },
	options: [
		{
			name: 'Get Balance',
			value: 'getBalance',
			action: 'Get the account balance',
			description: 'Get the balance of the eSMS account, in VND',
			routing: {
				request: { method: 'POST', url: '/MainService.svc/json/GetBalance_json' },
				send: { paginate: true },
				output: { postReceive: [outputBalance] },
			},
		},
	],
	default: 'getBalance',
};
