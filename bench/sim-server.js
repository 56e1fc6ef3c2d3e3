'use strict';
// The simulator in its own process, so it never shares the clients' event loop or core.
const { createSimulator } = require('../simulator/esms-simulator');

const N_IDS = 10_000;
(async () => {
	const sim = createSimulator({ autoTick: false, latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 2) });
	// the campaign stage sends tens of thousands of messages: a balance that never runs out (before the
	// messages below, which belong to this account)
	sim.addAccount({ apiKey: 'DEMO_API_KEY', secretKey: 'DEMO_SECRET_KEY', userId: 9999, balance: 1e12 });
	for (let i = 0; i < N_IDS; i++) {
		sim.injectMessage({ smsId: `BENCH-${i}`, price: 350 });
		sim.injectMessage({ smsId: `ZNS-${i}`, kind: 'zalo', price: 330 });
	}
	await sim.start();
	process.send({ restUrl: sim.restUrl, voiceUrl: sim.voiceUrl });
})();
