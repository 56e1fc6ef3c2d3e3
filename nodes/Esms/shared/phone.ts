/**
 * Vietnamese mobile numbers. eSMS's own examples use the national form 0xxxxxxxxx, so that is what
 * the node sends. Prefixes: the 10-digit mobile ranges in use since the 2018–2019 renumbering
 * (validator.js vi-VN; reference/esms-api.md §9).
 */
const MOBILE_PREFIX = /^(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)$/;

/**
 * The 2018–2019 renumbering of 11-digit mobile numbers (Ministry of Information and Communications,
 * 15 Sep 2018 – 30 Jun 2019; table as published e.g. by plo.vn "2 cách chuyển số điện thoại 11 số về
 * 10 số"): the first four digits change, the last seven stay. Keys and values without the leading 0.
 */
export const OLD_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
	// Viettel
	'162': '32', '163': '33', '164': '34', '165': '35', '166': '36', '167': '37', '168': '38', '169': '39',
	// Mobifone
	'120': '70', '121': '79', '122': '77', '126': '76', '128': '78',
	// Vinaphone
	'123': '83', '124': '84', '125': '85', '127': '81', '129': '82',
	// Vietnamobile
	'186': '56', '188': '58',
	// Gmobile
	'199': '59',
};

/** Dashes that web pages and word processors put where a plain "-" was typed (U+2010–U+2015, U+2212). */
const DASHES = /[\u2010-\u2015\u2212]/g;

/**
 * Text as people paste it, with the invisible debris removed, for any value that is an identifier
 * (a phone number, an SMSID, a Request ID):
 * - Unicode format characters (category Cf: bidi marks such as U+202A/U+202C and U+200E, zero-width
 *   spaces and joiners, the BOM U+FEFF, the soft hyphen U+00AD…) are removed;
 * - full-width ASCII (U+FF01–U+FF5E, e.g. "０９０１", typed with an East Asian keyboard) becomes ASCII;
 * - every Unicode space (no-break, thin, narrow no-break, ideographic…) and tab becomes " ";
 * - the result is trimmed, and leading apostrophes (the spreadsheet "keep as text" marker, as in
 *   '0901888484) are removed;
 * - it is in the composed Unicode form (NFC, text.ts composed), so that a Campaign Name or a Request ID
 *   typed on macOS is the same text, and length, as typed elsewhere.
 * Never throws; a non-string is returned as `String(value)` cleaned, null/undefined as "".
 */
export function cleanText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return String(value)
		.replace(/\p{Cf}/gu, '')
		// after the invisible characters go: one between a letter and its mark would keep them apart
		.normalize('NFC')
		.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
		.replace(/[\p{Zs}\t]/gu, ' ')
		.trim()
		// every leading mark, not one: "''0901…" (a marker typed twice) reads as 0901…, and cleaning again changes nothing
		.replace(/^(['‘’`]\s*)+/, '');
}

export type PhoneProblem = 'empty' | 'several' | 'letters' | 'length' | 'prefix';

export type PhoneCheck =
	| { ok: true; phone: string }
	| { ok: false; reason: PhoneProblem }
	/** an 11-digit number from before the 2018 renumbering: `oldPhone` as written nationally, `newPhone` today's */
	| { ok: false; reason: 'old'; oldPhone: string; newPhone: string };

/**
 * One Vietnamese mobile number, in any usual written form, as the national 10-digit form.
 *
 * Accepted: 0901888484, 901888484, 84901888484, +84901888484, +84 0901 888 484 (trunk 0 kept after
 * the country code), (+84) 901.888.484, 0084901888484, with spaces, dots, dashes and brackets
 * anywhere, after {@link cleanText}; and a non-negative integer (an expression that lost the 0).
 * Refused with a reason: `empty`; `several` (a comma, semicolon, line break, slash or bar between
 * numbers); `letters`; `length`; `prefix` (not a mobile range in use, or another country code);
 * `old` (an 11-digit number from before the renumbering, see {@link OLD_MOBILE_PREFIXES}; it is not
 * converted, because a number that has not been updated since 2019 may no longer reach the person).
 * Never throws.
 */
export function normalizePhone(input: unknown): PhoneCheck {
	if (typeof input === 'number') {
		// an expression may hand over a number, which has lost its leading 0
		if (!Number.isSafeInteger(input) || input < 0) return { ok: false, reason: 'letters' };
		input = String(input);
	}
	if (typeof input !== 'string') return { ok: false, reason: input === undefined || input === null ? 'empty' : 'letters' };
	const cleaned = cleanText(input).replace(DASHES, '-').replace(/^[,;\s]+|[,;\s]+$/g, '');
	if (cleaned === '') return { ok: false, reason: 'empty' };
	if (/[,;\n/|]/.test(cleaned)) return { ok: false, reason: 'several' };
	// a + only at the start, or right after an opening bracket: "(+84) 901…"
	if (!/^\(?\+?[\d\s.\-()]+$/.test(cleaned)) return { ok: false, reason: 'letters' };
	const international = cleaned.replace(/^\(/, '').startsWith('+');
	let digits = cleaned.replace(/\D/g, '');
	if (international) {
		if (!digits.startsWith('84')) return { ok: false, reason: 'prefix' };
		digits = afterCountryCode(digits.slice(2));
	} else if (digits.startsWith('0084')) {
		digits = afterCountryCode(digits.slice(4));
	} else if (digits.startsWith('84') && digits.length >= 11) {
		// a national number never starts with 84 and has at most 10 digits after its 0
		digits = afterCountryCode(digits.slice(2));
	} else if (digits.startsWith('0')) {
		digits = digits.slice(1);
	}
	const renumbered = digits.length === 10 ? OLD_MOBILE_PREFIXES[digits.slice(0, 3)] : undefined;
	if (renumbered !== undefined)
		return { ok: false, reason: 'old', oldPhone: `0${digits}`, newPhone: `0${renumbered}${digits.slice(3)}` };
	if (digits.length !== 9) return { ok: false, reason: 'length' };
	if (!MOBILE_PREFIX.test(digits.slice(0, 2))) return { ok: false, reason: 'prefix' };
	return { ok: true, phone: `0${digits}` };
}

/** "+84 0901 888 484": the trunk 0 written after the country code, dropped only when a full number follows. */
function afterCountryCode(digits: string): string {
	return digits.startsWith('0') && digits.length >= 10 ? digits.slice(1) : digits;
}
