'use strict';
/**
 * `npm test`: every check CI runs, in order, each stage timed. Stops at the first failing stage.
 * Ends with one plain line summing the jest runs ("N passed, N failed"), which CI reads.
 *
 *   build → lint → verify (scanner) → typecheck → unit/engine tests → e2e on n8n 2.41.1 → e2e on n8n 1.123.81
 *
 * `--skip-e2e` stops after the unit/engine tests (what a quick local run needs).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache');
const skipE2e = process.argv.includes('--skip-e2e');

/**
 * On n8n 1.x the suite runs without the queue-mode test: that one proves n8n's queue mode (Redis,
 * PostgreSQL, workers) on the version new installs get, and doubling it would cost minutes for no new
 * fact about this package.
 */
const N8N1_SKIP = ['test/e2e/queue.e2e.test.ts'];

const jest = (args, results, env = {}) => ({
	cmd: process.execPath,
	args: [require.resolve('jest/bin/jest'), ...args, '--json', `--outputFile=${results}`],
	env,
	results,
});
const npmRun = (script) => ({ cmd: 'npm', args: ['run', '-s', script] });

const stages = [
	['build', npmRun('build')],
	['lint', npmRun('lint')],
	['verify package', npmRun('verify')],
	['typecheck', npmRun('typecheck')],
	['unit and engine tests', jest([], path.join(CACHE, 'jest-results.json'))],
	['e2e, n8n 2.41.1', jest(['-c', 'test/e2e/jest.config.js'], path.join(CACHE, 'jest-e2e-results.json'))],
	[
		'e2e, n8n 1.123.81',
		jest(
			['-c', 'test/e2e/jest.config.js', ...N8N1_SKIP.map((f) => `--testPathIgnorePatterns=${f}`)],
			path.join(CACHE, 'jest-e2e-n8n1-results.json'),
			{ ESMS_N8N: '1' },
		),
	],
].filter(([name]) => !(skipE2e && name.startsWith('e2e')));

fs.mkdirSync(CACHE, { recursive: true });
const times = [];
let failed = '';
for (const [name, s] of stages) {
	console.log(`\n=== ${name} ===`);
	if (s.results) fs.rmSync(s.results, { force: true });
	const started = Date.now();
	const r = spawnSync(s.cmd, s.args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...s.env } });
	const secs = Math.round((Date.now() - started) / 1000);
	times.push([name, secs]);
	console.log(`=== ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${secs} s ===`);
	if (r.status !== 0) {
		failed = name;
		break;
	}
}

console.log('\nStage times');
for (const [name, secs] of times) console.log(`  ${name.padEnd(24)} ${String(secs).padStart(5)} s`);
const results = stages.filter(([, s]) => s.results && fs.existsSync(s.results)).map(([, s]) => JSON.parse(fs.readFileSync(s.results, 'utf8')));
const sum = (k) => results.reduce((n, x) => n + x[k], 0);
console.log(`jest: ${sum('numPassedTests')} passed, ${sum('numFailedTests')} failed`);
if (failed) {
	console.error(`npm test failed at stage "${failed}"`);
	process.exit(1);
}
