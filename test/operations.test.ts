/**
 * Every operation in the registry (nodes/Esms/resources/index.ts) has what it needs around it, so that
 * forgetting one fails here, before CI and before a user: a tool text, a section in docs/operations.md,
 * a row in the README's operations table, a simulator route, and an engine test. The lists come from
 * the registry; nothing here names an operation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { OPERATIONS, RESOURCES } from '../nodes/Esms/resources';
import { simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();
const root = path.join(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const title = (spec: (typeof OPERATIONS)[number]) => `${RESOURCES.find((r) => r.value === spec.resource)!.name} → ${spec.name}`;
const cases = OPERATIONS.map((spec) => [`${spec.resource}:${spec.value}`, spec] as const);

const operationsDoc = read('docs/operations.md');
const readme = read('README.md');
const engineTests = fs
	.readdirSync(path.join(root, 'test'))
	.filter((f) => f.endsWith('.test.ts'))
	.map((f) => read(`test/${f}`))
	.filter((text) => text.includes('runEsms('));

test('the registry has each resource:operation once', () => {
	const keys = OPERATIONS.map((s) => `${s.resource}:${s.value}`);
	expect(new Set(keys).size).toBe(keys.length);
});

describe.each(cases)('%s', (_key, spec) => {
	test('has a tool text (what the AI model reads)', () => {
		expect(spec.tool.trim().length).toBeGreaterThan(40);
	});

	test('has a section in docs/operations.md', () => {
		expect(operationsDoc).toMatch(new RegExp(`^#{2,3} ${escape(title(spec))}$`, 'm'));
	});

	test("has a row in the README's operations table", () => {
		expect(readme).toMatch(new RegExp(`^\\| ${escape(title(spec))} \\|`, 'm'));
	});

	test('has a simulator route for its request', async () => {
		const base = spec.request.baseURL ? env.sim.voiceUrl : env.sim.restUrl;
		// keys that the operation puts in the path, as the transport adds them
		const ctx = { getCredentials: async () => ({ apiKey: 'k', secretKey: 's' }) } as unknown as IExecuteSingleFunctions;
		const url = spec.atSend ? ((await spec.atSend(ctx)).url ?? spec.request.url) : spec.request.url;
		const res = await fetch(`${base}${url}`, { method: spec.request.method, ...(spec.request.method === 'POST' && { body: '{}' }) });
		expect(res.status).not.toBe(404);
	});

	test('has an engine test (a test file that runs it through runEsms)', () => {
		expect(engineTests.some((text) => text.includes(`'${spec.resource}'`) && text.includes(`'${spec.value}'`))).toBe(true);
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
