/**
 * Registered templates, read and checked before sending. Pure functions (property-tested in
 * test/lists.test.ts, test/templates.test.ts, test/fuzz.test.ts). Lengths are counted in UTF-16 code
 * units, as .NET (eSMS's service) and JavaScript count a string's length, on the composed text (NFC,
 * text.ts composed): a Vietnamese letter is one unit, an emoji two. Errors say so (LENGTH_UNITS).
 */
import type { EsmsSmsTemplate, EsmsZnsTemplateParam } from './listTypes';
import { lookup } from './lookup';
import { instantOf, vietnamDay } from './sendDate';
import { composed, LENGTH_UNITS, messageText, quoteText } from './text';

/** eSMS's network IDs (ham-lay-danh-sach-template-tin-cham-soc-khach-hang.md, NetworkID). */
export const NETWORKS: Readonly<Record<string, string>> = {
	'1': 'Viettel',
	'2': 'Mobifone',
	'3': 'Vinaphone',
	'4': 'Vietnamobile',
	'5': 'Gtel',
	'6': 'Itel',
	'7': 'Reddi',
};

export function networkName(id: unknown): string {
	return lookup(NETWORKS, String(id ?? '').trim()) ?? `network ${String(id)}`;
}

/**
 * Original network of a Vietnamese mobile number, from its prefix (the ranges in use since the
 * 2018–2019 renumbering). A number ported to another network keeps its prefix, so this is a guess:
 * undefined for prefixes that no network owns alone.
 *
 * @param phone national form, 0 and 9 digits (what normalizePhone returns)
 * @returns an eSMS NetworkID (1–7), or undefined
 */
export function networkOfPhone(phone: string): number | undefined {
	const prefix = phone.slice(0, 3);
	for (const [id, prefixes] of PREFIXES) if (prefixes.includes(prefix)) return id;
	return undefined;
}
const PREFIXES: Array<[number, string[]]> = [
	[1, ['032', '033', '034', '035', '036', '037', '038', '039', '086', '096', '097', '098']],
	[2, ['070', '076', '077', '078', '079', '089', '090', '093']],
	[3, ['081', '082', '083', '084', '085', '088', '091', '094']],
	[4, ['052', '056', '058', '092']],
	[5, ['059', '099']],
	[6, ['087']],
	[7, ['055']],
];

/** `{P1,20}` in a customer-care template: a variable part of 1 to `maxLength` characters. */
export interface SmsPlaceholder {
	/** the name eSMS writes, e.g. "P1"; names repeat in real templates ("{P2,20} VND luc {P2,20}") */
	name: string;
	/** unique among the template's placeholders: the name, then name_2, name_3… for repeats */
	key: string;
	maxLength: number;
}

export type SmsTemplatePart = string | SmsPlaceholder;

const PLACEHOLDER = /\{\s*(P\d+)\s*,\s*(\d+)\s*\}/g;

/**
 * Splits a template into literal text and placeholders, in order. Literal parts are never empty,
 * and two literals never follow each other.
 */
export function parseSmsTemplate(template: string): SmsTemplatePart[] {
	const parts: SmsTemplatePart[] = [];
	const seen = new Map<string, number>();
	let last = 0;
	for (const m of template.matchAll(PLACEHOLDER)) {
		const at = m.index ?? 0;
		if (at > last) parts.push(template.slice(last, at));
		const name = m[1];
		const count = (seen.get(name) ?? 0) + 1;
		seen.set(name, count);
		parts.push({ name, key: count === 1 ? name : `${name}_${count}`, maxLength: Number(m[2]) });
		last = at + m[0].length;
	}
	if (last < template.length) parts.push(template.slice(last));
	return parts;
}

export function smsPlaceholders(template: string): SmsPlaceholder[] {
	return parseSmsTemplate(template).filter((p): p is SmsPlaceholder => typeof p !== 'string');
}

/** Why a value cannot fill a placeholder, or undefined when it can. */
export function smsPlaceholderProblem(placeholder: SmsPlaceholder, value: string): string | undefined {
	// only spaces would send the template with a hole where the code or name belongs
	if (value.trim().length === 0) return value.length === 0 ? 'it is empty' : 'it holds only spaces';
	if (value.length > placeholder.maxLength)
		return `it has ${value.length} characters (${LENGTH_UNITS}) and the template allows at most ${placeholder.maxLength}`;
	return undefined;
}

export type FillResult = { ok: true; content: string } | { ok: false; placeholder: SmsPlaceholder; problem: string };

/**
 * The message text: the template with each placeholder replaced by `values[key]`, composed (NFC)
 * before it is measured. Numbers and booleans are written as text; anything else (missing, an
 * object) is a problem.
 */
export function fillSmsTemplate(template: string, values: Record<string, unknown>): FillResult {
	let content = '';
	for (const part of parseSmsTemplate(template)) {
		if (typeof part === 'string') {
			content += part;
			continue;
		}
		const raw = values[part.key];
		const value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? composed(String(raw)) : undefined;
		if (value === undefined)
			return { ok: false, placeholder: part, problem: raw === undefined || raw === null ? 'it has no value' : 'it is not text' };
		const problem = smsPlaceholderProblem(part, value);
		if (problem) return { ok: false, placeholder: part, problem };
		content += value;
	}
	return { ok: true, content: composed(content) };
}

/**
 * The content positions reachable after each part: reach[i][p] is true when parts[0..i) can match
 * content[0..p). Dynamic programming rather than a regular expression: a template with several
 * adjacent placeholders would make a backtracking regex explode on a long mismatching text.
 * `relaxed` lets placeholders take any length of at least 1.
 */
function reachable(content: string, parts: SmsTemplatePart[], relaxed: boolean): Uint8Array[] {
	const n = content.length;
	const reach: Uint8Array[] = [new Uint8Array(n + 1)];
	reach[0][0] = 1;
	for (const part of parts) {
		const from = reach[reach.length - 1];
		const to = new Uint8Array(n + 1);
		if (typeof part === 'string') {
			for (let p = 0; p + part.length <= n; p++) if (from[p] && content.startsWith(part, p)) to[p + part.length] = 1;
		} else {
			// a running count of reachable starts in the window [p - max, p - 1]
			const max = relaxed ? n : part.maxLength;
			let open = 0;
			for (let p = 1; p <= n; p++) {
				open += from[p - 1];
				if (p - max - 1 >= 0) open -= from[p - max - 1];
				if (open > 0) to[p] = 1;
			}
		}
		reach.push(to);
	}
	return reach;
}

/**
 * Whether `content` is the text of `template`, each `{Pn,max}` filled with 1 to max UTF-16 units.
 * Both are compared as the node sends a text (text.ts messageText): composed (NFC), line endings as
 * `\n`, without white space or line breaks at either end. So a text from a sheet cell that ends with
 * a line break, or a template registered with Windows line endings, still matches.
 */
export function matchesSmsTemplate(content: string, template: string): boolean {
	const text = messageText(content);
	return reachable(text, parseSmsTemplate(messageText(template)), false).pop()![text.length] === 1;
}

const quote = (text: string) => quoteText(text);

/**
 * One sentence saying why `content` does not match `template` (both compared as in
 * {@link matchesSmsTemplate}): a placeholder whose text is too long, the first template text that the
 * content lacks, or text after the template's end. White space it quotes is named, not printed.
 */
export function explainSmsMismatch(rawContent: string, template: string): string {
	const content = messageText(rawContent);
	const parts = parseSmsTemplate(messageText(template));
	const n = content.length;
	const strict = reachable(content, parts, false);
	if (strict[parts.length][n]) return 'the text matches the template';
	const relaxed = reachable(content, parts, true);
	if (relaxed[parts.length][n]) {
		// walk back through one relaxed match, and name the first placeholder that overflows
		let end = n;
		const lengths: number[] = new Array(parts.length).fill(0);
		for (let i = parts.length - 1; i >= 0; i--) {
			const part = parts[i];
			if (typeof part === 'string') {
				end -= part.length;
				continue;
			}
			let start = end - 1;
			while (start > 0 && !relaxed[i][start]) start--;
			lengths[i] = end - start;
			end = start;
		}
		for (let i = 0; i < parts.length; i++) {
			const part = parts[i];
			if (typeof part !== 'string' && lengths[i] > part.maxLength)
				return `the text in place of {${part.name},${part.maxLength}} has ${lengths[i]} characters (${LENGTH_UNITS}), and the template allows at most ${part.maxLength}`;
		}
	}
	for (let i = 1; i <= parts.length; i++) {
		if (strict[i].includes(1)) continue;
		const part = parts[i - 1];
		let furthest = 0;
		for (let p = 0; p <= n; p++) if (strict[i - 1][p]) furthest = p;
		const before = content.slice(Math.max(0, furthest - 30), furthest);
		const previous = parts[i - 2];
		if (typeof part !== 'string') return `the text ends where the template expects {${part.name},${part.maxLength}}`;
		if (i === 1) {
			// how far the text follows the template, backed off to the last character that shows
			let same = 0;
			while (same < part.length && content[same] === part[same]) same++;
			same = part.slice(0, same).trimEnd().length;
			if (same === 0) return `the text should begin with ${quote(part)}`;
			const upTo = content.slice(Math.max(0, same - 30), same);
			return `after ${quote(upTo)} the template continues with ${quote(part.slice(same))}`;
		}
		if (typeof previous !== 'string')
			return `the text after {${previous.name},${previous.maxLength}} (1 to ${previous.maxLength} characters) should continue with ${quote(part)}`;
		return `after ${quote(before)} the template continues with ${quote(part)}`;
	}
	let furthest = 0;
	for (let p = 0; p <= n; p++) if (strict[parts.length][p]) furthest = p;
	return `the text goes on after the end of the template: ${quote(content.slice(furthest))}`;
}

/** The template text without its placeholders, for similarity. */
function literalText(template: string): string {
	return parseSmsTemplate(template)
		.filter((p): p is string => typeof p === 'string')
		.join('');
}

/** Length of the longest common subsequence, in two rows of memory. */
function lcs(a: string, b: string): number {
	let prev = new Uint16Array(b.length + 1);
	let row = new Uint16Array(b.length + 1);
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++)
			row[j] = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
		[prev, row] = [row, prev];
	}
	return prev[b.length];
}

/** How much of a template's fixed text is found in order in `content` (0 to 1). */
function sharedShare(content: string, template: string): number {
	const literal = literalText(template).slice(0, 2000);
	return literal.length === 0 ? 0 : lcs(literal, content.slice(0, 2000)) / literal.length;
}

/**
 * A template shown as "closest" must hold at least this share of its fixed text in the content: a text
 * that shares less is another message, and naming a template for it misleads (an OTP template offered
 * for an order confirmation).
 */
export const CLOSEST_MIN_SHARE = 0.5;

/**
 * The template most like `content`: the largest share of its fixed text found in order in the
 * content, then the smaller difference in length. The content is cut at 2,000 characters.
 * With `minShare`, none when the best shares less.
 */
export function closestSmsTemplate<T extends Pick<EsmsSmsTemplate, 'TempContent'>>(content: string, templates: T[], minShare = 0): T | undefined {
	let best: T | undefined;
	let bestScore = -1;
	let bestGap = Infinity;
	for (const t of templates) {
		const score = sharedShare(content, t.TempContent);
		const gap = Math.abs(t.TempContent.length - content.length);
		if (score > bestScore || (score === bestScore && gap < bestGap)) [best, bestScore, bestGap] = [t, score, gap];
	}
	return bestScore >= minShare ? best : undefined;
}

/** `content`: the text as matched (text.ts messageText), which is the text to send. */
export type SmsTemplateMatch<T> = { ok: true; template: T; content: string } | { ok: false; reason: string; closest?: T };

/**
 * Checks a customer-care content against a brandname's registered templates, as eSMS does before it
 * answers 146. With `networkId`, only that network's templates count (a brandname's templates can
 * differ by network).
 *
 * @param rawContent the text to send; compared as in {@link matchesSmsTemplate}
 * @param templates the brandname's BrandnameTemplates (GetTemplate/)
 * @param networkId an eSMS NetworkID (1–7), e.g. from networkOfPhone; undefined: any network
 * @returns the matching template and the text as matched, or why none matches with the closest template
 */
export function matchSmsTemplate<T extends EsmsSmsTemplate>(rawContent: string, templates: T[], networkId?: number): SmsTemplateMatch<T> {
	const content = messageText(rawContent);
	if (templates.length === 0) return { ok: false, reason: 'the brandname has no registered customer-care template' };
	const candidates = networkId === undefined ? templates : templates.filter((t) => Number(t.NetworkID) === networkId);
	const found = candidates.find((t) => matchesSmsTemplate(content, t.TempContent));
	if (found) return { ok: true, template: found, content };
	const network = networkId === undefined ? '' : networkName(networkId);
	const elsewhere = networkId === undefined ? undefined : templates.find((t) => matchesSmsTemplate(content, t.TempContent));
	if (elsewhere) {
		// the template to use instead: the phone's network's wording of the same message
		const instead = closestSmsTemplate(content, candidates);
		return {
			ok: false,
			reason: `it matches template ${String(elsewhere.TempId)}, which is registered for ${networkName(elsewhere.NetworkID)} but not for ${network}, the phone's network${instead ? `; ${network}'s is template ${String(instead.TempId)}` : ''}`,
			closest: instead ?? elsewhere,
		};
	}
	if (candidates.length === 0)
		return { ok: false, reason: `the brandname has no template registered for ${network}, the phone's network`, closest: closestSmsTemplate(content, templates, CLOSEST_MIN_SHARE) };
	const closest = closestSmsTemplate(content, candidates, CLOSEST_MIN_SHARE);
	if (!closest) return { ok: false, reason: `it is not the text of any of them${network ? ` for ${network}, the phone's network` : ''}` };
	return { ok: false, reason: explainSmsMismatch(content, closest.TempContent), closest };
}

/** Length limits of a ZNS parameter, from the template's ListParams (0 or absent: no limit). */
function limit(value: unknown): number {
	const n = Number(value);
	return Number.isFinite(n) && n > 0 ? n : 0;
}

/**
 * The value types of ZNS parameters that the node checks. eSMS documents them in the template list
 * (devesms/gitbook_esms_for_develop_v2 esms-api/ham-truy-xuat-va-dang-ky/ham-lay-danh-sach-template-zalo.md,
 * ZNSTempDetail.RequireType): `type_number` "chỉ truyền số từ 0 đến 9, tối đa là 12 số" (only the digits
 * 0 to 9, at most 12) and `type_date` "truyền theo định dạng dd/MM/yyyy" (as dd/MM/yyyy). The template
 * details, which the node reads (…/ham-lay-thong-tin-chi-tiet-template-zalo.md, ListParams.Type:
 * "Định dạng validate của thuộc tính", the parameter's validation format; the English page
 * devesms/gitbook_esms_for_develop_v2_en esms-api/retrive-and-register-functions/get-zalo-template-details.md
 * says "the regular expression for validating the value"), show only `"Type": "STRING"` in their
 * examples: the node takes NUMBER and DATE there (and type_number, type_date, any case) as those two
 * types, and checks nothing more for any other Type. The send page (esms-api/ham-gui-tin/tin-nhan-zalo.md)
 * fills template 200607's as `"quantity": "1"`, `"payment_amount": "4308000"`, `"delivery_date": "01/08/2024"`.
 * A value eSMS refuses is error 790, "Sai template ZNS" (esms-api/bang-ma-loi.md), which names no
 * parameter: hence the checks here, before any send.
 */
export type ZnsParamKind = 'number' | 'date' | 'text';

/** The kind of a ListParams `Type` (NUMBER, DATE; also the list's type_number, type_date), any case; anything else is text. */
export function znsParamKind(type: unknown): ZnsParamKind {
	const t = String(type ?? '')
		.trim()
		.toUpperCase()
		.replace(/^TYPE_/, '');
	return t === 'NUMBER' ? 'number' : t === 'DATE' ? 'date' : 'text';
}

/** At most 12 digits, as type_number takes. */
export const ZNS_NUMBER_DIGITS = 12;

/** A value as an error quotes it: at most 30 characters, white space named (text.ts quoteText). */
function quoted(value: string): string {
	return quoteText(value, 30);
}

/** dd/MM/yyyy of a calendar date, or undefined when it does not exist (31/02, month 13) or its year has not 4 digits. */
function ddMMyyyy(y: number, m: number, d: number): string | undefined {
	if (!(y >= 1000 && y <= 9999)) return undefined;
	const check = new Date(Date.UTC(y, m - 1, d));
	if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
	return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}

/** dd/MM/yyyy of an instant's day in Vietnam (UTC+7), where the customer reads it. */
function vietnamDate(epochMs: number): string | undefined {
	if (!Number.isFinite(epochMs)) return undefined;
	const { y, m, d } = vietnamDay(epochMs);
	return ddMMyyyy(y, m, d);
}

/** d/M/yyyy or d-M-yyyy: day first, as everywhere the node reads a date (1 or 2 digits for day and month) */
const DAY_FIRST_DATE = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$/;
/** yyyy-MM-dd, optionally with a time (T or a space) and an offset (Z, ±HH:mm, ±HHmm, ±HH) */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** The UTC offset in ms of Z, ±HH, ±HHmm or ±HH:mm; NaN for one that does not exist (+25:00). */
function isoOffset(zone: string): number {
	if (zone.toUpperCase() === 'Z') return 0;
	const [, sign, h, mi = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
	if (Number(h) > 23 || Number(mi) > 59) return NaN;
	return (sign === '-' ? -1 : 1) * (Number(h) * 60 + Number(mi)) * 60_000;
}

/**
 * The text of an ISO date as dd/MM/yyyy, or undefined when it does not exist. A date alone, or a date
 * and time without an offset (Vietnam time), is the date as written; a time with an offset or Z is
 * an instant: its day in Vietnam. So 2026-12-05T00:00:00.000Z (how JSON, a database or
 * `new Date("2026-12-05")` writes a date) is 05/12/2026, as is …T00:00:00+00:00.
 */
function isoDate(m: RegExpExecArray): string | undefined {
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = ddMMyyyy(y, mo, d);
	if (!date || m[4] === undefined) return date;
	const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
	if (h > 23 || mi > 59 || s > 59) return undefined;
	if (m[7] === undefined) return date;
	const offset = isoOffset(m[7]);
	return Number.isNaN(offset) ? undefined : vietnamDate(Date.UTC(y, mo - 1, d, h, mi, s) - offset);
}

export type ZnsValueCheck = { ok: true; text: string } | { ok: false; problem: string; fix: string };

/**
 * A value for a parameter of type DATE, as eSMS takes it: dd/MM/yyyy. The node reads, by the one time
 * rule (sendDate.ts): d/M/yyyy and d-M-yyyy, day first (5/12/2026 is 5 December); yyyy-MM-dd, alone or
 * with a time without an offset (Vietnam time): the date as written; a time with an offset or Z, a
 * JavaScript Date and a Luxon DateTime (`{{ $today }}`, `{{ $now.plus({ days: 3 }) }}`), which are
 * instants: their day in Vietnam, whatever the workflow's time zone. Anything else (2024/08/01,
 * 31/02/2024, words) is refused.
 */
export function znsDateValue(name: string, raw: unknown): ZnsValueCheck {
	const fix = `Give ${name} as dd/MM/yyyy, for example 01/08/2024 for 1 August 2024; d/M/yyyy (1/8/2024) is read day first too. The node also converts yyyy-MM-dd (2024-08-01) and n8n dates such as {{ $today.plus({ days: 3 }) }}, taking their day in Vietnam time; for another form, format the date in an expression, e.g. {{ DateTime.fromFormat($json.date, 'MM/dd/yyyy').toFormat('dd/MM/yyyy') }}.`;
	const invalid: ZnsValueCheck = { ok: false, problem: 'it is an invalid date', fix };
	const instant = instantOf(raw);
	if (instant !== undefined) {
		const text = vietnamDate(instant);
		return text ? { ok: true, text } : invalid;
	}
	const value = String(raw).trim();
	const dayFirst = DAY_FIRST_DATE.exec(value);
	const iso = dayFirst ? null : ISO_DATE.exec(value);
	const text = dayFirst ? ddMMyyyy(Number(dayFirst[4]), Number(dayFirst[3]), Number(dayFirst[1])) : iso ? isoDate(iso) : undefined;
	if (text) return { ok: true, text };
	return {
		ok: false,
		problem: dayFirst || iso ? `it is ${quoted(String(raw))}, a date that does not exist` : `it is ${quoted(String(raw))}, and a DATE parameter takes a date as dd/MM/yyyy`,
		fix,
	};
}

/**
 * A value for a parameter of type NUMBER, as eSMS takes it: the digits 0 to 9 only, at most 12. A
 * number from an expression is written as its digits (4308000); nothing is converted: 4.308.000,
 * 4,308,000, " 12", -5 and 1.5 are refused, as the node cannot know which of them meant what.
 */
export function znsNumberValue(name: string, raw: unknown): ZnsValueCheck {
	const value = String(raw);
	const fix = `Give ${name} as digits only, at most ${ZNS_NUMBER_DIGITS}, for example 4308000: no spaces, dots, commas, sign or decimals.`;
	if (!/^[0-9]+$/.test(value))
		return { ok: false, problem: `it is ${quoted(value)}, and a NUMBER parameter takes only the digits 0 to 9`, fix };
	if (value.length > ZNS_NUMBER_DIGITS)
		return { ok: false, problem: `it has ${value.length} digits, and a NUMBER parameter takes at most ${ZNS_NUMBER_DIGITS}`, fix };
	return { ok: true, text: value };
}

export type ZnsTempDataResult =
	| { ok: true; data: Record<string, string> }
	/** `fix`: how to give the value, when it is specific to the problem (a NUMBER or DATE value) */
	| { ok: false; name: string; problem: string; fix?: string };

/**
 * TempData for Send ZNS (and the Params of Send ZNS with SMS Fallback): one text per template parameter,
 * checked against ListParams (Require, AcceptNull, Type, MinLength, MaxLength). Values of other names
 * are left out, so an automatically mapped input item sends only what the template declares. An
 * optional parameter without a value is left out too. Every text is composed (NFC) first, so that a
 * name typed on macOS counts, and reaches the phone, as the same letters typed elsewhere. A NUMBER
 * value must be digits only (at most 12) and a DATE value dd/MM/yyyy, converted from the few forms
 * {@link znsDateValue} reads (in Vietnam time); the lengths are checked on the text sent, in UTF-16
 * units (LENGTH_UNITS).
 *
 * @param params the template's ListParams (GetZnsTemplateInfo)
 * @param values parameter name → value (text, number, boolean; for a DATE also a Date or Luxon DateTime)
 * @returns the TempData, or the first problem with the parameter's name (never throws)
 *
 * Source (devesms/gitbook_esms_for_develop_v2): esms-api/ham-truy-xuat-va-dang-ky/ham-lay-thong-tin-chi-tiet-template-zalo.md
 * (ListParams); esms-api/ham-truy-xuat-va-dang-ky/ham-lay-danh-sach-template-zalo.md (type_number,
 * type_date, and "sending over the limit gives a wrong template"); esms-api/bang-ma-loi.md (790).
 */
export function buildZnsTempData(params: EsmsZnsTemplateParam[], values: Record<string, unknown>): ZnsTempDataResult {
	const data: Record<string, string> = {};
	for (const param of params) {
		const raw = Object.prototype.hasOwnProperty.call(values, param.Name) ? values[param.Name] : undefined;
		const kind = znsParamKind(param.Type);
		let value: string;
		if (kind === 'date' && instantOf(raw) !== undefined) {
			const checked = znsDateValue(param.Name, raw);
			if (!checked.ok) return { ok: false, name: param.Name, problem: checked.problem, fix: checked.fix };
			value = checked.text;
		} else {
			if (raw !== undefined && raw !== null && typeof raw === 'object') return { ok: false, name: param.Name, problem: 'it is not text' };
			value = raw === undefined || raw === null ? '' : composed(String(raw));
			// a required value of only spaces would reach the customer as a blank where the name belongs
			if (value.trim() === '') {
				if (param.Require === true)
					return {
						ok: false,
						name: param.Name,
						problem: raw === undefined || raw === null ? 'it is required and has no value' : value === '' ? 'it is required and empty' : 'it is required and holds only spaces',
					};
				if (raw === undefined || raw === null || param.AcceptNull !== true) continue;
			} else if (kind !== 'text') {
				const checked = kind === 'number' ? znsNumberValue(param.Name, raw) : znsDateValue(param.Name, value);
				if (!checked.ok) return { ok: false, name: param.Name, problem: checked.problem, fix: checked.fix };
				value = checked.text;
			}
		}
		const min = limit(param.MinLength);
		const max = limit(param.MaxLength);
		if (value !== '' && value.length < min)
			return { ok: false, name: param.Name, problem: `it has ${value.length} characters (${LENGTH_UNITS}) and the template needs at least ${min}` };
		if (max > 0 && value.length > max)
			return { ok: false, name: param.Name, problem: `it has ${value.length} characters (${LENGTH_UNITS}) and the template allows at most ${max}` };
		data[param.Name] = value;
	}
	return { ok: true, data };
}
