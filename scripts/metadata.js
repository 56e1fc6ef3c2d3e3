'use strict';
/**
 * `npm run build`'s last step: the metadata that lets n8n start without loading the node's code.
 *
 * n8n (2.x and 1.x) reads every package in ~/.n8n/nodes with n8n-core's LazyPackageDirectoryLoader: when
 * the package ships dist/known/{nodes,credentials}.json and dist/types/{nodes,credentials}.json, n8n
 * takes the descriptions from them and `require()`s a node's code only when a workflow first uses it.
 * Without them it loads every module at start-up. n8n-core's own `n8n-generate-metadata` (how n8n builds
 * n8n-nodes-base) writes them from the compiled dist/.
 *
 * One change to its output: the credential's `authenticate` is dropped from dist/types/credentials.json.
 * The generator writes a function `authenticate` as `{}`, and n8n then adds a "Custom API Call" operation
 * to every resource of the node (n8n `LoadNodesAndCredentials.injectCustomApiCallOptions`). When n8n
 * loads the code itself (no metadata, or right after an install from the Community Nodes page), the
 * function is not copied and the operation is not added. Dropping it keeps the node the same however
 * n8n loaded it. `npm run verify` checks the result against what n8n builds from the code.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** The credential types as n8n's eager loader lists them: without `authenticate`. */
function withoutAuthenticate(credentialTypes) {
	return credentialTypes.map(({ authenticate, ...rest }) => rest);
}

if (require.main === module) {
	execFileSync(process.execPath, [require.resolve('n8n-core/bin/generate-metadata')], { cwd: ROOT, stdio: 'inherit' });
	const file = path.join(ROOT, 'dist', 'types', 'credentials.json');
	const types = withoutAuthenticate(JSON.parse(fs.readFileSync(file, 'utf8')));
	// the generator's layout: one type per line
	fs.writeFileSync(file, `[\n${types.map((t) => JSON.stringify(t)).join(',\n')}\n]`);
	// which loadOptions methods exist: n8n reads these for its own packages only
	fs.rmSync(path.join(ROOT, 'dist', 'methods'), { recursive: true, force: true });
}

module.exports = { withoutAuthenticate };
