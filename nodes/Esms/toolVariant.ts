import type { INodeProperties } from 'n8n-workflow';

/**
 * What the node looks like as "eSMS Tool", the variant n8n builds for AI agents and the MCP Server
 * Trigger (`usableAsTool`).
 *
 * n8n 2.41 builds that variant twice: for the editor at start-up (`createAiTools`, which applies
 * `usableAsTool.replacements`) and again for every run (`NodeTypes.getByNameAndVersion` →
 * `convertNodeToAiTool`, which does not read the replacements). Replacements therefore cannot change
 * a parameter's default: the editor would show one default and the run would use the other (and they
 * are typed to exclude `properties`). What both paths share is the node type's name, which ends in
 * "Tool" in the variant, and n8n's display option `@tool` tests exactly that
 * (n8n-workflow `getPropertyValues`; n8n's own HTTP Request and Google Calendar nodes use it). So the
 * tool-only fields below are shown with `@tool: [true]`, and the workflow-only ones get `@tool: [false]`.
 */

const TOOL = { '@tool': [true] };

// The text the model reads for each operation is its spec's `tool` (resources/<resource>/<operation>.ts);
// resources/index.ts derives TOOL_DESCRIPTIONS and the tool's Description fields from the registry. Not
// re-exported here: this module is loaded by the operations' own modules (descriptions.ts), before the registry.

/** What the model reads about each input of the tool's defaults (the `$fromAI` description). */
export const TOOL_INPUTS: Readonly<Record<string, string>> = {
	phone: 'The Vietnamese mobile number (the recipient, or whose code to check), as a string with its leading 0, e.g. "0901888484"',
	content: 'The text of the SMS, plain text',
	text: 'The text of the SMS: the text of one of the brandname templates, with only its variable parts filled in',
	smsId: 'The smsId (SMSID) that eSMS answered when the message was sent or the call was made, as a string',
	code: 'The one-time code the user received and typed, as a string exactly as given',
	phones: 'The Vietnamese phone numbers, as one string: each with its leading 0, separated by commas, e.g. "0901888484, 0912345678"',
	advertisingContent: 'The advertising text, plain text: it starts with [QC] and ends with how to refuse, e.g. "Tu choi: soan TC gui 8079"',
};

/**
 * Fields named like a tool input that the workflow sets instead, by resource: Send Code's text, with
 * `{OTP}` where the code goes, must be one of the brandname's templates, which a model cannot know.
 */
const SET_BY_WORKFLOW: Readonly<Record<string, readonly string[]>> = { otp: ['content'] };
const setByWorkflow = (p: INodeProperties) =>
	(p.displayOptions?.show?.resource as string[] | undefined)?.every((r) => SET_BY_WORKFLOW[r]?.includes(p.name)) === true;

/** The expression a tool field defaults to: the model gives the value, under `key`, described by TOOL_INPUTS. */
export const fromAi = (key: keyof typeof TOOL_INPUTS & string): string => `={{ $fromAI('${key}', '${TOOL_INPUTS[key]}', 'string') }}`;

/** The `$fromAI` the status tools default to, so that the ID is the tool's input with no setup. */
export const TOOL_SMS_ID_DEFAULT = fromAi('smsId');

/**
 * The send fields a model fills in (Phone, Content, and Brandname SMS's Text), each declared twice:
 * as it is for a workflow (`@tool: [false]`) and for the tool (`@tool: [true]`) with a `$fromAI()`
 * default, so that a new eSMS Tool asks the model for them with no setup and a described input.
 *
 * Why the same name twice, not a tool field of its own as `toolSmsId`: these fields were shipped to the
 * tool, and tools saved with a value of their own in `phone` (the README's `$fromAI('phone', …)`) must
 * keep it; n8n drops a hidden field's value. The cost: the engine evaluates a name once per declaration
 * (see withToolVariant), so a workflow's Phone and Content expressions are evaluated twice as often.
 */
export function withToolInputs(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((p): INodeProperties[] => {
		if (!(p.name in TOOL_INPUTS) || p.name === 'smsId' || p.type !== 'string' || setByWorkflow(p)) return [p];
		const show = (tool: boolean) => ({ ...p.displayOptions, show: { ...p.displayOptions?.show, '@tool': [tool] } });
		return [
			{ ...p, displayOptions: show(false) },
			{ ...p, default: fromAi(p.name), displayOptions: show(true), description: `${p.description ?? ''} By default the AI model fills it in.`.trim() },
		];
	});
}

/** The name of the tool's own SMSID field (see `withToolVariant`). */
export const TOOL_SMS_ID = 'toolSmsId';

/**
 * The Get Status ID fields for both variants. In a workflow nothing changes (the ID comes from the
 * input item's `smsId` field, or from "SMSID"). In the tool there is no input item, so the workflow's
 * three fields are hidden and one field of its own, `toolSmsId`, defaults to a `$fromAI()`: the ID
 * becomes the tool's input, named `smsId`.
 *
 * Why a field of its own and not a second declaration of `smsId` with another default: n8n's
 * RoutingNode evaluates a parameter once per declaration of its name, twice per item (its `runNode`
 * and `getBaseUrl` loops), whether the declaration is shown or not. Two `smsId` declarations cost a
 * workflow that maps SMSID with an expression 5 evaluations per item instead of 3 (`npm run bench`, W1).
 * A name declared once is evaluated only where it is set: `toolSmsId` is never set in a workflow.
 */
export function withToolVariant(messageIdFields: INodeProperties[]): INodeProperties[] {
	const notInTool = (p: INodeProperties): INodeProperties => ({
		...p,
		displayOptions: { ...p.displayOptions, show: { ...p.displayOptions?.show, '@tool': [false] } },
	});
	const smsId = messageIdFields.find((p) => p.name === 'smsId');
	if (!smsId) throw new Error('withToolVariant: the fields have no smsId');
	const toolSmsId: INodeProperties = {
		...smsId,
		name: TOOL_SMS_ID,
		default: TOOL_SMS_ID_DEFAULT,
		description: 'The SMSID that eSMS returned when the message was sent or the call was made. By default the AI model fills it in.',
		displayOptions: { show: { resource: smsId.displayOptions?.show?.resource, operation: smsId.displayOptions?.show?.operation, ...TOOL } },
	};
	return [...messageIdFields.map(notInTool), toolSmsId];
}
