/**
 * What the example e2e files share: a simulator account with canary keys, a fresh n8n user folder with
 * the packed package installed as a community package, the eSMS credential imported (id
 * `esmsSimulator`, as every example uses), and n8n's CLI with every output kept for canary checks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { createSimulator } from '../helpers/simulator';
import type { Simulator } from '../helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rt = require('../../scripts/lib/n8n-runtime.js');

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}
export type Json = Record<string, unknown>;
export type Run = { data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Json }>> } }>> } } };
export interface Runtime {
	dir: string;
	nodeBin: string;
	n8nBin: string;
	major?: number;
}

export interface CliSession {
	sim: Simulator;
	runtime: Runtime;
	work: string;
	userFolder: string;
	env: Record<string, string>;
	/** stdout and stderr of every CLI command run through `cli`, for the canary checks */
	cliOutputs: string[];
	cli(...args: string[]): Promise<CliResult>;
	/** an example workflow of examples/, parsed */
	readExample(name: string): { id: string; nodes: Array<{ name: string; parameters: Json }> };
	/** writes the workflow to a file and imports it (the test fails if n8n refuses it) */
	importWorkflow(wf: object): Promise<void>;
	/** `n8n execute --rawOutput`, with the run parsed (undefined when the command failed) */
	execute(id: string): Promise<CliResult & { run: Run }>;
	stop(): Promise<void>;
}

/** The output items of a node in a run (`runIndex`: which of its runs). */
export const outputs = (run: Run, node: string, runIndex = 0) => run.data.resultData.runData[node][runIndex].data.main[0].map((i) => i.json);

export async function startCliSession(opts: { name: string; apiKey: string; secretKey: string; env?: Record<string, string> }): Promise<CliSession> {
	const runtime: Runtime = await rt.ensureRuntime((line: string) => process.stdout.write(`${line}\n`));
	const sim = createSimulator({ timeline: { visibleMs: 300, sentMs: 600, finalMs: 1200 } });
	await sim.start();
	sim.addAccount({ apiKey: opts.apiKey, secretKey: opts.secretKey, userId: 7002 });
	const work = fs.mkdtempSync(path.join(os.tmpdir(), `esms-e2e-${opts.name}-`));
	const { userFolder } = await rt.makeUserFolder(work);
	const env: Record<string, string> = await rt.n8nEnv(userFolder, opts.env ?? {});
	const cliOutputs: string[] = [];
	const cli = async (...args: string[]) => {
		const r = (await rt.n8nCli(runtime, env, args)) as CliResult;
		cliOutputs.push(r.stdout, r.stderr);
		return r;
	};
	const credFile = path.join(work, 'credentials.json');
	fs.writeFileSync(
		credFile,
		JSON.stringify([
			{
				id: 'esmsSimulator',
				name: 'eSMS (local simulator)',
				type: 'esmsApi',
				data: { apiKey: opts.apiKey, secretKey: opts.secretKey, baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl },
			},
		]),
	);
	expect((await cli('import:credentials', `--input=${credFile}`)).code).toBe(0);
	return {
		sim,
		runtime,
		work,
		userFolder,
		env,
		cliOutputs,
		cli,
		readExample: (name) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', name), 'utf8')),
		async importWorkflow(wf) {
			const file = path.join(work, `wf-${Math.random().toString(36).slice(2)}.json`);
			fs.writeFileSync(file, JSON.stringify(wf));
			expect((await cli('import:workflow', `--input=${file}`)).code).toBe(0);
		},
		async execute(id) {
			const r = await cli('execute', `--id=${id}`, '--rawOutput');
			return { ...r, run: r.code === 0 ? rt.parseRawOutput(r.stdout) : undefined };
		},
		async stop() {
			await sim.stop();
			fs.rmSync(work, { recursive: true, force: true });
		},
	};
}
