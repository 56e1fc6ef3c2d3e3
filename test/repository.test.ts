/**
 * The repository as CI checks it out. A merge once left conflict markers in docs/development.md,
 * and nothing read that file; this reads every tracked text file.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
	.split('\0')
	.filter((f) => f && /\.(md|ts|js|mjs|json|yml|yaml|svg)$/.test(f) && f !== 'package-lock.json');

test('no tracked file holds merge conflict markers', () => {
	const marked = tracked.filter((f) => {
		const file = path.join(ROOT, f);
		return fs.existsSync(file) && /^(<{7} |={7}$|>{7} )/m.test(fs.readFileSync(file, 'utf8'));
	});
	expect(marked).toEqual([]);
});
