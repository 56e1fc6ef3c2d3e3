/**
 * SMS → Send Brandname SMS and SMS → Estimate Brandname SMS Price: the built node through n8n-core's
 * real engine, against the simulator over HTTP (which matches templates as eSMS does: 146 with an
 * SMSID, templates by network).
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { Esms } from '../nodes/Esms/Esms.node';
import { mergeSharedFields } from '../nodes/Esms/shared/mergeFields';
import { runEsms } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();

const SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';
const TEMPLATE_PATH = '/MainService.svc/json/GetTemplate/';
const ESTIMATE_PATH = '/MainService.svc/json/SummaryMultipleMessage_V4_get';
const OTP_TEXT = '{P1,8} la ma xac minh dang ky Baotrixemay cua ban';
const PAYMENT_VIETTEL = 'Baotrixemay: da nhan {P1,20} VND cho don hang {P2,20}. Cam on quy khach!';

const byList = (value: string) => ({ __rl: true, mode: 'list', value });
const params = (value: Record<string, unknown>) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: [],
	attemptToConvertTypes: false,
	convertFieldsToString: true,
});
/** Send by template 458 (the OTP template of the docs' example) to a Mobifone number. */
const send = (p: Record<string, unknown> = {}) => ({
	resource: 'sms',
	operation: 'sendBrandname',
	phone: '0901888484',
	brandname: byList('Baotrixemay'),
	contentSource: 'template',
	smsTemplate: byList('458'),
	smsTemplateParams: params({ P1: '2803' }),
	...p,
});
const sendText = (content: string, p: Record<string, unknown> = {}) =>
	send({ contentSource: 'text', text: content, smsTemplate: undefined, smsTemplateParams: undefined, ...p });
const estimate = (p: Record<string, unknown> = {}) => send({ operation: 'estimateBrandname', ...p });

const one = [{ json: {} }];
const description = (e: unknown) => (e as { description?: string } | undefined)?.description ?? '';
const requestsTo = (path: string) => env.sim.requests().filter((r) => r.path === path);
/** The JSON bodies of the sends, keys left out (checked separately). */
const sentBodies = () =>
	requestsTo(SEND_PATH).map((r) => {
		const { ApiKey, SecretKey, ...rest } = JSON.parse(r.body) as Record<string, unknown>;
		expect([ApiKey, SecretKey]).toEqual(['DEMO_API_KEY', 'DEMO_SECRET_KEY']);
		return rest;
	});

describe('SMS → Send Brandname SMS', () => {
	test('from a template: one template list, one JSON POST with exactly these fields, the flat send output', async () => {
		env.sim.queueSmsIds('d533459ee42b2b9525ba9eabf6a8156');
		const { output, error } = await runEsms({ creds: env.creds, parameters: send(), items: one });
		expect(error).toBeUndefined();
		expect(env.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${TEMPLATE_PATH}`, `POST ${SEND_PATH}`]);
		expect(JSON.parse(requestsTo(TEMPLATE_PATH)[0].body)).toEqual({
			SmsType: '2',
			Brandname: 'Baotrixemay',
			ApiKey: 'DEMO_API_KEY',
			SecretKey: 'DEMO_SECRET_KEY',
		});
		const [request] = requestsTo(SEND_PATH);
		expect(request.query).toEqual({});
		const body = JSON.parse(request.body);
		expect(body).toEqual({
			Phone: '0901888484',
			Content: '2803 la ma xac minh dang ky Baotrixemay cua ban',
			Brandname: 'Baotrixemay',
			SmsType: '2',
			IsUnicode: '0',
			RequestId: expect.stringMatching(/^n8n-[0-9a-f]{32}$/),
			ApiKey: 'DEMO_API_KEY',
			SecretKey: 'DEMO_SECRET_KEY',
		});
		expect(output.map((i) => i.json)).toEqual([
			{
				smsId: 'd533459ee42b2b9525ba9eabf6a8156',
				alreadyAccepted: false,
				phone: '0901888484',
				content: '2803 la ma xac minh dang ky Baotrixemay cua ban',
				unicode: false,
				segments: 1,
				replacedCharacters: [],
				estimatedCost: null,
				requestId: body.RequestId,
				sendDate: null,
				sandbox: false,
				brandname: 'Baotrixemay',
				// the template registered for Mobifone, the phone's network (458 is Viettel's copy)
				templateId: '459',
			},
		]);
		expect(env.sim.ledger()).toMatchObject([{ smsId: 'd533459ee42b2b9525ba9eabf6a8156', smsType: 2, brandname: 'Baotrixemay', phone: '0901888484' }]);
	});

	test('free text, every option: Unicode, Callback URL, own Request ID, Send Date in Vietnam time, Sandbox, Price per Part', async () => {
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: sendText('Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!', {
				phone: '+84 96-123.4567',
				unicode: true,
				options: {
					callbackUrl: 'https://example.com/hook?token=abc',
					requestId: 'order-42',
					sendDate: '2099-01-02T03:04:05.000Z',
					sandbox: true,
					pricePerPart: 850,
				},
			}),
			items: one,
		});
		expect(error).toBeUndefined();
		expect(sentBodies()).toEqual([
			{
				Phone: '0961234567',
				Content: 'Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!',
				Brandname: 'Baotrixemay',
				SmsType: '2',
				IsUnicode: '1',
				RequestId: 'order-42',
				SendDate: '2099-01-02 10:04:05',
				CallbackUrl: 'https://example.com/hook?token=abc',
				Sandbox: '1',
			},
		]);
		expect(output[0].json).toMatchObject({
			phone: '0961234567',
			unicode: true,
			segments: 2,
			estimatedCost: 1700,
			requestId: 'order-42',
			sendDate: '2099-01-02T10:04:05+07:00',
			sandbox: true,
			templateId: '12640',
		});
		expect(env.sim.ledger()).toHaveLength(0);
	});

	test('without Unicode, diacritics are removed before the template check; the output shows the text sent', async () => {
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: send({ smsTemplate: byList('467'), smsTemplateParams: params({ P1: '500.000', P2: 'ĐH-12' }) }),
			items: one,
		});
		expect(error).toBeUndefined();
		const content = 'Baotrixemay da nhan duoc so tien thanh toan 500.000 VND cho don hang DH-12. Cam on quy khach!';
		expect(sentBodies()[0].Content).toBe(content);
		expect(output[0].json).toMatchObject({ content, replacedCharacters: [], templateId: '467' });
	});

	test('N items: the template list is read once for the run; each item has its own text and Request ID, in order', async () => {
		const items = ['1001', '1002', '1003', '1004', '1005'].map((code, i) => ({ json: { code, phone: `090188848${i}` } }));
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: send({ phone: '={{ $json.phone }}', smsTemplateParams: params({ P1: '={{ $json.code }}' }) }),
			items,
		});
		expect(error).toBeUndefined();
		expect(requestsTo(TEMPLATE_PATH)).toHaveLength(1);
		expect(requestsTo(SEND_PATH)).toHaveLength(5);
		expect(output.map((o) => [o.json.phone, o.json.content])).toEqual(
			items.map(({ json }) => [json.phone, `${json.code} la ma xac minh dang ky Baotrixemay cua ban`]),
		);
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(new Set(output.map((o) => o.json.requestId)).size).toBe(5);
		// a second run reads the list again: cached per run, never across runs
		await runEsms({ creds: env.creds, parameters: send(), items: one });
		expect(requestsTo(TEMPLATE_PATH)).toHaveLength(2);
	});

	test('a text that matches no template fails that item before any send, showing the closest template; the others are sent', async () => {
		const items = ['1234 la ma xac minh dang ky Baotrixemay cua ban', '123456789 la ma xac minh dang ky Baotrixemay cua ban', 'Ma OTP cua ban la 1234'].map(
			(text) => ({ json: { text } }),
		);
		const { output, run } = await runEsms({
			creds: env.creds,
			parameters: sendText('={{ $json.text }}'),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(run.status).toBe('success');
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({ alreadyAccepted: false, templateId: '459' });
		expect(output.slice(1).map((o) => o.json.error)).toEqual([
			'Invalid "Content" in item 2: it matches no customer-care template of brandname Baotrixemay: the text in place of {P1,8} has 9 characters (UTF-16 units, as eSMS counts: an emoji is 2), and the template allows at most 8',
			expect.stringMatching(/^Invalid "Content" in item 3: it matches no customer-care template of brandname Baotrixemay: /),
		]);
		const { error } = await runEsms({ creds: env.creds, parameters: sendText('123456789 la ma xac minh dang ky Baotrixemay cua ban'), items: one });
		expect(description(error)).toBe(
			`Nothing was sent to eSMS for this item. eSMS sends customer-care SMS only with the exact text of a registered template, where each {Pn,max} stands for 1 to max characters: set Content Source to Template and pick one, or copy one from Account → Get SMS Templates. Closest template (ID 459, Mobifone): "${OTP_TEXT}".`,
		);
		expect(sentBodies()).toHaveLength(1);
	});

	test("templates by network: a Viettel number with the other networks' wording fails before eSMS can answer 146", async () => {
		const content = 'Baotrixemay da nhan duoc so tien thanh toan 500000 VND cho don hang DH1. Cam on quy khach!';
		const { error } = await runEsms({ creds: env.creds, parameters: sendText(content, { phone: '0961234567' }), items: one });
		expect(error?.message).toBe(
			"Invalid \"Content\" in item 1: it matches no customer-care template of brandname Baotrixemay: it matches template 467, which is registered for Mobifone but not for Viettel, the phone's network; Viettel's is template 466",
		);
		// the template to use instead, and where to find them all
		expect(description(error)).toContain(`Closest template (ID 466, Viettel): "${PAYMENT_VIETTEL}"`);
		expect(description(error)).toContain('Account → Get SMS Templates');
		expect(requestsTo(SEND_PATH)).toHaveLength(0);
		// "For Any Network" lets it through, and eSMS (which knows the network) refuses it: 146 with its SMSID
		env.sim.queueSmsIds('3f5ec8c71c4a4ccea311f731dfeaa133156');
		const any = await runEsms({ creds: env.creds, parameters: sendText(content, { phone: '0961234567', options: { templateCheck: 'anyNetwork' } }), items: one });
		expect(any.error?.message).toBe('eSMS error 146: the content does not match a registered customer-care template');
		expect(description(any.error)).toBe(
			'Use the exact text of a template registered for your Brandname, with only the variable parts changed. eSMS said: "Sai template Brandname CSKH". The node found the text matching template 467 (Mobifone) in the account\'s list; eSMS may place this number on another network (a number moved to another network keeps its prefix: set Template Check to "For Any Network" to check for any network), or the template may no longer be active. eSMS recorded the refused message as SMSID 3f5ec8c71c4a4ccea311f731dfeaa133156.',
		);
		expect(env.sim.ledger()).toHaveLength(0);
	});

	test('Template Check off: no template list is read, and a wrong text gets eSMS\'s 146 with its SMSID', async () => {
		env.sim.queueSmsIds('3f5ec8c71c4a4ccea311f731dfeaa133156');
		const { error } = await runEsms({ creds: env.creds, parameters: sendText('Ma OTP: 1234', { options: { templateCheck: 'off' } }), items: one });
		expect(requestsTo(TEMPLATE_PATH)).toHaveLength(0);
		expect(error?.message).toBe('eSMS error 146: the content does not match a registered customer-care template');
		expect(description(error)).toMatch(/The node did not check the text \(Template Check is Off\)\. eSMS recorded the refused message as SMSID 3f5ec8c71c4a4ccea311f731dfeaa133156\.$/);
	});

	describe('every documented error', () => {
		test('104: a brandname that is not a customer-care brandname of the account (from the template list, and from the send)', async () => {
			const { error } = await runEsms({ creds: env.creds, parameters: sendText('Hello', { brandname: byList('QC_ONLINE') }), items: one });
			expect(error?.message).toBe('eSMS error 104: the Brandname or call code does not exist');
			expect(description(error)).toBe(
				'Use a Brandname or voice template registered to this account (see account.esms.vn). Names are case-sensitive. eSMS said: "Brand name code is not exist".',
			);
			expect(requestsTo(SEND_PATH)).toHaveLength(0);
			const off = await runEsms({
				creds: env.creds,
				parameters: sendText('Hello', { brandname: { __rl: true, mode: 'id', value: 'NoSuchBrand' }, options: { templateCheck: 'off' } }),
				items: one,
			});
			expect(off.error?.message).toBe('eSMS error 104: the Brandname or call code does not exist');
			expect(JSON.parse(requestsTo(SEND_PATH)[0].body).Brandname).toBe('NoSuchBrand');
		});

		test('101: wrong keys, before and without the template check', async () => {
			const creds = { ...env.creds, secretKey: 'WRONG' };
			for (const options of [{}, { templateCheck: 'off' }]) {
				const { error } = await runEsms({ creds, parameters: sendText(OTP_TEXT.replace('{P1,8}', '1'), { options }), items: one });
				expect(error?.message).toBe('eSMS error 101: API Key or Secret Key is wrong');
			}
			expect(env.sim.requests().map((r) => r.path)).toEqual([TEMPLATE_PATH, SEND_PATH]);
		});

		test('124: a repeated automatic Request ID is reported as already accepted, with no SMSID; the user\'s own ID repeated is an error', async () => {
			const again = { creds: env.creds, parameters: send(), items: one, executionId: 'e-124', establishedAt: 1_800_000_000_000 };
			await runEsms(again);
			const { output, error } = await runEsms(again);
			expect(error).toBeUndefined();
			expect(output[0].json).toMatchObject({ smsId: null, alreadyAccepted: true, templateId: '459' });
			const p = send({ options: { requestId: 'otp-1' } });
			await runEsms({ creds: env.creds, parameters: p, items: one });
			const own = await runEsms({ creds: env.creds, parameters: p, items: one });
			expect(own.error).toMatchObject({ httpCode: '124' });
			expect(env.sim.ledger()).toHaveLength(2);
		});

		test('103 (balance) and 99 (blocked phone): eSMS\'s codes with their fixes', async () => {
			env.sim.addAccount({ apiKey: 'POOR', secretKey: 'POOR_S', balance: 0, blockedPhones: ['0901888485'] });
			const creds = { ...env.creds, apiKey: 'POOR', secretKey: 'POOR_S' };
			const poor = await runEsms({ creds, parameters: send(), items: one });
			expect(poor.error?.message).toBe('eSMS error 103: not enough balance to send');
			const blocked = await runEsms({ creds, parameters: send({ phone: '0901888485' }), items: one });
			expect(blocked.error?.message).toBe('eSMS error 99: the phone number is blocked in eSMS');
			expect(description(poor.error)).toBe('Top up the eSMS account, then run the workflow again. Account → Get Balance shows what is left. eSMS said: "Not enough balance to send message.".');
		});

		test('bad inputs fail before any request, naming the field and the item', async () => {
			const cases: Array<[Record<string, unknown>, string]> = [
				[send({ phone: '12345' }), 'Invalid "Phone" in item 1: it does not have the 10 digits of a Vietnamese mobile number'],
				[send({ brandname: byList('={{ "" }}') }), 'Invalid "Brandname" in item 1: it is empty'],
				[send({ smsTemplate: byList('={{ " " }}') }), 'Invalid "Template" in item 1: it is empty'],
				[sendText('  '), 'Invalid "Content" in item 1: it is empty'],
				[send({ options: { requestId: 'x'.repeat(51) } }), 'Invalid "Request ID" in item 1: it has 51 characters and eSMS accepts at most 50'],
			];
			for (const [parameters, message] of cases) {
				const { error } = await runEsms({ creds: env.creds, parameters, items: one });
				expect(error?.message).toBe(message);
			}
			// the template itself needs its list; everything else failed with no request at all
			expect(requestsTo(SEND_PATH)).toHaveLength(0);
			expect(requestsTo(TEMPLATE_PATH)).toHaveLength(1);
		});

		test('a template parameter over its length, or a template of another brandname, fails naming it', async () => {
			const long = await runEsms({ creds: env.creds, parameters: send({ smsTemplateParams: params({ P1: '123456789' }) }), items: one });
			expect(long.error?.message).toBe('Invalid template parameter "P1" in item 1: it has 9 characters (UTF-16 units, as eSMS counts: an emoji is 2) and the template allows at most 8');
			const other = await runEsms({ creds: env.creds, parameters: send({ smsTemplate: byList('99999') }), items: one });
			expect(other.error?.message).toBe('Invalid "Template" in item 1: template 99999 is not registered for brandname Baotrixemay');
			expect(requestsTo(SEND_PATH)).toHaveLength(0);
		});
	});

	test('Simplify off returns eSMS\'s raw answer', async () => {
		env.sim.queueSmsIds('d533459ee42b2b9525ba9eabf6a8156');
		const { output } = await runEsms({ creds: env.creds, parameters: send({ simplify: false }), items: one });
		expect(output[0].json).toEqual({ CodeResult: '100', CountRegenerate: 0, SMSID: 'd533459ee42b2b9525ba9eabf6a8156' });
	});

	test('Send Brandname → SMS Get Status works with no setup (reads smsId from the item)', async () => {
		const sent = await runEsms({ creds: env.creds, parameters: send(), items: one });
		env.sim.advance(3500);
		const { output, error } = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus' }, items: sent.output });
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ smsId: sent.output[0].json.smsId, isFinal: true, result: 'success', totalPrice: 850 });
	});
});

describe('faults: Continue On Fail, retries, idempotency', () => {
	test('Continue On Fail: N items in, N out, errors (before the send and from eSMS) in place', async () => {
		env.sim.addFault({ route: 'SendMultipleMessage_V4_post_json', mode: 'http5xx', status: 502, match: { Phone: '0901888482' } });
		const items = [0, 1, 2, 3].map((i) => ({ json: { phone: `090188848${i}`, code: i === 1 ? 'TOO-LONG-CODE' : `C${i}` } }));
		const { output, run } = await runEsms({
			creds: env.creds,
			parameters: send({ phone: '={{ $json.phone }}', smsTemplateParams: params({ P1: '={{ $json.code }}' }) }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(run.status).toBe('success');
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(output.map((o) => (o.json.error ? String(o.json.error) : 'sent'))).toEqual([
			'sent',
			'Invalid template parameter "P1" in item 2: it has 13 characters (UTF-16 units, as eSMS counts: an emoji is 2) and the template allows at most 8',
			'eSMS answered HTTP 502: the eSMS service failed',
			'sent',
		]);
		expect(requestsTo(TEMPLATE_PATH)).toHaveLength(1);
	}, 30_000);

	test('a connection dropped after eSMS accepted: asked again with the same Request ID, reported as already accepted', async () => {
		env.sim.addFault({ route: 'SendMultipleMessage_V4_post_json', mode: 'acceptThenDrop', times: 1 });
		const { output, error } = await runEsms({ creds: env.creds, parameters: send(), items: one });
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ smsId: null, alreadyAccepted: true });
		const bodies = sentBodies();
		expect(bodies).toHaveLength(2);
		expect(bodies[1].RequestId).toBe(bodies[0].RequestId);
		expect(env.sim.ledger()).toHaveLength(1);
	});

	test('without a Request ID a dropped send is not asked again: its outcome is unknown', async () => {
		env.sim.addFault({ route: 'SendMultipleMessage_V4_post_json', mode: 'acceptThenDrop', times: 1 });
		const { error } = await runEsms({ creds: env.creds, parameters: send({ options: { autoRequestId: false } }), items: one });
		expect(error?.message).toBe('eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)');
		expect(requestsTo(SEND_PATH)).toHaveLength(1);
	});

	test('a template list that fails is not kept: Retry On Fail asks for it again, and every item is sent', async () => {
		env.sim.addFault({ route: 'GetTemplate', mode: 'http5xx', status: 500, times: 1 });
		const items = [0, 1, 2].map((i) => ({ json: { code: `C${i}` } }));
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: send({ smsTemplateParams: params({ P1: '={{ $json.code }}' }) }),
			items,
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.content)).toEqual(items.map(({ json }) => `${json.code} la ma xac minh dang ky Baotrixemay cua ban`));
		expect(requestsTo(TEMPLATE_PATH)).toHaveLength(2);
		expect(env.sim.ledger()).toHaveLength(3);
	});

	test('300 sends under Retry On Fail, 5% of connections dropped after eSMS accepted: exactly 300 messages, one template list', async () => {
		env.sim.addFault({ route: 'SendMultipleMessage_V4_post_json', mode: 'acceptThenDrop', probability: 0.05 });
		const items = Array.from({ length: 300 }, (_, i) => ({ json: { code: String(10000 + i) } }));
		const { run, output } = await runEsms({
			creds: env.creds,
			parameters: send({ smsTemplateParams: params({ P1: '={{ $json.code }}' }) }),
			items,
			settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		});
		expect(run.status).toBe('success');
		expect(output).toHaveLength(300);
		const ledger = env.sim.ledger();
		expect(ledger).toHaveLength(300);
		expect(new Set(ledger.map((e) => e.content)).size).toBe(300);
		expect(new Set(ledger.map((e) => e.requestId)).size).toBe(300);
		const dropped = output.filter((o) => o.json.alreadyAccepted === true).length;
		expect(dropped).toBeGreaterThan(0);
		// every drop is asked again; an answer of 124 can itself be dropped and asked again
		expect(requestsTo(SEND_PATH).length).toBeGreaterThanOrEqual(300 + dropped);
		expect(requestsTo(TEMPLATE_PATH)).toHaveLength(1);
	}, 120_000);
});

describe('canaries: the keys never reach an output or an error', () => {
	const KEY = 'CANARYKEYbrand7f3e';
	const SECRET = 'CANARYSECRETbrand91ac';
	test.each([
		['success', {}, send()],
		['146', {}, sendText('Ma OTP: 1234', { options: { templateCheck: 'off' } })],
		['mismatch before sending', {}, sendText('Ma OTP: 1234')],
		['dropped template list', { route: 'GetTemplate', mode: 'reset' }, send()],
		['HTML instead of JSON', { route: 'SendMultipleMessage_V4_post_json', mode: 'html' }, send()],
		['estimate', {}, estimate()],
	])('%s', async (_name, fault, parameters) => {
		env.sim.addAccount({ apiKey: KEY, secretKey: SECRET });
		if ('mode' in fault) env.sim.addFault(fault);
		const creds = { ...env.creds, apiKey: KEY, secretKey: SECRET };
		const { run, output } = await runEsms({ creds, parameters, items: one, settings: { onError: 'continueRegularOutput' } });
		const seen = JSON.stringify({ run, output, errors: output.map((o: INodeExecutionData) => o.error && { ...o.error, description: o.error.description, stack: o.error.stack }) });
		expect(seen.length).toBeGreaterThan(100);
		expect(seen).not.toContain(KEY);
		expect(seen).not.toContain(SECRET);
		expect(env.sim.requests().length).toBeGreaterThan(0);
	}, 30_000);
});

describe('SMS → Estimate Brandname SMS Price', () => {
	test("one GET with exactly these parameters; eSMS's price; nothing sent", async () => {
		const { output, error } = await runEsms({ creds: env.creds, parameters: estimate(), items: one });
		expect(error).toBeUndefined();
		expect(env.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${TEMPLATE_PATH}`, `GET ${ESTIMATE_PATH}`]);
		expect(requestsTo(ESTIMATE_PATH)[0].query).toEqual({
			Phone: '0901888484',
			Content: '2803 la ma xac minh dang ky Baotrixemay cua ban',
			Brandname: 'Baotrixemay',
			SmsType: '2',
			IsUnicode: '0',
			ApiKey: 'DEMO_API_KEY',
			SecretKey: 'DEMO_SECRET_KEY',
		});
		expect(output.map((o) => o.json)).toEqual([
			{
				phone: '0901888484',
				brandname: 'Baotrixemay',
				content: '2803 la ma xac minh dang ky Baotrixemay cua ban',
				unicode: false,
				segments: 1,
				replacedCharacters: [],
				templateId: '459',
				totalPrice: 850,
				receiverCount: 1,
			},
		]);
		expect(env.sim.ledger()).toHaveLength(0);
		expect(env.sim.sandboxSends()).toHaveLength(0);
	});

	test('a two-part Unicode text; Simplify off gives the raw answer', async () => {
		const text = 'Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!';
		const { output } = await runEsms({ creds: env.creds, parameters: estimate({ contentSource: 'text', text, unicode: true }), items: one });
		expect(output[0].json).toMatchObject({ segments: 2, totalPrice: 1700, templateId: '12641' });
		const raw = await runEsms({ creds: env.creds, parameters: estimate({ simplify: false }), items: one });
		expect(raw.output[0].json).toEqual({ CodeResult: '100', ErrorMessage: 'success', TotalPrice: 850, TotalReceiver: 1 });
	});

	test('the template check applies: a mismatch fails before the estimate; 104 and 101 are explained', async () => {
		const bad = await runEsms({ creds: env.creds, parameters: estimate({ contentSource: 'text', text: 'Ma OTP: 1234' }), items: one });
		expect(bad.error?.message).toMatch(/^Invalid "Content" in item 1: it matches no customer-care template of brandname Baotrixemay/);
		expect(requestsTo(ESTIMATE_PATH)).toHaveLength(0);
		const off = { contentSource: 'text', text: 'Hello', options: { templateCheck: 'off' } };
		const b104 = await runEsms({ creds: env.creds, parameters: estimate({ ...off, brandname: byList('QC_ONLINE') }), items: one });
		expect(b104.error?.message).toBe('eSMS error 104: the Brandname or call code does not exist');
		const b101 = await runEsms({ creds: { ...env.creds, secretKey: 'WRONG' }, parameters: estimate(off), items: one });
		expect(b101.error?.message).toBe('eSMS error 101: API Key or Secret Key is wrong');
		expect(description(b101.error)).toContain('eSMS said: "Authorize Failed."');
	});
});

describe('one declaration per parameter (shared/mergeFields.ts)', () => {
	const operation = (resource: string, values: string[]) => ({
		displayName: 'Operation',
		name: 'operation',
		type: 'options' as const,
		default: values[0],
		displayOptions: { show: { resource: [resource] } },
		options: values.map((value) => ({ name: value, value })),
	});
	const field = (name: string, resource: string[], op: string[], extra: Record<string, unknown> = {}) => ({
		displayName: name,
		name,
		type: 'string' as const,
		default: '',
		displayOptions: { show: { resource, operation: op } },
		...extra,
	});
	const ops = [operation('sms', ['send', 'brand', 'getStatus']), operation('zalo', ['send', 'getStatus'])];

	test('equal declarations merge when one show says exactly where; otherwise they stay apart', () => {
		const merged = mergeSharedFields([
			...ops,
			field('phone', ['sms'], ['send']),
			field('phone', ['sms'], ['brand']),
			// zalo:send + sms:getStatus cannot be one show without also showing sms:send and zalo:getStatus
			field('id', ['zalo'], ['send']),
			field('id', ['sms'], ['getStatus']),
			// different texts never merge
			field('note', ['sms'], ['send'], { description: 'a' }),
			field('note', ['sms'], ['brand'], { description: 'b' }),
		]);
		expect(merged.slice(2).map((p) => [p.name, p.displayOptions?.show?.resource, p.displayOptions?.show?.operation])).toEqual([
			['phone', ['sms'], ['send', 'brand']],
			['id', ['zalo'], ['send']],
			['id', ['sms'], ['getStatus']],
			['note', ['sms'], ['send']],
			['note', ['sms'], ['brand']],
		]);
	});

	test("the node: Phone, Unicode, Simplify and Brandname are declared once, and each is shown where it was", () => {
		const props = new Esms().description.properties;
		for (const name of ['unicode', 'simplify']) expect(props.filter((p) => p.name === name)).toHaveLength(1);
		// Brandname twice: OTP → Send Code shows it only for its SMS channel, which no one show can say with the others'
		expect(props.filter((p) => p.name === 'brandname').map((p) => p.displayOptions!.show)).toEqual([
			{ resource: ['zaloMessage', 'sms', 'account'], operation: ['sendZnsWithSmsFallback', 'sendBrandname', 'estimateBrandname', 'getSmsTemplates'] },
			{ resource: ['otp'], operation: ['sendCode'], otpChannel: ['sms'] },
		]);
		const show = (name: string) => props.find((p) => p.name === name)!.displayOptions!.show;
		// Phone: once for a workflow, once for the tool with its $fromAI default (toolVariant.ts withToolInputs)
		const sends = ['sendFixedNumber', 'makeCall', 'makeTextToSpeechCall', 'sendZns', 'sendZnsWithSmsFallback'];
		expect(props.filter((p) => p.name === 'phone').map((p) => p.displayOptions!.show)).toEqual(
			[false, true].map((tool) => ({
				resource: ['sms', 'voiceCall', 'zaloMessage', 'otp', 'viberMessage'],
				operation: [...sends, 'sendCode', 'verifyCode', 'send', 'sendBrandname', 'estimateBrandname'],
				'@tool': [tool],
			})),
		);
		expect(show('brandname')).toEqual({
			resource: ['zaloMessage', 'sms', 'account'],
			operation: ['sendZnsWithSmsFallback', 'sendBrandname', 'estimateBrandname', 'getSmsTemplates'],
		});
	});
});
