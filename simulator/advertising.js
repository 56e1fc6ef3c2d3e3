'use strict';
/**
 * Advertising SMS (SmsType 1): SendMultipleSMSBrandname_json (esms-api/ham-gui-tin/tin-sms-quang-cao.md)
 * and its price estimate SummaryMultipleSMSBrandname (esms-api/ham-truy-xuat-va-dang-ky/
 * ham-tam-tinh-gia-tin-nhan-quang-cao.md, an XML body sent as text/plain).
 *
 * Send: a `Phones` array of 30 to 5,000 distinct valid numbers (107 "Each request has at least 30 numbers
 * to be approved" below 30; 120 above 5,000, the table's "phone list exceeds the limit"), an advertising
 * brandname (Type 1) of the account (104). Numbers that are not valid, and repeats, are left out and do not
 * count (the docs: "ít nhất 30 số điện thoại hợp lệ"). One SMSID for the request; the ledger has one entry
 * per phone, each number has its own outcome (setOutcome), is refunded when it fails, and gets its own
 * callback (phonenumber, telcoid) with the request's SMSID. A repeated RequestId within 24 h: 124, without
 * the CSKH send's SendStatus (§12.1). Not enforced here: Decree 91's hours (the node keeps them).
 */
const { PHONE_RE, DAY, nationalPhone, parseVnDate } = require('./util');
const { decimal4 } = require('./serialize');
const { segmentCount } = require('./sms');

/** Price of one advertising SMS part (type 1); the docs' estimate example, 1691300 / 2997, is about 564 a number. */
const DEFAULT_AD_PRICE = 565;

module.exports = function advertisingArea(ctx) {
	const { INVALID } = ctx;
	const err = (code, ErrorMessage) => ({ CodeResult: String(code), CountRegenerate: 0, ErrorMessage });
	const price = () => ctx.cfg.prices[1] ?? DEFAULT_AD_PRICE;

	/** The distinct valid numbers of a list, national form, in order. */
	function validPhones(list) {
		const seen = new Set();
		for (const x of list) {
			const p = String(x).trim();
			if (PHONE_RE.test(p)) seen.add(nationalPhone(p));
		}
		return [...seen];
	}

	function send(p) {
		if (p.content === undefined || p.brandname === undefined || p.smstype === undefined || !Array.isArray(p.phones)) return INVALID;
		const account = ctx.authenticate(p);
		if (!account) return err(101, 'Authorize Failed');
		if (account.locked) return err(143, 'Account is not activated or has been locked');
		if (String(p.smstype) !== '1') return err(118, 'SmsType is not supported');
		const brand = account.brandnames.get(String(p.brandname));
		if (!brand || brand.Type !== 1) return err(104, 'Brand name code is not exist');
		const phones = validPhones(p.phones);
		if (phones.length < 30) return err(107, 'Each request has at least 30 numbers to be approved');
		if (phones.length > 5000) return err(120, 'Phone list exceeds the limit');
		const requestId = p.requestid === undefined || p.requestid === '' ? undefined : String(p.requestid);
		if (requestId !== undefined && requestId.length > 50) return INVALID;
		if (requestId !== undefined) {
			const at = ctx.requestIds.get(`${account.userId}|${requestId}`);
			if (at !== undefined && ctx.now() - at < DAY) return err(124, 'Request exist 1');
		}
		let sendAt;
		const sendDate = p.senddate === undefined ? '' : String(p.senddate).trim();
		if (sendDate !== '') {
			sendAt = parseVnDate(sendDate, '-');
			if (Number.isNaN(sendAt)) return INVALID;
		}
		const content = String(p.content);
		if (content.trim() === '') return INVALID;
		const each = price() * segmentCount(content, false);
		const total = each * phones.length;
		if (account.balance < total) return err(103, 'Not enough balance to send message.');
		const smsId = ctx.newSmsId(account, 'sms');
		if (String(p.sandbox ?? '0') === '1') {
			for (const phone of phones) ctx.sandboxSends.push({ smsId, phone, kind: 'sms' });
			return { CodeResult: '100', CountRegenerate: 0, SMSID: smsId };
		}
		const acceptedAt = ctx.now();
		const callbackUrl = p.callbackurl ? String(p.callbackurl) : undefined;
		const msg = {
			smsId,
			kind: 'sms',
			smsType: 1,
			account,
			phone: phones[0],
			phones,
			receivers: phones.length,
			outcomes: phones.map((phone) => ctx.outcomeFor(phone, 'sms')),
			content,
			brandname: brand.Brandname,
			requestId,
			callbackUrl,
			acceptedAt,
			startAt: Math.max(acceptedAt, sendAt ?? 0),
			outcome: { result: 'delivered' },
			price: total,
			pricePerPhone: each,
			finalHandled: false,
			campaignOf: true,
		};
		account.balance -= total;
		if (requestId !== undefined) ctx.requestIds.set(`${account.userId}|${requestId}`, acceptedAt);
		ctx.messages.set(smsId, msg);
		for (const phone of phones)
			ctx.ledger.push({
				smsId,
				kind: 'sms',
				smsType: 1,
				userId: account.userId,
				phone,
				content,
				isUnicode: false,
				requestId,
				callbackUrl,
				brandname: brand.Brandname,
				receivers: phones.length,
				scheduledFor: sendAt === undefined ? undefined : new Date(sendAt).toISOString(),
				acceptedAt: new Date(acceptedAt).toISOString(),
				price: each,
			});
		return { CodeResult: '100', CountRegenerate: 0, SMSID: smsId };
	}

	/**
	 * A campaign that reached its final state (lifecycle.js tick): each failed number is refunded, and
	 * each number gets its own callback. The request's outcome counts its numbers (GetSendStatus).
	 */
	function finishCampaign(msg) {
		msg.phones.forEach((phone, i) => {
			const ok = msg.outcomes[i].result === 'delivered';
			if (!ok) {
				msg.account.balance += msg.pricePerPhone;
				msg.price -= msg.pricePerPhone;
			}
			if (msg.callbackUrl)
				ctx.scheduleCallback({ ...msg, phone, receivers: 1, outcome: msg.outcomes[i], price: ok ? msg.pricePerPhone : 0 });
		});
	}

	/** `<TAG>value</TAG>` values of a small XML body (no attributes, entities decoded). */
	function tags(text, name) {
		const re = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'gi');
		const decode = (v) => v.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
		return [...text.matchAll(re)].map((m) => decode(m[1]));
	}

	function estimate(q, b, text) {
		if (typeof text !== 'string' || !/^\s*<RQST>[\s\S]*<\/RQST>\s*$/.test(text)) return INVALID;
		const one = (name) => tags(text, name)[0];
		const account = ctx.authenticate({ apikey: one('APIKEY'), secretkey: one('SECRETKEY') });
		if (!account) return { CodeResult: '101', CountRegenerate: 0, ErrorMessage: 'Authorize Failed' };
		const content = one('CONTENT');
		if (content === undefined || one('SMSTYPE') === undefined) return INVALID;
		if (String(one('SMSTYPE')).trim() !== '1') return { CodeResult: '118', ErrorMessage: 'SmsType is not supported' };
		const brand = account.brandnames.get(String(one('BRANDNAME') ?? ''));
		if (!brand || brand.Type !== 1) return { CodeResult: '104', ErrorMessage: 'Brand name code is not exist' };
		const phones = validPhones(tags(text, 'PHONE'));
		return {
			CodeResult: '100',
			ErrorMessage: 'success',
			TotalPrice: decimal4(price() * segmentCount(content, false) * phones.length),
			TotalReceiver: phones.length,
		};
	}
	estimate.rawBody = true;

	return {
		finishCampaign,
		routes: {
			'POST SendMultipleSMSBrandname_json': (q, b) => send(b),
			'POST SummaryMultipleSMSBrandname': estimate,
		},
	};
};
