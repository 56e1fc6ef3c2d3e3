'use strict';
/**
 * Codes that eSMS makes, sends and checks (esms-api/ham-gui-tin/tin-gencode-tu-dong-sms.md,
 * …/tin-gencode-tu-dong-multichanel-zalo-greater-than-sms.md, esms-api/cac-api-khac/ham-check-code.md):
 * - GET SendMessageAutoGenCode_V4_get: a code in a customer-care SMS (`message` with `{OTP}`, Type 2).
 * - POST SendMessageAutoGenCode_V5: Zalo first, SMS when the phone has no Zalo, from a multichannel
 *   template eSMS set up (MultiChannelTempId); TypeId 1 makes the code only, 2 makes and sends it.
 * - GET CheckCodeGen_V4_get: 100 for the right code, once, within its lifetime (the simulator's clock);
 *   117 for a wrong, used or expired code (the pages), or 171 (the code table) after setOtpInvalidCode.
 *
 * Choices where the pages are silent (README, "The eSMS simulator"): a new code for a phone replaces the
 * previous one; TimeAlive absent on the SMS page means 5 minutes, and outside 2–10 (SMS) or 2–15 (Zalo
 * then SMS) is an invalid request, as is a NumCharOfCode outside 1–20; IsNumber absent means letters
 * and digits (the pages' example code is 1NTTJ6); "create only" answers the code in `Code`; an unknown
 * MultiChannelTempId answers 110. The answers carry no Request ID and the pages document no callback.
 */
const crypto = require('node:crypto');
const { PHONE_RE, nationalPhone } = require('./util');

/** The multichannel templates of every account: ID → its ZNS part and its customer-care SMS part. */
const MULTICHANNEL_OTP = {
	22575: { oaid: '1397492183140006179', tempId: '2056447', brandname: 'Baotrixemay', content: '{OTP} la ma xac minh dang ky Baotrixemay cua ban' },
};

const DIGITS = '0123456789';
const LETTERS_AND_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function makeCode(length, alphabet) {
	let code = '';
	for (let i = 0; i < length; i++) code += alphabet[crypto.randomInt(alphabet.length)];
	return code;
}

/** A whole number from min to max, `fallback` when absent, NaN when invalid. */
function bounded(value, fallback, min, max) {
	if (value === undefined || String(value).trim() === '') return fallback;
	const n = Number(String(value).trim());
	return Number.isInteger(n) && n >= min && n <= max ? n : NaN;
}

module.exports = function otpArea(ctx) {
	const { INVALID } = ctx;

	/** Stores the code of `account` for `phone`, replacing an earlier one. */
	function remember(account, phone, code, minutes, smsId) {
		ctx.otpCodes.set(`${account.userId}|${nationalPhone(phone)}`, {
			phone: nationalPhone(phone),
			code,
			smsId,
			expiresAt: ctx.now() + minutes * 60_000,
			used: false,
			seq: ++ctx.state.seq,
		});
	}

	function sendSms(p) {
		if (p.phone === undefined || p.brandname === undefined || p.message === undefined || p.type === undefined) return INVALID;
		const account = ctx.authenticate(p);
		const s = ctx.checkSend({ phone: p.phone }, { account, kind: 'sms', smsType: 2, jsonStyle: false });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		const minutes = bounded(p.timealive, 5, 2, 10);
		const length = bounded(p.numcharofcode, 6, 1, 20);
		const message = String(p.message);
		if (Number.isNaN(minutes) || Number.isNaN(length) || !message.includes('{OTP}')) return INVALID;
		if (String(p.type) !== '2') return s.err(118, 'SmsType is not supported');
		const code = makeCode(length, String(p.isnumber ?? '0') === '1' ? DIGITS : LETTERS_AND_DIGITS);
		const content = message.split('{OTP}').join(code);
		const t = ctx.checkBrandContent(account, s, p.brandname, content);
		if (t.error) return t.error;
		const r = ctx.accept(account, s, {
			kind: 'sms',
			smsType: 2,
			content,
			isUnicode: false,
			brandname: String(p.brandname),
			price: ctx.cfg.prices[2] * ctx.segmentCount(content, false),
		});
		if (r.error) return r.error;
		remember(account, s.phone, code, minutes, r.smsId);
		return { CodeResult: '100', CountRegenerate: 0, SMSID: r.smsId };
	}

	function sendMultichannel(p) {
		if (p.phone === undefined || p.timealive === undefined || p.multichanneltempid === undefined || p.typeid === undefined) return INVALID;
		const account = ctx.authenticate(p);
		const s = ctx.checkSend({ phone: p.phone }, { account, kind: 'zalo', smsType: 25, jsonStyle: true });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		const minutes = bounded(p.timealive, NaN, 2, 15);
		const typeId = String(p.typeid);
		if (Number.isNaN(minutes) || (typeId !== '1' && typeId !== '2')) return INVALID;
		const template = MULTICHANNEL_OTP[String(p.multichanneltempid).trim()];
		if (!template) return s.err(110, 'MultiChannelTempId is not valid');
		const code = makeCode(6, DIGITS);
		if (typeId === '1') {
			const smsId = ctx.newSmsId(account, 'zalo');
			remember(account, s.phone, code, minutes, smsId);
			return { Code: code, CodeResult: '100', CountRegenerate: 0, SMSID: smsId };
		}
		// Zalo when the phone has an account, else the SMS with the same code (one message either way)
		const zalo = !ctx.noZalo.has(nationalPhone(s.phone));
		const content = template.content.split('{OTP}').join(code);
		const r = zalo
			? ctx.accept(account, s, { kind: 'zalo', smsType: 25, oaid: template.oaid, tempId: template.tempId, price: ctx.cfg.prices[25] })
			: ctx.accept(account, s, { kind: 'sms', smsType: 2, content, isUnicode: false, brandname: template.brandname, price: ctx.cfg.prices[2] });
		if (r.error) return r.error;
		remember(account, s.phone, code, minutes, r.smsId);
		return { CodeResult: '100', CountRegenerate: 0, SMSID: r.smsId };
	}

	function check(p) {
		if (p.phone === undefined || p.code === undefined) return INVALID;
		const account = ctx.authenticate(p);
		const err = (code, ErrorMessage) => ({ CodeResult: String(code), CountRegenerate: 0, ErrorMessage });
		if (!account) return err(101, 'Authorize Failed');
		if (account.locked) return err(143, 'Account is not activated or has been locked');
		const phone = String(p.phone).trim();
		if (!PHONE_RE.test(phone)) return err(108, `The phone number ${phone} is not valid.`);
		const code = String(p.code);
		const entry = ctx.otpCodes.get(`${account.userId}|${nationalPhone(phone)}`);
		if (!entry || entry.used || entry.code !== code || ctx.now() >= entry.expiresAt)
			return err(ctx.state.otpInvalidCode, `${phone}, Content: ${code} Code Invalid`);
		entry.used = true;
		return err(100, `${phone}, Content: Success!`);
	}

	/** Test hook: the latest code made for a phone (any account), or undefined. */
	function otpCode(phone) {
		const national = nationalPhone(String(phone).replace(/^\+/, ''));
		let latest;
		for (const entry of ctx.otpCodes.values()) if (entry.phone === national && (!latest || entry.seq > latest.seq)) latest = entry;
		return latest?.code;
	}

	/** Which code CheckCodeGen answers for a wrong, used or expired code: '117' (the pages, default) or '171' (the code table). */
	function setOtpInvalidCode(code) {
		if (String(code) !== '117' && String(code) !== '171') throw new Error('the invalid-code answer is 117 or 171');
		ctx.state.otpInvalidCode = String(code);
	}

	return {
		otpCode,
		setOtpInvalidCode,
		routes: {
			'GET SendMessageAutoGenCode_V4_get': (q) => sendSms(q),
			'POST SendMessageAutoGenCode_V5': (q, b) => sendMultichannel(b),
			'GET CheckCodeGen_V4_get': (q) => check(q),
		},
	};
};
module.exports.MULTICHANNEL_OTP = MULTICHANNEL_OTP;
