'use strict';
// Self time of a .cpuprofile, grouped by package: `node bench/profile-summary.js <file.cpuprofile>`.
const fs = require('node:fs');

const profile = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
	const n = byId.get(profile.samples[i]);
	const dt = profile.timeDeltas[i] ?? 0;
	const url = n.callFrame.url || '';
	const name = n.callFrame.functionName || '(anonymous)';
	const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.includes('/dist/nodes/') ? 'this node' : url.startsWith('node:') ? 'node core' : name.startsWith('(') ? name : 'other');
	self.set(pkg, (self.get(pkg) ?? 0) + dt);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12))
	console.log(`${(v / 1000).toFixed(0).padStart(6)} ms ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
