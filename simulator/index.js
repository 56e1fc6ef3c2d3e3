'use strict';
/**
 * A local stand-in for the eSMS.vn HTTP API (rest.esms.vn and voiceapi.esms.vn), faithful to the
 * documented responses: field names, value types, key order and error codes. Developer tooling only:
 * it is not part of the published package. See README.md, "The eSMS simulator", for the choices made
 * where eSMS's documentation is silent.
 *
 * Each API area is a factory `(ctx) => ({...functions, routes?, voiceRoutes?})` over one shared context
 * (configuration, simulated clock, stores); this file wires them and exposes the in-process control API.
 */
const crypto = require('node:crypto');
const fixtures = require('./fixtures');
const { nationalPhone } = require('./util');

const AREAS = [
	require('./accounts'),
	require('./sends'),
	require('./lifecycle'),
	require('./callbacks'),
	require('./faults'),
	require('./sms'),
	require('./zalo'),
	require('./voice'),
	require('./lists'),
	require('./quota'),
	require('./multichannel'),
	require('./viber'),
	require('./receivers'),
	require('./advertising'),
	require('./http'),
	require('./control'),
	require('./otp'),
];

function createSimulator(options = {}) {
	const cfg = {
		prices: { ...fixtures.DEFAULT_PRICES, ...options.prices },
		timeline: { ...fixtures.DEFAULT_TIMELINE, ...options.timeline },
		/** requests per second per account; documented: QueryZnsStatus 100/s */
		rateLimits: { QueryZnsStatus: 100, ...options.rateLimits },
		/** a callback that has not answered within this many ms counts as a timeout */
		callbackTimeoutMs: options.callbackTimeoutMs ?? 5000,
		callbackRetryDelayMs: options.callbackRetryDelayMs ?? 200,
		/** added to every response, to model network latency */
		latencyMs: options.latencyMs ?? 0,
		/** process due life-cycle events on a real-time timer (off for tests that drive the clock) */
		autoTick: options.autoTick ?? true,
	};

	const state = { clockOffset: 0, stopped: false, seq: 0, otpInvalidCode: '117' };
	const ctx = {
		cfg,
		state,
		now: () => Date.now() + state.clockOffset,
		accounts: new Map(), // apiKey -> account
		messages: new Map(), // smsId -> message
		requestIds: new Map(), // `${userId}|${requestId}` -> accepted at (sim clock)
		ledger: [],
		sandboxSends: [],
		callbackLog: [],
		requestLog: [],
		outcomesByPhone: new Map(),
		faults: [],
		buckets: new Map(),
		// the rate limit runs on real time; tests may stop its refill to count exactly (pauseRateRefill)
		rateClock: () => performance.now(),
		pendingCallbacks: new Set(),
		queuedIds: [],
		/** national phones with no Zalo account */
		noZalo: new Set(fixtures.NO_ZALO_PHONES),
		/** `${userId}|${phone}` -> the latest code made for it (otp.js) */
		otpCodes: new Map(),
	};
	const restRoutes = {};
	const voiceRoutes = {};
	for (const area of AREAS) {
		const { routes, voiceRoutes: vr, ...fns } = area(ctx);
		Object.assign(ctx, fns);
		Object.assign(restRoutes, routes);
		Object.assign(voiceRoutes, vr);
	}
	const seedAccounts = () => {
		for (const a of options.accounts ?? fixtures.DEMO_ACCOUNTS) ctx.addAccount(a);
	};
	seedAccounts();

	let servers = [];
	let timer;
	const copies = (list) => () => list.map((e) => ({ ...e }));

	const api = {
		config: cfg,
		restUrl: '',
		voiceUrl: '',
		async start({ port = 0, voicePort = 0 } = {}) {
			state.stopped = false;
			const rest = await ctx.serve('rest', restRoutes, port);
			const voice = await ctx.serve('voice', voiceRoutes, voicePort);
			servers = [rest.server, voice.server];
			api.restUrl = `http://127.0.0.1:${rest.port}`;
			api.voiceUrl = `http://127.0.0.1:${voice.port}`;
			if (cfg.autoTick) {
				timer = setInterval(ctx.tick, 50);
				timer.unref();
			}
			return api;
		},
		async stop() {
			state.stopped = true;
			clearInterval(timer);
			await ctx.close(servers);
			await Promise.allSettled([...ctx.pendingCallbacks]);
		},
		/** Moves the simulated clock forward and processes what became due (final states, callbacks). */
		advance(ms) {
			state.clockOffset += ms;
			ctx.tick();
		},
		now: () => new Date(ctx.now()),
		tick: ctx.tick,
		/** Resolves once every callback delivery started so far has finished (including retries). */
		async settleCallbacks() {
			while (ctx.pendingCallbacks.size > 0) await Promise.allSettled([...ctx.pendingCallbacks]);
		},
		addAccount: ctx.addAccount,
		account: (apiKey) => ctx.accounts.get(apiKey),
		/** result: delivered | failed | rejected (SMS/Zalo); answered | noAnswer | failed (voice) */
		setOutcome(phone, outcome) {
			ctx.outcomesByPhone.set(nationalPhone(String(phone)), typeof outcome === 'string' ? { result: outcome } : outcome);
		},
		/** Whether a phone has a Zalo account: without one, ZNS fails (Zalo error -118) and multichannel falls back to SMS. */
		setZaloAccount(phone, hasZalo) {
			const national = nationalPhone(String(phone));
			if (hasZalo) ctx.noZalo.delete(national);
			else ctx.noZalo.add(national);
		},
		addFault: ctx.addFault,
		clearFaults: () => ctx.faults.splice(0),
		setRateLimit(route, perSecond) {
			cfg.rateLimits[route] = perSecond;
			ctx.buckets.clear();
		},
		/** Stops (true) or restarts (false) the refill of the rate-limit buckets, so a test can count 160s exactly. */
		pauseRateRefill(paused) {
			const frozen = performance.now();
			ctx.rateClock = paused ? () => frozen : () => performance.now();
			ctx.buckets.clear();
		},
		ledger: copies(ctx.ledger),
		sandboxSends: copies(ctx.sandboxSends),
		callbacks: copies(ctx.callbackLog),
		requests: copies(ctx.requestLog),
		clearRequests: () => ctx.requestLog.splice(0),
		message: (smsId) => ctx.messages.get(smsId),
		/** The next sends get these SMSIDs (to replay documented examples byte for byte). */
		queueSmsIds: (...ids) => ctx.queuedIds.push(...ids),
		/**
		 * Puts a message in the store as if it had been sent `ageMs` ago (default: long enough to be final).
		 * fields: smsId, kind (sms|zalo|voice|viber), smsType, phone, price, outcome, zaloMsgId, apiKey.
		 */
		/** The latest one-time code eSMS made for this phone (OTP → Send Code), or undefined: what the person reads. */
		otpCode: (phone) => ctx.otpCode(phone),
		/** Makes CheckCodeGen answer a wrong, used or expired code with '171' (the code table) instead of '117' (the pages). */
		setOtpInvalidCode: (code) => ctx.setOtpInvalidCode(code),
		injectMessage(fields) {
			const account = ctx.accounts.get(fields.apiKey ?? fixtures.DEMO_ACCOUNTS[0].apiKey);
			const at = ctx.now() - (fields.ageMs ?? cfg.timeline.finalMs);
			const kind = fields.kind ?? 'sms';
			const msg = {
				kind,
				smsType: fields.smsType ?? (kind === 'zalo' ? 25 : kind === 'voice' ? 0 : 8),
				phone: fields.phone ?? '0901888484',
				price: fields.price ?? 0,
				zaloMsgId: fields.zaloMsgId ?? crypto.randomBytes(10).toString('hex'),
				...fields,
				account,
				acceptedAt: at,
				startAt: at,
				outcome: typeof fields.outcome === 'string' ? { result: fields.outcome } : (fields.outcome ?? ctx.outcomeFor(fields.phone ?? '0901888484', kind)),
				finalHandled: true,
			};
			ctx.messages.set(msg.smsId, msg);
			return msg;
		},
		reset() {
			state.clockOffset = 0;
			state.otpInvalidCode = '117';
			ctx.otpCodes.clear();
			for (const store of [ctx.messages, ctx.requestIds, ctx.outcomesByPhone, ctx.buckets, ctx.accounts, ctx.noZalo]) store.clear();
			for (const phone of fixtures.NO_ZALO_PHONES) ctx.noZalo.add(phone);
			for (const list of [ctx.ledger, ctx.sandboxSends, ctx.callbackLog, ctx.requestLog, ctx.faults, ctx.queuedIds])
				list.length = 0;
			seedAccounts();
		},
	};
	ctx.api = api;
	return api;
}

module.exports = { createSimulator, DEMO_ACCOUNTS: fixtures.DEMO_ACCOUNTS, fixtures };
