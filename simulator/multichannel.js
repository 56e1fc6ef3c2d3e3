'use strict';
/**
 * MultiChannelMessage (esms-api/ham-gui-tin/tin-mutichanel-zalo-greater-than-sms-otp-cskh.md): a ZNS first,
 * and a customer-care SMS when the ZNS fails (for instance, the phone has no Zalo account). Both parts are
 * checked before anything is accepted: the ZNS as SendZaloMessage_V6 does (Params in the template's order),
 * the SMS as SmsType 2 does (104 / 146). The answer carries the ZNS's SMSID.
 */

module.exports = function multichannelArea(ctx) {
	const { INVALID } = ctx;

	/** Params (values in ListParams order, a repeated name given once) → TempData by name. */
	function paramsToData(template, params) {
		const names = [...new Set(template.ListParams.map((x) => x.Name))];
		return Object.fromEntries(names.map((name, i) => [name, params[i]]));
	}

	function send(p) {
		const data = Array.isArray(p.data) ? p.data : undefined;
		const channels = Array.isArray(p.channels) ? p.channels.map((c) => String(c).toLowerCase()) : [];
		if (p.phone === undefined || !data || channels[0] !== 'zalo' || channels[1] !== 'sms') return INVALID;
		// each Data entry is read like a send body (member names case-insensitive, as everywhere here)
		const [zalo, sms] = data.map((d) => Object.fromEntries(Object.entries(d ?? {}).map(([k, v]) => [k.toLowerCase(), v])));
		if (!zalo || !sms) return INVALID;
		const account = ctx.authenticate(p);
		const s = ctx.checkSend({ ...zalo, phone: p.phone }, { account, kind: 'zalo', smsType: 25, jsonStyle: true });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		const oaid = String(zalo.oaid ?? '');
		const f = ctx.findZnsTemplate(account, oaid, String(zalo.tempid ?? ''), s.err);
		if (f.error) return f.error;
		const tempData = paramsToData(f.template, Array.isArray(zalo.params) ? zalo.params : []);
		const z = ctx.checkZns(account, s, oaid, String(zalo.tempid), tempData);
		if (z.error) return z.error;
		if (String(sms.smstype ?? '2') !== '2') return s.err(118, 'SmsType is not supported');
		const content = String(sms.content ?? '');
		if (content.trim() === '') return INVALID;
		const b = ctx.checkBrandContent(account, s, sms.brandname, content);
		if (b.error) return b.error;
		const r = ctx.acceptZns(account, s, {
			oaid,
			template: z.template,
			smsType: 25,
			data: tempData,
			callbackUrl: zalo.callbackurl ? String(zalo.callbackurl) : undefined,
			campaign: zalo.campaignid === undefined ? undefined : String(zalo.campaignid),
			fallback: {
				brandname: String(sms.brandname),
				content,
				isUnicode: String(sms.isunicode ?? '0') === '1',
				callbackUrl: sms.callbackurl ? String(sms.callbackurl) : undefined,
			},
		});
		if (r.error) return r.error;
		return { CodeResult: '100', CountRegenerate: 0, SMSID: r.smsId };
	}

	/** Called at a failed multichannel ZNS's final state: sends (and charges) the SMS part. */
	function sendFallback(zns) {
		const f = zns.fallback;
		const s = { phone: zns.phone, sandbox: false, err: (code, ErrorMessage) => ({ CodeResult: String(code), ErrorMessage }) };
		const parts = ctx.segmentCount(f.content, f.isUnicode);
		const r = ctx.accept(zns.account, s, {
			kind: 'sms',
			smsType: 2,
			content: f.content,
			isUnicode: f.isUnicode,
			brandname: f.brandname,
			callbackUrl: f.callbackUrl,
			fallbackOf: zns.smsId.trim(),
			price: ctx.cfg.prices[2] * parts,
		});
		if (r.error) zns.fallbackError = r.error.CodeResult;
		else zns.fallbackSmsId = r.smsId;
	}

	return { sendFallback, routes: { 'POST MultiChannelMessage': (q, b) => send(b) } };
};
