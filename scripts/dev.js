#!/usr/bin/env node
'use strict';
/**
 * `npm run dev`: the eSMS simulator and the n8n editor on http://127.0.0.1:5678, with this package,
 * an eSMS credential pointing at the simulator, and the example workflows loaded. Ctrl-C stops all.
 */
const fs = require('node:fs');
const path = require('node:path');

const { createSimulator, DEMO_ACCOUNTS } = require('../simulator/esms-simulator');
const rt = require('./lib/n8n-runtime');

const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'Demo-password-1' };
const port = Number(process.env.N8N_PORT ?? 5678);

/** Simulator + n8n with the package, the simulator credential and the examples loaded; logged-in owner. */
async function startDevEnvironment({ port = 5678, log = console.log } = {}) {
	const runtime = await rt.ensureRuntime(log);
	const sim = createSimulator();
	await sim.start({ port: 8686, voicePort: 8687 }).catch(async () => sim.start());
	log(`eSMS simulator: REST ${sim.restUrl}, voice ${sim.voiceUrl}`);

	const work = path.join(rt.cacheRoot(), 'dev');
	fs.rmSync(work, { recursive: true, force: true });
	fs.mkdirSync(work, { recursive: true });
	const { userFolder } = await rt.makeUserFolder(work);
	const env = await rt.n8nEnv(userFolder);
	await rt.importExamples(runtime, env, sim, DEMO_ACCOUNTS[0]);
	log('Starting n8n…');
	const n8n = await rt.startN8n(runtime, env, { port });
	const call = await rt.ownerSession(n8n.url, OWNER);
	return { sim, n8n, env, call, owner: OWNER };
}

async function main() {
	const { sim, n8n, env } = await startDevEnvironment({ port });
	console.log(`
n8n editor: ${n8n.url}
  log in:    ${OWNER.email} / ${OWNER.password}
  loaded:    the eSMS node, the credential "eSMS (local simulator)" and the example workflows
  simulator: ${sim.restUrl}/_sim/ledger shows the messages sent
Ctrl-C stops n8n and the simulator.`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the simulator…');
		await n8n.stop();
		await sim.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	n8n.child.on('exit', () => {
		if (!stopping) {
			console.error(`n8n stopped unexpectedly; see ${env.N8N_LOG_FILE_LOCATION}`);
			void sim.stop().then(() => process.exit(1));
		}
	});
}

module.exports = { startDevEnvironment };

if (require.main === module)
	main().catch((e) => {
		console.error(e instanceof rt.StepError ? e.message : e.stack);
		process.exit(1);
	});
