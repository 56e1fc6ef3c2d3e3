'use strict';
/** Voice (voiceapi.esms.vn): MakeCallRecord_V2 and GetSendStatus?ReferenceId=. Docs: esms-api/ham-goi-voice/. */

module.exports = function voiceArea(ctx) {
	const { INVALID } = ctx;

	function makeCall(p) {
		if (p.phone === undefined || p.templateid === undefined) return INVALID;
		const account = ctx.authenticate(p);
		const s = ctx.checkSend(p, { account, kind: 'voice', smsType: 0, jsonStyle: false });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		if (!account.voiceTemplates.has(String(p.templateid)))
			return s.err(106, 'Record file does not exist');
		const r = ctx.accept(account, s, {
			kind: 'voice',
			smsType: 0,
			templateId: String(p.templateid),
			callbackUrl: p.callbackurl ? String(p.callbackurl) : undefined,
			price: ctx.cfg.prices.voice,
		});
		if (r.error) return r.error;
		return { CodeResult: '100', SMSID: r.smsId };
	}

	function voiceStatus(p) {
		const voiceError = (code, ErrorMessage) => ({ CodeResult: String(code), CountRegenerate: 0, ErrorMessage });
		const refId = p.referenceid === undefined ? '' : String(p.referenceid).trim();
		if (refId === '') return INVALID;
		const account = ctx.authenticate(p);
		if (!account) return voiceError(101, 'Authorize Failed');
		const msg = ctx.messages.get(refId) ?? ctx.messages.get(refId.toUpperCase());
		if (!ctx.findable(msg, account, 'voice')) return voiceError(105, 'Call not found');
		const st = ctx.stateOf(msg);
		const o = msg.outcome;
		const final = st.phase === 'final';
		const answered = final && o.result === 'answered';
		return {
			CallDuration: answered ? (o.duration ?? 13) : 0,
			CallStatus: final ? (answered ? 'ANSWERED' : o.result === 'noAnswer' ? 'NOANSWERED' : '') : '',
			CodeResponse: '100',
			Ivr: answered ? (o.ivr ?? '') : '',
			ReferenceId: msg.smsId,
			SendStatus: st.sendStatus,
			SentResult: final && (answered || o.result === 'noAnswer') ? 1 : 0,
		};
	}

	return {
		voiceRoutes: {
			'GET MakeCallRecord_V2': (q) => makeCall(q),
			'GET GetSendStatus': (q) => voiceStatus(q),
		},
	};
};
