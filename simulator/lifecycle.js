'use strict';
/** The life cycle of messages and calls on the simulated clock: outcomes, phases, final-state processing. */
const { nationalPhone } = require('./util');

module.exports = function lifecycleArea(ctx) {
	const { cfg } = ctx;

	/** One outcome table serves messages and calls: a phone that answers calls also receives messages. */
	function outcomeFor(phone, kind) {
		// a phone without a Zalo account cannot receive ZNS, whatever else is set for it (Zalo error -118)
		if (kind === 'zalo' && ctx.noZalo.has(nationalPhone(phone))) return { result: 'failed', errorInfo: '-118' };
		const o = ctx.outcomesByPhone.get(nationalPhone(phone)) ?? { result: 'delivered' };
		const success = o.result === 'delivered' || o.result === 'answered';
		if (kind === 'voice') return success ? { duration: 13, ...o, result: 'answered' } : o;
		if (success) return { ...o, result: 'delivered' };
		return o.result === 'noAnswer' ? { ...o, result: 'failed' } : o;
	}

	/** Snapshot of a message at the current simulated time. */
	function stateOf(msg) {
		const t = ctx.now() - msg.startAt;
		const waiting = msg.smsType === 2 ? 1 : 2;
		if (t < cfg.timeline.sentMs) return { phase: 'waiting', sendStatus: waiting };
		if (t < cfg.timeline.finalMs) return { phase: 'sent', sendStatus: 7 };
		return { phase: 'final', sendStatus: msg.outcome.result === 'rejected' ? 4 : 5 };
	}

	/** Processes messages that reached their final state: refunds failures, schedules callbacks. */
	function tick() {
		const t = ctx.now();
		for (const msg of ctx.messages.values()) {
			if (msg.finalHandled || t - msg.startAt < cfg.timeline.finalMs) continue;
			msg.finalHandled = true;
			if (msg.campaignOf) {
				ctx.finishCampaign(msg);
				continue;
			}
			const ok = msg.outcome.result === 'delivered' || msg.outcome.result === 'answered';
			// failed and rejected recipients are refunded: documented callbacks show TotalPrice 0 then
			// (a message with several numbers: the share of the numbers not delivered, receivers.js)
			const c = ctx.receiverCounts(msg);
			const refund = c.failed === c.total ? msg.price : Math.round((msg.price * c.failed) / c.total);
			if (refund > 0) {
				msg.account.balance += refund;
				msg.price -= refund;
			}
			if (msg.callbackUrl) ctx.scheduleCallback(msg);
			if (!ok && msg.fallback) ctx.sendFallback(msg);
		}
	}

	return { outcomeFor, stateOf, tick };
};
