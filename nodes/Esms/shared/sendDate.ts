/**
 * eSMS reads SendDate as `yyyy-MM-dd HH:mm:ss` in Vietnam time (UTC+7, no daylight saving;
 * reference/esms-api.md, SendMultipleMessage_V4 "SendDate"). People give it in several forms; the
 * node reads only the unambiguous ones, and never hands text to `Date.parse`, which reads 01/06/2030
 * month first and in the n8n server's time zone.
 */
const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The forms {@link parseDateTime} reads, as listed in its error messages. */
export const ACCEPTED_DATE_FORMS =
	'yyyy-MM-dd HH:mm[:ss], dd/MM/yyyy HH:mm[:ss] or dd-MM-yyyy HH:mm[:ss] (day first), both in the workflow\'s time zone; ISO 8601 such as 2030-06-01T09:00:00+07:00 (with or without an offset); or a date from an expression such as {{ $now.plus({ days: 1 }) }}';

// one formatter per zone: building one costs far more than using it, and a send reads one per item
const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(timeZone: string, utcMs: number): number {
	let format = formatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, format);
	}
	const parts = format.formatToParts(new Date(utcMs));
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
	return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - utcMs;
}

/**
 * The wall-clock time of instant `epochMs` in IANA zone `timeZone` (UTC when the zone is unknown), as
 * epoch ms whose UTC fields are that wall time: `new Date(wall).getUTCDate()` is the day there.
 * Uses the cached per-zone formatter.
 */
export function wallClockMs(epochMs: number, timeZone: string): number {
	try {
		return epochMs + offsetMs(timeZone, epochMs);
	} catch {
		return epochMs;
	}
}

/** yyyy-MM-dd[T ]HH:mm[:ss[.fff]] with an optional Z or ±HH[:]mm */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
/** d/M/yyyy H:mm[:ss] or d-M-yyyy H:mm[:ss], day first as written in Vietnam */
const DAY_FIRST = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

interface Fields {
	y: number;
	mo: number;
	d: number;
	h: number;
	mi: number;
	s: number;
	ms: number;
}

/** Epoch ms of a wall-clock time in `timeZone`, or NaN when the fields are not a real date and time. */
function fromFields({ y, mo, d, h, mi, s, ms }: Fields, offset: number | 'zone', timeZone: string): number {
	const asUtc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
	const check = new Date(asUtc);
	if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
		return NaN;
	if (offset !== 'zone') return asUtc - offset;
	let zone = timeZone;
	try {
		offsetMs(zone, asUtc);
	} catch {
		zone = 'UTC';
	}
	// two passes settle the offset around a daylight-saving change
	const first = asUtc - offsetMs(zone, asUtc);
	const at = asUtc - offsetMs(zone, first);
	// a wall time the clocks skip (02:30 when 02:00 jumps to 03:00) has no instant: any instant read for
	// it shows another time on the clock, so it is refused rather than moved
	// (offsetMs reads the clock to the second, so a time with milliseconds comes back up to 1 s short)
	return Math.abs(at + offsetMs(zone, at) - asUtc) < 1000 ? at : NaN;
}

/**
 * Whether `text` is written in one of the string forms {@link parseDateTime} reads. When it is and the
 * parse still gives NaN, the date does not exist: an impossible day or time, or a time the zone's clocks
 * skip at a daylight-saving change.
 */
export function isDateForm(text: string): boolean {
	const t = text.trim();
	return ISO.test(t) || DAY_FIRST.test(t);
}

/**
 * Epoch ms of a Send Date value, or NaN when it is in none of the {@link ACCEPTED_DATE_FORMS}.
 * Read: a JS Date; a Luxon DateTime (what n8n's `$now`, `$today` and date fields in expressions give;
 * recognised by its `toMillis()`, so n8n's copy of Luxon need not be imported); ISO 8601 with Z or an
 * offset (exact); ISO or `yyyy-MM-dd HH:mm[:ss]` without one, and `dd/MM/yyyy HH:mm[:ss]` or
 * `dd-MM-yyyy HH:mm[:ss]` (day first, 1 or 2 digits for day, month and hour), in `timeZone` (an IANA
 * zone: the workflow's; UTC if it is unknown). Impossible dates (30 February, month 13, 24:00) and
 * wall times the zone skips at a daylight-saving change give NaN.
 */
export function parseDateTime(value: unknown, timeZone: string): number {
	if (value instanceof Date) return value.getTime();
	if (value !== null && typeof value === 'object') {
		const dt = value as { toMillis?: unknown; isValid?: unknown };
		if (typeof dt.toMillis === 'function' && dt.isValid !== false) {
			const ms = Number(dt.toMillis());
			return Number.isFinite(ms) ? ms : NaN;
		}
		return NaN;
	}
	if (typeof value !== 'string') return NaN;
	const text = value.trim();
	const iso = ISO.exec(text);
	if (iso) {
		const [y, mo, d, h, mi, s] = iso.slice(1, 7).map((x) => Number(x ?? 0));
		const ms = Number((iso[7] ?? '0').padEnd(3, '0').slice(0, 3));
		const zone = iso[8];
		let offset: number | 'zone' = 'zone';
		if (zone !== undefined) {
			const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
			if (z && (Number(z[2]) > 23 || Number(z[3]) > 59)) return NaN;
			offset = z ? (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000 : 0;
		}
		return fromFields({ y, mo, d, h, mi, s, ms }, offset, timeZone);
	}
	const dayFirst = DAY_FIRST.exec(text);
	if (dayFirst) {
		const [d, , mo, y, h, mi, s] = dayFirst.slice(1).map((x) => Number(x ?? 0));
		return fromFields({ y, mo, d, h, mi, s, ms: 0 }, 'zone', timeZone);
	}
	return NaN;
}

/** `yyyy-MM-dd HH:mm:ss` in Vietnam time (UTC+7), the form eSMS reads SendDate in. */
export function formatVietnamTime(epochMs: number): string {
	return new Date(epochMs + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
