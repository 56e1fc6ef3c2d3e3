import type { INodeProperties } from 'n8n-workflow';

import { outputSmsStatus, prepareSmsStatus } from './getStatus';
import { outputBrandnameEstimate, outputBrandnameSend, prepareBrandnameEstimate, prepareBrandnameSend } from './sendBrandname';
import { outputSend, prepareSend } from './sendFixedNumber';

export { sendBrandnameDescription } from './sendBrandname';
export { sendFixedNumberDescription } from './sendFixedNumber';

export const smsOperation: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sms'] } },
		options: [
			{
				name: 'Estimate Brandname SMS Price',
				value: 'estimateBrandname',
				action: 'Estimate the price of a brandname SMS',
				description: 'Get the price eSMS would charge for a brandname SMS to one phone. Sends nothing.',
				routing: {
					request: { method: 'GET', url: '/MainService.svc/json/SummaryMultipleMessage_V4_get' },
					send: { paginate: true, preSend: [prepareBrandnameEstimate] },
					output: { postReceive: [outputBrandnameEstimate] },
				},
			},
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
				name: 'Send Brandname SMS',
				value: 'sendBrandname',
				action: 'Send a brandname SMS',
				description:
					"Send a customer-care or OTP SMS (SmsType 2) under the account's brandname to one phone, from one of its registered templates",
				routing: {
					request: { method: 'POST', url: '/MainService.svc/json/SendMultipleMessage_V4_post_json/' },
					send: { paginate: true, preSend: [prepareBrandnameSend] },
					output: { postReceive: [outputBrandnameSend] },
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
