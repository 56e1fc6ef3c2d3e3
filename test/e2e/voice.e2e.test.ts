/**
 * The example "Voice: call and confirm" in a real n8n (2.41.1, the packed package loaded as a community
 * package) against the simulator: Make Call → Wait → Get Status with no setup, for a text-to-speech
 * call and for a recording call that forwards on a key press.
 */
import * as fs from 'node:fs';
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
type Json = Record<string, unknown>;
interface Run {
	data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Json }>> } }>> } };
}

const KEY = 'E2EVOICEKEY3c9e';
const SECRET = 'E2EVOICESECRET71b2';

let sim: Simulator;
let runtime: { dir: string; nodeBin: string; n8nBin: string };
let work: string;
let env: Record<string, string>;
const cliOutputs: string[] = [];

async function cli(...args: string[]): Promise<CliResult> {
	const r = (await rt.n8nCli(runtime, env, args)) as CliResult;
	cliOutputs.push(r.stdout, r.stderr);
	return r;
}

const example = () => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'voice-call-and-confirm.json'), 'utf8'));

async function importAndRun(wf: { id: string }): Promise<Run> {
	const file = path.join(work, `${wf.id}.json`);
	fs.writeFileSync(file, JSON.stringify(wf));
	expect((await cli('import:workflow', `--input=${file}`)).code).toBe(0);
	const r = await cli('execute', `--id=${wf.id}`, '--rawOutput');
	expect(r.code).toBe(0);
	return rt.parseRawOutput(r.stdout);
}

const outputs = (run: Run, node: string, runIndex = 0) => run.data.resultData.runData[node][runIndex].data.main[0].map((i) => i.json);
const lastRun = (run: Run, node: string) => outputs(run, node, run.data.resultData.runData[node].length - 1);
const ran = (run: Run, node: string) => node in run.data.resultData.runData;

beforeAll(async () => {
	runtime = await rt.ensureRuntime((line: string) => process.stdout.write(`${line}\n`));
	sim = createSimulator({ timeline: { visibleMs: 300, sentMs: 600, finalMs: 1200 } });
	await sim.start();
	sim.addAccount({ apiKey: KEY, secretKey: SECRET, userId: 7002 });
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-e2e-voice-'));
	const { userFolder } = await rt.makeUserFolder(work);
	env = await rt.n8nEnv(userFolder);
	const credFile = path.join(work, 'credentials.json');
	fs.writeFileSync(
		credFile,
		JSON.stringify([
			{ id: 'esmsSimulator', name: 'eSMS (local simulator)', type: 'esmsApi', data: { apiKey: KEY, secretKey: SECRET, baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl } },
		]),
	);
	expect((await cli('import:credentials', `--input=${credFile}`)).code).toBe(0);
}, 900_000);

afterAll(async () => {
	await sim?.stop();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('example "Voice: call and confirm" in a real n8n', () => {
	test('text-to-speech call, answered: polled until final, then Confirmed; field by field', async () => {
		sim.setOutcome('0901888484', { result: 'answered', duration: 18, ivr: '' });
		const run = await importAndRun(example());
		const [call] = outputs(run, 'Make Call');
		expect(call).toEqual({
			smsId: expect.stringMatching(/^[0-9A-F-]{36}$/),
			alreadyAccepted: false,
			phone: '0901888484',
			templateId: '5001',
			variables: ['Lan', 'HD20000'],
			voice: 'hatieumai',
			speed: 0,
			requestId: expect.stringMatching(/^n8n-[0-9a-f]{32}$/),
			sendDate: null,
		});
		const [request] = sim.requests().filter((r) => r.path.endsWith('/MakeCallTemplate_V2'));
		expect(request.query).toEqual({
			TemplateId: '5001',
			Phone: '0901888484',
			VariableListStr: 'Lan||HD20000',
			Voice: 'hatieumai',
			Speed: '0',
			RequestId: call.requestId,
			ApiKey: KEY,
			SecretKey: SECRET,
		});
		expect(lastRun(run, 'Get Call Status')).toEqual([
			{ smsId: call.smsId, statusCode: 5, status: 'Call finished', isFinal: true, result: 'answered', answered: true, callStatus: 'ANSWERED', durationSeconds: 18, ivrKey: null, sentResult: 1 },
		]);
		expect(outputs(run, 'Confirmed')).toHaveLength(1);
		expect(ran(run, 'Not Reached')).toBe(false);
		expect(sim.ledger().filter((e) => e.smsId === call.smsId)).toHaveLength(1);
	}, 180_000);

	test('the same workflow with a recording call that forwards on key 1, nobody answering: Not Reached', async () => {
		sim.setOutcome('0912345678', 'noAnswer');
		const wf = example();
		wf.id = 'esmsVoiceRecord';
		wf.nodes.find((n: { name: string }) => n.name === 'Customer').parameters.jsonOutput = JSON.stringify({ phone: '0912345678' });
		wf.nodes.find((n: { name: string }) => n.name === 'Make Call').parameters = {
			resource: 'voiceCall',
			operation: 'makeCall',
			phone: '={{ $json.phone }}',
			recordingId: '12345',
			options: { forwardNumber: '028 7100 2454', ivrKey: '1', ivrWait: 10, retries: 2, retryWait: 60 },
		};
		const run = await importAndRun(wf);
		const [call] = outputs(run, 'Make Call');
		expect(call).toEqual({
			smsId: expect.stringMatching(/^[0-9A-F-]{36}$/),
			alreadyAccepted: false,
			phone: '0912345678',
			recordingId: '12345',
			forwardNumber: '02871002454',
			ivrKey: '1',
			ivrWait: 10,
			repeats: null,
			retries: 2,
			retryWait: 60,
			requestId: expect.stringMatching(/^n8n-[0-9a-f]{32}$/),
			sendDate: null,
		});
		const [request] = sim.requests().filter((r) => r.path.endsWith('/MakeCallRecord_V2'));
		expect(request.query).toEqual({
			TemplateId: '12345',
			Phone: '0912345678',
			NumberForward: '02871002454',
			MaxRetry: '2',
			Ivr: '1',
			TimeWaitToIvr: '10',
			WaitRetry: '60',
			RequestId: call.requestId,
			ApiKey: KEY,
			SecretKey: SECRET,
		});
		expect(lastRun(run, 'Get Call Status')).toEqual([
			{ smsId: call.smsId, statusCode: 5, status: 'Call finished', isFinal: true, result: 'notAnswered', answered: false, callStatus: 'NOANSWERED', durationSeconds: 0, ivrKey: null, sentResult: 1 },
		]);
		expect(outputs(run, 'Not Reached')).toHaveLength(1);
		expect(ran(run, 'Confirmed')).toBe(false);
	}, 180_000);

	test('the keys appear nowhere in the CLI output', () => {
		const text = cliOutputs.join('\n');
		expect(text).toContain('HD20000');
		expect(text.includes(KEY) || text.includes(SECRET)).toBe(false);
	});
});
