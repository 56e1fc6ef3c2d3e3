/**
 * Issue 21, through n8n-core's real engine against the simulator over HTTP: dates and times in
 * Vietnam time whatever the workflow's zone (typed and picked values, Z, +00:00, +07:00, date-only
 * strings, JavaScript Dates, Luxon DateTimes), Vietnamese text in decomposed form (NFD), white space
 * around a brandname text, and Zalo's failure codes. The properties of each kind are in
 * test/fuzz.test.ts; the pure examples in test/templates.test.ts and test/mappers.test.ts.
 */
import { runEsms } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();

const ZONES = ['America/New_York', 'America/Los_Angeles', 'UTC', 'Asia/Ho_Chi_Minh'];
const API = '/MainService.svc/json/';
const list = (value: string) => ({ __rl: true, mode: 'list', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const one = [{ json: {} }];
const sends = (op: string) => env.sim.requests().filter((r) => r.path === `${API}${op}`);
const description = (e: unknown) => (e as { description?: string } | undefined)?.description ?? '';

const sms = (p: Record<string, unknown> = {}) => ({
	resource: 'sms',
	operation: 'sendFixedNumber',
	phone: '0901888484',
	content: 'Hello',
	...p,
});
/** Send ZNS with template 200607 (esms-api/ham-gui-tin/tin-nhan-zalo.md's example). */
const DOC_DATA = {
	customer_name: 'Đinh Thái Hà',
	order_code: 'HD00001',
	product_name: 'Gói duy trì OA Zalo Premium 1 năm',
	quantity: '1',
	payment_amount: '4308000',
	delivery_date: '01/08/2024',
};
const zns = (data: Record<string, unknown>, p: Record<string, unknown> = {}) => ({
	resource: 'zaloMessage',
	operation: 'sendZns',
	zaloOa: list('4097311281936189049'),
	znsTemplate: byId('200607'),
	znsTemplateParams: { mappingMode: 'defineBelow', value: { ...DOC_DATA, ...data } },
	phone: '0901888484',
	...p,
});
const brandnameText = (text: string, p: Record<string, unknown> = {}) => ({
	resource: 'sms',
	operation: 'sendBrandname',
	phone: '0901888484',
	brandname: list('Baotrixemay'),
	contentSource: 'text',
	text,
	...p,
});
const brandnameTemplate = (templateId: string, values: Record<string, unknown>, phone = '0901888484') => ({
	resource: 'sms',
	operation: 'sendBrandname',
	phone,
	brandname: list('Baotrixemay'),
	contentSource: 'template',
	smsTemplate: list(templateId),
	smsTemplateParams: { mappingMode: 'defineBelow', value: values },
});

describe('§1 Send Date: Vietnam time, whatever the workflow\'s time zone', () => {
	const run = async (sendDate: unknown, timezone: string, parameters = sms) => {
		env.sim.clearRequests();
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: parameters({ options: { sandbox: true, sendDate } }),
			items: one,
			workflowSettings: { timezone },
		});
		return { output, error, request: env.sim.requests().at(-1) };
	};

	describe.each(ZONES)('workflow zone %s', (zone) => {
		test.each([
			// what the editor's date picker stores: the picked wall time, no offset (n8n-editor-ui value-format YYYY-MM-DDTHH:mm:ss)
			['picked in the editor', '2030-12-10T08:00:00'],
			['typed day first', '10/12/2030 08:00'],
			['typed day first, short', '10/12/2030 8:00'],
			['typed yyyy-MM-dd', '2030-12-10 08:00'],
			['typed yyyy-MM-dd, short hour', '2030-12-10 8:00'],
			['with Z', '2030-12-10T01:00:00Z'],
			['with +00:00', '2030-12-10T01:00:00+00:00'],
			['with +07:00', '2030-12-10T08:00:00+07:00'],
			['with New York\'s offset', '2030-12-09T20:00:00-05:00'],
			['a JavaScript Date', "={{ new Date('2030-12-10T01:00:00Z') }}"],
			['a Luxon DateTime in New York', "={{ DateTime.fromISO('2030-12-09T20:00:00', { zone: 'America/New_York' }) }}"],
			['a Luxon DateTime in Vietnam', "={{ DateTime.fromISO('2030-12-10T08:00:00', { zone: 'Asia/Ho_Chi_Minh' }) }}"],
		])('%s (%s) is sent as 08:00 in Vietnam, and the output says +07:00', async (_name, value) => {
			const { output, error, request } = await run(value, zone);
			expect(error).toBeUndefined();
			expect(request?.query.SendDate).toBe('2030-12-10 08:00:00');
			expect(output[0].json.sendDate).toBe('2030-12-10T08:00:00+07:00');
		});

		test('a date without a time is refused, naming the field; nothing is sent', async () => {
			const { error, request } = await run('2030-12-10', zone);
			expect(error?.message).toBe('Invalid "Send Date" in item 1: "2030-12-10" has a date but no time');
			expect(request).toBeUndefined();
		});

		test('a past time is shown as typed, in Vietnam time', async () => {
			const { error } = await run('2020-12-10T08:00:00', zone);
			expect(error?.message).toBe('Invalid "Send Date" in item 1: 2020-12-10 08:00:00 (Vietnam time) is in the past');
		});

		test('the voice API gets the same time in its own form', async () => {
			const call = (p: Record<string, unknown>) => ({ resource: 'voiceCall', operation: 'makeCall', recordingId: '12345', phone: '0901888484', ...p });
			env.sim.clearRequests();
			const { output, error } = await runEsms({
				creds: env.creds,
				parameters: call({ options: { sendDate: '2030-12-10T08:00:00' } }),
				items: one,
				workflowSettings: { timezone: zone },
			});
			expect(error).toBeUndefined();
			expect(env.sim.requests().at(-1)?.query.SendDate).toBe('2030/12/10 08:00:00');
			expect(output[0].json.sendDate).toBe('2030-12-10T08:00:00+07:00');
		});
	});

	test('the issue\'s example: picked 08:00 on an instance at n8n\'s default zone is sent at 08:00, not 20:00', async () => {
		// a workflow without a Timezone setting runs in n8n's default, America/New_York
		env.sim.clearRequests();
		const { output, error } = await runEsms({ creds: env.creds, parameters: sms({ options: { sandbox: true, sendDate: '2030-12-10T08:00:00' } }), items: one });
		expect(error).toBeUndefined();
		expect(env.sim.requests()[0].query.SendDate).toBe('2030-12-10 08:00:00');
		expect(output[0].json.sendDate).toBe('2030-12-10T08:00:00+07:00');
	});
});

describe('§1 a ZNS DATE parameter is the day the customer reads in Vietnam', () => {
	describe.each(ZONES)('workflow zone %s', (zone) => {
		test.each([
			['the issue\'s date from JSON or a database', '2026-12-05T00:00:00.000Z'],
			['the same instant written +00:00', '2026-12-05T00:00:00+00:00'],
			['the same day at +07:00', '2026-12-05T00:00:00+07:00'],
			['d/M/yyyy, day first', '5/12/2026'],
			['dd/MM/yyyy', '05/12/2026'],
			['a date alone', '2026-12-05'],
			['new Date("2026-12-05") from an expression', "={{ new Date('2026-12-05') }}"],
			['a Luxon DateTime at midnight in Los Angeles', "={{ DateTime.fromISO('2026-12-05', { zone: 'America/Los_Angeles' }) }}"],
			['a Luxon DateTime at midnight in Vietnam', "={{ DateTime.fromISO('2026-12-05', { zone: 'Asia/Ho_Chi_Minh' }) }}"],
		])('%s (%s) is sent as 05/12/2026', async (_name, value) => {
			env.sim.clearRequests();
			const { output, error } = await runEsms({ creds: env.creds, parameters: zns({ delivery_date: value }), items: one, workflowSettings: { timezone: zone } });
			expect(error).toBeUndefined();
			expect(JSON.parse(sends('SendZaloMessage_V6/')[0].body).TempData.delivery_date).toBe('05/12/2026');
			expect((output[0].json.templateData as Record<string, string>).delivery_date).toBe('05/12/2026');
		});
	});

	test('mapped automatically from an item whose date a database gave as an instant', async () => {
		env.sim.clearRequests();
		await runEsms({
			creds: env.creds,
			parameters: zns({}, { znsTemplateParams: { mappingMode: 'autoMapInputData', value: null } }),
			items: [{ json: { ...DOC_DATA, delivery_date: '2026-12-05T00:00:00.000Z' } }],
		});
		expect(JSON.parse(sends('SendZaloMessage_V6/')[0].body).TempData.delivery_date).toBe('05/12/2026');
	});
});

describe('§2 Vietnamese text in decomposed form (NFD) is counted and sent composed (NFC)', () => {
	const NAME = 'Nguyễn Thị Phương Thảo Nguyên';

	test('a ZNS customer_name of 29 letters fits the template\'s 30, and is sent composed', async () => {
		const nfd = NAME.normalize('NFD');
		expect([NAME.length, nfd.length]).toEqual([29, 36]);
		env.sim.clearRequests();
		const { output, error } = await runEsms({ creds: env.creds, parameters: zns({ customer_name: nfd }), items: one });
		expect(error).toBeUndefined();
		expect(JSON.parse(sends('SendZaloMessage_V6/')[0].body).TempData.customer_name).toBe(NAME);
		expect((output[0].json.templateData as Record<string, string>).customer_name).toBe(NAME);
	});

	test('a ZNS value over its limit says how it is counted', async () => {
		const { error } = await runEsms({ creds: env.creds, parameters: zns({ customer_name: `${NAME} Anh`.normalize('NFD') }), items: one });
		expect(error?.message).toBe(
			'Invalid template parameter "customer_name" in item 1: it has 33 characters (UTF-16 units, as eSMS counts: an emoji is 2) and the template allows at most 30',
		);
	});

	test('a brandname parameter {P2,20} holding ĐH-Hà Nội-000123456 (19 letters) in NFD is accepted, and the text sent composed', async () => {
		const order = 'ĐH-Hà Nội-000123456';
		env.sim.clearRequests();
		// template 466 is Viettel's; 0961… is a Viettel number
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: { ...brandnameTemplate('466', { P1: '500000', P2: order.normalize('NFD') }, '0961888484'), unicode: true },
			items: one,
		});
		expect(error).toBeUndefined();
		const sent = `Baotrixemay: da nhan 500000 VND cho don hang ${order}. Cam on quy khach!`;
		expect(JSON.parse(sends('SendMultipleMessage_V4_post_json/')[0].body).Content).toBe(sent);
		expect(output[0].json.content).toBe(sent);
	});

	test('an SMS Content is counted and sent composed', async () => {
		env.sim.clearRequests();
		const content = `Chào ${NAME}`;
		const { output } = await runEsms({ creds: env.creds, parameters: sms({ content: content.normalize('NFD'), unicode: true, options: { sandbox: true } }), items: one });
		expect(env.sim.requests()[0].query.Content).toBe(content);
		expect(output[0].json).toMatchObject({ content, segments: 1 });
	});

	test('a TTS variable is sent composed', async () => {
		env.sim.clearRequests();
		const { error } = await runEsms({
			creds: env.creds,
			parameters: { resource: 'voiceCall', operation: 'makeTextToSpeechCall', templateId: '5001', phone: '0901888484', variables: { variable: [{ value: NAME.normalize('NFD') }, { value: 'HD1' }] } },
			items: one,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests().at(-1)?.query.VariableListStr).toBe(`${NAME}||HD1`);
	});

	test('the SMS fallback text is sent composed, and matched against the brandname\'s template', async () => {
		env.sim.clearRequests();
		const { error } = await runEsms({
			creds: env.creds,
			parameters: {
				resource: 'zaloMessage',
				operation: 'sendZnsWithSmsFallback',
				zaloOa: list('4097311281936189049'),
				znsTemplate: list('267247'),
				znsTemplateParams: { mappingMode: 'defineBelow', value: { customer_name: NAME.normalize('NFD'), product_name: 'Gói', order_code: 'HD1', date: '01/08/2024' } },
				phone: '0901888484',
				brandname: list('Baotrixemay'),
				content: 'Mã1 la ma xac minh dang ky Baotrixemay cua ban\r\n'.normalize('NFD'),
				unicode: true,
			},
			items: one,
		});
		expect(error).toBeUndefined();
		const [zalo, text] = JSON.parse(sends('MultiChannelMessage/')[0].body).Data;
		expect(zalo.Params[0]).toBe(NAME);
		expect(text.Content).toBe('Mã1 la ma xac minh dang ky Baotrixemay cua ban');
	});
});

describe('§3 white space around a brandname text', () => {
	const OTP = '2803 la ma xac minh dang ky Baotrixemay cua ban';

	test.each([
		['a line break after it (a multi-line field, a sheet cell)', `${OTP}\n`],
		['a Windows line break after it', `${OTP}\r\n`],
		['spaces and a line break around it', `  ${OTP} \n`],
	])('%s: it matches its template, and is sent as matched', async (_name, text) => {
		env.sim.clearRequests();
		const { output, error } = await runEsms({ creds: env.creds, parameters: brandnameText(text), items: one });
		expect(error).toBeUndefined();
		expect(JSON.parse(sends('SendMultipleMessage_V4_post_json/')[0].body).Content).toBe(OTP);
		expect(output[0].json).toMatchObject({ content: OTP, templateId: expect.any(String) });
	});

	test('a line break where the template has a space is still refused, and the error names the space', async () => {
		const { error } = await runEsms({
			creds: env.creds,
			parameters: brandnameText('Cam on quy khach da su dung dich vu cua chung toi.\nChuc quy khach mot ngay tot lanh!'),
			items: one,
		});
		expect(error?.message).toBe(
			'Invalid "Content" in item 1: it matches no customer-care template of brandname Baotrixemay: after "su dung dich vu cua chung toi." the template continues with a space, "Chuc quy khach mot ngay tot lanh!"',
		);
		expect(sends('SendMultipleMessage_V4_post_json/')).toEqual([]);
	});

	test('an error names the white space it quotes instead of printing it', async () => {
		const { error } = await runEsms({
			creds: env.creds,
			parameters: brandnameText(`Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!\n\nHen gap lai`),
			items: one,
		});
		expect(error?.message).toBe(
			'Invalid "Content" in item 1: it matches no customer-care template of brandname Baotrixemay: the text goes on after the end of the template: 2 line breaks, "Hen gap lai"',
		);
		expect(description(error)).toContain('Closest template');
	});
});

describe('§4 Zalo failure codes are named, with what to do', () => {
	test.each([
		['-114', 'The user is inactive, refused the message (blocked the OA or turned off ZNS), uses an outdated Zalo version, or Zalo had an internal error'],
		['-115', 'The OA\'s ZNS quota or balance is used up (Zalo\'s "Out of quota")'],
		['-108', 'Zalo found the phone number invalid'],
		['-2024', 'Zalo error -2024'],
	])('Get Status of a ZNS that failed with %s', async (code, label) => {
		const smsId = `ZNS${code}`;
		env.sim.injectMessage({ smsId, kind: 'zalo', outcome: { result: 'failed', errorInfo: code } });
		const { output } = await runEsms({ creds: env.creds, parameters: { resource: 'zaloMessage', operation: 'getStatus' }, items: [{ json: { smsId } }] });
		expect(output[0].json).toMatchObject({ isFinal: true, result: 'failed', errorInfo: code, errorInfoLabel: label });
		expect(String(output[0].json.errorInfoAction)).toMatch(/\w{3}/);
	});
});
