/**
 * Runs the built eSMS node through n8n-core's real engine: WorkflowExecute → RoutingNode →
 * httpRequestWithAuthentication → axios, against the simulator over HTTP on 127.0.0.1.
 * Stubbed: the node-types map, the credentials helper (n8n's lives in the CLI package) and
 * additionalData (a plain object).
 */
import { DirectoryLoader, ExecutionLifecycleHooks, RoutingNode, ExecuteContext, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, ICredentialsHelper, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Esms } = require('../../dist/nodes/Esms/Esms.node.js') as { Esms: new () => INodeType };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EsmsApi } = require('../../dist/credentials/EsmsApi.credentials.js') as {
	EsmsApi: new () => ICredentialType;
};

export const NODE_TYPE = 'n8n-nodes-esms.esms';
export const credentialType = new EsmsApi();

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: ICredentialDataDecryptedObject) {
		super();
	}
	getParentTypes(): string[] {
		return [];
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
	async authenticate(credentials: ICredentialDataDecryptedObject, _type: string, requestOptions: IHttpRequestOptions) {
		const { authenticate } = credentialType;
		if (typeof authenticate !== 'function') throw new Error('the eSMS credential authenticates with a function');
		return await authenticate(credentials, requestOptions);
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}
	async getDecrypted() {
		return { ...this.data };
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(): INodeProperties[] {
		return credentialType.properties;
	}
}

let nodeType: INodeType | undefined;
function esmsNodeType(): INodeType {
	if (!nodeType) {
		nodeType = new Esms();
		// what n8n's loader does to declarative nodes: add the "Request Options" collection
		DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
	}
	return nodeType;
}

export function nodeTypes(): INodeTypes {
	return {
		getByName: () => esmsNodeType(),
		getByNameAndVersion: () => esmsNodeType(),
		getKnownTypes: () => ({}),
	};
}

export interface Creds {
	apiKey: string;
	secretKey: string;
	baseUrl: string;
	voiceBaseUrl: string;
}

function additionalData(creds: Creds, executionId: string, workflowData: object): IWorkflowExecuteAdditionalData {
	return {
		executionId,
		credentialsHelper: new TestCredentialsHelper({ ...creds }),
		hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData as never),
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		logAiEvent: () => {},
		setExecutionStatus: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunResult {
	run: IRun;
	output: INodeExecutionData[];
	error?: IRun['data']['resultData']['error'];
}

let executionCounter = 0;

/** One eSMS node fed with `items`, executed by WorkflowExecute as n8n does. */
export async function runEsms(opts: {
	creds: Creds;
	parameters: Record<string, unknown>;
	items: INodeExecutionData[];
	settings?: Partial<INode>;
	executionId?: string;
}): Promise<RunResult> {
	executionCounter += 1;
	const executionId = opts.executionId ?? String(1000 + executionCounter);
	const node: INode = {
		id: '9f1c2d3e-0000-4000-8000-00000000e5e5',
		name: 'eSMS',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: opts.parameters as INodeParameters,
		credentials: { esmsApi: { id: 'cred-1', name: 'eSMS test' } },
		...opts.settings,
	};
	const workflowData = { id: 'wf-1', name: 'eSMS test', nodes: [node], connections: {}, active: false, settings: {} };
	const workflow = new Workflow({ ...workflowData, nodeTypes: nodeTypes() });
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [opts.items] }, source: null }] },
	});
	const run = await new WorkflowExecute(
		additionalData(opts.creds, executionId, workflowData),
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
 * n8n's credential test (packages/cli credentials-tester.service.ts): a throw-away node whose only
 * property routes the credential's test request, run by RoutingNode, then the rules applied.
 */
export async function testCredential(creds: Creds): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const test = credentialType.test!;
	const tempType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: ['output'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'esmsApi', required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test.request } },
			],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp',
		type: 'temp',
		typeVersion: 1,
		position: [0, 0],
		parameters: { temp: '' },
		credentials: { esmsApi: { id: 'temp', name: 'temp' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { getByName: () => tempType, getByNameAndVersion: () => tempType, getKnownTypes: () => ({}) },
	});
	const data = additionalData(creds, 'cred-test', {});
	const items = [{ json: {} }];
	const inputData = { main: [items] };
	const ctx = new ExecuteContext(
		workflow,
		node,
		data,
		'internal',
		createRunExecutionData(),
		0,
		items,
		inputData,
		{ node, data: inputData, source: null },
		[],
	);
	let response: INodeExecutionData[][] | undefined | null;
	try {
		response = await new RoutingNode(ctx, tempType, { id: 'temp', name: 'temp', type: 'esmsApi', data: { ...creds } }).runNode();
	} catch (error) {
		const status = (error as { cause?: { response?: { status?: number } } }).cause?.response?.status;
		return { status: 'Error', message: status ? `Received HTTP status code: ${status}` : String((error as Error).message) };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const json = response?.[0]?.[0]?.json as Record<string, unknown> | undefined;
		if (json?.[rule.properties.key] === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
