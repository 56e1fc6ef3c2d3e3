import type { INodeProperties } from 'n8n-workflow';

import { outputSmsStatus, prepareSmsStatus } from './getStatus';
import { outputSend, prepareSend } from './sendFixedNumber';

export { sendFixedNumberDescription } from './sendFixedNumber';

export const smsOperation: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sms'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of an SMS',
				description: 'Get the delivery status of a message sent in the last 7 days',
				routing: {
					request: { method: 'GET', url: '/MainService.svc/json/GetSendStatus' },
					send: { paginate: true, preSend: [prepareSmsStatus] },
					output: { postReceive: [outputSmsStatus] },
				},
			},
			{
				name: 'Send Fixed-Number SMS',
				value: 'sendFixedNumber',
				action: 'Send an SMS from a fixed number',
				description: 'Send an SMS from an eSMS fixed number (SmsType 8) to one phone',
				routing: {
					request: { method: 'GET', url: '/MainService.svc/json/SendMultipleMessage_V4_get' },
					send: { paginate: true, preSend: [prepareSend] },
					output: { postReceive: [outputSend] },
				},
			},
		],
		default: 'sendFixedNumber',
};
