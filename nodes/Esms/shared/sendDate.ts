/**
 * Dates and times, one rule: the recipients and eSMS's own clock are in Vietnam (UTC+7, no daylight
 * saving since 1975; reference/esms-api.md, SendMultipleMessage_V4 "SendDate" is read in Vietnam time).
 * - A date or time written without a zone is Vietnam time: a typed Send Date, the editor's date picker
 *   (n8n's editor sends the picked wall time as `YYYY-MM-DDTHH:mm:ss`, no offset: n8n-editor-ui
 *   ParameterInput, `value-format`), a DATE template parameter. It is never read in the workflow's or
 *   the server's zone, which on most instances is n8n's default, America/New_York.
 * - A value that carries its own zone or offset (`…Z`, `…+00:00`) and an instant (a JavaScript Date, a
 *   Luxon DateTime: what `{{ $now }}` gives; n8n hands a DateTime inside a collection over as its ISO
 *   text with offset, n8n-core cleanupParameterData) keeps its instant, shown and sent in Vietnam time.
 * - Day first: 01/06/2030 is 1 June; text never reaches `Date.parse`, which reads it month first.
 */
export const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The forms {@link parseDateTime} reads, as listed in its error messages. */
export const ACCEPTED_DATE_FORMS =
	'yyyy-MM-dd H:mm[:ss], or d/M/yyyy H:mm[:ss] or d-M-yyyy H:mm[:ss] (day first), all in Vietnam time; ISO 8601 with an offset such as 2030-06-01T09:00:00+07:00 or …Z; or a date from an expression such as {{ $now.plus({ days: 1 }) }}';

/** yyyy-MM-dd[T ]H[H]:mm[:ss[.fff]] with an optional Z or ±HH[:]mm (a one-digit hour, as people type it, is unambiguous) */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
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

/** Epoch ms of a wall-clock time at UTC offset `offset` (ms), or NaN when the fields are not a real date and time. */
function fromFields({ y, mo, d, h, mi, s, ms }: Fields, offset: number): number {
	const asUtc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
	const check = new Date(asUtc);
	if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
		return NaN;
	return asUtc - offset;
}

/**
 * Whether `text` is written in one of the string forms {@link parseDateTime} reads. When it is and the
 * parse still gives NaN, the date or time does not exist (30 February, month 13, 24:00, offset +25:00).
 */
export function isDateForm(text: string): boolean {
	const t = text.trim();
	return ISO.test(t) || DAY_FIRST.test(t);
}

/** Epoch ms of a JavaScript Date or a Luxon DateTime (recognised by its `toMillis()`, so n8n's copy of Luxon need not be imported); undefined for anything else. */
export function instantOf(value: unknown): number | undefined {
	if (value instanceof Date) return value.getTime();
	if (value !== null && typeof value === 'object') {
		const dt = value as { toMillis?: unknown; isValid?: unknown };
		if (typeof dt.toMillis === 'function') {
			const ms = dt.isValid === false ? NaN : Number(dt.toMillis());
			return Number.isFinite(ms) ? ms : NaN;
		}
	}
	return undefined;
}

/** The UTC offset, in ms, of a `Z` or `±HH[:]mm` suffix; NaN for an offset that does not exist. */
export function offsetOf(zone: string): number {
	const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
	if (!z) return 0;
	if (Number(z[2]) > 23 || Number(z[3]) > 59) return NaN;
	return (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
}

/**
 * Epoch ms of a Send Date value, or NaN when it is in none of the {@link ACCEPTED_DATE_FORMS}.
 * Read: a JS Date or a Luxon DateTime (its instant); ISO 8601 with Z or an offset (its instant); ISO or
 * `yyyy-MM-dd HH:mm[:ss]` without one, and `d/M/yyyy H:mm[:ss]` or `d-M-yyyy H:mm[:ss]` (day first, 1
 * or 2 digits for day, month and hour), in Vietnam time, whatever the workflow's zone. Impossible
 * dates and times (30 February, month 13, 24:00) give NaN; Vietnam has no daylight saving, so every
 * wall time that exists on the calendar exists on its clocks.
 */
export function parseDateTime(value: unknown): number {
	const instant = instantOf(value);
	if (instant !== undefined) return instant;
	if (typeof value !== 'string') return NaN;
	const text = value.trim();
	const iso = ISO.exec(text);
	if (iso) {
		const [y, mo, d, h, mi, s] = iso.slice(1, 7).map((x) => Number(x ?? 0));
		const ms = Number((iso[7] ?? '0').padEnd(3, '0').slice(0, 3));
		const offset = iso[8] === undefined ? VIETNAM_OFFSET_MS : offsetOf(iso[8]);
		return Number.isNaN(offset) ? NaN : fromFields({ y, mo, d, h, mi, s, ms }, offset);
	}
	const dayFirst = DAY_FIRST.exec(text);
	if (dayFirst) {
		const [d, , mo, y, h, mi, s] = dayFirst.slice(1).map((x) => Number(x ?? 0));
		return fromFields({ y, mo, d, h, mi, s, ms: 0 }, VIETNAM_OFFSET_MS);
	}
	return NaN;
}

/** The calendar day of an instant in Vietnam: { y, m, d } (month 1–12). */
export function vietnamDay(epochMs: number): { y: number; m: number; d: number } {
	const wall = new Date(epochMs + VIETNAM_OFFSET_MS);
	return { y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate() };
}

/** `yyyy-MM-dd HH:mm:ss` in Vietnam time (UTC+7), the form eSMS reads SendDate in. */
export function formatVietnamTime(epochMs: number): string {
	return new Date(epochMs + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A send's `sendDate` as its output shows it: ISO 8601 with Vietnam's offset, `2030-06-01T09:00:00+07:00`,
 * so that a workflow (or a person) never has to guess its zone. Null stays null (sent now).
 *
 * @param sendDate `yyyy-MM-dd HH:mm:ss` in Vietnam time, as eSMS gets it
 */
export function sendDateOutput(sendDate: string | null): string | null {
	return sendDate === null ? null : `${sendDate.replace(' ', 'T')}+07:00`;
}
