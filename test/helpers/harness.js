'use strict';
/**
 * Runs the built eSMS node through n8n-core's real engine: WorkflowExecute → RoutingNode →
 * httpRequestWithAuthentication → axios, against the simulator over HTTP on 127.0.0.1.
 * Stubbed: the node-types map, the credentials helper (n8n's lives in the CLI package) and
 * additionalData (a plain object). Plain JavaScript, so that the tests and the benchmark share it.
 */
const path = require('node:path');
const { CredentialTestContext, DirectoryLoader, ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } = require('n8n-core');
const { createRunExecutionData, ICredentialsHelper, Workflow } = require('n8n-workflow');

const DIST = path.join(__dirname, '..', '..', 'dist');
const { Esms } = require(path.join(DIST, 'nodes', 'Esms', 'Esms.node.js'));
const { EsmsApi } = require(path.join(DIST, 'credentials', 'EsmsApi.credentials.js'));

const NODE_TYPE = 'n8n-nodes-esms.esms';
const credentialType = new EsmsApi();

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(data) {
		super();
		this.data = data;
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(credentials, _type, requestOptions) {
		return await credentialType.authenticate(credentials, requestOptions);
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials() {
		throw new Error('not used');
	}
	async getDecrypted() {
		return { ...this.data };
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return credentialType.properties;
	}
}

/** Node types by name; each one prepared as n8n's loader does (adds the "Request Options" collection). */
function nodeTypes(extra = {}) {
	const types = { [NODE_TYPE]: new Esms(), ...extra };
	for (const t of Object.values(types))
		if (t.description && !t.execute && !t.webhook && !t.nodeVersions) DirectoryLoader.applyDeclarativeNodeOptionParameters(t);
	const get = (name, version) => {
		const t = types[name];
		return t && t.nodeVersions ? t.getNodeType(version) : t;
	};
	return { getByName: (name) => types[name], getByNameAndVersion: get, getKnownTypes: () => ({}) };
}

function additionalData(creds, executionId, workflowData) {
	return {
		executionId,
		credentialsHelper: new TestCredentialsHelper({ ...creds }),
		hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		logAiEvent: () => {},
		setExecutionStatus: () => {},
	};
}

let executionCounter = 0;
const defaultTypes = nodeTypes();

/** One node fed with `items`, executed by WorkflowExecute as n8n does. The eSMS node unless `type` says otherwise. */
async function runNode(opts) {
	executionCounter += 1;
	const executionId = opts.executionId ?? String(1000 + executionCounter);
	const node = {
		id: '9f1c2d3e-0000-4000-8000-00000000e5e5',
		name: 'eSMS',
		type: opts.type ?? NODE_TYPE,
		typeVersion: opts.typeVersion ?? 1,
		position: [0, 0],
		parameters: opts.parameters,
		...(opts.type ? {} : { credentials: { esmsApi: { id: 'cred-1', name: 'eSMS test' } } }),
		...opts.settings,
	};
	const workflowData = { id: opts.workflowId ?? 'wf-1', name: 'eSMS test', nodes: [node], connections: {}, active: false, settings: opts.workflowSettings ?? {} };
	const workflow = new Workflow({ ...workflowData, nodeTypes: opts.nodeTypes ?? defaultTypes });
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [opts.items] }, source: null }] },
	});
	// n8n records when an execution started; pinned to model two instances whose executions look alike
	if (opts.establishedAt !== undefined)
		runExecutionData.executionData.runtimeData = { version: 1, establishedAt: opts.establishedAt, source: 'manual' };
	const run = await new WorkflowExecute(
		additionalData(opts.creds ?? {}, executionId, workflowData),
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	return {
		run,
		output: run.data.resultData.runData[node.name]?.[0]?.data?.main?.[0] ?? [],
		error: run.data.resultData.error,
	};
}

/**
 * n8n's credential test (packages/cli credentials-tester.service.ts, testCredentials): the
 * credential's own declarative `test` when it has one; otherwise the function named by the node's
 * `testedBy`, called with n8n-core's CredentialTestContext (whose only HTTP helper is `request`).
 */
async function testCredential(creds) {
	const esms = defaultTypes.getByName(NODE_TYPE);
	if (credentialType.test) throw new Error('the credential has a declarative test again: emulate its rules here');
	const { testedBy } = esms.description.credentials.find((c) => c.name === credentialType.name);
	const decrypted = { id: 'temp', name: 'temp', type: credentialType.name, data: { ...creds } };
	return await esms.methods.credentialTest[testedBy].call(new CredentialTestContext(additionalData(creds, 'cred-test', {})), decrypted);
}

/**
 * What the editor calls for a picker's list or a resource mapper's fields, as n8n's CLI does it
 * (packages/cli dynamic-node-parameters.service.ts, getResourceLocatorResults / getResourceMappingFields):
 * a temporary node holding the editor's current parameters, a LoadOptionsContext, and the method.
 * `kind` is 'listSearch' or 'resourceMapping'; `args` are (filter, paginationToken) for a list.
 */
async function callNodeMethod({ creds, kind, method, parameters, args = [] }) {
	const node = {
		parameters,
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		credentials: { esmsApi: { id: 'cred-1', name: 'eSMS test' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: defaultTypes });
	const data = { ...additionalData(creds, 'load-options', {}), currentNodeParameters: parameters };
	const context = new LoadOptionsContext(workflow, workflow.nodes['Temp-Node'], data, 'parameters');
	const fn = defaultTypes.getByNameAndVersion(NODE_TYPE, 1).methods?.[kind]?.[method];
	if (typeof fn !== 'function') throw new Error(`no ${kind} method ${method}`);
	return await fn.call(context, ...args);
}

// runEsms: the same call, named for the tests that only ever run the eSMS node
module.exports = { NODE_TYPE, additionalData, callNodeMethod, credentialType, nodeTypes, runNode, runEsms: runNode, testCredential };
