/**
 * A real n8n serving one active workflow, for the e2e tests that talk to it over HTTP as its users do
 * (mcp.e2e.test.ts, agent.e2e.test.ts): a fresh user folder with the packed package installed, the
 * credentials and the workflow imported, the workflow activated, n8n started.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rt = require('../../scripts/lib/n8n-runtime.js');

export interface ActiveN8n {
	url: string;
	env: Record<string, string>;
	stop(): Promise<void>;
}

/** Fails the test when a CLI step fails, with that step's output. `extraEnv`: added to n8n's environment. */
export async function startWithActiveWorkflow(
	runtime: unknown,
	work: string,
	files: { credentials: object[]; workflow: { id: string } | Array<{ id: string }> },
	extraEnv: Record<string, string> = {},
): Promise<ActiveN8n> {
	const { userFolder } = await rt.makeUserFolder(work);
	const env: Record<string, string> = await rt.n8nEnv(userFolder, extraEnv);
	for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(work, `${name}.json`), JSON.stringify(content));
	// activated before start: the CLI asks for a restart when n8n is already running
	// (n8n 2.x `publish:workflow`, n8n 1.x `update:workflow --active=true`: rt.activateWorkflow picks)
	for (const [what, run] of [
		['import:credentials', () => rt.n8nCli(runtime, env, ['import:credentials', `--input=${path.join(work, 'credentials.json')}`])],
		['import:workflow', () => rt.n8nCli(runtime, env, ['import:workflow', `--input=${path.join(work, 'workflow.json')}`])],
		...[files.workflow].flat().map((wf) => [`activate ${wf.id}`, () => rt.activateWorkflow(runtime, env, wf.id)]),
	] as Array<[string, () => Promise<{ code: number; stdout: string; stderr: string }>]>) {
		const r = await run();
		expect({ what, code: r.code, out: r.code === 0 ? '' : `${r.stdout}${r.stderr}` }).toEqual({ what, code: 0, out: '' });
	}
	const n8n = await rt.startN8n(runtime, env);
	return { url: n8n.url, env, stop: () => n8n.stop() };
}
