import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

/** Field factories shared by the operations, and the reads they pair with. */

export function show(resource: string, operation: string) {
	return { show: { resource: [resource], operation: [operation] } };
}

export function simplifyField(resource: string, operation: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: show(resource, operation),
		description:
			"Whether to return a flat, documented object (camelCase names, numbers, a readable status) instead of eSMS's raw answer",
	};
}

export function requestsPerSecondOption(): INodeProperties {
	return {
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 100,
		description:
			'Most requests per second this n8n process sends for this operation and credential. eSMS allows 100 per second for Zalo status; lower it when several workflows or queue-mode workers share the account.',
	};
}

/**
 * The message ID of a status query. By default it is read from a field of the input item (the
 * `smsId` that the send operation outputs), which costs no expression per item.
 */
export function messageIdFields(resource: string, operation: string, what: string): INodeProperties[] {
	const displayOptions = show(resource, operation);
	return [
		{
			displayName: `${what} ID Source`,
			name: 'smsIdSource',
			type: 'options',
			noDataExpression: true,
			displayOptions,
			options: [
				{
					name: 'Enter Value',
					value: 'value',
					description: 'Type the ID, or map it with an expression',
				},
				{
					name: 'From Input Field',
					value: 'inputField',
					description: 'Read the ID from a field of each input item',
				},
			],
			default: 'inputField',
		},
		{
			displayName: `${what} ID Field`,
			name: 'smsIdField',
			type: 'string',
			default: 'smsId',
			required: true,
			displayOptions: { show: { ...displayOptions.show, smsIdSource: ['inputField'] } },
			description:
				'Name of the input field that holds the SMSID. The eSMS send operation outputs it as smsId. Use dots for nested fields, e.g. data.smsId.',
		},
		{
			displayName: `${what} ID`,
			name: 'smsId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. d8e0f1f0702544b2acb456ca9ccfd111250',
			displayOptions: { show: { ...displayOptions.show, smsIdSource: ['value'] } },
			description: 'The SMSID that eSMS returned when the message was sent',
		},
	];
}

export function invalidInput(
	ctx: IExecuteSingleFunctions,
	field: string,
	problem: string,
	fix: string,
): NodeOperationError {
	const itemIndex = ctx.getItemIndex();
	return new NodeOperationError(ctx.getNode(), `Invalid ${field} in item ${itemIndex + 1}: ${problem}`, {
		itemIndex,
		description: fix,
	});
}

function readPath(json: IDataObject, path: string): unknown {
	if (path in json) return json[path];
	let value: unknown = json;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

export function readMessageId(ctx: IExecuteSingleFunctions, what: string): string {
	const source = ctx.getNodeParameter('smsIdSource', 'inputField') as string;
	let value: unknown;
	if (source === 'inputField') {
		const field = String(ctx.getNodeParameter('smsIdField', 'smsId') ?? '').trim();
		value = readPath(ctx.getInputData().json, field);
		if (value === undefined || value === null)
			throw invalidInput(
				ctx,
				`${what} ID`,
				`the input item has no field "${field}"`,
				`Set "${what} ID Field" to the input field that holds the SMSID, or choose "Enter Value" under "${what} ID Source".`,
			);
	} else {
		value = ctx.getNodeParameter('smsId', '');
	}
	const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (id === '')
		throw invalidInput(
			ctx,
			`${what} ID`,
			typeof value === 'object' ? 'it is not text' : 'it is empty',
			'Pass the SMSID that eSMS returned when the message was sent.',
		);
	return id;
}
