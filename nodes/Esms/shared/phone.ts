/**
 * Vietnamese mobile numbers. eSMS's own examples use the national form 0xxxxxxxxx, so that is what
 * the node sends. Prefixes: the 10-digit mobile ranges in use since the 2018–2019 renumbering
 * (validator.js vi-VN; reference/esms-api.md §9).
 */
const MOBILE_PREFIX = /^(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)$/;

export type PhoneCheck =
	| { ok: true; phone: string }
	| { ok: false; reason: 'empty' | 'several' | 'letters' | 'length' | 'prefix' };

export function normalizePhone(input: unknown): PhoneCheck {
	if (typeof input === 'number') {
		// an expression may hand over a number, which has lost its leading 0
		if (!Number.isSafeInteger(input) || input < 0) return { ok: false, reason: 'letters' };
		input = String(input);
	}
	if (typeof input !== 'string') return { ok: false, reason: input === undefined || input === null ? 'empty' : 'letters' };
	const text = input.trim();
	if (text === '') return { ok: false, reason: 'empty' };
	if (/[,;\n/|]/.test(text.replace(/^[,;\s]+|[,;\s]+$/g, ''))) return { ok: false, reason: 'several' };
	const cleaned = text.replace(/^[,;\s]+|[,;\s]+$/g, '');
	if (!/^\+?[\d\s.\-()]+$/.test(cleaned)) return { ok: false, reason: 'letters' };
	let digits = cleaned.replace(/\D/g, '');
	if (cleaned.startsWith('+')) {
		if (!digits.startsWith('84')) return { ok: false, reason: 'prefix' };
		digits = digits.slice(2);
	} else if (digits.startsWith('84') && digits.length === 11) {
		digits = digits.slice(2);
	} else if (digits.startsWith('0')) {
		digits = digits.slice(1);
	}
	if (digits.length !== 9) return { ok: false, reason: 'length' };
	if (!MOBILE_PREFIX.test(digits.slice(0, 2))) return { ok: false, reason: 'prefix' };
	return { ok: true, phone: `0${digits}` };
}
