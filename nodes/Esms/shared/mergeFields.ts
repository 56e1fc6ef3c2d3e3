import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * One declaration per parameter wherever that is exact. n8n's routing engine evaluates every declared
 * property by its name, for every item (n8n-core routing-node.js: `for (const property of
 * nodeType.description.properties)`), so a Phone declared by two operations has its expression
 * evaluated twice per item. Operations can still declare their own fields (phoneField(...), each with
 * its displayOptions); the node merges them here.
 */

type Shown = { resources: string[]; operations: string[] };

function shownFor(p: INodeProperties): Shown | undefined {
	const show = p.displayOptions?.show;
	if (!Array.isArray(show?.resource) || !Array.isArray(show?.operation)) return undefined;
	return { resources: show.resource.map(String), operations: show.operation.map(String) };
}

/** The declaration without the resources and operations that show it, keys sorted: equal texts, equal fields. */
function withoutWhere(p: INodeProperties): string {
	const show = { ...p.displayOptions?.show };
	delete show.resource;
	delete show.operation;
	const canonical = (value: unknown): unknown =>
		Array.isArray(value)
			? value.map(canonical)
			: value !== null && typeof value === 'object'
				? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
				: value;
	return JSON.stringify(canonical({ ...p, displayOptions: { ...p.displayOptions, show } }));
}

/**
 * What withoutWhere's texts must share to be equal, for a fraction of its cost: the type, a scalar
 * default (as JSON, as withoutWhere writes it) and the number of options.
 */
const outline = (p: INodeProperties): string =>
	`${p.type}|${p.default !== null && typeof p.default === 'object' ? '' : JSON.stringify(p.default)}|${Array.isArray(p.options) ? p.options.length : -1}`;

const pairsOf = (s: Shown) => s.resources.flatMap((r) => s.operations.map((o) => `${r}:${o}`));
const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

/**
 * Merges declarations of one name that are equal apart from the resources and operations showing
 * them, when one `show: { resource, operation }` shows the merged field for exactly the operations
 * that showed either (no other resource:operation of the node gains it).
 *
 * @param properties the node's properties, including its `operation` properties (their options give
 *   the node's resource:operation pairs)
 * @returns the properties in their order; a merged field takes the place of its first declaration
 */
export function mergeSharedFields(properties: INodeProperties[]): INodeProperties[] {
	const real = new Set(
		properties
			.filter((p) => p.name === 'operation')
			.flatMap((p) => pairsOf({ resources: (p.displayOptions?.show?.resource ?? []).map(String), operations: ((p.options ?? []) as INodePropertyOptions[]).map((o) => String(o.value)) })),
	);
	const out: INodeProperties[] = [];
	// withoutWhere(out[i]), each computed once when first needed and only past the outline check: it costs
	// a canonical JSON of the whole declaration, and the node declares 16 `toolDescription` and 8 `options`
	// fields. This runs at every load of the node (`npm run bench -- --only load`): 15 ms a call before, 3 after
	// (warm, on the loaded bench machine).
	const keys: Array<string | undefined> = [];
	for (const p of properties) {
		const shown = shownFor(p);
		let key: string | undefined;
		const at = shown
			? out.findIndex(
					(q, i) => q.name === p.name && shownFor(q) && outline(q) === outline(p) && (keys[i] ??= withoutWhere(q)) === (key ??= withoutWhere(p)),
				)
			: -1;
		if (shown && at >= 0) {
			const before = shownFor(out[at])!;
			const merged = { resources: union(before.resources, shown.resources), operations: union(before.operations, shown.operations) };
			const wanted = new Set([...pairsOf(before), ...pairsOf(shown)].filter((x) => real.has(x)));
			const gained = pairsOf(merged).filter((x) => real.has(x));
			if (gained.length === wanted.size && gained.every((x) => wanted.has(x))) {
				const show = { ...out[at].displayOptions!.show, resource: merged.resources, operation: merged.operations };
				// keys[at] stays right: the merge changes only what withoutWhere leaves out
				out[at] = { ...out[at], displayOptions: { ...out[at].displayOptions, show } };
				continue;
			}
		}
		out.push(p);
		keys.push(key);
	}
	return out;
}
