/**
 * In a real n8n 2.41.1 (the packed package loaded as a community package), against the simulator:
 * items stay paired through the eSMS node under "Continue (using error output)", a refused item under
 * "Stop Workflow" sends no item of the run, and the credential test refuses an eSMS answer that is
 * not 100, through n8n's REST API as the editor calls it.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { createSimulator } from '../helpers/simulator';
import type { Simulator } from '../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rt = require('../../scripts/lib/n8n-runtime.js');

interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}
interface Item {
	json: Record<string, unknown>;
	pairedItem?: { item: number };
}
interface Run {
	data: { resultData: { runData: Record<string, Array<{ data: { main: Item[][] } }>> } };
}

const OWNER = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Demo-password-1' };
/** enough balance for exactly one fixed-number SMS (the simulator's price for SmsType 8 is 350 VND) */
const ONE_SMS = { apiKey: 'PAIRED_API_KEY', secretKey: 'PAIRED_SECRET_KEY', userId: 7101, balance: 350 };
/** an account of its own for the Stop Workflow runs, with balance to spare */
const STOP = { apiKey: 'STOP_API_KEY', secretKey: 'STOP_SECRET_KEY', userId: 7102, balance: 1_000_000 };
/** the answer eSMS gives a caller whose IP is not whitelisted (its wording is not documented) */
const IP_REFUSED = { Balance: 0, CodeResponse: '140', ErrorMessage: 'IP 203.0.113.7 not in whitelist' };

let sim: Simulator;
let runtime: { dir: string; nodeBin: string; n8nBin: string };
let work: string;
let env: Record<string, string>;
let eSmsIpRefused: http.Server;

async function cli(...args: string[]): Promise<CliResult> {
	return (await rt.n8nCli(runtime, env, args)) as CliResult;
}

const credential = (id: string, name: string, apiKey: string, secretKey: string, baseUrl: string) => ({
	id,
	name,
	type: 'esmsApi',
	data: { apiKey, secretKey, baseUrl, voiceBaseUrl: sim.voiceUrl },
});

/**
 * Manual trigger → three recipients → eSMS send (On Error: continue using error output) →
 * success: "Sent" → "Report" reads `$('eSMS').item` two nodes later;
 * error: "Failed" writes the failed input item's phone.
 */
const workflow = {
	id: 'esmsPairedE2e',
	name: 'eSMS: paired items (e2e)',
	active: false,
	nodes: [
		{ id: 'a1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'a2',
			name: 'Recipients',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: {
				jsCode: "return [['An', '0901888484'], ['Binh', '0912345678'], ['Chi', '0987654321']].map(([name, phone]) => ({ json: { name, phone } }));",
			},
		},
		{
			id: 'a3',
			name: 'eSMS',
			type: 'n8n-nodes-esms.esms',
			typeVersion: 1,
			position: [400, 0],
			onError: 'continueErrorOutput',
			credentials: { esmsApi: { id: 'esmsOneSms', name: 'eSMS (balance for one SMS)' } },
			// one request at a time, in item order: the first takes the balance, the next two get 103
			parameters: { resource: 'sms', operation: 'sendFixedNumber', phone: '={{ $json.phone }}', content: 'Hello', options: { maxConcurrentRequests: 1 } },
		},
		{
			id: 'a4',
			name: 'Sent',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [600, -100],
			parameters: {
				assignments: { assignments: [{ id: 's1', name: 'name', value: "={{ $('Recipients').item.json.name }}", type: 'string' }] },
				options: {},
			},
		},
		{
			id: 'a5',
			name: 'Report',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [800, -100],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'r1', name: 'name', value: '={{ $json.name }}', type: 'string' },
						{ id: 'r2', name: 'smsId', value: "={{ $('eSMS').item.json.smsId }}", type: 'string' },
						{ id: 'r3', name: 'phone', value: "={{ $('eSMS').item.json.phone }}", type: 'string' },
					],
				},
				options: {},
			},
		},
		{
			id: 'a6',
			name: 'Failed',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [600, 100],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'f1', name: 'failedPhone', value: "={{ $('Recipients').item.json.phone }}", type: 'string' },
						{ id: 'f2', name: 'error', value: '={{ $json.error }}', type: 'string' },
					],
				},
				options: {},
			},
		},
	],
	connections: {
		Start: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
		Recipients: { main: [[{ node: 'eSMS', type: 'main', index: 0 }]] },
		eSMS: { main: [[{ node: 'Sent', type: 'main', index: 0 }], [{ node: 'Failed', type: 'main', index: 0 }]] },
		Sent: { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
};

beforeAll(async () => {
	runtime = await rt.ensureRuntime((line: string) => process.stdout.write(`${line}\n`));
	sim = createSimulator({ timeline: { visibleMs: 300, sentMs: 600, finalMs: 1200 } });
	await sim.start();
	sim.addAccount(ONE_SMS);
	sim.addAccount(STOP);
	eSmsIpRefused = http.createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
		res.end(JSON.stringify(IP_REFUSED));
	});
	await new Promise<void>((r) => eSmsIpRefused.listen(0, '127.0.0.1', r));
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-paired-e2e-'));
	const { userFolder } = await rt.makeUserFolder(work);
	env = await rt.n8nEnv(userFolder);
	const file = path.join(work, 'credentials.json');
	fs.writeFileSync(
		file,
		JSON.stringify([
			credential('esmsOneSms', 'eSMS (balance for one SMS)', ONE_SMS.apiKey, ONE_SMS.secretKey, sim.restUrl),
			credential('esmsStop', 'eSMS (Stop Workflow runs)', STOP.apiKey, STOP.secretKey, sim.restUrl),
			credential('esmsIpRefused', 'eSMS (IP not whitelisted)', 'DEMO_API_KEY', 'DEMO_SECRET_KEY', `http://127.0.0.1:${(eSmsIpRefused.address() as AddressInfo).port}`),
		]),
	);
	expect((await cli('import:credentials', `--input=${file}`)).code).toBe(0);
}, 900_000);

afterAll(async () => {
	await sim?.stop();
	await new Promise<void>((r) => (eSmsIpRefused ? eSmsIpRefused.close(() => r()) : r()));
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('3 items, items 2 and 3 refused with 103 under "Continue (using error output)": both outputs stay paired', async () => {
	const file = path.join(work, 'paired.json');
	fs.writeFileSync(file, JSON.stringify(workflow));
	expect((await cli('import:workflow', `--input=${file}`)).code).toBe(0);
	const r = await cli('execute', `--id=${workflow.id}`, '--rawOutput');
	expect(r.code).toBe(0);
	const run = rt.parseRawOutput(r.stdout) as Run;
	const out = (node: string, output = 0) => run.data.resultData.runData[node][0].data.main[output];

	const [success, errors] = [out('eSMS', 0), out('eSMS', 1)];
	expect(success.map((i) => [i.json.phone, i.pairedItem])).toEqual([['0901888484', { item: 0 }]]);
	expect(errors.map((i) => [i.json.error, i.pairedItem])).toEqual([
		['eSMS error 103: not enough balance to send', { item: 1 }],
		['eSMS error 103: not enough balance to send', { item: 2 }],
	]);
	// the error branch knows which input failed
	expect(out('Failed').map((i) => i.json)).toEqual([
		{ failedPhone: '0912345678', error: 'eSMS error 103: not enough balance to send' },
		{ failedPhone: '0987654321', error: 'eSMS error 103: not enough balance to send' },
	]);
	// two nodes after the success output, $('eSMS').item and $('Recipients').item still resolve
	const [sent] = success;
	expect(out('Report').map((i) => i.json)).toEqual([{ name: 'An', smsId: sent.json.smsId, phone: '0901888484' }]);
	expect(sim.ledger().filter((e) => e.userId === ONE_SMS.userId).map((e) => e.phone)).toEqual(['0901888484']);
}, 180_000);

/** Manual trigger → the given recipients → eSMS send with n8n's default On Error ("Stop Workflow"). */
function stopWorkflow(id: string, phones: string[]) {
	return {
		id,
		name: `eSMS: Stop Workflow (${id})`,
		active: false,
		nodes: [
			{ id: 's1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 's2',
				name: 'Recipients',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: { jsCode: `return ${JSON.stringify(phones)}.map((phone) => ({ json: { phone } }));` },
			},
			{
				id: 's3',
				name: 'eSMS',
				type: 'n8n-nodes-esms.esms',
				typeVersion: 1,
				position: [400, 0],
				credentials: { esmsApi: { id: 'esmsStop', name: 'eSMS (Stop Workflow runs)' } },
				parameters: { resource: 'sms', operation: 'sendFixedNumber', phone: '={{ $json.phone }}', content: 'Hello' },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
			Recipients: { main: [[{ node: 'eSMS', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

test('3 items, item 3 with a bad phone, On Error "Stop Workflow": no item is sent, the error names item 3; fixed, all 3 are sent once', async () => {
	const run = async (wf: ReturnType<typeof stopWorkflow>) => {
		const file = path.join(work, `${wf.id}.json`);
		fs.writeFileSync(file, JSON.stringify(wf));
		expect((await cli('import:workflow', `--input=${file}`)).code).toBe(0);
		return await cli('execute', `--id=${wf.id}`, '--rawOutput');
	};
	const sends = () => sim.requests().filter((r) => r.path.endsWith('SendMultipleMessage_V4_get') && r.query.ApiKey === STOP.apiKey);
	const ledger = () => sim.ledger().filter((e) => e.userId === STOP.userId);

	const bad = await run(stopWorkflow('esmsStopBadItem3', ['0901888484', '0912345678', 'nope']));
	expect(bad.code).toBe(1);
	// before the run barrier, items 1 and 2 were sent here, and their SMSIDs were in no output
	expect(sends()).toEqual([]);
	expect(ledger()).toEqual([]);
	const failed = rt.parseRawOutput(bad.stdout) as { data: { resultData: { error: { message: string; description: string; context: { itemIndex: number } } } } };
	expect(failed.data.resultData.error).toMatchObject({
		message: 'Invalid "Phone" in item 3: it contains characters other than digits, spaces, dots, dashes and a leading +',
		description: expect.stringMatching(/^Item 3 was refused, so no item of this run was sent to eSMS \(On Error is "Stop Workflow"\)/),
		context: expect.objectContaining({ itemIndex: 2 }),
	});

	const good = await run(stopWorkflow('esmsStopAllGood', ['0901888484', '0912345678', '0987654321']));
	expect(good.code).toBe(0);
	const sent = (rt.parseRawOutput(good.stdout) as Run).data.resultData.runData.eSMS[0].data.main[0];
	expect(sent.map((i) => [i.json.phone, i.pairedItem])).toEqual([
		['0901888484', { item: 0 }],
		['0912345678', { item: 1 }],
		['0987654321', { item: 2 }],
	]);
	expect(sends()).toHaveLength(3);
	expect(ledger().map((e) => e.phone).sort()).toEqual(['0901888484', '0912345678', '0987654321']);
}, 180_000);

test('credential test through n8n\'s REST API: a 140 answer fails with the node\'s explanation, naming the IP', async () => {
	const n8n = await rt.startN8n(runtime, env);
	try {
		const call = await rt.ownerSession(n8n.url, OWNER);
		const nodes = (await call('GET', '/types/nodes.json')).json as Array<{ name: string; credentials?: unknown }>;
		expect(nodes.find((n) => n.name === 'n8n-nodes-esms.esms')?.credentials).toEqual([{ name: 'esmsApi', required: true, testedBy: 'esmsApiTest' }]);
		// as the editor does: the stored credential (password fields redacted), sent back for testing
		const test = async (id: string) => {
			const { name, type, data } = (await call('GET', `/rest/credentials/${id}?includeData=true`)).json.data;
			return (await call('POST', '/rest/credentials/test', { credentials: { id, name, type, data } })).json.data;
		};
		expect(await test('esmsIpRefused')).toEqual({
			status: 'Error',
			message:
				'eSMS error 140: the caller\'s IP address is not whitelisted. Give your n8n server\'s public IP address to eSMS sales or support to whitelist it. eSMS said: "IP 203.0.113.7 not in whitelist".',
		});
		expect(await test('esmsOneSms')).toEqual({ status: 'OK', message: 'Connection successful!' });
	} finally {
		await n8n.stop();
	}
}, 180_000);
