/**
 * OTP → Send Code and OTP → Verify Code: the built node through n8n-core's real engine, against the
 * simulator over HTTP, whose codes live on its clock (valid once, within their lifetime).
 */
import { runEsms } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();

const SMS_PATH = '/MainService.svc/json/SendMessageAutoGenCode_V4_get';
const ZALO_PATH = '/MainService.svc/json/SendMessageAutoGenCode_V5';
const CHECK_PATH = '/MainService.svc/json/CheckCodeGen_V4_get';
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
	test('one GET with exactly these parameters; the output has what the next step needs and never the code', async () => {
		env.sim.queueSmsIds('d533459ee42b2b9525ba9eabf6a8156');
		const before = Date.now();
		const { output, error } = await runEsms({ creds: env.creds, parameters: sendCode(), items: one });
		expect(error).toBeUndefined();
		expect(env.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${SMS_PATH}`]);
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
		expect(output[0].json).toMatchObject({ phone: '0961234567', lifetimeMinutes: 10, codeLength: 8, codeType: 'lettersAndDigits', content: TEXT });
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
