/**
 * The example "Voice: call and confirm" in a real n8n (2.41.1, the packed package loaded as a community
 * package) against the simulator: Make Call → Wait → Get Status with no setup, for a text-to-speech
 * call and for a recording call that forwards on a key press.
 */
import { outputs, startCliSession } from './cli-session';
import type { CliSession, Run } from './cli-session';

const KEY = 'E2EVOICEKEY3c9e';
const SECRET = 'E2EVOICESECRET71b2';

let session: CliSession;
let sim: CliSession['sim'];
let cliOutputs: string[];
const example = () => session.readExample('voice-call-and-confirm.json');

async function importAndRun(wf: { id: string }): Promise<Run> {
	await session.importWorkflow(wf);
	const r = await session.execute(wf.id);
	expect(r.code).toBe(0);
	return r.run;
}

const lastRun = (run: Run, node: string) => outputs(run, node, run.data.resultData.runData[node].length - 1);
const ran = (run: Run, node: string) => node in run.data.resultData.runData;

beforeAll(async () => {
	session = await startCliSession({ name: 'voice', apiKey: KEY, secretKey: SECRET });
	({ sim, cliOutputs } = session);
}, 900_000);

afterAll(async () => {
	await session?.stop();
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
		wf.nodes.find((n: { name: string }) => n.name === 'Customer')!.parameters.jsonOutput = JSON.stringify({ phone: '0912345678' });
		wf.nodes.find((n: { name: string }) => n.name === 'Make Call')!.parameters = {
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
