'use strict';
/** Accounts and keys, per-account rate limits, SMSIDs, and charging an accepted send. */
const crypto = require('node:crypto');
const { DEMO_SEED, NETWORKS, onNetworks, znsTemplate } = require('./fixtures');
const { nationalPhone } = require('./util');

/** Brandname → {Brandname, Type, templates: [{NetworkID, TempContent, TempId}]} */
function brandnameMap(a) {
	const list = (a.brandnames ?? DEMO_SEED.brandnames).map((b, i) =>
		typeof b === 'string'
			? { Brandname: b, Type: 2, templates: (a.templates?.[b] ?? []).flatMap((t, j) => onNetworks(1000 * (i + 1) + 10 * j, NETWORKS, t)) }
			: structuredClone(b),
	);
	return new Map(list.map((b) => [b.Brandname, b]));
}

/** OAID → {OAID, OAName, templates: Map(TemplateId as text → ZNS template)} */
function oaMap(oas) {
	const list = Array.isArray(oas)
		? oas.map((o) => structuredClone(o))
		: Object.entries(oas).map(([OAID, ids]) => ({ OAID, OAName: `OA ${OAID}`, templates: ids.map((id) => znsTemplate(Number(id), `Template ${id}`, [])) }));
	return new Map(list.map((o) => [String(o.OAID), { ...o, templates: new Map(o.templates.map((t) => [String(t.TemplateId), t])) }]));
}

/** A bucket of `perSecond` tokens refilled continuously; `clock` gives milliseconds (real time by default). */
class TokenBucket {
	constructor(perSecond, clock) {
		this.capacity = perSecond;
		this.tokens = perSecond;
		this.clock = clock;
		this.at = clock();
	}
	take() {
		const now = this.clock();
		this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) * this.capacity) / 1000);
		this.at = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}

module.exports = function accountsArea(ctx) {
	const { accounts, buckets, cfg, queuedIds } = ctx;

	/**
	 * Creates (or replaces) an account. Omitted lists come from fixtures.DEMO_SEED. Older shapes still work:
	 * `brandnames: ['Name']` (customer care) with `templates: {Name: ['text {P1,8}']}` (every network), and
	 * `zaloOAs: {oaid: ['tempId']}` (templates without parameters), `voiceTemplates` for recording ids.
	 */
	function addAccount(a) {
		const account = {
			apiKey: a.apiKey,
			secretKey: a.secretKey,
			userId: a.userId ?? 10_000 + accounts.size,
			balance: a.balance ?? 100_000,
			locked: Boolean(a.locked),
			brandnames: brandnameMap(a),
			blockedPhones: new Set((a.blockedPhones ?? []).map(nationalPhone)),
			voiceRecords: new Set((a.voiceRecords ?? a.voiceTemplates ?? DEMO_SEED.voiceRecords).map(String)),
			ttsTemplates: new Map(Object.entries(a.ttsTemplates ?? DEMO_SEED.ttsTemplates)),
			zaloOAs: oaMap(a.zaloOAs ?? DEMO_SEED.zaloOAs),
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
		if (!b || b.capacity !== limit) buckets.set(key, (b = new TokenBucket(limit, () => ctx.rateClock())));
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
		ctx.messages.set(msg.smsId.trim(), msg);
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
			brandname: msg.brandname,
			campaign: msg.campaign,
			oaid: msg.oaid,
			tempId: msg.tempId,
			templateId: msg.templateId,
			variables: msg.variables,
			options: msg.options,
			fallbackOf: msg.fallbackOf,
			receivers: msg.receivers,
			phones: msg.phones,
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
