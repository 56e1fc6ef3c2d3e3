import type { INodeProperties } from 'n8n-workflow';

import { outputZaloStatus, prepareZaloStatus } from './getStatus';
import { outputSend, prepareSendZns } from './sendZns';
import { prepareSendZnsWithSmsFallback } from './sendZnsWithSmsFallback';

export { zaloGetStatusDescription } from './getStatus';
export { sendZnsDescription } from './sendZns';
export { sendZnsWithSmsFallbackDescription, sendZnsWithSmsFallbackOptions } from './sendZnsWithSmsFallback';

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
			{
				name: 'Send ZNS',
				value: 'sendZns',
				action: 'Send a ZNS message',
				description: "Send a Zalo ZNS message from one of an OA's templates to one phone",
				routing: {
					request: { method: 'POST', url: '/MainService.svc/json/SendZaloMessage_V6/' },
					send: { paginate: true, preSend: [prepareSendZns] },
					output: { postReceive: [outputSend] },
				},
			},
			{
				name: 'Send ZNS with SMS Fallback',
				value: 'sendZnsWithSmsFallback',
				action: 'Send a ZNS message with an SMS fallback',
				description: 'Send a Zalo ZNS message; eSMS sends a brandname SMS instead when Zalo cannot deliver it',
				routing: {
					request: { method: 'POST', url: '/MainService.svc/json/MultiChannelMessage/' },
					send: { paginate: true, preSend: [prepareSendZnsWithSmsFallback] },
					output: { postReceive: [outputSend] },
				},
			},
		],
		default: 'getStatus',
};
