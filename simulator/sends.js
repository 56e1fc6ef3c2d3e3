'use strict';
/** Validation shared by every send (SMS, Zalo, voice). */
const { DAY, PHONE_RE, nationalPhone, parseVnDate } = require('./util');

module.exports = function sendsArea(ctx) {
	/**
	 * Checks shared by SMS, Zalo and voice sends, in the order eSMS appears to apply them
	 * (authorisation first, money last). Returns `{error}`, `{invalid}` or the parsed send
	 * `{phone, requestId, sendAt, sandbox, err}` where `err(code, message, extra)` builds this kind's error body.
	 */
	function checkSend(p, { account, kind, smsType, jsonStyle }) {
		const err = (code, ErrorMessage, extra) =>
			kind === 'voice'
				? { CodeResult: String(code), ErrorMessage, ...extra }
				: { CodeResult: String(code), CountRegenerate: 0, ErrorMessage, ...extra };
		if (!account) return { error: err(101, 'Authorize Failed') };
		if (account.locked) return { error: err(143, 'Account is not activated or has been locked') };

		const phoneField = String(p.phone ?? '').trim();
		const phones = phoneField.split(/[,;]/).map((x) => x.trim()).filter(Boolean);
		if (kind === 'sms' && smsType === 8 && phones.length > 1)
			return { error: err(163, 'Phone list exceeds the limit: SmsType 8 accepts one phone number per request') };
		const phone = phones[0] ?? '';
		if (!PHONE_RE.test(phone)) return { error: err(108, `The phone number ${phone} is not valid.`) };
		if (account.blockedPhones.has(nationalPhone(phone))) return { error: err(99, 'Phone number is blocked') };

		const requestId = p.requestid === undefined || p.requestid === '' ? undefined : String(p.requestid);
		if (requestId !== undefined && requestId.length > 50) return { invalid: true };
		if (requestId !== undefined) {
			const at = ctx.requestIds.get(`${account.userId}|${requestId}`);
			if (at !== undefined && ctx.now() - at < DAY)
				return { error: err(124, 'Request exist 1', jsonStyle ? { SendStatus: '5' } : {}) };
		}

		let sendAt;
		const sendDate = p.senddate === undefined ? '' : String(p.senddate).trim();
		if (sendDate !== '') {
			sendAt = parseVnDate(sendDate, kind === 'voice' ? '/' : '-');
			if (Number.isNaN(sendAt)) return { invalid: true };
		}
		const sandbox = String(p.sandbox ?? '0') === '1';
		return { phone, requestId, sendAt, sandbox, err };
	}

	/** A stored message the account may query: its own, of this kind, visible yet and under 7 days old. */
	function findable(msg, account, kind) {
		return (
			msg !== undefined &&
			msg.kind === kind &&
			msg.account === account &&
			ctx.now() - msg.acceptedAt >= ctx.cfg.timeline.visibleMs &&
			ctx.now() - msg.acceptedAt <= 7 * DAY
		);
	}

	return { checkSend, findable, INVALID: { error: 'Invalid request' } };
};
