'use strict';
/**
 * Voice (voiceapi.esms.vn, esms-api/ham-goi-voice/): MakeCallRecord_V2 (plays a recording),
 * MakeCallTemplate_V2 (text to speech) and GetSendStatus?ReferenceId=. Voice error bodies carry no
 * CountRegenerate on the sends; SendDate is `yyyy/MM/dd hh:mm:ss` here (see sends.js).
 */

/** MakeCallTemplate_V2 Voice values: north male, north female, south female, Hue female */
const VOICES = new Set(['male', 'female', 'hatieumai', 'ngoclam']);
/** MakeCallRecord_V2 options, kept in the ledger as sent */
const RECORD_OPTIONS = ['numberforward', 'maxrepeat', 'maxretry', 'ivr', 'timewaittoivr', 'waitretry'];

module.exports = function voiceArea(ctx) {
	const { INVALID } = ctx;

	/** Shared by both calls: checks, then accepts the call with `fields`; `missing(account)` is the template check. */
	function call(p, missing, fields) {
		if (p.phone === undefined || p.templateid === undefined) return INVALID;
		const account = ctx.authenticate(p);
		const s = ctx.checkSend(p, { account, kind: 'voice', smsType: 0, jsonStyle: false });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		const m = missing(account, s);
		if (m) return m;
		const r = ctx.accept(account, s, {
			kind: 'voice',
			smsType: 0,
			templateId: String(p.templateid),
			callbackUrl: p.callbackurl ? String(p.callbackurl) : undefined,
			price: ctx.cfg.prices.voice,
			...fields,
		});
		if (r.error) return r.error;
		return { CodeResult: '100', SMSID: r.smsId };
	}

	function makeRecordCall(p) {
		const options = Object.fromEntries(RECORD_OPTIONS.filter((k) => p[k] !== undefined && p[k] !== '').map((k) => [k, String(p[k])]));
		if (options.ivr !== undefined && !/^\d$/.test(options.ivr)) return INVALID;
		const missing = (account, s) =>
			account.voiceRecords.has(String(p.templateid)) ? undefined : s.err(106, 'Record file does not exist');
		return call(p, missing, { options: Object.keys(options).length ? options : undefined });
	}

	function makeTemplateCall(p) {
		const voice = p.voice === undefined || p.voice === '' ? undefined : String(p.voice);
		const speed = p.speed === undefined || p.speed === '' ? undefined : String(p.speed);
		if (voice !== undefined && !VOICES.has(voice)) return INVALID;
		if (speed !== undefined && !/^(?:-?[0-3])$/.test(speed)) return INVALID;
		const variables = p.variableliststr ? String(p.variableliststr).split('||') : [];
		const missing = (account, s) =>
			account.ttsTemplates.has(String(p.templateid)) ? undefined : s.err(104, 'Template not found');
		const options = { voice, speed };
		return call(p, missing, { variables, options: voice || speed ? options : undefined });
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
			ReferenceId: msg.smsId.trim(),
			SendStatus: st.sendStatus,
			SentResult: final && (answered || o.result === 'noAnswer') ? 1 : 0,
		};
	}

	return {
		voiceRoutes: {
			'GET MakeCallRecord_V2': (q) => makeRecordCall(q),
			'GET MakeCallTemplate_V2': (q) => makeTemplateCall(q),
			'GET GetSendStatus': (q) => voiceStatus(q),
		},
	};
};
