/**
 * The 14 community-node lint rules on n8n's main branch that no release of
 * @n8n/eslint-plugin-community-nodes has yet (docs/development.md, "n8n 3 lint rules"), checked as their
 * documentation describes them, on the node, trigger and credential descriptions and the package.
 */
import fs from 'fs';
import path from 'path';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { EsmsApi } from '../credentials/EsmsApi.credentials';
import { Esms } from '../nodes/Esms/Esms.node';
import { EsmsTrigger } from '../nodes/EsmsTrigger/EsmsTrigger.node';

const ROOT = path.join(__dirname, '..');
const nodes: INodeTypeDescription[] = [new Esms().description, new EsmsTrigger().description];
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Every property, with those nested in collections and fixed collections. */
function allProperties(props: INodeProperties[]): INodeProperties[] {
	return props.flatMap((p) => [
		p,
		...allProperties(
			((p.options ?? []) as Array<INodeProperties | { values?: INodeProperties[] }>).flatMap((o) =>
				'values' in o && Array.isArray(o.values) ? o.values : 'type' in o ? [o as INodeProperties] : [],
			),
		),
	]);
}

/** WCAG contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
	const lum = (hex: string) => {
		const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
		return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
	};
	const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

test('require-mit-license: package.json says MIT', () => {
	expect(pkg.license).toBe('MIT');
});

test('cred-class-name-suffix and cred-class-name-field-conventions: EsmsApi, esmsApi', () => {
	expect(EsmsApi.name).toMatch(/Api$/);
	expect(new EsmsApi().name).toMatch(/^[a-z][a-zA-Z0-9]*Api$/);
});

test('node-class-description-name-camelcase and node-class-description-non-core-color', () => {
	for (const d of nodes) {
		expect(d.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
		expect(String((d.defaults as { color?: string }).color ?? '').toLowerCase()).not.toBe('#ff6d5a');
	}
});

test('no-ai-codex-category and no-codex-subcategories: the codex files', () => {
	for (const file of ['Esms/Esms.node.json', 'EsmsTrigger/EsmsTrigger.node.json']) {
		const codex = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes', file), 'utf8'));
		expect(codex.categories).not.toContain('AI');
		expect(codex.subcategories).toBeUndefined();
	}
});

test('no-asterisk-in-option-names, no-duplicate-param-options, hint-max-length', () => {
	for (const d of nodes)
		for (const p of allProperties(d.properties)) {
			if (p.hint) expect([p.name, p.hint.length <= 120]).toEqual([p.name, true]);
			if (p.type !== 'options' && p.type !== 'multiOptions') continue;
			const options = (p.options ?? []) as Array<{ name: string; value: unknown }>;
			for (const o of options) expect(o.name).not.toContain('*');
			expect(new Set(options.map((o) => o.name)).size).toBe(options.length);
			expect(new Set(options.map((o) => JSON.stringify(o.value))).size).toBe(options.length);
		}
});

test('icon-contrast: each theme icon at 3:1 or more on its background (the rule warns under 1.5:1)', () => {
	for (const [file, background] of [['esms.svg', '#ffffff'], ['esms.dark.svg', '#2b2b2b']]) {
		const svg = fs.readFileSync(path.join(ROOT, 'icons', file), 'utf8');
		const fills = [...svg.matchAll(/fill="(#[0-9a-fA-F]{6})"/g)].map((m) => m[1]);
		expect(fills.length).toBeGreaterThan(0);
		expect(Math.max(...fills.map((f) => contrast(f, background)))).toBeGreaterThanOrEqual(3);
	}
});

test('no-hardcoded-ids: no partner, account, tenant, customer or client ID written in a node file', () => {
	const files = ['nodes/Esms/Esms.node.ts', 'nodes/EsmsTrigger/EsmsTrigger.node.ts'];
	for (const f of files) expect(fs.readFileSync(path.join(ROOT, f), 'utf8')).not.toMatch(/(partner|affiliate|reseller|account|tenant|customer|client)_?id['"]?\s*[:=]\s*['"`]/i);
});

test('non-required-fields-in-collection and open-ended-node-fields: only the known top-level optional fields', () => {
	// fields that always hold a value (a choice with a default, a switch) and shipped at the top level:
	// moving one into a collection changes its name in saved workflows (docs/development.md explains)
	const known: Record<string, string[]> = {
		esms: ['campaignFrom', 'contentSource', 'simplify', 'smsFallback', 'smsIdSource', 'smsType', 'speed', 'unicode', 'voice'],
		esmsTrigger: ['messageTypes', 'onlyFinal'],
	};
	const exempt = new Set(['collection', 'fixedCollection', 'notice', 'callout', 'hidden', 'curlImport']);
	for (const d of nodes) {
		const optional = d.properties.filter((p) => !exempt.has(p.type) && !['resource', 'operation', 'authentication'].includes(p.name) && p.required !== true);
		expect([...new Set(optional.map((p) => p.name))].sort()).toEqual(known[d.name]);
		expect(optional.filter((p) => p.type === 'json')).toEqual([]);
	}
});
