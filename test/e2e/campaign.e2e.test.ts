/**
 * The example "Advertising campaign" inside a real n8n (2.41.1; 1.123.81 with ESMS_N8N=1), the packed
 * package loaded as a community package, against the simulator: a list of customers, one row each,
 * aggregated into one list, sent as one campaign, then the per-number results after a wait, with the
 * numbers that were not delivered split out.
 *
 * The node sends advertising only between 07:00 and 22:00 Vietnam time (Decree 91): n8n runs with
 * scripts/lib/vietnam-daytime.js preloaded, which moves its clock into that window when the test runs
 * outside it, so that the result does not depend on the hour.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { outputs, startCliSession } from './cli-session';
import type { CliSession, Json } from './cli-session';

interface Workflow {
	id: string;
	nodes: Array<{ name: string; parameters: Json }>;
}

const CANARY_KEY = 'E2ECAMPAIGNKEY2d6f';
const CANARY_SECRET = 'E2ECAMPAIGNSECRET81b3';
const TEXT = '[QC] Giam 30% moi don hang den 31/12 tai eSMS Shop. Tu choi: soan TC gui 8079';
const DAYTIME = path.join(__dirname, '..', '..', 'scripts', 'lib', 'vietnam-daytime.js');

let session: CliSession;
let sim: CliSession['sim'];
let env: Record<string, string>;
let cliOutputs: string[];
const example = (): Workflow => session.readExample('advertising-campaign.json');
const customers = (wf: Workflow) =>
	(JSON.parse(String(wf.nodes.find((n) => n.name === 'Customers')!.parameters.jsonOutput)) as { customers: Array<{ name: string; phone: string }> }).customers;

beforeAll(async () => {
	session = await startCliSession({
		name: 'campaign',
		apiKey: CANARY_KEY,
		secretKey: CANARY_SECRET,
		env: { N8N_LOG_LEVEL: 'debug', NODE_OPTIONS: `--require ${DAYTIME}` },
	});
	({ sim, env, cliOutputs } = session);
}, 900_000);

afterAll(async () => {
	await session?.stop();
});

describe('example "Advertising campaign" in a real n8n', () => {
	test('42 rows → one campaign of 40 numbers (a repeat and a wrong number left out), then one result per number, the failed ones split out', async () => {
		const wf = example();
		const rows = customers(wf);
		expect(rows).toHaveLength(42);
		const numbers = rows.slice(0, 40).map((r) => r.phone);
		// two numbers that will not get it: one fails at the telco, one is refused
		sim.setOutcome(numbers[5], 'failed');
		sim.setOutcome(numbers[17], 'rejected');
		await session.importWorkflow(wf);
		const { code, run, stdout, stderr } = await session.execute(wf.id);
		expect({ code, out: code === 0 ? '' : `${stdout}${stderr}`.slice(-2000) }).toEqual({ code: 0, out: '' });

		const [sent] = outputs(run, 'Send Advertising SMS');
		expect(sent).toMatchObject({
			smsId: expect.stringMatching(/^[0-9a-f]{32}\d+$/),
			alreadyAccepted: false,
			sentCount: 40,
			sent: numbers,
			excluded: [],
			brandname: 'QC_ONLINE',
			content: TEXT,
			segments: 1,
			sendDate: null,
			sandbox: false,
		});
		expect(sent.invalid).toEqual([{ value: '012345', reason: 'it does not have the 10 digits of a Vietnamese mobile number' }]);
		// "+84 90 …" is the first customer's number written another way
		expect(sent.duplicatesRemoved).toEqual([numbers[0]]);

		// one item per number, in the campaign's order, with its outcome
		const results = outputs(run, 'Get Per-Number Results');
		expect(results.map((r) => r.phone)).toEqual(numbers);
		expect(results.map((r) => r.result)).toEqual(numbers.map((_, i) => (i === 5 ? 'notDelivered' : i === 17 ? 'notSent' : 'delivered')));
		expect(results[0]).toEqual({
			phone: numbers[0],
			sent: true,
			delivered: true,
			result: 'delivered',
			status: 'Delivered',
			network: 'Mobifone',
			retries: 0,
			esmsCode: '100',
			smsId: sent.smsId,
		});
		expect(outputs(run, 'Delivered')).toHaveLength(38);
		// the false branch of "Delivered?": the numbers to follow up, with the customer's name
		expect(run.data.resultData.runData['Failed numbers'][0].data.main[0].map((i) => i.json)).toEqual([
			{ phone: numbers[5], customer: rows[5].name, result: 'notDelivered', status: 'Sent, not delivered (failed, or no report yet)', network: results[5].network, smsId: sent.smsId },
			{ phone: numbers[17], customer: rows[17].name, result: 'notSent', status: 'Not sent (waiting, scheduled or refused)', network: results[17].network, smsId: sent.smsId },
		]);

		// eSMS got one request with the 40 numbers, and each number is in the ledger once
		const sends = sim.requests().filter((r) => r.path.endsWith('SendMultipleSMSBrandname_json/'));
		expect(sends).toHaveLength(1);
		expect(JSON.parse(sends[0].body).Phones).toEqual(numbers);
		const ledger = sim.ledger().filter((e) => e.smsId === sent.smsId);
		expect(ledger.map((e) => e.phone).sort()).toEqual([...numbers].sort());
		expect(new Set(ledger.map((e) => `${e.smsType}|${e.brandname}`))).toEqual(new Set(['1|QC_ONLINE']));
		expect(sim.requests().filter((r) => r.path.endsWith('GetSmsReceiverStatus_get'))).toHaveLength(1);
	}, 300_000);

	test('a text without the [QC] label fails the execution before anything is sent, with the fix', async () => {
		const wf = example();
		wf.id = 'esmsAdCampaignNoQc';
		wf.nodes.find((n) => n.name === 'Send Advertising SMS')!.parameters.advertisingContent = 'Giam 30% moi don hang. Tu choi: soan TC gui 8079';
		sim.clearRequests();
		await session.importWorkflow(wf);
		const { code, stdout, stderr } = await session.execute(wf.id);
		expect(code).toBe(1);
		expect(`${stdout}${stderr}`).toContain('[QC]');
		expect(sim.requests().filter((r) => r.path.endsWith('SendMultipleSMSBrandname_json/'))).toHaveLength(0);
	}, 300_000);

	test("the keys appear nowhere: CLI output, n8n's log, the executions saved in its database", () => {
		const db = path.join(env.N8N_USER_FOLDER, '.n8n', 'database.sqlite');
		const places = {
			cli: cliOutputs.join('\n'),
			log: fs.readFileSync(env.N8N_LOG_FILE_LOCATION, 'utf8'),
			database: [db, `${db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('\n'),
		};
		expect(places.database).toContain('Tu choi: soan TC gui 8079');
		expect(places.log.length).toBeGreaterThan(1000);
		for (const [where, text] of Object.entries(places)) {
			expect({ where, key: text.includes(CANARY_KEY) }).toEqual({ where, key: false });
			expect({ where, secret: text.includes(CANARY_SECRET) }).toEqual({ where, secret: false });
		}
	});
});
