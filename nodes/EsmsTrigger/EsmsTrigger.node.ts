import { timingSafeEqual } from 'crypto';
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { parseReport } from '../Esms/shared/callbacks';

/** How many report keys "Drop Duplicates" remembers per trigger node. */
const REMEMBERED = 2000;

interface TriggerOptions {
	dropDuplicates?: boolean;
	secretToken?: string;
}

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * eSMS appends its fields to the Callback URL. If that URL already carried "?token=…", the result may
 * hold a second "?", and the token then swallows the rest: split it back out.
 */
function normaliseQuery(query: IDataObject): IDataObject {
	const out: IDataObject = { ...query };
	for (const [k, v] of Object.entries(query)) {
		if (typeof v !== 'string' || !v.includes('?')) continue;
		const [head, rest] = [v.slice(0, v.indexOf('?')), v.slice(v.indexOf('?') + 1)];
		out[k] = head;
		for (const [rk, rv] of new URLSearchParams(rest)) out[rk] ??= rv;
	}
	return out;
}

export class EsmsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'eSMS Trigger',
		name: 'esmsTrigger',
		icon: { light: 'file:../../icons/esms.svg', dark: 'file:../../icons/esms.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Delivery reports',
		description: 'Starts the workflow when eSMS reports the final status of an SMS, Zalo, Viber message or voice call',
		defaults: { name: 'eSMS Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: 'esms-report',
			},
		],
		properties: [
			{
				displayName:
					'Put this trigger\'s Production URL in the send\'s "Callback URL" option (add ?token=YOUR_TOKEN if you set a Secret Token below). eSMS calls it when a message or call reaches its final status.',
				name: 'usageNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Message Types',
				name: 'messageTypes',
				type: 'multiOptions',
				options: [
					{ name: 'SMS', value: 'sms' },
					{ name: 'Viber', value: 'viber' },
					{ name: 'Voice Call', value: 'voice' },
					{ name: 'Zalo', value: 'zalo' },
				],
				default: ['sms', 'viber', 'voice', 'zalo'],
				description: 'Which reports start the workflow; the others are acknowledged and dropped',
			},
			{
				displayName: 'Only Final Statuses',
				name: 'onlyFinal',
				type: 'boolean',
				default: true,
				description: 'Whether to drop reports whose status can still change',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Drop Duplicates',
						name: 'dropDuplicates',
						type: 'boolean',
						default: false,
						description:
							'Whether to drop a report identical to one already received (eSMS retries callbacks). Remembers the last 2,000 reports in the workflow\'s static data, which n8n saves after each call.',
					},
					{
						displayName: 'Secret Token',
						name: 'secretToken',
						type: 'string',
						typeOptions: { password: true },
						default: '',
						description:
							'If set, only calls whose URL carries ?token= followed by this value start the workflow; others get HTTP 403. eSMS does not sign its callbacks, so this is what tells them apart from forged calls.',
					},
				],
			},
		],
	};

	/**
	 * eSMS has no API to register a webhook: the callback URL travels with each send (its Callback URL
	 * option). There is nothing to check, create or delete on eSMS's side.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const query = normaliseQuery(this.getRequestObject().query as IDataObject);

		const expected = String(options.secretToken ?? '');
		if (expected !== '' && !sameSecret(String(query.token ?? ''), expected)) {
			this.getResponseObject().status(403).send('Forbidden');
			return { noWebhookResponse: true };
		}

		const report = parseReport(query);
		const acknowledge: IWebhookResponseData = { webhookResponse: 'OK' };
		if (!report) return acknowledge;
		const types = this.getNodeParameter('messageTypes', []) as string[];
		if (!types.includes(report.type)) return acknowledge;
		if ((this.getNodeParameter('onlyFinal', true) as boolean) && report.output.isFinal !== true) return acknowledge;

		if (options.dropDuplicates) {
			const data = this.getWorkflowStaticData('node');
			const seen = Array.isArray(data.esmsReports) ? (data.esmsReports as string[]) : [];
			if (seen.includes(report.key)) return acknowledge;
			data.esmsReports = [...seen.slice(-(REMEMBERED - 1)), report.key];
		}
		return { workflowData: [[{ json: report.output }]] };
	}
}
