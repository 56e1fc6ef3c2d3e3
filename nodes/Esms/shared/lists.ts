import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
} from 'n8n-workflow';

import { describeCode, ESMS_ERROR_CODES, esmsCodeOf, explainResponse, explainTransportError, failureError } from './errors';
import type { EsmsFailure } from './errors';
import { API_BASE_URL } from './hosts';
import { lookup } from './lookup';
import type {
	EsmsBrandname,
	EsmsBrandnameListResponse,
	EsmsSmsTemplate,
	EsmsSmsTemplateListResponse,
	EsmsZaloOa,
	EsmsZaloOaListResponse,
	EsmsZnsTemplateInfo,
	EsmsZnsTemplateInfoResponse,
	EsmsZnsTemplateListResponse,
	EsmsZnsTemplateSummary,
} from './listTypes';

/**
 * The account's lists: one request and one reader per list, used both by the list operations
 * (Account → Get …, through the routing engine) and by the editor's pickers and template fields
 * (through helpers.httpRequestWithAuthentication). Sources: devesms/gitbook_esms_for_develop_v2,
 * esms-api/ham-truy-xuat-va-dang-ky/ (ham-lay-danh-sach-brandname.md,
 * ham-lay-danh-sach-template-tin-cham-soc-khach-hang.md, ham-lay-danh-sach-zalo-oa.md,
 * ham-lay-danh-sach-template-zalo.md, ham-lay-thong-tin-chi-tiet-template-zalo.md).
 */

export type ListContext = IExecuteSingleFunctions | ILoadOptionsFunctions;

const JSON_API = '/MainService.svc/json';
export const LIST_URLS = {
	brandnames: `${JSON_API}/GetListBrandname`,
	templates: `${JSON_API}/GetTemplate/`,
	zaloOas: `${JSON_API}/ZNS/GetListZOA/`,
	znsTemplate: `${JSON_API}/GetZnsTemplateInfo`,
} as const;

/**
 * The SmsType the ZNS template list is asked with. The endpoint requires 24 (priority) or 25
 * (normal) and documents no difference in the answer; 25 is the node's default Zalo type.
 */
export const ZNS_LIST_SMS_TYPE = '25';

/**
 * GetListBrandname takes the keys in its path (GET …/GetListBrandname/{ApiKey}/{SecretKey}), which
 * the credential cannot place. They are URL-encoded; the URL never reaches an item or an error
 * (transport errors are replaced by clean ones, see transport.ts and fetchList below), and the list
 * operation adds them only as the request leaves (its spec's `atSend`, run by transport.ts).
 */
export async function brandnamesRequest(ctx: ListContext): Promise<IHttpRequestOptions> {
	const { apiKey, secretKey } = await ctx.getCredentials<{ apiKey?: string; secretKey?: string }>('esmsApi');
	const key = (value: unknown) => encodeURIComponent(String(value ?? '').trim());
	return { method: 'GET', url: `${LIST_URLS.brandnames}/${key(apiKey)}/${key(secretKey)}` };
}

/** A brandname's customer-care templates (SmsType 2). */
export function smsTemplatesRequest(brandname: string): IHttpRequestOptions {
	return { method: 'POST', url: LIST_URLS.templates, body: { SmsType: '2', Brandname: brandname } };
}

export function zaloOasRequest(): IHttpRequestOptions {
	return { method: 'POST', url: LIST_URLS.zaloOas, body: {} };
}

/** An OA's ZNS templates. Same path as the SMS template list: only the body tells them apart. */
export function znsTemplatesRequest(oaId: string): IHttpRequestOptions {
	return { method: 'POST', url: LIST_URLS.templates, body: { OAId: oaId, SmsType: ZNS_LIST_SMS_TYPE } };
}

/** One ZNS template's details, with its ListParams. */
export function znsTemplateRequest(oaId: string, templateId: string): IHttpRequestOptions {
	return { method: 'GET', url: LIST_URLS.znsTemplate, qs: { TemplateId: templateId, OAId: oaId } };
}

function entries<T>(list: T[] | null | undefined): T[] {
	return Array.isArray(list) ? list.filter((e) => e !== null && typeof e === 'object') : [];
}

export const readBrandnames = (body: EsmsBrandnameListResponse): EsmsBrandname[] => entries(body.ListBrandName);
export const readSmsTemplates = (body: EsmsSmsTemplateListResponse): EsmsSmsTemplate[] => entries(body.BrandnameTemplates);
export const readZaloOas = (body: EsmsZaloOaListResponse): EsmsZaloOa[] => entries(body.ZOAList);
export const readZnsTemplates = (body: EsmsZnsTemplateListResponse): EsmsZnsTemplateSummary[] => entries(body.ZNSTemplates);
export const readZnsTemplate = (body: EsmsZnsTemplateInfoResponse): EsmsZnsTemplateInfo => body.Data as EsmsZnsTemplateInfo;

/**
 * Like explainResponse, plus the shape of GetZnsTemplateInfo, which has no CodeResult: success is
 * `"Error": 0` with a Data object; any other Error is a failure described with eSMS's Message.
 */
export function explainListResponse(response: { body: unknown; statusCode: number }): EsmsFailure | undefined {
	const body = response.body as EsmsZnsTemplateInfoResponse | null;
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	if (!ok || body === null || typeof body !== 'object' || Array.isArray(body) || !('Error' in body) || esmsCodeOf(body) !== undefined)
		return explainResponse(response);
	const code = String(body.Error).trim();
	if (code === '0' && body.Data !== null && typeof body.Data === 'object') return undefined;
	const said = body.Message ? String(body.Message).slice(0, 200) : undefined;
	// the codes of eSMS's table (101 keys, 789 template not for this OA…) mean the same here
	if (code !== '0' && lookup(ESMS_ERROR_CODES, code)) return { ...describeCode(code, said), code, httpCode: String(response.statusCode) };
	return {
		message: code === '0' ? 'eSMS answered without the template details' : `eSMS could not read the ZNS template (error ${code})`,
		description: `Check that the template ID belongs to the chosen Zalo OA, and that the OA is connected to this eSMS account (Account → Get ZNS Templates lists the OA's templates).${said ? ` eSMS said: "${said}".` : ''}`,
		code,
		httpCode: String(response.statusCode),
	};
}

function itemIndexOf(ctx: ListContext): number {
	return 'getItemIndex' in ctx ? ctx.getItemIndex() : 0;
}

/** The checked body of a list answer, or the error for this item (or picker). */
export function listBody<T>(node: INode, response: IN8nHttpFullResponse, itemIndex: number): T {
	const failure = explainListResponse(response);
	if (failure) throw failureError(node, failure, itemIndex, response.body);
	return response.body as T;
}

/** One list request outside the routing engine: the editor's pickers, and checks before a send. */
async function rawList(ctx: ListContext, request: IHttpRequestOptions): Promise<{ response?: IN8nHttpFullResponse; failure?: EsmsFailure }> {
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'esmsApi', {
			...request,
			baseURL: API_BASE_URL,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
		return { response };
	} catch (error) {
		// the original is dropped: its `cause` holds the request URL, and with it the keys
		return { failure: explainTransportError(error) };
	}
}

export async function fetchList<T>(ctx: ListContext, request: IHttpRequestOptions): Promise<T> {
	const { response, failure } = await rawList(ctx, request);
	if (failure || !response) throw failureError(ctx.getNode(), failure!, itemIndexOf(ctx));
	return listBody<T>(ctx.getNode(), response, itemIndexOf(ctx));
}

/**
 * Lists fetched once per node run (all items of one execution of the node), keyed by what was asked.
 * The key object is the run's execute data, which n8n shares between the run's items and drops with
 * the run. A failed fetch is forgotten, so that Retry On Fail asks again. Each item gets its own
 * error, with its own item index.
 */
const perRun = new WeakMap<object, Map<string, Promise<{ response?: IN8nHttpFullResponse; failure?: EsmsFailure }>>>();

export async function fetchListOncePerRun<T>(ctx: IExecuteSingleFunctions, key: string, request: IHttpRequestOptions): Promise<T> {
	const scope = ctx.getExecuteData();
	let cache = perRun.get(scope);
	if (!cache) perRun.set(scope, (cache = new Map()));
	let pending = cache.get(key);
	if (!pending) {
		const fetching = rawList(ctx, request);
		cache.set(key, fetching);
		pending = fetching;
		const settled = await fetching;
		if (settled.failure || (settled.response && explainListResponse(settled.response))) cache.delete(key);
	}
	const { response, failure } = await pending;
	if (failure || !response) throw failureError(ctx.getNode(), failure!, ctx.getItemIndex());
	return listBody<T>(ctx.getNode(), response, ctx.getItemIndex());
}

/** A brandname's templates, fetched once per node run. */
export async function smsTemplatesOncePerRun(ctx: IExecuteSingleFunctions, brandname: string): Promise<EsmsSmsTemplate[]> {
	return readSmsTemplates(await fetchListOncePerRun<EsmsSmsTemplateListResponse>(ctx, `sms|${brandname}`, smsTemplatesRequest(brandname)));
}

/** A ZNS template's details, fetched once per node run. */
export async function znsTemplateOncePerRun(ctx: IExecuteSingleFunctions, oaId: string, templateId: string): Promise<EsmsZnsTemplateInfo> {
	return readZnsTemplate(
		await fetchListOncePerRun<EsmsZnsTemplateInfoResponse>(ctx, `zns|${oaId}|${templateId}`, znsTemplateRequest(oaId, templateId)),
	);
}

/** A count or length from eSMS (documented as text, sent as a number), or null. */
export function numberOrNull(value: unknown): number | null {
	if (value === null || value === undefined || String(value).trim() === '') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}

/** An ID from eSMS as trimmed text (OA IDs do not fit a JavaScript number; some IDs carry spaces). */
export function idText(value: unknown): string {
	return value === null || value === undefined ? '' : String(value).trim();
}
