/**
 * The example workflows' IDs. n8n saves a workflow's static data (the eSMS Trigger's memory of the
 * delivery reports it has seen, for Drop Duplicates) only when the workflow ID is valid:
 * n8n 2.41.1 `isWorkflowIdValid`: a string of 1 to 21 characters (packages/cli/src/utils.ts);
 * n8n 1.123.81: at most 16. An example with a longer ID silently loses that memory.
 * n8n's own IDs are 16 letters and digits; the examples follow that shape.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { callNodeMethod, NODE_TYPE, nodeTypes } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

const DIR = path.join(__dirname, '..', 'examples');
const examples = fs
	.readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as { id: unknown } }));

test('there are examples to check', () => {
	expect(examples.length).toBeGreaterThanOrEqual(4);
});

test.each(examples.map((e) => [e.file, e.workflow.id]))('%s: ID %p is 1 to 16 letters and digits (valid in n8n 1.x and 2.x)', (_file, id) => {
	expect(id).toEqual(expect.stringMatching(/^[A-Za-z0-9]{1,16}$/));
});

test('the IDs are distinct (importing one example never replaces another)', () => {
	const ids = examples.map((e) => e.workflow.id);
	expect(new Set(ids).size).toBe(ids.length);
});

/**
 * What the editor shows when an example is opened untouched. n8n 2.x compares a resource mapper's saved
 * `schema` with what the node's resourceMapping method returns and, when they differ, shows "Parameters
 * are outdated. Refresh to see the changes."; a list-mode resource locator shows its `cachedResultName`
 * (a bare ID without it). So every saved schema must equal the method's fields, and every picker value
 * must carry the name (and URL, if any) its list search gives, both asked of the simulator the way the
 * editor asks them (LoadOptionsContext with the node's saved parameters).
 * After changing a label or a list search, `ESMS_WRITE_EXAMPLES=1 npx jest test/examples.test.ts`
 * rewrites the examples from the node; the check then passes and the diff shows what changed.
 */
describe('opened untouched in the editor', () => {
	const env = simulatorForTests();
	const write = process.env.ESMS_WRITE_EXAMPLES === '1';

	type Rl = { __rl: true; mode: string; value: string; cachedResultName?: string; cachedResultUrl?: string };
	type Field = { id: string; removed?: boolean } & Record<string, unknown>;
	type Mapper = { mappingMode: string; value: Record<string, unknown> | null; schema?: Field[] } & Record<string, unknown>;
	type Node = { name: string; type: string; parameters: Record<string, unknown> };

	const properties = nodeTypes().getByNameAndVersion(NODE_TYPE, 1).description.properties;
	const method = (name: string, kind: 'searchListMethod' | 'resourceMapperMethod') => {
		for (const p of properties.filter((q) => q.name === name)) {
			const m = kind === 'searchListMethod' ? p.modes?.find((x) => x.name === 'list')?.typeOptions?.searchListMethod : p.typeOptions?.resourceMapper?.resourceMapperMethod;
			if (m) return m;
		}
		return undefined;
	};
	const esmsNodes = examples.flatMap(({ file, workflow }) =>
		((workflow as unknown as { nodes: Node[] }).nodes ?? []).filter((n) => n.type === NODE_TYPE).map((node) => ({ file, node })),
	);

	test('the examples use pickers and template parameter fields (the check below has something to check)', () => {
		const kinds = esmsNodes.flatMap(({ node }) => Object.keys(node.parameters).filter((k) => method(k, 'searchListMethod') ?? method(k, 'resourceMapperMethod')));
		expect(new Set(kinds)).toEqual(new Set(['brandname', 'smsTemplate', 'smsTemplateParams', 'zaloOa', 'znsTemplate', 'znsTemplateParams', 'advertisingBrandname']));
	});

	test.each(esmsNodes.map(({ file, node }) => [file, node.name, node] as const))('%s, node "%s": every picker shows a name, no "Parameters are outdated"', async (file, _name, node) => {
		const expected = structuredClone(node.parameters);
		for (const [key, raw] of Object.entries(node.parameters)) {
			const list = method(key, 'searchListMethod');
			const rl = raw as Rl;
			if (list && rl?.__rl && rl.mode === 'list') {
				const { results } = (await callNodeMethod({ creds: env.creds, kind: 'listSearch', method: list, parameters: node.parameters, args: [undefined, undefined] })) as {
					results: Array<{ name: string; value: string; url?: string }>;
				};
				const hit = results.find((r) => String(r.value) === String(rl.value));
				if (!hit) throw new Error(`${file}: "${key}" = ${rl.value} is not in the ${list} list`);
				const fixed: Rl = { __rl: true, mode: 'list', value: rl.value, cachedResultName: hit.name };
				if (hit.url) fixed.cachedResultUrl = hit.url;
				expected[key] = fixed;
			}
			const mapping = method(key, 'resourceMapperMethod');
			if (mapping) {
				const { fields } = (await callNodeMethod({ creds: env.creds, kind: 'resourceMapping', method: mapping, parameters: node.parameters })) as { fields: Field[] };
				const saved = raw as Mapper;
				// the editor keeps a field's `removed` flag from the saved schema when it refreshes
				const schema = fields.map((f) => {
					const old = saved.schema?.find((s) => s.id === f.id);
					return typeof old?.removed === 'boolean' ? { ...f, removed: old.removed } : f;
				});
				expected[key] = { ...saved, schema };
			}
		}
		if (write && JSON.stringify(expected) !== JSON.stringify(node.parameters)) {
			const filePath = path.join(DIR, file);
			const text = fs.readFileSync(filePath, 'utf8');
			const workflow = JSON.parse(text) as { nodes: Node[] };
			workflow.nodes.find((n) => n.name === node.name)!.parameters = expected;
			fs.writeFileSync(filePath, `${JSON.stringify(workflow, null, 2)}\n`);
			node.parameters = expected;
		}
		expect(node.parameters).toEqual(expected);
	});
});
