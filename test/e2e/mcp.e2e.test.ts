/**
 * The eSMS Tool in a real n8n (2.41.1, or 1.123.81 with ESMS_N8N=1; the packed package loaded as a
 * community package), served by n8n's MCP Server Trigger from the example workflow examples/ai-tool-sms.json. This test is the MCP
 * client (Streamable HTTP, plain fetch), as an AI agent would be: it lists the tools, sends an SMS,
 * reads its status, repeats a call, and makes the mistakes models make. Recipe:
 * ../shared/reference/mcp-recipe.md.
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
import { argumentsFor, scenarios } from './agentScenarios';
import type { Scenario } from './agentScenarios';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rt = require('../../scripts/lib/n8n-runtime.js');

const KEY = 'MCPCANARYKEY7b2e';
const SECRET = 'MCPCANARYSECRET4c1d';
const PROTOCOL = '2025-06-18';
const EXAMPLE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'ai-tool-sms.json'), 'utf8'));

interface ToolAnswer {
	isError?: boolean;
	content: Array<{ type: string; text: string }>;
}

let sim: Simulator;
let work: string;
/** n8n's major version (1 or 2, ESMS_N8N): the MCP Server Trigger's answers differ in two details */
let major: number;
/**
 * How the MCP Server Trigger prefixes a failed tool's message: n8n 2.x names the error class; n8n 1.x
 * writes `Error: ${error.message}` (McpServer.js of @n8n/n8n-nodes-langchain 1.123.x). Same message.
 */
const errorPrefix = () => (major >= 2 ? 'NodeOperationError: ' : 'Error: ');
let env: Record<string, string>;
let n8n: ActiveN8n;
let session = '';
let nextId = 1;
const answers: string[] = [];

/** One JSON-RPC message over Streamable HTTP; the answer comes as one server-sent event. */
async function mcp(method: string, params?: object, { notification = false } = {}) {
	const r = await fetch(`${n8n.url}/mcp/esms`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			accept: 'application/json, text/event-stream',
			...(session && { 'mcp-session-id': session, 'mcp-protocol-version': PROTOCOL }),
		},
		body: JSON.stringify({ jsonrpc: '2.0', method, ...(params && { params }), ...(!notification && { id: nextId++ }) }),
	});
	const text = await r.text();
	const data = text
		.split('\n')
		.filter((l) => l.startsWith('data: '))
		.map((l) => JSON.parse(l.slice(6)));
	return { status: r.status, headers: r.headers, text, message: data[0] as { result?: Record<string, unknown>; error?: { code: number; message: string } } | undefined };
}

async function callTool(name: string, args: Record<string, unknown>) {
	const { status, message } = await mcp('tools/call', { name, arguments: args });
	expect(status).toBe(200);
	answers.push(JSON.stringify(message));
	return message!.result as unknown as ToolAnswer;
}

/** A successful tool answer: the JSON of the node's output items. */
function items(answer: ToolAnswer) {
	expect(answer.isError).toBeFalsy();
	return JSON.parse(answer.content[0].text) as Array<Record<string, unknown>>;
}

beforeAll(async () => {
	const runtime = await rt.ensureRuntime((line: string) => process.stdout.write(`${line}\n`));
	major = runtime.major;
	// statuses appear only when the test moves the simulator's clock (sim.advance): a slow machine must not see one early
	sim = createSimulator({ timeline: { visibleMs: 30_000, sentMs: 40_000, finalMs: 50_000 } });
	await sim.start();
	sim.addAccount({ apiKey: KEY, secretKey: SECRET, userId: 7101, balance: 1_000_000 });
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-mcp-'));
	n8n = await startWithActiveWorkflow(runtime, work, {
		credentials: [{ id: 'esmsSimulator', name: 'eSMS (local simulator)', type: 'esmsApi', data: { apiKey: KEY, secretKey: SECRET, baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl } }],
		workflow: EXAMPLE,
	});
	env = n8n.env;
	// n8n reports ready before it has registered the active workflows' webhooks (404 until then)
	let init = await mcp('initialize', { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'esms-e2e', version: '1.0.0' } });
	for (let i = 0; i < 120 && init.status === 404; i++) {
		await new Promise((res) => setTimeout(res, 250));
		init = await mcp('initialize', { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'esms-e2e', version: '1.0.0' } });
	}
	expect(init.status).toBe(200);
	expect(init.message?.result).toMatchObject({ protocolVersion: PROTOCOL, capabilities: { tools: {} } });
	session = init.headers.get('mcp-session-id') ?? '';
	expect(session).not.toBe('');
	expect((await mcp('notifications/initialized', undefined, { notification: true })).status).toBe(202);
}, 900_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the eSMS Tool behind n8n\'s MCP Server Trigger', () => {
	test('tools/list: both tools, with the descriptions a model acts on and the inputs it must give', async () => {
		const { status, message } = await mcp('tools/list', {});
		expect(status).toBe(200);
		const tools = (message!.result as { tools: Array<{ name: string; description: string; inputSchema: Record<string, unknown> }> }).tools;
		const schema = (properties: object, required: string[]) => ({
			// n8n 1.x converts the tool's schema with zod-to-json-schema, whose default target is draft-07
			$schema: major >= 2 ? 'https://json-schema.org/draft/2020-12/schema' : 'http://json-schema.org/draft-07/schema#',
			type: 'object',
			properties,
			required,
			additionalProperties: true,
		});
		expect(tools.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
			{
				name: 'Get_SMS_Status',
				description: TOOL_DESCRIPTIONS.sms.getStatus,
				// nothing set in the workflow: the tool variant's defaults make the ID its input
				inputSchema: schema({ smsId: { type: 'string', description: TOOL_INPUTS.smsId } }, ['smsId']),
			},
			{
				name: 'Send_SMS',
				description: TOOL_DESCRIPTIONS.sms.sendFixedNumber,
				// nothing set but the operation: the tool variant's defaults make phone and content its inputs
				inputSchema: schema(
					{ phone: { type: 'string', description: TOOL_INPUTS.phone }, content: { type: 'string', description: TOOL_INPUTS.content } },
					['phone', 'content'],
				),
			},
		]);
		// what the descriptions tell the model, in words it can act on
		expect(TOOL_DESCRIPTIONS.sms.sendFixedNumber).toMatch(/phone number as a string with its leading 0/);
		expect(TOOL_DESCRIPTIONS.sms.sendFixedNumber).toMatch(/a number such as 901888484 is refused/);
		expect(TOOL_DESCRIPTIONS.sms.sendFixedNumber).toMatch(/smsId \(keep it to check delivery\)/);
		expect(TOOL_DESCRIPTIONS.sms.getStatus).toMatch(/error 105/);
	});

	let smsId = '';

	test('Send_SMS: one SMS in the ledger, and the answer the model reads', async () => {
		sim.clearRequests();
		const [sent] = items(await callTool('Send_SMS', { phone: '+84 90 188 84 84', content: 'Ma OTP cua ban la 482913' }));
		smsId = String(sent.smsId);
		expect(sent).toEqual({
			smsId: expect.stringMatching(/^[0-9a-f]{32}\d+$/),
			alreadyAccepted: false,
			phone: '0901888484',
			content: 'Ma OTP cua ban la 482913',
			unicode: false,
			segments: 1,
			replacedCharacters: [],
			estimatedCost: null,
			// derived from the workflow, node, message and a 10-minute window: n8n gives a tool no execution ID
			requestId: expect.stringMatching(/^n8n-tool-[0-9a-f]{32}$/),
			sendDate: null,
			sandbox: false,
		});
		expect(sim.ledger().map((e) => [e.smsId, e.phone, e.content, e.smsType])).toEqual([[smsId, '0901888484', 'Ma OTP cua ban la 482913', 8]]);
		expect(sim.requests().map((r) => r.path)).toEqual(['/MainService.svc/json/SendMultipleMessage_V4_get']);
	});

	test('Get_SMS_Status: eSMS error 105 right after the send, the final status once eSMS has it', async () => {
		const early = await callTool('Get_SMS_Status', { smsId });
		expect(early).toEqual({
			isError: true,
			content: [
				{
					type: 'text',
					text:
						// for the model: the code, what happened, what to do (no "Details:", the message holds it)
						`${errorPrefix()}eSMS error 105: the SMSID or call ID was not found. eSMS does not know this ID yet, or it is wrong. ` +
						'If the message was sent less than a minute ago, wait a few seconds and call this tool again with the same input; otherwise check that it is the smsId a send answered (eSMS keeps statuses for 7 days).',
				},
			],
		});
		sim.advance(60_000); // the simulator's clock: the message is delivered
		expect(items(await callTool('Get_SMS_Status', { smsId }))).toEqual([
			{
				smsId,
				statusCode: 5,
				status: 'Finished sending',
				isFinal: true,
				result: 'success',
				receiverCount: 1,
				sentCount: 1,
				successCount: 1,
				failedCount: 0,
				totalPrice: 350,
			},
		]);
	});

	test('the same tool call made twice (a client retrying) sends one message', async () => {
		const args = { phone: '0912345678', content: 'Lich hen 09:30 ngay mai' };
		const [first] = items(await callTool('Send_SMS', args));
		const [second] = items(await callTool('Send_SMS', args));
		expect(first).toMatchObject({ smsId: expect.any(String), alreadyAccepted: false, requestId: expect.any(String) });
		expect(second).toMatchObject({ smsId: first.smsId, alreadyAccepted: true, requestId: first.requestId });
		expect(sim.ledger().filter((e) => e.phone === '0912345678')).toHaveLength(1);
	});

	test('a phone given as a number: n8n refuses it before the node runs, in words that name the fix', async () => {
		sim.clearRequests();
		const answer = await callTool('Send_SMS', { phone: 901888484, content: 'hi' });
		expect(answer).toEqual({
			isError: true,
			content: [{ type: 'text', text: 'Error: Received tool input did not match expected schema\n\n✖ Expected string, received number\n  → at phone' }],
		});
		expect(sim.requests()).toEqual([]);
		// the description the model read before the call says what to do instead
		expect(TOOL_DESCRIPTIONS.sms.sendFixedNumber).toContain('Give the phone number as a string with its leading 0');
	});

	test('an eSMS error (103, not enough balance): an error answer with the code and the fix, nothing sent', async () => {
		const account = sim.account(KEY)!;
		const balance = account.balance;
		account.balance = 0;
		try {
			const before = sim.ledger().length;
			const answer = await callTool('Send_SMS', { phone: '0987654321', content: 'Xin chao' });
			expect(answer).toEqual({
				isError: true,
				content: [
					{
						type: 'text',
						text: `${errorPrefix()}eSMS error 103: not enough balance to send. Calling again will fail the same way: stop, and tell the user what went wrong; the eSMS account or the workflow needs a person to fix it. eSMS said: "Not enough balance to send message.".`,
					},
				],
			});
			expect(sim.ledger()).toHaveLength(before);
		} finally {
			account.balance = balance;
		}
	});

	// the scenarios of the AI Agent e2e test (agent.e2e.test.ts), played by this client: the same ledger
	describe('the scenarios of the AI Agent test, over MCP', () => {
		let inputs: Record<string, string[]> = {};
		beforeAll(async () => {
			const { message } = await mcp('tools/list', {});
			const tools = (message!.result as { tools: Array<{ name: string; inputSchema: { properties: Record<string, unknown> } }> }).tools;
			inputs = Object.fromEntries(tools.map((t) => [t.name, Object.keys(t.inputSchema.properties)]));
		});

		/** Plays a scenario: each planned message's calls at once; returns the SMS it added and every answer. */
		async function play(scenario: Scenario) {
			const before = sim.ledger().length;
			const account = sim.account(KEY)!;
			const balance = account.balance;
			if (scenario.account) account.balance = scenario.account.balance;
			const answered: ToolAnswer[] = [];
			let smsId: string | undefined;
			try {
				for (const step of scenario.plan) {
					if (step.waitMs) sim.advance(60_000); // the simulator's clock, instead of the model's wait
					const results = await Promise.all(step.calls.map((call) => callTool(call.tool, argumentsFor(call, inputs[call.tool], smsId))));
					answered.push(...results);
					for (const r of results) if (!r.isError && !smsId) smsId = (JSON.parse(r.content[0].text) as Array<{ smsId?: string }>)[0].smsId ?? undefined;
				}
			} finally {
				account.balance = balance;
			}
			const added = sim.ledger().slice(before);
			// in any order: the calls of one message run at once
		expect(added.map((e) => [e.phone, e.content]).sort()).toEqual([...scenario.ledger].sort());
			return { added, answered };
		}

		test.each(scenarios().map((s) => [s.name, s] as const))('%s: the same ledger as under the AI Agent', async (_name, scenario) => {
			const { answered } = await play(scenario);
			const text = answered.map((a) => a.content[0].text);
			if (scenario.name.startsWith('the same send retried') || scenario.name.startsWith('two identical calls'))
				expect(answered.map((a) => items(a)[0].alreadyAccepted).sort()).toEqual([false, true]);
			if (scenario.name.startsWith('the phone as a number'))
				expect(text[0]).toBe('Error: Received tool input did not match expected schema\n\n✖ Expected string, received number\n  → at phone');
			if (scenario.name.startsWith('a refused input'))
				expect(text[0]).toBe(
					`${errorPrefix()}Invalid "phone": it does not have the 10 digits of a Vietnamese mobile number. Nothing was sent to eSMS. Use one Vietnamese mobile number, such as 0901888484, 84901888484 or +84 90 188 84 84. Ask the user for the right number if you do not have it, then call this tool again with it as a string.`,
				);
			if (scenario.name.startsWith('an eSMS error')) expect(text[0]).toMatch(/^.*eSMS error 103: not enough balance to send\. Calling again will fail the same way: stop/);
			if (scenario.name.startsWith('a send, then Get Status')) {
				expect(text[1]).toMatch(/eSMS error 105: .* wait a few seconds and call this tool again/);
				expect(items(answered[2])[0]).toMatchObject({ isFinal: true, result: 'success' });
			}
		});
	});

	test('an unknown tool: a JSON-RPC error, not a tool answer', async () => {
		const { status, message } = await mcp('tools/call', { name: 'Send_Zalo', arguments: {} });
		expect(status).toBe(200);
		expect(message).toMatchObject({ error: { code: -32603, message: 'Tool not found' } });
	});

	test('the keys appear in no tool answer and nowhere in n8n\'s log', async () => {
		const places = { answers: answers.join('\n'), log: fs.readFileSync(env.N8N_LOG_FILE_LOCATION, 'utf8') };
		expect(places.answers).toContain('eSMS error 103'); // the places hold the tool runs
		expect(places.log).toContain('Send_SMS');
		for (const [where, text] of Object.entries(places))
			expect({ where, key: text.includes(KEY), secret: text.includes(SECRET) }).toEqual({ where, key: false, secret: false });
	});
});
