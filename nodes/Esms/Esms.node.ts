import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { listSearch, resourceMapping } from './listSearch';
import {
	OPERATIONS,
	operationProperties,
	resourceProperty,
	shownFor,
	subtitle,
	toolDescriptionProperties,
	using,
} from './resources';
import { messageIdDescription, simplifyDescription, statusOptionsDescription } from './shared/descriptions';
import { API_BASE_URL } from './shared/hosts';
import { esmsApiTest } from './shared/credentialTest';
import { mergeSharedFields } from './shared/mergeFields';
import { phoneField } from './shared/send';
import { requestHook } from './shared/transport';
import { withToolInputs, withToolVariant } from './toolVariant';

/** A field declared for a fixed set of operations, shown instead for `specs` (its other conditions kept). */
function reshow(field: INodeProperties, specs: Parameters<typeof shownFor>[0]): INodeProperties {
	return { ...field, displayOptions: { ...field.displayOptions, show: { ...field.displayOptions?.show, ...shownFor(specs).show } } };
}

export class Esms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'eSMS',
		name: 'esms',
		icon: { light: 'file:../../icons/esms.svg', dark: 'file:../../icons/esms.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: subtitle(),
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
		// every operation has its own request hook (resources/index.ts, from its kind); this one, a send's
		// (the safe policy: asked again only with a Request ID), would serve an operation without one
		requestOperations: { pagination: requestHook({ key: 'esms', kind: 'send' }) },
		// one declaration per parameter name where exact (shared/mergeFields.ts); in each operation: the
		// shared inputs, its own fields, the status options, Simplify. withToolInputs: the tool's Phone and
		// Content ask the model (toolVariant.ts)
		properties: withToolInputs(
			mergeSharedFields([
				...toolDescriptionProperties(),
				resourceProperty(),
				...operationProperties(),
				...withToolVariant(messageIdDescription.map((p) => reshow(p, using('messageId')))),
				// one declaration for every send: the engine evaluates a parameter once per declaration
				phoneField(shownFor(using('phone'))),
				// the operations' own fields, in the registry's order: a field shared by several sits where first declared
				...OPERATIONS.flatMap((spec) => spec.fields ?? []),
				...OPERATIONS.flatMap((spec) => spec.trailingFields ?? []),
				reshow(statusOptionsDescription, using('messageId')),
				// last on every form
				reshow(simplifyDescription, OPERATIONS.filter((spec) => spec.simplify)),
			]),
		),
	};

	methods = { listSearch, resourceMapping, credentialTest: { esmsApiTest } };
}
