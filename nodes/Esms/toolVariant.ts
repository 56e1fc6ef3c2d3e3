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

/**
 * What the tool descriptions say about the inputs. They name no input: the names are the tool's schema,
 * which n8n builds from the `$fromAI()` keys, and those are `phone`, `content`, `text` and `smsId` by
 * default ({@link TOOL_INPUTS}) but `Phone`, `Content`… when a user presses the editor's "Let the model
 * define this parameter" button (the key is the field's display name). A description that said
 * "phone" then sent models to a key that does not exist (`Invalid "Phone": it is empty`).
 */
const PHONE =
	'Give the phone number as a string with its leading 0, e.g. "0901888484" ("84901888484" and "+84 90 188 84 84" work too); a number such as 901888484 is refused. ';
const REPEAT =
	'Calling again with the same input within 10 minutes does not send it again (e.g. a retry, or the same call twice at once): that answer has alreadyAccepted true (and smsId null when it is not known), and the first call sent it once. ';
const FAILURE =
	'On failure the answer is an error text: the eSMS error code, what happened, and what to do next (wait and call again, ask the user for another number, or stop and tell the user).';

/** The text the model reads for each operation. It names outputs (smsId…) but no input: see PHONE above. */
export const TOOL_DESCRIPTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
	sms: {
		sendFixedNumber:
			'Send one SMS from an eSMS fixed number to one Vietnamese mobile number. ' +
			PHONE +
			'The text is plain text; a part holds 160 characters, longer texts are split and billed per part; Vietnamese letters are sent without diacritics. ' +
			'The answer is a JSON array with one object: smsId (keep it to check delivery), alreadyAccepted, phone, segments. ' +
			REPEAT +
			'Delivery can be checked a few seconds after sending, not at once. ' +
			FAILURE,
		sendBrandname:
			"Send one customer-care or OTP SMS under the account's registered brandname to one Vietnamese mobile number. " +
			PHONE +
			'The workflow sets the brandname and the template; when the tool asks for the text, it must be the text of one of the brandname templates with only its variable parts filled in (a text that matches none is refused before sending, naming the closest template). ' +
			'The answer is a JSON array with one object: smsId (keep it to check delivery with the SMS status tool), alreadyAccepted, phone, content, segments. ' +
			REPEAT +
			FAILURE,
		estimateBrandname:
			'Get the price of a brandname SMS to one Vietnamese mobile number without sending it. ' +
			PHONE +
			'The answer is a JSON array with one object: totalPrice (VND), receiverCount. ' +
			FAILURE,
		getStatus:
			'Get the delivery status of one SMS sent with eSMS in the last 7 days. ' +
			'Give the smsId string that the send tool answered. ' +
			'Ask 5 seconds after the send at the earliest: sooner, eSMS answers error 105 (not found); then wait a few seconds and ask again. ' +
			'The answer is a JSON array with one object: status, isFinal (false: ask again later), result ("pending", "success", "failed", "partiallyFailed" or "rejected"), successCount, failedCount, totalPrice (VND). ' +
			FAILURE,
	},
	zaloMessage: {
		sendZns:
			"Send one Zalo ZNS message from the account's Zalo Official Account, with the template the workflow set, to one Vietnamese mobile number that has Zalo. " +
			PHONE +
			'The answer is a JSON array with one object: smsId (keep it to check delivery), alreadyAccepted, phone. ' +
			REPEAT +
			'Delivery can be checked a few seconds after sending with the Zalo status tool. ' +
			FAILURE,
		sendZnsWithSmsFallback:
			'Send one Zalo ZNS message to one Vietnamese mobile number, and an SMS under the brandname instead when Zalo cannot deliver it. ' +
			PHONE +
			'The SMS text must match one of the brandname templates. ' +
			'The answer is a JSON array with one object: smsId (keep it to check delivery), alreadyAccepted, phone. ' +
			REPEAT +
			'Ask the Zalo status tool later: its answer says which channel delivered (deliveredBy "zalo" or "sms"). ' +
			FAILURE,
		getStatus:
			'Get the delivery status of one Zalo ZNS message sent with eSMS. ' +
			'Give the smsId string that the send tool answered. ' +
			'Ask a few seconds after the send at the earliest: sooner, eSMS answers error 105 (not found); then wait and ask again. ' +
			'The answer is a JSON array with one object: status, isFinal (false: ask again later), result ("pending", "success" or "failed"), errorInfoLabel (why Zalo did not deliver), totalPrice (VND). ' +
			FAILURE,
	},
	voiceCall: {
		makeCall:
			'Call one Vietnamese phone number and play the recording the workflow set. ' +
			PHONE +
			'The answer is a JSON array with one object: smsId (the call ID; keep it to check the result), alreadyAccepted, phone. ' +
			REPEAT.replace('does not send it again', 'does not call again') +
			'Ask the voice call status tool a few seconds later for the result (answered or not). ' +
			FAILURE,
		makeTextToSpeechCall:
			'Call one Vietnamese phone number and read the call template the workflow set, with its variables filled in. ' +
			PHONE +
			'The answer is a JSON array with one object: smsId (the call ID; keep it to check the result), alreadyAccepted, phone. ' +
			REPEAT.replace('does not send it again', 'does not call again') +
			'Ask the voice call status tool a few seconds later for the result (answered or not). ' +
			FAILURE,
		getStatus:
			'Get the result of one voice call made with eSMS. ' +
			'Give the smsId string (the call ID) that the call tool answered. ' +
			'Ask a few seconds after the call was made at the earliest: sooner, eSMS answers error 105 (not found); then wait and ask again. ' +
			'The answer is a JSON array with one object: status, isFinal (false: ask again later), result ("pending", "answered", "notAnswered" or "failed"), durationSeconds, ivrKey (the key the person pressed, or null). ' +
			FAILURE,
	},
	account: {
		getBalance:
			'Get the balance of the eSMS account. Takes no input. ' +
			'The answer is a JSON array with one object: balance (a number, in VND), currency ("VND"), userId.',
		getBrandnames: 'List the brandnames registered to the eSMS account. Takes no input. The answer is a JSON array, one object per brandname.',
		getZaloOas: 'List the Zalo Official Accounts (OAs) connected to the eSMS account. Takes no input. The answer is a JSON array, one object per OA.',
		getSmsTemplates:
			'List the customer-care SMS templates registered for the brandname the workflow set. Takes no input. The answer is a JSON array, one object per template, with its text and its {P1,20} placeholders.',
		getZnsTemplates: 'List the Zalo ZNS templates of the Zalo OA the workflow set. Takes no input. The answer is a JSON array, one object per template.',
		getZnsTemplate: 'Get the details of the Zalo ZNS template the workflow set: its parameters, which are required, and their length limits. Takes no input.',
	},
};

/**
 * The "Description" field of the tool, one per operation, pre-filled with `TOOL_DESCRIPTIONS`. n8n adds
 * its own "Tool Description" (auto: "<action> in eSMS") only when the node has no `toolDescription`
 * property (n8n `convertNodeToAiTool`), and an auto text cannot say what a model needs.
 */
export const toolDescriptionProperties: INodeProperties[] = Object.entries(TOOL_DESCRIPTIONS).flatMap(
	([resource, operations]) =>
		Object.entries(operations).map(
			([operation, text]): INodeProperties => ({
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				default: text,
				required: true,
				typeOptions: { rows: 4 },
				displayOptions: { show: { ...TOOL, resource: [resource], operation: [operation] } },
				description: 'What the AI model reads about this tool: when to use it, its inputs, and its answer',
			}),
		),
);

/** What the model reads about each input of the tool's defaults (the `$fromAI` description). */
export const TOOL_INPUTS: Readonly<Record<string, string>> = {
	phone: 'The Vietnamese phone number to send to, as a string with its leading 0, e.g. "0901888484"',
	content: 'The text of the SMS, plain text',
	text: 'The text of the SMS: the text of one of the brandname templates, with only its variable parts filled in',
	smsId: 'The smsId (SMSID) that eSMS answered when the message was sent or the call was made, as a string',
};

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
		if (!(p.name in TOOL_INPUTS) || p.name === 'smsId' || p.type !== 'string') return [p];
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
