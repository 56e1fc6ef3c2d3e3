/**
 * The eSMS Tool under n8n's own AI Agent, as most people give the node to a model, in a real n8n
 * (2.41.1, or 1.123.81 with ESMS_N8N=1; the packed package loaded as a community package): a Chat
 * Trigger (its public chat webhook, as the chat panel and an embedded chat use it), an AI Agent, n8n's
 * OpenAI Chat Model node pointed by its credential's Base URL at a stand-in model on 127.0.0.1
 * (standInModel.ts; node version 1.2, which has no Responses API option, so it calls /chat/completions),
 * and two eSMS Tool nodes with nothing set but the operation. The stand-in answers with tool calls built
 * from the `tools` array n8n sends it. Each scenario (agentScenarios.ts, shared with mcp.e2e.test.ts) is
 * asserted on the simulator's ledger and on what the tool answered the model.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { TOOL_DESCRIPTIONS } from '../../nodes/Esms/resources';
import { TOOL_INPUTS } from '../../nodes/Esms/toolVariant';
import { createSimulator } from '../helpers/simulator';
import { startWithActiveWorkflow } from './activeWorkflow';
import type { ActiveN8n } from './activeWorkflow';
import type { Simulator } from '../helpers/simulator';
import { scenarios } from './agentScenarios';
import type { Scenario } from './agentScenarios';
import { PLAN_PREFIX, startStandInModel, SUBAGENT_PREFIX, textOf } from './standInModel';
import type { StandInModel } from './standInModel';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rt = require('../../scripts/lib/n8n-runtime.js');

const KEY = 'AGENTCANARYKEY5d1e';
const SECRET = 'AGENTCANARYSECRET9a3f';
const OPENAI_KEY = 'sk-standin-0000';
const CHAT = '3b0d6f1e-7a42-4c1b-9d0e-5a8c2f4e6b71';

let sim: Simulator;
let model: StandInModel;
let work: string;
let major: number;
let env: Record<string, string>;
let n8n: ActiveN8n;

const cred = { id: 'esmsSimulator', name: 'eSMS (local simulator)' };
/**
 * n8n 2.x hands a failed tool's error to the model by default (workflow-execute.js: an `ai_tool` run
 * "defaults to continue" unless its On Error is "Stop Workflow"). n8n 1.x stops the whole workflow
 * instead ("Error in workflow"), unless the tool's On Error is "Continue": docs/ai-tool.md tells 1.x
 * users to set it, and so does this test.
 */
const toolSettings = (major: number) => (major >= 2 ? {} : { onError: 'continueRegularOutput' });
/** an eSMS Tool with nothing set but the operation, as a new user adds it */
const esmsTool = (id: string, name: string, operation: string, x: number, major: number) => ({
	id,
	name,
	type: 'n8n-nodes-esms.esmsTool',
	typeVersion: 1,
	position: [x, 200],
	parameters: { resource: 'sms', operation },
	credentials: { esmsApi: cred },
	...toolSettings(major),
});
/** n8n's OpenAI Chat Model, its credential's Base URL at the stand-in; version 1.2 has no Responses API option */
const modelNode = (id: string, name: string, x: number) => ({
	id,
	name,
	type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
	typeVersion: 1.2,
	position: [x, 200],
	parameters: { model: { __rl: true, mode: 'id', value: 'stand-in' }, options: {} },
	credentials: { openAiApi: { id: 'standInModel', name: 'Stand-in model' } },
});
/** what a new user builds: Chat Trigger → AI Agent, with a chat model and two eSMS Tools with only the operation set */
const workflow = (major: number) => ({
	id: 'esmsAgentE2e',
	name: 'eSMS tools under the AI Agent',
	active: false,
	nodes: [
		{
			id: 'a1',
			name: 'When chat message received',
			type: '@n8n/n8n-nodes-langchain.chatTrigger',
			typeVersion: 1.3,
			position: [0, 0],
			webhookId: CHAT,
			parameters: { public: true, mode: 'webhook', options: { responseMode: 'lastNode' } },
		},
		{
			id: 'a2',
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			// each line's default version of the AI Agent
			typeVersion: major >= 2 ? 3.1 : 3,
			position: [220, 0],
			parameters: { options: { systemMessage: 'You send SMS for the user with the eSMS tools.' } },
		},
		modelNode('a3', 'OpenAI Chat Model', 100),
		esmsTool('a4', 'Send SMS', 'sendFixedNumber', 260, major),
		esmsTool('a5', 'Get SMS Status', 'getStatus', 420, major),
	],
	connections: {
		'When chat message received': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
		'Send SMS': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		'Get SMS Status': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	pinData: {},
});

const SUB_CHAT = '8c2e4a6f-1d3b-4f5a-b7c9-0e2d4f6a8b13';
/** a sub-agent: Chat Trigger → AI Agent, whose tool is an AI Agent Tool that has the eSMS Tools */
const subAgentWorkflow = (major: number) => ({
	id: 'esmsSubAgentE2e',
	name: 'eSMS tools under a sub-agent',
	active: false,
	nodes: [
		{ ...workflow(major).nodes[0], id: 'b1', webhookId: SUB_CHAT },
		{ ...workflow(major).nodes[1], id: 'b2' },
		modelNode('b3', 'Main Model', 100),
		{
			id: 'b4',
			name: 'SMS agent',
			type: '@n8n/n8n-nodes-langchain.agentTool',
			typeVersion: major >= 2 ? 3 : 2.2,
			position: [300, 200],
			parameters: {
				text: "={{ $fromAI('task', 'The task, word for word', 'string') }}",
				toolDescription: 'Sends SMS and checks their status',
				options: { systemMessage: 'You send SMS with the eSMS tools.' },
			},
		},
		modelNode('b5', 'Sub Model', 300),
		esmsTool('b6', 'Send SMS', 'sendFixedNumber', 460, major),
		esmsTool('b7', 'Get SMS Status', 'getStatus', 620, major),
	],
	connections: {
		'When chat message received': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'Main Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
		'SMS agent': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		'Sub Model': { ai_languageModel: [[{ node: 'SMS agent', type: 'ai_languageModel', index: 0 }]] },
		'Send SMS': { ai_tool: [[{ node: 'SMS agent', type: 'ai_tool', index: 0 }]] },
		'Get SMS Status': { ai_tool: [[{ node: 'SMS agent', type: 'ai_tool', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	pinData: {},
});

/** One chat message, as the chat panel sends it; the answer is the agent's last text. `sub`: to the sub-agent workflow. */
async function chat(scenario: Scenario, sub = false): Promise<{ status: number; body: string }> {
	const text = `${scenario.name}. ${PLAN_PREFIX}${JSON.stringify(scenario.plan)}`;
	const r = await fetch(`${n8n.url}/webhook/${sub ? SUB_CHAT : CHAT}/chat`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId: scenario.name, chatInput: sub ? `${SUBAGENT_PREFIX}${text}` : text }),
	});
	return { status: r.status, body: await r.text() };
}

/** What the tool calls of a conversation answered the model, in order (the `tool` messages of its last request). */
function toolAnswers(scenario: Scenario): string[] {
	const requests = model.conversation(scenario.plan);
	expect(requests.length).toBeGreaterThan(0);
	return requests[requests.length - 1].messages.filter((m) => m.role === 'tool').map(textOf);
}

/** A successful tool answer: the node's output item (n8n gives the model the JSON of the output items). */
function item(answer: string): Record<string, unknown> {
	const parsed = JSON.parse(answer) as unknown;
	const list = Array.isArray(parsed) ? parsed : [parsed];
	const json = list[0] as Record<string, unknown>;
	expect(json).not.toHaveProperty('error');
	return json;
}

/** A failed tool call's answer, as the model reads it: the error text. */
function errorText(answer: string): string {
	let parsed: unknown;
	try {
		parsed = JSON.parse(answer);
	} catch {
		return answer;
	}
	const first = (Array.isArray(parsed) ? parsed[0] : parsed) as { error?: unknown } | string;
	return typeof first === 'string' ? first : String(first?.error ?? answer);
}

const ALL = scenarios();
const byName = (name: string) => ALL.find((s) => s.name.startsWith(name))!;

/** Runs a scenario as one chat message; returns the SMS it added to the ledger and the tool answers. */
async function play(scenario: Scenario, sub = false) {
	const before = sim.ledger().length;
	const account = sim.account(KEY)!;
	const balance = account.balance;
	if (scenario.account) account.balance = scenario.account.balance;
	try {
		const r = await chat(scenario, sub);
		expect({ status: r.status, body: r.body }).toEqual({ status: 200, body: expect.stringContaining('Done.') });
	} finally {
		account.balance = balance;
	}
	const added = sim.ledger().slice(before);
	// in any order: n8n 1.x runs the calls of one message last first (executionOrder v1 reverses them)
	expect(added.map((e) => [e.phone, e.content]).sort()).toEqual([...scenario.ledger].sort());
	return { added, answers: toolAnswers(scenario) };
}

beforeAll(async () => {
	const runtime = await rt.ensureRuntime((line: string) => process.stdout.write(`${line}\n`));
	major = runtime.major;
	// a status is found 3 s after the send (105 before), final after 3.6 s: the scenario's model waits 4 s
	sim = createSimulator({ timeline: { visibleMs: 3000, sentMs: 3300, finalMs: 3600 } });
	await sim.start();
	sim.addAccount({ apiKey: KEY, secretKey: SECRET, userId: 7201, balance: 1_000_000 });
	model = await startStandInModel();
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-agent-'));
	n8n = await startWithActiveWorkflow(runtime, work, {
		credentials: [
			{ ...cred, type: 'esmsApi', data: { apiKey: KEY, secretKey: SECRET, baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl } },
			{ id: 'standInModel', name: 'Stand-in model', type: 'openAiApi', data: { apiKey: OPENAI_KEY, url: model.url } },
		],
		workflow: [workflow(major), subAgentWorkflow(major)],
	});
	env = n8n.env;
	// n8n reports ready before it has registered the active workflows' webhooks (404 until then)
	for (const id of [CHAT, SUB_CHAT])
		for (let i = 0; i < 120; i++) {
			const r = await fetch(`${n8n.url}/webhook/${id}/chat`, { method: 'GET' });
			if (r.status !== 404) break;
			await new Promise((res) => setTimeout(res, 250));
		}
}, 900_000);

afterAll(async () => {
	await n8n?.stop();
	await model?.stop();
	await sim?.stop();
	if (work && !process.env.ESMS_KEEP_E2E) fs.rmSync(work, { recursive: true, force: true });
});

describe('the eSMS Tool under n8n\'s AI Agent, with a chat model', () => {
	test('a send: one SMS, and the model reads its smsId', async () => {
		const { added, answers } = await play(byName('a send'));
		expect(answers).toHaveLength(1);
		expect(item(answers[0])).toMatchObject({ smsId: added[0].smsId, alreadyAccepted: false, phone: '0901888484', segments: 1 });
	});

	test('the tools n8n describes to the model: every input described, named as the defaults name them', () => {
		const tools = model.requests[0].tools ?? [];
		const byTool = Object.fromEntries(tools.map((t) => [t.function.name, t.function]));
		expect(Object.keys(byTool).sort()).toEqual(['Get_SMS_Status', 'Send_SMS']);
		expect(byTool.Send_SMS.description).toBe(TOOL_DESCRIPTIONS.sms.sendFixedNumber);
		expect(byTool.Get_SMS_Status.description).toBe(TOOL_DESCRIPTIONS.sms.getStatus);
		const inputs = (name: string) =>
			Object.fromEntries(Object.entries(byTool[name].parameters.properties ?? {}).map(([k, v]) => [k, { type: v.type, description: v.description }]));
		expect(inputs('Send_SMS')).toEqual({
			phone: { type: 'string', description: TOOL_INPUTS.phone },
			content: { type: 'string', description: TOOL_INPUTS.content },
		});
		expect(inputs('Get_SMS_Status')).toEqual({ smsId: { type: 'string', description: TOOL_INPUTS.smsId } });
	});

	test('the same send retried: one SMS; the repeat answers alreadyAccepted', async () => {
		const { added, answers } = await play(byName('the same send retried'));
		const [first, second] = answers.map(item);
		expect(first).toMatchObject({ smsId: added[0].smsId, alreadyAccepted: false });
		expect(second).toMatchObject({ smsId: first.smsId, alreadyAccepted: true, requestId: first.requestId });
	});

	test('two identical calls in one message: one SMS; one answer accepted, the other alreadyAccepted', async () => {
		const { added, answers } = await play(byName('two identical calls'));
		const both = answers.map(item);
		expect(both.map((a) => a.alreadyAccepted).sort()).toEqual([false, true]);
		expect(both.find((a) => !a.alreadyAccepted)).toMatchObject({ smsId: added[0].smsId });
	});

	test('two calls in one message that differ in the text: both are sent', async () => {
		const { answers } = await play(byName('two calls in one message that differ'));
		expect(answers.map(item).map((a) => a.alreadyAccepted)).toEqual([false, false]);
	});

	test('the phone as a number: refused with what to do, then sent once given as a string', async () => {
		const { added, answers } = await play(byName('the phone as a number'));
		expect(errorText(answers[0])).toBe(
			'Invalid "phone": it is a number (901888484), not a string. Nothing was sent to eSMS. Give the phone number as a string with its leading 0, e.g. "0901888484". Ask the user for the right number if you do not have it, then call this tool again with it as a string.',
		);
		expect(item(answers[1])).toMatchObject({ smsId: added[0].smsId, phone: '0901888484' });
	});

	test('a send, then Get Status with its smsId: error 105 with what to do, then the final status', async () => {
		const { added, answers } = await play(byName('a send, then Get Status'));
		const smsId = added[0].smsId;
		expect(item(answers[0])).toMatchObject({ smsId });
		expect(errorText(answers[1])).toBe(
			'eSMS error 105: the SMSID or call ID was not found. eSMS does not know this ID yet, or it is wrong. If the message was sent less than a minute ago, wait a few seconds and call this tool again with the same input; otherwise check that it is the smsId a send answered (eSMS keeps statuses for 7 days).',
		);
		expect(item(answers[2])).toMatchObject({ smsId, isFinal: true, result: 'success' });
	});

	test('a refused input: nothing sent, and the model reads the problem and what to do', async () => {
		const { answers } = await play(byName('a refused input'));
		// the input is named as the model knows it: the tool schema's own name, not the field's label
		const named = /^Invalid "([^"]+)"/.exec(errorText(answers[0]))?.[1];
		const sendInputs = model.requests[0].tools?.find((t) => t.function.name === 'Send_SMS')?.function.parameters.properties ?? {};
		expect(Object.keys(sendInputs)).toContain(named);
		expect(errorText(answers[0])).toBe(
			'Invalid "phone": it does not have the 10 digits of a Vietnamese mobile number. Nothing was sent to eSMS. Use one Vietnamese mobile number, such as 0901888484, 84901888484 or +84 90 188 84 84. Ask the user for the right number if you do not have it, then call this tool again with it as a string.',
		);
	});

	test('an eSMS error (103): nothing sent, and the model reads the code and that it must stop', async () => {
		const { answers } = await play(byName('an eSMS error'));
		expect(errorText(answers[0])).toBe(
			'eSMS error 103: not enough balance to send. Calling again will fail the same way: stop, and tell the user what went wrong; the eSMS account or the workflow needs a person to fix it. eSMS said: "Not enough balance to send message.".',
		);
	});

	describe('in a sub-agent (an AI Agent Tool with the eSMS Tools, under the AI Agent)', () => {
		const SUB = scenarios('(tac tu phu)');
		const sub = (name: string) => SUB.find((x) => x.name.startsWith(name))!;

		test('the same send retried: one SMS; the repeat answers alreadyAccepted', async () => {
			const { answers } = await play(sub('the same send retried'), true);
			expect(answers.map(item).map((a) => a.alreadyAccepted)).toEqual([false, true]);
		});

		test('two identical calls in one message: one SMS', async () => {
			const { answers } = await play(sub('two identical calls'), true);
			expect(answers.map(item).map((a) => a.alreadyAccepted).sort()).toEqual([false, true]);
		});

		test('an eSMS error (103): the sub-agent\'s model reads the code and that it must stop', async () => {
			const { answers } = await play(sub('an eSMS error'), true);
			expect(errorText(answers[0])).toMatch(/^eSMS error 103: not enough balance to send\. Calling again will fail the same way: stop/);
		});
	});

	test('the keys appear in nothing the model was sent, and nowhere in n8n\'s log', () => {
		const places = { model: JSON.stringify(model.requests), log: fs.readFileSync(env.N8N_LOG_FILE_LOCATION, 'utf8') };
		expect(places.model).toContain('eSMS error 103');
		for (const [where, text] of Object.entries(places))
			expect({ where, key: text.includes(KEY), secret: text.includes(SECRET) }).toEqual({ where, key: false, secret: false });
	});
});
