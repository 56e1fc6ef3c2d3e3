'use strict';
/**
 * Load-time stage (`npm run bench -- --only load`, also part of `npm run bench`): how long n8n takes to
 * load the eSMS node now, against the node at a baseline commit, in the same run. The baseline is
 * extracted with `git archive` into a temp directory (reused on later runs), with this checkout's
 * node_modules linked in and compiled with this checkout's tsc. Then fresh processes alternate
 * baseline / current, each doing one cold load (bench/load-child.js), and the stage prints the median
 * and spread of each and the ratio of the medians against the target.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
/**
 * The node as it was when issue 22 set the targets ("load time ≤ 1.2× of today's"): main at 044c14a,
 * 16 operations. The earlier baseline, a69eddf (5 operations, before issue 11), stays reachable with
 * `--baseline a69eddf`.
 */
const BASELINE = '044c14a';
const TARGET = 1.2;

/** Builds `rev` once into a temp directory; returns that directory. */
function baselineDir(rev) {
	const sha = execFileSync('git', ['rev-parse', '--short=12', `${rev}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
	const dir = path.join(os.tmpdir(), `esms-bench-baseline-${sha}`);
	if (fs.existsSync(path.join(dir, '.built'))) return withMetadata(dir);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C "${dir}"`], { cwd: ROOT, stdio: 'inherit' });
	fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(dir, 'node_modules'));
	execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(dir, 'tsconfig.json')], { cwd: dir, stdio: 'inherit' });
	fs.writeFileSync(path.join(dir, '.built'), `${sha}\n`);
	return withMetadata(dir);
}

/**
 * A baseline that ships n8n's lazy-loading metadata (`npm run build`'s last step, scripts/metadata.js,
 * since issue 11) gets it too: without it n8n loads every module at start-up, and the comparison would
 * be of the loading mode, not of the node.
 */
function withMetadata(dir) {
	if (fs.existsSync(path.join(dir, 'scripts', 'metadata.js')) && !fs.existsSync(path.join(dir, 'dist', 'known')))
		execFileSync(process.execPath, [path.join(dir, 'scripts', 'metadata.js')], { cwd: dir, stdio: 'inherit' });
	return dir;
}

function loadOnce(nodeBin, env, dir) {
	return new Promise((resolve, reject) => {
		const child = spawn(nodeBin, [path.join(__dirname, 'load-child.js'), dir], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (err += d));
		child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`load ${dir}: ${err}`))));
	});
}

const quantile = (xs, q) => {
	const s = [...xs].sort((a, b) => a - b);
	const i = (s.length - 1) * q;
	return s[Math.floor(i)] + (s[Math.ceil(i)] - s[Math.floor(i)]) * (i - Math.floor(i));
};

/**
 * @param {{ nodeBin: string, env: object, pairs?: number, baseline?: string }} o  nodeBin: the Node that
 *   runs n8n (24 for n8n 2.x); env must hold BENCH_N8N_MODULES (the real n8n's node_modules).
 * @returns {{ baseline, pairs, old, cur, ratio, pairRatio }} milliseconds per phase for each side.
 */
async function loadStage({ nodeBin, env, pairs = 30, baseline = BASELINE }) {
	process.stderr.write(`  load: building ${baseline} (once)…\n`);
	const oldDir = baselineDir(baseline);
	const runs = { old: [], cur: [] };
	// two discarded pairs warm the file cache; then alternate, so load on the machine hits both alike
	for (let i = -2; i < pairs; i++) {
		const first = i % 2 === 0 ? 'old' : 'cur';
		for (const side of first === 'old' ? ['old', 'cur'] : ['cur', 'old']) {
			const r = await loadOnce(nodeBin, env, side === 'old' ? oldDir : ROOT);
			if (i >= 0) runs[side].push(r);
		}
	}
	const stats = (rs) => {
		const out = { n: rs.length, properties: rs[0].properties, toolProperties: rs[0].toolProperties, jsonKb: rs[0].jsonKb, modules: rs[0].modules, modulesAtStart: rs[0].modulesAtStart, lazy: rs[0].lazy };
		for (const k of ['load', 'tool', 'json', 'total', 'firstUse', 'n8nWorkflow'])
			out[k] = { median: quantile(rs.map((r) => r[k]), 0.5), p25: quantile(rs.map((r) => r[k]), 0.25), p75: quantile(rs.map((r) => r[k]), 0.75), min: Math.min(...rs.map((r) => r[k])) };
		return out;
	};
	const old = stats(runs.old);
	const cur = stats(runs.cur);
	const pairRatio = quantile(runs.cur.map((r, i) => r.total / runs.old[i].total), 0.5);
	const result = { baseline, pairs, old, cur, ratio: cur.total.median / old.total.median, pairRatio, target: TARGET };

	const f = (x) => x.toFixed(1);
	console.log(`\nLoad time: the eSMS package as n8n 2.41.1 loads it at start-up from ~/.n8n/nodes (${path.basename(nodeBin) === 'node' ? `Node ${execFileSync(nodeBin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()}` : nodeBin}), ${baseline} against this checkout, ${pairs} fresh processes each, alternating`);
	console.log('| package | lazy-loaded | modules at start-up / after first use | properties | description JSON | start-up load ms | tool variant ms | JSON ms | start-up total ms: median (p25–p75), min | first use ms (median) |');
	console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const [name, s] of [[baseline, old], ['this checkout', cur]])
		console.log(
			`| ${name} | ${s.lazy ? 'yes' : 'no'} | ${s.modulesAtStart} / ${s.modules} | ${s.properties} | ${f(s.jsonKb)} KB | ${f(s.load.median)} | ${f(s.tool.median)} | ${f(s.json.median)} | ${f(s.total.median)} (${f(s.total.p25)}–${f(s.total.p75)}), ${f(s.total.min)} | ${f(s.firstUse.median)} |`,
		);
	console.log(
		`Start-up: ratio of medians ${result.ratio.toFixed(2)}× (median of per-pair ratios ${pairRatio.toFixed(2)}×, of minimums ${(cur.total.min / old.total.min).toFixed(2)}×); target ≤ ${TARGET}×: ${result.ratio <= TARGET ? 'met' : 'MISSED'}`,
	);
	// the first workflow run in a process then loads the code n8n skipped at start-up
	result.firstUseRatio = (cur.total.median + cur.firstUse.median) / (old.total.median + old.firstUse.median);
	console.log(
		`Start-up plus the first run of the node in that process (n8n loads the skipped code then, once per process): ${f(old.total.median + old.firstUse.median)} → ${f(cur.total.median + cur.firstUse.median)} ms, ${result.firstUseRatio.toFixed(2)}× (not a target)`,
	);
	// the same n8n-workflow for both sides: the median over all processes, so that its noise is not counted as the node's
	const w = quantile([...runs.old, ...runs.cur].map((r) => r.n8nWorkflow), 0.5);
	result.n8nWorkflowMs = w;
	result.withWorkflowRatio = (w + cur.total.median) / (w + old.total.median);
	console.log(
		`Counting n8n-workflow's own first require too (median ${f(w)} ms over all ${2 * pairs} processes; n8n pays it once, before any community node; the W3 measure): ${f(w + old.total.median)} → ${f(w + cur.total.median)} ms, ${result.withWorkflowRatio.toFixed(2)}×`,
	);
	return result;
}

module.exports = { baselineDir, loadStage, BASELINE };
