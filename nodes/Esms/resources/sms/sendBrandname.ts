/**
 * SMS → Send Brandname SMS and SMS → Estimate Brandname SMS Price: a customer-care (CSKH, OTP) SMS
 * sent under the account's registered brandname, whose text must be one of the brandname's registered
 * templates with its `{Pn,max}` parts filled in.
 *
 * Send: `POST /MainService.svc/json/SendMultipleMessage_V4_post_json/`, which eSMS recommends
 * (devesms/gitbook_esms_for_develop_v2 esms-api/ham-gui-tin/tin-nhan-sms-otp-cskh.md). Body:
 * { Phone, Content, Brandname, SmsType: "2", IsUnicode: "0" | "1", RequestId?, SendDate?
 * (yyyy-MM-dd HH:mm:ss, Vietnam time), CallbackUrl?, Sandbox?: "1" } plus the keys, which the
 * credential adds to the body of a POST.
 *
 * Estimate: `GET /MainService.svc/json/SummaryMultipleMessage_V4_get?Phone&Content&Brandname&SmsType=2
 * &IsUnicode` (esms-api/ham-truy-xuat-va-dang-ky/ham-tam-tinh-gia-tin-nhan-cskh.md), which sends,
 * stores and charges nothing: { CodeResult: "100", TotalPrice: 850, TotalReceiver: 1 }.
 *
 * Before either request, the text is checked against the brandname's templates (GetTemplate/, read
 * once per node run, see shared/lists.ts fetchListOncePerRun), for the network the phone's prefix
 * belongs to, so that a mismatch fails the item with the closest template instead of eSMS's 146.
 *
 * Output of the send (Simplify on): the fixed-number send's fields (shared/send.ts outputSend) and
 * `brandname`, `templateId` — so SMS → Get Status reads its `smsId` with no setup.
 */
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { brandnameField, smsTemplateField, smsTemplateParamsField } from '../../listSearch';
import { BRANDNAME_FIX } from '../../listSearch/brandnames';
import { requiredPick } from '../../listSearch/common';
import { checkBrandnameContent, smsContentFromTemplate } from '../../listSearch/templateParams';
import { show } from '../../shared/descriptions';
import { explainResponse, failureError, successBody } from '../../shared/errors';
import type { EsmsSmsTemplate } from '../../shared/listTypes';
import { networkName } from '../../shared/templates';
import {
	outputSend,
	phoneField,
	prepareSendInput,
	readPhone,
	rememberSend,
	sendOptionsField,
	sendQuery,
	textFields,
	textSummary,
} from '../../shared/send';
import type { PreparedSend, SendOptions } from '../../shared/send';
import { defineOperation } from '../../shared/operation';
import { FAILURE, PHONE, REPEAT } from '../../shared/toolTexts';
import type { EsmsCodeFields, EsmsSendResponse } from '../../shared/types';

const SEND = show('sms', 'sendBrandname');
const ESTIMATE = show('sms', 'estimateBrandname');
const BOTH = { show: { resource: ['sms'], operation: ['sendBrandname', 'estimateBrandname'] } };

/** How the text is checked against the brandname's templates before a request (option `templateCheck`). */
type TemplateCheck = 'network' | 'anyNetwork' | 'off';

const templateCheckOption: INodeProperties = {
	displayName: 'Template Check',
	name: 'templateCheck',
	type: 'options',
	default: 'network',
	options: [
		{
			name: 'For Any Network',
			value: 'anyNetwork',
			description: 'The text must match a template of any network. For numbers moved to another network, which keep their old prefix.',
		},
		{
			name: "For the Phone's Network",
			value: 'network',
			description: "The text must match a template registered for the network of the phone's prefix (templates can differ by network)",
		},
		{ name: 'Off', value: 'off', description: 'Send without checking: eSMS refuses a text that matches no template (error 146)' },
	],
	description:
		"How the text is checked against the brandname's registered templates before anything is sent. A mismatch fails the item and shows the closest template.",
};

/** The free text's parameter; read by the shared send path as its Content (see withParameters). */
const TEXT = 'text';

/** Remove Diacritics, as the send's Options show it (so both operations read it the same way). */
const removeDiacriticsOption = (sendOptionsField(SEND, { maxConcurrentRequests: 0, text: true }).options as INodeProperties[]).find(
	(o) => o.name === 'removeDiacritics',
)!;

/**
 * How a customer-care text is given: Content Source, then the template picker and the template's
 * parameters, or the text. Send Brandname SMS and the fallback of Send ZNS with SMS Fallback use these
 * (one path: prepareBrandnameText). `shown`: the operations; `textName`: the text's parameter;
 * `defaultSource`: 'text' for the fallback, whose saved workflows have only a text.
 */
export function brandnameTextFields(
	shown: { resource: string[]; operation: string[] },
	{ textName, defaultSource, what }: { textName: string; defaultSource: 'template' | 'text'; what: string },
): INodeProperties[] {
	const byTemplate = { show: { ...shown, contentSource: ['template'] } };
	const byText = { show: { ...shown, contentSource: ['text'] } };
	const [content] = textFields(byText);
	const template = smsTemplateField(byTemplate);
	const params = smsTemplateParamsField(byTemplate);
	return [
		{
			displayName: 'Content Source',
			name: 'contentSource',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: shown },
			options: [
				{
					name: 'Template',
					value: 'template',
					description: `Pick one of the brandname's registered templates for ${what} and fill in its variable parts`,
				},
				{
					name: 'Text',
					value: 'text',
					description: `Type or map the whole text of ${what}; it must match one of the brandname's templates`,
				},
			],
			default: defaultSource,
		},
		// worded for each send, so that each keeps its place in its form (shared/mergeFields.ts merges equal declarations)
		{ ...template, description: `${String(template.description)}, for ${what}` },
		{ ...params, description: `${String(params.description)}, for ${what}` },
		{
			...content,
			name: textName,
			description: `The exact text of ${what}: one of the brandname's registered templates, with each {Pn,max} replaced by 1 to max characters. Account → Get SMS Templates lists them.`,
		},
	];
}

export const sendBrandnameDescription: INodeProperties[] = [
	phoneField(BOTH),
	brandnameField(BOTH),
	// "text", not "content": the fixed-number send declares that one, and the engine evaluates each declaration
	...brandnameTextFields(BOTH.show, { textName: TEXT, defaultSource: 'template', what: 'the SMS' }),
	// one declaration for every text send, after the text of each (Esms.node.ts declares the others' Options after it)
	textFields({ show: { resource: ['sms', 'zaloMessage'], operation: ['sendFixedNumber', 'sendBrandname', 'estimateBrandname', 'sendZnsWithSmsFallback'] } })[1],
	sendOptionsField(SEND, { maxConcurrentRequests: 20, text: true, extra: [templateCheckOption] }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: ESTIMATE,
		options: [removeDiacriticsOption, templateCheckOption],
	},
	// Simplify: the node's one declaration, last on every form (Esms.node.ts)
];

/**
 * The item's context with some parameters answered differently: the shared send path then reads a
 * text built from a template exactly as it reads a typed Content. Everything else is the item's own.
 */
export function withParameters(ctx: IExecuteSingleFunctions, values: Record<string, unknown>): IExecuteSingleFunctions {
	const getNodeParameter = ((name: string, ...rest: unknown[]) =>
		name in values ? values[name] : (ctx.getNodeParameter as (...a: unknown[]) => unknown)(name, ...rest)) as IExecuteSingleFunctions['getNodeParameter'];
	return new Proxy(ctx, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
		},
	});
}

export interface PreparedBrandname {
	input: PreparedSend;
	brandname: string;
	/** the registered template the text matched; the picked one when the check is off; null for a text not checked */
	template: EsmsSmsTemplate | null;
	check: TemplateCheck;
}

/**
 * Reads and checks one item of a brandname send or estimate, in this order: Phone, Brandname, the
 * template and its parameters (Content Source "Template"; reads the template list), then the shared
 * send inputs (shared/send.ts prepareSendInput: the text made plain unless Unicode, Request ID, Send
 * Date, Callback URL, Sandbox), then the text as it will be sent against the brandname's templates.
 *
 * @throws NodeOperationError naming the field (or template parameter) and the item, before any send
 * @throws NodeApiError when eSMS refuses the template list (101, 104 for a brandname that is not a
 *   customer-care brandname of the account…)
 */
export async function prepareBrandname(ctx: IExecuteSingleFunctions, estimate: boolean): Promise<PreparedBrandname> {
	readPhone(ctx);
	const brandname = requiredPick(ctx, 'brandname', 'Brandname', BRANDNAME_FIX);
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as SendOptions & { templateCheck?: TemplateCheck };
	const check: TemplateCheck = options.templateCheck ?? 'network';
	const { overrides, template: picked } = await brandnameText(ctx, TEXT, 'template');
	let template = picked;
	// an estimate sends nothing: no Request ID to make
	if (estimate) overrides.options = { ...options, autoRequestId: false };
	const input = prepareSendInput(withParameters(ctx, overrides), { channel: 'sms:2', identity: { brandname } });
	if (check !== 'off') template = await checkBrandnameContent(ctx, brandname, input.text!.content, input.phone, check === 'network');
	return { input, brandname, template, check };
}

/**
 * The customer-care text of an item (brandnameTextFields): built from the picked template and its
 * parameters, or the typed text. Returned as the `content` the shared send path reads (withParameters).
 */
export async function brandnameText(
	ctx: IExecuteSingleFunctions,
	textName: string,
	defaultSource: 'template' | 'text',
): Promise<{ overrides: Record<string, unknown>; template: EsmsSmsTemplate | null }> {
	if (ctx.getNodeParameter('contentSource', defaultSource) === 'template') {
		const built = await smsContentFromTemplate(ctx);
		return { overrides: { content: built.content }, template: built.template };
	}
	return { overrides: { content: ctx.getNodeParameter(textName, '') }, template: null };
}

const templateIdOf = (template: EsmsSmsTemplate | null) => (template === null ? null : String(template.TempId).trim());

// what the send checked, for the explanation of a 146 (keyed by the item's context, as rememberSend)
const checked = new WeakMap<object, PreparedBrandname>();

/** preSend of Send Brandname SMS: the checks above, then the JSON body. */
export async function prepareBrandnameSend(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const prepared = await prepareBrandname(this, false);
	const { input, brandname, template } = prepared;
	checked.set(this, prepared);
	rememberSend(this, { ...textSummary(input), brandname, templateId: templateIdOf(template) });
	const { Phone, ...common } = sendQuery(input);
	requestOptions.body = {
		...(requestOptions.body as IDataObject),
		Phone,
		Content: input.text!.content,
		Brandname: brandname,
		SmsType: '2',
		IsUnicode: input.text!.unicode ? '1' : '0',
		...common,
	};
	return requestOptions;
}

/**
 * postReceive of Send Brandname SMS: as every send (shared/send.ts outputSend), except that a 146
 * (text matches no registered template) names the SMSID eSMS gave the refused message and what the
 * node's own check had found.
 */
export async function outputBrandnameSend(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const failure = explainResponse(response);
	if (failure?.code !== '146') return await outputSend.call(this, items, response);
	const body = response.body as EsmsSendResponse;
	const prepared = checked.get(this);
	const template = prepared?.template;
	const found =
		prepared?.check === 'off' || !template
			? 'The node did not check the text (Template Check is Off).'
			: `The node found the text matching template ${templateIdOf(template)} (${networkName(template.NetworkID)}) in the account's list; eSMS may place this number on another network (a number moved to another network keeps its prefix: set Template Check to "For Any Network" to check for any network), or the template may no longer be active.`;
	const smsId = String(body.SMSID ?? '').trim();
	throw failureError(
		this.getNode(),
		{ ...failure, description: `${failure.description} ${found}${smsId ? ` eSMS recorded the refused message as SMSID ${smsId}.` : ''}` },
		this.getItemIndex(),
		body,
	);
}

const estimated = new WeakMap<object, PreparedBrandname>();

/** preSend of Estimate Brandname SMS Price: the same checks, then the query of SummaryMultipleMessage_V4_get. */
export async function prepareBrandnameEstimate(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const prepared = await prepareBrandname(this, true);
	estimated.set(this, prepared);
	const text = prepared.input.text!;
	requestOptions.qs = {
		...requestOptions.qs,
		Phone: prepared.input.phone,
		Content: text.content,
		Brandname: prepared.brandname,
		SmsType: '2',
		IsUnicode: text.unicode ? '1' : '0',
	};
	return requestOptions;
}

/** eSMS types TotalPrice and TotalReceiver as text and sends numbers: both are read. */
function numberOf(value: unknown): number | null {
	const n = Number(value);
	return value === null || value === undefined || String(value).trim() === '' || !Number.isFinite(n) ? null : n;
}

/**
 * postReceive of Estimate Brandname SMS Price. Output (Simplify on): { phone, brandname, content,
 * unicode, segments, replacedCharacters, templateId, totalPrice (VND, eSMS's price for all parts),
 * receiverCount }.
 */
export async function outputBrandnameEstimate(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	const body = successBody<EsmsCodeFields & { TotalPrice?: unknown; TotalReceiver?: unknown }>(this, response);
	if (!(this.getNodeParameter('simplify', true) as boolean)) return [{ json: body as IDataObject }];
	const { input, brandname, template } = estimated.get(this)!;
	const { phone, content, unicode, segments, replacedCharacters } = textSummary(input);
	return [
		{
			json: {
				phone,
				brandname,
				content,
				unicode,
				segments,
				replacedCharacters,
				templateId: templateIdOf(template),
				totalPrice: numberOf(body.TotalPrice),
				receiverCount: numberOf(body.TotalReceiver),
			},
		},
	];
}

export const sendBrandname = defineOperation({
	resource: 'sms',
	value: 'sendBrandname',
	name: 'Send Brandname SMS',
	action: 'Send a brandname SMS',
	description: "Send a customer-care or OTP SMS (SmsType 2) under the account's brandname to one phone, from one of its registered templates",
	request: { method: 'POST', url: '/MainService.svc/json/SendMultipleMessage_V4_post_json/' },
	kind: 'send',
	// also Estimate Brandname SMS Price's fields (BOTH)
	fields: sendBrandnameDescription,
	prepare: prepareBrandnameSend,
	output: outputBrandnameSend,
	simplify: true,
	tool:
		"Send one customer-care or OTP SMS under the account's registered brandname to one Vietnamese mobile number. " +
		PHONE +
		'The workflow sets the brandname and the template; when the tool asks for the text, it must be the text of one of the brandname templates with only its variable parts filled in (a text that matches none is refused before sending, naming the closest template). ' +
		'The answer is a JSON array with one object: smsId (keep it to check delivery with the SMS status tool), alreadyAccepted, phone, content, segments. ' +
		REPEAT +
		FAILURE,
});
