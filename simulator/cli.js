#!/usr/bin/env node
'use strict';
// `npm run simulator [-- --port N --voice-port N]`: both eSMS listeners on 127.0.0.1 until Ctrl-C.
const { createSimulator, DEMO_ACCOUNTS } = require('./esms-simulator');

function arg(name, fallback) {
	const i = process.argv.indexOf(name);
	if (i === -1) return fallback;
	const v = Number(process.argv[i + 1]);
	if (!Number.isInteger(v) || v < 0 || v > 65535) {
		console.error(`${name} needs a port number from 0 to 65535 (0 picks a free port)`);
		process.exit(2);
	}
	return v;
}

(async () => {
	const sim = createSimulator();
	await sim.start({ port: arg('--port', 8686), voicePort: arg('--voice-port', 8687) });
	const demo = DEMO_ACCOUNTS[0];
	console.log(`eSMS simulator
  API base URL (rest.esms.vn):           ${sim.restUrl}
  Voice API base URL (voiceapi.esms.vn): ${sim.voiceUrl}
  Demo credentials: API Key ${demo.apiKey}  Secret Key ${demo.secretKey}  (balance ${demo.balance} VND)
  Control API: ${sim.restUrl}/_sim/ledger, /_sim/callbacks, POST /_sim/clock/advance {"ms":60000}
Ctrl-C to stop.`);
	const stop = async () => {
		await sim.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
})().catch((e) => {
	console.error(`simulator failed to start: ${e.message}`);
	process.exit(1);
});
