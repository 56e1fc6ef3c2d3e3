/**
 * OTP → Send Code and OTP → Verify Code: the built node through n8n-core's real engine, against the
 * simulator over HTTP, whose codes live on its clock (valid once, within their lifetime).
 */
import { OTP_TIMEOUT_MS } from '../nodes/Esms/resources/otp/sendCode';
import { runEsms } from './helpers/harness';
import { compact, simGet, simPost, simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();

const SMS_PATH = '/MainService.svc/json/SendMessageAutoGenCode_V4_get';
const ZALO_PATH = '/MainService.svc/json/SendMessageAutoGenCode_V5';
const CHECK_PATH = '/MainService.svc/json/CheckCodeGen_V4_get';
const TEMPLATE_PATH = '/MainService.svc/json/GetTemplate/';
const TEXT = '{OTP} la ma xac minh dang ky Baotrixemay cua ban';
const KEYS = { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' };

const byList = (value: string) => ({ __rl: true, mode: 'list', value });
const sendCode = (p: Record<string, unknown> = {}) => ({
	resource: 'otp',
	operation: 'sendCode',
	phone: '0901888484',
	brandname: byList('Baotrixemay'),
	content: TEXT,
	...p,
});
const zaloThenSms = (p: Record<string, unknown> = {}) => ({
	resource: 'otp',
	operation: 'sendCode',
	otpChannel: 'zaloThenSms',
	phone: '0901888484',
	multiChannelTemplateId: '22575',
	...p,
});
const verify = (code: unknown, p: Record<string, unknown> = {}) => ({ resource: 'otp', operation: 'verifyCode', phone: '0901888484', code, ...p });

const one = [{ json: {} }];
const description = (e: unknown) => (e as { description?: string } | undefined)?.description ?? '';
const requestsTo = (path: string) => env.sim.requests().filter((r) => r.path === path);
const MINUTE = 60_000;

/** An ISO time with Vietnam's offset, as a moment. */
const moment = (iso: unknown) => Date.parse(String(iso));

describe('OTP → Send Code, SMS', () => {
	test('the template list, then one GET with exactly these parameters; the output has what the next step needs and never the code', async () => {
		env.sim.queueSmsIds('d533459ee42b2b9525ba9eabf6a8156');
		const before = Date.now();
		const { output, error } = await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		expect(error).toBeUndefined();
		// the text, with a code of 6 digits in place of {OTP}, is checked against the brandname's templates first
		expect(env.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${TEMPLATE_PATH}`, `GET ${SMS_PATH}`]);
		expect(requestsTo(SMS_PATH)[0].query).toEqual({
			Phone: '0901888484',
			TimeAlive: '5',
			NumCharOfCode: '6',
			Brandname: 'Baotrixemay',
			Type: '2',
			message: TEXT,
			IsNumber: '1',
			...KEYS,
		});
		const code = env.sim.otpCode('0901888484')!;
		expect(code).toMatch(/^\d{6}$/);
		expect(output.map((o) => o.json)).toEqual([
			{
				phone: '0901888484',
				smsId: 'd533459ee42b2b9525ba9eabf6a8156',
				channel: 'sms',
				expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/),
				lifetimeMinutes: 5,
				codeLength: 6,
				codeType: 'digits',
				brandname: 'Baotrixemay',
				content: TEXT,
				segments: 1,
				// the template registered for Mobifone, the phone's network
				templateId: '459',
				multiChannelTemplateId: null,
				createOnly: false,
			},
		]);
		const expires = moment(output[0].json.expiresAt);
		expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 5 * MINUTE);
		expect(expires).toBeLessThanOrEqual(Date.now() + 5 * MINUTE);
		expect(JSON.stringify(output)).not.toContain(code);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(env.sim.ledger()).toMatchObject([
			{ smsId: 'd533459ee42b2b9525ba9eabf6a8156', kind: 'sms', smsType: 2, phone: '0901888484', brandname: 'Baotrixemay', content: `${code} la ma xac minh dang ky Baotrixemay cua ban` },
		]);
	});

	test('every option: lifetime, length, letters and digits; the phone normalised; diacritics removed', async () => {
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: sendCode({
				phone: '+84 96-123.4567',
				content: '{OTP} là mã xác minh đăng ký Baotrixemay của bạn',
				options: { codeLifetime: 10, codeLength: 8, codeType: 'lettersAndDigits' },
			}),
			items: one,
		});
		expect(error).toBeUndefined();
		expect(requestsTo(SMS_PATH)[0].query).toMatchObject({ Phone: '0961234567', TimeAlive: '10', NumCharOfCode: '8', IsNumber: '0', message: TEXT });
		expect(env.sim.otpCode('0961234567')).toMatch(/^[A-Z0-9]{8}$/);
		expect(output[0].json).toMatchObject({ phone: '0961234567', lifetimeMinutes: 10, codeLength: 8, codeType: 'lettersAndDigits', content: TEXT, templateId: '458' });
	});

	test('Simplify off gives eSMS\'s answer as it is', async () => {
		env.sim.queueSmsIds('d533459ee42b2b9525ba9eabf6a8156');
		const { output } = await runEsms({ creds: env.creds, parameters: sendCode({ simplify: false }), items: one });
		expect(output[0].json).toEqual({ CodeResult: '100', CountRegenerate: 0, SMSID: 'd533459ee42b2b9525ba9eabf6a8156' });
	});
});

describe('OTP → Send Code, Zalo then SMS', () => {
	test('create and send: one POST with exactly this body; Zalo for a phone with Zalo, the SMS for one without', async () => {
		const { output, error } = await runEsms({ creds: env.creds, parameters: zaloThenSms({ options: { codeLifetime: 15 } }), items: one });
		expect(error).toBeUndefined();
		const [request] = requestsTo(ZALO_PATH);
		expect(request.method).toBe('POST');
		expect(request.query).toEqual({});
		expect(JSON.parse(request.body)).toEqual({ Phone: '0901888484', TimeAlive: '15', MultiChannelTempId: '22575', TypeId: '2', ...KEYS });
		expect(output[0].json).toEqual({
			phone: '0901888484',
			smsId: expect.any(String),
			channel: 'zaloThenSms',
			expiresAt: expect.stringMatching(/\+07:00$/),
			lifetimeMinutes: 15,
			codeLength: null,
			codeType: null,
			brandname: null,
			content: null,
			segments: null,
			templateId: null,
			multiChannelTemplateId: '22575',
			createOnly: false,
		});
		expect(JSON.stringify(output)).not.toContain(env.sim.otpCode('0901888484')!);
		// 0977000000 has no Zalo account: the SMS carries the code
		await runEsms({ creds: env.creds, parameters: zaloThenSms({ phone: '0977000000' }), items: one });
		expect(env.sim.ledger().map((e) => [e.kind, e.phone])).toEqual([
			['zalo', '0901888484'],
			['sms', '0977000000'],
		]);
		expect(env.sim.ledger()[1].content).toBe(`${env.sim.otpCode('0977000000')} la ma xac minh dang ky Baotrixemay cua ban`);
	});

	test('create only: TypeId 1, nothing sent, and the output holds the code', async () => {
		const { output, error } = await runEsms({ creds: env.creds, parameters: zaloThenSms({ codeAction: 'createOnly' }), items: one });
		expect(error).toBeUndefined();
		expect(JSON.parse(requestsTo(ZALO_PATH)[0].body)).toMatchObject({ TypeId: '1', TimeAlive: '5' });
		expect(env.sim.ledger()).toEqual([]);
		expect(output[0].json).toMatchObject({ createOnly: true, code: env.sim.otpCode('0901888484') });
		expect(description(undefined)).toBe('');
	});
});

describe('OTP → Verify Code', () => {
	test('the right code: valid once; the same code again is used; a wrong one is wrong: outputs, not failures', async () => {
		await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		const code = env.sim.otpCode('0901888484')!;
		const right = await runEsms({ creds: env.creds, parameters: verify(code), items: one });
		expect(right.error).toBeUndefined();
		expect(requestsTo(CHECK_PATH)[0].query).toEqual({ Phone: '0901888484', Code: code, ...KEYS });
		expect(right.output.map((o) => o.json)).toEqual([
			{ valid: true, reason: 'The code is right. eSMS has now used it up: it cannot be verified again.', esmsCode: '100', phone: '0901888484' },
		]);
		const used = await runEsms({ creds: env.creds, parameters: verify(code), items: one });
		expect(used.error).toBeUndefined();
		expect(used.output.map((o) => o.json)).toEqual([
			{
				valid: false,
				reason: 'The code is wrong, was already used, or has expired (eSMS does not say which). Ask the person to check it, or send a new code.',
				esmsCode: '117',
				phone: '0901888484',
			},
		]);
	});
});

describe('the code on the simulator clock', () => {
	test('within its lifetime it is valid; past it, expired (valid false), as is a code of another phone', async () => {
		await runEsms({ creds: env.creds, parameters: sendCode({ options: { codeLifetime: 2 } }), items: one });
		await runEsms({ creds: env.creds, parameters: sendCode({ phone: '0912345678', options: { codeLifetime: 2 } }), items: one });
		const a = env.sim.otpCode('0901888484')!;
		const b = env.sim.otpCode('0912345678')!;
		// another phone's code is wrong for this one (and is not used up by the try)
		const other = await runEsms({ creds: env.creds, parameters: verify(b), items: one });
		expect(other.output[0].json).toMatchObject({ valid: false, esmsCode: '117' });
		env.sim.advance(2 * MINUTE - 1000);
		const inTime = await runEsms({ creds: env.creds, parameters: verify(a), items: one });
		expect(inTime.output[0].json).toMatchObject({ valid: true, esmsCode: '100' });
		env.sim.advance(2000);
		const late = await runEsms({ creds: env.creds, parameters: verify(b, { phone: '0912345678' }), items: one });
		expect(late.output[0].json).toEqual({
			valid: false,
			reason: 'The code is wrong, was already used, or has expired (eSMS does not say which). Ask the person to check it, or send a new code.',
			esmsCode: '117',
			phone: '0912345678',
		});
	});

	test('a new code replaces the previous one', async () => {
		await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		const first = env.sim.otpCode('0901888484')!;
		await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		const second = env.sim.otpCode('0901888484')!;
		const { output } = await runEsms({ creds: env.creds, parameters: verify(first), items: one });
		expect(output[0].json.valid).toBe(first === second);
		expect((await runEsms({ creds: env.creds, parameters: verify(second), items: one })).output[0].json.valid).toBe(first !== second);
	});

	test('171, as the code table says, is handled as 117 is: valid false with its code', async () => {
		env.sim.setOtpInvalidCode('171');
		const { output, error } = await runEsms({ creds: env.creds, parameters: verify('000000'), items: one });
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ valid: false, esmsCode: '171' });
		// Simplify off: eSMS's answer as it is, still no failure
		const raw = await runEsms({ creds: env.creds, parameters: verify('000000', { simplify: false }), items: one });
		expect(raw.output[0].json).toEqual({ CodeResult: '171', CountRegenerate: 0, ErrorMessage: '0901888484, Content: 000000 Code Invalid' });
	});

	test('spaces typed in the code are removed; the phone is normalised; a code given as a number is read as text', async () => {
		await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		const code = env.sim.otpCode('0901888484')!;
		const spaced = `${code.slice(0, 3)} ${code.slice(3)} `;
		const { output } = await runEsms({ creds: env.creds, parameters: verify('={{ $json.code }}', { phone: '={{ $json.phone }}' }), items: [{ json: { code: spaced, phone: '+84901888484' } }] });
		expect(requestsTo(CHECK_PATH)[0].query).toMatchObject({ Phone: '0901888484', Code: code });
		expect(output[0].json).toMatchObject({ valid: true, phone: '0901888484' });
		await runEsms({ creds: env.creds, parameters: verify('={{ $json.code }}'), items: [{ json: { code: 123456 } }] });
		expect(requestsTo(CHECK_PATH)[1].query.Code).toBe('123456');
	});

	test('full-width digits are read as digits; a code that came as a number and is wrong says a leading 0 may be lost (tester findings)', async () => {
		await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		const code = env.sim.otpCode('0901888484')!;
		const wide = [...code].map((c) => (/[0-9]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
		const right = await runEsms({ creds: env.creds, parameters: verify('={{ $json.code }}'), items: [{ json: { code: wide } }] });
		expect(right.output[0].json.valid).toBe(true);
		// a Number form field: 0566 arrives as 566
		const { output } = await runEsms({ creds: env.creds, parameters: verify('={{ $json.code }}'), items: [{ json: { code: 566 } }] });
		expect(output[0].json).toMatchObject({ valid: false });
		expect(output[0].json.reason).toContain('The code reached the node as a number, so a leading 0 is lost (0566 becomes 566)');
	});

	test('Send Code then Verify Code on its output: the phone comes from the item', async () => {
		const sent = await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		const items = sent.output.map((o) => ({ json: { ...o.json, typed: env.sim.otpCode(String(o.json.phone)) } }));
		const { output } = await runEsms({ creds: env.creds, parameters: verify('={{ $json.typed }}', { phone: '={{ $json.phone }}' }), items });
		expect(output[0].json).toMatchObject({ valid: true, phone: '0901888484' });
	});
});

describe('every documented error, and the others eSMS gives', () => {
	test('101: wrong keys, for both channels and the check', async () => {
		const creds = { ...env.creds, secretKey: 'WRONG' };
		for (const parameters of [sendCode(), zaloThenSms(), verify('123456')]) {
			const { error } = await runEsms({ creds, parameters, items: one });
			expect(error?.message).toBe('eSMS error 101: API Key or Secret Key is wrong');
			expect(description(error)).toMatch(/ eSMS said: "Authorize Failed"\.$/);
		}
		// Send Code's template list answers 101 first
		expect(env.sim.requests().map((r) => r.path)).toEqual([TEMPLATE_PATH, ZALO_PATH, CHECK_PATH]);
		const off = await runEsms({ creds, parameters: sendCode({ options: { templateCheck: 'off' } }), items: one });
		expect(off.error?.message).toBe('eSMS error 101: API Key or Secret Key is wrong');
		expect(requestsTo(SMS_PATH)).toHaveLength(1);
	});

	test('104 (no such customer-care brandname), 146 (no template matches with the code in place), 103 (balance), 99 (blocked), 143 (locked)', async () => {
		const cases: Array<[Record<string, unknown>, string, Partial<typeof env.creds>?]> = [
			[sendCode({ brandname: byList('QC_ONLINE') }), 'eSMS error 104: the Brandname or call code does not exist'],
			[sendCode({ content: 'Ma OTP cua ban la {OTP}', options: { templateCheck: 'off' } }), 'eSMS error 146: the content does not match a registered customer-care template'],
			[sendCode(), 'eSMS error 103: not enough balance to send', { apiKey: 'EMPTY_API_KEY', secretKey: 'EMPTY_SECRET_KEY' }],
			[zaloThenSms(), 'eSMS error 103: not enough balance to send', { apiKey: 'EMPTY_API_KEY', secretKey: 'EMPTY_SECRET_KEY' }],
			[sendCode(), 'eSMS error 143: the account is not activated or is locked', { apiKey: 'LOCKED_API_KEY', secretKey: 'LOCKED_SECRET_KEY' }],
			[verify('123456'), 'eSMS error 143: the account is not activated or is locked', { apiKey: 'LOCKED_API_KEY', secretKey: 'LOCKED_SECRET_KEY' }],
		];
		for (const [parameters, message, creds] of cases) {
			const { error } = await runEsms({ creds: { ...env.creds, ...creds }, parameters, items: one });
			expect(error?.message).toBe(message);
		}
		env.sim.addAccount({ apiKey: 'BLOCK', secretKey: 'BLOCK_S', blockedPhones: ['0901888484'] });
		const blocked = await runEsms({ creds: { ...env.creds, apiKey: 'BLOCK', secretKey: 'BLOCK_S' }, parameters: sendCode(), items: one });
		expect(blocked.error?.message).toBe('eSMS error 99: the phone number is blocked in eSMS');
		expect(env.sim.ledger()).toEqual([]);
	});

	test('the template check: a text that is no template, or a code longer than the template\'s part, fails before sending, naming the closest template', async () => {
		const closest = ' Closest template (ID 459, Mobifone): "{P1,8} la ma xac minh dang ky Baotrixemay cua ban".';
		const wrong = await runEsms({ creds: env.creds, parameters: sendCode({ content: 'Ma OTP cua ban la {OTP}' }), items: one });
		expect(wrong.error?.message).toMatch(/^Invalid "Content" in item 1: with a code of 6 characters in place of \{OTP\}, it matches no customer-care template of brandname Baotrixemay: /);
		const long = await runEsms({ creds: env.creds, parameters: sendCode({ options: { codeLength: 9 } }), items: one });
		expect(long.error?.message).toBe(
			'Invalid "Content" in item 1: with a code of 9 characters in place of {OTP}, it matches no customer-care template of brandname Baotrixemay: the text in place of {P1,8} has 9 characters (UTF-16 units, as eSMS counts: an emoji is 2), and the template allows at most 8',
		);
		expect(description(long.error)).toBe(
			`Nothing was sent to eSMS for this item. eSMS sends a code only in the exact text of a registered template: write that text with {OTP} in place of the part that holds the code, and choose a Code Length that part allows (Account → Get SMS Templates lists them).${closest}`,
		);
		expect(requestsTo(SMS_PATH)).toHaveLength(0);
		// the list is read once per node run, however many items
		const items = [0, 1, 2].map((i) => ({ json: { phone: `090188848${i}` } }));
		await runEsms({ creds: env.creds, parameters: sendCode({ phone: '={{ $json.phone }}' }), items });
		expect(requestsTo(TEMPLATE_PATH)).toHaveLength(3);
		expect(requestsTo(SMS_PATH)).toHaveLength(3);
	});

	test('a multichannel template ID eSMS does not know', async () => {
		const { error } = await runEsms({ creds: env.creds, parameters: zaloThenSms({ multiChannelTemplateId: '1' }), items: one });
		expect(error?.message).toBe('eSMS error 110: the request data is invalid');
		expect(description(error)).toBe('Check every field of the request against the eSMS documentation. eSMS said: "MultiChannelTempId is not valid".');
	});

	test('bad inputs fail before any request, naming the field and the item', async () => {
		const cases: Array<[Record<string, unknown>, string]> = [
			[sendCode({ phone: '12345' }), 'Invalid "Phone" in item 1: it does not have the 10 digits of a Vietnamese mobile number'],
			[sendCode({ content: ' ' }), 'Invalid "Content" in item 1: it is empty'],
			[sendCode({ content: 'Ma xac minh cua ban' }), 'Invalid "Content" in item 1: it has no {OTP}, where eSMS puts the code'],
			[sendCode({ content: '{otp} la ma xac minh' }), 'Invalid "Content" in item 1: it has {otp}, and eSMS puts the code only in place of {OTP}, written exactly so'],
			[sendCode({ brandname: byList('={{ "" }}') }), 'Invalid "Brandname" in item 1: it is empty'],
			[sendCode({ options: { codeLifetime: 11 } }), 'Invalid "Code Lifetime (Minutes)" in item 1: 11 is not a whole number from 2 to 10'],
			[sendCode({ options: { codeLength: '={{ 3 }}' } }), 'Invalid "Code Length" in item 1: 3 is not a whole number from 4 to 10'],
			[zaloThenSms({ options: { codeLifetime: 16 } }), 'Invalid "Code Lifetime (Minutes)" in item 1: 16 is not a whole number from 2 to 15'],
			[zaloThenSms({ multiChannelTemplateId: ' ' }), 'Invalid "Multichannel Template ID" in item 1: it is empty'],
			[zaloThenSms({ phone: '={{ "" }}' }), 'Invalid "Phone" in item 1: it is empty'],
			[verify(' '), 'Invalid "Code" in item 1: it is empty'],
			[verify('={{ $json }}'), 'Invalid "Code" in item 1: it is an object, not text'],
			[verify('123456', { phone: '0123' }), 'Invalid "Phone" in item 1: it does not have the 10 digits of a Vietnamese mobile number'],
		];
		for (const [parameters, message] of cases) {
			const { error } = await runEsms({ creds: env.creds, parameters, items: one });
			expect(error?.message).toBe(message);
			expect(description(error)).toMatch(/^Nothing was sent to eSMS for this item\. /);
		}
		expect(env.sim.requests()).toEqual([]);
	});
});

describe('faults: Continue On Fail, Retry On Fail, no code sent or checked twice', () => {
	const phones = ['0901888480', '0901888481', '0901888482', '0901888483'];
	const items = phones.map((phone) => ({ json: { phone } }));
	const fromItem = { phone: '={{ $json.phone }}' };
	const retry = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };
	const sentPhones = (path: string) => requestsTo(path).map((r) => r.query.Phone ?? JSON.parse(r.body).Phone);

	test('Continue On Fail: N items in, N out, paired; refusals before sending and eSMS failures in place', async () => {
		env.sim.addFault({ route: 'SendMessageAutoGenCode_V4_get', mode: 'http5xx', status: 502, match: { Phone: '0901888482' } });
		const { output, run } = await runEsms({
			creds: env.creds,
			parameters: sendCode({ ...fromItem, content: '={{ $json.phone.endsWith("1") ? "no code here" : "{OTP} la ma xac minh dang ky Baotrixemay cua ban" }}' }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(run.status).toBe('success');
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(output.map((o) => (o.json.error ? String(o.json.error) : o.json.phone))).toEqual([
			'0901888480',
			'Invalid "Content" in item 2: it has no {OTP}, where eSMS puts the code',
			'eSMS answered HTTP 502: the eSMS service failed',
			'0901888483',
		]);
		// the 502 said nothing of the outcome: not asked again, and the error says why
		expect(sentPhones(SMS_PATH).sort()).toEqual(['0901888480', '0901888482', '0901888483']);
		expect(output[2].error?.description).toBe(
			'This is a fault on eSMS\'s side or in a proxy in front of it. The answer began: <!DOCTYPE html><html><head><title>Runtime Error</title></head><body><h1>Server Error in \'/\' Application.</h1><p>HTTP 502… ' +
				'eSMS may have made and sent a code to this phone. Ask the person whether it arrived before sending another: a new send makes a new code.',
		);
		// Verify Code the same way
		env.sim.clearFaults();
		env.sim.clearRequests();
		const checked = await runEsms({
			creds: env.creds,
			parameters: verify('={{ $json.phone.endsWith("1") ? "" : "000000" }}', fromItem),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(checked.output.map((o) => (o.json.error ? String(o.json.error) : o.json.valid))).toEqual([false, 'Invalid "Code" in item 2: it is empty', false, false]);
		expect(checked.output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});

	test('a connection dropped after eSMS sent the code: not asked again, the error says the code may have arrived', async () => {
		env.sim.addFault({ route: 'SendMessageAutoGenCode_V4_get', mode: 'acceptThenDrop', times: 1 });
		const { error } = await runEsms({ creds: env.creds, parameters: sendCode(), items: one, settings: retry });
		expect(error?.message).toBe('Not asked again: an earlier try of this node run got no answer from eSMS (eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET))');
		expect(description(error)).toBe(
			'This request takes no Request ID, so eSMS could not recognise a repeat: the node did not send it again. eSMS may have made and sent a code to this phone. Ask the person whether it arrived before sending another: a new send makes a new code.',
		);
		expect(requestsTo(SMS_PATH)).toHaveLength(1);
		expect(env.sim.ledger()).toHaveLength(1);
	});

	test('the first try\'s error (no Retry On Fail) does not promise that a retry is safe', async () => {
		env.sim.addFault({ route: 'SendMessageAutoGenCode_V4_get', mode: 'acceptThenDrop', times: 1 });
		const { error } = await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		expect(error?.message).toBe('eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)');
		expect(description(error)).toBe(
			'No answer came back, so it is unknown whether eSMS received the request. If this keeps happening, check the API base URL in the eSMS credential and the network of your n8n server. eSMS may have made and sent a code to this phone. Ask the person whether it arrived before sending another: a new send makes a new code.',
		);
	});

	test('Retry On Fail after a 160 on one item: the codes eSMS already sent are not sent again, their outputs come back', async () => {
		env.sim.addFault({ route: 'SendMessageAutoGenCode_V4_get', mode: 'rateLimited', times: 1, match: { Phone: '0901888482' } });
		const { output, error } = await runEsms({ creds: env.creds, parameters: sendCode(fromItem), items, settings: retry });
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.phone)).toEqual(phones);
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		// one message per phone; the phone refused with 160 asked twice
		expect(env.sim.ledger().map((e) => e.phone).sort()).toEqual(phones);
		expect(sentPhones(SMS_PATH).sort()).toEqual([...phones, '0901888482'].sort());
		expect(new Set(output.map((o) => o.json.smsId)).size).toBe(4);
		expect(output.map((o) => o.json.smsId).sort()).toEqual(env.sim.ledger().map((e) => e.smsId).sort());
	});

	test('Retry On Fail, Verify Code: a right code checked in the first try stays valid (it is not checked again and found used)', async () => {
		for (const phone of phones.slice(0, 2)) await runEsms({ creds: env.creds, parameters: sendCode({ phone }), items: one });
		env.sim.clearRequests();
		env.sim.addFault({ route: 'CheckCodeGen_V4_get', mode: 'rateLimited', times: 1, match: { Phone: '0901888481' } });
		const two = items.slice(0, 2).map(({ json }) => ({ json: { ...json, typed: env.sim.otpCode(json.phone) } }));
		const { output, error } = await runEsms({ creds: env.creds, parameters: verify('={{ $json.typed }}', fromItem), items: two, settings: retry });
		expect(error).toBeUndefined();
		expect(output.map((o) => [o.json.phone, o.json.valid])).toEqual([
			['0901888480', true],
			['0901888481', true],
		]);
		expect(sentPhones(CHECK_PATH).sort()).toEqual(['0901888480', '0901888481', '0901888481']);
	});

	test('Verify Code: a check whose answer was lost is not asked again, and says the code may be used up', async () => {
		await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		env.sim.addFault({ route: 'CheckCodeGen_V4_get', mode: 'acceptThenDrop', times: 1 });
		const { error } = await runEsms({ creds: env.creds, parameters: verify(env.sim.otpCode('0901888484')), items: one, settings: retry });
		expect(error?.message).toMatch(/^Not asked again: an earlier try of this node run got no answer from eSMS/);
		expect(description(error)).toMatch(/It is unknown whether eSMS checked the code: if it did and the code was right, it is now used up/);
		expect(requestsTo(CHECK_PATH)).toHaveLength(1);
	});

	const many = (prefix: string) => Array.from({ length: 30 }, (_, i) => ({ json: { phone: `${prefix}${String(i).padStart(2, '0')}` } }));
	const dropFor = (...list: string[]) => {
		for (const phone of list) env.sim.addFault({ route: 'SendMessageAutoGenCode_V4_get', mode: 'acceptThenDrop', times: 1, match: { Phone: phone } });
	};

	test('30 codes, Continue On Fail, two connections dropped after eSMS sent: one message per phone, the two in error saying so', async () => {
		dropFor('0901888505', '0901888517');
		const { output, run } = await runEsms({ creds: env.creds, parameters: sendCode(fromItem), items: many('09018885'), settings: { ...retry, onError: 'continueRegularOutput' } });
		expect(run.status).toBe('success');
		expect(output.map((o) => o.pairedItem)).toEqual(many('x').map((_, item) => ({ item })));
		const ledger = env.sim.ledger().map((e) => e.phone);
		expect(ledger.sort()).toEqual(many('09018885').map((i) => i.json.phone));
		expect(sentPhones(SMS_PATH)).toHaveLength(30);
		expect(output.filter((o) => o.json.error).map((o) => o.pairedItem)).toEqual([{ item: 5 }, { item: 17 }]);
		for (const f of output.filter((o) => o.json.error)) expect(f.error?.description).toMatch(/eSMS may have made and sent a code to this phone/);
	}, 60_000);

	test('30 codes, Retry On Fail under Stop Workflow, drops and a 160: each phone asked at most once over all tries, the node fails naming the lost one', async () => {
		dropFor('0901888605', '0901888617');
		env.sim.addFault({ route: 'SendMessageAutoGenCode_V4_get', mode: 'rateLimited', times: 1, match: { Phone: '0901888609' } });
		const { error } = await runEsms({ creds: env.creds, parameters: sendCode(fromItem), items: many('09018886'), settings: retry });
		const asked = sentPhones(SMS_PATH).filter((p) => p !== '0901888609');
		expect(new Set(asked).size).toBe(asked.length);
		const ledger = env.sim.ledger().map((e) => e.phone);
		expect(new Set(ledger).size).toBe(ledger.length);
		expect(error?.message).toMatch(/^Not asked again: an earlier try of this node run got no answer from eSMS/);
	}, 60_000);
});

describe('canaries: the keys never reach an output or an error', () => {
	const KEY = 'CANARYKEYotp5b1c';
	const SECRET = 'CANARYSECRETotp22de';
	test.each([
		['send', {}, sendCode()],
		['send, Zalo then SMS', {}, zaloThenSms()],
		['create only', {}, zaloThenSms({ codeAction: 'createOnly' })],
		['verify', {}, verify('123456')],
		['dropped send', { route: 'SendMessageAutoGenCode_V4_get', mode: 'reset' }, sendCode()],
		['HTML instead of JSON', { route: 'CheckCodeGen_V4_get', mode: 'html' }, verify('123456')],
		['malformed JSON', { route: 'SendMessageAutoGenCode_V5', mode: 'malformedJson' }, zaloThenSms()],
	])('%s', async (_name, fault, parameters) => {
		env.sim.addAccount({ apiKey: KEY, secretKey: SECRET });
		if ('mode' in fault) env.sim.addFault(fault);
		const creds = { ...env.creds, apiKey: KEY, secretKey: SECRET };
		const { run, output } = await runEsms({ creds, parameters, items: one, settings: { onError: 'continueRegularOutput', retryOnFail: true, maxTries: 2, waitBetweenTries: 0 } });
		const seen = JSON.stringify({ run, output, errors: output.map((o) => o.error && { ...o.error, description: o.error.description, stack: o.error.stack }) });
		expect(seen.length).toBeGreaterThan(100);
		expect(seen).not.toContain(KEY);
		expect(seen).not.toContain(SECRET);
		expect(env.sim.requests().length).toBeGreaterThan(0);
	}, 30_000);
});

describe('the simulator answers as the pages document, byte for byte', () => {
	const KEY_QUERY = { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' };

	test('GENCODE (SMS and Zalo then SMS): 100 and 101', async () => {
		env.sim.queueSmsIds('d533459ee42b2b9525ba9eabf6a8156', 'd533459ee42b2b9525ba9eabf6a8156');
		const ok = await simGet(env.sim.restUrl, 'SendMessageAutoGenCode_V4_get', {
			Phone: '0901888484',
			...KEY_QUERY,
			TimeAlive: '2',
			Brandname: 'Baotrixemay',
			Type: '2',
			message: TEXT,
		});
		const documented100 = compact(`{
    "CodeResult": "100",
    "CountRegenerate": 0,
    "SMSID": "d533459ee42b2b9525ba9eabf6a8156"
}`);
		expect(ok).toEqual({ status: 200, type: 'application/json; charset=utf-8', text: documented100 });
		// without IsNumber: letters and digits, 6 of them (the pages' example code is 1NTTJ6)
		expect(env.sim.otpCode('0901888484')).toMatch(/^[A-Z0-9]{6}$/);
		const zalo = await simPost(env.sim.restUrl, 'SendMessageAutoGenCode_V5', { ...KEY_QUERY, Phone: '0901888484', TimeAlive: '2', MultiChannelTempId: '22575', TypeId: '2' });
		expect(zalo.text).toBe(documented100);
		const documented101 = compact(`{
    "CodeResult": "101",
    "CountRegenerate": 0,
    "ErrorMessage": "Authorize Failed"
}`);
		const wrong = { ApiKey: 'DEMO_API_KEY', SecretKey: 'WRONG' };
		expect((await simGet(env.sim.restUrl, 'SendMessageAutoGenCode_V4_get', { Phone: '0901888484', ...wrong, Brandname: 'Baotrixemay', Type: '2', message: TEXT })).text).toBe(documented101);
		expect((await simPost(env.sim.restUrl, 'SendMessageAutoGenCode_V5', { ...wrong, Phone: '0901888484', TimeAlive: '2', MultiChannelTempId: '22575', TypeId: '2' })).text).toBe(documented101);
		expect((await simGet(env.sim.restUrl, 'CheckCodeGen_V4_get', { ...wrong, Phone: '0901888484', Code: '1NTTJ6' })).text).toBe(documented101);
	});

	test('CHECKCODE: 117 for a wrong code, 100 for the right one, 117 again once used; outside the lifetime bounds, an invalid request', async () => {
		const check = (Code: string) => simGet(env.sim.restUrl, 'CheckCodeGen_V4_get', { ...KEY_QUERY, Phone: '0901888484', Code });
		await simGet(env.sim.restUrl, 'SendMessageAutoGenCode_V4_get', { Phone: '0901888484', ...KEY_QUERY, TimeAlive: '2', Brandname: 'Baotrixemay', Type: '2', message: TEXT });
		const code = env.sim.otpCode('0901888484')!;
		expect((await check('1NTTJ6')).text).toBe(
			compact(`{
    "CodeResult": "117",
    "CountRegenerate": 0,
    "ErrorMessage": "0901888484, Content: 1NTTJ6 Code Invalid"
}`),
		);
		expect((await check(code)).text).toBe(
			compact(`{
 "CodeResult": "100",
 "CountRegenerate": 0,
 "ErrorMessage": "0901888484, Content: Success!"
}`),
		);
		expect(JSON.parse((await check(code)).text).CodeResult).toBe('117');
		const tooLong = await simGet(env.sim.restUrl, 'SendMessageAutoGenCode_V4_get', { Phone: '0901888484', ...KEY_QUERY, TimeAlive: '11', Brandname: 'Baotrixemay', Type: '2', message: TEXT });
		expect(tooLong.text).toBe('{"error":"Invalid request"}');
	});

	test('the control API over HTTP: the code of a phone, and 171 instead of 117', async () => {
		await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		const read = await fetch(`${env.sim.restUrl}/_sim/otp-code?phone=0901888484`);
		expect(await read.json()).toEqual({ code: env.sim.otpCode('0901888484') });
		expect(await (await fetch(`${env.sim.restUrl}/_sim/otp-code?phone=0912345678`)).json()).toEqual({ code: null });
		await fetch(`${env.sim.restUrl}/_sim/otp-invalid-code`, { method: 'POST', body: JSON.stringify({ code: '171' }) });
		const { output } = await runEsms({ creds: env.creds, parameters: verify('000000'), items: one });
		expect(output[0].json).toMatchObject({ valid: false, esmsCode: '171' });
	});
});

describe('after Send Code', () => {
	test('Zalo, then SMS: Zalo Message → Get Status reads the smsId of a code sent by Zalo; SMS → Get Status that of one sent by SMS', async () => {
		const byZalo = await runEsms({ creds: env.creds, parameters: zaloThenSms(), items: one });
		const bySms = await runEsms({ creds: env.creds, parameters: zaloThenSms({ phone: '0977000000' }), items: one });
		env.sim.advance(3500);
		const zalo = await runEsms({ creds: env.creds, parameters: { resource: 'zaloMessage', operation: 'getStatus' }, items: byZalo.output });
		expect(zalo.error).toBeUndefined();
		expect(zalo.output[0].json).toMatchObject({ smsId: byZalo.output[0].json.smsId, isFinal: true });
		const sms = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus' }, items: bySms.output });
		expect(sms.output[0].json).toMatchObject({ smsId: bySms.output[0].json.smsId, isFinal: true, result: 'success' });
	});

	test('SMS → Get Status reads its smsId with no setup', async () => {
		const sent = await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		env.sim.advance(3500);
		const { output, error } = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus' }, items: sent.output });
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ smsId: sent.output[0].json.smsId, isFinal: true, result: 'success', totalPrice: 850 });
	});
});

describe('a character SMS cannot carry, in an operation with no Unicode field (tester finding)', () => {
	test('Send Code: the fix does not tell the user to turn on a Unicode the operation does not have', async () => {
		const { error } = await runEsms({ creds: env.creds, parameters: sendCode({ content: '{OTP} la ma xac minh dang ky Baotrixemay cua ban 😀' }), items: one });
		expect(error?.message).toBe('Invalid "Content" in item 1: without Unicode, these characters would reach the phone mangled: 😀');
		expect((error as { description?: string }).description).toBe(
			'Nothing was sent to eSMS for this item. Remove these characters, or replace them with plain letters and punctuation: this send has no Unicode.',
		);
		expect(env.sim.requests()).toEqual([]);
	});
});

describe('eSMS does not answer (tester finding): a person is waiting, and the code lives minutes', () => {
	test('Verify Code gives up after OTP_TIMEOUT_MS, not n8n\'s 5 minutes, and does not ask again', async () => {
		env.sim.addFault({ route: 'CheckCodeGen_V4_get', mode: 'timeout' });
		const { error } = await runEsms({ creds: env.creds, parameters: verify('123456'), items: one });
		// the fault never answers: only the request's own timeout ends it, within this test's limit (n8n's own is 300 s)
		expect(error?.message).toBe('eSMS could not be reached: the request timed out (ECONNABORTED)');
		expect((error as { description?: string }).description).toBe(
			'No answer came back, so it is unknown whether eSMS received the request. If this keeps happening, check the API base URL in the eSMS credential and the network of your n8n server. It is unknown whether eSMS checked the code: if it did and the code was right, it is now used up, and a new check would answer that it is invalid. Send a new code (OTP → Send Code) and ask the person for it.',
		);
		expect(env.sim.requests().filter((r) => r.path.endsWith('CheckCodeGen_V4_get'))).toHaveLength(1);
		// the test's own limit, well under n8n's 300 s default: it ends in time only if OTP_TIMEOUT_MS applied
	}, OTP_TIMEOUT_MS * 5);
});
