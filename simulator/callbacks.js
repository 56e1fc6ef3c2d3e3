'use strict';
/**
 * Callbacks (esms-api/callback-url.md): a GET to the send's CallbackUrl with the documented query fields,
 * once the final state is reached. SMS/Zalo retry only on timeout, 5 attempts in all; voice is re-sent until
 * HTTP 200, 1 + 5 attempts.
 */
const http = require('node:http');
const https = require('node:https');
const { decimal4 } = require('./serialize');
const { nationalPhone, telcoId } = require('./util');

const ZALO_DELIVERED = {
	error: 0,
	message: 'Success',
	data: { delivery_time: null, message: "The message was delivered to the user's phone", status: 1 },
};
/** Zalo's error JSON in `error_info`, by the ErrorInfo the status API shows */
const ZALO_ERRORS = {
	'-114': { error: -114, message: 'User is inactive, or reject the message, or using an outdated Zalo version, or other internal errors' },
	'-118': { error: -118, message: 'Zalo account does not exist or has been disabled' },
};

module.exports = function callbacksArea(ctx) {
	const { cfg } = ctx;

	function callbackQuery(msg) {
		const st = ctx.stateOf(msg);
		if (msg.kind === 'voice') {
			const o = msg.outcome;
			return {
				ReferenceId: msg.smsId.trim(),
				CallDuration: o.result === 'answered' ? (o.duration ?? 13) : 0,
				CallStatus: o.result === 'answered' ? 'ANSWERED' : o.result === 'noAnswer' ? 'NO ANSWER' : '',
				Ivr: o.ivr ?? '',
				Price: decimal4(msg.price).text,
				SentResult: o.result === 'answered' || o.result === 'noAnswer' ? 1 : 0,
				CID: '02871002454',
				SendStatus: st.sendStatus,
			};
		}
		const ok = msg.outcome.result === 'delivered';
		// each number's own outcome (receivers.js)
		const c = ctx.receiverCounts(msg);
		const n = c.total;
		const q = {
			SMSID: msg.smsId,
			SendFailed: c.failed,
			SendStatus: st.sendStatus,
			SendSuccess: c.delivered,
			TotalPrice: decimal4(msg.price).text,
			TotalReceiver: n,
			TotalSent: n,
			RequestId: msg.requestId ?? '',
			TypeId: msg.smsType,
			telcoid: telcoId(msg.phone),
			phonenumber: nationalPhone(msg.phone),
		};
		if (msg.kind === 'zalo') {
			q.partnerids = '';
			q.error_info = JSON.stringify(ok ? ZALO_DELIVERED : (ZALO_ERRORS[msg.outcome.errorInfo] ?? ZALO_ERRORS['-114']));
			q.oaid = msg.oaid;
			q.tempid = msg.tempId;
		} else if (msg.kind === 'sms') {
			// undocumented field; here: the ZNS SMSID a multichannel send fell back from
			q.switchsmsid = msg.fallbackOf ?? '';
		}
		return q;
	}

	function scheduleCallback(msg) {
		const url = new URL(msg.callbackUrl);
		for (const [k, v] of Object.entries(callbackQuery(msg))) url.searchParams.append(k, String(v));
		const maxAttempts = msg.kind === 'voice' ? 6 : 5;
		const job = deliver(msg, url.toString(), 1, maxAttempts);
		ctx.pendingCallbacks.add(job);
		void job.finally(() => ctx.pendingCallbacks.delete(job));
	}

	async function deliver(msg, url, attempt, maxAttempts) {
		const entry = { smsId: msg.smsId.trim(), kind: msg.kind, url, attempt, at: new Date(ctx.now()).toISOString() };
		const result = await getOnce(url, cfg.callbackTimeoutMs);
		Object.assign(entry, result);
		ctx.callbackLog.push(entry);
		const retry =
			attempt < maxAttempts && (msg.kind === 'voice' ? result.status !== 200 : result.outcome === 'timeout');
		if (!retry || ctx.state.stopped) return;
		await new Promise((r) => setTimeout(r, cfg.callbackRetryDelayMs));
		if (!ctx.state.stopped) await deliver(msg, url, attempt + 1, maxAttempts);
	}

	function getOnce(url, timeoutMs) {
		return new Promise((resolve) => {
			const lib = url.startsWith('https:') ? https : http;
			const req = lib.get(url, { timeout: timeoutMs }, (res) => {
				res.resume();
				res.on('end', () => resolve({ outcome: 'answered', status: res.statusCode }));
			});
			req.on('timeout', () => {
				req.destroy();
				resolve({ outcome: 'timeout', status: 0 });
			});
			req.on('error', (e) => resolve({ outcome: 'error', status: 0, error: e.code ?? e.message }));
		});
	}

	return { scheduleCallback };
};
