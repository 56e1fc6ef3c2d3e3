/**
 * The example "OTP by brandname SMS" inside a real n8n (2.41.1, the packed package loaded as a
 * community package), against the simulator, which checks brandname templates as eSMS does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startCliSession } from './cli-session';
import type { CliSession, Json } from './cli-session';

interface Workflow {
	id: string;
	nodes: Array<{ name: string; parameters: Json }>;
}

const CANARY_KEY = 'E2EBRANDKEY7c21';
const CANARY_SECRET = 'E2EBRANDSECRET4b9e';
const OTP_TEMPLATE = 'la ma xac minh dang ky Baotrixemay cua ban';

let session: CliSession;
let sim: CliSession['sim'];
let env: Record<string, string>;
let cliOutputs: string[];
const example = (): Workflow => session.readExample('otp-brandname-sms.json');

async function importAndExecute(wf: Workflow) {
	await session.importWorkflow(wf);
	return session.execute(wf.id);
}

/** The first output item of each run of a node (the example polls in a loop). */
function outputs(run: { data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Json }>> } }>> } } }, node: string) {
	return run.data.resultData.runData[node].map((r) => r.data.main[0][0].json);
}

beforeAll(async () => {
	session = await startCliSession({ name: 'brandname', apiKey: CANARY_KEY, secretKey: CANARY_SECRET, env: { N8N_LOG_LEVEL: 'debug' } });
	({ sim, env, cliOutputs } = session);
}, 900_000);

afterAll(async () => {
	await session?.stop();
});

describe('example "OTP by brandname SMS" in a real n8n', () => {
	test('sends the OTP from template 458 under Baotrixemay, then polls SMS Get Status until final, field by field', async () => {
		const { code, run } = await importAndExecute(example());
		expect(code).toBe(0);
		const [{ code: otp }] = outputs(run, 'OTP');
		expect(otp).toMatch(/^\d{6}$/);
		const [sent] = outputs(run, 'Send OTP');
		expect(sent).toEqual({
			smsId: expect.stringMatching(/^[0-9a-f]{32}\d+$/),
			alreadyAccepted: false,
			phone: '0901888484',
			content: `${otp} ${OTP_TEMPLATE}`,
			unicode: false,
			segments: 1,
			replacedCharacters: [],
			estimatedCost: null,
			requestId: expect.stringMatching(/^n8n-[0-9a-f]{32}$/),
			sendDate: null,
			sandbox: false,
			brandname: 'Baotrixemay',
			templateId: '459',
		});
		const polls = outputs(run, 'Get SMS Status');
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
			totalPrice: 850,
		});
		expect(run.data.resultData.runData.Done).toHaveLength(1);
		expect(sim.ledger().filter((e) => e.smsId === sent.smsId)).toMatchObject([{ smsType: 2, brandname: 'Baotrixemay', content: `${otp} ${OTP_TEMPLATE}` }]);
		const sends = sim.requests().filter((r) => r.path.endsWith('SendMultipleMessage_V4_post_json/'));
		expect(sends).toHaveLength(1);
		expect(sends[0].method).toBe('POST');
		expect(sim.requests().filter((r) => r.path.endsWith('GetTemplate/'))).toHaveLength(1);
	}, 180_000);

	test('a code longer than {P1,8} fails the execution before anything is sent, naming P1', async () => {
		const wf = example();
		wf.id = 'esmsOtpTooLong';
		const otp = wf.nodes.find((n) => n.name === 'OTP')!;
		otp.parameters.jsonOutput = JSON.stringify({ phone: '0901888484', code: '123456789' });
		const before = sim.ledger().length;
		sim.clearRequests();
		const { code, stdout, stderr } = await importAndExecute(wf);
		expect(code).toBe(1);
		expect(`${stdout}${stderr}`).toContain('in item 1: it has 9 characters (UTF-16 units, as eSMS counts: an emoji is 2) and the template allows at most 8');
		expect(`${stdout}${stderr}`).toContain('P1');
		expect(sim.requests().filter((r) => r.path.endsWith('SendMultipleMessage_V4_post_json/'))).toHaveLength(0);
		expect(sim.ledger()).toHaveLength(before);
	}, 180_000);

	test("the keys appear nowhere: CLI output, n8n's log, the executions saved in its database", () => {
		const db = path.join(env.N8N_USER_FOLDER, '.n8n', 'database.sqlite');
		const places = {
			cli: cliOutputs.join('\n'),
			log: fs.readFileSync(env.N8N_LOG_FILE_LOCATION, 'utf8'),
			database: [db, `${db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('\n'),
		};
		// the places hold the runs: the search looks at the right data
		expect(places.database).toContain(OTP_TEMPLATE);
		expect(places.log.length).toBeGreaterThan(1000);
		for (const [where, text] of Object.entries(places)) {
			expect({ where, key: text.includes(CANARY_KEY) }).toEqual({ where, key: false });
			expect({ where, secret: text.includes(CANARY_SECRET) }).toEqual({ where, secret: false });
		}
	});
});
