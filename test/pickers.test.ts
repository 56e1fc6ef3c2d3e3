/**
 * The pickers (list searches) and template parameter fields (resource mappers), called the way n8n's
 * editor has them called (harness callNodeMethod: LoadOptionsContext, as n8n's CLI builds it), against
 * the simulator over HTTP; and the checks a send makes with the template fields, run by n8n-core's
 * engine inside a small declarative probe node.
 */
import type { IHttpRequestOptions, INodeExecutionData, INodeListSearchResult, INodeType, ResourceMapperFields } from 'n8n-workflow';

import { brandnameField, smsTemplateField, zaloOaField, znsTemplateField } from '../dist/nodes/Esms/listSearch';
import * as params from '../dist/nodes/Esms/listSearch/templateParams';
import { API_BASE_URL } from '../dist/nodes/Esms/shared/hosts';
import { callNodeMethod, nodeTypes, runNode } from './helpers/harness';
import { fixtures, simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();
const API = '/MainService.svc/json/';
const SVOUCHER = '4097311281936189049';
const list = (value: string) => ({ __rl: true, mode: 'list', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * The editor sends the node's current parameters: an Account operation that shows the picker (the
 * sends that will also show them use the same parameter names).
 */
const shown = (parameters: Record<string, unknown>) => ({
	resource: 'account',
	operation: 'zaloOa' in parameters ? 'getZnsTemplate' : 'getSmsTemplates',
	...parameters,
});
const search = async (method: string, parameters: Record<string, unknown> = {}, filter?: string, token?: string, creds = env.creds) =>
	(await callNodeMethod({ creds, kind: 'listSearch', method, parameters: shown(parameters), args: [filter, token] })) as INodeListSearchResult;
const mapping = async (method: string, parameters: Record<string, unknown>) =>
	(await callNodeMethod({ creds: env.creds, kind: 'resourceMapping', method, parameters: shown(parameters) })) as ResourceMapperFields;
const paths = () => env.sim.requests().map((r) => `${r.method} ${r.path.replace(API, '')}`);

describe('Brandname picker', () => {
	test('lists only customer-care brandnames, with the same request as Get Brandnames', async () => {
		expect(await search('searchBrandnames')).toEqual({ results: [{ name: 'Baotrixemay', value: 'Baotrixemay' }] });
		expect(paths()).toEqual(['GET GetListBrandname/DEMO_API_KEY/DEMO_SECRET_KEY']);
	});

	test('filters by the typed text, ignoring case and diacritics', async () => {
		env.sim.addAccount({
			apiKey: 'DEMO_API_KEY',
			secretKey: 'DEMO_SECRET_KEY',
			brandnames: [
				{ Brandname: 'Baotrixemay', Type: 2, templates: [] },
				{ Brandname: 'ĐIỆN MÁY XANH', Type: 2, templates: [] },
				{ Brandname: 'QC_DIEN', Type: 1, templates: [] },
			],
		});
		expect((await search('searchBrandnames', {}, 'dien may')).results).toEqual([{ name: 'ĐIỆN MÁY XANH', value: 'ĐIỆN MÁY XANH' }]);
		expect((await search('searchBrandnames', {}, 'BAO')).results.map((r) => r.value)).toEqual(['Baotrixemay']);
		expect((await search('searchBrandnames', {}, 'nothing')).results).toEqual([]);
	});

	test('wrong keys: the editor shows the same clear error as the operation', async () => {
		await expect(search('searchBrandnames', {}, undefined, undefined, { ...env.creds, secretKey: 'wrong' })).rejects.toMatchObject({
			message: 'eSMS error 101: API Key or Secret Key is wrong',
		});
	});
});

describe('Zalo OA picker', () => {
	test('lists the OAs by name, with their ID as value', async () => {
		expect(await search('searchZaloOas')).toEqual({
			results: [
				{ name: 'eSMS Demo Shop', value: '1397492183140006179', description: 'OA ID 1397492183140006179' },
				{ name: 'SVoucher', value: SVOUCHER, description: 'OA ID 4097311281936189049' },
			],
		});
		expect(paths()).toEqual(['POST ZNS/GetListZOA/']);
		expect((await search('searchZaloOas', {}, 'demo')).results.map((r) => r.value)).toEqual(['1397492183140006179']);
		expect((await search('searchZaloOas', {}, '40973')).results.map((r) => r.name)).toEqual(['SVoucher']);
	});
});

describe('SMS template picker', () => {
	test("one entry per text of the brandname's templates, naming the networks", async () => {
		const { results } = await search('searchSmsTemplates', { brandname: list('Baotrixemay') });
		const all = 'Viettel, Mobifone, Vinaphone, Vietnamobile, Gtel, Itel, Reddi';
		expect(results).toEqual([
			{ name: 'All networks · {P1,8} la ma xac minh dang ky Baotrixemay cua ban', value: '458', description: `${all} (template 458, 459, 460, 461, 462, 463, 464)` },
			{
				name: 'All networks · Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!',
				value: '12640',
				description: `${all} (template 12640, 12641, 12642, 12643, 12644, 12645, 12646)`,
			},
			// n8n 2.x shows the name only: the networks lead it
			{ name: 'Viettel · Baotrixemay: da nhan {P1,20} VND cho don hang {P2,20}. Cam on quy khach!', value: '466', description: 'Viettel (template 466)' },
			{
				name: 'All but Viettel · Baotrixemay da nhan duoc so tien thanh toan {P1,20} VND cho don hang {P2,20}. Cam on quy khach!',
				value: '467',
				description: 'Mobifone, Vinaphone, Vietnamobile, Gtel, Itel, Reddi (template 467, 468, 469, 470, 471, 472)',
			},
		]);
		expect(JSON.parse(env.sim.requests()[0].body)).toEqual({ SmsType: '2', Brandname: 'Baotrixemay', ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' });
		expect((await search('searchSmsTemplates', { brandname: byId('Baotrixemay') }, 'thanh toan')).results.map((r) => r.value)).toEqual(['467']);
	});

	test('asks for the brandname first', async () => {
		await expect(search('searchSmsTemplates', { brandname: list('') })).rejects.toMatchObject({ message: 'Choose a brandname first' });
		expect(env.sim.requests()).toHaveLength(0);
	});
});

describe('ZNS template picker', () => {
	test('lists the templates; one not enabled is marked; statuses come from the details', async () => {
		const result = await search('searchZnsTemplates', { zaloOa: list(SVOUCHER) });
		expect(result).toEqual({
			results: [
				{ name: 'Xác nhận mua hàng (200607)', value: '200607', description: 'Enabled' },
				{ name: 'Đánh giá dịch vụ - text (267247)', value: '267247', description: 'Enabled' },
				{
					name: 'Khuyến mãi tháng 7 (231234) (not enabled)',
					value: '231234',
					description: 'Status PENDING_REVIEW: sending with it fails until Zalo enables it',
				},
			],
		});
		expect(paths()).toEqual(['POST GetTemplate/', 'GET GetZnsTemplateInfo', 'GET GetZnsTemplateInfo', 'GET GetZnsTemplateInfo']);
		expect(JSON.parse(env.sim.requests()[0].body)).toMatchObject({ OAId: SVOUCHER, SmsType: '25' });
		expect(env.sim.requests()[3].query).toMatchObject({ TemplateId: '231234', OAId: SVOUCHER });
	});

	test('the typed text filters by name (diacritics ignored) or ID, before any details are asked', async () => {
		expect((await search('searchZnsTemplates', { zaloOa: byId(SVOUCHER) }, 'khuyen mai')).results.map((r) => r.value)).toEqual(['231234']);
		expect(paths()).toEqual(['POST GetTemplate/', 'GET GetZnsTemplateInfo']);
		expect((await search('searchZnsTemplates', { zaloOa: byId(SVOUCHER) }, '2672')).results.map((r) => r.value)).toEqual(['267247']);
	});

	test('20 per page: the editor asks for the next page with the token', async () => {
		const templates = Array.from({ length: 25 }, (_, i) => fixtures.znsTemplate(300000 + i, `Mẫu ${i}`, [fixtures.param('code', 10)]));
		env.sim.addAccount({ apiKey: 'DEMO_API_KEY', secretKey: 'DEMO_SECRET_KEY', zaloOAs: [{ OAID: '77', OAName: 'Big OA', templates }] });
		const first = await search('searchZnsTemplates', { zaloOa: list('77') });
		expect(first.results).toHaveLength(20);
		expect(first.paginationToken).toBe('20');
		const second = await search('searchZnsTemplates', { zaloOa: list('77') }, undefined, first.paginationToken);
		expect(second.results.map((r) => r.value)).toEqual(['300020', '300021', '300022', '300023', '300024']);
		expect(second.paginationToken).toBeUndefined();
		expect(paths().filter((p) => p === 'GET GetZnsTemplateInfo')).toHaveLength(25);
	});

	test('asks for the OA first; an OA not on the account gives eSMS 799', async () => {
		await expect(search('searchZnsTemplates', { zaloOa: list('') })).rejects.toMatchObject({ message: 'Choose a Zalo OA first' });
		await expect(search('searchZnsTemplates', { zaloOa: byId('5') })).rejects.toMatchObject({
			message: 'eSMS error 799: the Zalo OA is inactive, wrong, or not added to this account',
		});
	});
});

describe('template parameter fields (resource mapper)', () => {
	test('ZNS: one field per ListParams entry, required ones marked, lengths (or the number or date form) in the label', async () => {
		const { fields } = await mapping('getZnsTemplateParams', { zaloOa: list(SVOUCHER), znsTemplate: list('200607') });
		expect(fields.map((f) => [f.id, f.displayName, f.required])).toEqual([
			['customer_name', 'customer_name (1–30 chars)', true],
			['order_code', 'order_code (≤ 30 chars)', true],
			['address', 'address (≤ 200 chars)', false],
			['phone', 'phone (≤ 15 chars)', false],
			['email', 'email (≤ 100 chars)', false],
			['product_name', 'product_name (≤ 100 chars)', true],
			['quantity', 'quantity (≤ 12 digits)', true],
			['payment_amount', 'payment_amount (≤ 12 digits)', true],
			['delivery_date', 'delivery_date (date)', true],
		]);
		expect(fields[0]).toEqual({ id: 'customer_name', displayName: 'customer_name (1–30 chars)', required: true, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' });
		expect(env.sim.requests().map((r) => r.query)).toEqual([{ TemplateId: '200607', OAId: SVOUCHER, ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' }]);
	});

	test('ZNS: nothing picked yet gives a notice, not an error; a template of another OA gives 789', async () => {
		// n8n keeps this notice after both are chosen (Map Automatically shows it): it reads true then too
		expect(await mapping('getZnsTemplateParams', { zaloOa: list(SVOUCHER), znsTemplate: list('') })).toEqual({
			fields: [],
			emptyFieldsNotice:
				"The template's parameters, once a Zalo OA and a template are chosen: as fields (Map Each Column Manually; refresh the list if none show), or the input item's fields of the same names (Map Automatically)",
		});
		// with the fields, the notice Map Automatically shows names them
		expect((await mapping('getZnsTemplateParams', { zaloOa: list(SVOUCHER), znsTemplate: list('200607') })).emptyFieldsNotice).toBe(
			"Map Automatically sends the input item's fields named customer_name, order_code, address, phone, email, product_name, quantity, payment_amount, delivery_date",
		);
		await expect(mapping('getZnsTemplateParams', { zaloOa: list('1397492183140006179'), znsTemplate: byId('200607') })).rejects.toMatchObject({
			message: 'eSMS error 789: the template is not configured for this Zalo OA',
		});
	});

	test('brandname SMS: one field per placeholder; repeated names get their own field', async () => {
		const { fields } = await mapping('getSmsTemplateParams', { brandname: list('Baotrixemay'), smsTemplate: list('466') });
		expect(fields.map((f) => [f.id, f.displayName, f.required])).toEqual([
			['P1', 'P1 (≤ 20 chars)', true],
			['P2', 'P2 (≤ 20 chars)', true],
		]);
		env.sim.addAccount({
			apiKey: 'DEMO_API_KEY',
			secretKey: 'DEMO_SECRET_KEY',
			brandnames: [{ Brandname: 'Shop', Type: 2, templates: [{ NetworkID: 4, TempId: 9, TempContent: 'Da nhan {P2,20} VND luc {P2,20} cho don {P1,20}.' }] }],
		});
		expect((await mapping('getSmsTemplateParams', { brandname: byId('Shop'), smsTemplate: byId('9') })).fields.map((f) => [f.id, f.displayName])).toEqual([
			['P2', 'P2 (≤ 20 chars)'],
			['P2_2', 'P2 #2 (≤ 20 chars)'],
			['P1', 'P1 (≤ 20 chars)'],
		]);
		expect(await mapping('getSmsTemplateParams', { brandname: byId('Shop'), smsTemplate: byId('10') })).toEqual({
			fields: [],
			emptyFieldsNotice: 'Template 10 is not registered for Shop',
		});
	});
});

/**
 * A declarative probe using the template fields as a send will: its preSend runs the checks and puts
 * their result in the request body, sent to GetBalance_json (which ignores it), so the simulator's
 * log shows what a send would carry.
 */
class Probe implements INodeType {
	description = {
		displayName: 'Probe',
		name: 'probe',
		group: ['output'],
		version: 1,
		description: '',
		defaults: { name: 'Probe' },
		inputs: ['main' as const],
		outputs: ['main' as const],
		credentials: [{ name: 'esmsApi', required: true }],
		requestDefaults: { baseURL: API_BASE_URL, ignoreHttpStatusErrors: true },
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options' as const,
				options: [
					{ name: 'SMS', value: 'sms', routing: { request: { method: 'POST' as const, url: `${API}GetBalance_json` }, send: { preSend: [smsProbe] } } },
					{ name: 'ZNS', value: 'zns', routing: { request: { method: 'POST' as const, url: `${API}GetBalance_json` }, send: { preSend: [znsProbe] } } },
				],
				default: 'zns',
			},
			brandnameField({ show: { operation: ['sms'] } }),
			smsTemplateField({ show: { operation: ['sms'] } }),
			params.smsTemplateParamsField({ show: { operation: ['sms'] } }),
			{ displayName: 'Phone', name: 'phone', type: 'string' as const, default: '', displayOptions: { show: { operation: ['sms'] } } },
			zaloOaField({ show: { operation: ['zns'] } }),
			znsTemplateField({ show: { operation: ['zns'] } }),
			params.znsTemplateParamsField({ show: { operation: ['zns'] } }),
		],
	} as unknown as INodeType['description'];
}
async function znsProbe(this: Parameters<typeof params.znsTempDataForItem>[0], options: IHttpRequestOptions) {
	const { oaId, templateId, data } = await params.znsTempDataForItem(this);
	return { ...options, body: { OAID: oaId, TempID: templateId, TempData: data } };
}
async function smsProbe(this: Parameters<typeof params.znsTempDataForItem>[0], options: IHttpRequestOptions) {
	const { brandname, content } = await params.smsContentFromTemplate(this);
	const phone = String(this.getNodeParameter('phone', ''));
	const template = await params.checkBrandnameContent(this, brandname, content, phone);
	return { ...options, body: { Brandname: brandname, Content: content, Phone: phone, TempId: String(template.TempId) } };
}

const probeTypes = nodeTypes({ probe: new Probe() });
const runProbe = (parameters: Record<string, unknown>, items: INodeExecutionData[], onError?: 'continueRegularOutput', settings = {}) =>
	runNode({
		type: 'probe',
		nodeTypes: probeTypes,
		creds: env.creds,
		parameters,
		items,
		settings: { credentials: { esmsApi: { id: 'cred-1', name: 'eSMS test' } }, ...(onError && { onError }), ...settings },
	});
/** What the probe sent, keys left out, in item order (items are sent concurrently). */
const sentBodies = () =>
	env.sim
		.requests()
		.filter((r) => r.path.endsWith('GetBalance_json'))
		.map((r) => {
			const { ApiKey, SecretKey, ...rest } = JSON.parse(r.body) as Record<string, unknown>;
			return ApiKey && SecretKey ? rest : r.body;
		})
		.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const znsParams = (value: Record<string, unknown>, mappingMode = 'defineBelow') => ({
	operation: 'zns',
	zaloOa: list(SVOUCHER),
	znsTemplate: list('267247'),
	znsTemplateParams: { mappingMode, value, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: true },
});

describe('checks before a ZNS send (resource mapper read by the engine)', () => {
	test('mapped values are resolved per item; details are read once per run; only the template parameters are sent', async () => {
		const items = [1, 2, 3].map((n) => ({ json: { name: `Khách ${n}`, order: `DH-${n}`, extra: 'not sent' } }));
		const { error } = await runProbe(
			znsParams({ customer_name: '={{ $json.name }}', product_name: 'Gói A', order_code: '={{ $json.order }}', date: '01/02/2026' }),
			items,
		);
		expect(error).toBeUndefined();
		expect(sentBodies()).toEqual(
			[1, 2, 3].map((n) => ({
				OAID: SVOUCHER,
				TempID: '267247',
				TempData: { customer_name: `Khách ${n}`, product_name: 'Gói A', order_code: `DH-${n}`, date: '01/02/2026' },
			})),
		);
		expect(env.sim.requests().filter((r) => r.path.endsWith('GetZnsTemplateInfo'))).toHaveLength(1);
		await runProbe(znsParams({ customer_name: 'A', product_name: 'B', order_code: 'C', date: 'D' }), [{ json: {} }]);
		expect(env.sim.requests().filter((r) => r.path.endsWith('GetZnsTemplateInfo'))).toHaveLength(2);
	});

	test('a failed details request is not kept: Retry On Fail asks again, and the items go through', async () => {
		env.sim.addFault({ route: 'GetZnsTemplateInfo', mode: 'http5xx', times: 1 });
		const items = [{ json: {} }, { json: {} }];
		const { error, output } = await runProbe(znsParams({ customer_name: 'A', product_name: 'B', order_code: 'C', date: 'D' }), items, undefined, {
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 0,
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(2);
		expect(env.sim.requests().filter((r) => r.path.endsWith('GetZnsTemplateInfo'))).toHaveLength(2);
		expect(sentBodies()).toHaveLength(2);
	});

	test('"Map Automatically" takes the input fields of the same names', async () => {
		const json = { customer_name: 'Lan', product_name: 'Gói B', order_code: 'DH-9', date: '02/03/2026', other: 1 };
		const { error } = await runProbe(znsParams({}, 'autoMapInputData'), [{ json }]);
		expect(error).toBeUndefined();
		expect(sentBodies()).toEqual([{ OAID: SVOUCHER, TempID: '267247', TempData: { customer_name: 'Lan', product_name: 'Gói B', order_code: 'DH-9', date: '02/03/2026' } }]);
	});

	test('a missing required value or one over its length fails that item, naming the parameter; the others go on', async () => {
		const items = [
			{ json: { order: 'DH-1' } },
			{ json: { order: '' } },
			{ json: { order: 'X'.repeat(31) } },
			{ json: { order: 'DH-4' } },
		];
		const { output } = await runProbe(
			znsParams({ customer_name: 'An', product_name: 'P', order_code: '={{ $json.order }}', date: 'd' }),
			items,
			'continueRegularOutput',
		);
		expect(output.map((i) => i.json.error ?? 'sent')).toEqual([
			'sent',
			'Invalid template parameter "order_code" in item 2: it is required and empty',
			'Invalid template parameter "order_code" in item 3: it has 31 characters (UTF-16 units, as eSMS counts: an emoji is 2) and the template allows at most 30',
			'sent',
		]);
		expect(sentBodies()).toHaveLength(2);
	});

	test('a template that is not enabled fails before sending, with Zalo\'s reason', async () => {
		const { error } = await runProbe({ ...znsParams({ customer_name: 'A', voucher_code: 'V' }), znsTemplate: byId('231234') }, [{ json: {} }]);
		expect(error?.message).toBe('Invalid "Template" in item 1: template 231234 has status PENDING_REVIEW, and Zalo sends only enabled templates');
		expect((error as { description?: string }).description).toBe('Nothing was sent to eSMS for this item. Pick an enabled template. Zalo\'s reason: "Template đang được kiểm duyệt".');
		expect(sentBodies()).toHaveLength(0);
	});
});

describe('checks before a brandname SMS send', () => {
	const sms = (templateId: string, value: Record<string, unknown>, phone = '0961234567') => ({
		operation: 'sms',
		brandname: list('Baotrixemay'),
		smsTemplate: list(templateId),
		smsTemplateParams: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: true },
		phone,
	});

	test('the content is built from the template and checked for the phone\'s network; the list is read once per run', async () => {
		const items = [{ json: { code: '123456' } }, { json: { code: 'AB12' } }];
		const { error, output } = await runProbe(sms('458', { P1: '={{ $json.code }}' }), items);
		expect(error).toBeUndefined();
		expect(sentBodies()).toEqual([
			{ Brandname: 'Baotrixemay', Content: '123456 la ma xac minh dang ky Baotrixemay cua ban', Phone: '0961234567', TempId: '458' },
			{ Brandname: 'Baotrixemay', Content: 'AB12 la ma xac minh dang ky Baotrixemay cua ban', Phone: '0961234567', TempId: '458' },
		]);
		expect(output.map((i) => i.json)).toHaveLength(2);
		expect(env.sim.requests().filter((r) => r.path.endsWith('GetTemplate/'))).toHaveLength(1);
	});

	test('a placeholder over its length fails naming it', async () => {
		const { error } = await runProbe(sms('458', { P1: '123456789' }), [{ json: {} }]);
		expect(error?.message).toBe('Invalid template parameter "P1" in item 1: it has 9 characters (UTF-16 units, as eSMS counts: an emoji is 2) and the template allows at most 8');
		expect(sentBodies()).toHaveLength(0);
	});

	test("a template of another network fails with the phone's network named, and the template shown", async () => {
		// 467 is registered for every network but Viettel; 096… is a Viettel number
		const { error } = await runProbe(sms('467', { P1: '500000', P2: 'DH-1' }), [{ json: {} }]);
		expect(error?.message).toBe(
			'Invalid "Content" in item 1: it matches no customer-care template of brandname Baotrixemay: it matches template 467, which is registered for Mobifone but not for Viettel, the phone\'s network; Viettel\'s is template 466',
		);
		// the template to use instead: the phone's network's wording of the same message
		expect((error as { description?: string }).description).toContain(
			'Closest template (ID 466, Viettel): "Baotrixemay: da nhan {P1,20} VND cho don hang {P2,20}. Cam on quy khach!"',
		);
		const ok = await runProbe(sms('467', { P1: '500000', P2: 'DH-1' }, '0901888484'), [{ json: {} }]);
		expect(ok.error).toBeUndefined();
	});
});
