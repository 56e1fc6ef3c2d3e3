/**
 * Message text helpers. Without Unicode a message travels as GSM 7-bit (3GPP TS 23.038): Vietnamese
 * letters with diacritics, typographic punctuation and odd spaces are not in that alphabet, and
 * carriers replace or drop them.
 */

const GSM_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The extension table: each character takes two septets (an escape, then the character). */
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/**
 * Plain GSM stand-ins for what Word, Google Docs, CMSs and chat apps put in text: typographic quotes,
 * dashes, the ellipsis, bullets, and the special spaces. Invisible format characters (category Cf:
 * zero-width spaces and joiners, bidi marks, the BOM, the soft hyphen) have no stand-in: they are removed.
 */
const TYPOGRAPHIC: ReadonlyArray<[string, string]> = [
	['‘’‚‛′', "'"],
	['“”„‟″«»', '"'],
	['‐‑‒–—―−', '-'],
	['…', '...'],
	['•‧∙·', '-'],
	['\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t', ' '],
];
const STAND_IN = new Map<string, string>(TYPOGRAPHIC.flatMap(([chars, to]) => [...chars].map((c) => [c, to] as [string, string])));
const FORMAT_CHARACTER = /^\p{Cf}$/u;

/** One kind of character that {@link toPlainText} replaced: `count` occurrences of `character` became `replacement`. */
export interface ReplacedCharacter {
	character: string;
	/** e.g. "U+2019", so that invisible characters can be told apart */
	codePoint: string;
	/** "" when the character was removed (an invisible format character) */
	replacement: string;
	count: number;
}

/** Vietnamese (and other Latin) letters without their marks: "Đơn hàng" → "Don hang". */
export function removeDiacritics(text: string): string {
	return text
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.normalize('NFC');
}

/**
 * What the "Remove Diacritics" option does to a text sent without Unicode: typographic punctuation
 * and special spaces become their plain GSM stand-ins (see TYPOGRAPHIC), invisible format characters
 * are removed, then letters lose their diacritics. `replaced` lists the punctuation, spaces and
 * invisible characters (not the letters: the output's content shows those), in order of first
 * appearance. Characters with no plain form (emoji, CJK…) are left as they are, for
 * {@link nonGsmCharacters} to report. Never throws.
 */
export function toPlainText(text: string): { text: string; replaced: ReplacedCharacter[] } {
	const replaced = new Map<string, ReplacedCharacter>();
	let out = '';
	for (const ch of text) {
		const standIn = STAND_IN.get(ch) ?? (FORMAT_CHARACTER.test(ch) ? '' : undefined);
		if (standIn === undefined) {
			out += ch;
			continue;
		}
		out += standIn;
		const seen = replaced.get(ch);
		if (seen) seen.count += 1;
		else
			replaced.set(ch, {
				character: ch,
				codePoint: `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
				replacement: standIn,
				count: 1,
			});
	}
	return { text: removeDiacritics(out), replaced: [...replaced.values()] };
}

/** Characters that cannot travel as GSM 7-bit, each listed once, in order of appearance. */
export function nonGsmCharacters(text: string): string[] {
	const seen = new Set<string>();
	for (const ch of text) if (!GSM_BASIC.has(ch) && !GSM_EXTENDED.has(ch)) seen.add(ch);
	return [...seen];
}

/**
 * Parts needed for units of the given sizes: one part when they all fit in `single`, otherwise parts
 * of `perPart` filled in order, where a unit that does not fit whole in what is left of a part starts
 * the next one (a carrier never splits an escape sequence or a surrogate pair).
 */
function packParts(sizes: Iterable<number>, single: number, perPart: number): number {
	let total = 0;
	let parts = 1;
	let used = 0;
	for (const size of sizes) {
		total += size;
		if (used + size > perPart) {
			parts += 1;
			used = 0;
		}
		used += size;
	}
	if (total === 0) return 0;
	return total <= single ? 1 : parts;
}

function* gsmSeptets(text: string): Generator<number> {
	for (const ch of text) yield GSM_EXTENDED.has(ch) ? 2 : 1;
}

function* ucs2Units(text: string): Generator<number> {
	for (const ch of text) yield ch.length;
}

/**
 * Message parts a carrier bills (3GPP TS 23.038 / 23.040 concatenated SMS). GSM 7-bit: 160 septets in
 * one part, 153 per part when split, an extension character (`^ { } \ [ ~ ] | €`) takes 2 septets and
 * never straddles two parts. UCS-2 (Unicode): 70 UTF-16 code units in one part, 67 per part when
 * split, a surrogate pair (an emoji) takes 2 and never straddles two parts. So "]" × 153 is 306
 * septets: 76 pairs fill the first part (152), and 3 parts in all. 0 for an empty text.
 */
export function segmentCount(text: string, unicode: boolean): number {
	return unicode ? packParts(ucs2Units(text), 70, 67) : packParts(gsmSeptets(text), 160, 153);
}

/**
 * Text in the composed Unicode form (NFC). macOS, the Windows Vietnamese keyboards (Unikey's and
 * VNI's "combining" modes) and some databases write a Vietnamese letter as a base letter plus
 * combining marks (NFD): "ễ" as e + U+0302 + U+0303, three UTF-16 units where the composed letter is
 * one. Many phones draw the marks detached, and every length limit would count them. Every free text
 * the node sends is brought to NFC before any check, count or send. Non-strings are returned as they are.
 */
export function composed<T>(value: T): T {
	return (typeof value === 'string' ? value.normalize('NFC') : value) as T;
}

/**
 * A message text as the node checks, counts and sends it: composed (NFC), line endings written `\n`
 * (a Windows `\r\n` or an old Mac `\r` from a multi-line field or a sheet cell), and no white space or
 * line break at either end (a cell or a multi-line field often ends with one, and it would make the
 * text miss a registered template that ends without it).
 */
export function messageText(text: string): string {
	return text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/** How the length of a text limited by eSMS or Zalo is counted, for hints and errors. */
export const LENGTH_UNITS = 'UTF-16 units, as eSMS counts: an emoji is 2';

const WHITE_SPACE_NAMES: ReadonlyArray<[RegExp, string, string]> = [
	[/^ $/, 'a space', 'spaces'],
	[/^\n$/, 'a line break', 'line breaks'],
	[/^\t$/, 'a tab', 'tabs'],
];

/**
 * Names a run of white space instead of printing it: "a line break", "2 spaces", "a space and a line
 * break". `\r\n` counts as one line break; any other space (no-break, thin…) is named with its code point.
 */
export function describeWhiteSpace(run: string): string {
	const counts = new Map<string, number>();
	for (const ch of run.replace(/\r\n?/g, '\n')) {
		const known = WHITE_SPACE_NAMES.find(([re]) => re.test(ch));
		const key = known ? ch : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	const names = [...counts].map(([key, n]) => {
		const known = WHITE_SPACE_NAMES.find(([re]) => re.test(key));
		if (known) return n === 1 ? known[1] : `${n} ${known[2]}`;
		return n === 1 ? `a special space (${key})` : `${n} special spaces (${key})`;
	});
	return names.length <= 1 ? (names[0] ?? 'nothing') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A text as an error quotes it: at most `max` characters, in double quotes, with white space that
 * cannot be seen named instead of printed. A single space between words stays in the quotes; white
 * space at either end, a line break, a tab or several spaces in a row are named:
 * `"2803 la ma xac minh", a line break` or `"Ma OTP", 2 spaces, "123"`. A text of white space alone is
 * only named ("a line break").
 */
export function quoteText(text: string, max = 40): string {
	const cut = text.length > max;
	// a cut text ends where it was cut: white space there is not the text's own end
	const shown = cut ? text.slice(0, max).trimEnd() || text.slice(0, max) : text;
	const pieces: string[] = [];
	let pending = '';
	for (const m of shown.matchAll(/(\s+)|(\S+)/gu)) {
		const at = m.index ?? 0;
		const run = m[0];
		const named = m[1] !== undefined && (run !== ' ' || at === 0 || at + run.length === shown.length);
		if (!named) {
			pending += run;
			continue;
		}
		if (pending !== '') pieces.push(`"${pending}"`);
		pending = '';
		pieces.push(describeWhiteSpace(run));
	}
	if (pending !== '' || pieces.length === 0) pieces.push(`"${pending}${cut ? '…' : ''}"`);
	else if (cut) pieces.push('…');
	return pieces.join(', ');
}
