'use strict';
/**
 * One cold load of the eSMS node, the way n8n 2.41 loads a community package, in a fresh process:
 * `node bench/load-child.js <package dir>`. Prints one JSON line with the phases in milliseconds.
 *
 * What is timed, in n8n's order (n8n-core nodes-loader/directory-loader.js `loadNodeFromFile`, then
 * n8n cli load-nodes-and-credentials.js `postProcessLoaders`):
 * - `load`: `require()` of dist/nodes/Esms/Esms.node.js and everything it imports, `new Esms()`
 *   (run in a vm context, as n8n's loadClassInIsolation does outside tests), the codex file, icon
 *   paths, `validateNodeDescription`, the declarative "Request Options" collection;
 * - `tool`: `createAiTools` from the real n8n 2.41.1 (deep copy of the description, the "eSMS Tool"
 *   variant), because the node is `usableAsTool`;
 * - `json`: `JSON.stringify` of both descriptions, which n8n serves to the editor (types/nodes.json).
 * Not timed: n8n-workflow, n8n-core and n8n's tool generation themselves, which n8n has loaded and run
 * before it reads any community package, and which both versions of the node share. So the loader
 * first loads n8n's own No Operation node (its first use costs about 50 ms of n8n's own start-up, which
 * would otherwise be counted as this node's).
 */
const path = require('node:path');

const dir = path.resolve(process.argv[2]);
// one n8n-workflow and n8n-core for the loader, the node's imports and n8n's tool generation
require('./share-n8n');
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
process.env.N8N_LOG_LEVEL = 'silent';

// n8n-workflow's own cold load, for the W3-style figure (a fresh process loading n8n-workflow and the node)
const w0 = process.hrtime.bigint();
require('n8n-workflow');
const n8nWorkflow = Number(process.hrtime.bigint() - w0) / 1e6;
const { PackageDirectoryLoader } = require('n8n-core');
const { createAiTools } = require(path.join(process.env.BENCH_N8N_MODULES, 'n8n', 'dist', 'tool-generation', 'ai-tools.js'));

const base = new PackageDirectoryLoader(path.join(process.env.BENCH_N8N_MODULES, 'n8n-nodes-base'));
base.loadNodeFromFile('dist/nodes/NoOp/NoOp.node.js');
createAiTools(base.types, base.known);
JSON.stringify(base.types.nodes);

const loader = new PackageDirectoryLoader(dir);
const ms = (a, b) => Number(b - a) / 1e6;
const t0 = process.hrtime.bigint();
loader.loadNodeFromFile('dist/nodes/Esms/Esms.node.js', loader.packageJson.version);
const t1 = process.hrtime.bigint();
createAiTools(loader.types, loader.known);
const t2 = process.hrtime.bigint();
const json = JSON.stringify(loader.types.nodes);
const t3 = process.hrtime.bigint();

const [node, tool] = loader.types.nodes;
if (node?.name !== 'esms' || tool?.name !== 'esmsTool') throw new Error(`unexpected node types: ${loader.types.nodes.map((n) => n.name)}`);
console.log(
	JSON.stringify({
		load: ms(t0, t1),
		tool: ms(t1, t2),
		json: ms(t2, t3),
		total: ms(t0, t3),
		n8nWorkflow,
		properties: node.properties.length,
		toolProperties: tool.properties.length,
		jsonKb: json.length / 1024,
		modules: Object.keys(require.cache).filter((f) => f.startsWith(path.join(dir, 'dist'))).length,
	}),
);
