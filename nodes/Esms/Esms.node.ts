import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import { listSearch, resourceMapping } from './listSearch';
import { accountListFields, accountOperation } from './resources/account';
import { sendBrandnameDescription, sendFixedNumberDescription, smsOperation } from './resources/sms';
import { voiceCallDescription, voiceCallOperation } from './resources/voiceCall';
import {
	sendZnsDescription,
	sendZnsWithSmsFallbackDescription,
	sendZnsWithSmsFallbackOptions,
	zaloGetStatusDescription,
	zaloMessageOperation,
} from './resources/zaloMessage';
import { messageIdDescription, simplifyDescription, statusOptionsDescription } from './shared/descriptions';
import { API_BASE_URL } from './shared/hosts';
import { esmsApiTest } from './shared/credentialTest';
import { mergeSharedFields } from './shared/mergeFields';
import { phoneField } from './shared/send';
import { sendRequest, withPairedRefusals } from './shared/transport';
import { toolDescriptionProperties, withToolInputs, withToolVariant } from './toolVariant';

export class Esms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'eSMS',
		name: 'esms',
		icon: { light: 'file:../../icons/esms.svg', dark: 'file:../../icons/esms.dark.svg' },
		group: ['output'],
		version: 1,
		// evaluated by the editor only, never per item
		subtitle:
			'={{ ({ "sms:sendFixedNumber": "Send Fixed-Number SMS", "sms:sendBrandname": "Send Brandname SMS", "sms:estimateBrandname": "Estimate Brandname SMS Price", "sms:getStatus": "Get SMS Status", "zaloMessage:sendZns": "Send ZNS", "zaloMessage:sendZnsWithSmsFallback": "Send ZNS with SMS Fallback", "zaloMessage:getStatus": "Get Zalo Status", "voiceCall:makeCall": "Make Call", "voiceCall:makeTextToSpeechCall": "Make Text-to-Speech Call", "voiceCall:getStatus": "Get Call Status", "account:getBalance": "Get Balance", "account:getBrandnames": "Get Brandnames", "account:getZaloOas": "Get Zalo OAs", "account:getSmsTemplates": "Get SMS Templates", "account:getZnsTemplates": "Get ZNS Templates", "account:getZnsTemplate": "Get ZNS Template" })[$parameter["resource"] + ":" + $parameter["operation"]] ?? "" }}',
		description: 'Send SMS, Zalo ZNS and voice calls with eSMS.vn (ViHAT), check their status, and read templates and the balance',
		defaults: { name: 'eSMS' },
		// No `replacements`: n8n applies them to the editor's copy of the tool only, never to the one it
		// runs (see toolVariant.ts). The tool's own fields are shown with the display option `@tool`.
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
		// one declaration per parameter name where exact (shared/mergeFields.ts); refusals before a request stay paired
		// withToolInputs: the tool's Phone and Content ask the model (toolVariant.ts)
		properties: withPairedRefusals(
			withToolInputs(mergeSharedFields([
			...toolDescriptionProperties,
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
			...withToolVariant(messageIdDescription),
			...zaloGetStatusDescription,
			// one declaration for every send: the engine evaluates a parameter once per declaration
			phoneField({
				show: {
					resource: ['sms', 'voiceCall', 'zaloMessage'],
					operation: ['sendFixedNumber', 'makeCall', 'makeTextToSpeechCall', 'sendZns', 'sendZnsWithSmsFallback'],
				},
			}),
			...voiceCallDescription,
			statusOptionsDescription,
			// the ZNS sends before the brandname send: fields they share sit where first declared
			...sendZnsDescription,
			// declares Content, also Send Fixed-Number SMS's; Send Brandname SMS's fields declare Unicode for all three
			...sendZnsWithSmsFallbackDescription,
			...sendBrandnameDescription,
			...sendZnsWithSmsFallbackOptions,
			...sendFixedNumberDescription,
			// after the sends, whose Brandname field it shares: a shared field sits where first declared
			...accountListFields,
			// last on every form, as on Send Brandname SMS
			simplifyDescription,
			])),
		),
	};

	methods = { listSearch, resourceMapping, credentialTest: { esmsApiTest } };
}
