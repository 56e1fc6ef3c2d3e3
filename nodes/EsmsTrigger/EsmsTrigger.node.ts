import { timingSafeEqual } from 'crypto';
import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { parseReport } from '../Esms/shared/callbacks';

/** How many report keys "Drop Duplicates" remembers per trigger node. */
const REMEMBERED = 2000;

/**
 * n8n saves a workflow's static data after an execution only when the workflow ID is valid:
 * `isWorkflowIdValid` in n8n's CLI (utils.ts) accepts a non-empty string of at most 21 characters
 * in n8n 2.x, 16 in n8n 1.x. Otherwise the save is skipped without a word, and "Drop Duplicates"
 * forgets every report when n8n restarts (the trigger's in-process memory still drops repeats until then).
 * Returns why, or undefined when the memory is saved.
 */
export function staticDataProblem(workflowId: unknown): string | undefined {
	const id = typeof workflowId === 'string' ? workflowId : '';
	const why = (limit: string) =>
		`Drop Duplicates cannot save the reports it remembers in this workflow: n8n saves a workflow's static data only when its ID has at most ${limit}, and this workflow's ID ${id === '' ? 'is empty' : `"${id}" has ${id.length}`}. Import the workflow again with a shorter ID (or create it in the editor, which makes a valid one). Until then a repeated report is recognised only until n8n restarts, and only by the n8n process that received the first copy.`;
	if (id.length === 0 || id.length > 21) return why('21 characters');
	if (id.length > 16) return why('16 characters on n8n 1.x (21 on n8n 2.x)');
	return undefined;
}

/**
 * The trigger's panel in the editor (n8n's triggerPanel): the header above its "Execute step" button,
 * the help under "When will this node trigger my flow?", and the hint about publishing. (While it
 * listens, n8n 2.x shows its own fixed "Go to eSMS and create an event"; no node can change that.)
 */
export const TRIGGER_PANEL = {
	header: "Put this trigger's Test URL in a send's Callback URL, then execute this step",
	executionsHelp: {
		inactive:
			"This trigger starts when eSMS calls its URL with the final status of a message or call. eSMS calls the URL given in the send's <b>Callback URL</b> option: there is nothing to register on eSMS's side.<br /><br /><b>While testing</b>: copy this trigger's <b>Test URL</b> (under Webhook URLs, in the parameters), add <code>?token=</code> and the Secret Token if you set one, and put it in the Callback URL of an eSMS send. Click 'Execute step' here, then run the send for real (Sandbox off), or against the local eSMS simulator. n8n listens on the Test URL for one call, for 2 minutes; the report shows up in this editor.<br /><br /><b>Once the workflow is published</b>: put the <b>Production URL</b> in the sends' Callback URL instead. Every report then starts an execution, listed under Executions, not in the editor.",
		active:
			"This trigger starts when eSMS calls its URL with the final status of a message or call.<br /><br /><b>While testing</b>: put this trigger's <b>Test URL</b> (plus <code>?token=</code> and the Secret Token, if set) in the Callback URL of an eSMS send, click 'Execute step' here, then run the send. n8n listens on the Test URL for one call, for 2 minutes.<br /><br /><b>The workflow is published</b>: sends whose Callback URL is the <b>Production URL</b> start an execution for every report. These executions are listed under <a data-key=\"executions\">Executions</a>, not in the editor.",
	},
	activationHint:
		"Once the workflow works, publish it and put the Production URL (not the Test URL) in your sends' Callback URL: eSMS then starts it for every report.",
};

/**
 * The body of every 200 the trigger answers, whether the report starts the workflow or is dropped.
 * eSMS only needs an HTTP 200 (esms-api/callback-url.md documents no body).
 */
export const ANSWER = 'OK';

/** The static data key that holds the remembered report keys, oldest first. */
const KEYS_FIELD = 'esmsReports';

/**
 * The report keys each trigger node has seen in this n8n process, oldest first (at most 2,000 per node),
 * by workflow ID and node name (the node's static data is "node:<name>" in its workflow's static data).
 *
 * n8n loads a workflow's static data from its database at the start of every webhook call and saves the
 * whole object after it, with no lock (LiveWebhooks.executeWebhook). Reports of different messages that
 * arrive together (the callbacks of a bulk send) therefore each load the same keys, each add their own, and
 * the last save wins: the other keys are gone from the database, and a later copy of those reports would
 * start the workflow again. This memory closes that in one process: every call checks it as well as the
 * loaded static data, synchronously (no await in between, so two copies of one report arriving together
 * cannot both pass), and writes the union of both into the static data, so whichever call saves last saves
 * every key this process has seen. Other n8n processes (queue mode) have their own memory.
 */
const seenInProcess = new Map<string, string[]>();

/** The key list in a node's static data; anything that is not a list of strings is no key. */
function storedKeys(data: IDataObject): string[] {
	const field = data[KEYS_FIELD];
	return Array.isArray(field) ? (field as unknown[]).filter((k): k is string => typeof k === 'string') : [];
}

/**
 * The keys of `stored` (the static data) and `seen` (this process's memory) together, newest last, at most
 * 2,000: the stored keys this process has not seen (another process's, or from before n8n restarted) first,
 * then the process's own in the order it saw them.
 */
function unionOfKeys(stored: string[], seen: string[]): string[] {
	const own = new Set(seen);
	const merged = [...new Set(stored.filter((k) => !own.has(k))), ...seen];
	return merged.slice(-REMEMBERED);
}

const sameKeys = (a: string[], b: string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * Adds `key` to the report keys remembered in `data` (the node's static data), keeping the last 2,000.
 * Returns the new list, or undefined when `key` is already known (a duplicate).
 *
 * With `memoryId` (production calls), the keys this process has seen for that trigger node count as well:
 * a key known to either is a duplicate, and the list written to `data` is the union of both (written only
 * when it differs from what was loaded, so that a dropped copy costs no database write when nothing is
 * missing). Without it (Test URL calls, whose static data n8n never saves), only `data` counts.
 *
 * Assigns a new array to the field: a property set on the node's static data, which n8n-workflow's
 * ObservableObject proxy flags as a change (`__dataChanged` on the workflow's static data).
 */
export function rememberReport(data: IDataObject, key: string, memoryId?: string): string[] | undefined {
	const stored = storedKeys(data);
	if (memoryId === undefined) {
		if (stored.includes(key)) return undefined;
		const next = [...stored.slice(-(REMEMBERED - 1)), key];
		data[KEYS_FIELD] = next;
		return next;
	}
	const known = unionOfKeys(stored, seenInProcess.get(memoryId) ?? []);
	const duplicate = known.includes(key);
	const next = duplicate ? known : [...known.slice(-(REMEMBERED - 1)), key];
	seenInProcess.set(memoryId, next);
	if (!sameKeys(next, stored)) data[KEYS_FIELD] = next;
	return duplicate ? undefined : next;
}

/**
 * The webhook answer for a report that starts the workflow, such that n8n 2.41.1 saves the
 * remembered keys.
 *
 * n8n saves static data after a webhook call only when the workflow's static data has its
 * `__dataChanged` flag set (WorkflowStaticDataService.saveStaticData, called in LiveWebhooks once the
 * answer is ready). The assignment in rememberReport sets it. But when the webhook starts the
 * workflow, WorkflowRunner.run first builds a second `Workflow` (establishContextForPersistence)
 * from the very same static data object that n8n loaded from the database, and n8n-workflow's
 * ObservableObject.create redefines `__dataChanged` as false on it. The change is then never saved,
 * except for the first report (the database held no static data, so the two `Workflow`s got
 * separate empty objects). A report that starts nothing is not affected.
 *
 * n8n reads the answer's `webhookResponse` after WorkflowRunner.run and before it saves the static
 * data (webhook-helpers.js, extractWebhookOnReceivedResponse, because the webhook's `responseData` is
 * empty). So this getter assigns the list again there, which sets the flag once more. With
 * `memoryId`, it assigns the union as it is by then: WorkflowRunner.run awaits the database, and
 * reports that arrived meanwhile are in it too. Reading it more than once, or earlier, is harmless.
 */
function startAndRemember(workflowData: IWebhookResponseData['workflowData'], data: IDataObject, keys: string[], memoryId: string | undefined): IWebhookResponseData {
	return {
		workflowData,
		get webhookResponse() {
			if (memoryId === undefined) data[KEYS_FIELD] = [...keys];
			else {
				const known = unionOfKeys(storedKeys(data), seenInProcess.get(memoryId) ?? keys);
				seenInProcess.set(memoryId, known);
				data[KEYS_FIELD] = known;
			}
			return ANSWER;
		},
	};
}

interface TriggerOptions {
	dropDuplicates?: boolean;
	secretToken?: string;
}

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * eSMS appends its fields to the Callback URL. If that URL already carried "?token=…", the result may
 * hold a second "?", and the token then swallows the rest: split it back out. Only a remainder that
 * reads as a query ("name=value") is split off, so a "?" inside a value (a token, a Request ID, Zalo's
 * error text) is kept.
 */
function normaliseQuery(query: IDataObject): IDataObject {
	const out: IDataObject = { ...query };
	for (const [k, v] of Object.entries(query)) {
		if (typeof v !== 'string') continue;
		const at = v.search(/\?[A-Za-z_][\w.]*=/);
		if (at < 0) continue;
		const [head, rest] = [v.slice(0, at), v.slice(at + 1)];
		out[k] = head;
		for (const [rk, rv] of new URLSearchParams(rest)) out[rk] ??= rv;
	}
	return out;
}

export class EsmsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'eSMS Trigger',
		name: 'esmsTrigger',
		icon: { light: 'file:../../icons/esms.svg', dark: 'file:../../icons/esms.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Delivery reports',
		triggerPanel: TRIGGER_PANEL,
		hints: [
			{
				// the same rule as staticDataProblem, evaluated by the editor
				message:
					"Drop Duplicates cannot save the reports it remembers in this workflow: n8n saves a workflow's static data only when its ID has at most 21 characters (16 on n8n 1.x). Import the workflow again with a shorter ID.",
				type: 'warning',
				location: 'ndv',
				whenToDisplay: 'always',
				displayCondition: '={{ $parameter["options"]["dropDuplicates"] === true && String($workflow.id || "").length > 21 }}',
			},
		],
		// n8n's nodes panel merges a trigger into the node of the same name less "Trigger" and shows the
		// trigger's description for both (editor-ui useActionsGenerator: "default to trigger description"),
		// so this text describes the eSMS entry as a whole, delivery reports included
		description: 'Send SMS, Zalo ZNS and voice calls with eSMS.vn (ViHAT), check their status, and start workflows from delivery reports',
		defaults: { name: 'eSMS Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				// empty, not n8n's default 'firstEntryJson' (which n8n 2.x answers as that literal text):
				// n8n then answers the webhook's `webhookResponse`, "OK", as for a dropped report
				responseData: '',
				path: 'esms-report',
			},
		],
		properties: [
			{
				displayName:
					'eSMS calls the URL in a send\'s "Callback URL" option when the message or call reaches its final status. While testing, put this trigger\'s Test URL there; once the workflow is published, its Production URL. Add ?token=YOUR_TOKEN if you set a Secret Token below.',
				name: 'usageNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Message Types',
				name: 'messageTypes',
				type: 'multiOptions',
				options: [
					{ name: 'SMS', value: 'sms' },
					{ name: 'Viber', value: 'viber' },
					{ name: 'Voice Call', value: 'voice' },
					{ name: 'Zalo', value: 'zalo' },
				],
				default: ['sms', 'viber', 'voice', 'zalo'],
				description: 'Which reports start the workflow; the others are acknowledged and dropped',
			},
			{
				displayName: 'Only Final Statuses',
				name: 'onlyFinal',
				type: 'boolean',
				default: true,
				description: 'Whether to drop reports whose status can still change',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Drop Duplicates',
						name: 'dropDuplicates',
						type: 'boolean',
						default: false,
						description:
							'Whether to drop a report identical to one already received (eSMS retries callbacks). Remembers the last 2,000 reports in the workflow\'s static data, which n8n saves after each call.',
					},
					{
						displayName: 'Secret Token',
						name: 'secretToken',
						type: 'string',
						typeOptions: { password: true },
						default: '',
						description:
							'If set, only calls whose URL carries ?token= followed by this value start the workflow; others get HTTP 403. eSMS does not sign its callbacks, so this is what tells them apart from forged calls.',
					},
				],
			},
		],
	};

	/**
	 * eSMS has no API to register a webhook: the callback URL travels with each send (its Callback URL
	 * option). There is nothing to check, create or delete on eSMS's side.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const query = normaliseQuery(this.getRequestObject().query as IDataObject);

		const expected = String(options.secretToken ?? '');
		if (expected !== '' && !sameSecret(String(query.token ?? ''), expected)) {
			this.getResponseObject().status(403).send('Forbidden');
			return { noWebhookResponse: true };
		}

		const report = parseReport(query);
		const acknowledge: IWebhookResponseData = { webhookResponse: ANSWER };
		if (!report) return acknowledge;
		const types = this.getNodeParameter('messageTypes', []) as string[];
		if (!types.includes(report.type)) return acknowledge;
		if ((this.getNodeParameter('onlyFinal', true) as boolean) && report.output.isFinal !== true) return acknowledge;

		const workflowData = [[{ json: report.output }]];
		if (!options.dropDuplicates) return { workflowData, webhookResponse: ANSWER };

		const problem = staticDataProblem(this.getWorkflow().id);
		if (problem) this.logger.warn(`eSMS Trigger "${this.getNode().name}": ${problem}`, { workflowId: this.getWorkflow().id });
		const data = this.getWorkflowStaticData('node');
		// a Test URL call ('manual'): n8n never saves its static data, so it neither uses nor feeds the memory
		const memoryId = this.getMode() === 'manual' ? undefined : JSON.stringify([String(this.getWorkflow().id ?? ''), this.getNode().name]);
		const remembered = rememberReport(data, report.key, memoryId);
		if (!remembered) return acknowledge;
		return startAndRemember(workflowData, data, remembered, memoryId);
	}
}
