/**
 * The operations of issue 24 under n8n's AI Agent (agent.e2e.test.ts, its second workflow, in the same
 * n8n): OTP → Send Code and Verify Code, Viber Message → Send with SMS → Get Status, SMS → Send
 * Advertising SMS with SMS → Get Per-Number Results. The workflow a user builds: Chat Trigger → AI Agent
 * with the OpenAI Chat Model (the stand-in) and one eSMS Tool per operation, set up in the node's
 * parameters as a user sets them (the brandnames and the code's text: a model cannot know them), the
 * model's inputs left to their `$fromAI()` defaults.
 */

/** the Chat Trigger's webhook id of this workflow (its own public chat URL) */
export const NEW_OPS_CHAT = '5e7a9c1b-3d5f-4a7b-8c9d-1f3e5a7c9b24';

/** the simulator's demo brandnames (simulator/fixtures.js): customer care (2), advertising (1), Viber (23) */
export const OTP_BRANDNAME = 'Baotrixemay';
export const OTP_TEXT = '{OTP} la ma xac minh dang ky Baotrixemay cua ban';
export const ADVERTISING_BRANDNAME = 'QC_ONLINE';
export const VIBER_BRANDNAME = 'BAT DONG SAN GIA TOT';
export const VIBER_TEXT = 'Chào anh/chị, căn hộ mẫu mở cửa thứ Bảy này 🏠';

const byList = (value: string) => ({ __rl: true, mode: 'list', value });
const cred = { id: 'esmsSimulator', name: 'eSMS (local simulator)' };

/** What each eSMS Tool of the workflow is: its node name (the model's tool name with _ for spaces) and parameters. */
export const NEW_OPS_TOOLS: Array<{ name: string; parameters: Record<string, unknown> }> = [
	{ name: 'Send Code', parameters: { resource: 'otp', operation: 'sendCode', brandname: byList(OTP_BRANDNAME), content: OTP_TEXT } },
	{ name: 'Verify Code', parameters: { resource: 'otp', operation: 'verifyCode' } },
	{
		name: 'Send Viber Message',
		parameters: { resource: 'viberMessage', operation: 'send', viberBrandname: byList(VIBER_BRANDNAME), viberMessageType: 'text', viberText: VIBER_TEXT },
	},
	{ name: 'Get SMS Status', parameters: { resource: 'sms', operation: 'getStatus' } },
	{ name: 'Send Advertising SMS', parameters: { resource: 'sms', operation: 'sendAdvertising', advertisingBrandname: byList(ADVERTISING_BRANDNAME) } },
	{ name: 'Get Per-Number Results', parameters: { resource: 'sms', operation: 'getPerNumberResults' } },
];

/**
 * The workflow. `toolSettings`: n8n 1.x needs On Error "Continue" on a tool for the model to read its
 * error (agent.e2e.test.ts says why); `chatNodes`: the first workflow's Chat Trigger and AI Agent, this
 * workflow's own webhook id given here.
 */
export function newOperationsWorkflow(chatNodes: [object, object], modelNode: object, toolSettings: object) {
	const [trigger, agent] = chatNodes;
	return {
		id: 'esmsAgentNewOpsE2e',
		name: 'eSMS codes, Viber and campaigns under the AI Agent',
		active: false,
		nodes: [
			{ ...trigger, id: 'c1', webhookId: NEW_OPS_CHAT },
			{ ...agent, id: 'c2' },
			{ ...modelNode, id: 'c3' },
			...NEW_OPS_TOOLS.map((t, i) => ({
				id: `c${i + 4}`,
				name: t.name,
				type: 'n8n-nodes-esms.esmsTool',
				typeVersion: 1,
				position: [260 + 160 * i, 200],
				parameters: t.parameters,
				credentials: { esmsApi: cred },
				...toolSettings,
			})),
		],
		connections: {
			'When chat message received': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			...Object.fromEntries(NEW_OPS_TOOLS.map((t) => [t.name, { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] }])),
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** n distinct valid numbers, 0938100000, 0938100001, … (not used by the other scenarios) */
export const campaignPhones = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `0938${String(100000 + from + i)}`);
