'use strict';
/**
 * Zalo ZNS: SendZaloMessage_V6 (esms-api/ham-gui-tin/tin-nhan-zalo.md) and QueryZnsStatus
 * (…/ham-lay-thong-tin-trang-thai-zns-1.md). TempData is checked against the template's ListParams
 * (GetZnsTemplateInfo): a missing required parameter, a length outside MinLength…MaxLength or a value
 * of the wrong Type is 790 "Wrong ZNS template" (error table); a template the OA does not have, or one
 * not ENABLE, is 789.
 */
const crypto = require('node:crypto');
const { decimal1 } = require('./serialize');

const WRONG_TEMPLATE = 'Wrong ZNS template';

/** Whether one TempData value fits its ListParams entry (lengths in characters, as Zalo counts them). */
function paramOk(spec, raw) {
	const value = raw === undefined || raw === null ? '' : String(raw);
	if (value === '') return !spec.Require;
	const length = [...value].length;
	if (length < (spec.MinLength ?? 0) || length > (spec.MaxLength ?? Infinity)) return false;
	// documented for type_number: digits only, at most 12; for type_date: dd/MM/yyyy
	if (spec.Type === 'NUMBER') return /^\d{1,12}$/.test(value);
	if (spec.Type === 'DATE') return /^\d{2}\/\d{2}\/\d{4}$/.test(value);
	return true;
}

/** TempData (object keyed by parameter name) against a template; extra keys are ignored. */
function tempDataOk(template, data) {
	if (data === null || typeof data !== 'object' || Array.isArray(data)) return template.ListParams.every((s) => !s.Require);
	return template.ListParams.every((spec) => paramOk(spec, data[spec.Name]));
}

module.exports = function zaloArea(ctx) {
	const { INVALID } = ctx;

	/** VND for one ZNS: the template's own price when it has one, else the SmsType's; priority costs the difference more. */
	function znsPrice(template, smsType) {
		const base = template.Price ?? ctx.cfg.prices[25];
		return smsType === 24 ? base + ctx.cfg.prices[24] - ctx.cfg.prices[25] : base;
	}

	/**
	 * The ZNS checks shared by SendZaloMessage_V6 and MultiChannelMessage: OA and template (791 / 799 / 789)
	 * and the parameters (790). Returns `{template}` or `{error}`.
	 */
	function checkZns(account, s, oaid, tempId, data) {
		const f = ctx.findZnsTemplate(account, oaid, tempId, s.err);
		if (f.error) return f;
		if (f.template.Status !== 'ENABLE') return { error: s.err(789, 'TemplateId is not config') };
		if (!tempDataOk(f.template, data)) return { error: s.err(790, WRONG_TEMPLATE) };
		return f;
	}

	/** Stores an accepted ZNS (and, for multichannel, what to send by SMS if it fails). */
	function acceptZns(account, s, { oaid, template, smsType, data, callbackUrl, campaign, fallback }) {
		return ctx.accept(account, s, {
			kind: 'zalo',
			smsType,
			oaid,
			tempId: String(template.TemplateId),
			content: JSON.stringify(data ?? {}),
			campaign,
			callbackUrl,
			fallback,
			zaloMsgId: crypto.randomBytes(10).toString('hex'),
			price: znsPrice(template, smsType),
		});
	}

	function sendZalo(p) {
		if (p.phone === undefined) return INVALID;
		const account = ctx.authenticate(p);
		const s = ctx.checkSend(p, { account, kind: 'zalo', smsType: 25, jsonStyle: true });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		const oaid = String(p.oaid ?? '');
		const z = checkZns(account, s, oaid, String(p.tempid ?? ''), p.tempdata);
		if (z.error) return z.error;
		const r = acceptZns(account, s, {
			oaid,
			template: z.template,
			smsType: String(p.smstype ?? '') === '24' ? 24 : 25,
			data: p.tempdata,
			callbackUrl: p.callbackurl ? String(p.callbackurl) : undefined,
			campaign: p.campaignid === undefined ? undefined : String(p.campaignid),
		});
		if (r.error) return r.error;
		return { CodeResult: '100', CountRegenerate: 0, SMSID: r.smsId };
	}

	function zaloStatus(p) {
		const account = ctx.authenticate(p);
		if (!account) return { CodeResult: '101', ErrorMessage: 'Authorize Failed' };
		if (!ctx.withinRate(account, 'QueryZnsStatus')) return { CodeResult: '160', ErrorMessage: 'TPS limit exceeded' };
		const smsId = p.smsid === undefined ? '' : String(p.smsid).trim();
		if (smsId === '') return { CodeResult: '851', ErrorMessage: 'Missing MessageId or SMSID' };
		const smsType = String(p.smstype ?? '');
		if (smsType !== '24' && smsType !== '25') return { CodeResult: '118', ErrorMessage: 'SmsType is not supported' };
		const msg = ctx.messages.get(smsId);
		if (!ctx.findable(msg, account, 'zalo') || String(msg.smsType) !== smsType)
			return { CodeResult: '854', ErrorMessage: 'No data found' };
		const st = ctx.stateOf(msg);
		const final = st.phase === 'final';
		const ok = msg.outcome.result === 'delivered';
		return {
			CodeResult: '100',
			Data: {
				ErrorInfo: final ? (ok ? '0' : String(msg.outcome.errorInfo ?? '1001')) : undefined,
				FinalStatus: final ? '1' : '0',
				SMSID: msg.smsId,
				SendFailed: final && !ok ? 1 : 0,
				SendStatus: st.sendStatus,
				SendSuccess: final && ok ? 1 : 0,
				TotalPrice: decimal1(msg.price),
				TotalReceiver: 1,
				TotalSent: st.phase === 'waiting' ? 0 : 1,
				ZaloMsgId: st.phase === 'waiting' ? undefined : msg.zaloMsgId,
			},
		};
	}

	return {
		znsPrice,
		checkZns,
		acceptZns,
		routes: {
			'POST QueryZnsStatus': (q, b) => zaloStatus(b),
			'POST SendZaloMessage_V6': (q, b) => sendZalo(b),
		},
	};
};
module.exports.tempDataOk = tempDataOk;
