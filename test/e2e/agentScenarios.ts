/**
 * The scenarios a model plays with the eSMS Tool, shared by the AI Agent e2e test (agent.e2e.test.ts,
 * through a stand-in model) and the MCP e2e test (mcp.e2e.test.ts, as the MCP client): the same plans
 * must leave the same simulator ledger on both paths (issue 20).
 *
 * A plan is a list of model messages; each message is a list of tool calls made at once. A call names
 * its tool and gives its values by meaning (phone, content, smsId); whoever plays the model maps them
 * to the input names of the tool's schema as sent by n8n. `smsId: SMS_ID_OF_SEND` is the smsId that the
 * plan's first send answered. `waitMs` delays a message (a model that was told to wait).
 */
export const SMS_ID_OF_SEND = '$smsId';

export interface PlannedCall {
	/** the tool's name as n8n gives it to the model: the node's name, spaces as _ (e.g. Send_SMS) */
	tool: string;
	values: Record<string, unknown>;
}
export interface PlannedMessage {
	calls: PlannedCall[];
	waitMs?: number;
}
export interface Scenario {
	name: string;
	plan: PlannedMessage[];
	/** what the simulator's ledger gains: [phone, content] per SMS sent */
	ledger: Array<[string, string]>;
	/** runs before the plan (e.g. an empty balance), undone after it */
	account?: { balance: number };
}

const send = (phone: unknown, content: string): PlannedCall => ({ tool: 'Send_SMS', values: { phone, content } });
const status = (): PlannedCall => ({ tool: 'Get_SMS_Status', values: { smsId: SMS_ID_OF_SEND } });

/** The texts differ from those of the other tests of mcp.e2e.test.ts: the same call within 10 minutes is one message. */
export function scenarios(tag = '(kich ban)'): Scenario[] {
	const t = (text: string) => `${text} ${tag}`;
	return [
		{ name: 'a send', plan: [{ calls: [send('0901888484', t('Ma OTP cua ban la 482913'))] }], ledger: [['0901888484', t('Ma OTP cua ban la 482913')]] },
		{
			name: 'the same send retried',
			plan: [{ calls: [send('0912345678', t('Lich hen 09:30 ngay mai'))] }, { calls: [send('0912345678', t('Lich hen 09:30 ngay mai'))] }],
			ledger: [['0912345678', t('Lich hen 09:30 ngay mai')]],
		},
		{
			name: 'two identical calls in one message',
			plan: [{ calls: [send('0923456789', t('Don hang da giao')), send('0923456789', t('Don hang da giao'))] }],
			ledger: [['0923456789', t('Don hang da giao')]],
		},
		{
			name: 'two calls in one message that differ in the text',
			plan: [{ calls: [send('0923456789', t('Don hang 1 da giao')), send('0923456789', t('Don hang 2 da giao'))] }],
			ledger: [
				['0923456789', t('Don hang 1 da giao')],
				['0923456789', t('Don hang 2 da giao')],
			],
		},
		{
			name: 'the phone as a number, then as the string the answer asks for',
			plan: [{ calls: [send(901888484, t('So dien thoai'))] }, { calls: [send('0901888484', t('So dien thoai'))] }],
			ledger: [['0901888484', t('So dien thoai')]],
		},
		{
			name: 'a send, then Get Status with its smsId: 105 at once, the status after a wait',
			plan: [{ calls: [send('0987654321', t('Xin chao'))] }, { calls: [status()] }, { calls: [status()], waitMs: 4000 }],
			ledger: [['0987654321', t('Xin chao')]],
		},
		{ name: 'a refused input (a phone that is not one)', plan: [{ calls: [send('12345', t('Sai so'))] }], ledger: [] },
		{ name: 'an eSMS error (103, no balance)', plan: [{ calls: [send('0976543210', t('Het tien'))] }], ledger: [], account: { balance: 0 } },
	];
}

/** The values of a planned call under the schema's input names (matched without case: `Phone` gets phone). */
export function argumentsFor(call: PlannedCall, inputNames: string[], smsId: string | undefined): Record<string, unknown> {
	const args: Record<string, unknown> = {};
	for (const name of inputNames) {
		const key = Object.keys(call.values).find((k) => k.toLowerCase() === name.toLowerCase());
		if (key === undefined) throw new Error(`${call.tool}: the schema asks for "${name}", which the plan does not know (${Object.keys(call.values).join(', ')})`);
		const value = call.values[key];
		args[name] = value === SMS_ID_OF_SEND ? smsId : value;
	}
	for (const key of Object.keys(call.values))
		if (!inputNames.some((n) => n.toLowerCase() === key.toLowerCase())) throw new Error(`${call.tool}: the schema has no input for "${key}" (${inputNames.join(', ')})`);
	return args;
}
