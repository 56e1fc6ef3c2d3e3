import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationSpec, Resource, SharedInput } from '../shared/operation';
import { requestHook, requestStep } from '../shared/transport';
import { getBalance } from './account/getBalance';
import { getBrandnames } from './account/getBrandnames';
import { getSmsTemplates } from './account/getSmsTemplates';
import { getZaloOaQuota } from './account/getZaloOaQuota';
import { getZaloOas } from './account/getZaloOas';
import { getZnsTemplate } from './account/getZnsTemplate';
import { getZnsTemplates } from './account/getZnsTemplates';
import { estimateAdvertising } from './sms/estimateAdvertising';
import { estimateBrandname } from './sms/estimateBrandname';
import { sendCode } from './otp/sendCode';
import { verifyCode } from './otp/verifyCode';
import { getPerNumberResults } from './sms/getPerNumberResults';
import { getSmsStatus } from './sms/getStatus';
import { sendAdvertising } from './sms/sendAdvertising';
import { sendBrandname } from './sms/sendBrandname';
import { sendFixedNumber } from './sms/sendFixedNumber';
import { getCallStatus } from './voiceCall/getStatus';
import { makeCall } from './voiceCall/makeCall';
import { makeTextToSpeechCall } from './voiceCall/makeTextToSpeechCall';
import { sendViber } from './viberMessage/send';
import { getZaloStatus } from './zaloMessage/getStatus';
import { sendZns } from './zaloMessage/sendZns';
import { sendZnsWithSmsFallback } from './zaloMessage/sendZnsWithSmsFallback';

/**
 * Every operation of the node, one line each. Everything else is derived from this list: the
 * Operation options and their routing, the canvas subtitle, the display lists of shared fields, the
 * AI tool's descriptions, the transport's policy, and the tests' lists.
 * Order: the fields of an operation declared first come first where two operations share them.
 */
export const OPERATIONS: readonly OperationSpec[] = [
	getZaloStatus,
	makeCall,
	makeTextToSpeechCall,
	getSmsStatus,
	getCallStatus,
	sendZns,
	sendZnsWithSmsFallback,
	sendBrandname,
	estimateBrandname,
	sendFixedNumber,
	getBalance,
	getBrandnames,
	getSmsTemplates,
	getZaloOas,
	getZaloOaQuota,
	getZnsTemplates,
	getZnsTemplate,
	sendCode,
	verifyCode,
	getPerNumberResults,
	sendViber,
	sendAdvertising,
	estimateAdvertising,
];

/** What the AI model reads about each operation as a tool (the specs' `tool`), by resource and operation. */
export const TOOL_DESCRIPTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = OPERATIONS.reduce<Record<string, Record<string, string>>>(
	(all, spec) => ({ ...all, [spec.resource]: { ...all[spec.resource], [spec.value]: spec.tool } }),
	{},
);

/** The resources, in the Resource list, with the operation each starts on (both permanent: saved workflows omit defaults). */
export const RESOURCES: ReadonlyArray<{ value: Resource; name: string; defaultOperation: string }> = [
	{ value: 'account', name: 'Account', defaultOperation: 'getBalance' },
	{ value: 'sms', name: 'SMS', defaultOperation: 'sendFixedNumber' },
	{ value: 'voiceCall', name: 'Voice Call', defaultOperation: 'getStatus' },
	{ value: 'zaloMessage', name: 'Zalo Message', defaultOperation: 'getStatus' },
	{ value: 'otp', name: 'OTP', defaultOperation: 'sendCode' },
	{ value: 'viberMessage', name: 'Viber Message', defaultOperation: 'send' },
];

const unique = (values: string[]) => [...new Set(values)];

/**
 * `displayOptions` that show a field for these operations. One `show` of resources × operations:
 * where that names a pair that is not an operation, no field shows, so it is exact.
 */
export function shownFor(specs: readonly OperationSpec[]): IDisplayOptions {
	// in the Resource list's order (then the registry's), so that the lists read the same whatever the registry's order
	const rank = (spec: OperationSpec) => RESOURCES.findIndex((r) => r.value === spec.resource);
	const sorted = [...specs].sort((a, b) => rank(a) - rank(b));
	return { show: { resource: unique(sorted.map((s) => s.resource)), operation: unique(sorted.map((s) => s.value)) } };
}

/** The operations that use a shared input (operation.ts, SharedInput). */
export const using = (input: SharedInput) => OPERATIONS.filter((s) => s.inputs?.includes(input));

/** The Operation option of a spec, with its routing: request step, request hook, output step. */
function operationOption(spec: OperationSpec): INodePropertyOptions {
	return {
		name: spec.name,
		value: spec.value,
		action: spec.action,
		description: spec.description,
		routing: {
			request: spec.request,
			send: { paginate: true, ...(spec.prepare && { preSend: [requestStep(spec.prepare, spec.kind)] }) },
			// n8n's pagination hook, used as the request hook (transport.ts, requestHook): `paginate` above calls it
			operations: { pagination: requestHook({ key: `${spec.resource}:${spec.value}`, kind: spec.kind, limits: spec.limits, atSend: spec.atSend, oncePerRun: spec.oncePerRun }) },
			output: { postReceive: [spec.output] },
		},
	};
}

/** One Operation property per resource, options sorted by name (n8n's linters want them so). */
export function operationProperties(): INodeProperties[] {
	return RESOURCES.map(({ value, defaultOperation }) => ({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [value] } },
		options: OPERATIONS.filter((s) => s.resource === value)
			.map(operationOption)
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: defaultOperation,
	}));
}

export function resourceProperty(): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		// sorted by name, as n8n's linters want; RESOURCES keeps the order operations share fields in
		options: RESOURCES.map(({ name, value }) => ({ name, value })).sort((a, b) => a.name.localeCompare(b.name)),
		default: 'sms',
	};
}

/** The canvas subtitle: evaluated by the editor only, never per item. */
export function subtitle(): string {
	const names = Object.fromEntries(OPERATIONS.map((s) => [`${s.resource}:${s.value}`, s.subtitle ?? s.name]));
	return `={{ (${JSON.stringify(names)})[$parameter["resource"] + ":" + $parameter["operation"]] ?? "" }}`;
}

/**
 * The tool's "Description" field, one per operation, pre-filled with the spec's `tool` text and shown
 * only in the tool variant (`@tool`, toolVariant.ts). n8n adds its own "Tool Description" (auto:
 * "<action> in eSMS") only when the node has no `toolDescription` property (n8n `convertNodeToAiTool`),
 * and an auto text cannot say what a model needs.
 */
export function toolDescriptionProperties(): INodeProperties[] {
	return OPERATIONS.map(
		({ resource, value, tool }): INodeProperties => ({
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string',
			default: tool,
			required: true,
			typeOptions: { rows: 4 },
			displayOptions: { show: { '@tool': [true], resource: [resource], operation: [value] } },
			description: 'What the AI model reads about this tool: when to use it, its inputs, and its answer',
		}),
	);
}
