/**
 * The node as "eSMS Tool": the variant n8n builds from `usableAsTool`, run as n8n runs a tool (an agent
 * asks n8n-core for its connected tools, gets LangChain tools built by `createNodeAsTool`, and invokes
 * them with the model's arguments) against the simulator. The same tools behind n8n's MCP Server
 * Trigger are tested in a real n8n in test/e2e/mcp.e2e.test.ts.
 */
import type { DynamicStructuredTool } from '@langchain/core/tools';
import { DirectoryLoader, RoutingNode, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { TOOL_DESCRIPTIONS } from '../nodes/Esms/resources';
import { fromAi, TOOL_INPUTS, TOOL_SMS_ID_DEFAULT } from '../nodes/Esms/toolVariant';
import { additionalData, NODE_TYPE } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Esms } = require('../dist/nodes/Esms/Esms.node.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getSchema } = require('n8n-core/dist/execution-engine/node-execution-context/utils/create-node-as-tool');

const TOOL_TYPE = `${NODE_TYPE}Tool`;

/**
 * The tool variant as n8n 2.41.1 builds it for a run (packages/cli node-types.ts `getByNameAndVersion`
 * and tool-generation/ai-tools.ts `convertNodeToAiTool`): the declarative node given an `execute` that
 * runs RoutingNode, its description renamed "<name>Tool" with no main input and an `ai_tool` output.
 * n8n adds its own "Tool Description" fields only to a node without a `toolDescription` property.
 */
function toolVariant(): INodeType {
	const base: INodeType = new Esms();
	DirectoryLoader.applyDeclarativeNodeOptionParameters(base);
	base.execute = async function (this: IExecuteFunctions) {
		return (await new RoutingNode(this as unknown as ConstructorParameters<typeof RoutingNode>[0], base).runNode()) ?? [];
	};
	const description: INodeTypeDescription = {
		...base.description,
		name: `${base.description.name}Tool`,
		displayName: `${base.description.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
	};
	return { description, execute: base.execute };
}

/** A stand-in for an AI agent: for each input item `{ tool, args }`, invokes that connected tool as a model would. */
const agent: INodeType = {
	description: {
		displayName: 'Agent',
		name: 'agent',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Agent' },
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.AiTool],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const tools = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as DynamicStructuredTool[];
		const out = [];
		for (const { json } of this.getInputData()) {
			const tool = tools.find((t) => t.name === json.tool);
			try {
				out.push({ json: { answer: await tool!.invoke(json.args as IDataObject) } });
			} catch (error) {
				out.push({ json: { error: (error as Error).message } });
			}
		}
		return [out];
	},
};

const types: Record<string, INodeType> = { [TOOL_TYPE]: toolVariant(), agent };
const nodeTypes = {
	getByName: (name: string) => types[name],
	getByNameAndVersion: (name: string) => types[name],
	getKnownTypes: () => ({}),
};

function toolNode(name: string, parameters: Record<string, unknown>): INode {
	return {
		id: `tool-${name}`,
		name,
		type: TOOL_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { esmsApi: { id: 'cred-1', name: 'eSMS test' } },
	} as INode;
}

const SEND = toolNode('Send SMS', {
	resource: 'sms',
	operation: 'sendFixedNumber',
	phone: "={{ $fromAI('phone', 'The recipient mobile number as a string', 'string') }}",
	content: "={{ $fromAI('content', 'The message text', 'string') }}",
	options: {},
});
// nothing but the operation: what a user gets by adding the tool and picking Get Status
const STATUS = toolNode('Get SMS Status', { resource: 'sms', operation: 'getStatus', options: {} });
// OTP: the workflow sets the brandname and the text; the model gives the phone, then the code
const SEND_CODE = toolNode('Send Code', {
	resource: 'otp',
	operation: 'sendCode',
	brandname: { __rl: true, mode: 'list', value: 'Baotrixemay' },
	content: '{OTP} la ma xac minh dang ky Baotrixemay cua ban',
	options: {},
});
const VERIFY_CODE = toolNode('Verify Code', { resource: 'otp', operation: 'verifyCode' });

/** The tool nodes as n8n resolves them for a run: stored parameters plus the variant's defaults. */
function resolved(...nodes: INode[]) {
	return new Workflow({ nodes: JSON.parse(JSON.stringify(nodes)), connections: {}, active: false, nodeTypes });
}

const env = simulatorForTests();

/** The agent calls the tools in order; each answer is what the model would read. */
async function callTools(calls: Array<{ tool: string; args: Record<string, unknown> }>, executionId?: string) {
	const agentNode = { id: 'agent', name: 'Agent', type: 'agent', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	const connections = Object.fromEntries(
		[SEND, STATUS, SEND_CODE, VERIFY_CODE].map((n) => [n.name, { ai_tool: [[{ node: 'Agent', type: NodeConnectionTypes.AiTool, index: 0 }]] }]),
	);
	const workflowData = { id: 'wf-tool', name: 'tool test', nodes: [agentNode, SEND, STATUS, SEND_CODE, VERIFY_CODE], connections, active: false, settings: {} };
	const workflow = new Workflow({ ...JSON.parse(JSON.stringify(workflowData)), nodeTypes });
	const items = calls.map((c) => ({ json: c as unknown as IDataObject }));
	const run = await new WorkflowExecute(
		additionalData(env.creds, executionId, workflowData),
		'manual',
		createRunExecutionData({ executionData: { nodeExecutionStack: [{ node: workflow.getNode('Agent')!, data: { main: [items] }, source: null }] } }),
	).processRunExecutionData(workflow);
	expect(run.data.resultData.error).toBeUndefined();
	return run.data.resultData.runData.Agent[0].data!.main[0]!.map((i) => i.json as { answer?: string; error?: string });
}

describe('the tool variant', () => {
	test('a workflow node keeps its fields: SMSID from the input field, no tool description', () => {
		const node = { ...STATUS, type: NODE_TYPE };
		const wf = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: { ...nodeTypes, getByNameAndVersion: () => new Esms() } });
		const params = wf.getNode('Get SMS Status')!.parameters;
		expect(params).toMatchObject({ smsIdSource: 'inputField', smsIdField: 'smsId' });
		expect(params).not.toHaveProperty('smsId');
		expect(params).not.toHaveProperty('toolSmsId');
		expect(params).not.toHaveProperty('toolDescription');
	});

	test('Get Status takes the ID as its input by default: its own SMSID field, from $fromAI', () => {
		const params = resolved(STATUS).getNode('Get SMS Status')!.parameters;
		expect(params).toMatchObject({ toolSmsId: TOOL_SMS_ID_DEFAULT });
		for (const workflowOnly of ['smsIdSource', 'smsIdField', 'smsId']) expect(params).not.toHaveProperty(workflowOnly);
		const schema = getSchema(resolved(STATUS).getNode('Get SMS Status'));
		expect(Object.keys(schema.shape)).toEqual(['smsId']);
		// a value the user set stays theirs
		const own = resolved({ ...STATUS, parameters: { ...STATUS.parameters, toolSmsId: '={{ $json.id }}' } }).getNode('Get SMS Status')!.parameters;
		expect(own).toMatchObject({ toolSmsId: '={{ $json.id }}' });
	});

	test.each([
		['sms', 'sendFixedNumber'],
		['sms', 'getStatus'],
		['zaloMessage', 'getStatus'],
		['voiceCall', 'getStatus'],
		['account', 'getBalance'],
	])('%s %s: n8n gives the model the operation\'s tool description', (resource, operation) => {
		const node = resolved(toolNode('T', { resource, operation })).getNode('T')!;
		const description = NodeHelpers.getToolDescriptionForNode(node, types[TOOL_TYPE]);
		expect(description).toBe(TOOL_DESCRIPTIONS[resource][operation]);
		// and n8n adds no "Tool Description" of its own (it would only when the node has none)
		expect((types[TOOL_TYPE].description.properties as INodeProperties[]).filter((p) => p.name === 'descriptionType')).toEqual([]);
	});

	test('a description the user wrote replaces the default one', () => {
		const node = resolved(toolNode('T', { resource: 'sms', operation: 'getStatus', toolDescription: 'Check an OTP SMS' })).getNode('T')!;
		expect(NodeHelpers.getToolDescriptionForNode(node, types[TOOL_TYPE])).toBe('Check an OTP SMS');
	});

	test('each status tool names the wait (eSMS error 105 right after a send) and its answer fields', () => {
		for (const resource of ['sms', 'zaloMessage', 'voiceCall']) {
			expect(TOOL_DESCRIPTIONS[resource].getStatus).toMatch(/error 105/);
			expect(TOOL_DESCRIPTIONS[resource].getStatus).toMatch(/Give the smsId string/);
			expect(TOOL_DESCRIPTIONS[resource].getStatus).toMatch(/isFinal \(false: ask again later\)/);
		}
	});
});

describe('the tools, invoked as an agent invokes them', () => {
	test('send, then the status: 105 right after the send, the final status once eSMS has it', async () => {
		const [sent] = await callTools([{ tool: 'Send_SMS', args: { phone: '0901888484', content: 'Ma OTP 123456' } }]);
		const [out] = JSON.parse(sent.answer!);
		expect(out).toMatchObject({ smsId: expect.any(String), alreadyAccepted: false, phone: '0901888484', segments: 1 });
		expect(env.sim.ledger().map((e) => [e.smsId, e.phone, e.content])).toEqual([[out.smsId, '0901888484', 'Ma OTP 123456']]);

		const [early] = await callTools([{ tool: 'Get_SMS_Status', args: { smsId: out.smsId } }]);
		// for the model, in the message itself (n8n's AI Agent passes only the message on): the code, what happened, what to do
		expect(early.error).toBe(
			'eSMS error 105: the SMSID or call ID was not found. eSMS does not know this ID yet, or it is wrong. If the message was sent less than a minute ago, wait a few seconds and call this tool again with the same input; otherwise check that it is the smsId a send answered (eSMS keeps statuses for 7 days).',
		);
		env.sim.advance(60_000);
		const [late] = await callTools([{ tool: 'Get_SMS_Status', args: { smsId: out.smsId } }]);
		expect(JSON.parse(late.answer!)).toEqual([expect.objectContaining({ smsId: out.smsId, isFinal: true, result: 'success' })]);
	});

	test('the same call made twice (a client retrying) sends one message: the repeat answers alreadyAccepted, with the first call\'s smsId', async () => {
		const call = { tool: 'Send_SMS', args: { phone: '0912345678', content: 'Lich hen 09:30' } };
		// two runs, as two MCP calls are, and no execution ID, as n8n gives a tool none
		const [first] = await callTools([call]);
		const [second] = await callTools([call]);
		const [a] = JSON.parse(first.answer!);
		const [b] = JSON.parse(second.answer!);
		expect(a).toMatchObject({ alreadyAccepted: false, requestId: expect.stringMatching(/^n8n-tool-[0-9a-f]{32}$/) });
		expect(b).toMatchObject({ smsId: a.smsId, alreadyAccepted: true, requestId: a.requestId });
		expect(env.sim.ledger()).toHaveLength(1);
		// another message is another ID
		const [other] = await callTools([{ tool: 'Send_SMS', args: { phone: '0912345678', content: 'Lich hen 10:00' } }]);
		expect(JSON.parse(other.answer!)[0]).toMatchObject({ alreadyAccepted: false });
		expect(env.sim.ledger()).toHaveLength(2);
	});

	test('one agent run, three send calls, the second refused: it fails alone, the others are sent (no run barrier for tool calls)', async () => {
		// every call of one agent run shares the agent's execute data; holding the calls together would
		// leave the others waiting for items that are the agent's, not the tool's
		const answers = await callTools(
			['0901888484', '12345', '0912345678'].map((phone) => ({ tool: 'Send_SMS', args: { phone, content: 'Lich hen 10:00' } })),
		);
		expect(answers.map((a) => (a.answer ? JSON.parse(a.answer)[0].phone : a.error?.split('\n')[0]))).toEqual([
			'0901888484',
			'Invalid "phone": it does not have the 10 digits of a Vietnamese mobile number. Nothing was sent to eSMS. Use one Vietnamese mobile number, such as 0901888484, 84901888484 or +84 90 188 84 84. Ask the user for the right number if you do not have it, then call this tool again with it as a string.',
			'0912345678',
		]);
		expect(env.sim.ledger().map((e) => e.phone)).toEqual(['0901888484', '0912345678']);
	});

	test('a phone given as a number is refused by the schema check before the node runs', async () => {
		const [refused] = await callTools([{ tool: 'Send_SMS', args: { phone: 901888484, content: 'hi' } }]);
		expect(refused.error).toMatch(/^Received tool input did not match expected schema\n\n✖ Expected string, received number\n {2}→ at phone$/);
		expect(env.sim.requests()).toEqual([]);
	});

	test('under the AI Agent (an execution ID, a new run per call): the same call twice in one agent run sends one message', async () => {
		const call = { tool: 'Send_SMS', args: { phone: '0987654321', content: 'Xin chao' } };
		const answers = await callTools([call, call, { tool: 'Send_SMS', args: { phone: '0987654321', content: 'Xin chao lan 2' } }], '77');
		const [a, b, c] = answers.map((x) => JSON.parse(x.answer!)[0]);
		expect(a).toMatchObject({ alreadyAccepted: false, smsId: expect.any(String), requestId: expect.stringMatching(/^n8n-tool-[0-9a-f]{32}$/) });
		// one agent run: the node remembers what eSMS accepted in it (earlierTries.ts), so the repeat has the SMSID too
		expect(b).toMatchObject({ alreadyAccepted: true, smsId: a.smsId, requestId: a.requestId });
		// a call that differs in the message goes out
		expect(c).toMatchObject({ alreadyAccepted: false, smsId: expect.any(String) });
		expect(env.sim.ledger().map((e) => e.content)).toEqual(['Xin chao', 'Xin chao lan 2']);
		// the next chat message is another execution: the same call is still the same message
		const [again] = await callTools([call], '78');
		expect(JSON.parse(again.answer!)[0]).toMatchObject({ alreadyAccepted: true, requestId: a.requestId });
		expect(env.sim.ledger()).toHaveLength(2);
	});
});

describe('OTP: Send Code, then Verify Code, as an agent calls them', () => {
	test('the model gives the phone, the user reads the code, the model checks it: wrong, right, then used', async () => {
		const [sent] = await callTools([{ tool: 'Send_Code', args: { phone: '0901888484' } }]);
		const [out] = JSON.parse(sent.answer!);
		expect(out).toMatchObject({ phone: '0901888484', smsId: expect.any(String), expiresAt: expect.stringMatching(/\+07:00$/), lifetimeMinutes: 5, createOnly: false });
		const code = env.sim.otpCode('0901888484')!;
		// the code is never in what the model reads
		expect(sent.answer).not.toContain(code);
		expect(env.sim.ledger().map((e) => [e.phone, e.content])).toEqual([['0901888484', `${code} la ma xac minh dang ky Baotrixemay cua ban`]]);
		const answers = await callTools(
			[code.split('').reverse().join('') === code ? '000000x' : code.split('').reverse().join(''), code, code].map((typed) => ({
				tool: 'Verify_Code',
				args: { phone: '0901888484', code: typed },
			})),
		);
		expect(answers.map((a) => JSON.parse(a.answer!)[0]).map((a: { valid: boolean; esmsCode: string }) => [a.valid, a.esmsCode])).toEqual([
			[false, '117'],
			[true, '100'],
			[false, '117'],
		]);
	});

	test('refused inputs name the model\'s own input; a lost answer tells the model not to send another code blindly', async () => {
		const [empty] = await callTools([{ tool: 'Verify_Code', args: { phone: '0901888484', code: ' ' } }]);
		expect(empty.error).toBe(
			'Invalid "code": it is empty. Nothing was sent to eSMS. Give the code the user received. Ask the user for the code they received, then call this tool again with it as a string.',
		);
		env.sim.addFault({ route: 'SendMessageAutoGenCode_V4_get', mode: 'acceptThenDrop', times: 1 });
		const [lost] = await callTools([{ tool: 'Send_Code', args: { phone: '0901888484' } }]);
		// n8n-core wraps the tool's error and words a socket error its own way; the model's next step follows
		expect(lost.error).toMatch(
			/\n\nDetails: It is unknown whether eSMS sent a code\. Ask the user whether a code arrived, and call this tool again only if none did: each call sends a new code\.$/,
		);
		expect(env.sim.ledger()).toHaveLength(1);
		// the user says none came: the model's new call is a new code
		const [again] = await callTools([{ tool: 'Send_Code', args: { phone: '0901888484' } }]);
		expect(JSON.parse(again.answer!)[0]).toMatchObject({ phone: '0901888484' });
		expect(env.sim.ledger()).toHaveLength(2);
	});

	test('two calls in one agent run send two codes (the user asked again); the tool\'s own Retry On Fail never sends a lost one again', async () => {
		const answers = await callTools([1, 2].map(() => ({ tool: 'Send_Code', args: { phone: '0912345678' } })));
		expect(answers.map((a) => JSON.parse(a.answer!)[0].smsId)).toEqual([env.sim.ledger()[0].smsId, env.sim.ledger()[1].smsId]);
		Object.assign(SEND_CODE, { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 });
		try {
			env.sim.addFault({ route: 'SendMessageAutoGenCode_V4_get', mode: 'acceptThenDrop', times: 1 });
			const [lost] = await callTools([{ tool: 'Send_Code', args: { phone: '0912345678' } }]);
			// n8n-core words the socket error its own way (as for every send); the details are the model's next step
			expect(lost.error).toMatch(/\n\nDetails: It is unknown whether eSMS sent a code\. Ask the user whether a code arrived/);
		} finally {
			for (const key of ['retryOnFail', 'maxTries', 'waitBetweenTries']) delete (SEND_CODE as unknown as Record<string, unknown>)[key];
		}
		// three calls, three requests: the tool's second try did not ask again
		expect(env.sim.requests().filter((r) => r.path.endsWith('SendMessageAutoGenCode_V4_get'))).toHaveLength(3);
		expect(env.sim.ledger()).toHaveLength(3);
	});

	test('"Create Only" in a tool is refused before any request: it sends nothing and would hand the model the code (tester finding)', async () => {
		const refused = await callSendAs(
			{ resource: 'otp', operation: 'sendCode', otpChannel: 'zaloThenSms', multiChannelTemplateId: '22575', codeAction: 'createOnly', options: {} },
			{ phone: '0901888484' },
		);
		expect(refused.answer).toBeUndefined();
		expect(refused.error).toBe(
			'Invalid "Action": it is "Create Only", which sends no code and puts the code in the answer, where a model must never see it. Nothing was sent to eSMS. Set Action to "Create and Send" in this tool, so that eSMS sends the code to the phone. This is set by the workflow, not by your input: stop, and tell the user that the tool is not set up right.',
		);
		expect(env.sim.requests().filter((r) => r.path.includes('SendMessageAutoGenCode'))).toEqual([]);
	});
});

/** Calls the "Send SMS" tool once with other parameters (as the tests above call it), restoring them after. */
async function callSendAs(parameters: Record<string, unknown>, args: Record<string, unknown>) {
	const saved = SEND.parameters;
	SEND.parameters = parameters as INode['parameters'];
	try {
		return (await callTools([{ tool: 'Send_SMS', args }]))[0];
	} finally {
		SEND.parameters = saved;
	}
}

describe('a refused input names the model\'s own input and says what the model can do', () => {
	const button = (key: string) => `={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`\`, 'string') }}`;
	const OTP_TEXT = '{P1,8} la ma xac minh dang ky Baotrixemay cua ban';
	const brandnameText = (p: Record<string, unknown>) => ({
		resource: 'sms',
		operation: 'sendBrandname',
		brandname: { __rl: true, mode: 'list', value: 'Baotrixemay' },
		contentSource: 'text',
		options: {},
		...p,
	});
	const refusedText = (input: string) =>
		`Invalid "${input}": it matches no customer-care template of brandname Baotrixemay: the text in place of {P1,8} has 9 characters (UTF-16 units, as eSMS counts: an emoji is 2), and the template allows at most 8. ` +
		`Nothing was sent to eSMS. eSMS sends customer-care SMS only with the exact text of one of the brandname's registered templates: use that text as it is, with only its {Pn,max} parts replaced by 1 to max characters each. ` +
		`Closest template (ID 459, Mobifone): "${OTP_TEXT}". If you do not know the templates, call the Get SMS Templates tool if you have one, or ask the user for the exact wording of the template. ` +
		'Change the text as said, then call this tool again.';

	test('Send Brandname SMS, text typed in, the default inputs: "text", and no "set Content Source"', async () => {
		// no phone or text set: the tool's defaults, $fromAI('phone') and $fromAI('text')
		const refused = await callSendAs(brandnameText({}), { phone: '0901888484', text: '123456789 la ma xac minh dang ky Baotrixemay cua ban' });
		expect(refused.error).toBe(refusedText('text'));
		expect(env.sim.requests().filter((r) => r.path.includes('SendMultipleMessage'))).toEqual([]);
	});

	test('Send Brandname SMS with the editor button\'s inputs: "Text" and "Phone"', async () => {
		const parameters = brandnameText({ phone: button('Phone'), text: button('Text') });
		const refused = await callSendAs(parameters, { Phone: '0901888484', Text: '123456789 la ma xac minh dang ky Baotrixemay cua ban' });
		expect(refused.error).toBe(refusedText('Text'));
		const badPhone = await callSendAs(parameters, { Phone: '12345', Text: '2803 la ma xac minh dang ky Baotrixemay cua ban' });
		expect(badPhone.error).toMatch(/^Invalid "Phone": it does not have the 10 digits of a Vietnamese mobile number\. /);
	});

	test('Send Fixed Number SMS: "content", with the model\'s fix (no Unicode switch, no mapping)', async () => {
		const refused = await callSendAs(SEND.parameters, { phone: '0901888484', content: 'Giá 100€ 🙂' });
		expect(refused.error).toBe(
			'Invalid "content": without Unicode, these characters would reach the phone mangled: 🙂. Nothing was sent to eSMS. Remove these characters, or replace them with plain letters and punctuation. Change the text as said, then call this tool again.',
		);
		const empty = await callSendAs(SEND.parameters, { phone: '0901888484', content: '\u200b' });
		expect(empty.error).toBe(
			'Invalid "content": it holds only spaces and invisible characters (such as zero-width spaces), so the phone would show nothing. Nothing was sent to eSMS. Give the text of the SMS in visible characters. Change the text as said, then call this tool again.',
		);
		// the button's key; a field that is no $fromAI is named by its parameter
		const fixed = { ...SEND.parameters, phone: '0901888484', content: button('Content') };
		const blank = await callSendAs(fixed, { Content: ' ' });
		expect(blank.error).toBe('Invalid "Content": it is empty. Nothing was sent to eSMS. Give the text of the SMS. Change the text as said, then call this tool again.');
		const typedPhone = await callSendAs({ ...fixed, phone: '12345' }, { Content: 'Xin chao' });
		expect(typedPhone.error).toMatch(/^Invalid "phone": it does not have the 10 digits/);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('Get Status: "smsId", the input of its own SMSID field (toolSmsId)', async () => {
		const [refused] = await callTools([{ tool: 'Get_SMS_Status', args: { smsId: ' ' } }]);
		expect(refused.error).toBe(
			'Invalid "smsId": it is empty. Nothing was sent to eSMS. Pass the SMSID that eSMS returned when the message was sent. Give the smsId string that the send answered, then call this tool again.',
		);
	});
});

describe('the tool schema n8n sends the model, for every operation', () => {
	const operations = Object.entries(TOOL_DESCRIPTIONS).flatMap(([resource, ops]) => Object.keys(ops).map((operation) => [resource, operation]));
	/** the inputs the defaults give each operation (the workflow sets the rest: brandname, template, recording…) */
	const expected: Record<string, string[]> = {
		'sms:sendFixedNumber': ['phone', 'content'],
		'sms:sendBrandname': ['phone'],
		'sms:estimateBrandname': ['phone'],
		'zaloMessage:sendZns': ['phone'],
		'zaloMessage:sendZnsWithSmsFallback': ['phone', 'content'],
		'voiceCall:makeCall': ['phone'],
		'voiceCall:makeTextToSpeechCall': ['phone'],
		'sms:getStatus': ['smsId'],
		'otp:sendCode': ['phone'],
		'otp:verifyCode': ['phone', 'code'],
		'zaloMessage:getStatus': ['smsId'],
		'voiceCall:getStatus': ['smsId'],
		'sms:getPerNumberResults': ['smsId'],
		'viberMessage:send': ['phone'],
		'sms:sendAdvertising': ['phones', 'advertisingContent'],
		'sms:estimateAdvertising': ['phones', 'advertisingContent'],
	};
	/** the answer fields the descriptions name (outputs, not inputs) */
	const ANSWER_FIELDS = new Set([
		'smsId', 'alreadyAccepted', 'isFinal', 'successCount', 'failedCount', 'totalPrice', 'receiverCount', 'errorInfoLabel',
		'deliveredBy', 'durationSeconds', 'ivrKey', 'userId', 'partiallyFailed', 'notAnswered', 'eSMS', 'dailyQuota', 'remainingQuota',
		'expiresAt', 'lifetimeMinutes', 'esmsCode',
		'notDelivered', 'notSent', 'esmsCode', 'messageType',
		'smsIds', 'sentCount', 'duplicatesRemoved', 'phoneCount',
	]);

	test.each(operations)('%s %s: every input is described, and every name the description mentions exists', (resource, operation) => {
		const node = resolved(toolNode('T', { resource, operation })).getNode('T')!;
		const schema = getSchema(node);
		const inputs = Object.keys(schema.shape);
		expect(inputs).toEqual(expected[`${resource}:${operation}`] ?? []);
		for (const input of inputs) expect({ input, description: schema.shape[input].description }).toEqual({ input, description: TOOL_INPUTS[input] });
		// code-like names (camelCase) are answer fields or inputs; the inputs' own names are not used
		// (a user who presses "Let the model define this parameter" gets Phone, Content…: see toolVariant.ts)
		const description = TOOL_DESCRIPTIONS[resource][operation];
		for (const name of description.match(/\b[a-z]+[A-Z]\w*\b/g) ?? []) expect({ name, known: ANSWER_FIELDS.has(name) || inputs.includes(name) }).toEqual({ name, known: true });
		if (inputs.length === 0) expect(description).toMatch(/Takes no input/);
	});

	test('Send Brandname SMS with the text typed in: the text is an input too', () => {
		const node = resolved(toolNode('T', { resource: 'sms', operation: 'sendBrandname', contentSource: 'text' })).getNode('T')!;
		expect(Object.keys(getSchema(node).shape)).toEqual(['phone', 'text']);
		expect(node.parameters).toMatchObject({ text: fromAi('text') });
	});

	test('a workflow node keeps its Phone and Content as they were: empty by default, no $fromAI', () => {
		const node = { ...SEND, type: NODE_TYPE, parameters: { resource: 'sms', operation: 'sendFixedNumber' } };
		const wf = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: { ...nodeTypes, getByNameAndVersion: () => new Esms() } });
		expect(wf.getNode('Send SMS')!.parameters).toMatchObject({ phone: '', content: '' });
	});

	test('the editor button ("Let the model define this parameter"): inputs Phone and Content, no descriptions, and the tool works', async () => {
		const button = (key: string) => `={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`\`, 'string') }}`;
		const node = toolNode('Send SMS', { resource: 'sms', operation: 'sendFixedNumber', phone: button('Phone'), content: button('Content'), options: {} });
		expect(Object.keys(getSchema(resolved(node).getNode('Send SMS')).shape)).toEqual(['Phone', 'Content']);
		const saved = SEND.parameters;
		SEND.parameters = node.parameters;
		try {
			const [sent] = await callTools([{ tool: 'Send_SMS', args: { Phone: '0901888484', Content: 'Xin chao' } }]);
			expect(JSON.parse(sent.answer!)[0]).toMatchObject({ alreadyAccepted: false, phone: '0901888484', content: 'Xin chao' });
		} finally {
			SEND.parameters = saved;
		}
		expect(env.sim.ledger()).toHaveLength(1);
	});
});

describe('Send Viber Message as a tool: no Request ID, so the same call in one agent run is remembered', () => {
	const viber = {
		resource: 'viberMessage',
		operation: 'send',
		viberBrandname: { __rl: true, mode: 'list', value: 'BAT DONG SAN GIA TOT' },
		viberMessageType: 'text',
		viberText: 'Lich hen 09:30 ngay mai',
		options: {},
	};
	const calls = (...phones: string[]) => phones.map((phone) => ({ tool: 'Send_SMS', args: { phone } }));

	test('two identical calls in one execution (one chat message): one message; the repeat answers alreadyAccepted with the same smsId (tester finding)', async () => {
		const saved = SEND.parameters;
		SEND.parameters = viber as unknown as INode['parameters'];
		try {
			const answers = (await callTools(calls('0901888484', '0901888484', '0912345678'), 'viber-message-1')).map((a) => JSON.parse(a.answer!)[0] as IDataObject);
			expect(env.sim.ledger().map((e) => e.phone).sort()).toEqual(['0901888484', '0912345678']);
			const first = env.sim.ledger().find((e) => e.phone === '0901888484')!;
			expect(answers.map((a) => [a.phone, a.smsId, a.alreadyAccepted])).toEqual([
				['0901888484', first.smsId, false],
				['0901888484', first.smsId, true],
				['0912345678', env.sim.ledger().find((e) => e.phone === '0912345678')!.smsId, false],
			]);
			// a new chat message is a new execution: the user asked again, and it is sent
			await callTools(calls('0901888484'), 'viber-message-2');
			expect(env.sim.ledger().filter((e) => e.phone === '0901888484')).toHaveLength(2);
			// a refusal eSMS answered (103) sent nothing: the same call later in the same execution may send
			const account = env.sim.account('DEMO_API_KEY')!;
			const balance = account.balance;
			account.balance = 0;
			const [refused] = await callTools(calls('0933333333'), 'viber-message-3');
			account.balance = balance;
			expect(refused.error).toMatch(/^eSMS error 103: not enough balance to send/);
			const [sent] = await callTools(calls('0933333333'), 'viber-message-3');
			expect(JSON.parse(sent.answer!)[0]).toMatchObject({ phone: '0933333333', alreadyAccepted: false });
			expect(env.sim.ledger().filter((e) => e.phone === '0933333333')).toHaveLength(1);
		} finally {
			SEND.parameters = saved;
		}
	});
});

describe('Send Advertising SMS as a tool', () => {
	const advertising = { resource: 'sms', operation: 'sendAdvertising', advertisingBrandname: { __rl: true, mode: 'list', value: 'QC_ONLINE' }, options: {} };
	const numbers = Array.from({ length: 30 }, (_, i) => `0901${String(i).padStart(6, '0')}`).join(', ');
	const realNow = Date.now.bind(Date);
	beforeEach(() => {
		// 10:00 in Vietnam, within Decree 91's hours
		const offset = Date.UTC(2026, 11, 5, 3, 0) - realNow();
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
	});
	afterEach(() => jest.restoreAllMocks());

	test('the model gives the numbers and the text: one campaign; a repeated call is already accepted', async () => {
		const args = { phones: numbers, advertisingContent: '[QC] Giam 30% hom nay. Tu choi: soan TC gui 8079' };
		const first = await callSendAs(advertising, args);
		expect(JSON.parse(first.answer!)[0]).toMatchObject({ alreadyAccepted: false, sentCount: 30 });
		const again = await callSendAs(advertising, args);
		expect(JSON.parse(again.answer!)[0]).toMatchObject({ alreadyAccepted: true, sentCount: 30 });
		expect(env.sim.ledger()).toHaveLength(30);
	});

	test('with Campaign From "All Items", a tool call is a campaign of its own', async () => {
		const args = { phones: numbers, advertisingContent: '[QC] Giam 30% hom nay. Tu choi: soan TC gui 8079' };
		const answer = await callSendAs({ ...advertising, campaignFrom: 'allItems' }, args);
		expect(JSON.parse(answer.answer!)[0]).toMatchObject({ alreadyAccepted: false, sentCount: 30, campaign: { items: 1, sentCount: 30 } });
		expect(env.sim.ledger()).toHaveLength(30);
	});

	test('with Campaign From "All Items", fewer than 30 numbers: the model is told to give 30, not about operations it cannot choose', async () => {
		const short = numbers.split(', ').slice(0, 12).join(', ');
		const refused = await callSendAs({ ...advertising, campaignFrom: 'allItems' }, { phones: short, advertisingContent: '[QC] Giam 30% hom nay. Tu choi: soan TC gui 8079' });
		expect(refused.error).toBe(
			"Invalid \"phones\": the campaign's 1 item holds 12 numbers to send after removing invalid, excluded and repeated numbers, and eSMS needs at least 30 distinct valid numbers in an advertising request (its error 107). Nothing was sent to eSMS. Give at least 30 distinct valid numbers in one call: a shorter list cannot go out as advertising. Ask the user for the list of numbers if you do not have enough valid ones, then call this tool again with them as one string, the numbers separated by commas.",
		);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('at 22:30 Vietnam time: the model is told the hours and when to call again, not that the tool is set up wrong (tester finding)', async () => {
		const offset = Date.UTC(2026, 11, 5, 15, 30) - realNow();
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		const refused = await callSendAs(advertising, { phones: numbers, advertisingContent: '[QC] Giam 30% hom nay. Tu choi: soan TC gui 8079' });
		const text = refused.answer ?? refused.error ?? '';
		// the model has no Send Date to set: the answer names the hours, not a field
		expect(text).toBe(
			'Not sent: it is 2026-12-05 22:30 Vietnam time, and Decree 91/2020/ND-CP allows advertising SMS only from 07:00 to 22:00 Vietnam time. Nothing was sent to eSMS. The next allowed time is 2026-12-06 07:00 Vietnam time. Tell the user that advertising SMS may go out only from 07:00 to 22:00 Vietnam time, and call this tool again only within those hours.',
		);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('the model gives the numbers as a JSON array in a string: read as the list (tester finding)', async () => {
		const list = numbers.split(', ');
		const answer = await callSendAs(advertising, { phones: JSON.stringify(list), advertisingContent: '[QC] Giam 30% hom nay. Tu choi: soan TC gui 8079' });
		expect(JSON.parse(answer.answer!)[0]).toMatchObject({ sentCount: 30, invalid: [] });
		expect(env.sim.ledger().map((e) => e.phone)).toEqual(list);
	});

	test('fewer than 30 numbers: the model is told to give 30 in one call, not about Campaign From or another operation (e2e finding)', async () => {
		const refused = await callSendAs(advertising, { phones: numbers.split(', ').slice(0, 12).join(', '), advertisingContent: '[QC] Giam 30% hom nay. Tu choi: soan TC gui 8079' });
		expect(refused.answer ?? refused.error).toContain(
			'Invalid "phones": the list has 12 numbers to send, and eSMS needs at least 30 distinct valid numbers in an advertising request (its error 107). Nothing was sent to eSMS. Give at least 30 distinct valid numbers in one call: a shorter list cannot go out as advertising. Ask the user for the list of numbers if you do not have enough valid ones, then call this tool again with them as one string, the numbers separated by commas.',
		);
		expect(refused.answer ?? refused.error).not.toMatch(/Campaign From|Send Brandname SMS/);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('a text without the label names the model\'s input and what to do', async () => {
		const refused = await callSendAs(advertising, { phones: numbers, advertisingContent: 'Giam 30%. Tu choi: soan TC gui 8079' });
		expect(refused.answer ?? refused.error).toContain('Invalid "advertisingContent": it does not start with the label [QC] or [AD]');
		expect(refused.answer ?? refused.error).toContain('Start the text with [QC] followed by a space. Change the text as said, then call this tool again.');
		expect(env.sim.ledger()).toEqual([]);
	});
});
