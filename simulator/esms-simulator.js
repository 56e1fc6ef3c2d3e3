'use strict';
/**
 * A local stand-in for the eSMS.vn HTTP API (rest.esms.vn and voiceapi.esms.vn), faithful to the
 * documented responses: field names, value types, key order and error codes. Developer tooling only:
 * it is not part of the published package. See README.md, "The eSMS simulator", for the choices made
 * where eSMS's documentation is silent.
 */
const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');
const { decimal1, decimal4, serialize } = require('./serialize');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const VN_OFFSET_MS = 7 * HOUR;

const BASE = '/MainService.svc/json/';

/** Prices in VND per message (per call for voice). eSMS publishes no price list; these are examples. */
const DEFAULT_PRICES = { 2: 850, 8: 350, 24: 440, 25: 330, voice: 700 };

const DEFAULT_TIMELINE = {
	/** before this, a status query answers "not found yet" (105 / 854) */
	visibleMs: 1000,
	/** the message leaves eSMS: SendStatus 7 (sent, awaiting the telco's report) */
	sentMs: 2000,
	/** final status (5 done, or 4 rejected) and callback */
	finalMs: 3000,
};

const DEMO_ACCOUNTS = [
	{
		apiKey: 'DEMO_API_KEY',
		secretKey: 'DEMO_SECRET_KEY',
		userId: 9999,
		balance: 1_000_000,
	},
	{ apiKey: 'EMPTY_API_KEY', secretKey: 'EMPTY_SECRET_KEY', userId: 9001, balance: 0 },
	{ apiKey: 'LOCKED_API_KEY', secretKey: 'LOCKED_SECRET_KEY', userId: 9002, balance: 100_000, locked: true },
];

// validator.js vi-VN mobile prefixes, national (0) or international (84) form, no separators
const PHONE_RE = /^(?:0|84)(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

const TELCO_BY_PREFIX = [
	[/^(?:32|33|34|35|36|37|38|39|86|96|97|98)/, 1], // Viettel
	[/^(?:70|76|77|78|79|89|90|93)/, 2], // Mobifone
	[/^(?:81|82|83|84|85|88|91|94)/, 3], // Vinaphone
	[/^(?:52|56|58|92)/, 4], // Vietnamobile
	[/^(?:59|99)/, 5], // Gtel
	[/^87/, 6], // Itel
	[/^55/, 7], // Reddi
];

const FAULT_MODES = new Set([
	'latency',
	'http5xx',
	'reset',
	'html',
	'malformedJson',
	'empty',
	'timeout',
	'acceptThenDrop',
]);

class DropConnection extends Error {}

function nationalPhone(phone) {
	return phone.startsWith('84') ? `0${phone.slice(2)}` : phone;
}

function telcoId(phone) {
	const rest = nationalPhone(phone).slice(1);
	for (const [re, id] of TELCO_BY_PREFIX) if (re.test(rest)) return id;
	return 0;
}

/** `yyyy-MM-dd HH:mm:ss` in Vietnam time (UTC+7) → epoch ms, or NaN */
function parseVnDate(text) {
	const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(String(text).trim());
	if (!m) return NaN;
	const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
	const t = Date.UTC(y, mo - 1, d, h, mi, s) - VN_OFFSET_MS;
	const back = new Date(t + VN_OFFSET_MS);
	return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : NaN;
}

/** WCF UriTemplate matches query names case-insensitively (ApiKey / APIKEY / Apikey all work). */
function lowerKeys(obj) {
	const out = {};
	for (const [k, v] of Object.entries(obj)) out[k.toLowerCase()] = v;
	return out;
}

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

function createSimulator(options = {}) {
	const cfg = {
		prices: { ...DEFAULT_PRICES, ...options.prices },
		timeline: { ...DEFAULT_TIMELINE, ...options.timeline },
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

	// ---------------------------------------------------------------- state
	let clockOffset = 0;
	const now = () => Date.now() + clockOffset;

	const accounts = new Map(); // apiKey -> account
	const messages = new Map(); // smsId -> message
	const requestIds = new Map(); // `${userId}|${requestId}` -> accepted at (sim clock)
	const ledger = [];
	const sandboxSends = [];
	const callbackLog = [];
	const requestLog = [];
	const outcomesByPhone = new Map();
	const faults = [];
	const buckets = new Map();
	const pendingCallbacks = new Set();
	const queuedIds = [];
	let seq = 0;

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
	for (const a of options.accounts ?? DEMO_ACCOUNTS) addAccount(a);

	function newSmsId(account, kind) {
		seq += 1;
		if (queuedIds.length > 0) return queuedIds.shift();
		if (kind === 'voice') return crypto.randomUUID().toUpperCase();
		return `${crypto.randomBytes(16).toString('hex')}${account.userId % 1000}${seq % 10}`;
	}

	// ---------------------------------------------------------------- faults
	function addFault(rule) {
		if (!FAULT_MODES.has(rule.mode)) throw new Error(`unknown fault mode ${rule.mode}`);
		const f = { route: '*', times: Infinity, probability: 1, ...rule, hits: 0 };
		faults.push(f);
		return f;
	}
	/** `match`: parameters (query or JSON body, names case-insensitive) the request must carry. */
	function pickFault(route, params) {
		for (const f of faults) {
			if (f.times <= 0 || (f.route !== '*' && f.route !== route)) continue;
			if (f.match && !Object.entries(f.match).every(([k, v]) => String(params[k.toLowerCase()] ?? '') === String(v))) continue;
			if (f.probability < 1 && Math.random() >= f.probability) continue;
			f.times -= 1;
			f.hits += 1;
			return f;
		}
		return undefined;
	}

	// ---------------------------------------------------------------- life cycle
	/** One outcome table serves messages and calls: a phone that answers calls also receives messages. */
	function outcomeFor(phone, kind) {
		const o = outcomesByPhone.get(nationalPhone(phone)) ?? { result: 'delivered' };
		const success = o.result === 'delivered' || o.result === 'answered';
		if (kind === 'voice') return success ? { duration: 13, ...o, result: 'answered' } : o;
		if (success) return { ...o, result: 'delivered' };
		return o.result === 'noAnswer' ? { ...o, result: 'failed' } : o;
	}

	/** Snapshot of a message at the current simulated time. */
	function stateOf(msg) {
		const t = now() - msg.startAt;
		const waiting = msg.smsType === 2 ? 1 : 2;
		if (t < cfg.timeline.sentMs) return { phase: 'waiting', sendStatus: waiting };
		if (t < cfg.timeline.finalMs) return { phase: 'sent', sendStatus: 7 };
		return { phase: 'final', sendStatus: msg.outcome.result === 'rejected' ? 4 : 5 };
	}

	function tick() {
		const t = now();
		for (const msg of messages.values()) {
			if (msg.finalHandled || t - msg.startAt < cfg.timeline.finalMs) continue;
			msg.finalHandled = true;
			const ok = msg.outcome.result === 'delivered' || msg.outcome.result === 'answered';
			if (!ok) {
				// failed and rejected recipients are refunded: documented callbacks show TotalPrice 0 then
				msg.account.balance += msg.price;
				msg.price = 0;
			}
			if (msg.callbackUrl) scheduleCallback(msg);
		}
	}

	// ---------------------------------------------------------------- callbacks
	function callbackQuery(msg) {
		const st = stateOf(msg);
		if (msg.kind === 'voice') {
			const o = msg.outcome;
			return {
				ReferenceId: msg.smsId,
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
		const q = {
			SMSID: msg.smsId,
			SendFailed: ok ? 0 : 1,
			SendStatus: st.sendStatus,
			SendSuccess: ok ? 1 : 0,
			TotalPrice: decimal4(msg.price).text,
			TotalReceiver: 1,
			TotalSent: 1,
			RequestId: msg.requestId ?? '',
			TypeId: msg.smsType,
			telcoid: telcoId(msg.phone),
			phonenumber: nationalPhone(msg.phone),
		};
		if (msg.kind === 'zalo') {
			q.partnerids = '';
			q.error_info = JSON.stringify(
				ok
					? { error: 0, message: 'Success', data: { delivery_time: null, message: "The message was delivered to the user's phone", status: 1 } }
					: { error: -114, message: 'User is inactive, or reject the message, or using an outdated Zalo version, or other internal errors' },
			);
			q.oaid = msg.oaid;
			q.tempid = msg.tempId;
		} else {
			q.switchsmsid = '';
		}
		return q;
	}

	function scheduleCallback(msg) {
		const url = new URL(msg.callbackUrl);
		for (const [k, v] of Object.entries(callbackQuery(msg))) url.searchParams.append(k, String(v));
		// SMS/Zalo: retried only on timeout, 5 attempts in all; voice: re-sent until HTTP 200, 1 + 5 attempts
		const maxAttempts = msg.kind === 'voice' ? 6 : 5;
		const job = deliver(msg, url.toString(), 1, maxAttempts);
		pendingCallbacks.add(job);
		void job.finally(() => pendingCallbacks.delete(job));
	}

	async function deliver(msg, url, attempt, maxAttempts) {
		const entry = { smsId: msg.smsId, kind: msg.kind, url, attempt, at: new Date(now()).toISOString() };
		const result = await getOnce(url, cfg.callbackTimeoutMs);
		Object.assign(entry, result);
		callbackLog.push(entry);
		const retry =
			attempt < maxAttempts && (msg.kind === 'voice' ? result.status !== 200 : result.outcome === 'timeout');
		if (!retry || stopped) return;
		await new Promise((r) => setTimeout(r, cfg.callbackRetryDelayMs));
		if (!stopped) await deliver(msg, url, attempt + 1, maxAttempts);
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

	// ---------------------------------------------------------------- accounts and rate limits
	function authenticate(p) {
		const a = accounts.get(String(p.apikey ?? ''));
		return a && a.secretKey === String(p.secretkey ?? '') ? a : undefined;
	}

	function withinRate(account, route) {
		const limit = cfg.rateLimits[route];
		if (!limit) return true;
		const key = `${account.userId}|${route}`;
		let b = buckets.get(key);
		if (!b || b.capacity !== limit) buckets.set(key, (b = new TokenBucket(limit)));
		return b.take();
	}

	// ---------------------------------------------------------------- shared send validation
	/**
	 * Checks shared by SMS, Zalo and voice sends, in the order eSMS appears to apply them
	 * (authorisation first, money last). Returns an error body or the parsed send.
	 */
	function checkSend(p, { account, kind, smsType, jsonStyle }) {
		const err = (code, ErrorMessage, extra) =>
			kind === 'voice'
				? { CodeResult: String(code), ErrorMessage, ...extra }
				: { CodeResult: String(code), CountRegenerate: 0, ErrorMessage, ...extra };
		if (!account) return { error: err(101, 'Authorize Failed') };
		if (account.locked) return { error: err(143, 'Account is not activated or has been locked') };

		const phoneField = String(p.phone ?? '').trim();
		const phones = phoneField.split(/[,;]/).map((x) => x.trim()).filter(Boolean);
		if (kind === 'sms' && smsType === 8 && phones.length > 1)
			return { error: err(163, 'Phone list exceeds the limit: SmsType 8 accepts one phone number per request') };
		const phone = phones[0] ?? '';
		if (!PHONE_RE.test(phone)) return { error: err(108, `The phone number ${phone} is not valid.`) };
		if (account.blockedPhones.has(nationalPhone(phone))) return { error: err(99, 'Phone number is blocked') };

		const requestId = p.requestid === undefined || p.requestid === '' ? undefined : String(p.requestid);
		if (requestId !== undefined && requestId.length > 50) return { invalid: true };
		if (requestId !== undefined) {
			const at = requestIds.get(`${account.userId}|${requestId}`);
			if (at !== undefined && now() - at < DAY)
				return { error: err(124, 'Request exist 1', jsonStyle ? { SendStatus: '5' } : {}) };
		}

		let sendAt;
		const sendDate = p.senddate === undefined ? '' : String(p.senddate).trim();
		if (sendDate !== '') {
			sendAt = parseVnDate(sendDate);
			if (Number.isNaN(sendAt)) return { invalid: true };
		}
		const sandbox = String(p.sandbox ?? '0') === '1';
		return { phone, requestId, sendAt, sandbox, err };
	}

	function accept(account, s, fields) {
		const price = fields.price;
		if (account.balance < price) return { error: s.err(103, 'Not enough balance to send message.') };
		if (s.sandbox) {
			sandboxSends.push({ smsId: newSmsId(account, fields.kind), phone: s.phone, kind: fields.kind });
			return { smsId: sandboxSends[sandboxSends.length - 1].smsId };
		}
		const acceptedAt = now();
		const msg = {
			smsId: newSmsId(account, fields.kind),
			account,
			phone: s.phone,
			requestId: s.requestId,
			acceptedAt,
			startAt: Math.max(acceptedAt, s.sendAt ?? 0),
			outcome: outcomeFor(s.phone, fields.kind),
			finalHandled: false,
			...fields,
		};
		account.balance -= price;
		if (s.requestId !== undefined) requestIds.set(`${account.userId}|${s.requestId}`, acceptedAt);
		messages.set(msg.smsId, msg);
		ledger.push({
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

	// ---------------------------------------------------------------- handlers
	const INVALID = { error: 'Invalid request' };

	function sendSms(p, jsonStyle) {
		if (p.phone === undefined || p.content === undefined || p.smstype === undefined) return INVALID;
		const account = authenticate(p);
		const smsType = Number(p.smstype);
		const s = checkSend(p, { account, kind: 'sms', smsType, jsonStyle });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		if (smsType !== 8 && smsType !== 2) return s.err(118, 'SmsType is not supported');
		const content = String(p.content);
		if (content.trim() === '') return INVALID;
		if (smsType === 2 && !account.brandnames.has(String(p.brandname ?? '')))
			return s.err(104, 'Brand name code is not exist');
		if (smsType === 2 && !matchesTemplate(account.templates[String(p.brandname)] ?? [], content))
			// documented: the 146 answer still carries an SMSID, for a message that is never sent
			return s.err(146, 'Sai template Brandname CSKH', { SMSID: newSmsId(account, 'sms') });
		const isUnicode = String(p.isunicode ?? p.unicode ?? '0') === '1';
		const segments = segmentCount(content, isUnicode);
		const r = accept(account, s, {
			kind: 'sms',
			smsType,
			content,
			isUnicode,
			brandname: smsType === 2 ? String(p.brandname) : undefined,
			callbackUrl: p.callbackurl ? String(p.callbackurl) : undefined,
			price: cfg.prices[smsType] * segments,
		});
		if (r.error) return r.error;
		return { CodeResult: '100', CountRegenerate: 0, SMSID: r.smsId };
	}

	function sendZalo(p) {
		if (p.phone === undefined) return INVALID;
		const account = authenticate(p);
		const s = checkSend(p, { account, kind: 'zalo', smsType: 25, jsonStyle: true });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		const oaid = String(p.oaid ?? '');
		const tempId = String(p.tempid ?? '');
		if (!oaid || !tempId) return s.err(791, 'Missing OA ID or Template ID');
		const templates = account.zaloOAs.get(oaid);
		if (!templates) return s.err(799, 'OAID is inactive, wrong, or not added to this account');
		if (!templates.includes(tempId)) return s.err(789, 'TemplateId is not config');
		const smsType = String(p.smstype ?? '') === '24' ? 24 : 25;
		const r = accept(account, s, {
			kind: 'zalo',
			smsType,
			oaid,
			tempId,
			content: JSON.stringify(p.tempdata ?? {}),
			callbackUrl: p.callbackurl ? String(p.callbackurl) : undefined,
			zaloMsgId: crypto.randomBytes(10).toString('hex'),
			price: cfg.prices[smsType],
		});
		if (r.error) return r.error;
		return { CodeResult: '100', CountRegenerate: 0, SMSID: r.smsId };
	}

	function smsStatus(p) {
		const refId = p.refid === undefined ? '' : String(p.refid);
		if (refId === '') return INVALID;
		const account = authenticate(p);
		if (!account) return { CodeResponse: '101', SMSID: refId };
		const msg = messages.get(refId);
		if (!findable(msg, account, 'sms')) return { CodeResponse: '105', SMSID: refId };
		const st = stateOf(msg);
		const final = st.phase === 'final';
		const ok = msg.outcome.result === 'delivered';
		return {
			CodeResponse: '100',
			SMSID: msg.smsId,
			SendFailed: final && !ok ? 1 : 0,
			SendStatus: st.sendStatus,
			SendSuccess: final && ok ? 1 : 0,
			TotalPrice: decimal4(msg.price),
			TotalReceiver: 1,
			TotalSent: st.phase === 'waiting' ? 0 : 1,
		};
	}

	function findable(msg, account, kind) {
		return (
			msg !== undefined &&
			msg.kind === kind &&
			msg.account === account &&
			now() - msg.acceptedAt >= cfg.timeline.visibleMs &&
			now() - msg.acceptedAt <= 7 * DAY
		);
	}

	function zaloStatus(p) {
		const account = authenticate(p);
		if (!account) return { CodeResult: '101', ErrorMessage: 'Authorize Failed' };
		if (!withinRate(account, 'QueryZnsStatus')) return { CodeResult: '160', ErrorMessage: 'TPS limit exceeded' };
		const smsId = p.smsid === undefined ? '' : String(p.smsid).trim();
		if (smsId === '') return { CodeResult: '851', ErrorMessage: 'Missing MessageId or SMSID' };
		const smsType = String(p.smstype ?? '');
		if (smsType !== '24' && smsType !== '25') return { CodeResult: '118', ErrorMessage: 'SmsType is not supported' };
		const msg = messages.get(smsId);
		if (!findable(msg, account, 'zalo') || String(msg.smsType) !== smsType)
			return { CodeResult: '854', ErrorMessage: 'No data found' };
		const st = stateOf(msg);
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

	function balance(p) {
		const account = authenticate(p);
		if (!account) return { Balance: 0, CodeResponse: '101', ErrorMessage: 'Authorize Failed' };
		if (account.locked)
			return { Balance: 0, CodeResponse: '143', ErrorMessage: 'Account is not activated or has been locked' };
		return { Balance: account.balance, CodeResponse: '100', UserID: account.userId };
	}

	function makeCall(p) {
		if (p.phone === undefined || p.templateid === undefined) return INVALID;
		const account = authenticate(p);
		const s = checkSend(p, { account, kind: 'voice', smsType: 0, jsonStyle: false });
		if (s.invalid) return INVALID;
		if (s.error) return s.error;
		if (!account.voiceTemplates.has(String(p.templateid)))
			return s.err(106, 'Record file does not exist');
		const r = accept(account, s, {
			kind: 'voice',
			smsType: 0,
			templateId: String(p.templateid),
			callbackUrl: p.callbackurl ? String(p.callbackurl) : undefined,
			price: cfg.prices.voice,
		});
		if (r.error) return r.error;
		return { CodeResult: '100', SMSID: r.smsId };
	}

	function voiceStatus(p) {
		const voiceError = (code, ErrorMessage) => ({ CodeResult: String(code), CountRegenerate: 0, ErrorMessage });
		const refId = p.referenceid === undefined ? '' : String(p.referenceid).trim();
		if (refId === '') return INVALID;
		const account = authenticate(p);
		if (!account) return voiceError(101, 'Authorize Failed');
		const msg = messages.get(refId) ?? messages.get(refId.toUpperCase());
		if (!findable(msg, account, 'voice')) return voiceError(105, 'Call not found');
		const st = stateOf(msg);
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

	const restRoutes = {
		'GET SendMultipleMessage_V4_get': (q) => sendSms(q, false),
		'POST SendMultipleMessage_V4_post_json': (q, b) => sendSms(b, true),
		'GET GetSendStatus': (q) => smsStatus(q),
		'POST QueryZnsStatus': (q, b) => zaloStatus(b),
		'POST SendZaloMessage_V6': (q, b) => sendZalo(b),
		'POST GetBalance_json': (q, b) => balance(b),
	};
	const voiceRoutes = {
		'GET MakeCallRecord_V2': (q) => makeCall(q),
		'GET GetSendStatus': (q) => voiceStatus(q),
	};

	// ---------------------------------------------------------------- HTTP plumbing
	const sockets = new Set();
	let stopped = false;

	function respond(res, status, type, body) {
		const send = () => {
			if (res.destroyed) return;
			res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
			res.end(body);
		};
		if (cfg.latencyMs > 0) setTimeout(send, cfg.latencyMs);
		else send();
	}

	function makeHandler(host, routes) {
		return (req, res) => {
			const chunks = [];
			req.on('data', (c) => chunks.push(c));
			req.on('end', () => {
				try {
					handle(host, routes, req, res, Buffer.concat(chunks).toString('utf8'));
				} catch (e) {
					if (e instanceof DropConnection) return;
					respond(res, 500, 'text/plain', `simulator error: ${e.message}`);
				}
			});
		};
	}

	function handle(host, routes, req, res, bodyText) {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname.startsWith('/_sim/')) return control(req, res, url, bodyText);
		const op = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length).replace(/\/$/, '') : '';
		const route = `${req.method} ${op}`;
		const handler = routes[route];
		if (!handler) return respond(res, 404, 'text/html; charset=utf-8', endpointNotFound());

		const query = lowerKeys(Object.fromEntries(url.searchParams));
		requestLog.push({ host, method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: bodyText });

		let body = {};
		if (req.method === 'POST') {
			try {
				body = bodyText.trim() === '' ? {} : JSON.parse(bodyText);
			} catch {
				body = undefined;
			}
		}
		const bodyParams = body !== null && typeof body === 'object' && !Array.isArray(body) ? lowerKeys(body) : undefined;

		const fault = pickFault(op, { ...query, ...bodyParams });
		if (fault) {
			switch (fault.mode) {
				case 'reset':
					req.socket.destroy();
					throw new DropConnection();
				case 'timeout':
					return; // never answer: the client's timeout decides
				case 'http5xx':
					return respond(res, fault.status ?? 500, 'text/html; charset=utf-8', serverErrorPage(fault.status ?? 500));
				case 'html':
					return respond(res, 200, 'text/html; charset=utf-8', '<html><body><h1>Service Unavailable</h1></body></html>');
				case 'malformedJson':
					return respond(res, 200, 'application/json; charset=utf-8', '{"CodeResult":"100","SMSI');
				case 'empty':
					return respond(res, 200, 'application/json; charset=utf-8', '');
				default:
					break; // latency and acceptThenDrop run the real handler first
			}
		}

		const result = bodyParams === undefined ? INVALID : handler(query, bodyParams);
		if (fault?.mode === 'acceptThenDrop') {
			req.socket.destroy();
			throw new DropConnection();
		}
		const text = serialize(result);
		const send = () => respond(res, 200, 'application/json; charset=utf-8', text);
		if (fault?.mode === 'latency') setTimeout(send, fault.latencyMs ?? 1000);
		else send();
	}

	function endpointNotFound() {
		return '<!DOCTYPE html><html><head><title>Service</title></head><body><p class="heading1">Service</p><p>Endpoint not found.</p></body></html>';
	}
	function serverErrorPage(status) {
		return `<!DOCTYPE html><html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1><p>HTTP ${status}</p></body></html>`;
	}

	/** HTTP form of the control API, for a simulator running in another process (`npm run simulator`). */
	function control(req, res, url, bodyText) {
		const json = (status, v) => respond(res, status, 'application/json', JSON.stringify(v));
		let b = {};
		try {
			b = bodyText ? JSON.parse(bodyText) : {};
		} catch {
			return json(400, { error: 'body must be JSON' });
		}
		const path = `${req.method} ${url.pathname}`;
		switch (path) {
			case 'GET /_sim/ledger':
				return json(200, api.ledger());
			case 'GET /_sim/callbacks':
				return json(200, api.callbacks());
			case 'GET /_sim/requests':
				return json(200, api.requests());
			case 'POST /_sim/clock/advance':
				api.advance(Number(b.ms ?? 0));
				return json(200, { now: new Date(now()).toISOString() });
			case 'POST /_sim/accounts':
				api.addAccount(b);
				return json(200, { ok: true });
			case 'POST /_sim/outcomes':
				api.setOutcome(b.phone, b.outcome);
				return json(200, { ok: true });
			case 'POST /_sim/faults':
				api.addFault(b);
				return json(200, { ok: true });
			case 'POST /_sim/reset':
				api.reset();
				return json(200, { ok: true });
			default:
				return json(404, { error: `no control route ${path}` });
		}
	}

	let restServer;
	let voiceServer;
	let timer;

	function listen(server, port) {
		server.on('connection', (s) => {
			sockets.add(s);
			s.on('close', () => sockets.delete(s));
		});
		server.keepAliveTimeout = 5000;
		return new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen({ host: '127.0.0.1', port, backlog: 4096 }, () => resolve(server.address().port));
		});
	}

	// ---------------------------------------------------------------- public API
	const api = {
		config: cfg,
		restUrl: '',
		voiceUrl: '',
		async start({ port = 0, voicePort = 0 } = {}) {
			stopped = false;
			restServer = http.createServer(makeHandler('rest', restRoutes));
			voiceServer = http.createServer(makeHandler('voice', voiceRoutes));
			const p1 = await listen(restServer, port);
			const p2 = await listen(voiceServer, voicePort);
			api.restUrl = `http://127.0.0.1:${p1}`;
			api.voiceUrl = `http://127.0.0.1:${p2}`;
			if (cfg.autoTick) {
				timer = setInterval(tick, 50);
				timer.unref();
			}
			return api;
		},
		async stop() {
			stopped = true;
			clearInterval(timer);
			for (const s of sockets) s.destroy();
			await Promise.all(
				[restServer, voiceServer].filter(Boolean).map((s) => new Promise((r) => s.close(() => r()))),
			);
			await Promise.allSettled([...pendingCallbacks]);
		},
		/** Moves the simulated clock forward and processes what became due (final states, callbacks). */
		advance(ms) {
			clockOffset += ms;
			tick();
		},
		now: () => new Date(now()),
		tick,
		/** Resolves once every callback delivery started so far has finished (including retries). */
		async settleCallbacks() {
			while (pendingCallbacks.size > 0) await Promise.allSettled([...pendingCallbacks]);
		},
		addAccount,
		account: (apiKey) => accounts.get(apiKey),
		/** result: delivered | failed | rejected (SMS/Zalo); answered | noAnswer | failed (voice) */
		setOutcome(phone, outcome) {
			outcomesByPhone.set(nationalPhone(String(phone)), typeof outcome === 'string' ? { result: outcome } : outcome);
		},
		addFault,
		clearFaults: () => faults.splice(0),
		setRateLimit(route, perSecond) {
			cfg.rateLimits[route] = perSecond;
			buckets.clear();
		},
		ledger: () => ledger.map((e) => ({ ...e })),
		sandboxSends: () => sandboxSends.map((e) => ({ ...e })),
		callbacks: () => callbackLog.map((e) => ({ ...e })),
		requests: () => requestLog.map((e) => ({ ...e })),
		clearRequests: () => requestLog.splice(0),
		message: (smsId) => messages.get(smsId),
		/** The next sends get these SMSIDs (to replay documented examples byte for byte). */
		queueSmsIds: (...ids) => queuedIds.push(...ids),
		/**
		 * Puts a message in the store as if it had been sent `ageMs` ago (default: long enough to be final).
		 * fields: smsId, kind (sms|zalo|voice), smsType, phone, price, outcome, zaloMsgId, apiKey.
		 */
		injectMessage(fields) {
			const account = accounts.get(fields.apiKey ?? DEMO_ACCOUNTS[0].apiKey);
			const at = now() - (fields.ageMs ?? cfg.timeline.finalMs);
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
				outcome: typeof fields.outcome === 'string' ? { result: fields.outcome } : (fields.outcome ?? outcomeFor(fields.phone ?? '0901888484', kind)),
				finalHandled: true,
			};
			messages.set(msg.smsId, msg);
			return msg;
		},
		reset() {
			clockOffset = 0;
			messages.clear();
			requestIds.clear();
			ledger.length = 0;
			sandboxSends.length = 0;
			callbackLog.length = 0;
			requestLog.length = 0;
			outcomesByPhone.clear();
			faults.length = 0;
			queuedIds.length = 0;
			buckets.clear();
			accounts.clear();
			for (const a of options.accounts ?? DEMO_ACCOUNTS) addAccount(a);
		},
	};
	return api;
}

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

/** Characters of the GSM 03.38 extension table take two septets. */
const GSM_EXT = '^{}\\[~]|€\f';

function segmentCount(text, unicode) {
	const chars = [...text];
	// UCS-2 counts UTF-16 code units
	if (unicode) return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
	let units = 0;
	for (const ch of chars) units += GSM_EXT.includes(ch) ? 2 : 1;
	return units <= 160 ? 1 : Math.ceil(units / 153);
}

module.exports = { createSimulator, DEMO_ACCOUNTS };
