'use strict';
/** Zalo ZNS: SendZaloMessage_V6 and QueryZnsStatus. Docs: esms-api/ham-gui-tin/tin-nhan-zalo.md. */
const crypto = require('node:crypto');
const { decimal1 } = require('./serialize');

module.exports = function zaloArea(ctx) {
	const { INVALID } = ctx;

	function sendZalo(p) {
		if (p.phone === undefined) return INVALID;
		const account = ctx.authenticate(p);
		const s = ctx.checkSend(p, { account, kind: 'zalo', smsType: 25, jsonStyle: true });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		const oaid = String(p.oaid ?? '');
		const tempId = String(p.tempid ?? '');
		if (!oaid || !tempId) return s.err(791, 'Missing OA ID or Template ID');
		const templates = account.zaloOAs.get(oaid);
		if (!templates) return s.err(799, 'OAID is inactive, wrong, or not added to this account');
		if (!templates.includes(tempId)) return s.err(789, 'TemplateId is not config');
		const smsType = String(p.smstype ?? '') === '24' ? 24 : 25;
		const r = ctx.accept(account, s, {
			kind: 'zalo',
			smsType,
			oaid,
			tempId,
			content: JSON.stringify(p.tempdata ?? {}),
			callbackUrl: p.callbackurl ? String(p.callbackurl) : undefined,
			zaloMsgId: crypto.randomBytes(10).toString('hex'),
			price: ctx.cfg.prices[smsType],
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
		routes: {
			'POST QueryZnsStatus': (q, b) => zaloStatus(b),
			'POST SendZaloMessage_V6': (q, b) => sendZalo(b),
		},
	};
};
