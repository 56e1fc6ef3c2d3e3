/**
 * Account → Get Brandnames, Get Zalo OAs, Get SMS Templates, Get ZNS Templates, Get ZNS Template:
 * the built node through n8n-core's real engine against the simulator (seeded with simulator/fixtures.js).
 */
import * as util from 'node:util';

import { runEsms } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();
const one = [{ json: {} }];
const API = '/MainService.svc/json/';
const KEYS = { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' };
const SVOUCHER = '4097311281936189049';

const list = (value: string) => ({ __rl: true, mode: 'list', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const account = (operation: string, params: Record<string, unknown> = {}) => ({ resource: 'account', operation, ...params });
const jsons = (items: Array<{ json: unknown }>) => items.map((i) => i.json);
const description = (e: unknown) => (e as { description?: string } | undefined)?.description ?? '';

describe('Account → Get Brandnames', () => {
	test('one GET with the keys in the path (as documented), one item per brandname', async () => {
		const { output, error } = await runEsms({ creds: env.creds, parameters: account('getBrandnames'), items: one });
		expect(error).toBeUndefined();
		expect(env.sim.requests()).toEqual([
			{
				host: 'rest',
				method: 'GET',
				path: `${API}GetListBrandname/DEMO_API_KEY/DEMO_SECRET_KEY`,
				// the credential adds the keys to every GET's query too; eSMS ignores them there
				query: KEYS,
				body: '',
			},
		]);
		expect(jsons(output)).toEqual([
			{ brandname: 'Baotrixemay', type: 2, typeName: 'customerCare' },
			{ brandname: 'QC_ONLINE', type: 1, typeName: 'advertising' },
			{ brandname: 'BAT DONG SAN GIA TOT', type: 23, typeName: 'viber' },
		]);
		expect(output.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
	});

	test('keys with characters that are special in a path are encoded', async () => {
		env.sim.addAccount({ apiKey: 'A/B C', secretKey: 'x?y#z%', brandnames: [] });
		const { output, error } = await runEsms({ creds: { ...env.creds, apiKey: 'A/B C', secretKey: 'x?y#z%' }, parameters: account('getBrandnames'), items: one });
		expect(error).toBeUndefined();
		expect(env.sim.requests()[0].path).toBe(`${API}GetListBrandname/A%2FB%20C/x%3Fy%23z%25`);
		expect(output).toEqual([]);
	});

	test('wrong keys: 101 (answered as CodeResult) fails with the credential fix', async () => {
		const { error } = await runEsms({ creds: { ...env.creds, secretKey: 'wrong' }, parameters: account('getBrandnames'), items: one });
		expect(error?.message).toBe('eSMS error 101: API Key or Secret Key is wrong');
		expect(description(error)).toBe(
			'Open the eSMS API credential and paste the API Key and Secret Key again from account.esms.vn → API settings. They are not your login password. eSMS said: "Authorize Failed".',
		);
	});

	test('a locked account: 143', async () => {
		const { error } = await runEsms({
			creds: { ...env.creds, apiKey: 'LOCKED_API_KEY', secretKey: 'LOCKED_SECRET_KEY' },
			parameters: account('getBrandnames'),
			items: one,
		});
		expect(error?.message).toBe('eSMS error 143: the account is not activated or is locked');
	});
});

describe('Account → Get Zalo OAs', () => {
	test('one POST with only the keys in its body, one item per OA with its ID as text', async () => {
		const { output, error } = await runEsms({ creds: env.creds, parameters: account('getZaloOas'), items: one });
		expect(error).toBeUndefined();
		expect(env.sim.requests()).toEqual([{ host: 'rest', method: 'POST', path: `${API}ZNS/GetListZOA/`, query: {}, body: JSON.stringify(KEYS) }]);
		expect(jsons(output)).toEqual([
			{ oaId: '1397492183140006179', oaName: 'eSMS Demo Shop' },
			{ oaId: SVOUCHER, oaName: 'SVoucher' },
		]);
	});

	test('wrong keys: 101', async () => {
		const { error } = await runEsms({ creds: { ...env.creds, apiKey: 'nobody' }, parameters: account('getZaloOas'), items: one });
		expect(error?.message).toBe('eSMS error 101: API Key or Secret Key is wrong');
		expect(description(error)).toContain('eSMS said: "Authorize Failed.".');
	});
});

describe('Account → Get SMS Templates', () => {
	test("a brandname's templates, one item per template and network, with their placeholders", async () => {
		const { output, error } = await runEsms({ creds: env.creds, parameters: account('getSmsTemplates', { brandname: list('Baotrixemay') }), items: one });
		expect(error).toBeUndefined();
		const reqs = env.sim.requests();
		expect(reqs).toHaveLength(1);
		expect(reqs[0]).toMatchObject({ method: 'POST', path: `${API}GetTemplate/`, query: {} });
		expect(JSON.parse(reqs[0].body)).toEqual({ SmsType: '2', Brandname: 'Baotrixemay', ...KEYS });
		expect(output).toHaveLength(21);
		expect(output[0].json).toEqual({
			brandname: 'Baotrixemay',
			templateId: '458',
			networkId: 1,
			network: 'Viettel',
			content: '{P1,8} la ma xac minh dang ky Baotrixemay cua ban',
			placeholders: [{ name: 'P1', key: 'P1', maxLength: 8 }],
		});
		expect(output[14].json).toEqual({
			brandname: 'Baotrixemay',
			templateId: '466',
			networkId: 1,
			network: 'Viettel',
			content: 'Baotrixemay: da nhan {P1,20} VND cho don hang {P2,20}. Cam on quy khach!',
			placeholders: [
				{ name: 'P1', key: 'P1', maxLength: 20 },
				{ name: 'P2', key: 'P2', maxLength: 20 },
			],
		});
		expect(output.map((i) => `${String(i.json.templateId)}/${String(i.json.network)}`).slice(6, 9)).toEqual(['464/Reddi', '12640/Viettel', '12641/Mobifone']);
	});

	test('a brandname typed by hand (trimmed) works the same', async () => {
		const { output } = await runEsms({ creds: env.creds, parameters: account('getSmsTemplates', { brandname: byId('  Baotrixemay ') }), items: one });
		expect(output).toHaveLength(21);
		expect(JSON.parse(env.sim.requests()[0].body).Brandname).toBe('Baotrixemay');
	});

	test('an advertising brandname: eSMS 104, explained', async () => {
		const { error } = await runEsms({ creds: env.creds, parameters: account('getSmsTemplates', { brandname: byId('QC_ONLINE') }), items: one });
		expect(error?.message).toBe('eSMS error 104: the Brandname or call code does not exist');
		expect(description(error)).toContain('eSMS said: "Brand name code is not exist".');
	});

	test('an empty brandname fails before any request, naming the field and the item', async () => {
		const { error } = await runEsms({ creds: env.creds, parameters: account('getSmsTemplates', { brandname: byId(' ') }), items: one });
		expect(error?.message).toBe('Invalid "Brandname" in item 1: it is empty');
		expect(description(error)).toBe('Nothing was sent to eSMS for this item. Pick a customer-care brandname from the list, or type its name.');
		expect(env.sim.requests()).toHaveLength(0);
	});

	test('Continue On Fail: N items in, each item its entries or its own error, all paired', async () => {
		const items = [{ json: { b: 'Baotrixemay' } }, { json: { b: 'QC_ONLINE' } }, { json: { b: '' } }, { json: { b: 'Baotrixemay' } }];
		const { run, output } = await runEsms({
			creds: env.creds,
			parameters: account('getSmsTemplates', { brandname: byId('={{ $json.b }}') }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(run.status).toBe('success');
		expect(output).toHaveLength(21 + 1 + 1 + 21);
		expect(output[21].json).toEqual({ error: 'eSMS error 104: the Brandname or call code does not exist' });
		expect(output[22].json).toEqual({ error: 'Invalid "Brandname" in item 3: it is empty' });
		expect(output.map((i) => (i.pairedItem as { item: number }).item)).toEqual([...Array(21).fill(0), 1, 2, ...Array(21).fill(3)]);
		// the empty one sent nothing
		expect(env.sim.requests()).toHaveLength(3);
	});
});

describe('Account → Get ZNS Templates', () => {
	test("an OA's templates with their parameters; the request asks with SmsType 25", async () => {
		const { output, error } = await runEsms({ creds: env.creds, parameters: account('getZnsTemplates', { zaloOa: list(SVOUCHER) }), items: one });
		expect(error).toBeUndefined();
		const reqs = env.sim.requests();
		expect(reqs.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${API}GetTemplate/`]);
		expect(JSON.parse(reqs[0].body)).toEqual({ OAId: SVOUCHER, SmsType: '25', ...KEYS });
		expect(output.map((i) => [i.json.templateId, i.json.templateName])).toEqual([
			['200607', 'Xác nhận mua hàng'],
			['267247', 'Đánh giá dịch vụ - text'],
			['231234', 'Khuyến mãi tháng 7'],
		]);
		expect(output[2].json).toEqual({
			oaId: SVOUCHER,
			templateId: '231234',
			templateName: 'Khuyến mãi tháng 7',
			content: '<p>Khuyến mãi tháng 7: {{customer_name}} {{voucher_code}}</p>',
			params: [
				{ name: 'customer_name', maxLength: 30, order: 1, type: 'type_text' },
				{ name: 'voucher_code', maxLength: 20, order: 2, type: 'type_text' },
			],
		});
	});

	test('an OA that is not on the account: 799', async () => {
		const { error } = await runEsms({ creds: env.creds, parameters: account('getZnsTemplates', { zaloOa: byId('123') }), items: one });
		expect(error?.message).toBe('eSMS error 799: the Zalo OA is inactive, wrong, or not added to this account');
	});

	test('no OA: n8n refuses to run; an expression that gives nothing fails the item naming the field; nothing is sent', async () => {
		await expect(runEsms({ creds: env.creds, parameters: account('getZnsTemplates', { zaloOa: list('') }), items: one })).rejects.toThrow(
			'Parameter "Zalo OA" is required.',
		);
		const { error } = await runEsms({ creds: env.creds, parameters: account('getZnsTemplates', { zaloOa: byId('={{ $json.oa }}') }), items: one });
		expect(error?.message).toBe('Invalid "Zalo OA" in item 1: it is empty');
		expect(description(error)).toBe('Nothing was sent to eSMS for this item. Pick the Zalo OA from the list, or type its OA ID.');
		expect(env.sim.requests()).toHaveLength(0);
	});
});

describe('Account → Get ZNS Template', () => {
	test('the details of the documented template, as one flat item', async () => {
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: account('getZnsTemplate', { zaloOa: list(SVOUCHER), znsTemplate: byId('267247') }),
			items: one,
		});
		expect(error).toBeUndefined();
		expect(env.sim.requests()).toEqual([
			{ host: 'rest', method: 'GET', path: `${API}GetZnsTemplateInfo`, query: { TemplateId: '267247', OAId: SVOUCHER, ...KEYS }, body: '' },
		]);
		expect(jsons(output)).toEqual([
			{
				oaId: SVOUCHER,
				templateId: '267247',
				templateName: 'Đánh giá dịch vụ - text',
				status: 'ENABLE',
				enabled: true,
				reason: 'Template đã được duyệt',
				tag: 'TRANSACTION',
				quality: null,
				previewUrl: 'https://account.zalo.cloud/znspreview/NqFkYJ14yilzdlAXteG_rQ==',
				timeout: 7200000,
				params: ['customer_name', 'product_name', 'order_code', 'date'].map((name, i) => ({
					name,
					required: true,
					acceptNull: false,
					minLength: 0,
					maxLength: [100, 100, 30, 30][i],
					type: 'STRING',
				})),
				buttons: [{ type: 2, title: 'Quan tâm OA', content: 'https://oa.zalo.me/4097311281936189049' }],
			},
		]);
	});

	test('a template that is not enabled says so', async () => {
		const { output } = await runEsms({ creds: env.creds, parameters: account('getZnsTemplate', { zaloOa: list(SVOUCHER), znsTemplate: list('231234') }), items: one });
		expect(output[0].json).toMatchObject({ status: 'PENDING_REVIEW', enabled: false, reason: 'Template đang được kiểm duyệt', tag: 'PROMOTION' });
	});

	test('errors in the {Error, Message} shape of this endpoint: 789, 799, 101', async () => {
		const run = (oa: string, t: string, secretKey = 'DEMO_SECRET_KEY') =>
			runEsms({ creds: { ...env.creds, secretKey }, parameters: account('getZnsTemplate', { zaloOa: byId(oa), znsTemplate: byId(t) }), items: one });
		const notHere = await run('1397492183140006179', '267247');
		expect(notHere.error?.message).toBe('eSMS error 789: the template is not configured for this Zalo OA');
		expect(description(notHere.error)).toBe('Register the template for this OA in account.esms.vn → Zalo. eSMS said: "TemplateId is not config".');
		expect((await run('42', '267247')).error?.message).toBe('eSMS error 799: the Zalo OA is inactive, wrong, or not added to this account');
		expect((await run(SVOUCHER, '267247', 'wrong')).error?.message).toBe('eSMS error 101: API Key or Secret Key is wrong');
	});

	test('no template: n8n refuses to run; an empty expression fails the item naming the field; nothing is sent', async () => {
		await expect(
			runEsms({ creds: env.creds, parameters: account('getZnsTemplate', { zaloOa: list(SVOUCHER), znsTemplate: list('') }), items: one }),
		).rejects.toThrow('Parameter "Template" is required.');
		const { error } = await runEsms({
			creds: env.creds,
			parameters: account('getZnsTemplate', { zaloOa: list(SVOUCHER), znsTemplate: byId('={{ $json.t }}') }),
			items: one,
		});
		expect(error?.message).toBe('Invalid "Template" in item 1: it is empty');
		expect(env.sim.requests()).toHaveLength(0);
	});

	test('Continue On Fail with Stop and Error off, items of several OAs: errors paired too, under both error outputs', async () => {
		const items = [{ json: { t: '267247' } }, { json: { t: '999' } }, { json: { t: '231234' } }];
		for (const onError of ['continueRegularOutput', 'continueErrorOutput'] as const) {
			env.sim.clearRequests();
			const { run } = await runEsms({
				creds: env.creds,
				parameters: account('getZnsTemplate', { zaloOa: list(SVOUCHER), znsTemplate: byId('={{ $json.t }}') }),
				items,
				settings: { onError },
			});
			const outputs = run.data.resultData.runData.eSMS[0].data!.main;
			const all = outputs.flatMap((o) => o ?? []);
			expect(all.map((i) => [i.pairedItem, i.json.templateId ?? i.json.error])).toEqual(
				onError === 'continueRegularOutput'
					? [
							[{ item: 0 }, '267247'],
							[{ item: 1 }, 'eSMS error 789: the template is not configured for this Zalo OA'],
							[{ item: 2 }, '231234'],
						]
					: [
							[{ item: 0 }, '267247'],
							[{ item: 2 }, '231234'],
							[{ item: 1 }, 'eSMS error 789: the template is not configured for this Zalo OA'],
						],
			);
			expect(env.sim.requests()).toHaveLength(3);
		}
	});
});

describe('faults and secrets', () => {
	const CANARY_KEY = 'CANARYKEY51c0de';
	const CANARY_SECRET = 'CANARYSECRET9e77aa';
	const leaks = (value: unknown) => {
		const text = `${JSON.stringify(value)}\n${util.inspect(value, { depth: 12, showHidden: true })}`;
		return text.includes(CANARY_KEY) || text.includes(CANARY_SECRET);
	};

	test('HTML, empty and reset answers fail cleanly; no item, error or run data holds the keys (which travel in the path)', async () => {
		env.sim.addAccount({ apiKey: CANARY_KEY, secretKey: CANARY_SECRET });
		const c = { ...env.creds, apiKey: CANARY_KEY, secretKey: CANARY_SECRET };
		const runs = [await runEsms({ creds: c, parameters: account('getBrandnames'), items: one })];
		runs.push(await runEsms({ creds: { ...c, secretKey: `${CANARY_SECRET}x` }, parameters: account('getBrandnames'), items: one }));
		const messages: string[] = [];
		for (const mode of ['html', 'empty', 'reset', 'http5xx']) {
			env.sim.clearFaults();
			env.sim.addFault({ mode, route: 'GetListBrandname' });
			const r = await runEsms({ creds: c, parameters: account('getBrandnames'), items: one, settings: { onError: 'continueRegularOutput' } });
			messages.push(String(r.output[0]?.json.error));
			runs.push(r);
		}
		expect(messages).toEqual([
			'eSMS answered with a web page instead of JSON',
			'eSMS answered with an empty body',
			'eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)',
			'eSMS answered HTTP 500: the eSMS service failed',
		]);
		expect(runs[0].output).toHaveLength(3);
		for (const r of runs) {
			expect(leaks(r.run)).toBe(false);
			expect(leaks(r.output)).toBe(false);
			if (r.error) expect(leaks(r.error)).toBe(false);
		}
	});
});
