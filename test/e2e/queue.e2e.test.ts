/**
 * The package in n8n's queue mode: one main, two `n8n worker`s and one `n8n webhook` process on
 * Redis and PostgreSQL (Debian's packages, installed when missing), every process with the package in
 * its own user folder, against the simulator. Covers the README's "Queue mode" and "Rate limits"
 * claims: the workers share one account's 100/s Zalo status limit with no settings, and what the
 * trigger's Drop Duplicates guarantees when several processes receive reports.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { createSimulator } from '../helpers/simulator';
import type { Simulator } from '../helpers/simulator';

/* eslint-disable @typescript-eslint/no-require-imports */
const rt = require('../../scripts/lib/n8n-runtime.js');
const qm = require('../../scripts/lib/queue-mode.js');
/* eslint-enable @typescript-eslint/no-require-imports */

interface Proc {
	child: { pid: number; exitCode: number | null; signalCode: string | null };
	log: string;
	crashed?: string;
}
interface Cluster {
	procs: Record<string, Proc>;
	mainUrl: string;
	webhookUrls: string[];
	stop(): Promise<void>;
}
interface Server {
	port: number;
	stop(): Promise<void>;
}
interface Postgres extends Server {
	query(sql: string): string[][];
}
interface LogLine {
	level: string;
	message: string;
	metadata?: Record<string, unknown>;
}

const ACCOUNT = { apiKey: 'QUEUEKEY7c1e', secretKey: 'QUEUESECRET40b9', userId: 7101 };
const LOOKUPS = 1000;
const EXECUTIONS = 10;
/** the simulator's Zalo status limit (eSMS documents 100/s per account) */
const PER_SECOND = 100;
const FLOOR_MS = (LOOKUPS / PER_SECOND) * 1000;

let sim: Simulator;
let work: string;
let redis: Server | undefined;
let pg: Postgres | undefined;
let cluster: Cluster | undefined;
const timings: Record<string, number> = {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sql(query: string): string[][] {
	return pg!.query(query);
}
const count = (workflowId: string) => Number(sql(`SELECT count(*) FROM execution_entity WHERE "workflowId" = '${workflowId}'`)[0][0]);

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = probe();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(100);
	}
}

/** A webhook call that asks for the Zalo status of ZNS-<first> … ZNS-<first + count - 1>. */
function lookups(first: number, count: number): RequestInit {
	const smsIds = Array.from({ length: count }, (_, i) => `ZNS-${first + i}`);
	return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ smsIds }) };
}

/** The eSMS node's output items of one execution, from n8n's database (stored in `flatted` form). */
function zaloOutput(executionId: string): Array<Record<string, unknown>> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { parse } = require(path.join(rt.runtimeDir(), 'node_modules', 'flatted'));
	const [[data]] = sql(`SELECT data FROM execution_data WHERE "executionId" = ${Number(executionId)}`);
	const run = parse(data);
	return run.resultData.runData['Zalo Status'][0].data.main[0].map((i: { json: Record<string, unknown> }) => i.json);
}

/** Execution ids a worker logged as finished. */
function finishedBy(proc: Proc): string[] {
	return (qm.readLog(proc.log) as LogLine[]).flatMap((l) => /^Worker finished execution (\d+)/.exec(l.message)?.[1] ?? []);
}

beforeAll(async () => {
	const t = Date.now();
	const runtime = await rt.ensureRuntime((line: string) => process.stdout.write(`${line}\n`));
	process.stdout.write(`${qm.ensureServers((line: string) => process.stdout.write(`${line}\n`))}\n`);
	timings.install = Date.now() - t;

	sim = createSimulator();
	sim.addAccount(ACCOUNT);
	for (let i = 0; i < LOOKUPS; i++) sim.injectMessage({ smsId: `ZNS-${i}`, kind: 'zalo', apiKey: ACCOUNT.apiKey, price: 330 });
	await sim.start();

	work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-queue-'));
	let t1 = Date.now();
	redis = await qm.startRedis(path.join(work, 'redis'));
	pg = (await qm.startPostgres(path.join(work, 'pg'))) as Postgres;
	const folders = await qm.userFolders(work, ['main', 'w1', 'w2', 'webhook1']);
	timings.infrastructure = Date.now() - t1;

	// credential and workflows, imported by the CLI (the first command to get n8n's migration lock
	// creates the tables, the other waits for it), then published, so that the main activates them when
	// it starts (`--activeState=fromJson` cannot: no owner exists yet to activate them)
	t1 = Date.now();
	// the CLI logs to a file of its own, so that the main's log shows the main only
	const cliEnv = await rt.n8nEnv(folders.main, { ...qm.clusterEnv(redis, pg), N8N_LOG_FILE_LOCATION: path.join(work, 'cli.log') });
	const importDir = path.join(work, 'import');
	fs.mkdirSync(importDir);
	const credentials = path.join(work, 'credentials.json');
	fs.writeFileSync(
		credentials,
		JSON.stringify([{ id: 'esmsSimulator', name: 'eSMS (local simulator)', type: 'esmsApi', data: { ...ACCOUNT, baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl } }]),
	);
	for (const f of ['queue-zalo-lookups.json', 'queue-delivery-reports.json']) fs.copyFileSync(path.join(__dirname, 'fixtures', f), path.join(importDir, f));
	const cli = async (...args: string[]) => {
		const r = await rt.n8nCli(runtime, cliEnv, args);
		if (r.code !== 0) throw new Error(`n8n ${args[0]}: ${r.stdout}${r.stderr}`);
	};
	await Promise.all([cli('import:credentials', `--input=${credentials}`), cli('import:workflow', '--separate', `--input=${importDir}`)]);
	await Promise.all(['qmZaloLookups', 'qmDeliveryReports'].map((id) => cli('publish:workflow', `--id=${id}`)));
	timings.import = Date.now() - t1;

	t1 = Date.now();
	cluster = (await qm.startCluster(runtime, { root: work, redis, pg, folders, workers: 2, webhooks: 1 })) as Cluster;
	timings.start = Date.now() - t1;

	// n8n answers its readiness check before it has registered the published webhooks (404 until then).
	t1 = Date.now();
	const warmUp = async (url: string, init?: RequestInit) => {
		for (let i = 0; i < 200; i++) {
			const r = await fetch(url, init);
			if (r.status !== 404) return r.status;
			await sleep(250);
		}
		return 404;
	};
	expect(await warmUp(`${cluster.mainUrl}/webhook/qm-zalo-status`, lookups(0, 1))).toBe(200);
	expect(await warmUp(`${cluster.webhookUrls[0]}/webhook/qm-delivery-reports/esms-report?ping=1`)).toBe(200);
	await waitFor('the warm-up execution', () => sql(`SELECT status FROM execution_entity WHERE "workflowId" = 'qmZaloLookups'`)[0]?.[0] === 'success');
	timings.warmUp = Date.now() - t1;
	timings.setup = Date.now() - t;
	// the account's bucket of 100 requests is full again
	await sleep(1100);
}, 600_000);

afterAll(async () => {
	const t = Date.now();
	const procs = Object.values(cluster?.procs ?? {});
	await cluster?.stop();
	await redis?.stop();
	await pg?.stop();
	await sim?.stop();
	const stillRunning = procs.filter((p) => {
		try {
			process.kill(-p.child.pid, 0);
			return true;
		} catch {
			return false;
		}
	});
	if (work && !process.env.ESMS_KEEP_QUEUE_WORK) fs.rmSync(work, { recursive: true, force: true });
	process.stdout.write(`Queue-mode timings (ms): ${JSON.stringify({ ...timings, teardown: Date.now() - t })}\n`);
	expect(stillRunning.map((p) => p.log)).toEqual([]);
}, 60_000);

describe('n8n queue mode: 1 main, 2 workers, 1 webhook process, Redis, PostgreSQL', () => {
	test('every process loaded the package from its own user folder (from its metadata, lazily)', () => {
		for (const [name, proc] of Object.entries(cluster!.procs)) {
			const loaded = (qm.readLog(proc.log) as LogLine[]).filter((l) => l.message === 'Lazy-loading nodes and credentials from n8n-nodes-esms');
			expect({ name, loaded: loaded.map((l) => l.metadata) }).toEqual({ name, loaded: [expect.objectContaining({ credentials: 1 })] });
			expect(proc.crashed).toBeUndefined();
		}
	});

	test(`${EXECUTIONS} executions started together, ${LOOKUPS} Zalo lookups against ${PER_SECOND}/s: none failed, both workers ran, at most 10 % answered 160 (wall time against the ${FLOOR_MS / 1000} s floor printed)`, async () => {
		const warmUpId = Number(sql(`SELECT max(id) FROM execution_entity WHERE "workflowId" = 'qmZaloLookups'`)[0][0]);
		sim.clearRequests();
		const per = LOOKUPS / EXECUTIONS;
		const bodies = Array.from({ length: EXECUTIONS }, (_, b) => lookups(b * per, per));
		const t0 = Date.now();
		const answers = await Promise.all(bodies.map((init) => fetch(`${cluster!.mainUrl}/webhook/qm-zalo-status`, init).then(async (r) => [r.status, await r.json()])));
		expect(answers).toEqual(Array.from({ length: EXECUTIONS }, () => [200, { message: 'Workflow was started' }]));
		const done = `SELECT id, status, round(extract(epoch FROM "stoppedAt") * 1000), round(extract(epoch FROM "startedAt") * 1000) FROM execution_entity WHERE "workflowId" = 'qmZaloLookups' AND id > ${warmUpId} AND "stoppedAt" IS NOT NULL ORDER BY id`;
		const rows = await waitFor('the executions to finish', () => {
			const r = sql(done);
			return r.length === EXECUTIONS && r;
		}, 120_000);
		const wallMs = Math.max(...rows.map((r) => Number(r[2]))) - t0;

		expect(rows.map((r) => r[1])).toEqual(Array.from({ length: EXECUTIONS }, () => 'success'));
		const outputs = rows.map((r) => zaloOutput(r[0]));
		const items = outputs.flat();
		const failed = items.filter((j) => j.error !== undefined);
		expect(items).toHaveLength(LOOKUPS);
		expect(failed.map((j) => j.error)).toEqual([]);
		expect(new Set(items.map((j) => j.smsId)).size).toBe(LOOKUPS);
		// every request the simulator got beyond one per lookup was answered 160 (and asked again)
		const requests = sim.requests().filter((r) => r.path.includes('QueryZnsStatus')).length;
		const rejected = requests - (LOOKUPS - failed.length);

		const ids = rows.map((r) => r[0]);
		const byWorker = { w1: finishedBy(cluster!.procs.w1).filter((id) => ids.includes(id)), w2: finishedBy(cluster!.procs.w2).filter((id) => ids.includes(id)) };
		const ratio = wallMs / FLOOR_MS;
		const span = (r: string[]) => `${byWorker.w1.includes(r[0]) ? 'w1' : 'w2'} ${Number(r[3]) - t0}–${Number(r[2]) - t0}`;
		process.stdout.write(`Executions (worker, ms from the first call: started–stopped): ${rows.map(span).join(', ')}\n`);
		process.stdout.write(
			`Queue mode: ${EXECUTIONS} executions × ${per} Zalo lookups: ${failed.length} failed items, ${rejected} requests answered 160 (of ${requests}), ` +
				`wall ${wallMs} ms = ${ratio.toFixed(2)}× the ${FLOOR_MS / 1000} s floor; executions run by w1: ${byWorker.w1.length}, w2: ${byWorker.w2.length}\n`,
		);
		expect(byWorker.w1.length).toBeGreaterThan(0);
		expect(byWorker.w2.length).toBeGreaterThan(0);
		expect([...byWorker.w1, ...byWorker.w2].sort()).toEqual([...ids].sort());
		// the main only enqueues
		expect((qm.readLog(cluster!.procs.main.log) as LogLine[]).filter((l) => /^Worker (started|finished) execution/.test(l.message))).toEqual([]);
		// No wall-clock threshold here (the project's rule: speed goals live in `npm run bench`, whose W4
		// holds the 1.25× target): the ratio above is printed for the record. What the adaptive limiter
		// must achieve without settings, and what does not depend on the machine's load, is asserted.
		expect(rejected).toBeLessThanOrEqual(LOOKUPS / 10);
	}, 180_000);

	// eSMS needs an HTTP 200; the body is "OK" whether the report starts the workflow or is dropped
	const report = (base: string, smsId: string) =>
		fetch(`${base}/webhook/qm-delivery-reports/esms-report?SMSID=${smsId}&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=350&TotalReceiver=1&TotalSent=1&TypeId=8`).then(async (r) => {
			expect(await r.text()).toBe('OK');
			return r.status;
		});
	const reports = () => count('qmDeliveryReports');
	const storedKeys = () => sql(`SELECT "staticData" FROM workflow_entity WHERE id = 'qmDeliveryReports'`)[0][0];

	test('Drop Duplicates: a copy of the first report, sent after it was answered, is dropped by another process; concurrent copies start at most one execution per process', async () => {
		const [main, webhook] = [cluster!.mainUrl, cluster!.webhookUrls[0]];
		const before = reports();
		// each call reads the workflow's static data from the database, and n8n saves it before it answers
		expect(await report(main, 'QM-R1')).toBe(200);
		expect(reports() - before).toBe(1);
		expect(storedKeys()).toContain('sms|QM-R1|');
		expect(await report(webhook, 'QM-R1')).toBe(200);
		expect(await report(main, 'QM-R1')).toBe(200);
		expect(reports() - before).toBe(1);

		// concurrent copies: every call loads the static data before the others save it, with no lock; within
		// one process the trigger's memory lets one through, but the two processes do not see each other's
		const copies = await Promise.all(Array.from({ length: 10 }, (_, i) => report(i % 2 ? webhook : main, 'QM-R3')));
		expect(copies).toEqual(Array.from({ length: 10 }, () => 200));
		const concurrentStarts = reports() - before - 1;
		process.stdout.write(`Drop Duplicates: 10 concurrent copies of one report (5 to the main, 5 to the webhook process) started ${concurrentStarts} execution(s)\n`);
		expect(concurrentStarts).toBeGreaterThanOrEqual(1);
		expect(concurrentStarts).toBeLessThanOrEqual(2);
		await waitFor('the report executions to finish', () => Number(sql(`SELECT count(*) FROM execution_entity WHERE "workflowId" = 'qmDeliveryReports' AND status <> 'success'`)[0][0]) === 0);
	}, 120_000);

	// n8n 2.41.1 clears the static data's change flag when it starts the execution (a second Workflow
	// built on the same object), so without the trigger's workaround only the first key was ever saved
	test('Drop Duplicates: a copy of a later report, sent after it was answered, is dropped by another process; every key is kept', async () => {
		const [main, webhook] = [cluster!.mainUrl, cluster!.webhookUrls[0]];
		const before = reports();
		expect(await report(webhook, 'QM-R2')).toBe(200);
		expect(reports() - before).toBe(1);
		expect(storedKeys()).toContain('sms|QM-R2|');
		expect(await report(main, 'QM-R2')).toBe(200);
		expect(reports() - before).toBe(1);
		expect(await report(main, 'QM-R4')).toBe(200);
		expect(reports() - before).toBe(2);
		expect(await report(webhook, 'QM-R4')).toBe(200);
		expect(await report(main, 'QM-R2')).toBe(200);
		expect(reports() - before).toBe(2);
		for (const id of ['QM-R1', 'QM-R2', 'QM-R3', 'QM-R4']) expect(storedKeys()).toContain(`sms|${id}|`);
	}, 60_000);

	// the callbacks of a bulk send: each call saves the whole static data, the last save wins, so keys of
	// reports another process answered meanwhile can be missing from the database for a while
	test('Drop Duplicates: reports of 10 different messages at once, to both processes: a later copy is dropped by the process that answered the report; copies to the other process are counted', async () => {
		const [main, webhook] = [cluster!.mainUrl, cluster!.webhookUrls[0]];
		const ids = Array.from({ length: 10 }, (_, i) => `QM-B${i}`);
		const to = (i: number) => (i % 2 ? webhook : main);
		const other = (i: number) => (i % 2 ? main : webhook);
		const before = reports();
		expect(await Promise.all(ids.map((id, i) => report(to(i), id)))).toEqual(ids.map(() => 200));
		expect(reports() - before).toBe(10);
		for (const [i, id] of ids.entries()) expect(await report(to(i), id)).toBe(200);
		expect(reports() - before).toBe(10);
		for (const [i, id] of ids.entries()) expect(await report(other(i), id)).toBe(200);
		process.stdout.write(`Drop Duplicates: copies of 10 concurrent reports, each sent later to the process that did not answer it, started ${reports() - before - 10} execution(s)\n`);
		// by now each process has written back what it knows: every key is in the database
		for (const id of ids) expect(storedKeys()).toContain(`sms|${id}|`);
		await waitFor('the report executions to finish', () => Number(sql(`SELECT count(*) FROM execution_entity WHERE "workflowId" = 'qmDeliveryReports' AND status <> 'success'`)[0][0]) === 0);
	}, 120_000);
});
