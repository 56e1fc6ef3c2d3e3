/**
 * The pickers and the Account list operations inside a real n8n (2.41.1, or 1.123.81 with ESMS_N8N=1;
 * the packed package loaded as a community package) against the simulator, driven only through n8n's
 * own REST API, the way the editor drives it: the credential is created with POST /rest/credentials, the pickers load with
 * POST /rest/dynamic-node-parameters/resource-locator-results and /resource-mapper-fields (bodies as
 * n8n-editor-ui 2.41.1 builds them: nodeTypeAndVersion, path, methodName, currentNodeParameters,
 * credentials, projectId, and filter / paginationToken when set), and a workflow is saved with
 * POST /rest/workflows and run with POST /rest/workflows/:id/run. One n8n start for the whole file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { createSimulator } from '../helpers/simulator';
import type { Simulator } from '../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rt = require('../../scripts/lib/n8n-runtime.js');

type Call = (method: string, pathname: string, body?: unknown) => Promise<{ status: number; json: any; text: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Item {
	json: Record<string, unknown>;
	pairedItem?: unknown;
}

const CANARY_KEY = 'E2EPICKERKEY7c21';
const CANARY_SECRET = 'E2EPICKERSECRET4b8e';
const OWNER = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Demo-password-1' };
const SVOUCHER = '4097311281936189049';
const DEMO_SHOP = '1397492183140006179';
const NODE = { name: 'n8n-nodes-esms.esms', version: 1 };

let sim: Simulator;
let work: string;
let n8n: { url: string; stop: () => Promise<void> };
let call: Call;
let projectId: string;
const creds: Record<string, { id: string; name: string }> = {};
/** every REST answer of this file, searched for the keys at the end */
const answers: string[] = [];

const list = (value: string) => ({ __rl: true, mode: 'list', value });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** What the editor sends when a picker opens (ResourceLocator.vue in n8n-editor-ui 2.41.1). */
async function pickerResults(methodName: string, parameter: string, parameters: Record<string, unknown>, opts: { filter?: string; paginationToken?: string; credential?: string } = {}) {
	const body = {
		nodeTypeAndVersion: NODE,
		path: `parameters.${parameter}`,
		methodName,
		currentNodeParameters: parameters,
		credentials: { esmsApi: creds[opts.credential ?? 'ok'] },
		projectId,
		...(opts.filter !== undefined && { filter: opts.filter }),
		...(opts.paginationToken !== undefined && { paginationToken: opts.paginationToken }),
	};
	const r = await call('POST', '/rest/dynamic-node-parameters/resource-locator-results', body);
	answers.push(r.text);
	return r;
}

/** What the editor sends when a resource mapper loads its fields (ResourceMapper.vue). */
async function mapperFields(methodName: string, parameter: string, parameters: Record<string, unknown>) {
	const body = { nodeTypeAndVersion: NODE, path: `parameters.${parameter}`, methodName, currentNodeParameters: parameters, credentials: { esmsApi: creds.ok }, projectId };
	const r = await call('POST', '/rest/dynamic-node-parameters/resource-mapper-fields', body);
	answers.push(r.text);
	return r;
}

/**
 * The error line the editor shows under a picker: n8n-editor-ui 2.41.1 (ResourceLocator) splits the
 * message at dashes or sentence ends and drops the parts that say "check your credentials".
 */
function shownByEditor(message: string): string {
	const parts = /[-–—]/.test(message) ? message.split(/\s*[-–—]\s*/) : message.split(/(?<=[.!?])\s+/);
	return parts
		.filter((p) => p.trim() !== '' && !/check\s+(your\s+)?credentials?/i.test(p))
		.join(' ')
		.trim();
}

/** n8n stores run data with `flatted`; read it with the copy n8n itself uses. */
function unflatten(runtimeDir: string, text: string) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(path.join(runtimeDir, 'node_modules', 'flatted')).parse(text);
}

let runtimeDir: string;
let runtimeMajor: number;
let logFile: string;

beforeAll(async () => {
	const runtime = await rt.ensureRuntime((line: string) => process.stdout.write(`${line}\n`));
	runtimeDir = runtime.dir;
	runtimeMajor = runtime.major;
	sim = createSimulator();
	await sim.start();
	// seeded with simulator/fixtures.js DEMO_SEED: brandnames, OAs, templates
	sim.addAccount({ apiKey: CANARY_KEY, secretKey: CANARY_SECRET, userId: 7002 });
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-e2e-pickers-'));
	const { userFolder } = await rt.makeUserFolder(work);
	const env = await rt.n8nEnv(userFolder);
	logFile = env.N8N_LOG_FILE_LOCATION;
	n8n = await rt.startN8n(runtime, env);
	call = await rt.ownerSession(n8n.url, OWNER);
	projectId = (await call('GET', '/rest/projects/personal')).json.data.id;
	// the credentials, created as the editor's credential modal creates them
	for (const [key, name, secretKey] of [
		['ok', 'eSMS (simulator)', CANARY_SECRET],
		['wrong', 'eSMS (wrong secret)', `${CANARY_SECRET}-WRONG`],
	]) {
		const r = await call('POST', '/rest/credentials', {
			name,
			type: 'esmsApi',
			data: { apiKey: CANARY_KEY, secretKey, baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl },
			projectId,
		});
		expect(r.status).toBe(200);
		creds[key] = { id: r.json.data.id, name };
	}
}, 900_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

beforeEach(() => sim.clearRequests());

describe('pickers through n8n’s REST API', () => {
	test('Brandname: only customer-care brandnames; the typed filter narrows the list', async () => {
		const params = { resource: 'account', operation: 'getSmsTemplates', brandname: list('') };
		const all = await pickerResults('searchBrandnames', 'brandname', params);
		expect(all.status).toBe(200);
		expect(all.json).toEqual({ data: { results: [{ name: 'Baotrixemay', value: 'Baotrixemay' }] } });
		expect((await pickerResults('searchBrandnames', 'brandname', params, { filter: 'BAOTRI' })).json.data.results).toEqual([{ name: 'Baotrixemay', value: 'Baotrixemay' }]);
		expect((await pickerResults('searchBrandnames', 'brandname', params, { filter: 'QC_ONLINE' })).json.data.results).toEqual([]);
		// the keys travel in the path of this documented GET
		expect(sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual(
			Array(3).fill(`GET /MainService.svc/json/GetListBrandname/${CANARY_KEY}/${CANARY_SECRET}`),
		);
	});

	test('SMS Template: one entry per text for the picked brandname, networks named; picked, typed or by expression', async () => {
		const all = 'Viettel, Mobifone, Vinaphone, Vietnamobile, Gtel, Itel, Reddi';
		const expected = [
			{ name: 'All networks · {P1,8} la ma xac minh dang ky Baotrixemay cua ban', value: '458', description: `${all} (template 458, 459, 460, 461, 462, 463, 464)` },
			{
				name: 'All networks · Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!',
				value: '12640',
				description: `${all} (template 12640, 12641, 12642, 12643, 12644, 12645, 12646)`,
			},
			{ name: 'Viettel · Baotrixemay: da nhan {P1,20} VND cho don hang {P2,20}. Cam on quy khach!', value: '466', description: 'Viettel (template 466)' },
			{
				name: 'All but Viettel · Baotrixemay da nhan duoc so tien thanh toan {P1,20} VND cho don hang {P2,20}. Cam on quy khach!',
				value: '467',
				description: 'Mobifone, Vinaphone, Vietnamobile, Gtel, Itel, Reddi (template 467, 468, 469, 470, 471, 472)',
			},
		];
		const params = (brandname: unknown) => ({ resource: 'account', operation: 'getSmsTemplates', brandname, smsTemplate: list('') });
		const picked = await pickerResults('searchSmsTemplates', 'smsTemplate', params(list('Baotrixemay')));
		expect(picked.json).toEqual({ data: { results: expected } });
		// typed by hand (with stray spaces), or an expression that needs no input data
		expect((await pickerResults('searchSmsTemplates', 'smsTemplate', params(byId(' Baotrixemay ')))).json.data.results).toEqual(expected);
		expect((await pickerResults('searchSmsTemplates', 'smsTemplate', params(byId('={{ "Baotri" + "xemay" }}')))).json.data.results).toEqual(expected);
		expect((await pickerResults('searchSmsTemplates', 'smsTemplate', params(list('Baotrixemay')), { filter: 'thanh toan' })).json.data.results).toEqual([expected[3]]);
		expect(sim.requests().map((r) => JSON.parse(r.body).Brandname)).toEqual(Array(4).fill('Baotrixemay'));

		// an expression that needs input data cannot be resolved in the editor: the picker says what to do.
		// (n8n 2.41.1 answers only the message of a NodeOperationError here, never its description)
		const unresolved = await pickerResults('searchSmsTemplates', 'smsTemplate', params(byId('={{ $json.brandname }}')));
		expect(unresolved.status).toBe(500);
		expect(shownByEditor(unresolved.json.message)).toBe('Choose a brandname first');
		expect(sim.requests()).toHaveLength(4);
	});

	test('Zalo OA: by name with the OA ID as value; filter by name or ID', async () => {
		const params = { resource: 'account', operation: 'getZnsTemplates', zaloOa: list('') };
		expect((await pickerResults('searchZaloOas', 'zaloOa', params)).json).toEqual({
			data: {
				results: [
					{ name: 'eSMS Demo Shop', value: DEMO_SHOP, description: `OA ID ${DEMO_SHOP}` },
					{ name: 'SVoucher', value: SVOUCHER, description: `OA ID ${SVOUCHER}` },
				],
			},
		});
		expect((await pickerResults('searchZaloOas', 'zaloOa', params, { filter: 'svouch' })).json.data.results.map((r: { value: string }) => r.value)).toEqual([SVOUCHER]);
		expect((await pickerResults('searchZaloOas', 'zaloOa', params, { filter: '13974' })).json.data.results.map((r: { name: string }) => r.name)).toEqual(['eSMS Demo Shop']);
	});

	test('ZNS Template: the OA’s templates, the one Zalo has not enabled marked "(not enabled)"; filter ignores diacritics', async () => {
		const params = (zaloOa: unknown) => ({ resource: 'account', operation: 'getZnsTemplate', zaloOa, znsTemplate: list('') });
		const notEnabled = {
			name: 'Khuyến mãi tháng 7 (231234) (not enabled)',
			value: '231234',
			description: 'Status PENDING_REVIEW: sending with it fails until Zalo enables it',
		};
		expect((await pickerResults('searchZnsTemplates', 'znsTemplate', params(list(SVOUCHER)))).json).toEqual({
			data: {
				results: [
					{ name: 'Xác nhận mua hàng (200607)', value: '200607', description: 'Enabled' },
					{ name: 'Đánh giá dịch vụ - text (267247)', value: '267247', description: 'Enabled' },
					notEnabled,
				],
			},
		});
		expect((await pickerResults('searchZnsTemplates', 'znsTemplate', params(byId(SVOUCHER)), { filter: 'khuyen mai' })).json.data.results).toEqual([notEnabled]);
		expect((await pickerResults('searchZnsTemplates', 'znsTemplate', params(list(DEMO_SHOP)))).json.data.results).toEqual([
			{ name: 'Thông báo chung (2056446)', value: '2056446', description: 'Enabled' },
		]);
		// an OA that is not on the account: eSMS's code, readable
		const other = await pickerResults('searchZnsTemplates', 'znsTemplate', params(byId('42')));
		expect(other.status).toBe(500);
		expect(shownByEditor(other.json.message)).toBe('eSMS error 799: the Zalo OA is inactive, wrong, or not added to this account');
	});

	test('Template Parameters (resource mapper): one field per ZNS parameter or SMS placeholder, required marked, lengths in the label', async () => {
		const params = (znsTemplate: unknown) => ({
			resource: 'account',
			operation: 'getZnsTemplate',
			zaloOa: list(SVOUCHER),
			znsTemplate,
			znsTemplateParams: { mappingMode: 'defineBelow', value: null },
		});
		const r = await mapperFields('getZnsTemplateParams', 'znsTemplateParams', params(list('200607')));
		expect(r.status).toBe(200);
		const field = (id: string, displayName: string, required: boolean) => ({ id, displayName, required, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'string' });
		expect(r.json).toEqual({
			data: {
				emptyFieldsNotice:
					"Map Automatically sends the input item's fields named customer_name, order_code, address, phone, email, product_name, quantity, payment_amount, delivery_date",
				fields: [
					field('customer_name', 'customer_name (1–30 chars)', true),
					field('order_code', 'order_code (≤ 30 chars)', true),
					field('address', 'address (≤ 200 chars)', false),
					field('phone', 'phone (≤ 15 chars)', false),
					field('email', 'email (≤ 100 chars)', false),
					field('product_name', 'product_name (≤ 100 chars)', true),
					field('quantity', 'quantity (≤ 12 digits)', true),
					field('payment_amount', 'payment_amount (≤ 12 digits)', true),
					field('delivery_date', 'delivery_date (date)', true),
				],
			},
		});
		expect(sim.requests().map((q) => q.query)).toEqual([{ TemplateId: '200607', OAId: SVOUCHER, ApiKey: CANARY_KEY, SecretKey: CANARY_SECRET }]);
		// the not-enabled template still shows its fields (the send refuses it, naming its status)
		expect((await mapperFields('getZnsTemplateParams', 'znsTemplateParams', params(byId('231234')))).json.data.fields.map((f: { id: string; required: boolean }) => [f.id, f.required])).toEqual([
			['customer_name', true],
			['voucher_code', true],
		]);
		// a brandname template: one field per {Pn,max} placeholder
		const sms = await mapperFields('getSmsTemplateParams', 'smsTemplateParams', {
			resource: 'account',
			operation: 'getSmsTemplates',
			brandname: list('Baotrixemay'),
			smsTemplate: list('466'),
			smsTemplateParams: { mappingMode: 'defineBelow', value: null },
		});
		expect(sms.json).toEqual({
			data: { fields: [field('P1', 'P1 (≤ 20 chars)', true), field('P2', 'P2 (≤ 20 chars)', true)], emptyFieldsNotice: "Map Automatically sends the input item's fields named P1, P2" },
		});
		// nothing picked yet: a notice, not an error
		expect((await mapperFields('getZnsTemplateParams', 'znsTemplateParams', params(list('')))).json).toEqual({
			data: {
				fields: [],
				emptyFieldsNotice:
					"The template's parameters, once a Zalo OA and a template are chosen: as fields (Map Each Column Manually; refresh the list if none show), or the input item's fields of the same names (Map Automatically)",
			},
		});
	});

	test('wrong keys: every picker shows eSMS 101 in plain words, and the keys are in no answer', async () => {
		const cases: Array<[string, string, Record<string, unknown>]> = [
			['searchBrandnames', 'brandname', { resource: 'account', operation: 'getSmsTemplates', brandname: list('') }],
			['searchZaloOas', 'zaloOa', { resource: 'account', operation: 'getZnsTemplates', zaloOa: list('') }],
			['searchZnsTemplates', 'znsTemplate', { resource: 'account', operation: 'getZnsTemplate', zaloOa: list(SVOUCHER), znsTemplate: list('') }],
		];
		for (const [method, parameter, params] of cases) {
			const r = await pickerResults(method, parameter, params, { credential: 'wrong' });
			// a NodeApiError reaches the editor whole: the message under the picker, and the fix
			expect({ method, status: r.status, message: shownByEditor(r.json?.message), description: r.json?.description }).toEqual({
				method,
				status: 500,
				message: 'eSMS error 101: API Key or Secret Key is wrong',
				description: expect.stringMatching(/^Open the eSMS API credential and paste the API Key and Secret Key again from account\.esms\.vn → API settings\. They are not your login password\. eSMS said: "Authorize Failed\.?"\.$/),
			});
		}
	});
});

describe('Account list operations in a workflow run by n8n', () => {
	let run: { status: string; data: { resultData: { runData: Record<string, Array<{ data: { main: Item[][] } }>>; error?: unknown } } };
	const items = (node: string) => run.data.resultData.runData[node][0].data.main[0];

	beforeAll(async () => {
		const esms = (name: string, x: number, parameters: Record<string, unknown>) => ({
			id: name.toLowerCase().replace(/\W+/g, '-'),
			name,
			type: NODE.name,
			typeVersion: 1,
			position: [x, 0],
			parameters,
			credentials: { esmsApi: creds.ok },
		});
		const workflow = {
			name: 'eSMS lists (e2e)',
			nodes: [
				{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				esms('Get Brandnames', 220, { resource: 'account', operation: 'getBrandnames' }),
				{
					id: 'oas',
					name: 'OAs',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [220, 200],
					parameters: { mode: 'raw', jsonOutput: JSON.stringify({ oas: [{ oa: SVOUCHER }, { oa: DEMO_SHOP }] }) },
				},
				{ id: 'split', name: 'One item per OA', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [440, 200], parameters: { fieldToSplitOut: 'oas' } },
				esms('Get ZNS Templates', 660, { resource: 'account', operation: 'getZnsTemplates', zaloOa: byId('={{ $json.oa }}') }),
				esms('Get Zalo OAs', 220, { resource: 'account', operation: 'getZaloOas' }),
				esms('Get SMS Templates', 220, { resource: 'account', operation: 'getSmsTemplates', brandname: list('Baotrixemay') }),
				esms('Get ZNS Template', 220, { resource: 'account', operation: 'getZnsTemplate', zaloOa: list(SVOUCHER), znsTemplate: list('231234') }),
			],
			connections: {
				Start: { main: [[{ node: 'Get Brandnames', type: 'main', index: 0 }, { node: 'OAs', type: 'main', index: 0 }, { node: 'Get Zalo OAs', type: 'main', index: 0 }, { node: 'Get SMS Templates', type: 'main', index: 0 }, { node: 'Get ZNS Template', type: 'main', index: 0 }]] },
				OAs: { main: [[{ node: 'One item per OA', type: 'main', index: 0 }]] },
				'One item per OA': { main: [[{ node: 'Get ZNS Templates', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
			projectId,
			// n8n 1.x saves the body as it comes and its `active` column has no default (500 "NOT NULL
			// constraint failed" without it); n8n 2.x's CreateWorkflowDto has no such field
			...(runtimeMajor < 2 && { active: false }),
		};
		const saved = await call('POST', '/rest/workflows', workflow);
		expect(saved.status).toBe(200);
		const id = saved.json.data.id;
		// the editor's "Execute workflow" button: n8n 2.x runs the saved workflow; n8n 1.x runs the
		// workflow sent in the body (workflowData, as its editor sends it) and refuses a run without it
		const started = await call('POST', `/rest/workflows/${id}/run`, {
			triggerToStartFrom: { name: 'Start' },
			...(runtimeMajor < 2 && { workflowData: saved.json.data }),
		});
		expect(started.status).toBe(200);
		const executionId = started.json.data.executionId;
		expect(executionId).toBeDefined();
		let execution: { finished: boolean; status: string; data: string } | undefined;
		for (let i = 0; i < 240; i++) {
			const r = await call('GET', `/rest/executions/${executionId}`);
			execution = r.json?.data;
			if (execution && !['new', 'running', 'waiting'].includes(execution.status)) break;
			await new Promise((res) => setTimeout(res, 250));
		}
		answers.push(JSON.stringify(execution));
		run = { status: execution!.status, data: unflatten(runtimeDir, execution!.data) };
	}, 120_000);

	test('the run succeeds', () => {
		expect(run.data.resultData.error).toBeUndefined();
		expect(run.status).toBe('success');
	});

	test('Get Brandnames: one item per brandname, with its kind', () => {
		expect(items('Get Brandnames').map((i) => i.json)).toEqual([
			{ brandname: 'Baotrixemay', type: 2, typeName: 'customerCare' },
			{ brandname: 'QC_ONLINE', type: 1, typeName: 'advertising' },
			{ brandname: 'BAT DONG SAN GIA TOT', type: 23, typeName: 'viber' },
		]);
	});

	test('Get Zalo OAs, Get SMS Templates, Get ZNS Template', () => {
		expect(items('Get Zalo OAs').map((i) => i.json)).toEqual([
			{ oaId: DEMO_SHOP, oaName: 'eSMS Demo Shop' },
			{ oaId: SVOUCHER, oaName: 'SVoucher' },
		]);
		const sms = items('Get SMS Templates').map((i) => i.json);
		expect(sms).toHaveLength(21);
		expect(sms[0]).toEqual({
			brandname: 'Baotrixemay',
			templateId: '458',
			networkId: 1,
			network: 'Viettel',
			content: '{P1,8} la ma xac minh dang ky Baotrixemay cua ban',
			placeholders: [{ name: 'P1', key: 'P1', maxLength: 8 }],
		});
		expect(items('Get ZNS Template').map((i) => i.json)).toEqual([
			{
				oaId: SVOUCHER,
				templateId: '231234',
				templateName: 'Khuyến mãi tháng 7',
				status: 'PENDING_REVIEW',
				enabled: false,
				reason: 'Template đang được kiểm duyệt',
				tag: 'PROMOTION',
				quality: null,
				previewUrl: 'https://account.zalo.cloud/znspreview/sim-231234',
				timeout: 7200000,
				params: [
					{ name: 'customer_name', required: true, acceptNull: false, minLength: 0, maxLength: 30, type: 'STRING' },
					{ name: 'voucher_code', required: true, acceptNull: false, minLength: 0, maxLength: 20, type: 'STRING' },
				],
				buttons: [],
			},
		]);
	});

	test('Get ZNS Templates for two input items (OA by expression): each entry from its item’s OA', () => {
		expect(items('Get ZNS Templates').map((i) => [i.json.oaId, i.json.templateId])).toEqual([
			[SVOUCHER, '200607'],
			[SVOUCHER, '267247'],
			[SVOUCHER, '231234'],
			[DEMO_SHOP, '2056446'],
		]);
		expect(items('Get ZNS Templates')[3].json).toEqual({
			oaId: DEMO_SHOP,
			templateId: '2056446',
			templateName: 'Thông báo chung',
			content: '<p>Thông báo chung: {{name}}</p>',
			params: [{ name: 'name', maxLength: 30, order: 1, type: 'type_text' }],
		});
	});

	test('every entry is paired with the input item it was listed for (pairedItem, as n8n saved the run)', () => {
		expect(items('Get Brandnames').map((i) => i.pairedItem)).toEqual(Array(3).fill({ item: 0 }));
		expect(items('Get Zalo OAs').map((i) => i.pairedItem)).toEqual(Array(2).fill({ item: 0 }));
		expect(items('Get SMS Templates').map((i) => i.pairedItem)).toEqual(Array(21).fill({ item: 0 }));
		expect(items('Get ZNS Template').map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(items('Get ZNS Templates').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }, { item: 1 }]);
	});
});

test('the keys appear in no REST answer, saved execution or n8n log', () => {
	const log = fs.readFileSync(logFile, 'utf8');
	const text = `${answers.join('\n')}\n${log}`;
	expect(answers.length).toBeGreaterThan(20);
	expect(answers.join('\n')).toContain('Baotrixemay');
	expect(log.length).toBeGreaterThan(500);
	expect(text.includes(CANARY_KEY)).toBe(false);
	expect(text.includes(CANARY_SECRET)).toBe(false);
});
