/**
 * SMS → Get Per-Number Results: `GET /MainService.svc/json/GetSmsReceiverStatus_get?RefId=` on the REST
 * host (devesms/gitbook_esms_for_develop_v2 esms-api/ham-truy-xuat-va-dang-ky/ham-kiem-tra-chi-tiet-tung-so-trong-tin-nhan.md):
 * the numbers of one message eSMS sent in the last 7 days, each with whether it was sent and its result.
 * Answer: { CodeResult: "100", ReceiverList: [{ IsSent: true, NetworkName: "Viettel", Phone: "0901888484",
 * Retry: 0, SentResult: true }] }. The page types IsSent, Retry and SentResult as string and shows
 * booleans and a number: both are read.
 *
 * One output item per number (readOutput with entries), each paired with the input item that asked:
 * { phone, sent, delivered, result ("delivered", "notDelivered", "notSent"), status (its meaning),
 * network, retries, esmsCode, smsId }. Works for the SMSID of every SMS send (fixed number, brandname,
 * advertising campaign) and of a Viber send.
 *
 * eSMS documents nothing for an SMSID it does not list (yet): an empty ReceiverList fails the item
 * (a silent item with no output would drop the item from the workflow), with the fix.
 */
import type { IDataObject, IExecuteSingleFunctions, IN8nHttpFullResponse, INodeExecutionData } from 'n8n-workflow';

import { invalidInput, readMessageId, readPath } from '../../shared/descriptions';
import { failureError } from '../../shared/errors';
import { idText, listBody } from '../../shared/lists';
import { defineOperation } from '../../shared/operation';
import { parsePhoneList } from '../../shared/campaign';
import { cleanText, normalizePhone } from '../../shared/phone';
import { FAILURE } from '../../shared/toolTexts';
import { planRequests } from '../../shared/transport';
import type { EsmsCodeFields } from '../../shared/types';

/** One entry of ReceiverList, as eSMS sends it (booleans and a number, typed string on the page). */
export interface EsmsReceiver {
	IsSent?: boolean | string;
	NetworkName?: string;
	Phone?: string;
	Retry?: number | string;
	SentResult?: boolean | string;
}

export interface EsmsReceiverStatusResponse extends EsmsCodeFields {
	ReceiverList?: EsmsReceiver[];
}

export type NumberResult = 'delivered' | 'notDelivered' | 'notSent';

/** What each result means: an eSMS "false" before the telco's report reads the same as a failure. */
export const NUMBER_STATUS: Readonly<Record<NumberResult, string>> = {
	delivered: 'Delivered',
	notDelivered: 'Sent, not delivered (failed, or no report yet)',
	notSent: 'Not sent (waiting, scheduled or refused)',
};

/** true, "true", "True", 1 and "1" are true; anything else false. */
function flag(value: unknown): boolean {
	return value === true || value === 1 || /^(true|1)$/i.test(String(value ?? '').trim());
}

/** One number of the message, flat. */
export function mapReceiver(entry: EsmsReceiver, smsId: string): IDataObject {
	const sent = flag(entry.IsSent);
	const delivered = sent && flag(entry.SentResult);
	const result: NumberResult = delivered ? 'delivered' : sent ? 'notDelivered' : 'notSent';
	const network = idText(entry.NetworkName);
	const retries = Number(entry.Retry);
	return {
		phone: idText(entry.Phone),
		sent,
		delivered,
		result,
		status: NUMBER_STATUS[result],
		network: network === '' ? null : network,
		retries: Number.isFinite(retries) ? retries : 0,
		esmsCode: '100',
		smsId,
	};
}

// the SMSID each item asked for, kept by the request step (keyed by the item's context, as send.ts does)
const asked = new WeakMap<object, string>();

/**
 * The SMSIDs an item asks for: one (as every status query reads it), or a list, when the SMSID field or
 * value holds one, e.g. `smsIds` of Send Advertising SMS, whose campaign above 5,000 numbers went out as
 * several messages: then one request per SMSID, and the numbers of all of them.
 */
function readMessageIds(ctx: IExecuteSingleFunctions): string[] {
	if (!ctx.getNode().type.endsWith('Tool')) {
		const source = ctx.getNodeParameter('smsIdSource', 'inputField') as string;
		const raw =
			source === 'inputField'
				? readPath(ctx.getInputData().json, String(ctx.getNodeParameter('smsIdField', 'smsId') ?? '').trim())
				: ctx.getNodeParameter('smsId', '');
		if (Array.isArray(raw)) {
			const ids = raw.map((id) => (typeof id === 'string' || typeof id === 'number' ? cleanText(String(id)) : ''));
			const bad = ids.findIndex((id) => id === '');
			if (ids.length === 0 || bad !== -1)
				throw invalidInput(
					ctx,
					'SMSID',
					ids.length === 0 ? 'it is an empty list' : `entry ${bad + 1} of its list is not an SMSID`,
					'Pass the SMSID, or the list of SMSIDs (smsIds), that the send answered.',
				);
			return [...new Set(ids)];
		}
	}
	return [readMessageId(ctx)];
}

/** The answers of this node run by SMSID, keyed by the run's execute data (shared by its items, dropped with it). */
const perRun = new WeakMap<object, Map<string, Promise<INodeExecutionData[]>>>();
function answersOfRun(ctx: IExecuteSingleFunctions): Map<string, Promise<INodeExecutionData[]>> | undefined {
	const scope = ctx.getExecuteData?.() as unknown;
	if (scope === null || typeof scope !== 'object') return undefined;
	let answers = perRun.get(scope);
	if (!answers) perRun.set(scope, (answers = new Map()));
	return answers;
}

/** Options → Only These Numbers, national form; undefined when empty (every number). */
function onlyNumbers(ctx: IExecuteSingleFunctions): Set<string> | undefined {
	const raw = ((ctx.getNodeParameter('options', {}) ?? {}) as IDataObject).onlyNumbers;
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return undefined;
	const { valid, invalid } = parsePhoneList(raw);
	if (invalid.length > 0)
		throw invalidInput(ctx, 'Only These Numbers', `${invalid[0].value} is not a phone number (${invalid[0].reason})`, 'Give a list of phone numbers, e.g. {{ $json.sent }}, or leave it empty for every number.');
	return new Set(valid);
}

/** A result's phone, national form (Simplify off: eSMS's `Phone`). */
function phoneOf(json: IDataObject): string {
	const phone = normalizePhone(json.phone ?? json.Phone);
	return phone.ok ? phone.phone : String(json.phone ?? json.Phone ?? '');
}

/** postReceive: the answer checked by the one error policy, then one item per number. */
async function outputReceivers(this: IExecuteSingleFunctions, _items: INodeExecutionData[], response: IN8nHttpFullResponse): Promise<INodeExecutionData[]> {
	const body = listBody<EsmsReceiverStatusResponse>(this.getNode(), response, this.getItemIndex());
	const list = Array.isArray(body.ReceiverList) ? body.ReceiverList : [];
	const refId = asked.get(this) ?? '';
	if (list.length === 0)
		throw failureError(
			this.getNode(),
			{
				message: `eSMS lists no numbers for SMSID ${refId}`,
				description:
					'eSMS answered with an empty list: the message is not listed yet (a message sent seconds ago: add a Wait node of a minute before this one), was sent more than 7 days ago, or the SMSID is not one of this account\'s messages. Check that the SMSID comes from a send made with this same credential.',
				// eSMS's own code: an answer, not a lost one, so it is not asked again at once (transport.ts)
				code: '100',
				httpCode: '200',
			},
			this.getItemIndex(),
			body,
		);
	if (!(this.getNodeParameter('simplify', true) as boolean)) return list.map((entry) => ({ json: entry as IDataObject }));
	return list.map((entry) => ({ json: mapReceiver(entry, refId) }));
}


export const getPerNumberResults = defineOperation({
	resource: 'sms',
	value: 'getPerNumberResults',
	name: 'Get Per-Number Results',
	action: 'Get the result of each number of an SMS',
	description: 'Get whether each number of a message sent in the last 7 days was sent and delivered, one item per number',
	request: { method: 'GET', url: '/MainService.svc/json/GetSmsReceiverStatus_get' },
	kind: 'read',
	inputs: ['messageId'],
	async prepare(requestOptions) {
		const ids = readMessageIds(this);
		const only = onlyNumbers(this);
		const ask = (id: string) => {
			asked.set(this, id);
			return { ...requestOptions, qs: { ...requestOptions.qs, RefId: id } };
		};
		const answers = answersOfRun(this);
		// one request per SMSID in this node run, shared by the items that ask for it (the rows of one
		// campaign); each SMSID in turn (each answer is read for its own SMSID); numbers in order
		planRequests(requestOptions, async (send) => {
			const out: INodeExecutionData[] = [];
			for (const id of ids) {
				let answer = answers?.get(id);
				if (!answer) {
					answer = send(ask(id));
					answers?.set(id, answer);
					// a failed request is not kept: Retry On Fail asks again
					answer.catch(() => answers?.delete(id));
				}
				for (const item of await answer)
					if (!only || only.has(phoneOf(item.json))) out.push({ json: { ...item.json } });
			}
			return out;
		});
		return requestOptions;
	},
	output: outputReceivers,
	simplify: true,
	tool:
		'Get the result of each phone number of one SMS or Viber message sent with eSMS in the last 7 days: useful for a message sent to many numbers (an advertising campaign). ' +
		'Give the smsId string that the send tool answered. Ask a minute after the send at the earliest: sooner, the list may be empty (an error) or say not delivered yet. ' +
		'The answer is a JSON array with one object per number: phone, sent, delivered, result ("delivered", "notDelivered" or "notSent"), status, network, retries, esmsCode, smsId. "notDelivered" before the message is final (SMS status tool: isFinal) may still become "delivered". ' +
		FAILURE,
});
