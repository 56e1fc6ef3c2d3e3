/**
 * Invariants over the node and credential descriptions: what a reviewer checks by eye, checked for
 * every operation and field.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import type { ICredentialType, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { EsmsApi } from '../credentials/EsmsApi.credentials';
import { Esms } from '../nodes/Esms/Esms.node';
import { OPERATIONS } from '../nodes/Esms/resources';
import { EsmsTrigger } from '../nodes/EsmsTrigger/EsmsTrigger.node';

const node = new Esms().description;
const credential = new EsmsApi();
const props = node.properties;

test('node basics: usable as a tool, themed icons that exist, subtitle, one credential', () => {
	expect(node.usableAsTool).toBe(true);
	expect(node.subtitle).toBeTruthy();
	expect(node.credentials).toEqual([{ name: 'esmsApi', required: true, testedBy: 'esmsApiTest' }]);
	const icon = node.icon as { light: string; dark: string };
	for (const file of [icon.light, icon.dark]) expect(fs.existsSync(path.join(__dirname, '..', 'nodes', 'Esms', file.replace('file:', '')))).toBe(true);
	const credIcon = credential.icon as { light: string; dark: string };
	for (const file of [credIcon.light, credIcon.dark]) expect(fs.existsSync(path.join(__dirname, '..', 'credentials', file.replace('file:', '')))).toBe(true);
	expect(icon.light).not.toBe(icon.dark);
});

const operations = props.filter((p) => p.name === 'operation');

/** The operations shipped before the registry, whose names saved workflows hold. */
const SHIPPED = [
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
];

test('every operation has an action, a request, at most one preSend, the request hook and one output step', () => {
	const all = operations.flatMap((p) => (p.options as INodePropertyOptions[]).map((o) => ({ resource: p.displayOptions!.show!.resource![0], o })));
	const names = all.map(({ resource, o }) => `${resource}:${o.value}`).sort();
	expect(names).toEqual(OPERATIONS.map((spec) => `${spec.resource}:${spec.value}`).sort());
	// names are permanent (saved workflows hold them): every shipped operation is still there
	expect(names).toEqual(expect.arrayContaining(SHIPPED));
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
	for (const name of ['smsIdField', 'simplify'])
		expect(props.filter((p) => p.name === name)).toHaveLength(1);
	// Phone and Content: once for a workflow, once for the tool (its $fromAI default; toolVariant.ts withToolInputs)
	for (const name of ['phone', 'content'])
		expect(props.filter((p) => p.name === name).map((p) => p.displayOptions?.show?.['@tool'])).toEqual([[false], [true]]);
	// the Get Status ID fields are the workflow's only (@tool: [false]); the tool variant has its own
	// toolSmsId (toolVariant.ts), so an expression in SMSID is evaluated for one declaration, not two
	for (const name of ['smsId', 'smsIdSource', 'smsIdField']) {
		expect(props.filter((p) => p.name === name).map((p) => p.displayOptions?.show?.['@tool'])).toEqual([[false]]);
	}
	expect(props.filter((p) => p.name === 'toolSmsId').map((p) => p.displayOptions?.show?.['@tool'])).toEqual([[true]]);
});

test('option lists are sorted by name, as n8n\'s linters want', () => {
	const lists: INodeProperties[] = [...props, ...props.flatMap((p) => (p.type === 'collection' ? (p.options as INodeProperties[]) : []))];
	for (const p of lists.filter((x) => x.type === 'options' || x.type === 'collection')) {
		const names = (p.options as Array<{ name?: string; displayName?: string }>).map((o) => o.displayName ?? o.name ?? '');
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	}
});

test('the credential keys are password fields; the credential is tested by the node\'s function', () => {
	for (const name of ['apiKey', 'secretKey']) expect(credential.properties.find((p) => p.name === name)?.typeOptions?.password).toBe(true);
	// n8n prefers a credential's own declarative test over the node's testedBy: there must be none
	expect((credential as ICredentialType).test).toBeUndefined();
	expect(node.credentials).toEqual([{ name: 'esmsApi', required: true, testedBy: 'esmsApiTest' }]);
	expect(new Esms().methods.credentialTest.esmsApiTest).toBeInstanceOf(Function);
});

describe('what the editor shows', () => {
	const codex = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'nodes', file), 'utf8'));
	const searchable = (c: { alias: string[] }) => c.alias.map((a) => a.toLowerCase());

	test.each([
		['Esms/Esms.node.json', ['zalo', 'sms', 'otp', 'send sms', 'vihat', 'tin nhan', 'nhan tin', 'gui tin', 'brandname', 'zns', 'voice', 'goi dien', 'tin nhắn']],
		['EsmsTrigger/EsmsTrigger.node.json', ['zalo', 'sms', 'otp', 'vihat', 'tin nhan', 'nhan tin', 'zns', 'voice', 'goi dien', 'delivery report', 'callback', 'webhook']],
	])('%s: found by what users type, in the messaging category', (file, words) => {
		const c = codex(file);
		expect(searchable(c)).toEqual(expect.arrayContaining(words));
		// as n8n's own SMS nodes (Vonage, Sms77, MessageBird): Communication, no subcategories
		expect(c.categories).toEqual(['Communication']);
		expect(c.subcategories).toBeUndefined();
		expect(new Set(searchable(c)).size).toBe(c.alias.length);
	});

	test('canvas subtitles: short, one per operation, the operation\'s name with its resource', () => {
		// as the editor evaluates it: the node in a workflow, its parameters as $parameter
		const subtitle = (resource: string, operation: string) => {
			const esms = new Esms();
			const n = { id: 'n', name: 'eSMS', type: 'esms', typeVersion: 1, position: [0, 0] as [number, number], parameters: { resource, operation } };
			const types = { getByName: () => esms, getByNameAndVersion: () => esms, getKnownTypes: () => ({}) };
			return new Workflow({ nodes: [n], connections: {}, active: false, nodeTypes: types }).expression.getSimpleParameterValue(n, node.subtitle!, 'internal', {});
		};
		expect([
			subtitle('sms', 'sendFixedNumber'),
			subtitle('sms', 'getStatus'),
			subtitle('zaloMessage', 'getStatus'),
			subtitle('voiceCall', 'getStatus'),
			subtitle('account', 'getBalance'),
		]).toEqual(['Send Fixed-Number SMS', 'Get SMS Status', 'Get Zalo Status', 'Get Call Status', 'Get Balance']);
		const sendName = (operations.find((p) => p.displayOptions!.show!.resource![0] === 'sms')!.options as INodePropertyOptions[]).find((o) => o.value === 'sendFixedNumber')!.name;
		expect(subtitle('sms', 'sendFixedNumber')).toBe(sendName);
	});

	test('the trigger panel explains the Test URL while testing and the Production URL once published', () => {
		const trigger = new EsmsTrigger().description;
		const panel = trigger.triggerPanel as { header: string; executionsHelp: { active: string; inactive: string }; activationHint: string };
		expect(panel.header).toBe("Put this trigger's Test URL in a send's Callback URL, then execute this step");
		for (const help of [panel.executionsHelp.inactive, panel.executionsHelp.active]) {
			expect(help).toContain('<b>While testing</b>: ');
			expect(help).toContain('<b>Test URL</b>');
			expect(help).toContain('<b>Production URL</b>');
			expect(help).toContain('<code>?token=</code> and the Secret Token');
			expect(help).not.toMatch(/Pull in events|make an event happen/);
		}
		expect(panel.activationHint).toContain('put the Production URL (not the Test URL) in your sends\' Callback URL');
		const notice = trigger.properties.find((p) => p.name === 'usageNotice')!;
		expect(notice.displayName).toBe(
			'eSMS calls the URL in a send\'s "Callback URL" option when the message or call reaches its final status. While testing, put this trigger\'s Test URL there; once the workflow is published, its Production URL. Add ?token=YOUR_TOKEN if you set a Secret Token below.',
		);
	});
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
