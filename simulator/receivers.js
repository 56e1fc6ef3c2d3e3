'use strict';
/**
 * Per-number results (esms-api/ham-truy-xuat-va-dang-ky/ham-kiem-tra-chi-tiet-tung-so-trong-tin-nhan.md):
 * GET GetSmsReceiverStatus_get?RefId= answers `{CodeResult, ReceiverList: [{IsSent, NetworkName, Phone,
 * Retry, SentResult}]}`, booleans and a number although the page types them string; only the last 7 days.
 *
 * Each number of a message follows its own life cycle on the simulated clock (lifecycle.js): before the
 * message leaves eSMS (or before its send date) IsSent false; once sent, IsSent true and SentResult false
 * until the telco's report; at the final state SentResult true for a delivered number. A rejected number
 * is never sent. A message with several numbers (Viber `Phones`, an advertising `Phones` list) stores them
 * in `phones`; each number's outcome is fixed when eSMS accepts the message (setOutcome per phone).
 *
 * Where the page is silent (an SMSID eSMS does not know, or not listed yet): `CodeResult` 100 with an
 * empty ReceiverList, a choice of this simulator.
 */
const { nationalPhone, telcoId } = require('./util');

const NETWORK_NAMES = { 1: 'Viettel', 2: 'Mobifone', 3: 'Vinaphone', 4: 'Vietnamobile', 5: 'Gtel', 6: 'Itel', 7: 'Reddi' };

module.exports = function receiversArea(ctx) {
	/** The numbers of a message with the outcome of each (the first one's is the message's own). */
	function receiversOf(msg) {
		const phones = msg.phones ?? [msg.phone];
		// an advertising campaign keeps its own (advertising.js, `outcomes`)
		if (!msg.receiverOutcomes) msg.receiverOutcomes = msg.outcomes ?? phones.map((p, i) => (i === 0 ? msg.outcome : ctx.outcomeFor(p, msg.kind)));
		return phones.map((phone, i) => ({ phone, outcome: msg.receiverOutcomes[i] }));
	}

	/**
	 * How many of a message's numbers were delivered and how many failed at its final state; a message
	 * with one number and no `phones` counts `receivers` (the older single-outcome form) for both.
	 */
	function receiverCounts(msg) {
		// one number of a campaign, as its own callback reports it (advertising.js: receivers 1)
		if (!msg.phones || (msg.receivers ?? msg.phones.length) !== msg.phones.length) {
			const n = msg.receivers ?? 1;
			const ok = msg.outcome.result === 'delivered' || msg.outcome.result === 'answered';
			return { total: n, delivered: ok ? n : 0, failed: ok ? 0 : n };
		}
		const delivered = receiversOf(msg).filter((r) => r.outcome.result === 'delivered').length;
		return { total: msg.phones.length, delivered, failed: msg.phones.length - delivered };
	}

	function receiverStatus(p) {
		const refId = p.refid === undefined ? '' : String(p.refid).trim();
		if (refId === '') return ctx.INVALID;
		const account = ctx.authenticate(p);
		if (!account) return { CodeResult: '101', ErrorMessage: 'Authorize Failed' };
		let msg = ctx.messages.get(refId);
		// a multichannel SMSID that fell back to SMS answers for that SMS, as GetSendStatus does
		if (msg?.fallbackSmsId) msg = ctx.messages.get(msg.fallbackSmsId);
		if (!ctx.findable(msg, account, 'sms') && !ctx.findable(msg, account, 'viber')) return { CodeResult: '100', ReceiverList: [] };
		const { phase } = ctx.stateOf(msg);
		return {
			CodeResult: '100',
			ReceiverList: receiversOf(msg).map(({ phone, outcome }) => {
				const national = nationalPhone(phone);
				const sent = phase !== 'waiting' && outcome.result !== 'rejected';
				return {
					IsSent: sent,
					NetworkName: NETWORK_NAMES[telcoId(national)] ?? '',
					Phone: national,
					Retry: 0,
					SentResult: sent && phase === 'final' && outcome.result === 'delivered',
				};
			}),
		};
	}

	return { receiversOf, receiverCounts, routes: { 'GET GetSmsReceiverStatus_get': (q) => receiverStatus(q) } };
};
