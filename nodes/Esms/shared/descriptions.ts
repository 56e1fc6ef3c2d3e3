import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { invalidInput } from './errors';
import { cleanText } from './phone';
import { TOOL_SMS_ID } from '../toolVariant';

/** Field factories shared by the operations, and the reads they pair with. */

export function show(resource: string, operation: string) {
	return { show: { resource: [resource], operation: [operation] } };
}

const RESOURCES = ['sms', 'voiceCall', 'zaloMessage'];

/**
 * Fields shared by the three Get Status operations. Declared once, not once per resource: n8n's
 * routing engine evaluates a parameter once per property of that name, so three `smsId` properties
 * tripled the cost of an expression in it.
 */
const STATUS = { show: { resource: RESOURCES, operation: ['getStatus'] } };

/**
 * The ID of the message or call. By default it is read from a field of the input item (the `smsId`
 * that the send operation outputs), which costs no expression evaluation per item.
 */
export const messageIdDescription: INodeProperties[] = [
	{
		displayName: 'SMSID Source',
		name: 'smsIdSource',
		type: 'options',
		noDataExpression: true,
		displayOptions: STATUS,
		options: [
			{
				name: 'Enter Value',
				value: 'value',
				description: 'Type the SMSID, or map it with an expression',
			},
			{
				name: 'From Input Field',
				value: 'inputField',
				description: 'Read the SMSID from a field of each input item',
			},
		],
		default: 'inputField',
	},
	{
		displayName: 'SMSID Field',
		name: 'smsIdField',
		type: 'string',
		default: 'smsId',
		required: true,
		displayOptions: { show: { ...STATUS.show, smsIdSource: ['inputField'] } },
		description:
			'Name of the input field that holds the SMSID. The eSMS send operation outputs it as smsId. Use dots for nested fields, e.g. data.smsId.',
	},
	{
		displayName: 'SMSID',
		name: 'smsId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. d8e0f1f0702544b2acb456ca9ccfd111250',
		displayOptions: { show: { ...STATUS.show, smsIdSource: ['value'] } },
		description: 'The SMSID that eSMS returned when the message was sent or the call was made',
	},
];

export function maxConcurrentRequestsOption(defaultValue: number): INodeProperties {
	return {
		displayName: 'Max Concurrent Requests',
		name: 'maxConcurrentRequests',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: defaultValue,
		description:
			'Most requests this n8n process has open at once for this operation and credential. 0 means no cap.',
	};
}

export const statusOptionsDescription: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: STATUS,
	options: [
		maxConcurrentRequestsOption(50),
		{
			// SMS → Get Per-Number Results only
			displayName: 'Only These Numbers',
			name: 'onlyNumbers',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.sent }}',
			displayOptions: { show: { '/operation': ['getPerNumberResults'] } },
			description:
				'Keep only the results of these numbers: a list, or numbers separated by commas or line breaks. After Send Advertising SMS with Campaign From "All Items", map the input field "sent" here to give each row the result of its own number. Empty: every number of the message.',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 100,
			description:
				'Most requests per second this n8n process sends for this operation and credential. Without it: 100 for Zalo status (the limit eSMS documents), no limit otherwise. When eSMS answers 160 (too many requests), the node slows down by itself and speeds up again step by step, so several workflows or queue-mode workers share the account limit with no setting. 0 means no limit.',
		},
	],
};

export const simplifyDescription: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	displayOptions: { show: { resource: ['account', ...RESOURCES], operation: ['getBalance', 'getStatus', 'sendFixedNumber', 'makeCall', 'makeTextToSpeechCall', 'sendZns', 'sendZnsWithSmsFallback', 'sendBrandname', 'estimateBrandname'] } },
	description:
		"Whether to return a flat, documented object (camelCase names, numbers, a readable status) instead of eSMS's raw answer",
};

// the error policy lives in errors.ts; re-exported here for the modules that import it from here
export { invalidInput } from './errors';

export function readPath(json: IDataObject, path: string): unknown {
	if (path in json) return json[path];
	let value: unknown = json;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/**
 * The SMSID of a Get Status item: in the tool variant (a node type whose name ends in "Tool", n8n's own
 * test for the display option `@tool`) from `toolSmsId`; in a workflow from the input field or "SMSID".
 * Trimmed, invisible characters removed. Throws the node's input error when it is missing or empty.
 */
export function readMessageId(ctx: IExecuteSingleFunctions): string {
	const isTool = ctx.getNode().type.endsWith('Tool');
	const source = isTool ? 'tool' : (ctx.getNodeParameter('smsIdSource', 'inputField') as string);
	let value: unknown;
	if (source === 'tool') {
		value = ctx.getNodeParameter(TOOL_SMS_ID, '');
	} else if (source === 'inputField') {
		const field = String(ctx.getNodeParameter('smsIdField', 'smsId') ?? '').trim();
		value = readPath(ctx.getInputData().json, field);
		// null: the field is there, but the send before gave no SMSID (its error, or a campaign row whose numbers were left out)
		if (value === null)
			throw invalidInput(
				ctx,
				'SMSID',
				`the input item's "${field}" is null: no message was sent for it (the send before failed, or left this item's numbers out)`,
				`Check only the items that have an SMSID: put an If or Filter node ("${field}" is not empty) before this one.`,
			);
		if (value === undefined) {
			// a campaign of more than 5,000 numbers gives smsIds (one per request) next to smsId
			const other = ['smsId', 'smsIds'].find((name) => name !== field && ctx.getInputData().json[name] !== undefined);
			throw invalidInput(
				ctx,
				'SMSID',
				`the input item has no field "${field}"`,
				other === undefined
					? 'Set "SMSID Field" to the input field that holds the SMSID, or choose "Enter Value" under "SMSID Source".'
					: `Set "SMSID Field" to "${other}", which the input item has, or choose "Enter Value" under "SMSID Source".`,
			);
		}
	} else {
		value = ctx.getNodeParameter('smsId', '');
	}
	const id = typeof value === 'string' || typeof value === 'number' ? cleanText(String(value)) : '';
	if (id === '')
		throw invalidInput(
			ctx,
			'SMSID',
			typeof value === 'object' ? 'it is not text' : 'it is empty',
			'Pass the SMSID that eSMS returned when the message was sent.',
		);
	return id;
}

/** The request step of a status query that sends the SMSID as the query parameter `name`. */
export function idInQuery(name: 'RefId' | 'ReferenceId') {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		requestOptions.qs = { ...requestOptions.qs, [name]: readMessageId(this) };
		return requestOptions;
	};
}
