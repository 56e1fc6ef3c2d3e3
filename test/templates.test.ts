/**
 * Registered templates (shared/templates.ts): `{P1,20}` placeholders, matching a content the way
 * eSMS does before it answers 146, the closest template, and ZNS TempData against ListParams.
 * Examples first, then fast-check properties.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';

import type { EsmsSmsTemplate, EsmsZnsTemplateParam } from '../nodes/Esms/shared/listTypes';
import {
	buildZnsTempData,
	closestSmsTemplate,
	explainSmsMismatch,
	fillSmsTemplate,
	matchesSmsTemplate,
	matchSmsTemplate,
	networkOfPhone,
	parseSmsTemplate,
	smsPlaceholders,
	znsDateValue,
	znsNumberValue,
	znsParamKind,
} from '../nodes/Esms/shared/templates';
import { messageText } from '../nodes/Esms/shared/text';

const RUNS = { numRuns: 2_000 };
const OTP = '{P1,8} la ma xac minh dang ky Baotrixemay cua ban';
const PAY = 'Baotrixemay da nhan duoc so tien thanh toan {P2,20} VND luc {P2,20} cho don hang {P1,20}. Cam on quy khach!';
const t = (TempId: number, NetworkID: number, TempContent: string): EsmsSmsTemplate => ({ TempId, NetworkID, TempContent });
const UNITS = 'UTF-16 units, as eSMS counts: an emoji is 2';

describe('placeholders (ham-lay-danh-sach-template-tin-cham-soc-khach-hang.md)', () => {
	test('parsed in order; repeated names get keys of their own', () => {
		expect(parseSmsTemplate(PAY)).toEqual([
			'Baotrixemay da nhan duoc so tien thanh toan ',
			{ name: 'P2', key: 'P2', maxLength: 20 },
			' VND luc ',
			{ name: 'P2', key: 'P2_2', maxLength: 20 },
			' cho don hang ',
			{ name: 'P1', key: 'P1', maxLength: 20 },
			'. Cam on quy khach!',
		]);
		expect(smsPlaceholders('Ma {P1, 6}')).toEqual([{ name: 'P1', key: 'P1', maxLength: 6 }]);
		expect(parseSmsTemplate('no variables')).toEqual(['no variables']);
	});

	test('filled from values by key; numbers become text; empty, missing and too long values are refused', () => {
		expect(fillSmsTemplate(PAY, { P2: 500000, P2_2: '10:30', P1: 'DH-1' })).toEqual({
			ok: true,
			content: 'Baotrixemay da nhan duoc so tien thanh toan 500000 VND luc 10:30 cho don hang DH-1. Cam on quy khach!',
		});
		expect(fillSmsTemplate(OTP, {})).toEqual({ ok: false, placeholder: { name: 'P1', key: 'P1', maxLength: 8 }, problem: 'it has no value' });
		expect(fillSmsTemplate(OTP, { P1: '' })).toMatchObject({ ok: false, problem: 'it is empty' });
		expect(fillSmsTemplate(OTP, { P1: { a: 1 } })).toMatchObject({ ok: false, problem: 'it is not text' });
		expect(fillSmsTemplate(OTP, { P1: '123456789' })).toMatchObject({ ok: false, problem: `it has 9 characters (${UNITS}) and the template allows at most 8` });
	});
});

describe('matching a content', () => {
	const templates = [t(458, 6, OTP), t(466, 4, PAY), t(12640, 2, 'Cam on quy khach da su dung dich vu cua chung toi.')];

	test('a placeholder takes 1 to max characters', () => {
		expect(matchesSmsTemplate('12345678 la ma xac minh dang ky Baotrixemay cua ban', OTP)).toBe(true);
		expect(matchesSmsTemplate('123456789 la ma xac minh dang ky Baotrixemay cua ban', OTP)).toBe(false);
		expect(matchesSmsTemplate(' la ma xac minh dang ky Baotrixemay cua ban', OTP)).toBe(false);
		expect(matchesSmsTemplate('Mã\nmới la ma xac minh dang ky Baotrixemay cua ban', OTP)).toBe(true);
	});

	test('the matching template, for any network or for the given one', () => {
		const content = '1234 la ma xac minh dang ky Baotrixemay cua ban';
		expect(matchSmsTemplate(content, templates)).toEqual({ ok: true, template: templates[0], content });
		expect(matchSmsTemplate(content, templates, 6)).toEqual({ ok: true, template: templates[0], content });
	});

	test('a mismatch names the closest template and says why', () => {
		expect(matchSmsTemplate('123456789 la ma xac minh dang ky Baotrixemay cua ban', templates)).toEqual({
			ok: false,
			reason: `the text in place of {P1,8} has 9 characters (${UNITS}), and the template allows at most 8`,
			closest: templates[0],
		});
		expect(matchSmsTemplate('1234 la ma xac nhan dang ky Baotrixemay cua ban', templates)).toEqual({
			ok: false,
			reason: 'the text after {P1,8} (1 to 8 characters) should continue with a space, "la ma xac minh dang ky Baotrixemay cua…"',
			closest: templates[0],
		});
		expect(explainSmsMismatch('Da nhan 5 VND luc 6 cho don hang 7! Cam on', 'Da nhan {P1,5} VND luc {P2,5} cho don hang {P3,5}. Cam on')).toBe(
			'the text after {P3,5} (1 to 5 characters) should continue with ". Cam on"',
		);
		expect(explainSmsMismatch('Da nhan 5 VND cho don hang x', 'Da nhan {P1,5} VND cho don hang x{P3,5}')).toBe('the text ends where the template expects {P3,5}');
		// the space at the end is not the text's (a sent text has none at either end): the template's literal is missing it
		expect(explainSmsMismatch('Da nhan 5 VND cho don hang ', 'Da nhan {P1,5} VND cho don hang {P3,5}')).toBe(
			'the text after {P1,5} (1 to 5 characters) should continue with a space, "VND cho don hang", a space',
		);
		expect(explainSmsMismatch('Hello there', 'Hello world')).toBe('after "Hello" the template continues with a space, "world"');
		expect(explainSmsMismatch('Goodbye', 'Hello world')).toBe('the text should begin with "Hello world"');
		expect(explainSmsMismatch('Ma: 12 het han', 'Ma: {P1,4} - het han')).toBe('the text after {P1,4} (1 to 4 characters) should continue with a space, "- het han"');
		expect(explainSmsMismatch('Xin chao ban', 'Xin chao ban')).toBe('the text matches the template');
		expect(matchSmsTemplate('Cam on quy khach da su dung dich vu cua chung toi. Hen gap lai!', templates)).toEqual({
			ok: false,
			reason: 'the text goes on after the end of the template: a space, "Hen gap lai!"',
			closest: templates[2],
		});
		// a text that shares less than half of any template's fixed text is another message: no template is offered
		expect(matchSmsTemplate('Xin chao', templates)).toEqual({ ok: false, reason: 'it is not the text of any of them' });
	});

	test('network-specific templates: another network\'s template, or none for this network', () => {
		expect(matchSmsTemplate('1234 la ma xac minh dang ky Baotrixemay cua ban', templates, 1)).toEqual({
			ok: false,
			reason: "it matches template 458, which is registered for Itel but not for Viettel, the phone's network",
			closest: templates[0],
		});
		expect(matchSmsTemplate('Khac', templates, 1)).toMatchObject({ ok: false, reason: "the brandname has no template registered for Viettel, the phone's network" });
		expect(matchSmsTemplate('Khac', [])).toEqual({ ok: false, reason: 'the brandname has no registered customer-care template' });
	});

	test('networks from prefixes; unknown ones give undefined', () => {
		expect(['0961234567', '0901234567', '0911234567', '0921234567', '0991234567', '0871234567', '0551234567', '0951234567'].map(networkOfPhone)).toEqual([
			1, 2, 3, 4, 5, 6, 7, undefined,
		]);
	});
});

/** Literal text that cannot be mistaken for a placeholder, and placeholder specs. */
const literal = fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.replace(/[{}]/g, '_'));
const spec = fc.record({ n: fc.integer({ min: 1, max: 9 }), max: fc.integer({ min: 1, max: 12 }) });
const template = fc
	.array(fc.tuple(fc.option(literal, { nil: undefined }), spec), { minLength: 1, maxLength: 5 })
	.chain((parts) => fc.tuple(fc.constant(parts), fc.option(literal, { nil: undefined })))
	.map(([parts, tail]) => parts.map(([lit, s]) => `${lit ?? ''}{P${s.n},${s.max}}`).join('') + (tail ?? ''));

/** The simulator's reading of a template (simulator/sms.js matchesTemplate), as a reference. */
function regexMatch(tpl: string, content: string): boolean {
	const pattern = tpl
		.split(/(\{P\d+,\d+\})/)
		.map((part) => {
			const v = /^\{P\d+,(\d+)\}$/.exec(part);
			return v ? `.{1,${v[1]}}` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		})
		.join('');
	return new RegExp(`^${pattern}$`, 's').test(content);
}

describe('properties', () => {
	test('a template filled with values within their lengths matches it', () => {
		fc.assert(
			fc.property(template, fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 5, maxLength: 5 }), (tpl, raw) => {
				const values: Record<string, string> = {};
				smsPlaceholders(tpl).forEach((p, i) => (values[p.key] = raw[i].slice(0, p.maxLength).trim() ? raw[i].slice(0, p.maxLength) : 'x'));
				const filled = fillSmsTemplate(tpl, values);
				expect(filled.ok).toBe(true);
				if (filled.ok) {
					expect(matchesSmsTemplate(filled.content, tpl)).toBe(true);
					expect(matchSmsTemplate(filled.content, [t(1, 1, tpl)])).toEqual({ ok: true, template: t(1, 1, tpl), content: messageText(filled.content) });
				}
			}),
			RUNS,
		);
	});

	test('the matcher agrees with the simulator\'s regular expression on any text, both as the node sends them (issue 21 §3)', () => {
		const text = fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[ab_ \r\n]{0,30}$/));
		fc.assert(
			fc.property(template, text, (tpl, content) => {
				expect(matchesSmsTemplate(content, tpl)).toBe(regexMatch(messageText(tpl), messageText(content)));
			}),
			RUNS,
		);
	});

	test('a mismatch always gets a reason, and a closest template when one shares half its fixed text; matching is linear enough for long texts', () => {
		fc.assert(
			fc.property(fc.array(template, { minLength: 1, maxLength: 4 }), fc.string({ maxLength: 60 }), (tpls, content) => {
				const list = tpls.map((c, i) => t(i, 1, c));
				const r = matchSmsTemplate(content, list);
				if (!r.ok) {
					expect(r.reason.length).toBeGreaterThan(0);
					if (r.closest === undefined) expect(r.reason).toBe('it is not the text of any of them');
					else {
						expect(list).toContain(r.closest);
						expect(explainSmsMismatch(content, r.closest.TempContent)).toBe(r.reason);
					}
				}
			}),
			RUNS,
		);
		// a backtracking regex takes seconds here (measured: 3.8 s on Node 20), and 25× longer per
		// extra placeholder; the dynamic programme is linear in placeholders × length × max
		const adjacent = '{P1,50} {P2,50} {P3,50} {P4,50} {P5,50} {P6,50}x';
		expect(matchesSmsTemplate('a '.repeat(2000), adjacent)).toBe(false);
		expect(closestSmsTemplate('a '.repeat(2000), [t(1, 1, adjacent)])).toEqual(t(1, 1, adjacent));
	});
});

describe('ZNS TempData against ListParams (ham-lay-thong-tin-chi-tiet-template-zalo.md)', () => {
	const params: EsmsZnsTemplateParam[] = [
		{ Name: 'customer_name', Require: true, AcceptNull: false, MinLength: 1, MaxLength: 30, Type: 'STRING' },
		{ Name: 'order_code', Require: true, AcceptNull: false, MinLength: 0, MaxLength: '30', Type: 'STRING' },
		{ Name: 'note', Require: false, AcceptNull: true, MinLength: 0, MaxLength: 10, Type: 'STRING' },
		{ Name: 'phone', Require: false, AcceptNull: false, MaxLength: 15 },
	];

	test('only the template parameters, as text; optional empty ones left out unless they accept null', () => {
		expect(buildZnsTempData(params, { customer_name: 'Lan', order_code: 42, note: '', phone: '', extra: 'x' })).toEqual({
			ok: true,
			data: { customer_name: 'Lan', order_code: '42', note: '' },
		});
		expect(buildZnsTempData(params, { customer_name: 'Lan', order_code: 'A' })).toEqual({ ok: true, data: { customer_name: 'Lan', order_code: 'A' } });
	});

	test('the first problem, naming the parameter', () => {
		expect(buildZnsTempData(params, { order_code: 'A' })).toEqual({ ok: false, name: 'customer_name', problem: 'it is required and has no value' });
		expect(buildZnsTempData(params, { customer_name: '', order_code: 'A' })).toEqual({ ok: false, name: 'customer_name', problem: 'it is required and empty' });
		expect(buildZnsTempData(params, { customer_name: 'L', order_code: 'x'.repeat(31) })).toEqual({
			ok: false,
			name: 'order_code',
			problem: `it has 31 characters (${UNITS}) and the template allows at most 30`,
		});
		expect(buildZnsTempData(params, { customer_name: 'L', order_code: 'A', note: ['x'] })).toEqual({ ok: false, name: 'note', problem: 'it is not text' });
		expect(buildZnsTempData([{ Name: 'code', Require: true, MinLength: 4, MaxLength: 6 }], { code: 'abc' })).toEqual({
			ok: false,
			name: 'code',
			problem: `it has 3 characters (${UNITS}) and the template needs at least 4`,
		});
	});

	test('property: whatever is accepted holds only declared names within their limits, and all required ones', () => {
		const param = fc.record({
			Name: fc.constantFrom('a', 'b', 'c', 'd', '__proto__', 'constructor'),
			Require: fc.boolean(),
			AcceptNull: fc.boolean(),
			MinLength: fc.integer({ min: 0, max: 3 }),
			MaxLength: fc.integer({ min: 0, max: 8 }),
		});
		const value = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null), fc.constant(undefined), fc.object());
		fc.assert(
			fc.property(fc.uniqueArray(param, { selector: (p) => p.Name, maxLength: 4 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', 'x'), value), (ps, values) => {
				const r = buildZnsTempData(ps, values);
				if (!r.ok) {
					expect(ps.map((p) => p.Name)).toContain(r.name);
					return;
				}
				for (const [name, text] of Object.entries(r.data)) {
					const p = ps.find((x) => x.Name === name)!;
					expect(typeof text).toBe('string');
					if (p.MaxLength > 0) expect(text.length).toBeLessThanOrEqual(p.MaxLength);
					if (text !== '') expect(text.length).toBeGreaterThanOrEqual(p.MinLength);
				}
				for (const p of ps.filter((x) => x.Require)) expect(r.data[p.Name]).toMatch(/./);
			}),
			RUNS,
		);
	});
});

describe('ZNS NUMBER and DATE parameters (ham-lay-danh-sach-template-zalo.md: type_number digits 0–9, at most 12; type_date dd/MM/yyyy)', () => {
	const NUMBER_FIX = 'Give quantity as digits only, at most 12, for example 4308000: no spaces, dots, commas, sign or decimals.';
	const DATE_FIX =
		"Give delivery_date as dd/MM/yyyy, for example 01/08/2024 for 1 August 2024; d/M/yyyy (1/8/2024) is read day first too. The node also converts yyyy-MM-dd (2024-08-01) and n8n dates such as {{ $today.plus({ days: 3 }) }}, taking their day in Vietnam time; for another form, format the date in an expression, e.g. {{ DateTime.fromFormat($json.date, 'MM/dd/yyyy').toFormat('dd/MM/yyyy') }}.";

	test.each([
		['NUMBER', 'number'],
		['number', 'number'],
		[' type_number ', 'number'],
		['DATE', 'date'],
		['type_date', 'date'],
		['STRING', 'text'],
		['URL', 'text'],
		[undefined, 'text'],
		['^\\d+$', 'text'],
	])('the kind of Type %p is %s', (type, kind) => {
		expect(znsParamKind(type)).toBe(kind);
	});

	test.each([
		['0', '0'],
		['4308000', '4308000'],
		[4308000, '4308000'],
		['123456789012', '123456789012'],
		['007', '007'],
	])('NUMBER %p is sent as %p', (value, text) => {
		expect(znsNumberValue('quantity', value)).toEqual({ ok: true, text });
	});

	test.each([
		['abc', 'it is "abc", and a NUMBER parameter takes only the digits 0 to 9'],
		['4.308.000', 'it is "4.308.000", and a NUMBER parameter takes only the digits 0 to 9'],
		['4,308,000', 'it is "4,308,000", and a NUMBER parameter takes only the digits 0 to 9'],
		[' 12', 'it is a space, "12", and a NUMBER parameter takes only the digits 0 to 9'],
		['-5', 'it is "-5", and a NUMBER parameter takes only the digits 0 to 9'],
		[1.5, 'it is "1.5", and a NUMBER parameter takes only the digits 0 to 9'],
		[true, 'it is "true", and a NUMBER parameter takes only the digits 0 to 9'],
		['1234567890123', 'it has 13 digits, and a NUMBER parameter takes at most 12'],
		['x'.repeat(40), `it is "${'x'.repeat(30)}…", and a NUMBER parameter takes only the digits 0 to 9`],
	])('NUMBER %p is refused: %s', (value, problem) => {
		expect(znsNumberValue('quantity', value)).toEqual({ ok: false, problem, fix: NUMBER_FIX });
	});

	// issue 21 §1: a date without a zone is the date in Vietnam; an instant is its day in Vietnam, whatever the workflow's zone
	test.each([
		['dd/MM/yyyy as it is', '01/08/2024', '01/08/2024'],
		['d/M/yyyy, day first', '1/8/2024', '01/08/2024'],
		['d/M/yyyy of the issue: 5 December', '5/12/2026', '05/12/2026'],
		['d-M-yyyy, day first', '01-08-2024', '01/08/2024'],
		['29 February of a leap year', '29/02/2024', '29/02/2024'],
		['spaces around', ' 01/08/2024 ', '01/08/2024'],
		['yyyy-MM-dd', '2024-08-01', '01/08/2024'],
		['what {{ $today }} becomes in Vietnam (a DateTime as text, with its offset)', '2024-08-01T00:00:00.000+07:00', '01/08/2024'],
		['what {{ $today }} becomes in New York: the same moment is noon in Vietnam', '2024-08-01T00:00:00.000-04:00', '01/08/2024'],
		['a time with an offset: its day in Vietnam', '2024-08-01T23:30:00-05:00', '02/08/2024'],
		['a time without an offset: Vietnam time, the date as written', '2024-08-01 23:30', '01/08/2024'],
		['the issue\'s date-only value from JSON or a database (…T00:00:00.000Z)', '2026-12-05T00:00:00.000Z', '05/12/2026'],
		['the same instant written +00:00', '2026-12-05T00:00:00+00:00', '05/12/2026'],
		['a time in UTC after 17:00 is the next day in Vietnam', '2024-07-31T17:00:00.000Z', '01/08/2024'],
		['a JavaScript Date: its day in Vietnam', new Date(Date.UTC(2024, 6, 31, 17)), '01/08/2024'],
		['new Date("2026-12-05")', new Date('2026-12-05'), '05/12/2026'],
		['a Luxon DateTime: its day in Vietnam', DateTime.fromObject({ year: 2024, month: 8, day: 1, hour: 1 }, { zone: 'Asia/Ho_Chi_Minh' }), '01/08/2024'],
		['a Luxon DateTime at midnight in Los Angeles: 15:00 in Vietnam', DateTime.fromObject({ year: 2024, month: 8, day: 1 }, { zone: 'America/Los_Angeles' }), '01/08/2024'],
	])('DATE, %s: %p', (_name, value, text) => {
		expect(znsDateValue('delivery_date', value)).toEqual({ ok: true, text });
	});

	test.each([
		['2024/08/01', 'it is "2024/08/01", and a DATE parameter takes a date as dd/MM/yyyy'],
		['01/08/24', 'it is "01/08/24", and a DATE parameter takes a date as dd/MM/yyyy'],
		['tomorrow', 'it is "tomorrow", and a DATE parameter takes a date as dd/MM/yyyy'],
		[20240801, 'it is "20240801", and a DATE parameter takes a date as dd/MM/yyyy'],
		['31/02/2024', 'it is "31/02/2024", a date that does not exist'],
		['29/02/2023', 'it is "29/02/2023", a date that does not exist'],
		['01/13/2024', 'it is "01/13/2024", a date that does not exist'],
		['8/31/2024', 'it is "8/31/2024", a date that does not exist'],
		['2024-02-30', 'it is "2024-02-30", a date that does not exist'],
		['2024-08-01T24:00:00+07:00', 'it is "2024-08-01T24:00:00+07:00", a date that does not exist'],
		['2024-08-01T10:00:00+25:00', 'it is "2024-08-01T10:00:00+25:00", a date that does not exist'],
		['\n', 'it is a line break, and a DATE parameter takes a date as dd/MM/yyyy'],
		[new Date(NaN), 'it is an invalid date'],
		[new Date(Date.UTC(-9999, 0, 1)), 'it is an invalid date'],
		[DateTime.fromISO('not a date'), 'it is an invalid date'],
	])('DATE %p is refused: %s', (value, problem) => {
		expect(znsDateValue('delivery_date', value)).toEqual({ ok: false, problem, fix: DATE_FIX });
	});

	const typed: EsmsZnsTemplateParam[] = [
		{ Name: 'quantity', Require: true, MaxLength: 12, Type: 'NUMBER' },
		{ Name: 'delivery_date', Require: true, MaxLength: 10, Type: 'DATE' },
		{ Name: 'extra_number', Require: false, MaxLength: 12, Type: 'NUMBER' },
	];

	test('TempData: numbers as digits, dates as dd/MM/yyyy; an optional empty NUMBER is left out', () => {
		expect(buildZnsTempData(typed, { quantity: 3, delivery_date: '2024-08-01', extra_number: '' })).toEqual({
			ok: true,
			data: { quantity: '3', delivery_date: '01/08/2024' },
		});
		expect(buildZnsTempData(typed, { quantity: '3', delivery_date: new Date(Date.UTC(2024, 6, 31, 17)) })).toEqual({
			ok: true,
			data: { quantity: '3', delivery_date: '01/08/2024' },
		});
	});

	test('TempData: the first problem, with the fix for its type; a required one still says it is missing', () => {
		expect(buildZnsTempData(typed, { quantity: 'abc', delivery_date: '2024-08-01' })).toEqual({
			ok: false,
			name: 'quantity',
			problem: 'it is "abc", and a NUMBER parameter takes only the digits 0 to 9',
			fix: NUMBER_FIX,
		});
		expect(buildZnsTempData(typed, { quantity: '1', delivery_date: '1/13/2024' })).toEqual({
			ok: false,
			name: 'delivery_date',
			problem: 'it is "1/13/2024", a date that does not exist',
			fix: DATE_FIX,
		});
		expect(buildZnsTempData(typed, { delivery_date: '01/08/2024' })).toEqual({ ok: false, name: 'quantity', problem: 'it is required and has no value' });
		// a date object is read for a DATE only
		expect(buildZnsTempData([{ Name: 'note', Require: true, MaxLength: 30, Type: 'STRING' }], { note: new Date(0) })).toEqual({
			ok: false,
			name: 'note',
			problem: 'it is not text',
		});
	});

	test('TempData: the lengths are checked on the text sent (a converted date)', () => {
		expect(buildZnsTempData([{ Name: 'd', Require: true, MaxLength: 8, Type: 'DATE' }], { d: '2024-08-01' })).toEqual({
			ok: false,
			name: 'd',
			problem: `it has 10 characters (${UNITS}) and the template allows at most 8`,
		});
	});

	test('property: whatever is accepted is digits (at most 12) for a NUMBER and an existing dd/MM/yyyy for a DATE', () => {
		const value = fc.oneof(
			fc.string({ maxLength: 14 }),
			fc.stringMatching(/^[0-9]{1,14}$/),
			fc.integer(),
			fc.double(),
			fc.date({ noInvalidDate: false }),
			fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1000, max: 2100 })).map(
				([d, m, y]) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`,
			),
			fc.tuple(fc.integer({ min: 1000, max: 2100 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 40 })).map(
				([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
			),
		);
		fc.assert(
			fc.property(value, value, (n, d) => {
				const r = buildZnsTempData(
					[
						{ Name: 'n', Require: true, Type: 'NUMBER' },
						{ Name: 'd', Require: true, Type: 'DATE' },
					],
					{ n, d },
				);
				if (!r.ok) return;
				expect(r.data.n).toMatch(/^[0-9]{1,12}$/);
				const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(r.data.d)!;
				expect(m).not.toBeNull();
				const at = new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])));
				expect([at.getUTCDate(), at.getUTCMonth() + 1]).toEqual([Number(m[1]), Number(m[2])]);
			}),
			RUNS,
		);
	});
});
