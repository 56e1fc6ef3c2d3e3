'use strict';
/**
 * SMS: SendMultipleMessage_V4_get / _post_json (SmsType 8 fixed number, 2 brandname customer care) and
 * GetSendStatus. Docs: esms-api/ham-gui-tin/*.md, ham-kiem-tra-tin-nhan-theo-smsid.
 */
const { decimal4 } = require('./serialize');
const { telcoId } = require('./util');

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

	/**
	 * A customer-care brandname of this account (104 otherwise) and content matching one of its templates
	 * registered for the phone's network (146 otherwise, which still carries an SMSID, as documented).
	 */
	function checkBrandContent(account, s, brandname, content) {
		const brand = account.brandnames.get(String(brandname ?? ''));
		if (!brand || brand.Type !== 2) return { error: s.err(104, 'Brand name code is not exist') };
		const network = telcoId(s.phone);
		const templates = brand.templates.filter((t) => t.NetworkID === network).map((t) => t.TempContent);
		if (!matchesTemplate(templates, content))
			return { error: s.err(146, 'Sai template Brandname CSKH', { SMSID: ctx.newSmsId(account, 'sms') }) };
		return {};
	}

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
		if (smsType === 2) {
			const t = ctx.checkBrandContent(account, s, p.brandname, content);
			if (t.error) return t.error;
		}
		const isUnicode = String(p.isunicode ?? p.unicode ?? '0') === '1';
		const segments = segmentCount(content, isUnicode);
		const r = ctx.accept(account, s, {
			kind: 'sms',
			smsType,
			content,
			isUnicode,
			brandname: smsType === 2 ? String(p.brandname) : undefined,
			campaign: p.campaignid === undefined ? undefined : String(p.campaignid),
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
		let msg = ctx.messages.get(refId);
		// a multichannel SMSID that fell back to SMS answers for that SMS (its own SMSID says so)
		if (msg?.fallbackSmsId) msg = ctx.messages.get(msg.fallbackSmsId);
		if (!ctx.findable(msg, account, 'sms') && !ctx.findable(msg, account, 'viber'))
			return { CodeResponse: '105', SMSID: refId };
		const st = ctx.stateOf(msg);
		const final = st.phase === 'final';
		// each number's own outcome (receivers.js)
		const c = ctx.receiverCounts(msg);
		const n = c.total;
		return {
			CodeResponse: '100',
			SMSID: msg.smsId,
			SendFailed: final ? c.failed : 0,
			SendStatus: st.sendStatus,
			SendSuccess: final ? c.delivered : 0,
			TotalPrice: decimal4(msg.price),
			TotalReceiver: n,
			TotalSent: st.phase === 'waiting' ? 0 : n,
		};
	}

	return {
		checkBrandContent,
		segmentCount,
		routes: {
			'GET SendMultipleMessage_V4_get': (q) => sendSms(q, false),
			'POST SendMultipleMessage_V4_post_json': (q, b) => sendSms(b, true),
			'GET GetSendStatus': (q) => smsStatus(q),
		},
	};
};
module.exports.segmentCount = segmentCount;
module.exports.matchesTemplate = matchesTemplate;
