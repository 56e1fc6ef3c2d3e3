import type { ICredentialType, INode, INodeExecutionData, INodeType, INodeTypes, IRun, IVersionedNodeType, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

export const NODE_TYPE: string;
export const credentialType: ICredentialType;

export interface Creds {
	apiKey: string;
	secretKey: string;
	baseUrl: string;
	voiceBaseUrl: string;
}

export interface RunResult {
	run: IRun;
	output: INodeExecutionData[];
	error?: IRun['data']['resultData']['error'];
}

export interface RunOptions {
	creds?: Creds;
	parameters: Record<string, unknown>;
	items: INodeExecutionData[];
	settings?: Partial<INode>;
	executionId?: string;
	/** default 'wf-1' */
	workflowId?: string;
	/** the workflow's settings, e.g. { timezone: 'Asia/Ho_Chi_Minh' } */
	workflowSettings?: Record<string, unknown>;
	/** pins the execution's start time (runtimeData.establishedAt, epoch ms) */
	establishedAt?: number;
	type?: string;
	typeVersion?: number;
	nodeTypes?: INodeTypes;
}

export function nodeTypes(extra?: Record<string, INodeType | IVersionedNodeType>): INodeTypes;
export function additionalData(creds: Partial<Creds>, executionId: string | undefined, workflowData: object): IWorkflowExecuteAdditionalData;
export function runNode(opts: RunOptions): Promise<RunResult>;
export function runEsms(opts: RunOptions & { creds: Creds }): Promise<RunResult>;
export function testCredential(creds: Creds): Promise<{ status: 'OK' | 'Error'; message: string }>;
export function callNodeMethod(opts: {
	creds: Creds;
	kind: 'listSearch' | 'resourceMapping';
	method: string;
	parameters: Record<string, unknown>;
	args?: unknown[];
}): Promise<unknown>;
