import { sleep } from 'n8n-workflow';

/**
 * n8n's declarative engine starts every item's request at once. The limiter spaces them to eSMS's
 * per-account limits. It lives in the module, so it is shared by every execution in one n8n process
 * (one main instance or one queue-mode worker), keyed by credential and endpoint.
 *
 * Processes do not know about each other, so the pace adapts to what eSMS answers, the way TCP
 * shares a link (additive increase, multiplicative decrease; Chiu and Jain 1989): a 160 ("TPS limit
 * exceeded", eSMS error table, https://developers.esms.vn/esms-api/bang-ma-loi) halves this process's
 * rate for the key, and the rate then climbs back linearly while no 160 comes, up to the ceiling
 * (eSMS's documented limit, or the node's Requests per Second option). Several processes sharing one
 * account thus converge on fair shares of its limit with no settings; one process alone keeps the
 * ceiling, as it never meets a 160.
 */

/** Rate limits of one lane. */
export interface Limits {
	/** requests per second this process may start; 0 = no rate limit (and no adaptation) */
	perSecond: number;
	/** requests open at once; 0 = no concurrency cap */
	concurrency: number;
}

/** What the request that held a turn met. */
export interface Outcome {
	/** eSMS answered 160 (TPS limit exceeded) */
	rateLimited?: boolean;
}

/** Gives the turn back; must be called once (later calls are ignored). */
export type Release = (outcome?: Outcome) => void;

/** Time source, in milliseconds. Injected so that tests can run the limiter on a fake clock. */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

/**
 * The halving is TCP's; the climb (a tenth of the ceiling per second) takes a halved share of 4
 * processes (25 → 12.5 per second at a 100/s ceiling) back in about 1.3 s of the whole account's
 * worth of headroom, while the account's bucket of 100 requests absorbs the overshoot. Measured on
 * `npm run bench -- --only W4` (README, "Rate limits").
 */
export const DECREASE_FACTOR = 0.5;
export const INCREASE_PER_SECOND = 0.1;
/** never slower than this, in requests per second: a lane must keep probing */
export const MIN_RATE = 1;

interface Waiter {
	limits: Limits;
	grant: (release: Release) => void;
}

interface Lane {
	/** when the last request was actually started, in ms: the ceiling's spacing counts from here */
	lastStart: number;
	/** when the last request was due, in ms (≤ lastStart): the adapted rate's spacing counts from here */
	lastDue: number;
	active: number;
	queue: Waiter[];
	pumping: boolean;
	/** the adapted rate at `adaptedAt`, in requests/s; Infinity until the first 160 */
	adaptedRate: number;
	adaptedAt: number;
	/** when the rate was last lowered: a 160 for a request sent before it says nothing new */
	loweredAt: number;
}

/** The rate a lane allows at `now`, in requests per second (≤ the ceiling). */
function currentRate(lane: Lane, ceiling: number, now: number): number {
	if (lane.adaptedRate === Infinity) return ceiling;
	const rate = lane.adaptedRate + ((now - lane.adaptedAt) / 1000) * INCREASE_PER_SECOND * ceiling;
	if (rate >= ceiling) {
		lane.adaptedRate = Infinity; // recovered: forget the 160
		return ceiling;
	}
	return rate;
}

/** A limiter with its own lanes. The node uses the module-wide one (`acquire`); tests make their own. */
export function createLimiter(clock: Clock) {
	const lanes = new Map<string, Lane>();

	function lower(lane: Lane, limits: Limits, sentAt: number) {
		if (limits.perSecond <= 0 || sentAt < lane.loweredAt) return;
		const now = clock.now();
		lane.adaptedRate = Math.min(limits.perSecond, Math.max(MIN_RATE, currentRate(lane, limits.perSecond, now) * DECREASE_FACTOR));
		lane.adaptedAt = now;
		lane.loweredAt = now;
	}

	/** Hands out turns in order: one at a time, each after the gap the current rate asks for. */
	async function pump(lane: Lane) {
		if (lane.pumping) return;
		lane.pumping = true;
		let waited = false;
		try {
			while (lane.queue.length > 0) {
				const { limits, grant } = lane.queue[0];
				if (limits.concurrency > 0 && lane.active >= limits.concurrency) return; // a release pumps again
				const now = clock.now();
				let dueAt = now;
				if (limits.perSecond > 0) {
					const gap = 1000 / currentRate(lane, limits.perSecond, now);
					// The cadence counts from when the last request was due, but no start comes closer to
					// the last real start than the ceiling allows (eSMS's documented limit: a hard rule).
					// Counting the cadence from a backdated start alone let two starts come closer: at
					// 2/s, 491.69 ms apart, when the rate climbed during a wait (limiter.test.ts).
					const due = Math.max(lane.lastDue + gap, lane.lastStart + 1000 / limits.perSecond);
					// the rate may change while we wait, so look again after the wait
					if (due > now) {
						await clock.sleep(due - now);
						waited = true;
						continue;
					}
					// a timer that fires late keeps the cadence, so that the rate does not drift below an
					// adapted rate (at the ceiling the floor above wins and the lateness is lost); a request
					// that simply came after a pause starts the cadence anew
					if (waited && now - due < gap) dueAt = due;
					waited = false;
				}
				lane.queue.shift();
				lane.active += 1;
				lane.lastStart = now;
				lane.lastDue = dueAt;
				grant(turn(lane, limits, now));
			}
		} finally {
			lane.pumping = false;
		}
	}

	function turn(lane: Lane, limits: Limits, sentAt: number): Release {
		let released = false;
		return (outcome) => {
			if (released) return;
			released = true;
			if (outcome?.rateLimited) lower(lane, limits, sentAt);
			lane.active -= 1;
			void pump(lane);
		};
	}

	/** Waits for a turn for `key` (credential and endpoint); the returned function gives it back. */
	function acquire(key: string, limits: Limits): Promise<Release> {
		let lane = lanes.get(key);
		if (!lane) {
			lane = { lastStart: -Infinity, lastDue: -Infinity, active: 0, queue: [], pumping: false, adaptedRate: Infinity, adaptedAt: 0, loweredAt: -Infinity };
			lanes.set(key, lane);
		}
		const l = lane;
		return new Promise<Release>((grant) => {
			l.queue.push({ limits, grant });
			void pump(l);
		});
	}

	/** The rate `key` allows now, in requests/s (for tests and diagnostics). */
	function rate(key: string, limits: Limits): number {
		const lane = lanes.get(key);
		return lane ? currentRate(lane, limits.perSecond, clock.now()) : limits.perSecond;
	}

	return { acquire, rate };
}

const processWide = createLimiter({ now: () => Date.now(), sleep });

/** The module-wide limiter: see `createLimiter`. */
export const acquire = processWide.acquire;
