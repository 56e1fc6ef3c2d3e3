import { sleep } from 'n8n-workflow';

/**
 * n8n's declarative engine starts every item's request at once. This spaces them to eSMS's
 * per-account limits. It lives in the module, so it is shared by every execution in one n8n process
 * (one main instance or one queue-mode worker), keyed by credential and endpoint.
 */
interface Lane {
	nextStart: number;
	active: number;
	waiting: Array<() => void>;
}

const lanes = new Map<string, Lane>();

export interface Limits {
	/** 0 = no rate limit */
	perSecond: number;
	/** 0 = no concurrency cap */
	concurrency: number;
}

/** Waits for a turn; the returned function gives the turn back and must be called once. */
export async function acquire(key: string, limits: Limits): Promise<() => void> {
	let lane = lanes.get(key);
	if (!lane) {
		lane = { nextStart: 0, active: 0, waiting: [] };
		lanes.set(key, lane);
	}
	const l = lane;
	if (limits.concurrency > 0 && l.active >= limits.concurrency) {
		await new Promise<void>((resolve) => l.waiting.push(resolve));
	} else {
		l.active += 1;
	}
	if (limits.perSecond > 0) {
		const now = Date.now();
		const start = Math.max(now, l.nextStart);
		l.nextStart = start + 1000 / limits.perSecond;
		if (start > now) await sleep(start - now);
	}
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const next = l.waiting.shift();
		// the turn passes straight to the next waiter, so `active` is unchanged
		if (next) next();
		else l.active -= 1;
	};
}
