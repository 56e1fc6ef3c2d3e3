#!/usr/bin/env node
/**
 * n8n's verification, run here before publishing: packs the package as npm would, then runs the
 * analysis @n8n/scan-community-package applies to a published package (its ESLint legs, on the
 * tarball and on the source), and checks what the tarball holds. The scanner's other checks need the
 * npm registry's provenance data and GitHub, which a package only has once published.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-verify-'));
let failed = false;
const report = (ok, what, details = '') => {
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${details && !ok ? `\n${details}` : ''}`);
	failed ||= !ok;
};

/**
 * The metadata n8n reads instead of loading the code at start-up (n8n-core's LazyPackageDirectoryLoader,
 * which n8n 2.x and 1.x use for every package in ~/.n8n/nodes): written by n8n-core's own
 * `n8n-generate-metadata` in `npm run build` (scripts/metadata.js). It must describe exactly the code beside it: this loads
 * the tarball's code the eager way (PackageDirectoryLoader, what n8n does without metadata) and
 * compares.
 */
function checkLazyMetadata(unpacked, pkg) {
	const read = (f) => JSON.parse(fs.readFileSync(path.join(unpacked, 'dist', f), 'utf8'));
	const names = ['known/nodes.json', 'known/credentials.json', 'types/nodes.json', 'types/credentials.json'];
	const missing = names.filter((f) => !fs.existsSync(path.join(unpacked, 'dist', f)));
	report(missing.length === 0, 'lazy-loading metadata is in the tarball (dist/known, dist/types)', missing.join('\n'));
	if (missing.length) return;
	const known = { nodes: read('known/nodes.json'), credentials: read('known/credentials.json') };
	const sources = [...Object.values(known.nodes), ...Object.values(known.credentials)].map((k) => k.sourcePath).sort();
	report(JSON.stringify(sources) === JSON.stringify([...pkg.n8n.nodes, ...pkg.n8n.credentials].sort()), 'the metadata names every n8n entry of package.json, and no other', `metadata: ${sources.join(', ')}`);
	// the eager load, in a child process (n8n-core and n8n-workflow from this repository's node_modules)
	const eager = execFileSync(
		process.execPath,
		[
			'-e',
			`const { PackageDirectoryLoader } = require('n8n-core');
			(async () => {
				const l = new PackageDirectoryLoader(process.argv[1]);
				await l.loadAll();
				const nodes = l.types.nodes.map(({ __loadOptionsMethods, ...rest }) => rest);
				process.stdout.write(JSON.stringify({ known: l.known, types: { nodes, credentials: require(process.argv[2]).withoutAuthenticate(JSON.parse(JSON.stringify(l.types.credentials))) } }));
			})();`,
			unpacked,
			path.join(root, 'scripts', 'metadata.js'),
		],
		// the tarball has no node_modules: its n8n-workflow is the one n8n provides, here this repository's
		{ cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') } },
	);
	const fresh = JSON.parse(eager);
	const shipped = { known, types: { nodes: read('types/nodes.json'), credentials: read('types/credentials.json') } };
	const same = (k) => JSON.stringify(fresh[k]) === JSON.stringify(shipped[k]);
	report(same('known') && same('types'), 'the metadata equals what n8n builds from the tarball\'s code (run `npm run build` after every change)');
}

try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
	const unpacked = path.join(work, 'package');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', unpacked, '--strip-components=1']);
	const files = execFileSync('tar', ['-tzf', path.join(work, tarball)], { encoding: 'utf8' }).trim().split('\n');
	const size = fs.statSync(path.join(work, tarball)).size;

	const forbidden = files.filter((f) => /\/(test|simulator|scripts|bench|examples)\/|tsbuildinfo|\.map$|\.ts$(?<!\.d\.ts$)/.test(f));
	report(forbidden.length === 0, `tarball holds only the node (${files.length} files, ${(size / 1024).toFixed(1)} KB)`, forbidden.join('\n'));
	const pkg = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
	for (const f of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) report(fs.existsSync(path.join(unpacked, f)), `n8n entry ${f} is in the tarball`);
	for (const icon of ['dist/icons/esms.svg', 'dist/icons/esms.dark.svg']) report(fs.existsSync(path.join(unpacked, icon)), `icon ${icon} is in the tarball`);
	report(Object.keys(pkg.dependencies ?? {}).length === 0, 'no runtime dependencies');
	checkLazyMetadata(unpacked, pkg);
	report(JSON.stringify(pkg.peerDependencies) === '{"n8n-workflow":"*"}', 'n8n-workflow is the only peer dependency');

	const tarballLeg = await analyzePackage(unpacked, ['**/*.js', 'package.json']);
	report(tarballLeg.passed, 'scan-community-package analysis of the tarball', tarballLeg.details ?? tarballLeg.message ?? '');
	const sourceLeg = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	report(sourceLeg.passed, 'scan-community-package analysis of the source', sourceLeg.details ?? sourceLeg.message ?? '');
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
