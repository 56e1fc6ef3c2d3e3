/**
 * The packed package inside a real n8n, loaded as a community package, against the simulator: what users
 * get. n8n 2.41.1 on Node 24 by default; n8n 1.123.81 on Node 20 with ESMS_N8N=1 (`npm run
 * test:e2e:n8n1`). Slow (n8n commands take seconds each); the n8n installs are cached.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { OPERATIONS } from '../../nodes/Esms/resources';
import { createSimulator } from '../helpers/simulator';
import type { Simulator } from '../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rt = require('../../scripts/lib/n8n-runtime.js');

interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}
interface Runtime {
	dir: string;
	nodeBin: string;
	n8nBin: string;
	version: string;
	major: number;
}

const CANARY_KEY = 'E2ECANARYKEY5d1f';
const CANARY_SECRET = 'E2ECANARYSECRET9a7c';
const MANUAL_KEY = 'E2EMANUALKEY3b8e';
const MANUAL_SECRET = 'E2EMANUALSECRET6c2d';
const OWNER = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Demo-password-1' };

let sim: Simulator;
let runtime: Runtime;
let work: string;
let userFolder: string;
let env: Record<string, string>;
const cliOutputs: string[] = [];

async function cli(...args: string[]): Promise<CliResult> {
	const r = (await rt.n8nCli(runtime, env, args)) as CliResult;
	cliOutputs.push(r.stdout, r.stderr);
	return r;
}

function readExample(name: string) {
	return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', name), 'utf8'));
}

/** The workflow ID an example is imported under. */
const exampleId = (name: string) => readExample(name).id as string;

/** An example workflow with its Set node's JSON replaced, for inputs made in the simulator. */
function withInput(wf: { nodes: Array<{ name: string; parameters: Record<string, unknown> }> }, setNode: string, json: object) {
	const copy = JSON.parse(JSON.stringify(wf));
	copy.nodes.find((n: { name: string }) => n.name === setNode).parameters.jsonOutput = JSON.stringify(json);
	return copy;
}

async function importWorkflow(wf: object) {
	const file = path.join(work, `wf-${Math.random().toString(36).slice(2)}.json`);
	fs.writeFileSync(file, JSON.stringify(wf));
	const r = await cli('import:workflow', `--input=${file}`);
	expect(r.code).toBe(0);
}

async function execute(id: string) {
	const r = await cli('execute', `--id=${id}`, '--rawOutput');
	return { ...r, run: rt.parseRawOutput(r.stdout) };
}

function outputs(run: { data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } } }, node: string, runIndex = 0) {
	return run.data.resultData.runData[node][runIndex].data.main[0].map((i) => i.json);
}

async function post(base: string, op: string, body: object) {
	const r = await fetch(`${base}/MainService.svc/json/${op}`, { method: 'POST', body: JSON.stringify(body) });
	return (await r.json()) as { SMSID: string };
}

beforeAll(async () => {
	runtime = await rt.ensureRuntime((line: string) => process.stdout.write(`${line}\n`));
	sim = createSimulator({ timeline: { visibleMs: 300, sentMs: 600, finalMs: 1200 } });
	await sim.start();
	sim.addAccount({ apiKey: CANARY_KEY, secretKey: CANARY_SECRET, userId: 7001 });
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-e2e-'));
	({ userFolder } = await rt.makeUserFolder(work));
	env = await rt.n8nEnv(userFolder, { N8N_LOG_LEVEL: 'debug' });

	const creds = (id: string, name: string, apiKey: string, secretKey: string) => ({
		id,
		name,
		type: 'esmsApi',
		data: { apiKey, secretKey, baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl },
	});
	const credFile = path.join(work, 'credentials.json');
	fs.writeFileSync(
		credFile,
		JSON.stringify([
			creds('esmsSimulator', 'eSMS (local simulator)', CANARY_KEY, CANARY_SECRET),
			creds('esmsWrongKeys', 'eSMS wrong keys', CANARY_KEY, `${CANARY_SECRET}-WRONG`),
		]),
	);
	expect((await cli('import:credentials', `--input=${credFile}`)).code).toBe(0);
}, 900_000);

afterAll(async () => {
	await sim?.stop();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe(`the package in a real n8n (${rt.N8N_VERSION})`, () => {
	test('loads as a community package: both nodes and the credential registered, every operation, no errors logged', async () => {
		const n8n = await rt.startN8n(runtime, env);
		try {
			const call = await rt.ownerSession(n8n.url, OWNER);
			const nodes = (await call('GET', '/types/nodes.json')).json as Array<Record<string, unknown>>;
			const esms = nodes.find((n) => n.name === 'n8n-nodes-esms.esms') as { properties: Array<{ name: string; options?: Array<{ value: string }>; displayOptions?: { show?: { resource?: string[] } } }>; credentials: Array<{ name: string }> };
			expect(esms).toBeDefined();
			expect(esms.credentials).toEqual([{ name: 'esmsApi', required: true, testedBy: 'esmsApiTest' }]);
			const operations = esms.properties
				.filter((p) => p.name === 'operation')
				.flatMap((p) => (p.options ?? []).map((o) => `${p.displayOptions?.show?.resource?.[0]}:${o.value}`));
			expect(operations.sort()).toEqual(OPERATIONS.map((spec) => `${spec.resource}:${spec.value}`).sort());
			const trigger = nodes.find((n) => n.name === 'n8n-nodes-esms.esmsTrigger') as { webhooks: Array<{ httpMethod: string }> } | undefined;
			expect(trigger?.webhooks.map((w) => w.httpMethod)).toEqual(['GET']);
			// usableAsTool: n8n derives the AI-agent tool variant of the node
			expect(nodes.map((n) => n.name)).toContain('n8n-nodes-esms.esmsTool');
			const credentialTypes = (await call('GET', '/types/credentials.json')).json as Array<{ name: string }>;
			expect(credentialTypes.map((c) => c.name)).toContain('esmsApi');

			// the credential test, run by n8n itself
			// as the editor does: the stored credential (password fields redacted), sent back for testing
			const test = async (id: string) => {
				const stored = (await call('GET', `/rest/credentials/${id}?includeData=true`)).json.data;
				expect(JSON.stringify(stored)).not.toContain(CANARY_SECRET);
				const { name, type, data } = stored;
				return (await call('POST', '/rest/credentials/test', { credentials: { id, name, type, data } })).json.data;
			};
			expect(await test('esmsSimulator')).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(await test('esmsWrongKeys')).toEqual({
				status: 'Error',
				message:
					'eSMS error 101: API Key or Secret Key is wrong. Open the eSMS API credential and paste the API Key and Secret Key again from account.esms.vn → API settings. They are not your login password. eSMS said: "Authorize Failed".',
			});
		} finally {
			await n8n.stop();
		}
		const log = fs
			.readFileSync(env.N8N_LOG_FILE_LOCATION, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line) as { level: string; message: string; metadata?: Record<string, unknown> });
		// lazy-loaded from the package's metadata (scripts/metadata.js): n8n read no module at start-up
		expect(log.filter((l) => l.message === 'Lazy-loading nodes and credentials from n8n-nodes-esms').map((l) => l.metadata)).toContainEqual(
			expect.objectContaining({ credentials: 1, nodes: 2 }),
		);
		expect(log.filter((l) => l.message === "Can't enable lazy-loading")).toEqual([]);
		// (n8n also logs errors of its own here, e.g. it cannot reach api.n8n.io from this machine)
		const ours = /n8n-nodes-esms\/dist|n8n-nodes-esms\.esms|esmsApi|Esms\.node/;
		expect(log.filter((l) => l.level === 'error' && ours.test(JSON.stringify(l))).map((l) => l.message)).toEqual([]);
	}, 180_000);

	test('example "send and confirm": sends, polls until final, field by field', async () => {
		await importWorkflow(readExample('send-and-confirm.json'));
		const { code, run } = await execute(exampleId('send-and-confirm.json'));
		expect(code).toBe(0);
		const [sent] = outputs(run, 'Send SMS');
		expect(sent).toEqual({
			smsId: expect.stringMatching(/^[0-9a-f]{32}\d+$/),
			alreadyAccepted: false,
			phone: '0901888484',
			content: 'Don hang #1234 da duoc giao. Cam on ban!',
			unicode: false,
			segments: 1,
			replacedCharacters: [],
			estimatedCost: null,
			requestId: expect.stringMatching(/^n8n-[0-9a-f]{32}$/),
			sendDate: null,
			sandbox: false,
		});
		const polls = run.data.resultData.runData['Get SMS Status'].map((r: { data: { main: Array<Array<{ json: object }>> } }) => r.data.main[0][0].json);
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
			totalPrice: 350,
		});
		expect(outputs(run, 'Done')).toHaveLength(1);
		expect(sim.ledger().filter((e) => e.smsId === sent.smsId)).toHaveLength(1);
	}, 120_000);

	test('example "send and confirm", a status that never becomes final: the loop ends after 20 checks at "Timed Out", which says so', async () => {
		// the same example, with a Send Date tomorrow (the SMS waits, status 2, not final) and 1 s between checks
		const wf = readExample('send-and-confirm.json');
		wf.id = 'esmsPollTimeout';
		wf.name = 'eSMS: send and confirm (time-out)';
		const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 16);
		wf.nodes.find((n: { name: string }) => n.name === 'Send SMS').parameters.options = { sendDate: tomorrow };
		wf.nodes.find((n: { name: string }) => n.name === 'Wait').parameters.amount = 1;
		await importWorkflow(wf);
		const { code, stdout, stderr, run } = await execute('esmsPollTimeout');
		expect(code).not.toBe(0);
		const [sent] = outputs(run, 'Send SMS');
		const polls = run.data.resultData.runData['Get SMS Status'];
		expect(polls).toHaveLength(20);
		expect(run.data.resultData.runData['Check Again?']).toHaveLength(20);
		expect(run.data.resultData.runData.Done).toBeUndefined();
		expect(run.data.resultData.lastNodeExecuted).toBe('Timed Out');
		const message = `The status of the SMS ${sent.smsId} is still not final after 20 checks (last status: Waiting to send). Check it later with SMS Get Status, or let the eSMS Trigger receive its delivery report.`;
		expect((run.data.resultData as { error?: { message?: string } }).error?.message).toBe(message);
		expect(`${stdout}${stderr}`).toContain(message);
	}, 180_000);

	test('example "bulk status check": one status item per SMSID', async () => {
		sim.setOutcome('0912345678', 'failed');
		const ids = [];
		for (const Phone of ['0901888484', '0912345678', '0987654321'])
			ids.push((await post(sim.restUrl, 'SendMultipleMessage_V4_post_json', { ApiKey: CANARY_KEY, SecretKey: CANARY_SECRET, Phone, Content: 'hi', SmsType: '8' })).SMSID);
		await new Promise((r) => setTimeout(r, 1500));
		await importWorkflow(withInput(readExample('bulk-status-check.json'), 'SMS IDs', { smsIds: ids }));
		const { code, run } = await execute(exampleId('bulk-status-check.json'));
		expect(code).toBe(0);
		expect(outputs(run, 'Get SMS Status').map((o) => [o.smsId, o.statusCode, o.result, o.successCount, o.failedCount])).toEqual([
			[ids[0], 5, 'success', 1, 0],
			[ids[1], 5, 'failed', 0, 1],
			[ids[2], 5, 'success', 1, 0],
		]);
	}, 120_000);

	test('example "Zalo and voice status lookups"', async () => {
		sim.setOutcome('0939000111', { result: 'answered', duration: 17, ivr: '1' });
		const zalo = await post(sim.restUrl, 'SendZaloMessage_V6/', { ApiKey: CANARY_KEY, SecretKey: CANARY_SECRET, Phone: '0939000111', OAID: '1397492183140006179', TempID: '2056446', TempData: {} });
		const call = (await (await fetch(`${sim.voiceUrl}/MainService.svc/json/MakeCallRecord_V2?${new URLSearchParams({ ApiKey: CANARY_KEY, SecretKey: CANARY_SECRET, TemplateId: '12345', Phone: '0939000111' })}`)).json()) as { SMSID: string };
		await new Promise((r) => setTimeout(r, 1500));
		await importWorkflow(withInput(readExample('zalo-and-voice-status.json'), 'IDs', { zaloSmsId: zalo.SMSID, callId: call.SMSID }));
		const { code, run } = await execute(exampleId('zalo-and-voice-status.json'));
		expect(code).toBe(0);
		expect(outputs(run, 'Get Zalo Status')[0]).toMatchObject({ smsId: zalo.SMSID, isFinal: true, result: 'success', errorInfo: '0', errorInfoLabel: 'Delivered', totalPrice: 330 });
		expect(outputs(run, 'Get Voice Call Status')[0]).toEqual({
			smsId: call.SMSID,
			statusCode: 5,
			status: 'Call finished',
			isFinal: true,
			result: 'answered',
			answered: true,
			callStatus: 'ANSWERED',
			durationSeconds: 17,
			ivrKey: '1',
			sentResult: 1,
		});
	}, 120_000);

	test('wrong keys: the execution fails with the mapped 101 message', async () => {
		const wf = readExample('send-and-confirm.json');
		wf.id = 'esmsWrongKeysWf';
		for (const n of wf.nodes) if (n.credentials) n.credentials = { esmsApi: { id: 'esmsWrongKeys', name: 'eSMS wrong keys' } };
		await importWorkflow(wf);
		const { code, stdout, stderr } = await execute('esmsWrongKeysWf');
		expect(code).toBe(1);
		expect(`${stdout}${stderr}`).toContain('eSMS error 101: API Key or Secret Key is wrong');
	}, 120_000);

	test('example "send and confirm by callback": the send\'s delivery report starts the trigger side in a running n8n, once (the same report again starts nothing)', async () => {
		const port = await rt.freePort();
		const hook = `http://127.0.0.1:${port}/webhook/esms-demo-callbacks/esms-report`;
		const wf = readExample('send-and-confirm-by-callback.json');
		const id = wf.id as string;
		const trigger = wf.nodes.find((n: { name: string }) => n.name === 'eSMS Trigger').parameters;
		expect(trigger.options.dropDuplicates).toBe(true);
		const token = trigger.options.secretToken;
		wf.nodes.find((n: { name: string }) => n.name === 'Send SMS').parameters.options.callbackUrl = `${hook}?token=${token}`;
		await importWorkflow(wf);
		expect((await rt.activateWorkflow(runtime, env, id)).code).toBe(0);
		const n8n = await rt.startN8n(runtime, env, { port });
		try {
			// n8n reports ready before it has registered the active workflows' webhooks (404 until then).
			// A forged call (no token) is refused without starting anything.
			const forged = () => fetch(`${hook}?SMSID=forged&SendStatus=5&SendSuccess=1&TypeId=8`).then((x) => x.status);
			let status = await forged();
			for (let i = 0; i < 120 && status === 404; i++) {
				await new Promise((res) => setTimeout(res, 250));
				status = await forged();
			}
			expect(status).toBe(403);
			// the send runs in a second n8n process, as `n8n execute` does next to a running instance
			const sendEnv = await rt.n8nEnv(userFolder, { N8N_LOG_LEVEL: 'debug' });
			const r = (await rt.n8nCli(runtime, sendEnv, ['execute', `--id=${id}`, '--rawOutput'])) as CliResult;
			cliOutputs.push(r.stdout, r.stderr);
			expect(r.code).toBe(0);
			const [sent] = outputs(rt.parseRawOutput(r.stdout), 'Send SMS');
			let callback;
			for (let i = 0; i < 60 && !callback; i++) {
				await new Promise((res) => setTimeout(res, 250));
				await sim.settleCallbacks();
				callback = sim.callbacks().find((c) => c.smsId === sent.smsId);
			}
			expect(callback).toMatchObject({ status: 200, attempt: 1 });
			expect(callback!.url.startsWith(`${hook}?token=${token}&SMSID=${sent.smsId}&`)).toBe(true);
			const call = await rt.ownerSession(n8n.url, OWNER);
			type Execution = { id: string; mode: string; status: string; workflowId: string };
			const webhookRuns = async () =>
				((await call('GET', '/rest/executions?limit=50')).json?.data?.results ?? []).filter((e: Execution) => e.workflowId === id && e.mode === 'webhook') as Execution[];
			/** Waits until `count` webhook executions of the example have finished; returns them all. */
			const settled = async (count: number) => {
				let runs: Execution[] = [];
				for (let i = 0; i < 80; i++) {
					runs = await webhookRuns();
					if (runs.length >= count && runs.every((e) => e.status !== 'running' && e.status !== 'new')) break;
					await new Promise((res) => setTimeout(res, 250));
				}
				return runs;
			};
			expect((await settled(1)).map((e) => [e.mode, e.status])).toEqual([['webhook', 'success']]);
			const db = fs.readFileSync(path.join(userFolder, '.n8n', 'database.sqlite')).toString('latin1') + (fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite-wal')) ? fs.readFileSync(path.join(userFolder, '.n8n', 'database.sqlite-wal')).toString('latin1') : '');
			expect(db).toContain('"Delivered"');
			expect(db.split(String(sent.smsId)).length).toBeGreaterThan(2);

			// eSMS delivers the same report again (it retries when it missed the answer): Drop Duplicates
			// acknowledges it and starts nothing. n8n keeps the trigger's memory in the workflow's static
			// data, which it saves only for a valid workflow ID. Then a different final report (one sent
			// directly, not through the node) does start a run: once it has finished, the count is exact.
			const again = await fetch(callback!.url);
			expect([again.status, await again.text()]).toEqual([200, 'OK']);
			const other = await post(sim.restUrl, 'SendMultipleMessage_V4_post_json', { ApiKey: CANARY_KEY, SecretKey: CANARY_SECRET, Phone: '0901888484', Content: 'hi', SmsType: '8' });
			const otherReport = new URL(callback!.url);
			otherReport.searchParams.set('SMSID', other.SMSID);
			expect((await fetch(otherReport)).status).toBe(200);
			const runs = await settled(2);
			expect(runs.map((e) => [e.mode, e.status])).toEqual([
				['webhook', 'success'],
				['webhook', 'success'],
			]);
			const latest = (await call('GET', `/rest/executions/${runs[0].id}`)).json?.data;
			expect(JSON.stringify(latest)).toContain(other.SMSID);
		} finally {
			await n8n.stop();
		}
	}, 180_000);

	test('Drop Duplicates: reports of 10 different messages at once (a bulk send), then a copy of each: 10 executions, one per message', async () => {
		const port = await rt.freePort();
		const id = 'esmsDedupeRace';
		const hook = `http://127.0.0.1:${port}/webhook/esms-dedupe-race/esms-report`;
		await importWorkflow({
			id,
			name: 'eSMS Trigger, reports at once',
			nodes: [
				{
					id: 'race1',
					name: 'eSMS Trigger',
					type: 'n8n-nodes-esms.esmsTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId: 'esms-dedupe-race',
					parameters: { messageTypes: ['sms', 'viber', 'voice', 'zalo'], onlyFinal: true, options: { dropDuplicates: true } },
				},
			],
			connections: {},
			settings: {},
			active: false,
		});
		expect((await rt.activateWorkflow(runtime, env, id)).code).toBe(0);
		const n8n = await rt.startN8n(runtime, env, { port });
		try {
			// a call that is no report is answered without starting anything; 404 until n8n has registered the webhook
			const probe = () => fetch(`${hook}?probe=1`).then((x) => x.status);
			let status = await probe();
			for (let i = 0; i < 120 && status === 404; i++) {
				await new Promise((res) => setTimeout(res, 250));
				status = await probe();
			}
			expect(status).toBe(200);
			// eSMS's report query for a delivered fixed-number SMS
			const report = async (smsId: string) => {
				const r = await fetch(`${hook}?SMSID=${smsId}&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=350&TotalReceiver=1&TotalSent=1&RequestId=&TypeId=8&telcoid=2&phonenumber=0901888484`);
				return [r.status, await r.text()];
			};
			const smsIds = Array.from({ length: 10 }, (_, i) => `race${i}x`);
			// every call loads the workflow's static data before the others have saved theirs
			expect(await Promise.all(smsIds.map(report))).toEqual(smsIds.map(() => [200, 'OK']));
			// eSMS retries a callback it thinks was missed: a copy of each report, one after the other
			for (const smsId of smsIds) expect(await report(smsId)).toEqual([200, 'OK']);
			// a last, new report: n8n records an execution before it answers, so once this one is listed and every
			// execution has finished, each execution a copy could have started is listed too
			expect(await report('racelastx')).toEqual([200, 'OK']);
			const call = await rt.ownerSession(n8n.url, OWNER);
			type Execution = { id: string; mode: string; status: string; workflowId: string };
			let runs: Execution[] = [];
			for (let i = 0; i < 120; i++) {
				runs = ((await call('GET', '/rest/executions?limit=100')).json?.data?.results ?? []).filter((e: Execution) => e.workflowId === id);
				if (runs.length >= 11 && runs.every((e) => e.status !== 'running' && e.status !== 'new')) break;
				await new Promise((res) => setTimeout(res, 250));
			}
			const perMessage: Record<string, number> = {};
			for (const run of runs) {
				// the run data only: the execution also keeps a copy of the workflow, static data (every key) included
				const text = String((await call('GET', `/rest/executions/${run.id}`)).json?.data?.data);
				const smsId = [...smsIds, 'racelastx'].find((s) => text.includes(s)) ?? 'none';
				perMessage[smsId] = (perMessage[smsId] ?? 0) + 1;
			}
			expect(perMessage).toEqual(Object.fromEntries([...smsIds, 'racelastx'].map((s) => [s, 1])));
			expect(runs.map((e) => [e.mode, e.status])).toEqual(runs.map(() => ['webhook', 'success']));
		} finally {
			await n8n.stop();
		}
	}, 180_000);

	test('the keys appear nowhere: CLI output, n8n log, or the executions saved in n8n\'s database', () => {
		const logText = fs.readFileSync(env.N8N_LOG_FILE_LOCATION, 'utf8');
		const db = path.join(userFolder, '.n8n', 'database.sqlite');
		const dbFiles = [db, `${db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1'));
		const places = { cli: cliOutputs.join('\n'), log: logText, database: dbFiles.join('\n') };
		// the places hold the runs: the search is looking at the right data
		expect(places.database).toContain('eSMS error 101: API Key or Secret Key is wrong');
		expect(places.database).toContain('Don hang #1234 da duoc giao');
		expect(places.log.length).toBeGreaterThan(1000);
		for (const [where, text] of Object.entries(places)) {
			expect({ where, key: text.includes(CANARY_KEY) }).toEqual({ where, key: false });
			expect({ where, secret: text.includes(CANARY_SECRET) }).toEqual({ where, secret: false });
		}
	});
});

describe(`installed by the README's manual command (${rt.N8N_VERSION})`, () => {
	let manualEnv: Record<string, string>;
	const run = async (...args: string[]) => {
		const r = (await rt.n8nCli(runtime, manualEnv, args)) as CliResult;
		cliOutputs.push(r.stdout, r.stderr);
		return r;
	};

	test('the README documents the command this suite runs', () => {
		const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
		expect(readme).toContain(`\`${rt.MANUAL_INSTALL_COMMAND}\``);
	});

	test('installs only the package: no second n8n-workflow beside the one n8n runs', async () => {
		const made = await rt.makeUserFolder(work, { install: 'manual' });
		expect(made.installed).toEqual(['n8n-nodes-esms']);
		manualEnv = await rt.n8nEnv(made.userFolder, { N8N_LOG_LEVEL: 'debug' });
		// an eSMS account of its own: this second n8n instance counts executions from 1 again
		sim.addAccount({ apiKey: MANUAL_KEY, secretKey: MANUAL_SECRET, userId: 7002 });
		const data = (secretKey: string) => ({ apiKey: MANUAL_KEY, secretKey, baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl });
		const credFile = path.join(work, 'manual-credentials.json');
		fs.writeFileSync(
			credFile,
			JSON.stringify([
				{ id: 'esmsSimulator', name: 'eSMS (local simulator)', type: 'esmsApi', data: data(MANUAL_SECRET) },
				{ id: 'esmsWrongKeys', name: 'eSMS wrong keys', type: 'esmsApi', data: data(`${MANUAL_SECRET}-WRONG`) },
			]),
		);
		expect((await run('import:credentials', `--input=${credFile}`)).code).toBe(0);
	}, 120_000);

	test('an example runs', async () => {
		const file = path.join(work, 'manual-send-and-confirm.json');
		fs.writeFileSync(file, JSON.stringify(readExample('send-and-confirm.json')));
		expect((await run('import:workflow', `--input=${file}`)).code).toBe(0);
		const r = await run('execute', `--id=${exampleId('send-and-confirm.json')}`, '--rawOutput');
		expect(r.code).toBe(0);
		const [sent] = outputs(rt.parseRawOutput(r.stdout), 'Send SMS');
		expect(sent).toMatchObject({ smsId: expect.stringMatching(/^[0-9a-f]{32}\d+$/), alreadyAccepted: false, phone: '0901888484' });
	}, 120_000);

	test("wrong keys: n8n's engine sees the node's own error class (one n8n-workflow), with eSMS's 101 and the HTTP status", async () => {
		const wf = readExample('send-and-confirm.json');
		wf.id = 'esmsManualWrong';
		for (const n of wf.nodes) if (n.credentials) n.credentials = { esmsApi: { id: 'esmsWrongKeys', name: 'eSMS wrong keys' } };
		const file = path.join(work, 'manual-wrong-keys.json');
		fs.writeFileSync(file, JSON.stringify(wf));
		expect((await run('import:workflow', `--input=${file}`)).code).toBe(0);
		const r = await run('execute', '--id=esmsManualWrong', '--rawOutput');
		expect(r.code).toBe(1);
		const failed = rt.parseRawOutput(r.stdout);
		expect(failed.data.resultData.error).toMatchObject({
			name: 'NodeApiError',
			// eSMS's own code, not the HTTP status of its answer (which is 200 for every refusal)
			httpCode: '101',
			message: expect.stringContaining('eSMS error 101: API Key or Secret Key is wrong'),
		});
	}, 120_000);
});
