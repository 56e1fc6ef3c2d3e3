import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { accountOperation } from './resources/account';
import { sendFixedNumberDescription, smsOperation } from './resources/sms';
import { voiceCallOperation } from './resources/voiceCall';
import { zaloGetStatusDescription, zaloMessageOperation } from './resources/zaloMessage';
import { messageIdDescription, simplifyDescription, statusOptionsDescription } from './shared/descriptions';
import { API_BASE_URL } from './shared/hosts';
import { esmsApiTest } from './shared/credentialTest';
import { sendRequest, withPairedRefusals } from './shared/transport';

export class Esms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'eSMS',
		name: 'esms',
		icon: { light: 'file:../../icons/esms.svg', dark: 'file:../../icons/esms.dark.svg' },
		group: ['output'],
		version: 1,
		// evaluated by the editor only, never per item
		subtitle:
			'={{ ({ "sms:sendFixedNumber": "Send Fixed-Number SMS", "sms:getStatus": "Get SMS Status", "zaloMessage:getStatus": "Get Zalo Status", "voiceCall:getStatus": "Get Call Status", "account:getBalance": "Get Balance" })[$parameter["resource"] + ":" + $parameter["operation"]] ?? "" }}',
		description: 'Send SMS, check SMS, Zalo ZNS and voice-call status, and read the balance with eSMS.vn (ViHAT)',
		defaults: { name: 'eSMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'esmsApi', required: true, testedBy: 'esmsApiTest' }],
		requestDefaults: {
			baseURL: API_BASE_URL,
			// eSMS reports failures in the body; HTTP errors are explained by the same policy
			ignoreHttpStatusErrors: true,
		},
		requestOperations: { pagination: sendRequest },
		properties: withPairedRefusals([
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'SMS', value: 'sms' },
					{ name: 'Voice Call', value: 'voiceCall' },
					{ name: 'Zalo Message', value: 'zaloMessage' },
				],
				default: 'sms',
			},
			accountOperation,
			smsOperation,
			voiceCallOperation,
			zaloMessageOperation,
			...messageIdDescription,
			...zaloGetStatusDescription,
			...sendFixedNumberDescription,
			statusOptionsDescription,
			simplifyDescription,
		]),
	};

	methods = { credentialTest: { esmsApiTest } };
}
