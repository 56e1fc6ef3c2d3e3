'use strict';
/**
 * One cold load of the eSMS node, the way n8n 2.41 loads a community package, in a fresh process:
 * `node bench/load-child.js <package dir>`. Prints one JSON line with the phases in milliseconds.
 *
 * What is timed, in n8n's order (n8n-core nodes-loader/lazy-package-directory-loader.js `loadAll`, then
 * n8n cli load-nodes-and-credentials.js `postProcessLoaders`):
 * - `load`: n8n's start-up load of the package with the lazy loader n8n uses for ~/.n8n/nodes: with
 *   the package's metadata (dist/known, dist/types; scripts/metadata.js) it reads four JSON files; without
 *   (the baseline) it falls back to loading every node and credential module: `require()`, `new` (in a
 *   vm context, as n8n's loadClassInIsolation does outside tests), the codex file, icon paths,
 *   `validateNodeDescription`, the declarative "Request Options" collection;
 * - `tool`: `createAiTools` from the real n8n 2.41.1 (deep copy of the description, the "eSMS Tool"
 *   variant), because the node is `usableAsTool`;
 * - `json`: `JSON.stringify` of the descriptions, which n8n serves to the editor (types/nodes.json);
 * - `firstUse`, not in `total`: `getNode('esms')`, what n8n does when a workflow first runs the node,
 *   once per process (require() and new when the start-up did not load the code; nothing otherwise).
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
const { LazyPackageDirectoryLoader, PackageDirectoryLoader } = require('n8n-core');
const { createAiTools } = require(path.join(process.env.BENCH_N8N_MODULES, 'n8n', 'dist', 'tool-generation', 'ai-tools.js'));

const base = new PackageDirectoryLoader(path.join(process.env.BENCH_N8N_MODULES, 'n8n-nodes-base'));
base.loadNodeFromFile('dist/nodes/NoOp/NoOp.node.js');
createAiTools(base.types, base.known);
JSON.stringify(base.types.nodes);

// n8n's start-up path for a package in ~/.n8n/nodes (n8n 2.41.1 CommunityPackagesModule.nodeLoaders →
// scanDirectoryForPackages; 1.x LoadNodesAndCredentials.loadNodesFromNodeModules): a lazy loader, which
// reads the package's metadata when it has some (dist/known, dist/types) and else loads every node and
// credential module of the package
const loader = new LazyPackageDirectoryLoader(dir);
const ms = (a, b) => Number(b - a) / 1e6;
(async () => {
	// n8n has read n8n-nodes-base's own metadata the same way before any community package: the first
	// async file read of a process starts libuv's thread pool, which is not this node's cost
	await require('node:fs/promises').readFile(path.join(process.env.BENCH_N8N_MODULES, 'n8n-nodes-base', 'package.json'));
	const t0 = process.hrtime.bigint();
	await loader.loadAll();
	const t1 = process.hrtime.bigint();
	createAiTools(loader.types, loader.known);
	const t2 = process.hrtime.bigint();
	const json = JSON.stringify(loader.types.nodes);
	const t3 = process.hrtime.bigint();
	// what n8n does when a workflow first runs the node (DirectoryLoader.getNode): require() and new, once
	// per process; nothing left to do when the start-up already loaded it
	const modulesAtStart = countModules();
	loader.getNode('esms');
	const t4 = process.hrtime.bigint();

	const [node, tool] = loader.types.nodes.filter((n) => n.name.startsWith('esms') && n.name !== 'esmsTrigger');
	if (node?.name !== 'esms' || tool?.name !== 'esmsTool') throw new Error(`unexpected node types: ${loader.types.nodes.map((n) => n.name)}`);
	console.log(
		JSON.stringify({
			load: ms(t0, t1),
			tool: ms(t1, t2),
			json: ms(t2, t3),
			total: ms(t0, t3),
			firstUse: ms(t3, t4),
			lazy: loader.isLazyLoaded,
			n8nWorkflow,
			properties: node.properties.length,
			toolProperties: tool.properties.length,
			jsonKb: json.length / 1024,
			modulesAtStart,
			modules: countModules(),
		}),
	);
})().catch((e) => {
	console.error(e);
	process.exit(1);
});

function countModules() {
	return Object.keys(require.cache).filter((f) => f.startsWith(path.join(dir, 'dist'))).length;
}
