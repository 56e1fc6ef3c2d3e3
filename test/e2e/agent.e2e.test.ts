/**
 * The eSMS Tool under n8n's own AI Agent, as most people give the node to a model, in a real n8n
 * (2.41.1, or 1.123.81 with ESMS_N8N=1; the packed package loaded as a community package): a Chat
 * Trigger (its public chat webhook, as the chat panel and an embedded chat use it), an AI Agent, n8n's
 * OpenAI Chat Model node pointed by its credential's Base URL at a stand-in model on 127.0.0.1
 * (standInModel.ts; node version 1.2, which has no Responses API option, so it calls /chat/completions),
 * and two eSMS Tool nodes with nothing set but the operation. The stand-in answers with tool calls built
 * from the `tools` array n8n sends it. Each scenario (agentScenarios.ts, shared with mcp.e2e.test.ts) is
 * asserted on the simulator's ledger and on what the tool answered the model.
 *
 * A third workflow in the same n8n (agentNewOperations.ts, its own chat webhook; the last describe block)
 * has the operations of issue 24 as tools set up as a user sets them: one-time codes, Viber, campaigns.
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
import { campaignPhones, NEW_OPS_CHAT, newOperationsWorkflow, OTP_TEXT, VIBER_BRANDNAME, VIBER_TEXT } from './agentNewOperations';
import { scenarios, SMS_ID_OF_SEND } from './agentScenarios';
import type { PlannedCall, PlannedMessage, Scenario } from './agentScenarios';
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

/** the third workflow: the operations of issue 24, each an eSMS Tool set up as a user sets it (agentNewOperations.ts) */
const newOpsWorkflow = (major: number) => {
	const [trigger, agent, chatModel] = workflow(major).nodes;
	return newOperationsWorkflow([trigger, agent], chatModel, toolSettings(major));
};

/**
 * n8n runs with scripts/lib/vietnam-daytime.js preloaded (as campaign.e2e.test.ts): the node sends
 * advertising only from 07:00 to 22:00 Vietnam time (Decree 91), checked on n8n's clock, and the
 * preload moves that clock into the daytime when the test runs outside it, so that the campaign
 * scenarios do not depend on the hour CI runs at. Only n8n's clock moves: the simulator keeps the real
 * one, so nothing here compares a time n8n made with the test's clock. ESMS_VN_DAYTIME_FORCE_SHIFT_MS
 * (a shift in ms) is passed on, to try a night run's shift by day.
 */
const DAYTIME = path.join(__dirname, '..', '..', 'scripts', 'lib', 'vietnam-daytime.js');
const daytimeEnv = (): Record<string, string> => ({
	NODE_OPTIONS: `--require ${DAYTIME}`,
	...(process.env.ESMS_VN_DAYTIME_FORCE_SHIFT_MS !== undefined && { ESMS_VN_DAYTIME_FORCE_SHIFT_MS: process.env.ESMS_VN_DAYTIME_FORCE_SHIFT_MS }),
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
		workflow: [workflow(major), subAgentWorkflow(major), newOpsWorkflow(major)],
	}, daytimeEnv());
	env = n8n.env;
	// n8n reports ready before it has registered the active workflows' webhooks (404 until then)
	for (const id of [CHAT, SUB_CHAT, NEW_OPS_CHAT])
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

describe("the operations of issue 24 under n8n's AI Agent: codes, Viber, campaigns", () => {
	/** a call of one of the third workflow's tools: the model's name of a tool is its node's name, spaces as _ */
	const call = (node: string, values: Record<string, unknown>): PlannedCall => ({ tool: node.replace(/ /g, '_'), values });

	/**
	 * One chat message to the third workflow: a new execution, as when the user types again. `label`
	 * starts the message and finds its requests to the model (each label is used once).
	 */
	async function say(label: string, plan: PlannedMessage[]) {
		const before = sim.ledger().length;
		const r = await fetch(`${n8n.url}/webhook/${NEW_OPS_CHAT}/chat`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'sendMessage', sessionId: label, chatInput: `${label}. ${PLAN_PREFIX}${JSON.stringify(plan)}` }),
		});
		const body = await r.text();
		expect({ status: r.status, body }).toEqual({ status: 200, body: expect.stringContaining('Done.') });
		const requests = model.requests.filter((q) => {
			const user = q.messages.find((m) => m.role === 'user');
			return user !== undefined && textOf(user).startsWith(`${label}. `);
		});
		// one model turn per planned message, and the last one that ends with a text
		expect(requests).toHaveLength(plan.length + 1);
		const answers = requests[requests.length - 1].messages.filter((m) => m.role === 'tool').map(textOf);
		return { added: sim.ledger().slice(before), answers, requests, body };
	}

	/** A tool's answer as the model reads it, an array of the node's output items (an object alone read as one). */
	function items(answer: string): Array<Record<string, unknown>> {
		const parsed = JSON.parse(answer) as unknown;
		return (Array.isArray(parsed) ? parsed : [parsed]) as Array<Record<string, unknown>>;
	}

	const VALID = { valid: true, reason: 'The code is right. eSMS has now used it up: it cannot be verified again.', esmsCode: '100' };
	// the simulator answers 117 for a wrong, used or expired code, as the pages do (verifyCode.ts)
	const INVALID = {
		valid: false,
		reason: 'The code is wrong, was already used, or has expired (eSMS does not say which). Ask the person to check it, or send a new code.',
		esmsCode: '117',
	};
	/** the code of an SMS that Send Code sent: the digits eSMS put in place of {OTP} */
	const codeIn = (content: string | undefined) => new RegExp(`^(\\d{6})${OTP_TEXT.replace('{OTP}', '')}$`).exec(content ?? '')?.[1];
	/** a code as a token of its own: not a run of digits inside a longer number or an ID */
	const asToken = (code: string) => new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`);

	test('Send Code, then Verify Code in the next chat messages: one SMS with a code the model never reads; a wrong code, the right one, the right one again', async () => {
		const phone = '0971234567';
		// 1. "Send me a code": one SMS, the code in it; the model reads when it expires, not the code
		const sent = await say('otp 1: send a code', [{ calls: [call('Send Code', { phone })] }]);
		expect(sent.added).toEqual([expect.objectContaining({ kind: 'sms', smsType: 2, phone, brandname: 'Baotrixemay' })]);
		const code = codeIn(sent.added[0].content)!;
		// as the person reads their phone
		expect(code).toBe(sim.otpCode(phone));
		expect(sent.answers.map(items)).toEqual([
			[
				{
					phone,
					smsId: sent.added[0].smsId,
					channel: 'sms',
					// n8n's clock (+ the lifetime), in Vietnam time: n8n's clock may be moved (DAYTIME), so only its form
					expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/),
					lifetimeMinutes: 5,
					codeLength: 6,
					codeType: 'digits',
					brandname: 'Baotrixemay',
					content: OTP_TEXT,
					segments: 1,
					// the registered template the text matched (the simulator's for the phone's network)
					templateId: expect.stringMatching(/^\d+$/),
					multiChannelTemplateId: null,
					createOnly: false,
				},
			],
		]);
		// the code in nothing the model was sent, nor in the chat's answer to the user
		expect({ model: asToken(code).test(JSON.stringify(sent.requests)), chat: asToken(code).test(sent.body) }).toEqual({ model: false, chat: false });

		// 2. the user mistypes it: an answer the model reads (valid false and why), not a tool error
		const wrong = code.slice(0, 5) + String((Number(code[5]) + 1) % 10);
		const mistyped = await say('otp 2: a wrong code', [{ calls: [call('Verify Code', { phone, code: wrong })] }]);
		expect(mistyped.answers.map(items)).toEqual([[{ ...INVALID, phone }]]);

		// 3. the right code, the number written another way: valid (a wrong try did not use it up)
		const right = await say('otp 3: the right code', [{ calls: [call('Verify Code', { phone: '+84 97 123 45 67', code })] }]);
		expect(right.answers.map(items)).toEqual([[{ ...VALID, phone }]]);

		// 4. the same code again: used up
		const again = await say('otp 4: the same code again', [{ calls: [call('Verify Code', { phone, code })] }]);
		expect(again.answers.map(items)).toEqual([[{ ...INVALID, phone }]]);
		expect([...mistyped.added, ...right.added, ...again.added]).toEqual([]);
	});

	test('the tools n8n describes to the model: their own texts, every input described', () => {
		const first = model.requests.find((q) => q.tools?.some((t) => t.function.name === 'Send_Code'));
		const byTool = Object.fromEntries((first?.tools ?? []).map((t) => [t.function.name, t.function]));
		const inputs = (name: string) =>
			Object.fromEntries(Object.entries(byTool[name]?.parameters.properties ?? {}).map(([k, v]) => [k, { type: v.type, description: v.description }]));
		const described = (...names: string[]) => Object.fromEntries(names.map((n) => [n, { type: 'string', description: TOOL_INPUTS[n] }]));
		expect(Object.fromEntries(Object.keys(byTool).sort().map((name) => [name, { description: byTool[name].description, inputs: inputs(name) }]))).toEqual({
			'Get_Per-Number_Results': { description: TOOL_DESCRIPTIONS.sms.getPerNumberResults, inputs: described('smsId') },
			Get_SMS_Status: { description: TOOL_DESCRIPTIONS.sms.getStatus, inputs: described('smsId') },
			Send_Advertising_SMS: { description: TOOL_DESCRIPTIONS.sms.sendAdvertising, inputs: described('phones', 'advertisingContent') },
			Send_Code: { description: TOOL_DESCRIPTIONS.otp.sendCode, inputs: described('phone') },
			Send_Viber_Message: { description: TOOL_DESCRIPTIONS.viberMessage.send, inputs: described('phone') },
			Verify_Code: { description: TOOL_DESCRIPTIONS.otp.verifyCode, inputs: described('phone', 'code') },
		});
	});
	test('Send Code called twice in one chat message for one phone: two SMS, each with a new code (as the tool text says); the last code is the one that verifies', async () => {
		const phone = '0981234567';
		const sent = await say('otp 5: two sends at once', [{ calls: [call('Send Code', { phone }), call('Send Code', { phone })] }]);
		// no Request ID on this endpoint: nothing can tell the second call from a new code the user asked for
		expect(sent.added.map((e) => e.phone)).toEqual([phone, phone]);
		const smsIds = sent.added.map((e) => e.smsId);
		expect(new Set(smsIds).size).toBe(2);
		// each answer has the smsId of its own SMS (n8n 1.x runs the calls of one message last first)
		expect(sent.answers.map(items).map(([a]) => a.smsId).sort()).toEqual([...smsIds].sort());
		const [earlier, latest] = sent.added.map((e) => codeIn(e.content)!);
		expect(sim.otpCode(phone)).toBe(latest);
		const checked = await say('otp 6: the latest code', [{ calls: [call('Verify Code', { phone, code: latest })] }]);
		expect(checked.answers.map(items)).toEqual([[{ ...VALID, phone }]]);
		// the earlier code: the simulator keeps one code per phone, the latest (simulator/otp.js: the pages are
		// silent); had both codes been the same, it is now used. Either way: not valid
		const old = await say('otp 7: the earlier code', [{ calls: [call('Verify Code', { phone, code: earlier })] }]);
		expect(old.answers.map(items)).toEqual([[{ ...INVALID, phone }]]);
	});

	test('Send Viber Message with the brandname set in the node: one Viber message; then Get SMS Status on its smsId after a wait: delivered', async () => {
		const phone = '0912345679';
		const { added, answers } = await say('viber 1: send, then its status', [
			{ calls: [call('Send Viber Message', { phone })] },
			// the simulator's status is final 3.6 s after the send (beforeAll)
			{ calls: [call('Get SMS Status', { smsId: SMS_ID_OF_SEND })], waitMs: 4000 },
		]);
		expect(added).toEqual([expect.objectContaining({ kind: 'viber', smsType: 23, phone, phones: [phone], brandname: VIBER_BRANDNAME, content: VIBER_TEXT })]);
		const [sent] = items(answers[0]);
		expect(sent).toMatchObject({ smsId: added[0].smsId, phone, brandname: VIBER_BRANDNAME, messageType: 'text', content: VIBER_TEXT });
		expect(items(answers[1])).toEqual([expect.objectContaining({ isFinal: true, result: 'success', successCount: 1, failedCount: 0 })]);
	});

	test('Send Viber Message called twice alike in one chat message: one Viber message; the repeat answers alreadyAccepted with its smsId (tester finding)', async () => {
		const phone = '0912345680';
		const { added, answers } = await say('viber 2: the same call twice at once', [{ calls: [call('Send Viber Message', { phone }), call('Send Viber Message', { phone })] }]);
		expect(added).toEqual([expect.objectContaining({ kind: 'viber', phone, content: VIBER_TEXT })]);
		// in any order: n8n 1.x runs the calls of one message last first
		expect(answers.map((a) => items(a)[0]).map((a) => [a.smsId, a.alreadyAccepted]).sort()).toEqual([
			[added[0].smsId, false],
			[added[0].smsId, true],
		]);
	});

	const AD_TEXT = '[QC] Giam 30% can ho mau cuoi tuan nay. Tu choi: soan TC gui 8079';

	test('a refused campaign (12 numbers; a text without [QC]): nothing sent, and the model reads why and what to do', async () => {
		const { added, answers } = await say('campaign 1: refused', [
			{ calls: [call('Send Advertising SMS', { phones: campaignPhones(12, 100).join(', '), advertisingContent: AD_TEXT })] },
			{ calls: [call('Send Advertising SMS', { phones: campaignPhones(30, 100).join(', '), advertisingContent: 'Giam 30% cuoi tuan nay. Tu choi: soan TC gui 8079' })] },
		]);
		expect(added).toEqual([]);
		// what the model can act on: its own input named, the rule, and the fix in its terms (not the editor's)
		expect(answers.map(errorText)).toEqual([
			'Invalid "phones": the list has 12 numbers to send, and eSMS needs at least 30 distinct valid numbers in an advertising request (its error 107). Nothing was sent to eSMS. Give at least 30 distinct valid numbers in one call: a shorter list cannot go out as advertising. Ask the user for the list of numbers if you do not have enough valid ones, then call this tool again with them as one string, the numbers separated by commas.',
			'Invalid "advertisingContent": it does not start with the label [QC] or [AD], which Decree 91/2020/ND-CP requires first in every advertising SMS. Nothing was sent to eSMS. Start the text with [QC] followed by a space. Change the text as said, then call this tool again.',
		]);
	});

	test('a campaign of 32 numbers inside Vietnam\'s daytime: one SMS per number, then Get Per-Number Results for its smsId: each delivered', async () => {
		const phones = campaignPhones(32);
		// the model passes on what the user pasted: a number twice (written another way) and one that is not one
		const pasted = [...phones, '+84 938 100 000', '12345'].join(', ');
		const { added, answers } = await say('campaign 2: sent, then the results', [
			{ calls: [call('Send Advertising SMS', { phones: pasted, advertisingContent: AD_TEXT })] },
			// each number final 3.6 s after the send (beforeAll)
			{ calls: [call('Get Per-Number Results', { smsId: SMS_ID_OF_SEND })], waitMs: 4000 },
		]);
		// sent, or else what the model read (e.g. the hours, had n8n's clock not been moved into the daytime)
		expect({ answer: answers[0] }).toEqual({ answer: expect.stringMatching(/"sentCount":\s*32\b/) });
		// exactly one SMS per number, all of the campaign
		expect(added.map((e) => e.phone).sort()).toEqual([...phones].sort());
		const smsId = added[0].smsId;
		expect(added.every((e) => e.smsId === smsId && e.smsType === 1 && e.content === AD_TEXT && e.brandname === 'QC_ONLINE')).toBe(true);
		const [campaign] = items(answers[0]);
		expect(campaign).toMatchObject({
			smsId,
			smsIds: [smsId],
			alreadyAccepted: false,
			sentCount: 32,
			sent: phones,
			excluded: [],
			invalid: [{ value: '12345', reason: 'it does not have the 10 digits of a Vietnamese mobile number' }],
			duplicatesRemoved: [phones[0]],
			brandname: 'QC_ONLINE',
			content: AD_TEXT,
			segments: 1,
			sendDate: null,
		});
		const results = items(answers[1]);
		expect(results.map((r) => r.phone)).toEqual(phones);
		expect(results.filter((r) => !(r.smsId === smsId && r.sent === true && r.delivered === true && r.result === 'delivered'))).toEqual([]);
	});

	test("the keys appear in nothing the model was sent in this workflow's chats either, and nowhere in n8n's log", () => {
		const places = { model: JSON.stringify(model.requests), log: fs.readFileSync(env.N8N_LOG_FILE_LOCATION, 'utf8') };
		// the new tools' answers are among what is checked
		expect(places.model).toContain('eSMS has now used it up');
		expect(places.model).toContain('duplicatesRemoved');
		expect(places.model).toContain(VIBER_TEXT);
		for (const [where, text] of Object.entries(places))
			expect({ where, key: text.includes(KEY), secret: text.includes(SECRET) }).toEqual({ where, key: false, secret: false });
	});
});
