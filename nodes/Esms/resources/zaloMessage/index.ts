import type { INodeProperties } from 'n8n-workflow';

import { outputZaloStatus, prepareZaloStatus } from './getStatus';

export { zaloGetStatusDescription } from './getStatus';

export const zaloMessageOperation: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['zaloMessage'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a ZNS message',
				description: 'Get the delivery status of a Zalo ZNS message',
				routing: {
					request: { method: 'POST', url: '/MainService.svc/json/QueryZnsStatus/' },
					send: { paginate: true, preSend: [prepareZaloStatus] },
					output: { postReceive: [outputZaloStatus] },
				},
			},
		],
		default: 'getStatus',
};
