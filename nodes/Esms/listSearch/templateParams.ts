import type {
	IDataObject,
	IDisplayOptions,
	IExecuteSingleFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';

import { invalidInput } from '../shared/descriptions';
import { fetchList, readSmsTemplates, readZnsTemplate, smsTemplatesOncePerRun, smsTemplatesRequest, znsTemplateOncePerRun, znsTemplateRequest } from '../shared/lists';
import type { EsmsSmsTemplate, EsmsSmsTemplateListResponse, EsmsZnsTemplateInfo, EsmsZnsTemplateInfoResponse, EsmsZnsTemplateParam } from '../shared/listTypes';
import { buildZnsTempData, fillSmsTemplate, matchSmsTemplate, networkName, networkOfPhone, smsPlaceholders, ZNS_NUMBER_DIGITS, znsParamKind } from '../shared/templates';
import { BRANDNAME_FIX } from './brandnames';
import { pickedValue, requiredPick } from './common';
import { OA_FIX } from './zaloOas';
import { TEMPLATE_FIX } from './znsTemplates';

/**
 * Template parameters as fields of their own (n8n's resource mapper), and the checks a send makes
 * with them before any request. The resource mapper has no routing: a send's preSend reads it with
 * getNodeParameter, which returns { mappingMode, value, schema } with the expressions of `value`
 * resolved for the item (n8n-core node-execution-context, validate-value-against-schema.js).
 */

/** What a resource mapper parameter holds. */
interface MapperValue {
	mappingMode?: string;
	value?: IDataObject | null;
}

function mapperField(options: {
	displayName: string;
	name: string;
	method: string;
	dependsOn: string[];
	description: string;
	displayOptions: IDisplayOptions;
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description: options.description,
		displayOptions: options.displayOptions,
		typeOptions: {
			loadOptionsDependsOn: options.dependsOn,
			resourceMapper: {
				resourceMapperMethod: options.method,
				mode: 'add',
				fieldWords: { singular: 'parameter', plural: 'parameters' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				// n8n's red "No parameters found in eSMS. Retry" before a template is chosen; the
				// method's emptyFieldsNotice says what to do instead
				hideNoDataError: true,
			},
		},
	};
}

/**
 * The mapped values of one item. "Map Automatically" takes the input item's fields of the same
 * names; "Map Each Field Below" takes the fields' values (expressions already resolved).
 */
function mappedValues(ctx: IExecuteSingleFunctions, name: string): IDataObject {
	// the engine's own check would stop at the first required value with a generic message
	const mapper = (ctx.getNodeParameter(name, {}, { skipValidation: true }) ?? {}) as MapperValue;
	if (mapper.mappingMode === 'autoMapInputData') return ctx.getInputData().json ?? {};
	return mapper.value && typeof mapper.value === 'object' ? mapper.value : {};
}

// ---- ZNS ----------------------------------------------------------------------------------------

export function znsTemplateParamsField(displayOptions: IDisplayOptions): INodeProperties {
	return mapperField({
		displayName: 'Template Parameters',
		name: 'znsTemplateParams',
		method: 'getZnsTemplateParams',
		dependsOn: ['zaloOa.value', 'znsTemplate.value'],
		description: "The template's parameters, loaded from its details. Required ones are marked; text is sent composed (NFC); lengths (UTF-16 units, as eSMS counts), numbers (digits only) and dates (dd/MM/yyyy or d/M/yyyy, day first; an n8n date gives its day in Vietnam time) are checked before sending.",
		displayOptions,
	});
}

/**
 * A parameter's label: its name, then in short what it takes (n8n cuts a long label off, and a mapper
 * field has no description). A NUMBER: up to 12 digits (or its MaxLength when smaller); a DATE: the
 * day, d/M/yyyy in Vietnam time (see shared/templates.ts, znsParamKind); text: its lengths. The
 * Template Parameters description says the rest.
 */
function znsLabel(p: EsmsZnsTemplateParam): string {
	const min = Number(p.MinLength) || 0;
	const max = Number(p.MaxLength) || 0;
	const kind = znsParamKind(p.Type);
	if (kind === 'number') {
		const most = max > 0 ? Math.min(max, ZNS_NUMBER_DIGITS) : ZNS_NUMBER_DIGITS;
		return `${p.Name} (${min > 1 ? `${min}–${most}` : `≤ ${most}`} digits)`;
	}
	if (kind === 'date') return `${p.Name} (date)`;
	if (max > 0) return `${p.Name} (${min > 0 ? `${min}–${max}` : `≤ ${max}`} chars)`;
	return min > 0 ? `${p.Name} (≥ ${min} chars)` : p.Name;
}

/** What "Map Automatically" takes, shown by n8n in that mode (it keeps an earlier notice otherwise). */
function autoMapNotice(fields: ResourceMapperField[]): string {
	return `Map Automatically sends the input item's fields named ${fields.map((f) => f.id).join(', ')}`;
}

/** Resource mapper fields from a ZNS template's ListParams: one text field per parameter. */
export function znsParamFields(info: EsmsZnsTemplateInfo): ResourceMapperField[] {
	return (info.ListParams ?? [])
		.filter((p) => p && typeof p.Name === 'string' && p.Name !== '')
		.map((p) => ({
			id: p.Name,
			displayName: znsLabel(p),
			required: p.Require === true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: 'string',
		}));
}

/** resourceMapping method: the picked ZNS template's parameters (GetZnsTemplateInfo ListParams). */
export async function getZnsTemplateParams(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const oaId = pickedValue(this, 'zaloOa');
	const templateId = pickedValue(this, 'znsTemplate');
	// n8n keeps this notice once shown, also after both are chosen: it must stay true then
	if (oaId === '' || templateId === '')
		return {
			fields: [],
			emptyFieldsNotice: "The template's parameters, once a Zalo OA and a template are chosen: as fields (Map Each Column Manually; refresh the list if none show), or the input item's fields of the same names (Map Automatically)",
		};
	const info = readZnsTemplate(await fetchList<EsmsZnsTemplateInfoResponse>(this, znsTemplateRequest(oaId, templateId)));
	const fields = znsParamFields(info);
	return { fields, emptyFieldsNotice: fields.length ? autoMapNotice(fields) : 'This template has no parameters' };
}

/**
 * TempData for a ZNS send of this item (Send ZNS, and Send ZNS with SMS Fallback, which sends the same
 * values as Params): the picked template's details (GetZnsTemplateInfo, devesms/gitbook_esms_for_develop_v2
 * esms-api/ham-truy-xuat-va-dang-ky/ham-lay-thong-tin-chi-tiet-template-zalo.md) are read once per node
 * run, the template must be enabled, and each value is checked against ListParams: required, a NUMBER
 * digits only (at most 12), a DATE dd/MM/yyyy or d/M/yyyy, day first (yyyy-MM-dd and n8n dates are converted: an
 * instant gives its day in Vietnam time), then the lengths (shared/templates.ts, buildZnsTempData).
 *
 * @returns the OA ID, the template ID and TempData: parameter name → text, only the template's parameters
 * @throws NodeApiError without a code (invalidInput) naming the Zalo OA, Template or parameter, and the
 *   item, with the expected form and an example, before any send: `Invalid template parameter "quantity"
 *   in item 2: it is "abc", and a NUMBER parameter takes only the digits 0 to 9`
 * @throws NodeApiError when eSMS cannot give the template's details
 */
export async function znsTempDataForItem(ctx: IExecuteSingleFunctions): Promise<{ oaId: string; templateId: string; data: Record<string, string> }> {
	const oaId = requiredPick(ctx, 'zaloOa', 'Zalo OA', OA_FIX);
	const templateId = requiredPick(ctx, 'znsTemplate', 'Template', TEMPLATE_FIX);
	const info = await znsTemplateOncePerRun(ctx, oaId, templateId);
	const status = String(info.Status ?? '').trim();
	if (status !== '' && status !== 'ENABLE')
		throw invalidInput(
			ctx,
			'Template',
			`template ${templateId} has status ${status}, and Zalo sends only enabled templates`,
			`Pick an enabled template.${info.Reason ? ` Zalo's reason: "${String(info.Reason)}".` : ''}`,
		);
	const result = buildZnsTempData(info.ListParams ?? [], mappedValues(ctx, 'znsTemplateParams'));
	if (!result.ok)
		throw invalidInput(
			ctx,
			`template parameter "${result.name}"`,
			result.problem,
			result.fix ?? 'Fill it under Template Parameters (or map a field of that name), within the length shown next to its name.',
		);
	return { oaId, templateId, data: result.data };
}

// ---- Brandname SMS ------------------------------------------------------------------------------

export function smsTemplateParamsField(displayOptions: IDisplayOptions): INodeProperties {
	return mapperField({
		displayName: 'Template Parameters',
		name: 'smsTemplateParams',
		method: 'getSmsTemplateParams',
		dependsOn: ['brandname.value', 'smsTemplate.value'],
		description: "The template's variable parts ({P1,20}: up to 20 characters), in the order they appear",
		displayOptions,
	});
}

/** Resource mapper fields from a template text: one required field per `{Pn,max}`. */
export function smsParamFields(template: string): ResourceMapperField[] {
	return smsPlaceholders(template).map((p) => ({
		id: p.key,
		displayName: `${p.key === p.name ? p.name : `${p.name} #${p.key.slice(p.name.length + 1)}`} (≤ ${p.maxLength} chars)`,
		required: true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
	}));
}

function findTemplate(templates: EsmsSmsTemplate[], templateId: string): EsmsSmsTemplate | undefined {
	return templates.find((t) => String(t.TempId).trim() === templateId);
}

/** resourceMapping method: the placeholders of the picked brandname template. */
export async function getSmsTemplateParams(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const brandname = pickedValue(this, 'brandname');
	const templateId = pickedValue(this, 'smsTemplate');
	// n8n keeps this notice once shown, also after both are chosen: it must stay true then
	if (brandname === '' || templateId === '')
		return {
			fields: [],
			emptyFieldsNotice: "The template's {Pn,max} parts, once a brandname and a template are chosen: as fields (Map Each Column Manually; refresh the list if none show), or the input item's fields of the same names (Map Automatically)",
		};
	const templates = readSmsTemplates(await fetchList<EsmsSmsTemplateListResponse>(this, smsTemplatesRequest(brandname)));
	const template = findTemplate(templates, templateId);
	if (!template) return { fields: [], emptyFieldsNotice: `Template ${templateId} is not registered for ${brandname}` };
	const fields = smsParamFields(String(template.TempContent));
	return { fields, emptyFieldsNotice: fields.length ? autoMapNotice(fields) : 'This template has no variable parts: it is sent as it is' };
}

/**
 * The content of a brandname SMS built from the picked template and this item's parameter values.
 * The brandname's templates are read once per node run.
 *
 * @throws NodeOperationError naming Brandname, Template or the placeholder (e.g. "P1"), and the item
 */
export async function smsContentFromTemplate(ctx: IExecuteSingleFunctions): Promise<{ brandname: string; template: EsmsSmsTemplate; content: string }> {
	const brandname = requiredPick(ctx, 'brandname', 'Brandname', BRANDNAME_FIX);
	const templateId = requiredPick(ctx, 'smsTemplate', 'Template', "Pick one of the brandname's templates, or type its template ID.");
	const templates = await smsTemplatesOncePerRun(ctx, brandname);
	const template = findTemplate(templates, templateId);
	if (!template)
		throw invalidInput(
			ctx,
			'Template',
			`template ${templateId} is not registered for brandname ${brandname}`,
			'Pick a template from the list (Account → Get SMS Templates lists them all).',
		);
	const filled = fillSmsTemplate(String(template.TempContent), mappedValues(ctx, 'smsTemplateParams'));
	if (!filled.ok)
		throw invalidInput(
			ctx,
			`template parameter "${filled.placeholder.key}"`,
			filled.problem,
			`Fill it under Template Parameters with 1 to ${filled.placeholder.maxLength} characters.`,
		);
	return { brandname, template, content: filled.content };
}

/**
 * Checks a customer-care content against the brandname's registered templates before sending, so
 * the item fails here instead of eSMS answering 146. The phone's network is guessed from its prefix
 * (see networkOfPhone); with `byNetwork` false, a template of any network will do.
 *
 * @returns the matching template
 * @throws NodeOperationError on Content, showing the closest template and why it does not match
 */
export async function checkBrandnameContent(
	ctx: IExecuteSingleFunctions,
	brandname: string,
	content: string,
	phone: string,
	byNetwork = true,
	field = 'Content',
): Promise<EsmsSmsTemplate> {
	const templates = await smsTemplatesOncePerRun(ctx, brandname);
	const match = matchSmsTemplate(content, templates, byNetwork ? networkOfPhone(phone) : undefined);
	if (match.ok) return match.template;
	const closest = match.closest
		? ` Closest template (ID ${String(match.closest.TempId)}, ${networkName(match.closest.NetworkID)}): "${String(match.closest.TempContent)}".`
		: '';
	throw invalidInput(
		ctx,
		field,
		`it matches no customer-care template of brandname ${brandname}: ${match.reason}`,
		{
			person: `eSMS sends customer-care SMS only with the exact text of a registered template, where each {Pn,max} stands for 1 to max characters: set Content Source to Template and pick one, or copy one from Account → Get SMS Templates.${closest}`,
			model: `eSMS sends customer-care SMS only with the exact text of one of the brandname's registered templates: use that text as it is, with only its {Pn,max} parts replaced by 1 to max characters each.${closest} If you do not know the templates, call the Get SMS Templates tool if you have one, or ask the user for the exact wording of the template.`,
		},
	);
}
