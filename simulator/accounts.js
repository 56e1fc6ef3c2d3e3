'use strict';
/** Accounts and keys, per-account rate limits, SMSIDs, and charging an accepted send. */
const crypto = require('node:crypto');
const { nationalPhone } = require('./util');

class TokenBucket {
	constructor(perSecond) {
		this.capacity = perSecond;
		this.tokens = perSecond;
		this.at = performance.now();
	}
	take() {
		const now = performance.now();
		this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) * this.capacity) / 1000);
		this.at = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}

module.exports = function accountsArea(ctx) {
	const { accounts, buckets, cfg, queuedIds } = ctx;

	function addAccount(a) {
		const account = {
			apiKey: a.apiKey,
			secretKey: a.secretKey,
			userId: a.userId ?? 10_000 + accounts.size,
			balance: a.balance ?? 100_000,
			locked: Boolean(a.locked),
			brandnames: new Set(a.brandnames ?? ['Baotrixemay']),
			// customer-care (SmsType 2) content must match a registered template; {P1,8} = up to 8 chars
			templates: a.templates ?? {
				Baotrixemay: [
					'{P1,8} la ma xac minh dang ky Baotrixemay cua ban',
					'Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!',
				],
			},
			blockedPhones: new Set((a.blockedPhones ?? []).map(nationalPhone)),
			voiceTemplates: new Set(a.voiceTemplates ?? ['12345']),
			zaloOAs: new Map(Object.entries(a.zaloOAs ?? { '1397492183140006179': ['2056446'] })),
		};
		accounts.set(account.apiKey, account);
		return account;
	}

	function authenticate(p) {
		const a = accounts.get(String(p.apikey ?? ''));
		return a && a.secretKey === String(p.secretkey ?? '') ? a : undefined;
	}

	/** Per-account token bucket for routes with a documented limit (cfg.rateLimits). */
	function withinRate(account, route) {
		const limit = cfg.rateLimits[route];
		if (!limit) return true;
		const key = `${account.userId}|${route}`;
		let b = buckets.get(key);
		if (!b || b.capacity !== limit) buckets.set(key, (b = new TokenBucket(limit)));
		return b.take();
	}

	function newSmsId(account, kind) {
		ctx.state.seq += 1;
		if (queuedIds.length > 0) return queuedIds.shift();
		if (kind === 'voice') return crypto.randomUUID().toUpperCase();
		return `${crypto.randomBytes(16).toString('hex')}${account.userId % 1000}${ctx.state.seq % 10}`;
	}

	/**
	 * Charges and stores a send that passed checkSend (money last: 103 when the balance is short).
	 * Sandbox sends get an SMSID and nothing else. Returns `{smsId}` or `{error}`.
	 */
	function accept(account, s, fields) {
		const price = fields.price;
		if (account.balance < price) return { error: s.err(103, 'Not enough balance to send message.') };
		if (s.sandbox) {
			ctx.sandboxSends.push({ smsId: newSmsId(account, fields.kind), phone: s.phone, kind: fields.kind });
			return { smsId: ctx.sandboxSends[ctx.sandboxSends.length - 1].smsId };
		}
		const acceptedAt = ctx.now();
		const msg = {
			smsId: newSmsId(account, fields.kind),
			account,
			phone: s.phone,
			requestId: s.requestId,
			acceptedAt,
			startAt: Math.max(acceptedAt, s.sendAt ?? 0),
			outcome: ctx.outcomeFor(s.phone, fields.kind),
			finalHandled: false,
			...fields,
		};
		account.balance -= price;
		if (s.requestId !== undefined) ctx.requestIds.set(`${account.userId}|${s.requestId}`, acceptedAt);
		ctx.messages.set(msg.smsId, msg);
		ctx.ledger.push({
			smsId: msg.smsId,
			kind: msg.kind,
			smsType: msg.smsType,
			userId: account.userId,
			phone: msg.phone,
			content: msg.content,
			isUnicode: msg.isUnicode,
			requestId: msg.requestId,
			callbackUrl: msg.callbackUrl,
			scheduledFor: s.sendAt === undefined ? undefined : new Date(s.sendAt).toISOString(),
			acceptedAt: new Date(acceptedAt).toISOString(),
			price,
		});
		return { smsId: msg.smsId };
	}

	/** GetBalance_json (esms-api/ham-lay-thong-tin-tai-khoan): the cheap credential check. */
	function balance(p) {
		const account = authenticate(p);
		if (!account) return { Balance: 0, CodeResponse: '101', ErrorMessage: 'Authorize Failed' };
		if (account.locked)
			return { Balance: 0, CodeResponse: '143', ErrorMessage: 'Account is not activated or has been locked' };
		return { Balance: account.balance, CodeResponse: '100', UserID: account.userId };
	}

	return {
		addAccount,
		authenticate,
		withinRate,
		newSmsId,
		accept,
		routes: { 'POST GetBalance_json': (q, b) => balance(b) },
	};
};
