#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: the package inside a real n8n, against the built-in eSMS simulator.
 * Sends a fixed-number SMS with the "eSMS: send and confirm" example workflow, polls its status
 * until it is final, and prints what happened.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createSimulator, DEMO_ACCOUNTS } = require('../simulator/esms-simulator');
const rt = require('./lib/n8n-runtime');

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const step = (n, text) => console.log(`\n[${n}/5] ${text}  (${elapsed()})`);

async function main() {
	console.log('eSMS node demo: a real n8n, the n8n-nodes-esms package and the eSMS simulator');

	step(1, 'Build: done (npm run build)');
	if (!fs.existsSync(path.join(rt.ROOT, 'dist', 'nodes', 'Esms', 'Esms.node.js')))
		throw new rt.StepError('build', 'dist/ is missing', 'run `npm run demo` (it builds first), or `npm run build`');

	step(2, `n8n ${rt.N8N_VERSION} on Node ${rt.runtimeSpec().nodeMajor}`);
	const runtime = await rt.ensureRuntime((line) => console.log(line));
	console.log(`  ${runtime.cached ? 'cached' : 'installed'}: ${runtime.dir}`);

	step(3, 'eSMS simulator');
	const sim = createSimulator();
	await sim.start();
	console.log(`  REST ${sim.restUrl}   voice ${sim.voiceUrl}`);

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-demo-'));
	try {
		step(4, 'n8n: install the package, import the credential and the example workflows');
		const { userFolder } = await rt.makeUserFolder(work);
		const env = await rt.n8nEnv(userFolder);
		const count = await rt.importExamples(runtime, env, sim, DEMO_ACCOUNTS[0]);
		console.log(`  package n8n-nodes-esms installed under .n8n/nodes, 1 credential and ${count} workflows imported`);

		step(5, 'Execute "eSMS: send and confirm" with `n8n execute`');
		const { id } = JSON.parse(fs.readFileSync(path.join(rt.ROOT, 'examples', 'send-and-confirm.json'), 'utf8'));
		const r = await rt.n8nCli(runtime, env, ['execute', `--id=${id}`, '--rawOutput']);
		const run = rt.parseRawOutput(r.stdout);
		if (r.code !== 0 || !run)
			throw new rt.StepError('n8n execute', `exit code ${r.code}\n${`${r.stdout}${r.stderr}`.split('\n').slice(-12).join('\n')}`, `see ${env.N8N_LOG_FILE_LOCATION}`);
		printSummary(run, sim);
	} finally {
		await sim.stop();
		fs.rmSync(work, { recursive: true, force: true });
	}
}

function printSummary(run, sim) {
	const runData = run.data.resultData.runData;
	const first = (name, i = 0) => runData[name]?.[i]?.data?.main?.[0]?.[0]?.json;
	const sent = first('Send SMS');
	const polls = (runData['Get SMS Status'] ?? []).map((r) => r.data.main[0][0].json);
	const ledger = sim.ledger();
	console.log('\nWhat happened');
	console.log(`  Sent to      ${sent.phone}: "${sent.content}" (${sent.segments} part${sent.segments === 1 ? '' : 's'})`);
	console.log(`  SMSID        ${sent.smsId}`);
	console.log(`  Request ID   ${sent.requestId}`);
	polls.forEach((p, i) => console.log(`  Poll ${i + 1}       ${p.status} (SendStatus ${p.statusCode})${p.isFinal ? `, final: ${p.result}` : ''}`));
	console.log(`  Simulator    ${ledger.length} message accepted, ${ledger[0]?.price ?? 0} VND charged`);
	const last = polls[polls.length - 1];
	if (!last?.isFinal) throw new rt.StepError('result', 'the SMS never reached a final status', 'check the Wait and If nodes of the example');
	console.log(`\nDone in ${elapsed()}: the SMS was sent through real n8n and confirmed ${last.result}.`);
}

main().catch((e) => {
	console.error(`\n${e instanceof rt.StepError ? e.message : e.stack}`);
	process.exit(1);
});
