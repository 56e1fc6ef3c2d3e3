'use strict';
/**
 * The account's lists and price estimates (esms-api/ham-truy-xuat-va-dang-ky/): GetListBrandname,
 * GetTemplate (a brandname's customer-care templates, or an OA's ZNS templates: one path, told apart by
 * the body), ZNS/GetListZOA, GetZnsTemplateInfo, SummaryMultipleMessage_V4_get (customer-care SMS) and
 * SummaryZaloMessage_V4_post_json (ZNS). Estimates send, store and charge nothing.
 */
const { decimal4 } = require('./serialize');
const { PHONE_RE } = require('./util');
const { segmentCount } = require('./sms');

/** ZNS ListParams Type → the RequireType GetTemplate shows for it */
const REQUIRE_TYPE = { STRING: 'type_text', NUMBER: 'type_number', DATE: 'type_date', URL: 'type_cta_url' };

module.exports = function listsArea(ctx) {
	const { INVALID } = ctx;
	const fail = (code, ErrorMessage) => ({ CodeResult: String(code), ErrorMessage });

	/** The account, or the `{CodeResult, ErrorMessage}` body of 101 / 143. */
	function guard(p, authMessage = 'Authorize Failed') {
		const account = ctx.authenticate(p);
		if (!account) return { error: fail(101, authMessage) };
		if (account.locked) return { error: fail(143, 'Account is not activated or has been locked') };
		return { account };
	}

	function listBrandnames(p) {
		const g = guard(p);
		if (g.error) return g.error;
		const ListBrandName = [...g.account.brandnames.values()].map((b) => ({ Brandname: b.Brandname, Type: b.Type }));
		return { CodeResponse: '100', ListBrandName };
	}

	function smsTemplates(p, account) {
		if (String(p.smstype ?? '') !== '2') return fail(118, 'SmsType is not supported');
		const brand = account.brandnames.get(String(p.brandname ?? ''));
		if (!brand || brand.Type !== 2) return fail(104, 'Brand name code is not exist');
		return { BrandnameTemplates: brand.templates, CodeResult: '100', ErrorMessage: 'success' };
	}

	function znsTemplates(p, account) {
		const smsType = String(p.smstype ?? '');
		if (smsType !== '24' && smsType !== '25') return fail(118, 'SmsType is not supported');
		const oa = account.zaloOAs.get(String(p.oaid));
		if (!oa) return fail(799, 'OAID is inactive, wrong, or not added to this account');
		const ZNSTemplates = [...oa.templates.values()].map((t) => ({
			TempContent: t.TempContent,
			TempId: t.TemplateId,
			TempName: t.TemplateName,
			ZNSTempDetail: t.ListParams.map((x, i) => ({
				Limit: x.MaxLength,
				Param: x.Name,
				ParamLevel: i + 1,
				RequireType: REQUIRE_TYPE[x.Type] ?? 'type_text',
			})),
		}));
		return { CodeResult: '100', ErrorMessage: 'success', ZNSTemplates };
	}

	function getTemplate(p) {
		const g = guard(p);
		if (g.error) return g.error;
		return p.oaid === undefined ? smsTemplates(p, g.account) : znsTemplates(p, g.account);
	}

	function listOAs(p) {
		const g = guard(p, 'Authorize Failed.');
		if (g.error) return g.error;
		const ZOAList = [...g.account.zaloOAs.values()].map((o) => ({ OAID: o.OAID, OAName: o.OAName }));
		return { CodeResult: '100', ErrorMessage: 'success', ZOAList };
	}

	/** The OA and its template, or the error body (791 / 799 / 789) in `shape`. */
	function findZnsTemplate(account, oaid, tempId, shape) {
		if (!oaid || !tempId) return { error: shape(791, 'Missing OA ID or Template ID') };
		const oa = account.zaloOAs.get(oaid);
		if (!oa) return { error: shape(799, 'OAID is inactive, wrong, or not added to this account') };
		const template = oa.templates.get(tempId);
		if (!template) return { error: shape(789, 'TemplateId is not config') };
		return { oa, template };
	}

	function templateInfo(p) {
		const shape = (Error, Message) => ({ Error, Message });
		const account = ctx.authenticate(p);
		if (!account) return shape(101, 'Authorize Failed');
		const f = findZnsTemplate(account, String(p.oaid ?? ''), String(p.templateid ?? ''), shape);
		if (f.error) return f.error;
		const { TempContent, Price, ...Data } = f.template;
		return { Data, Error: 0, Message: 'Success' };
	}

	function smsEstimate(p) {
		if (p.phone === undefined || p.content === undefined) return INVALID;
		const g = guard(p, 'Authorize Failed.');
		if (g.error) return g.error;
		if (String(p.smstype ?? '') !== '2') return fail(118, 'SmsType is not supported');
		const brand = g.account.brandnames.get(String(p.brandname ?? ''));
		if (!brand || brand.Type !== 2) return fail(104, 'Brand name code is not exist');
		const phone = String(p.phone).trim();
		if (!PHONE_RE.test(phone)) return fail(108, `The phone number ${phone} is not valid.`);
		const parts = segmentCount(String(p.content), String(p.isunicode ?? '0') === '1');
		return { CodeResult: '100', ErrorMessage: 'success', TotalPrice: ctx.cfg.prices[2] * parts, TotalReceiver: 1 };
	}

	function znsEstimate(p) {
		if (p.phone === undefined) return INVALID;
		const g = guard(p);
		if (g.error) return g.error;
		const phone = String(p.phone).trim();
		if (!PHONE_RE.test(phone)) return fail(108, `The phone number ${phone} is not valid.`);
		const f = findZnsTemplate(g.account, String(p.oaid ?? ''), String(p.tempid ?? ''), fail);
		if (f.error) return f.error;
		return { CodeResult: '100', ErrorMessage: 'success', TotalPrice: decimal4(ctx.znsPrice(f.template, 25)), TotalReceiver: 1 };
	}

	return {
		findZnsTemplate,
		routes: {
			'GET GetListBrandname/{ApiKey}/{SecretKey}': (q) => listBrandnames(q),
			'POST GetTemplate': (q, b) => getTemplate(b),
			'POST ZNS/GetListZOA': (q, b) => listOAs(b),
			'GET GetZnsTemplateInfo': (q) => templateInfo(q),
			'GET SummaryMultipleMessage_V4_get': (q) => smsEstimate(q),
			'POST SummaryZaloMessage_V4_post_json': (q, b) => znsEstimate(b),
		},
	};
};
