'use strict';
/**
 * Viber (esms-api/ham-gui-tin/tin-viber.md): POST Send_Multiple_Sms_OTT/ with SmsType 23, a Viber
 * brandname (Type 23) of the account, a `Phones` array and `IsSandBox`. One SMSID for the request,
 * priced per phone; reported back through GetSendStatus and the SMS-style callback (TypeId 23).
 */
const { PHONE_RE } = require('./util');

module.exports = function viberArea(ctx) {
	const { INVALID } = ctx;

	function send(p) {
		const phones = Array.isArray(p.phones) ? p.phones.map((x) => String(x).trim()) : undefined;
		const hasBody = p.content !== undefined || p.ottimgurl !== undefined;
		if (!phones || phones.length === 0 || !hasBody || p.smstype === undefined) return INVALID;
		const account = ctx.authenticate(p);
		const s = ctx.checkSend({ ...p, phone: phones[0], sandbox: p.issandbox ?? p.sandbox }, { account, kind: 'viber', smsType: 23, jsonStyle: true });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		const bad = phones.find((x) => !PHONE_RE.test(x));
		if (bad !== undefined) return s.err(108, `The phone number ${bad} is not valid.`);
		if (String(p.smstype) !== '23') return s.err(118, 'SmsType is not supported');
		const brand = account.brandnames.get(String(p.brandname ?? ''));
		if (!brand || brand.Type !== 23) return s.err(104, 'Brand name code is not exist');
		const r = ctx.accept(account, s, {
			kind: 'viber',
			smsType: 23,
			content: p.content === undefined ? undefined : String(p.content),
			brandname: brand.Brandname,
			receivers: phones.length,
			// each number's own life cycle: receivers.js
			phones,
			options: { ottImgUrl: p.ottimgurl, ottLabel: p.ottlabel, ottUrl: p.otturl },
			callbackUrl: p.callbackurl ? String(p.callbackurl) : undefined,
			price: ctx.cfg.prices[23] * phones.length,
		});
		if (r.error) return r.error;
		return { CodeResult: '100', CountRegenerate: 0, SMSID: r.smsId };
	}

	return { routes: { 'POST Send_Multiple_Sms_OTT': (q, b) => send(b) } };
};
