/**
 * Viber Message → Send Viber Message (Send_Multiple_Sms_OTT, SmsType 23): the built node through
 * n8n-core's real engine, against the simulator over HTTP. Its status: SMS → Get Status and SMS → Get
 * Per-Number Results on its SMSID, and the eSMS Trigger with eSMS's Viber callback (TypeId 23).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, IWebhookData, IWebhookResponseData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { callNodeMethod, nodeTypes, runEsms } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EsmsTrigger } = require('../dist/nodes/EsmsTrigger/EsmsTrigger.node.js');

const env = simulatorForTests({ autoTick: false, callbackTimeoutMs: 2000, callbackRetryDelayMs: 10 });

const PATH = '/MainService.svc/json/Send_Multiple_Sms_OTT/';
const one = [{ json: {} }];
const byList = (value: string) => ({ __rl: true, mode: 'list', value });
const TEXT = 'Chúng tôi vừa mở bán căn hộ 🍀\nNHẬN BÁO GIÁ NGAY!!';
const IMAGE = 'https://minio.esms.vn/shared/fbff4ff5694a44c688d4f93eda4572af.png';
const LINK = 'https://esms.vn/dich-vu/dich-vu-sms-viber';
/** The page's example: text, image and button. */
const viber = (p: Record<string, unknown> = {}) => ({
	resource: 'viberMessage',
	operation: 'send',
	phone: '0901888484',
	viberBrandname: byList('BAT DONG SAN GIA TOT'),
	viberMessageType: 'textImageButton',
	viberText: TEXT,
	viberImageUrl: IMAGE,
	viberButtonLabel: 'Dịch vụ SMS Viber',
	viberButtonUrl: LINK,
	...p,
});
const description = (e: unknown) => (e as { description?: string } | undefined)?.description ?? '';
const requestsTo = (path: string) => env.sim.requests().filter((r) => r.path === path);
/** The JSON bodies of the sends, keys checked and left out. */
const sentBodies = () =>
	requestsTo(PATH).map((r) => {
		const { ApiKey, SecretKey, ...rest } = JSON.parse(r.body) as Record<string, unknown>;
		expect([ApiKey, SecretKey]).toEqual(['DEMO_API_KEY', 'DEMO_SECRET_KEY']);
		return rest;
	});

describe('Viber Message → Send Viber Message', () => {
	test('text, image and button: one JSON POST with exactly the documented fields, the flat output, one message in the ledger', async () => {
		env.sim.queueSmsIds('d8e0f1f0702544b2acb456ca9ccfd111250');
		const { output, error } = await runEsms({ creds: env.creds, parameters: viber(), items: one });
		expect(error).toBeUndefined();
		expect(env.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${PATH}`]);
		expect(requestsTo(PATH)[0].query).toEqual({});
		expect(sentBodies()).toEqual([
			{
				Phones: ['0901888484'],
				Brandname: 'BAT DONG SAN GIA TOT',
				SmsType: '23',
				// the page: "pass \r\n for a line break"; emoji and diacritics as typed
				Content: 'Chúng tôi vừa mở bán căn hộ 🍀\r\nNHẬN BÁO GIÁ NGAY!!',
				OttImgUrl: IMAGE,
				OTTLabel: 'Dịch vụ SMS Viber',
				OttLabel: 'Dịch vụ SMS Viber',
				OttUrl: LINK,
			},
		]);
		expect(output.map((o) => o.json)).toEqual([
			{
				smsId: 'd8e0f1f0702544b2acb456ca9ccfd111250',
				alreadyAccepted: false,
				phone: '0901888484',
				brandname: 'BAT DONG SAN GIA TOT',
				messageType: 'textImageButton',
				content: TEXT,
				imageUrl: IMAGE,
				buttonLabel: 'Dịch vụ SMS Viber',
				buttonUrl: LINK,
				requestId: null,
				sendDate: null,
				sandbox: false,
			},
		]);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(env.sim.ledger()).toMatchObject([
			{
				smsId: 'd8e0f1f0702544b2acb456ca9ccfd111250',
				kind: 'viber',
				smsType: 23,
				phones: ['0901888484'],
				receivers: 1,
				brandname: 'BAT DONG SAN GIA TOT',
				options: { ottImgUrl: IMAGE, ottLabel: 'Dịch vụ SMS Viber', ottUrl: LINK },
				price: 470,
			},
		]);
	});

	test('the other three message types send only their fields', async () => {
		const types: Array<[string, Record<string, unknown>]> = [
			['text', { Content: 'Chúng tôi vừa mở bán căn hộ 🍀\r\nNHẬN BÁO GIÁ NGAY!!' }],
			['textButton', { Content: 'Chúng tôi vừa mở bán căn hộ 🍀\r\nNHẬN BÁO GIÁ NGAY!!', OTTLabel: 'Dịch vụ SMS Viber', OttLabel: 'Dịch vụ SMS Viber', OttUrl: LINK }],
			['image', { OttImgUrl: IMAGE }],
		];
		for (const [viberMessageType] of types) {
			const { output, error } = await runEsms({ creds: env.creds, parameters: viber({ viberMessageType }), items: one });
			expect(error).toBeUndefined();
			expect(output[0].json.messageType).toBe(viberMessageType);
		}
		expect(sentBodies()).toEqual(types.map(([, fields]) => ({ Phones: ['0901888484'], Brandname: 'BAT DONG SAN GIA TOT', SmsType: '23', ...fields })));
		const image = await runEsms({ creds: env.creds, parameters: viber({ viberMessageType: 'image' }), items: one });
		expect(image.output[0].json).toMatchObject({ content: null, imageUrl: IMAGE, buttonLabel: null, buttonUrl: null });
	});

	test('Options: Callback URL, Send Date in Vietnam time, Sandbox (IsSandBox 1: nothing sent); no Request ID option', async () => {
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: viber({
				phone: '+84 96-123.4567',
				viberMessageType: 'text',
				options: { callbackUrl: 'https://example.com/hook', sendDate: '2099-01-02T03:04:05.000Z', sandbox: true },
			}),
			items: one,
		});
		expect(error).toBeUndefined();
		expect(sentBodies()).toEqual([
			{
				Phones: ['0961234567'],
				Brandname: 'BAT DONG SAN GIA TOT',
				SmsType: '23',
				Content: 'Chúng tôi vừa mở bán căn hộ 🍀\r\nNHẬN BÁO GIÁ NGAY!!',
				SendDate: '2099-01-02 10:04:05',
				CallbackUrl: 'https://example.com/hook',
				IsSandBox: 1,
			},
		]);
		expect(output[0].json).toMatchObject({ phone: '0961234567', sendDate: '2099-01-02T10:04:05+07:00', sandbox: true, requestId: null });
		expect(env.sim.ledger()).toHaveLength(0);
		const { Esms } = await import('../nodes/Esms/Esms.node');
		const opts = new Esms().description.properties.find((p) => p.name === 'options' && p.displayOptions?.show?.resource?.includes('viberMessage'));
		expect((opts!.options as Array<{ name: string }>).map((o) => o.name)).toEqual(['callbackUrl', 'maxConcurrentRequests', 'sandbox', 'sendDate']);
	});

	test('the brandname picker lists the Viber brandnames (type 23) only', async () => {
		const result = await callNodeMethod({ creds: env.creds, kind: 'listSearch', method: 'searchViberBrandnames', parameters: viber() });
		expect(result).toEqual({ results: [{ name: 'BAT DONG SAN GIA TOT', value: 'BAT DONG SAN GIA TOT' }] });
	});

	describe('every documented error', () => {
		test('101 and 104 (a brandname that is not a Viber brandname), with their fixes', async () => {
			const denied = await runEsms({ creds: { ...env.creds, secretKey: 'WRONG' }, parameters: viber(), items: one });
			expect(denied.error?.message).toBe('eSMS error 101: API Key or Secret Key is wrong');
			const brand = await runEsms({ creds: env.creds, parameters: viber({ viberBrandname: byList('Baotrixemay') }), items: one });
			expect(brand.error?.message).toBe('eSMS error 104: the Brandname or call code does not exist');
			expect(description(brand.error)).toBe(
				'Use a Brandname or voice template registered to this account (see account.esms.vn). Names are case-sensitive. eSMS said: "Brand name code is not exist".',
			);
		});

		test('103 (balance) and 99 (blocked phone)', async () => {
			env.sim.addAccount({ apiKey: 'POOR', secretKey: 'POOR_S', balance: 0, blockedPhones: ['0901888485'] });
			const creds = { ...env.creds, apiKey: 'POOR', secretKey: 'POOR_S' };
			expect((await runEsms({ creds, parameters: viber(), items: one })).error?.message).toBe('eSMS error 103: not enough balance to send');
			expect((await runEsms({ creds, parameters: viber({ phone: '0901888485' }), items: one })).error?.message).toBe('eSMS error 99: the phone number is blocked in eSMS');
		});

		test('bad inputs fail before any request, naming the field and the item', async () => {
			const cases: Array<[Record<string, unknown>, string]> = [
				[viber({ phone: '12345' }), 'Invalid "Phone" in item 1: it does not have the 10 digits of a Vietnamese mobile number'],
				[viber({ viberBrandname: byList('={{ "" }}') }), 'Invalid "Brandname" in item 1: it is empty'],
				[viber({ viberText: ' \u200b ' }), 'Invalid "Text" in item 1: it is empty'],
				[viber({ viberImageUrl: 'minio.esms.vn/x.png' }), 'Invalid "Image URL" in item 1: "minio.esms.vn/x.png" is not an http(s) URL'],
				[viber({ viberMessageType: 'image', viberImageUrl: '={{ " " }}' }), 'Invalid "Image URL" in item 1: it is empty'],
				[viber({ viberButtonLabel: '={{ "" }}' }), 'Invalid "Button Label" in item 1: it is empty'],
				[viber({ viberButtonUrl: 'javascript:alert(1)' }), 'Invalid "Button URL" in item 1: "javascript:alert(1)" is not an http(s) URL'],
				[viber({ options: { callbackUrl: 'hook' } }), 'Invalid "Callback URL" in item 1: "hook" is not an http(s) URL'],
			];
			for (const [parameters, message] of cases) {
				const { error } = await runEsms({ creds: env.creds, parameters, items: one });
				expect(error?.message).toBe(message);
			}
			expect(requestsTo(PATH)).toHaveLength(0);
		});
	});

	test('Continue On Fail: N items in, N out, in place and paired', async () => {
		env.sim.addFault({ route: 'Send_Multiple_Sms_OTT', mode: 'http5xx', status: 502, match: { Phones: '0901888482' } });
		const items = ['0901888480', '123', '0901888482', '0901888483'].map((phone) => ({ json: { phone } }));
		const { output, run } = await runEsms({ creds: env.creds, parameters: viber({ phone: '={{ $json.phone }}' }), items, settings: { onError: 'continueRegularOutput' } });
		expect(run.status).toBe('success');
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(output.map((o) => (o.json.error ? String(o.json.error) : o.json.phone))).toEqual([
			'0901888480',
			'Invalid "Phone" in item 2: it does not have the 10 digits of a Vietnamese mobile number',
			'eSMS answered HTTP 502: the eSMS service failed',
			'0901888483',
		]);
		// the 502 may have been sent: the error says so and that it is not sent again
		expect(String(output[2].json.error)).toBe('eSMS answered HTTP 502: the eSMS service failed');
		expect(description(output[2].error)).toContain('the node does not send it again, not even under Retry On Fail');
	}, 30_000);

	test('Stop Workflow, several items: eSMS refuses one (103), the error says what became of the others, and that a new run sends them again (no Request ID)', async () => {
		env.sim.addAccount({ apiKey: 'LOW', secretKey: 'LOW_S', balance: 470 * 2 });
		const items = [0, 1, 2].map((i) => ({ json: { phone: `090188848${i}` } }));
		const { error } = await runEsms({
			creds: { ...env.creds, apiKey: 'LOW', secretKey: 'LOW_S' },
			parameters: viber({ phone: '={{ $json.phone }}', options: { maxConcurrentRequests: 1 } }),
			items,
		});
		expect(error?.message).toBe('eSMS error 103: not enough balance to send');
		expect(description(error)).toContain(
			'Both other items (items 1 and 2) were sent: eSMS accepted them, but they are in no output of this node, as it stopped on this error. Running the workflow again sends them again, as this send takes no Request ID.',
		);
		expect(env.sim.ledger()).toHaveLength(2);
	});

	describe('no Request ID on this endpoint: Retry On Fail never sends a phone twice', () => {
		test('a connection dropped after eSMS accepted: not asked again, and Retry On Fail does not send it again either', async () => {
			env.sim.addFault({ route: 'Send_Multiple_Sms_OTT', mode: 'acceptThenDrop', times: 1, match: { Phones: '0901888482' } });
			const items = [0, 1, 2, 3, 4].map((i) => ({ json: { phone: `090188848${i}` } }));
			const { error } = await runEsms({
				creds: env.creds,
				parameters: viber({ phone: '={{ $json.phone }}' }),
				items,
				settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
			});
			expect(error?.message).toBe(
				'Not asked again: an earlier try of this node run got no answer from eSMS (eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET))',
			);
			expect(description(error)).toContain(
				'All 4 other items (items 1, 2, 4 and 5) were sent: eSMS accepted them, but they are in no output of this node, as it stopped on this error. Running the workflow again sends them again, as this send takes no Request ID. eSMS may have received and sent this message before the answer was lost. This send takes no Request ID, so eSMS could not refuse a repeat: the node does not send it again, not even under Retry On Fail.',
			);
			// said once (tester finding)
			expect(description(error).match(/could not (refuse|recognise) a repeat/g)).toHaveLength(1);
			// exactly one message per phone, the dropped one included (eSMS accepted it)
			expect(env.sim.ledger().map((e) => e.phones)).toEqual(expect.arrayContaining(items.map(({ json }) => [json.phone])));
			expect(env.sim.ledger()).toHaveLength(5);
			// the dropped item was sent once; every other item at most once
			const perPhone = (phone: string) => sentBodies().filter((b) => (b.Phones as string[])[0] === phone).length;
			expect(perPhone('0901888482')).toBe(1);
			for (const { json } of items) expect(perPhone(json.phone)).toBe(1);
		}, 30_000);

		test('200 items, 5% of connections dropped after eSMS accepted, Retry On Fail: exactly one message per phone; the others answer from the earlier try', async () => {
			env.sim.addFault({ route: 'Send_Multiple_Sms_OTT', mode: 'acceptThenDrop', probability: 0.05 });
			const items = Array.from({ length: 200 }, (_, i) => ({ json: { phone: `0901${String(100000 + i)}` } }));
			const { run } = await runEsms({
				creds: env.creds,
				parameters: viber({ phone: '={{ $json.phone }}' }),
				items,
				settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
			});
			const ledger = env.sim.ledger();
			const phones = ledger.map((e) => (e.phones ?? [])[0]);
			expect(new Set(phones).size).toBe(phones.length);
			expect(phones.length).toBeLessThanOrEqual(200);
			// every phone asked of eSMS was asked once
			const asked = sentBodies().map((b) => (b.Phones as string[])[0]);
			expect(new Set(asked).size).toBe(asked.length);
			// some connection dropped: the run fails, naming the message not sent again
			if (asked.length > ledger.length || run.status !== 'success') expect(run.data.resultData.error?.message).toMatch(/^Not asked again|^eSMS could not be reached/);
		}, 60_000);

		test('Continue On Fail with Retry On Fail: the dropped item is an error item, every other item is sent once', async () => {
			env.sim.addFault({ route: 'Send_Multiple_Sms_OTT', mode: 'acceptThenDrop', times: 1, match: { Phones: '0901888481' } });
			const items = [0, 1, 2].map((i) => ({ json: { phone: `090188848${i}` } }));
			const { output } = await runEsms({
				creds: env.creds,
				parameters: viber({ phone: '={{ $json.phone }}' }),
				items,
				settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0, onError: 'continueRegularOutput' },
			});
			expect(output.map((o) => [o.pairedItem, o.json.error ?? o.json.alreadyAccepted])).toEqual([
				[{ item: 0 }, false],
				[{ item: 1 }, 'eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)'],
				[{ item: 2 }, false],
			]);
			expect(env.sim.ledger()).toHaveLength(3);
			expect(requestsTo(PATH)).toHaveLength(3);
		}, 30_000);
	});

	describe('its status: Get SMS Status, Get Per-Number Results and the eSMS Trigger (TypeId 23)', () => {
		test('SMS → Get Status reads the Viber send\'s smsId with no setup', async () => {
			env.sim.setOutcome('0912345678', 'failed');
			const sent = await runEsms({ creds: env.creds, parameters: viber({ phone: '={{ $json.phone }}' }), items: [{ json: { phone: '0901888484' } }, { json: { phone: '0912345678' } }] });
			env.sim.advance(1500);
			const pending = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus' }, items: sent.output });
			expect(pending.output.map((o) => [o.json.isFinal, o.json.result])).toEqual([
				[false, 'pending'],
				[false, 'pending'],
			]);
			env.sim.advance(2000);
			const { output, error } = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus' }, items: sent.output });
			expect(error).toBeUndefined();
			expect(output.map((o) => o.json)).toEqual([
				{ smsId: sent.output[0].json.smsId, statusCode: 5, status: 'Finished sending', isFinal: true, result: 'success', receiverCount: 1, sentCount: 1, successCount: 1, failedCount: 0, totalPrice: 470 },
				{ smsId: sent.output[1].json.smsId, statusCode: 5, status: 'Finished sending', isFinal: true, result: 'failed', receiverCount: 1, sentCount: 1, successCount: 0, failedCount: 1, totalPrice: 0 },
			]);
			const numbers = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getPerNumberResults' }, items: sent.output });
			expect(numbers.output.map((o) => [o.json.phone, o.json.result, o.json.network, o.pairedItem])).toEqual([
				['0901888484', 'delivered', 'Mobifone', { item: 0 }],
				['0912345678', 'notDelivered', 'Vinaphone', { item: 1 }],
			]);
		});

		test('the eSMS Trigger gets eSMS\'s Viber callback as a "viber" report, and filters it by Message Types', async () => {
			const host = await triggerHost({ messageTypes: ['sms', 'viber', 'voice', 'zalo'], onlyFinal: true });
			const smsOnly = await triggerHost({ messageTypes: ['sms'], onlyFinal: true });
			try {
				const items = [{ json: { phone: '0901888484', url: host.url } }, { json: { phone: '0961234567', url: smsOnly.url } }];
				const sent = await runEsms({
					creds: env.creds,
					parameters: viber({ phone: '={{ $json.phone }}', viberMessageType: 'text', options: { callbackUrl: '={{ $json.url }}' } }),
					items,
				});
				expect(sent.error).toBeUndefined();
				expect(sentBodies().map((b) => b.CallbackUrl)).toEqual([host.url, smsOnly.url]);
				env.sim.advance(3000);
				await env.sim.settleCallbacks();
				const smsId = sent.output[0].json.smsId;
				expect(host.started).toEqual([
					{
						type: 'viber',
						smsId,
						statusCode: 5,
						status: 'Finished sending',
						isFinal: true,
						result: 'success',
						receiverCount: 1,
						sentCount: 1,
						successCount: 1,
						failedCount: 0,
						totalPrice: 470,
						requestId: null,
						phone: '0901888484',
						telcoId: 2,
						telco: 'Mobifone',
						typeId: 23,
					},
				]);
				// the callback eSMS sends for Viber: TypeId 23, and no switchsmsid (an SMS-only field)
				expect(env.sim.callbacks()[0].url).toBe(
					`${host.url}?SMSID=${String(smsId)}&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=470.0000&TotalReceiver=1&TotalSent=1&RequestId=&TypeId=23&telcoid=2&phonenumber=0901888484`,
				);
				// a trigger for SMS only answers eSMS and starts nothing
				expect(smsOnly.started).toEqual([]);
				expect(smsOnly.answers).toEqual([200]);
			} finally {
				await host.close();
				await smsOnly.close();
			}
		}, 30_000);
	});

	test('canaries: the keys reach no output and no error', async () => {
		const KEY = 'CANARYKEYviber3c9';
		const SECRET = 'CANARYSECRETviber5e2';
		env.sim.addAccount({ apiKey: KEY, secretKey: SECRET });
		const creds = { ...env.creds, apiKey: KEY, secretKey: SECRET };
		const runs = [];
		for (const fault of [undefined, { mode: 'acceptThenDrop' }, { mode: 'html' }]) {
			if (fault) env.sim.addFault({ route: 'Send_Multiple_Sms_OTT', times: 1, ...fault });
			runs.push(await runEsms({ creds, parameters: viber(), items: one, settings: { onError: 'continueRegularOutput' } }));
		}
		runs.push(await runEsms({ creds, parameters: viber({ viberBrandname: byList('Baotrixemay') }), items: one, settings: { onError: 'continueRegularOutput' } }));
		for (const { run, output } of runs) {
			const seen = JSON.stringify({ run, output, errors: output.map((o: INodeExecutionData) => o.error && { ...o.error, description: o.error.description, stack: o.error.stack }) });
			expect(seen).not.toContain(KEY);
			expect(seen).not.toContain(SECRET);
		}
	}, 30_000);
});

/**
 * The eSMS Trigger's real webhook (n8n-core's WebhookContext) behind a small HTTP host; what the
 * workflow would start with, and the HTTP answers. test/trigger.test.ts has the full host (static data
 * as n8n's database keeps it); the Viber report needs none of that.
 */
async function triggerHost(parameters: IDataObject) {
	const TYPE = 'n8n-nodes-esms.esmsTrigger';
	const trigger = new EsmsTrigger();
	const node: INode = { id: 't1', name: 'eSMS Trigger', type: TYPE, typeVersion: 1, position: [0, 0], parameters: parameters as never, webhookId: 'w1' };
	const workflow = new Workflow({ id: 'wf-viber', nodes: [node], connections: {}, active: true, nodeTypes: nodeTypes({ [TYPE]: trigger }) });
	const started: IDataObject[] = [];
	const answers: number[] = [];
	const server = http.createServer(async (req, res) => {
		const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
		const response = {
			status(code: number) {
				res.statusCode = code;
				return this;
			},
			send(body: string) {
				res.end(body);
			},
		};
		const additionalData = { httpRequest: { query, headers: req.headers, params: {}, body: {} }, httpResponse: response, variables: {} } as unknown as IWorkflowExecuteAdditionalData;
		const ctx = new WebhookContext(workflow, node, additionalData, 'webhook', { webhookDescription: trigger.description.webhooks[0] } as IWebhookData, [], null);
		Object.defineProperty(ctx, 'logger', { value: { warn() {}, debug() {}, info() {}, error() {} } });
		const result = (await trigger.webhook.call(ctx)) as IWebhookResponseData;
		for (const item of result.workflowData?.[0] ?? []) started.push(item.json);
		answers.push(res.statusCode);
		if (!result.noWebhookResponse) res.end(typeof result.webhookResponse === 'string' ? result.webhookResponse : 'OK');
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/esms-report`;
	return { url, started, answers, close: () => new Promise<void>((r) => server.close(() => r())) };
}
