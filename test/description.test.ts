/**
 * Invariants over the node and credential descriptions: what a reviewer checks by eye, checked for
 * every operation and field.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeHelpers } from 'n8n-workflow';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { EsmsApi } from '../credentials/EsmsApi.credentials';
import { Esms } from '../nodes/Esms/Esms.node';

const node = new Esms().description;
const credential = new EsmsApi();
const props = node.properties;

test('node basics: usable as a tool, themed icons that exist, subtitle, one credential', () => {
	expect(node.usableAsTool).toBe(true);
	expect(node.subtitle).toBeTruthy();
	expect(node.credentials).toEqual([{ name: 'esmsApi', required: true }]);
	const icon = node.icon as { light: string; dark: string };
	for (const file of [icon.light, icon.dark]) expect(fs.existsSync(path.join(__dirname, '..', 'nodes', 'Esms', file.replace('file:', '')))).toBe(true);
	const credIcon = credential.icon as { light: string; dark: string };
	for (const file of [credIcon.light, credIcon.dark]) expect(fs.existsSync(path.join(__dirname, '..', 'credentials', file.replace('file:', '')))).toBe(true);
	expect(icon.light).not.toBe(icon.dark);
});

const operations = props.filter((p) => p.name === 'operation');

test('every operation has an action, a request, at most one preSend, the request hook and one output step', () => {
	const all = operations.flatMap((p) => (p.options as INodePropertyOptions[]).map((o) => ({ resource: p.displayOptions!.show!.resource![0], o })));
	expect(all.map(({ resource, o }) => `${resource}:${o.value}`).sort()).toEqual([
		'account:getBalance',
		'account:getBrandnames',
		'account:getSmsTemplates',
		'account:getZaloOas',
		'account:getZnsTemplate',
		'account:getZnsTemplates',
		'sms:estimateBrandname',
		'sms:getStatus',
		'sms:sendBrandname',
		'sms:sendFixedNumber',
		'voiceCall:getStatus',
		'voiceCall:makeCall',
		'voiceCall:makeTextToSpeechCall',
		'zaloMessage:getStatus',
		'zaloMessage:sendZns',
		'zaloMessage:sendZnsWithSmsFallback',
	]);
	for (const { o } of all) {
		expect(o.action).toMatch(/^[A-Z]/);
		expect(o.routing?.request?.url).toMatch(/^\/MainService\.svc\/json\//);
		expect(o.routing?.send?.paginate).toBe(true);
		expect(o.routing?.send?.preSend?.length ?? 0).toBeLessThanOrEqual(1);
		expect(o.routing?.output?.postReceive).toHaveLength(1);
	}
	expect(node.requestOperations?.pagination).toBeInstanceOf(Function);
});

test('every field is shown for its operations only, has a camelCase name, and no routing of its own', () => {
	for (const p of props.filter((x) => x.name !== 'resource' && x.name !== 'operation')) {
		expect(p.name).toMatch(/^[a-z][a-zA-Z]*$/);
		expect(p.displayOptions?.show?.resource?.length).toBeGreaterThan(0);
		expect(p.displayOptions?.show?.operation?.length).toBeGreaterThan(0);
		expect(p.routing).toBeUndefined();
	}
});

test('a parameter an expression may fill is declared once (the engine evaluates it once per declaration)', () => {
	for (const name of ['smsIdField', 'phone', 'content', 'simplify'])
		expect(props.filter((p) => p.name === name)).toHaveLength(1);
	// the Get Status ID: once for workflows, once for the tool variant with other defaults (toolVariant.ts);
	// n8n tells them apart with the display option @tool. smsId is evaluated twice only when a workflow
	// sets "Enter Value"; the default "From Input Field" leaves it unset.
	for (const name of ['smsId', 'smsIdSource'])
		expect(props.filter((p) => p.name === name).map((p) => p.displayOptions?.show?.['@tool'])).toEqual([[false], [true]]);
});

test('option lists are sorted by name, as n8n\'s linters want', () => {
	const lists: INodeProperties[] = [...props, ...props.flatMap((p) => (p.type === 'collection' ? (p.options as INodeProperties[]) : []))];
	for (const p of lists.filter((x) => x.type === 'options' || x.type === 'collection')) {
		const names = (p.options as Array<{ name?: string; displayName?: string }>).map((o) => o.displayName ?? o.name ?? '');
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	}
});

test('the credential keys are password fields, and the credential has a test', () => {
	for (const name of ['apiKey', 'secretKey']) expect(credential.properties.find((p) => p.name === name)?.typeOptions?.password).toBe(true);
	expect(credential.test?.request).toMatchObject({ method: 'POST', url: '/MainService.svc/json/GetBalance_json' });
});

describe('warning for a base URL on plain http', () => {
	test.each([
		['https://rest.esms.vn', false],
		['http://rest.esms.vn', true],
		['http://10.0.0.5:8080', true],
		['http://localhost.example.com', true],
		[' http://proxy.internal', true],
		['http://127.0.0.1:8686', false],
		['http://localhost:8686/x', false],
		['http://[::1]:80', false],
	])('%s → %s', (url, shown) => {
		for (const field of ['baseUrl', 'voiceBaseUrl']) {
			const notice = credential.properties.find((p) => p.name === `${field}PlainHttpNotice`)!;
			expect(NodeHelpers.displayParameter({ [field]: url }, notice, null, null)).toBe(shown);
		}
	});
});
