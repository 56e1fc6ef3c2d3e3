/**
 * Property-based tests: no input crashes the helpers, and every result keeps its invariants.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';

import { explainResponse, explainTransportError } from '../nodes/Esms/shared/errors';
import { mapSmsStatus, mapVoiceStatus, mapZaloStatus } from '../nodes/Esms/shared/mappers';
import { OLD_MOBILE_PREFIXES, cleanText, normalizePhone } from '../nodes/Esms/shared/phone';
import { requestIdFrom } from '../nodes/Esms/shared/requestId';
import type { RequestIdParts } from '../nodes/Esms/shared/requestId';
import { formatVietnamTime, parseDateTime } from '../nodes/Esms/shared/sendDate';
import { buildZnsTempData, fillSmsTemplate, matchesSmsTemplate, matchSmsTemplate, smsPlaceholders, znsDateValue } from '../nodes/Esms/shared/templates';
import { messageText, nonGsmCharacters, quoteText, removeDiacritics, segmentCount, toPlainText } from '../nodes/Esms/shared/text';

const RUNS = { numRuns: 10_000 };
const NATIONAL = /^0(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

const prefix = fc.constantFrom('32', '33', '39', '52', '56', '58', '59', '70', '76', '79', '81', '85', '86', '88', '89', '90', '91', '96', '99');
const validNational = fc.tuple(prefix, fc.stringMatching(/^\d{7}$/)).map(([p, rest]) => `0${p}${rest}`);
const separator = fc.constantFrom('', ' ', '.', '-', ' - ');
const anything = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.integer(), fc.double(), fc.constant(null), fc.constant(undefined), fc.object(), fc.array(fc.string()));

describe('phone normaliser', () => {
	test('never throws; whatever it accepts is a national mobile number, and normalising it again changes nothing', () => {
		fc.assert(
			fc.property(fc.oneof(anything, fc.stringMatching(/^[+\d .()-]{0,16}$/), fc.stringMatching(/^[+\d .()\u200b\u202a\u202c\u00a0\uff10-\uff19'-]{0,18}$/)), (input) => {
				const r = normalizePhone(input);
				if (r.ok) {
					expect(r.phone).toMatch(NATIONAL);
					expect(normalizePhone(r.phone)).toEqual(r);
				} else {
					expect(['empty', 'several', 'letters', 'length', 'prefix', 'old']).toContain(r.reason);
				}
			}),
			RUNS,
		);
	});

	test('every usual way of writing a valid number comes back as that number', () => {
		fc.assert(
			fc.property(validNational, fc.constantFrom('0', '84', '+84', '+84 '), separator, fc.boolean(), (phone, lead, sep, pad) => {
				const digits = phone.slice(1);
				const written = `${pad ? '  ' : ''}${lead}${digits.slice(0, 2)}${sep}${digits.slice(2, 5)}${sep}${digits.slice(5)}`;
				expect(normalizePhone(written)).toEqual({ ok: true, phone });
				expect(normalizePhone(Number(digits))).toEqual({ ok: true, phone });
			}),
			RUNS,
		);
	});

	// issue 13 §1 and §3: international forms with a trunk 0 or 00, invisible characters and spreadsheet debris
	const lead = fc.constantFrom('0', '84', '+84', '+84 ', '+84 0', '(+84) ', '(+84) 0', '0084', '0084 0', '00 84 ', '840', '+840');
	const invisible = fc.constantFrom('\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2069', '\ufeff', '\u00ad', '\u2060', '\u061c');
	const space = fc.constantFrom(' ', '\u00a0', '\u2009', '\u202f', '\u2007', '\u3000', '.', '-', '\u2011', '\u2013', '');
	const debris = (text: string) =>
		fc.tuple(fc.array(fc.tuple(fc.nat({ max: text.length }), invisible), { maxLength: 4 }), fc.boolean(), fc.boolean()).map(([marks, apostrophe, fullWidth]) => {
			let out = text;
			for (const [at, mark] of marks.sort((a, b) => b[0] - a[0])) out = out.slice(0, at) + mark + out.slice(at);
			if (fullWidth) out = out.replace(/[0-9+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
			return apostrophe ? `'${out}` : out;
		});
	const written = (nsn: string) =>
		fc.tuple(lead, space, space).chain(([l, a, b]) => debris(`${l}${nsn.slice(0, 2)}${a}${nsn.slice(2, 5)}${b}${nsn.slice(5)}`));

	test('international, trunk-0, 00 and pasted forms of a valid number come back as that number', () => {
		fc.assert(
			fc.property(validNational.chain((phone) => fc.tuple(fc.constant(phone), written(phone.slice(1)))), ([phone, text]) => {
				expect(normalizePhone(text)).toEqual({ ok: true, phone });
			}),
			RUNS,
		);
	});

	test('an 11-digit number from before 2018, however written, is refused with its new number', () => {
		const old = fc.tuple(fc.constantFrom(...Object.keys(OLD_MOBILE_PREFIXES)), fc.stringMatching(/^\d{7}$/));
		fc.assert(
			fc.property(old.chain(([p, rest]) => fc.tuple(fc.constant([p, rest] as const), written(`${p}${rest}`))), ([[p, rest], text]) => {
				expect(normalizePhone(text)).toEqual({ ok: false, reason: 'old', oldPhone: `0${p}${rest}`, newPhone: `0${OLD_MOBILE_PREFIXES[p]}${rest}` });
				expect(normalizePhone(`0${OLD_MOBILE_PREFIXES[p]}${rest}`)).toEqual({ ok: true, phone: `0${OLD_MOBILE_PREFIXES[p]}${rest}` });
			}),
			RUNS,
		);
	});

	test('cleanText removes every format character and never leaves an edge space', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) => {
				const clean = cleanText(text);
				expect(clean).not.toMatch(/\p{Cf}/u);
				expect(clean).toBe(clean.trim());
				expect(cleanText(cleanText(`'${clean}`))).toBe(cleanText(`'${clean}`));
			}),
			RUNS,
		);
	});

	test('two valid numbers in one field are always refused', () => {
		fc.assert(
			fc.property(validNational, validNational, fc.constantFrom(',', ';', '\n', ' / ', ', '), (a, b, sep) => {
				expect(normalizePhone(`${a}${sep}${b}`).ok).toBe(false);
			}),
			RUNS,
		);
	});
});

describe('text helpers', () => {
	const vietnamese = fc.string({
		unit: fc.constantFrom(...'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ AĂÂĐEÊOÔƠUƯ0123456789.,!?'.split('')),
		maxLength: 400,
	});

	test('Vietnamese text without diacritics is plain GSM and never longer', () => {
		fc.assert(
			fc.property(vietnamese, (text) => {
				const plain = removeDiacritics(text);
				expect(nonGsmCharacters(plain)).toEqual([]);
				expect([...plain].length).toBe([...text].length);
				expect(removeDiacritics(plain)).toBe(plain);
			}),
			RUNS,
		);
	});

	/**
	 * The carrier's way, written independently: encode, cut every perPart units, and when a cut would
	 * separate an escape from its character (GSM) or a high surrogate from its low one (UCS-2), cut one
	 * unit earlier.
	 */
	const EXT = new Set('^{}\\[~]|€\f');
	function referenceParts(text: string, unicode: boolean): number {
		const units: Array<'esc' | 'hi' | 'x'> = [];
		if (unicode) for (let i = 0; i < text.length; i++) units.push(/[\ud800-\udbff]/.test(text[i]) && /[\udc00-\udfff]/.test(text[i + 1] ?? '') ? 'hi' : 'x');
		else for (const ch of text) units.push(...(EXT.has(ch) ? (['esc', 'x'] as const) : (['x'] as const)));
		if (units.length === 0) return 0;
		if (units.length <= (unicode ? 70 : 160)) return 1;
		const perPart = unicode ? 67 : 153;
		let parts = 0;
		for (let start = 0; start < units.length; parts++) {
			let end = Math.min(start + perPart, units.length);
			if (end < units.length && units[end - 1] !== 'x') end -= 1;
			start = end;
		}
		return parts;
	}

	test('segment counts match the carrier: an extension character or a surrogate pair never straddles two parts', () => {
		const gsmish = fc.string({ unit: fc.constantFrom('a', ' ', '1', ']', '{', '€', '\\', '~', '|', '^'), maxLength: 800 });
		const ucs = fc.string({ unit: fc.constantFrom('a', 'ạ', '😀', '👍🏽', '€'), maxLength: 400 });
		fc.assert(
			fc.property(fc.oneof(gsmish.map((t) => [t, false] as const), ucs.map((t) => [t, true] as const), fc.tuple(fc.string({ unit: 'grapheme', maxLength: 600 }), fc.boolean())), ([text, unicode]) => {
				expect(segmentCount(text, unicode)).toBe(referenceParts(text, unicode));
			}),
			RUNS,
		);
	});

	test.each([
		[']'.repeat(153), false, 3],
		[']'.repeat(80), false, 1],
		[']'.repeat(81), false, 2],
		['a' + ']'.repeat(80), false, 2],
		['a'.repeat(152) + ']' + 'a', false, 1],
		['a'.repeat(152) + ']' + 'a'.repeat(152), false, 3],
		['a'.repeat(160), false, 1],
		['a'.repeat(161), false, 2],
		['a'.repeat(306), false, 2],
		['a'.repeat(307), false, 3],
		['a'.repeat(66) + '😀' + 'a', true, 1],
		['a'.repeat(66) + '😀' + 'a'.repeat(66), true, 3],
		['😀'.repeat(35), true, 1],
		['😀'.repeat(36), true, 2],
		['😀'.repeat(67), true, 3],
		['a'.repeat(70), true, 1],
		['a'.repeat(71), true, 2],
		['a'.repeat(134), true, 2],
	])('segments of %j (Unicode %s): %i', (text, unicode, parts) => {
		expect(segmentCount(text, unicode)).toBe(parts);
		expect(referenceParts(text, unicode)).toBe(parts);
	});

	test('no text crashes the helpers; segment counts never shrink as text grows', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.boolean(), (text, more, unicode) => {
				const n = segmentCount(text, unicode);
				expect(Number.isInteger(n)).toBe(true);
				expect(n === 0).toBe(text.length === 0);
				expect(segmentCount(text + more, unicode)).toBeGreaterThanOrEqual(n);
				const bad = nonGsmCharacters(text);
				expect(new Set(bad).size).toBe(bad.length);
				expect(removeDiacritics(text)).not.toMatch(/[\u0300-\u036f]/);
			}),
			RUNS,
		);
	});
});

describe('plain text (Remove Diacritics without Unicode)', () => {
	const TYPOGRAPHIC = [...'‘’‚‛′“”„‟″«»‐‑‒–—―−…•‧∙·', '\u00a0', '\u2009', '\u202f', '\u2007', '\u3000', '\t', '\u200b', '\u200d', '\u200e', '\u202a', '\u202c', '\ufeff', '\u00ad'];
	const wordProcessorText = fc.string({
		unit: fc.oneof(fc.constantFrom(...TYPOGRAPHIC), fc.constantFrom(...'aàáạăắâấbcdđeéêếghiíklmnoóôốơớpqrstuúưứvxyý AĐ0123456789.,!?'.split(''))),
		maxLength: 300,
	});

	test('Word, Docs and CMS text becomes plain GSM; the list of replacements accounts for every one; a second pass changes nothing', () => {
		fc.assert(
			fc.property(wordProcessorText, (text) => {
				const { text: plain, replaced } = toPlainText(text);
				expect(nonGsmCharacters(plain)).toEqual([]);
				const expectedCount = [...text].filter((c) => TYPOGRAPHIC.includes(c)).length;
				expect(replaced.reduce((n, r) => n + r.count, 0)).toBe(expectedCount);
				expect(new Set(replaced.map((r) => r.character)).size).toBe(replaced.length);
				for (const r of replaced) expect(r.codePoint).toBe(`U+${r.character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
				expect(toPlainText(plain)).toEqual({ text: plain, replaced: [] });
			}),
			RUNS,
		);
	});

	test('characters with no plain form (emoji, CJK, Cyrillic) are kept, so they still fail', () => {
		fc.assert(
			fc.property(wordProcessorText, fc.constantFrom('😀', '你', 'Ж', '👍🏽', '✓'), wordProcessorText, (a, odd, b) => {
				const { text } = toPlainText(`${a}${odd}${b}`);
				expect(nonGsmCharacters(text)).toContain([...odd][0]);
			}),
			RUNS,
		);
	});
});

describe('Send Date parser', () => {
	const fields = fc.record({
		y: fc.integer({ min: 2000, max: 2099 }),
		mo: fc.integer({ min: 1, max: 12 }),
		d: fc.integer({ min: 1, max: 31 }),
		h: fc.integer({ min: 0, max: 23 }),
		mi: fc.integer({ min: 0, max: 59 }),
		s: fc.integer({ min: 0, max: 59 }),
	});
	const p2 = (n: number) => String(n).padStart(2, '0');
	const real = ({ y, mo, d }: { y: number; mo: number; d: number }) => new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d;

	test('every accepted form of a wall-clock time in Vietnam is that time, day first, never month first', () => {
		fc.assert(
			fc.property(fields, fc.constantFrom('iso', 'isoT', 'slash', 'dash', 'slashShort', 'offset', 'utc'), fc.boolean(), (f, form, withSeconds) => {
				const sec = withSeconds ? `:${p2(f.s)}` : '';
				const text = {
					iso: `${f.y}-${p2(f.mo)}-${p2(f.d)} ${p2(f.h)}:${p2(f.mi)}${sec}`,
					isoT: `${f.y}-${p2(f.mo)}-${p2(f.d)}T${p2(f.h)}:${p2(f.mi)}${sec}`,
					slash: `${p2(f.d)}/${p2(f.mo)}/${f.y} ${p2(f.h)}:${p2(f.mi)}${sec}`,
					dash: `${p2(f.d)}-${p2(f.mo)}-${f.y} ${p2(f.h)}:${p2(f.mi)}${sec}`,
					slashShort: `${f.d}/${f.mo}/${f.y} ${f.h}:${p2(f.mi)}${sec}`,
					offset: `${f.y}-${p2(f.mo)}-${p2(f.d)}T${p2(f.h)}:${p2(f.mi)}${sec}+07:00`,
					utc: '',
				}[form];
				const seconds = withSeconds ? f.s : 0;
				if (form === 'utc') {
					const at = Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, seconds);
					if (!real(f)) return;
					expect(parseDateTime(`${new Date(at).toISOString()}`)).toBe(at);
					return;
				}
				const at = parseDateTime(text);
				if (!real(f)) return expect(at).toBeNaN();
				expect(formatVietnamTime(at)).toBe(`${f.y}-${p2(f.mo)}-${p2(f.d)} ${p2(f.h)}:${p2(f.mi)}:${p2(seconds)}`);
			}),
			RUNS,
		);
	});

	test('issue 21: a time without an offset is Vietnam time (UTC+7) exactly; Vietnam has no summer time, so every calendar time exists', () => {
		fc.assert(
			fc.property(fields, fc.constantFrom('/', '-', 'iso'), (f, form) => {
				const text =
					form === 'iso' ? `${f.y}-${p2(f.mo)}-${p2(f.d)}T${p2(f.h)}:${p2(f.mi)}` : `${p2(f.d)}${form}${p2(f.mo)}${form}${f.y} ${p2(f.h)}:${p2(f.mi)}`;
				const at = parseDateTime(text);
				if (!real(f)) return expect(at).toBeNaN();
				expect(at).toBe(Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi) - 7 * 3600_000);
			}),
			RUNS,
		);
	});

	test('issue 21: an instant keeps its instant, whatever form carries it: Z, any offset, a JS Date, a Luxon DateTime in any zone', () => {
		const zones = fc.constantFrom('America/New_York', 'America/Los_Angeles', 'UTC', 'Asia/Ho_Chi_Minh', 'Europe/Berlin', 'Australia/Sydney');
		const offsets = fc.integer({ min: -12 * 60, max: 14 * 60 });
		fc.assert(
			fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => ms - (ms % 1000)), zones, offsets, (at, zone, minutes) => {
				const sign = minutes < 0 ? '-' : '+';
				const abs = Math.abs(minutes);
				const wall = new Date(at + minutes * 60_000).toISOString().slice(0, 19);
				expect(parseDateTime(new Date(at).toISOString())).toBe(at);
				expect(parseDateTime(`${wall}${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`)).toBe(at);
				expect(parseDateTime(new Date(at))).toBe(at);
				expect(parseDateTime(DateTime.fromMillis(at, { zone }))).toBe(at);
				// what n8n makes of a DateTime inside a collection (n8n-core cleanupParameterData: toString())
				expect(parseDateTime(DateTime.fromMillis(at, { zone }).toString())).toBe(at);
				// and it is sent as the Vietnam wall time of that instant
				expect(formatVietnamTime(parseDateTime(new Date(at)))).toBe(new Date(at + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' '));
			}),
			{ numRuns: 2_000 }, // Luxon's zone arithmetic is the slow part
		);
	});

	test('anything else is refused: nothing reaches Date.parse', () => {
		const accepted = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?|\d{1,2}([/-])\d{1,2}\5\d{4}[ T]+\d{1,2}:\d{2}(:\d{2})?)$/i;
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[\d/ :.TZ+-]{0,24}$/), fc.date().map((d) => (Number.isNaN(d.getTime()) ? '' : d.toString())), fc.integer(), fc.constant(null), fc.object()), (value) => {
				const at = parseDateTime(value);
				if (typeof value !== 'string' || !accepted.test(value.trim())) expect(at).toBeNaN();
			}),
			RUNS,
		);
	});
});

describe('issue 21 §1: a ZNS DATE parameter is the day in Vietnam', () => {
	const p2 = (n: number) => String(n).padStart(2, '0');
	const vnDay = (at: number) => {
		const d = new Date(at + 7 * 3600_000);
		return `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
	};
	test('an instant in any form is its day in Vietnam; a date written without a zone is the date as written, day first', () => {
		const zones = fc.constantFrom('America/New_York', 'America/Los_Angeles', 'UTC', 'Asia/Ho_Chi_Minh');
		fc.assert(
			fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => ms - (ms % 1000)), zones, (at, zone) => {
				const day = vnDay(at);
				expect(znsDateValue('d', new Date(at))).toEqual({ ok: true, text: day });
				expect(znsDateValue('d', DateTime.fromMillis(at, { zone }))).toEqual({ ok: true, text: day });
				expect(znsDateValue('d', DateTime.fromMillis(at, { zone }).toString())).toEqual({ ok: true, text: day });
				expect(znsDateValue('d', new Date(at).toISOString())).toEqual({ ok: true, text: day });
				expect(znsDateValue('d', new Date(at).toISOString().replace('Z', '+00:00'))).toEqual({ ok: true, text: day });
				// written without a zone: as written
				const [y, m, d] = new Date(at).toISOString().slice(0, 10).split('-').map(Number);
				const written = `${p2(d)}/${p2(m)}/${y}`;
				expect(znsDateValue('d', `${y}-${p2(m)}-${p2(d)}`)).toEqual({ ok: true, text: written });
				expect(znsDateValue('d', `${d}/${m}/${y}`)).toEqual({ ok: true, text: written });
				expect(znsDateValue('d', `${y}-${p2(m)}-${p2(d)}T23:59:00`)).toEqual({ ok: true, text: written });
				// a date-only value from JSON, a database or new Date("yyyy-MM-dd") keeps its day
				expect(znsDateValue('d', `${y}-${p2(m)}-${p2(d)}T00:00:00.000Z`)).toEqual({ ok: true, text: written });
				expect(znsDateValue('d', new Date(`${y}-${p2(m)}-${p2(d)}`))).toEqual({ ok: true, text: written });
			}),
			{ numRuns: 2_000 }, // Luxon's zone arithmetic is the slow part
		);
	});
});

describe('automatic Request ID', () => {
	const parts = fc.record({
		instanceId: fc.string({ maxLength: 64 }),
		workflowId: fc.string({ maxLength: 21 }),
		nodeId: fc.uuid(),
		itemIndex: fc.nat(),
		execution: fc.option(fc.record({ id: fc.nat().map(String), startedAt: fc.option(fc.nat()), runIndex: fc.nat() }), { nil: undefined }),
		window: fc.option(fc.nat(), { nil: undefined }),
		message: fc.record({ phone: validNational, content: fc.string(), channel: fc.constantFrom('sms:8', 'sms:2'), sendDate: fc.option(fc.string()) }),
	}) as fc.Arbitrary<RequestIdParts>;

	test('the same parts give the same ID, within eSMS\'s 50 characters; any one part changed gives another ID', () => {
		fc.assert(
			fc.property(parts, parts, fc.constantFrom('instanceId', 'workflowId', 'nodeId', 'itemIndex', 'execution', 'window', 'message'), (a, b, key) => {
				const id = requestIdFrom(a);
				expect(id).toMatch(a.execution ? /^n8n-[0-9a-f]{32}$/ : /^n8n-tool-[0-9a-f]{32}$/);
				expect(id.length).toBeLessThanOrEqual(50);
				expect(requestIdFrom(JSON.parse(JSON.stringify(a)))).toBe(id);
				const changed = { ...a, [key]: b[key] };
				if (JSON.stringify(changed[key as keyof RequestIdParts]) !== JSON.stringify(a[key as keyof RequestIdParts])) expect(requestIdFrom(changed)).not.toBe(id);
			}),
			RUNS,
		);
	});
});

describe('error mapper', () => {
	const body = fc.oneof(
		anything,
		fc.record({ CodeResult: fc.oneof(fc.string(), fc.integer().map(String)), ErrorMessage: fc.string() }, { requiredKeys: [] }),
		fc.record({ CodeResponse: fc.constantFrom('100', '101', '105', '999', ''), SMSID: fc.string() }, { requiredKeys: [] }),
		fc.record({ Code: fc.oneof(fc.integer(), fc.constant(100)) }),
		fc.record({ error: fc.string() }),
	);
	const status = fc.oneof(fc.constant(200), fc.integer({ min: 100, max: 599 }));

	test('never throws; success only for a 2xx answer whose code is 100; every failure says what and how', () => {
		fc.assert(
			fc.property(body, status, (b, statusCode) => {
				const f = explainResponse({ body: b, statusCode });
				const code = b && typeof b === 'object' && !Array.isArray(b) ? ((b as Record<string, unknown>).CodeResult ?? (b as Record<string, unknown>).CodeResponse ?? (b as Record<string, unknown>).Code) : undefined;
				const success = statusCode >= 200 && statusCode < 300 && code !== undefined && code !== null && String(code).trim() === '100';
				expect(f === undefined).toBe(success);
				if (f) {
					expect(f.message).toMatch(/^eSMS /);
					expect(f.description.length).toBeGreaterThan(20);
					expect(f.httpCode).toBe(String(statusCode));
				}
			}),
			RUNS,
		);
	});

	test('keys echoed in an unexpected page never reach the error', () => {
		const key = fc.stringMatching(/^[A-Za-z0-9]{12,32}$/);
		fc.assert(
			fc.property(key, key, fc.string(), fc.constantFrom(200, 404, 500, 502, 503), (apiKey, secretKey, noise, statusCode) => {
				const page = `<html>${noise} GET /MainService.svc/json/GetSendStatus?RefId=1&ApiKey=${apiKey}&SecretKey=${secretKey} ${noise}</html>`;
				const f = explainResponse({ body: page, statusCode })!;
				expect(`${f.message} ${f.description}`).not.toContain(apiKey);
				expect(`${f.message} ${f.description}`).not.toContain(secretKey);
			}),
			RUNS,
		);
	});

	test('transport errors of any shape give a clean message', () => {
		fc.assert(
			fc.property(anything, fc.option(fc.record({ code: fc.oneof(fc.string(), fc.constantFrom('ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND')), message: fc.string() })), (e, cause) => {
				const f = explainTransportError(e && typeof e === 'object' ? { ...(e as object), cause } : e);
				expect(f.message).toMatch(/^eSMS could not be reached: .+ \(.+\)$/);
				expect(f.code).toBeUndefined();
			}),
			RUNS,
		);
	});
});

describe('output mappers', () => {
	const numberish = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.constant(undefined));
	const statusBody = fc.record(
		{
			CodeResponse: fc.constant('100'),
			SMSID: fc.oneof(fc.string(), fc.constant(undefined)),
			SendFailed: numberish,
			SendStatus: fc.oneof(fc.constantFrom(0, 1, 2, 4, 5, 7), numberish),
			SendSuccess: numberish,
			TotalPrice: numberish,
			TotalReceiver: numberish,
			TotalSent: numberish,
			FinalStatus: fc.oneof(fc.constantFrom('0', '1'), fc.string()),
			ErrorInfo: fc.oneof(fc.constantFrom('0', '1001', null), fc.string()),
			CallStatus: fc.oneof(fc.constantFrom('ANSWERED', 'NOANSWERED', 'NO ANSWER', ''), fc.string()),
			CallDuration: numberish,
			Ivr: fc.oneof(fc.string(), fc.constant(undefined)),
			ReferenceId: fc.oneof(fc.string(), fc.constant(undefined)),
			SentResult: numberish,
		},
		{ requiredKeys: [] },
	);

	test('partial or odd answers never crash; outputs are flat, typed and consistent', () => {
		fc.assert(
			fc.property(statusBody, (b) => {
				const outs = [mapSmsStatus(b as never), mapZaloStatus(b as never), mapVoiceStatus(b as never)];
				const flat = outs.every(
					(out) =>
						typeof out.smsId === 'string' &&
						Number.isFinite(out.statusCode) &&
						typeof out.status === 'string' &&
						typeof out.isFinal === 'boolean' &&
						(out.isFinal || out.result === 'pending' || out.result === 'rejected') &&
						Object.values(out).every((v) => typeof v !== 'object' || v === null),
				);
				const [sms, , voice] = outs;
				return (
					flat &&
					['pending', 'success', 'failed', 'partiallyFailed', 'rejected'].includes(String(sms.result)) &&
					['receiverCount', 'sentCount', 'successCount', 'failedCount', 'totalPrice'].every((k) => Number.isFinite(sms[k])) &&
					['pending', 'answered', 'notAnswered', 'failed'].includes(String(voice.result)) &&
					voice.answered === (voice.callStatus === 'ANSWERED')
				);
			}),
			RUNS,
		);
	});
});

describe('issue 21 §2: Vietnamese text in decomposed form (NFD) counts and is sent as the composed letters', () => {
	// Vietnamese letters with every tone, upper and lower case, in their composed form, and what joins them
	const LETTERS = [...'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY'].flatMap((v) => ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'].map((tone) => `${v}${tone}`.normalize('NFC')));
	const vietnamese = fc.array(fc.constantFrom(...LETTERS, 'đ', 'Đ', 'n', 'g', 'h', 'T', ' ', '-', '0', '1'), { maxLength: 40 }).map((cs) => cs.join(''));

	test('a text and its NFD twin give the same ZNS TempData, the same brandname text, the same match and the same message text', () => {
		fc.assert(
			fc.property(vietnamese, fc.integer({ min: 1, max: 40 }), (text, max) => {
				const nfd = text.normalize('NFD');
				const param = [{ Name: 'customer_name', Require: true, MaxLength: max }];
				expect(buildZnsTempData(param, { customer_name: nfd })).toEqual(buildZnsTempData(param, { customer_name: text }));
				expect(fillSmsTemplate(`Chao {P1,${max}}!`, { P1: nfd })).toEqual(fillSmsTemplate(`Chao {P1,${max}}!`, { P1: text }));
				expect(messageText(nfd)).toBe(messageText(text));
				expect(matchesSmsTemplate(`Chao ${nfd}!`, `Chao {P1,${max}}!`)).toBe(matchesSmsTemplate(`Chao ${text}!`, `Chao {P1,${max}}!`));
				const r = buildZnsTempData(param, { customer_name: nfd });
				if (r.ok) expect(r.data.customer_name).toBe(r.data.customer_name.normalize('NFC'));
			}),
			RUNS,
		);
	});
});

describe('issue 21 §3: white space at either end and line endings never make a text miss its template', () => {
	const literal = fc.stringMatching(/^[a-z0-9 :.,\n]{0,12}$/);
	const template = fc
		.array(fc.tuple(literal, fc.integer({ min: 1, max: 6 })), { minLength: 0, maxLength: 3 })
		.chain((parts) => fc.tuple(fc.constant(parts), literal))
		.map(([parts, tail]) => parts.map(([lit, max], i) => `${lit}{P${i + 1},${max}}`).join('') + tail);
	const value = fc.stringMatching(/^[a-z0-9 ]{0,5}[a-z0-9][a-z0-9 \n]{0,5}$/);
	const edge = fc.stringMatching(/^[ \n\t]{0,4}$/).map((s) => s.replace(/\n/g, '\r\n'));

	test('a filled template matches with any white space around it and any line endings, and what is sent is the text as matched', () => {
		fc.assert(
			fc.property(template, fc.array(value, { minLength: 3, maxLength: 3 }), edge, edge, fc.constantFrom('\n', '\r\n', '\r'), (tpl, raw, before, after, eol) => {
				const values: Record<string, string> = {};
				smsPlaceholders(tpl).forEach((p, i) => (values[p.key] = raw[i].slice(0, p.maxLength).trim() ? raw[i].slice(0, p.maxLength) : 'x'));
				const filled = fillSmsTemplate(tpl, values);
				if (!filled.ok) return;
				// what was accepted before (the exact text) is accepted now
				expect(matchesSmsTemplate(filled.content, tpl)).toBe(true);
				const variant = `${before}${filled.content.replace(/\n/g, eol)}${after}`;
				const match = matchSmsTemplate(variant, [{ TempId: 1, NetworkID: 1, TempContent: tpl.replace(/\n/g, eol) }]);
				expect(match).toMatchObject({ ok: true, content: messageText(filled.content) });
			}),
			RUNS,
		);
	});

	test('an error quotes text without printing white space at a quote\'s edge, a line break or a tab; white space alone is only named', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string({ maxLength: 50 }), fc.stringMatching(/^[ a\n\r\t]{0,50}$/)).filter((t) => !t.includes('"')), fc.integer({ min: 1, max: 60 }), (text, max) => {
				const quoted = quoteText(text, max);
				for (const [, inside] of quoted.matchAll(/"([^"]*)"/g)) {
					expect(inside).not.toMatch(/[\n\r\t]/);
					expect(inside).not.toMatch(/^\s|\s(…)?$/);
				}
				if (text !== '' && text.trim() === '') expect(quoted).not.toContain('"');
			}),
			RUNS,
		);
		expect(quoteText('2803 la ma xac minh dang ky Baotrixemay cua ban\n', 60)).toBe('"2803 la ma xac minh dang ky Baotrixemay cua ban", a line break');
		expect(quoteText('\n')).toBe('a line break');
		expect(quoteText('Ma OTP  123')).toBe('"Ma OTP", 2 spaces, "123"');
		expect(quoteText(' \r\n')).toBe('a space and a line break');
	});
});

describe('issue 21 §2: identifiers and names cleaned by cleanText are composed', () => {
	test('cleanText gives NFC, and cleaning again changes nothing, also with invisible characters between a letter and its mark', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom('a', 'e', '\u0301', '\u0302', '\u0303', '\u200b', '\u00a0', "'", ' ', 'x'), { maxLength: 12 }).map((cs) => cs.join('')), (text) => {
				const once = cleanText(text);
				expect(once).toBe(once.normalize('NFC'));
				expect(cleanText(once)).toBe(once);
			}),
			RUNS,
		);
		expect(cleanText('Tha\u0309o\u200b')).toBe('Thảo');
	});
});
