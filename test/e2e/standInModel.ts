/**
 * A stand-in for an OpenAI-compatible chat model, on 127.0.0.1, for n8n's OpenAI Chat Model node (its
 * credential's Base URL pointed here; the node's Responses API off, so it calls /chat/completions).
 *
 * It plays a model: the user's message is a plan (agentScenarios.ts, as JSON after "PLAN "); for each
 * model turn it reads the `tools` array it was sent and answers with the next planned message as tool
 * calls built from that schema (the values mapped to the schema's input names), and once the plan is
 * done with a final text. Every request is kept, so that a test reads the tools n8n described and what
 * each tool call answered (the `tool` messages of the next request).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { argumentsFor } from './agentScenarios';
import type { PlannedMessage } from './agentScenarios';

export interface ChatMessage {
	role: string;
	content?: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}
export interface ToolSpec {
	type: string;
	function: { name: string; description: string; parameters: { properties?: Record<string, { type?: string; description?: string }>; required?: string[] } };
}
export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ToolSpec[];
	stream?: boolean;
}

export const PLAN_PREFIX = 'PLAN ';
/** A message that starts so asks the model to hand the rest, word for word, to its sub-agent (the AI Agent Tool). */
export const SUBAGENT_PREFIX = 'SUBAGENT ';

/** The text of a conversation's first user message that hands work to a sub-agent, or undefined. */
function subAgentTask(messages: ChatMessage[]): string | undefined {
	const user = messages.find((m) => m.role === 'user');
	const text = user ? textOf(user) : '';
	return text.startsWith(SUBAGENT_PREFIX) ? text.slice(SUBAGENT_PREFIX.length) : undefined;
}

export const textOf = (m: ChatMessage): string =>
	typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((p) => p.text ?? '').join('') : '';

/** The plan of a conversation: the JSON after PLAN in its (first) user message. */
export function planOf(messages: ChatMessage[]): PlannedMessage[] {
	const user = messages.find((m) => m.role === 'user' && textOf(m).includes(PLAN_PREFIX));
	if (!user) throw new Error('no plan in the conversation');
	const text = textOf(user);
	return JSON.parse(text.slice(text.indexOf(PLAN_PREFIX) + PLAN_PREFIX.length)) as PlannedMessage[];
}

/** The first smsId string in the tool answers so far (a send's answer is a JSON array of one object). */
function firstSmsId(messages: ChatMessage[]): string | undefined {
	for (const m of messages.filter((x) => x.role === 'tool')) {
		const match = /"smsId":"([^"]+)"/.exec(textOf(m).replace(/\\"/g, '"'));
		if (match) return match[1];
	}
	return undefined;
}

let nextCall = 1;

/** The next answer for a conversation: the planned tool calls, or a final text. */
function answer(request: ChatRequest): ChatMessage {
	const task = subAgentTask(request.messages);
	if (task !== undefined) {
		// the calling agent: one call of the sub-agent tool with the task, whatever its input is named
		if (request.messages.some((m) => m.role === 'tool')) return { role: 'assistant', content: 'Done.' };
		const tool = (request.tools ?? []).find((t) => !['Send_SMS', 'Get_SMS_Status'].includes(t.function.name));
		if (!tool) throw new Error('the calling agent was given no sub-agent tool');
		const [input] = Object.keys(tool.function.parameters.properties ?? {});
		return { role: 'assistant', content: null, tool_calls: [{ id: `call_${nextCall++}`, type: 'function', function: { name: tool.function.name, arguments: JSON.stringify({ [input]: task }) } }] };
	}
	const plan = planOf(request.messages);
	const done = request.messages.filter((m) => m.role === 'assistant' && m.tool_calls?.length).length;
	if (done >= plan.length) return { role: 'assistant', content: 'Done.' };
	const tools = request.tools ?? [];
	const smsId = firstSmsId(request.messages);
	return {
		role: 'assistant',
		content: null,
		tool_calls: plan[done].calls.map((call) => {
			const tool = tools.find((t) => t.function.name === call.tool);
			if (!tool) throw new Error(`the model was not given the tool ${call.tool} (${tools.map((t) => t.function.name).join(', ')})`);
			const args = argumentsFor(call, Object.keys(tool.function.parameters.properties ?? {}), smsId);
			return { id: `call_${nextCall++}`, type: 'function', function: { name: call.tool, arguments: JSON.stringify(args) } };
		}),
	};
}

export interface StandInModel {
	/** the Base URL for the OpenAI credential */
	url: string;
	requests: ChatRequest[];
	/** the requests of the conversation whose plan is `plan` (the one that plays it, not an agent that hands it on) */
	conversation(plan: PlannedMessage[]): ChatRequest[];
	stop(): Promise<void>;
}

export async function startStandInModel(): Promise<StandInModel> {
	const requests: ChatRequest[] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			void (async (): Promise<void> => {
				if (req.method === 'GET' && req.url?.endsWith('/models')) {
					res.writeHead(200, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ object: 'list', data: [{ id: 'stand-in', object: 'model', created: 0, owned_by: 'test' }] }));
					return;
				}
				if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
					res.writeHead(404);
					res.end();
					return;
				}
				let message: ChatMessage;
				const request = JSON.parse(body) as ChatRequest;
				requests.push(request);
				try {
					const plan = subAgentTask(request.messages) === undefined ? planOf(request.messages) : [];
					const done = request.messages.filter((m) => m.role === 'assistant' && m.tool_calls?.length).length;
					const wait = plan[done]?.waitMs ?? 0;
					if (wait) await new Promise((r) => setTimeout(r, wait));
					message = answer(request);
				} catch (error) {
					res.writeHead(400, { 'content-type': 'application/json' });
					res.end(JSON.stringify({ error: { message: (error as Error).message, type: 'invalid_request_error' } }));
					return;
				}
				const finish = message.tool_calls ? 'tool_calls' : 'stop';
				const base = { id: `chatcmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model: request.model };
				const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
				if (request.stream) {
					res.writeHead(200, { 'content-type': 'text/event-stream' });
					const delta = message.tool_calls
						? { role: 'assistant', content: null, tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })) }
						: { role: 'assistant', content: message.content };
					const chunk = (choice: object, extra: object = {}) =>
						res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice], ...extra })}\n\n`);
					chunk({ index: 0, delta, finish_reason: null });
					chunk({ index: 0, delta: {}, finish_reason: finish }, { usage });
					res.write('data: [DONE]\n\n');
					res.end();
					return;
				}
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish }], usage }));
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		conversation: (plan) =>
			requests.filter((r) => subAgentTask(r.messages) === undefined && JSON.stringify(planOf(r.messages)) === JSON.stringify(plan)),
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
