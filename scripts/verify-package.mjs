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
	console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${details ? `\n${details}` : ''}`);
	failed ||= !ok;
};

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
	report(JSON.stringify(pkg.peerDependencies) === '{"n8n-workflow":"*"}', 'n8n-workflow is the only peer dependency');

	const tarballLeg = await analyzePackage(unpacked, ['**/*.js', 'package.json']);
	report(tarballLeg.passed, 'scan-community-package analysis of the tarball', tarballLeg.details ?? tarballLeg.message ?? '');
	const sourceLeg = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	report(sourceLeg.passed, 'scan-community-package analysis of the source', sourceLeg.details ?? sourceLeg.message ?? '');
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
