/**
 * eSMS reads SendDate as `yyyy-MM-dd HH:mm:ss` in Vietnam time (UTC+7, no daylight saving). n8n's
 * date-time field gives either an ISO string with an offset, or a local date-time without one, which
 * means the workflow's time zone.
 */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

function offsetMs(timeZone: string, utcMs: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
	return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - utcMs;
}

/** Epoch ms of a date-time value, or NaN. Local date-times are read in `timeZone`. */
export function parseDateTime(value: unknown, timeZone: string): number {
	if (value instanceof Date) return value.getTime();
	const text = String(value ?? '').trim();
	const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/.exec(text);
	if (!local) return text === '' ? NaN : Date.parse(text);
	const [y, mo, d, h, mi, s] = local.slice(1).map((x) => Number(x ?? 0));
	const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
	const check = new Date(asUtc);
	if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return NaN;
	let zone = timeZone;
	try {
		offsetMs(zone, asUtc);
	} catch {
		zone = 'UTC';
	}
	// two passes settle the offset around a daylight-saving change
	const first = asUtc - offsetMs(zone, asUtc);
	return asUtc - offsetMs(zone, first);
}

export function formatVietnamTime(epochMs: number): string {
	return new Date(epochMs + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
