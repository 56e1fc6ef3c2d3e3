/**
 * Response shapes of eSMS's list and detail endpoints (devesms/gitbook_esms_for_develop_v2,
 * esms-api/ham-truy-xuat-va-dang-ky/*.md; reference/esms-api.md §4.4 and §11). The pages type most
 * numbers as "string" while their examples show numbers: both are accepted wherever they are read.
 */
import type { EsmsCodeFields } from './types';

/** One entry of ListBrandName. Type: 1 advertising, 2 customer care (CSKH), 23 Viber. */
export interface EsmsBrandname {
	Brandname: string;
	Type: number | string;
}

/** GET GetListBrandname/{ApiKey}/{SecretKey}: `CodeResponse` on success, `CodeResult` on 101. */
export interface EsmsBrandnameListResponse extends EsmsCodeFields {
	ListBrandName?: EsmsBrandname[] | null;
}

/** One registered customer-care template: `{P1,20}` marks a variable of at most 20 characters. */
export interface EsmsSmsTemplate {
	/** 1 Viettel, 2 Mobifone, 3 Vinaphone, 4 Vietnamobile, 5 Gtel, 6 Itel, 7 Reddi */
	NetworkID: number | string;
	TempContent: string;
	TempId: number | string;
}

/** POST GetTemplate/ with `{SmsType: "2", Brandname}` */
export interface EsmsSmsTemplateListResponse extends EsmsCodeFields {
	BrandnameTemplates?: EsmsSmsTemplate[] | null;
}

export interface EsmsZaloOa {
	/** a 64-bit number as text: it does not fit a JavaScript number */
	OAID: string;
	OAName: string;
}

/** POST ZNS/GetListZOA/ */
export interface EsmsZaloOaListResponse extends EsmsCodeFields {
	ZOAList?: EsmsZaloOa[] | null;
}

/** A variable of a ZNS template as the list gives it (the details' ListParams are richer). */
export interface EsmsZnsTemplateVariable {
	Limit?: number | string;
	Param: string;
	ParamLevel?: number | string;
	/** type_text, type_number (digits 0–9, at most 12), type_date (dd/MM/yyyy), type_cta_url */
	RequireType?: string;
}

export interface EsmsZnsTemplateSummary {
	/** HTML */
	TempContent?: string;
	TempId: number | string;
	TempName?: string;
	ZNSTempDetail?: EsmsZnsTemplateVariable[] | null;
	/** not documented in the list; read when present, otherwise the details tell */
	Status?: string;
}

/** POST GetTemplate/ with `{OAId, SmsType: "24" | "25"}` */
export interface EsmsZnsTemplateListResponse extends EsmsCodeFields {
	ZNSTemplates?: EsmsZnsTemplateSummary[] | null;
}

/** One entry of ListParams: what Send ZNS must fill in TempData. Lengths count characters. */
export interface EsmsZnsTemplateParam {
	AcceptNull?: boolean;
	MaxLength?: number | string;
	MinLength?: number | string;
	Name: string;
	Require?: boolean;
	/** "STRING" in the examples; the English page calls it the validating regular expression */
	Type?: string;
}

export interface EsmsZnsTemplateButton {
	Content?: string;
	Title?: string;
	/** 1 business page, 2 call, 3 OA page, 4 Mini App, 5 app download, 6 product page, 7 other web page or Mini App, 8 other app */
	Type?: number | string;
}

export interface EsmsZnsTemplateInfo {
	ApplyTemplateQuota?: boolean;
	ListButtons?: EsmsZnsTemplateButton[] | null;
	ListParams?: EsmsZnsTemplateParam[] | null;
	PreviewUrl?: string;
	/** why the template has its status (Vietnamese text from Zalo) */
	Reason?: string;
	/** ENABLE, PENDING_REVIEW, DELETE, REJECT or DISABLE */
	Status?: string;
	TemplateDailyQuota?: number | string | null;
	TemplateId: number | string;
	TemplateName?: string;
	TemplateQuality?: string | null;
	TemplateRemainingQuota?: number | string | null;
	TemplateTag?: string;
	Timeout?: number | string;
}

/**
 * GET GetZnsTemplateInfo?TemplateId=&OAId=. The one list endpoint without CodeResult: success is
 * `"Error": 0` (a number) with `Message: "Success"`.
 */
export interface EsmsZnsTemplateInfoResponse extends EsmsCodeFields {
	Data?: EsmsZnsTemplateInfo | null;
	Error?: number | string;
}
