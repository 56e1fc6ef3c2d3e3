/**
 * Property-based tests: no input crashes the helpers, and every result keeps its invariants.
 */
import fc from 'fast-check';

import { explainResponse, explainTransportError } from '../nodes/Esms/shared/errors';
import { mapSmsStatus, mapVoiceStatus, mapZaloStatus } from '../nodes/Esms/shared/mappers';
import { normalizePhone } from '../nodes/Esms/shared/phone';
import { nonGsmCharacters, removeDiacritics, segmentCount } from '../nodes/Esms/shared/text';

const RUNS = { numRuns: 10_000 };
const NATIONAL = /^0(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

const prefix = fc.constantFrom('32', '33', '39', '52', '56', '58', '59', '70', '76', '79', '81', '85', '86', '88', '89', '90', '91', '96', '99');
const validNational = fc.tuple(prefix, fc.stringMatching(/^\d{7}$/)).map(([p, rest]) => `0${p}${rest}`);
const separator = fc.constantFrom('', ' ', '.', '-', ' - ');
const anything = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.integer(), fc.double(), fc.constant(null), fc.constant(undefined), fc.object(), fc.array(fc.string()));

describe('phone normaliser', () => {
	test('never throws; whatever it accepts is a national mobile number, and normalising it again changes nothing', () => {
		fc.assert(
			fc.property(fc.oneof(anything, fc.stringMatching(/^[+\d .()-]{0,16}$/)), (input) => {
				const r = normalizePhone(input);
				if (r.ok) {
					expect(r.phone).toMatch(NATIONAL);
					expect(normalizePhone(r.phone)).toEqual(r);
				} else {
					expect(['empty', 'several', 'letters', 'length', 'prefix']).toContain(r.reason);
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

	test('no text crashes the helpers; segment counts follow the 160/153 and 70/67 rules and never shrink as text grows', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.boolean(), (text, more, unicode) => {
				const n = segmentCount(text, unicode);
				expect(Number.isInteger(n)).toBe(true);
				expect(n === 0).toBe(text.length === 0);
				expect(segmentCount(text + more, unicode)).toBeGreaterThanOrEqual(n);
				if (unicode && text.length > 0) expect(n).toBe(text.length <= 70 ? 1 : Math.ceil(text.length / 67));
				const bad = nonGsmCharacters(text);
				expect(new Set(bad).size).toBe(bad.length);
				expect(removeDiacritics(text)).not.toMatch(/[\u0300-\u036f]/);
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
