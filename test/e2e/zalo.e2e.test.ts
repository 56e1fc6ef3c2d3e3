/**
 * The Zalo sends in a real n8n (2.41.1 on Node 24), the packed package loaded as a community package,
 * against the simulator: the pickers and template fields through n8n's REST API as the editor calls
 * them, and the two Zalo examples run as users run them.
 */
import type { Simulator } from '../helpers/simulator';

import { outputs, startCliSession } from './cli-session';
import type { CliResult, CliSession, Json, Run, Runtime } from './cli-session';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rt = require('../../scripts/lib/n8n-runtime.js');

const KEY = 'E2EZALOKEY7c21';
const SECRET = 'E2EZALOSECRET04be';
const OWNER = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Demo-password-1' };
const SVOUCHER = '4097311281936189049';
const NO_ZALO = '0977000000';

let session: CliSession;
let sim: CliSession['sim'];
let runtime: Runtime;
let userFolder: string;
let env: Record<string, string>;

const cli = (...args: string[]): Promise<CliResult> => session.cli(...args);
const readExample = (name: string) => session.readExample(name);
const node = (wf: { nodes: Array<{ name: string; parameters: Json }> }, name: string) => wf.nodes.find((n) => n.name === name)!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const importWorkflow = (wf: object) => session.importWorkflow(wf);

beforeAll(async () => {
	session = await startCliSession({ name: 'zalo', apiKey: KEY, secretKey: SECRET });
	({ sim, runtime, userFolder, env } = session);
}, 900_000);

afterAll(async () => {
	await session?.stop();
});

describe('Zalo sends in a real n8n', () => {
	test('the operations are registered; the OA and template pickers and the template fields answer through the REST API', async () => {
		const n8n = await rt.startN8n(runtime, env);
		try {
			const call = await rt.ownerSession(n8n.url, OWNER);
			const nodes = (await call('GET', '/types/nodes.json')).json as Array<{ name: string; properties: Array<{ name: string; options?: Array<{ value: string }>; displayOptions?: { show?: { resource?: string[] } } }> }>;
			const esms = nodes.find((n) => n.name === 'n8n-nodes-esms.esms')!;
			const zaloOps = esms.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'zaloMessage')!;
			expect(zaloOps.options!.map((o) => o.value)).toEqual(['getStatus', 'sendZns', 'sendZnsWithSmsFallback']);

			const current = { resource: 'zaloMessage', operation: 'sendZns', zaloOa: { __rl: true, mode: 'list', value: SVOUCHER }, znsTemplate: { __rl: true, mode: 'list', value: '200607' } };
			const ask = async (route: string, body: Json) => {
				const r = await call('POST', `/rest/dynamic-node-parameters/${route}`, {
					nodeTypeAndVersion: { name: 'n8n-nodes-esms.esms', version: 1 },
					currentNodeParameters: current,
					credentials: { esmsApi: { id: 'esmsSimulator', name: 'eSMS (local simulator)' } },
					...body,
				});
				expect(r.status).toBe(200);
				return r.json.data;
			};
			const oas = await ask('resource-locator-results', { path: 'zaloOa', methodName: 'searchZaloOas' });
			expect(oas.results.map((r: Json) => r.value)).toEqual(['1397492183140006179', SVOUCHER]);
			const templates = await ask('resource-locator-results', { path: 'znsTemplate', methodName: 'searchZnsTemplates' });
			expect(templates.results.map((r: Json) => r.name)).toEqual([
				'Xác nhận mua hàng (200607)',
				'Đánh giá dịch vụ - text (267247)',
				'Khuyến mãi tháng 7 (231234) (not enabled)',
			]);
			const fields = await ask('resource-mapper-fields', { path: 'znsTemplateParams', methodName: 'getZnsTemplateParams' });
			expect(fields.fields.map((f: Json) => [f.id, f.required])).toEqual([
				['customer_name', true],
				['order_code', true],
				['address', false],
				['phone', false],
				['email', false],
				['product_name', true],
				['quantity', true],
				['payment_amount', true],
				['delivery_date', true],
			]);
		} finally {
			await n8n.stop();
		}
	}, 180_000);

	test('example "Zalo: send and confirm": sends the ZNS, polls Get Status with no setup until final', async () => {
		await importWorkflow(readExample('zalo-send-and-confirm.json'));
		const r = await cli('execute', '--id=esmsZaloConfirm', '--rawOutput');
		expect(r.code).toBe(0);
		const run = rt.parseRawOutput(r.stdout) as Run;
		const [sent] = outputs(run, 'Send ZNS');
		expect(sent).toEqual({
			smsId: expect.stringMatching(/^[0-9a-f]{32}\d+$/),
			alreadyAccepted: false,
			channel: 'zalo',
			smsType: 25,
			phone: '0901888484',
			oaId: SVOUCHER,
			templateId: '200607',
			templateData: {
				customer_name: 'Đinh Thái Hà',
				order_code: 'HD00001',
				phone: '0901888484',
				product_name: 'Gói duy trì OA Zalo Premium 1 năm',
				quantity: '1',
				payment_amount: '4308000',
				delivery_date: '01/08/2024',
			},
			campaign: 'Order confirmations',
			requestId: expect.stringMatching(/^n8n-[0-9a-f]{32}$/),
			sendDate: null,
			sandbox: false,
		});
		const polls = run.data.resultData.runData['Get Zalo Status'].map((x) => x.data.main[0][0].json);
		expect(polls[polls.length - 1]).toEqual({
			smsId: sent.smsId,
			statusCode: 5,
			status: 'Finished sending',
			isFinal: true,
			result: 'success',
			receiverCount: 1,
			sentCount: 1,
			successCount: 1,
			failedCount: 0,
			totalPrice: 330,
			errorInfo: '0',
			errorInfoLabel: 'Delivered',
			errorInfoAction: null,
			zaloMsgId: expect.stringMatching(/^[0-9a-f]{20}$/),
		});
		expect(outputs(run, 'Done')).toHaveLength(1);
		expect(sim.ledger().filter((e) => e.smsId === sent.smsId)).toMatchObject([{ kind: 'zalo', smsType: 25, tempId: '200607', campaign: 'Order confirmations' }]);
	}, 120_000);

	test('example "Zalo first, SMS fallback, confirm by callback": no Zalo account, so the SMS delivers; both reports reach the trigger', async () => {
		const port = await rt.freePort();
		const hook = `http://127.0.0.1:${port}/webhook/esms-zalo-fallback/esms-report`;
		const wf = readExample('zalo-sms-fallback.json');
		const token = (node(wf, 'eSMS Trigger').parameters.options as Json).secretToken;
		(node(wf, 'Send ZNS with SMS Fallback').parameters.options as Json).callbackUrl = `${hook}?token=${token}`;
		await importWorkflow(wf);
		expect((await rt.activateWorkflow(runtime, env, 'esmsZaloFallback')).code).toBe(0);
		const n8n = await rt.startN8n(runtime, env, { port });
		try {
			// n8n reports ready before it has registered the webhooks (404 until then); a call without the token is refused
			let status = 404;
			for (let i = 0; i < 120 && status === 404; i++) {
				status = (await fetch(`${hook}?SMSID=forged&SendStatus=5&SendSuccess=1&TypeId=25`)).status;
				if (status === 404) await sleep(250);
			}
			expect(status).toBe(403);
			// the send runs in a second n8n process, as `n8n execute` does next to a running instance
			const r = (await rt.n8nCli(runtime, await rt.n8nEnv(userFolder), ['execute', '--id=esmsZaloFallback', '--rawOutput'])) as CliResult;
			expect(r.code).toBe(0);
			const [sent] = outputs(rt.parseRawOutput(r.stdout) as Run, 'Send ZNS with SMS Fallback');
			expect(sent).toMatchObject({ alreadyAccepted: false, channel: 'zalo', fallbackChannel: 'sms', phone: NO_ZALO, brandname: 'Baotrixemay', content: '686868 la ma xac minh dang ky Baotrixemay cua ban', deliveredBy: null });

			let callbacks: ReturnType<Simulator['callbacks']> = [];
			for (let i = 0; i < 80 && callbacks.length < 2; i++) {
				await sleep(250);
				await sim.settleCallbacks();
				callbacks = sim.callbacks().filter((c) => c.url.startsWith(hook));
			}
			expect(callbacks.map((c) => [c.status, new URL(c.url).searchParams.get('TypeId')])).toEqual([
				[200, '25'],
				[200, '2'],
			]);
			expect(new URL(callbacks[1].url).searchParams.get('switchsmsid')).toBe(sent.smsId);

			const call = await rt.ownerSession(n8n.url, OWNER);
			let executions: Array<{ id: string; mode: string; status: string; workflowId: string }> = [];
			for (let i = 0; i < 40; i++) {
				executions = ((await call('GET', '/rest/executions?limit=50')).json?.data?.results ?? []).filter(
					(e: { workflowId: string; mode: string }) => e.workflowId === 'esmsZaloFallback' && e.mode === 'webhook',
				);
				if (executions.length === 2 && executions.every((e) => e.status === 'success')) break;
				await sleep(250);
			}
			expect(executions.map((e) => [e.mode, e.status])).toEqual([
				['webhook', 'success'],
				['webhook', 'success'],
			]);
			// which branch each report took (run data is stored flattened: node names stay keys)
			const ran = await Promise.all(
				executions.map(async (e) => {
					const data = String((await call('GET', `/rest/executions/${e.id}`)).json.data.data);
					return ['Delivered', 'Zalo Failed, SMS Follows'].filter((n) => data.includes(`"${n}":`));
				}),
			);
			expect(ran.sort()).toEqual([['Delivered'], ['Zalo Failed, SMS Follows']]);
		} finally {
			await n8n.stop();
		}
	}, 240_000);
});
