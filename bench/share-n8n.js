'use strict';
/**
 * Makes every `require('n8n-workflow')` and `require('n8n-core')` in this process (the node's, the real
 * n8n's n8n-nodes-base, its tool generation) load this checkout's copies, as one n8n process shares one
 * copy of each. Call before anything requires them.
 */
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const shared = {
	'n8n-workflow': require.resolve('n8n-workflow', { paths: [ROOT] }),
	'n8n-core': require.resolve('n8n-core', { paths: [ROOT] }),
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
	return shared[request] ?? resolve.call(this, request, ...rest);
};
