'use strict';
/**
 * SMS: SendMultipleMessage_V4_get / _post_json (SmsType 8 fixed number, 2 brandname customer care) and
 * GetSendStatus. Docs: esms-api/ham-gui-tin/*.md, ham-kiem-tra-tin-nhan-theo-smsid.
 */
const { decimal4 } = require('./serialize');

/** Characters of the GSM 03.38 extension table take two septets. */
const GSM_EXT = '^{}\\[~]|€\f';

/** Parts of a message: UCS-2 counts UTF-16 code units (70 / 67), GSM counts septets (160 / 153). */
function segmentCount(text, unicode) {
	const chars = [...text];
	if (unicode) return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
	let units = 0;
	for (const ch of chars) units += GSM_EXT.includes(ch) ? 2 : 1;
	return units <= 160 ? 1 : Math.ceil(units / 153);
}

/** Whether content matches one of the templates, where `{P1,8}` stands for 1 to 8 characters. */
function matchesTemplate(templates, content) {
	return templates.some((t) => {
		const pattern = t
			.split(/(\{P\d+,\d+\})/)
			.map((part) => {
				const v = /^\{P\d+,(\d+)\}$/.exec(part);
				return v ? `.{1,${v[1]}}` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			})
			.join('');
		return new RegExp(`^${pattern}$`, 's').test(content);
	});
}

module.exports = function smsArea(ctx) {
	const { INVALID } = ctx;

	function sendSms(p, jsonStyle) {
		if (p.phone === undefined || p.content === undefined || p.smstype === undefined) return INVALID;
		const account = ctx.authenticate(p);
		const smsType = Number(p.smstype);
		const s = ctx.checkSend(p, { account, kind: 'sms', smsType, jsonStyle });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		if (smsType !== 8 && smsType !== 2) return s.err(118, 'SmsType is not supported');
		const content = String(p.content);
		if (content.trim() === '') return INVALID;
		if (smsType === 2 && !account.brandnames.has(String(p.brandname ?? '')))
			return s.err(104, 'Brand name code is not exist');
		if (smsType === 2 && !matchesTemplate(account.templates[String(p.brandname)] ?? [], content))
			// documented: the 146 answer still carries an SMSID, for a message that is never sent
			return s.err(146, 'Sai template Brandname CSKH', { SMSID: ctx.newSmsId(account, 'sms') });
		const isUnicode = String(p.isunicode ?? p.unicode ?? '0') === '1';
		const segments = segmentCount(content, isUnicode);
		const r = ctx.accept(account, s, {
			kind: 'sms',
			smsType,
			content,
			isUnicode,
			brandname: smsType === 2 ? String(p.brandname) : undefined,
			callbackUrl: p.callbackurl ? String(p.callbackurl) : undefined,
			price: ctx.cfg.prices[smsType] * segments,
		});
		if (r.error) return r.error;
		return { CodeResult: '100', CountRegenerate: 0, SMSID: r.smsId };
	}

	function smsStatus(p) {
		const refId = p.refid === undefined ? '' : String(p.refid);
		if (refId === '') return INVALID;
		const account = ctx.authenticate(p);
		if (!account) return { CodeResponse: '101', SMSID: refId };
		const msg = ctx.messages.get(refId);
		if (!ctx.findable(msg, account, 'sms')) return { CodeResponse: '105', SMSID: refId };
		const st = ctx.stateOf(msg);
		const final = st.phase === 'final';
		const ok = msg.outcome.result === 'delivered';
		return {
			CodeResponse: '100',
			SMSID: msg.smsId,
			SendFailed: final && !ok ? 1 : 0,
			SendStatus: st.sendStatus,
			SendSuccess: final && ok ? 1 : 0,
			TotalPrice: decimal4(msg.price),
			TotalReceiver: 1,
			TotalSent: st.phase === 'waiting' ? 0 : 1,
		};
	}

	return {
		routes: {
			'GET SendMultipleMessage_V4_get': (q) => sendSms(q, false),
			'POST SendMultipleMessage_V4_post_json': (q, b) => sendSms(b, true),
			'GET GetSendStatus': (q) => smsStatus(q),
		},
	};
};
module.exports.segmentCount = segmentCount;
module.exports.matchesTemplate = matchesTemplate;
