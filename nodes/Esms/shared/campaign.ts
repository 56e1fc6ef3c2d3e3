/**
 * Advertising campaigns (SMS → Send Advertising SMS, SMS → Estimate Advertising SMS Price): the phone
 * list, Vietnam's rules for advertising messages, and how the items of a run make campaigns.
 *
 * ## The phone list
 * `parsePhoneList` reads a list as n8n hands it over: an array (of strings, numbers, nested arrays), or
 * a text with the numbers separated by commas, semicolons, line breaks, tabs or bars. Each entry is
 * checked and normalised as every phone of the node (phone.ts, normalizePhone); an entry that is not a
 * Vietnamese mobile number is listed with the reason (`invalid`), never sent. `assemble` then removes
 * the numbers of the Exclude Numbers option (`excluded`) and the repeats (`duplicatesRemoved`: a phone
 * is sent once per campaign, by the first item that lists it).
 *
 * ## Decree 91/2020/ND-CP (anti-spam decree, in force since 1 October 2020), as the node keeps it
 * - Art. 13: advertising SMS only between 07:00 and 22:00 (Vietnam time) unless agreed otherwise with
 *   the recipient. A Send Date outside that window, or a send now outside it, is REFUSED before
 *   sending, naming the window and the next allowed time (`windowProblem`). Refused, not moved: a
 *   message moved to the next morning could reach people after the offer it announces ended, and the
 *   user decides that, not the node.
 * - Art. 13: at most 3 advertising messages to one number within 24 hours from one advertiser unless
 *   agreed. The node cannot see other executions, workflows or eSMS's history: it keeps the rule within
 *   one node run (`RunCounts`): a campaign never sends twice to a number (duplicates are removed), and
 *   with one campaign per item, a number is left out of a 4th campaign of the same run (`overDailyLimit`).
 * - Art. 13: every advertising message starts with the label `[QC]` or `[AD]`; it must say how to refuse
 *   further messages. A text that does not start with the label, or has no refusal instruction (one of
 *   REFUSAL_WORDS, as a word, case and diacritics ignored), is refused before sending, with the fix.
 * - Art. 13–14: only to people who agreed, never to people who refused: Options → Exclude Numbers takes
 *   the list of those who refused; those numbers are never sent and the output lists them.
 *
 * ## Items and campaigns (`campaignFrom`)
 * - `eachItem`: each item holds its own list and is its own campaign: one output item per input item.
 * - `allItems`: the phones of all the run's items form one campaign (12,000 rows of a sheet: one row,
 *   one phone). Every item's request step reads and checks its own numbers and adds them to the run's
 *   campaign (`joinCampaign`, keyed like the run barrier by the run's execute data, which a retry of
 *   Retry On Fail keeps: item 0 starts a new campaign). The request hook of each item (transport.ts,
 *   RequestPlan) waits until every item's request step has settled; the first to get there sends the
 *   campaign's requests once, and each item's output says what became of its own numbers. The
 *   campaign's Brandname, Content and Options must be the same in every item (a differing item is
 *   refused, naming the field); Exclude Numbers are joined.
 *
 * A campaign of more than MAX_PHONES numbers goes out as balanced requests of at most MAX_PHONES (12,000
 * numbers: 3 × 4,000), each with its own Request ID: automatic (a hash of that request's message and
 * numbers, so that a retry repeats it exactly and eSMS refuses the repeat with 124), or the user's own
 * with `-1`, `-2`… appended.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteData, IExecuteSingleFunctions, IHttpRequestOptions, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { requiredPick } from '../listSearch/common';
import { invalidInput } from './descriptions';
import { NOTHING_SENT } from './errors';
import { normalizePhone } from './phone';
import { automaticRequestId, isToolNode } from './requestId';
import { readSendOptions, readText, REQUEST_ID_MAX } from './send';
import type { PreparedText, SendOptions } from './send';
import { formatVietnamTime, VIETNAM_OFFSET_MS } from './sendDate';
import { removeDiacritics } from './text';
import { planRequests } from './transport';

/** eSMS's bounds for one advertising request (tin-sms-quang-cao.md: "tối thiểu 30 số … tối đa 5000 số"; 107 below 30). */
export const MIN_PHONES = 30;
export const MAX_PHONES = 5000;

/** Decree 91/2020/ND-CP, Art. 13: advertising SMS from 07:00 to 22:00 Vietnam time; at most 3 per number per 24 h. */
export const WINDOW_START_HOUR = 7;
export const WINDOW_END_HOUR = 22;
export const MAX_PER_DAY = 3;
export const WINDOW_TEXT = '07:00 to 22:00 Vietnam time';

/** The labels an advertising text must start with (Decree 91, Art. 13). */
export const LABELS = ['[QC]', '[AD]'];

/**
 * Words that say how to refuse further messages on their own, matched as words, case and diacritics
 * ignored ("Tu choi", "từ chối", "unsubscribe", "opt out", "opt-out").
 */
export const REFUSAL_WORDS = ['tu choi', 'unsubscribe', 'opt out', 'opt-out', 'optout'];
/**
 * The short keywords (TC, STOP, HUY) count only as an instruction: after a verb ("soan TC", "reply
 * STOP", "nhan tin HUY") or before where to send it ("TC gui 8079", "STOP to 8079"). Alone they are
 * common words: "Quang Huy", "TC Mall", "don't stop" are no refusal line (tester finding).
 */
const REFUSAL_KEYWORD = / (?:(?:soan|nhan|gui|reply|text|send|sms)(?: tin)? (?:tc|stop|huy)|(?:tc|stop|huy) (?:gui|den|toi|to) [0-9]+) /;

/** A number of the list that is not sent: what was given, and why. */
export interface InvalidNumber {
	value: string;
	reason: string;
}

const REASONS: Record<string, string> = {
	several: 'it holds several numbers',
	letters: 'it contains characters other than digits, spaces, dots, dashes and a leading +',
	length: 'it does not have the 10 digits of a Vietnamese mobile number',
	prefix: 'it does not start with a Vietnamese mobile prefix (03, 05, 07, 08, 09)',
	empty: 'it is empty',
};

/**
 * The field of a row that holds its phone: English and Vietnamese column names, compared without case,
 * diacritics (SĐT, Điện thoại) and separators (_ - . and spaces).
 */
const PHONE_KEYS = new Set(['phone', 'phones', 'phonenumber', 'phoneno', 'mobile', 'mobilephone', 'mobilenumber', 'tel', 'telephone', 'msisdn', 'number', 'sdt', 'sodt', 'sodienthoai', 'dienthoai', 'didong', 'sodidong']);
const isPhoneKey = (key: string) => PHONE_KEYS.has(removeDiacritics(key).toLowerCase().replace(/[\s_.-]+/g, ''));

/** The separators of a list given as text: comma, semicolon, line break, tab, bar. */
const SEPARATORS = /[,;\r\n\t|]+/;

/**
 * A phone list as n8n hands it over, checked and normalised: `valid` in the order given (with any
 * repeats; national form 0xxxxxxxxx), `invalid` what could not be read. Empty entries are skipped.
 * Never throws.
 */
export function parsePhoneList(value: unknown): { valid: string[]; invalid: InvalidNumber[] } {
	const valid: string[] = [];
	const invalid: InvalidNumber[] = [];
	const add = (entry: unknown) => {
		if (entry === undefined || entry === null) return;
		if (Array.isArray(entry)) {
			for (const e of entry) add(e);
			return;
		}
		if (typeof entry === 'string') {
			// a list written as JSON (a model's argument, a field read from an HTTP answer): its entries
			const json = jsonList(entry);
			if (json !== undefined) {
				add(json);
				return;
			}
			const parts = entry.split(SEPARATORS);
			if (parts.length > 1) {
				for (const part of parts) add(part);
				return;
			}
		}
		// a row of an Aggregate node's "All Item Data" ({ phone, name… }): its phone field
		if (entry !== null && typeof entry === 'object') {
			const key = Object.keys(entry).find(isPhoneKey);
			if (key !== undefined) {
				add((entry as Record<string, unknown>)[key]);
				return;
			}
		}
		if (typeof entry === 'string' && entry.replace(/[\s\p{Cf}\p{Z}'’‘`]/gu, '') === '') return;
		const shown = typeof entry === 'object' ? JSON.stringify(entry) : String(entry as string | number | boolean);
		if (typeof entry !== 'string' && typeof entry !== 'number') {
			invalid.push({
				value: shown,
				reason: typeof entry === 'object' ? 'it is an object with no phone field (phone, mobile, sdt…), not a phone number' : `it is a ${typeof entry}, not a phone number`,
			});
			return;
		}
		const phone = normalizePhone(entry);
		// numbers separated by spaces only ("0901888484 0912345678", as a model or a pasted column gives
		// them): read as a list when every part is a number; "+84 90 188 84 84" is one number, read above
		const words = !phone.ok && typeof entry === 'string' ? entry.trim().split(/\s+/) : [];
		if (words.length > 1 && words.every((w) => normalizePhone(w).ok)) {
			for (const w of words) add(w);
			return;
		}
		if (phone.ok) valid.push(phone.phone);
		else if (phone.reason === 'old') invalid.push({ value: shown.trim(), reason: `${phone.oldPhone} is an old 11-digit number; since 2018 it is ${phone.newPhone}` });
		else invalid.push({ value: shown.trim(), reason: REASONS[phone.reason] });
	};
	add(value);
	return { valid, invalid };
}

/** A text that is a JSON array (`["0901888484", "0912345678"]`), parsed; otherwise undefined. */
function jsonList(text: string): unknown[] | undefined {
	const trimmed = text.trim();
	if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
	try {
		const parsed = JSON.parse(trimmed) as unknown;
		return Array.isArray(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

const plural = (n: number, what: string, many = `${what}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? what : many}`;

/** What one item gave to a campaign, and what became of it. */
export interface Contribution {
	itemIndex: number;
	/** valid numbers in the order given */
	valid: string[];
	invalid: InvalidNumber[];
	/** filled by `assemble` */
	sent: string[];
	excluded: string[];
	duplicatesRemoved: string[];
	overDailyLimit: string[];
}

export function contribution(itemIndex: number, list: { valid: string[]; invalid: InvalidNumber[] }): Contribution {
	return { itemIndex, ...list, sent: [], excluded: [], duplicatesRemoved: [], overDailyLimit: [] };
}

/** How many campaigns of this node run have sent to each number (Decree 91's 3 per 24 h, within the run). */
export type RunCounts = Map<string, number>;

/**
 * Splits the campaign's contributions (in item order) into what is sent, excluded and removed as a
 * repeat; with `counts`, a number already in MAX_PER_DAY campaigns of the run is left out. Returns the
 * numbers to send, in order.
 */
export function assemble(contributions: Contribution[], exclude: ReadonlySet<string>, counts?: RunCounts): string[] {
	const seen = new Set<string>();
	const phones: string[] = [];
	for (const c of contributions) {
		for (const phone of c.valid) {
			if (exclude.has(phone)) {
				if (!c.excluded.includes(phone)) c.excluded.push(phone);
			} else if (seen.has(phone)) {
				c.duplicatesRemoved.push(phone);
			} else if (counts && (counts.get(phone) ?? 0) >= MAX_PER_DAY) {
				seen.add(phone);
				c.overDailyLimit.push(phone);
			} else {
				seen.add(phone);
				c.sent.push(phone);
				phones.push(phone);
			}
		}
	}
	return phones;
}

/** Counts a campaign that goes out in the run's counts (Decree 91's 3 per 24 h, see assemble). */
export function countSent(counts: RunCounts, phones: readonly string[]): void {
	for (const phone of phones) counts.set(phone, (counts.get(phone) ?? 0) + 1);
}

/**
 * The numbers of the Exclude Numbers option. An entry that does not read as a mobile number refuses the
 * item: it could be a refuser's number written in a way the node does not read (a column it does not
 * know, a typo), and sending to a person who refused is what the option exists to prevent.
 * @throws invalidInput naming Exclude Numbers and the entry, before any request
 */
export function excludeSet(ctx: IExecuteSingleFunctions, value: unknown): Set<string> {
	const { valid, invalid } = parsePhoneList(value);
	if (invalid.length > 0) {
		const [first] = invalid;
		throw invalidInput(
			ctx,
			'Exclude Numbers',
			`${plural(invalid.length, 'entry', 'entries')} cannot be read as a phone number, e.g. ${JSON.stringify(first.value)}: ${first.reason}; the campaign could reach a person who refused it`,
			'Give Exclude Numbers only phone numbers: a list (e.g. a column of a sheet or an n8n Data Table, mapped with .map()), rows with a phone field (phone, mobile, sdt, số điện thoại…), or a text with the numbers separated by commas or line breaks.',
		);
	}
	return new Set(valid);
}

/** `phones` in the fewest requests of at most `max`, balanced: sizes differ by at most one, order kept. */
export function splitBalanced<T>(phones: readonly T[], max = MAX_PHONES): T[][] {
	if (phones.length === 0) return [];
	const count = Math.ceil(phones.length / max);
	const base = Math.floor(phones.length / count);
	const extra = phones.length % count;
	const parts: T[][] = [];
	let at = 0;
	for (let i = 0; i < count; i++) {
		const size = base + (i < extra ? 1 : 0);
		parts.push(phones.slice(at, at + size));
		at += size;
	}
	return parts;
}

/** Minutes since Vietnam midnight. */
function vietnamMinute(epochMs: number): number {
	const wall = new Date(epochMs + VIETNAM_OFFSET_MS);
	return wall.getUTCHours() * 60 + wall.getUTCMinutes() + wall.getUTCSeconds() / 60;
}

/**
 * Whether an advertising SMS may go out at `epochMs` (Decree 91, Art. 13: 07:00 up to 22:00 Vietnam
 * time, 22:00:00 itself included): null when it may, otherwise the next time it may, epoch ms.
 */
export function nextAllowedTime(epochMs: number): number | null {
	const minute = vietnamMinute(epochMs);
	if (minute >= WINDOW_START_HOUR * 60 && minute <= WINDOW_END_HOUR * 60) return null;
	const wall = new Date(epochMs + VIETNAM_OFFSET_MS);
	const day = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()) - VIETNAM_OFFSET_MS;
	const start = day + WINDOW_START_HOUR * 3600_000;
	return minute < WINDOW_START_HOUR * 60 ? start : start + 24 * 3600_000;
}

/** `yyyy-MM-dd HH:mm` Vietnam time. */
const shortTime = (epochMs: number) => formatVietnamTime(epochMs).slice(0, 16);

/**
 * Refuses a send outside Decree 91's window: `sendDate` (yyyy-MM-dd HH:mm:ss, Vietnam time) or, when
 * null, now. @throws invalidInput naming Send Date (or, for a send now, the time of the run)
 */
export function checkWindow(ctx: IExecuteSingleFunctions, sendDate: string | null): void {
	const at = sendDate === null ? Date.now() : Date.parse(`${sendDate.replace(' ', 'T')}+07:00`);
	const next = nextAllowedTime(at);
	if (next === null) return;
	const law = `Decree 91/2020/ND-CP allows advertising SMS only from ${WINDOW_TEXT}`;
	if (sendDate === null && isToolNode(ctx.getNode())) {
		// a model has no Send Date to set (the workflow's Options): it is told the hours, not a field
		const description = `${NOTHING_SENT.replace(' for this item', '')} The next allowed time is ${shortTime(next)} Vietnam time. Tell the user that advertising SMS may go out only from ${WINDOW_TEXT}, and call this tool again only within those hours.`;
		throw new NodeApiError(ctx.getNode(), {}, { message: `Not sent: it is ${shortTime(at)} Vietnam time, and ${law}. ${description}`, description, itemIndex: ctx.getItemIndex() });
	}
	if (sendDate === null)
		throw invalidInput(
			ctx,
			'Send Date',
			`it is empty, so the campaign would go out now, ${shortTime(at)} (Vietnam time), and ${law}`,
			{
				person: `Run the campaign between 07:00 and 22:00 Vietnam time, or set Send Date (in Options) to ${shortTime(next)} or later within that window: the next allowed time is ${shortTime(next)}.`,
				model: `The next allowed time is ${shortTime(next)} Vietnam time.`,
				modelNext: `Tell the user that advertising SMS may go out only from ${WINDOW_TEXT}, and call this tool again only within those hours.`,
			},
		);
	throw invalidInput(
		ctx,
		'Send Date',
		`${shortTime(at)} (Vietnam time) is outside the hours ${law}`,
		`Choose a time between 07:00 and 22:00 Vietnam time: the next allowed time is ${shortTime(next)}.`,
	);
}

const fold = (text: string) => removeDiacritics(text).toLowerCase();

/** Whether the text holds a refusal instruction (REFUSAL_WORDS as words, or REFUSAL_KEYWORD). */
export function hasRefusalLine(text: string): boolean {
	const folded = ` ${fold(text).replace(/[^a-z0-9-]+/g, ' ')} `;
	return REFUSAL_WORDS.some((word) => folded.includes(` ${word} `)) || REFUSAL_KEYWORD.test(folded);
}

/**
 * Decree 91's rules for the text: the label first, a way to refuse. @throws invalidInput naming
 * Content, with the fix
 */
export function checkAdvertisingText(ctx: IExecuteSingleFunctions, content: string): void {
	if (!LABELS.some((label) => content.startsWith(label)))
		throw invalidInput(
			ctx,
			'Content',
			'it does not start with the label [QC] or [AD], which Decree 91/2020/ND-CP requires first in every advertising SMS',
			{
				person: 'Start the text with [QC] (or [AD]) followed by a space, e.g. "[QC] Giam 30% don hang hom nay… Tu choi: soan TC gui 8xxx".',
				model: 'Start the text with [QC] followed by a space.',
			},
		);
	if (!hasRefusalLine(content))
		throw invalidInput(
			ctx,
			'Content',
			'it does not say how to refuse further messages, which Decree 91/2020/ND-CP requires in every advertising SMS',
			{
				person:
					'End the text with how to refuse: "Tu choi" or "unsubscribe", or an instruction such as "soan TC gui 8xxx" or "reply STOP", e.g. "Tu choi: soan TC gui 8xxx".',
				model: 'End the text with a refusal line such as "Tu choi: soan TC gui 8xxx".',
			},
		);
}

/** The fix of a list too short to send (eSMS's 107). */
const TOO_FEW_FIX = {
	person: 'Send to at least 30 numbers at once (Campaign From "All Items" joins the numbers of all items into one campaign), or use Send Brandname SMS for fewer recipients.',
	// a model sets neither Campaign From nor another operation: what it can do with its own input
	model: 'Give at least 30 distinct valid numbers in one call: a shorter list cannot go out as advertising.',
};

/** Fails an item whose list has too few numbers to send (eSMS's 107), naming the rule. */
export function checkMinimum(ctx: IExecuteSingleFunctions, count: number, what: string, field = 'Phones'): void {
	if (count >= MIN_PHONES) return;
	throw invalidInput(
		ctx,
		field,
		`${what} ${count} number${count === 1 ? '' : 's'} to send, and eSMS needs at least ${MIN_PHONES} distinct valid numbers in an advertising request (its error 107)`,
		TOO_FEW_FIX,
	);
}

/*
 * Campaigns of all items (campaignFrom = allItems): the run's one campaign, shared by its items.
 */

/** The campaign of a run of items, filled by their request steps and sent once by their request hooks. */
export interface SharedCampaign<S> {
	/** items in the run */
	total: number;
	/** items whose request steps started, and settled (passed or refused) */
	started: number;
	settled: number;
	contributions: Contribution[];
	/** the settings of the first item that passed (all others must give the same) */
	settings: S | undefined;
	settingsKey: string | undefined;
	/** the context of the first item that passed: makes the campaign's automatic Request IDs */
	first: IExecuteSingleFunctions | undefined;
	exclude: Set<string>;
	/** resolved once every item's request steps settled */
	ready: Promise<void>;
	resolveReady: () => void;
	/** the campaign's outcome, once one item's hook started sending it */
	outcome?: Promise<unknown>;
	/** the first item refused under Stop Workflow: then the campaign is not sent at all */
	refusedItem?: number;
}

const campaigns = new WeakMap<object, SharedCampaign<unknown>>();
const counts = new WeakMap<object, RunCounts>();

function scopeOf(ctx: IExecuteSingleFunctions): object | undefined {
	// an AI tool's call runs with the agent's execute data: each call is a campaign of its own
	if (isToolNode(ctx.getNode())) return undefined;
	const scope = ctx.getExecuteData?.() as IExecuteData | undefined;
	return scope !== null && typeof scope === 'object' ? scope : undefined;
}

function runSize(ctx: IExecuteSingleFunctions): number {
	if (ctx.getNode().executeOnce === true) return 1;
	const items = (ctx.getExecuteData?.() as IExecuteData | undefined)?.data?.main?.[0];
	return Array.isArray(items) ? items.length : 1;
}

/**
 * The campaign of all items of this run, joined by an item whose request steps start now (call it
 * synchronously, first thing). Item 0 starts a new campaign (a new run, or a retry of Retry On Fail).
 * Outside a workflow run (an AI tool call), the item is a campaign of its own.
 */
export function joinCampaign<S>(ctx: IExecuteSingleFunctions): SharedCampaign<S> {
	const scope = scopeOf(ctx);
	let campaign = scope ? (campaigns.get(scope) as SharedCampaign<S> | undefined) : undefined;
	if (!campaign || ctx.getItemIndex() === 0 || !scope) {
		let resolveReady!: () => void;
		const ready = new Promise<void>((r) => (resolveReady = r));
		campaign = {
			total: scope ? runSize(ctx) : 1,
			started: 0,
			settled: 0,
			contributions: [],
			settings: undefined,
			settingsKey: undefined,
			first: undefined,
			exclude: new Set(),
			ready,
			resolveReady,
		};
		if (scope) campaigns.set(scope, campaign as SharedCampaign<unknown>);
	}
	campaign.started++;
	return campaign;
}

/** An item's request steps have settled (passed or refused): the campaign is ready when all have. */
export function settleInCampaign(campaign: SharedCampaign<unknown>): void {
	campaign.settled++;
	if (campaign.settled >= campaign.total) campaign.resolveReady();
}

/**
 * The campaign is ready to go when every item's request steps have settled. An item that failed
 * before its request steps (an expression error in RoutingNode, under Continue On Fail) never
 * starts them: by the time a request hook runs, RoutingNode's loop has started every item it will
 * (without Batching), so the campaign also goes once all those that started have settled.
 */
export async function campaignReady(campaign: SharedCampaign<unknown>, batching: boolean): Promise<void> {
	if (!batching && campaign.settled === campaign.started) campaign.resolveReady();
	await campaign.ready;
}

/** The counts of Decree 91's 3-per-24-hours rule for this node run (one campaign per item); item 0 starts them anew. */
export function runCounts(ctx: IExecuteSingleFunctions): RunCounts {
	const scope = scopeOf(ctx);
	if (!scope) return new Map();
	let run = counts.get(scope);
	if (!run || ctx.getItemIndex() === 0) counts.set(scope, (run = new Map()));
	return run;
}

/** Whether the node's Batching request option spaces out its items (RoutingNode then sleeps between them). */
export function hasBatching(ctx: IExecuteSingleFunctions): boolean {
	const { batching } = ctx.getNodeParameter('requestOptions', {}) as { batching?: { batch?: { batchInterval?: number } } };
	return Number(batching?.batch?.batchInterval) > 0;
}


/*
 * The operations' request steps: each item read and checked, its campaign (its own, or the run's)
 * made, and a request plan registered (transport.ts, RequestPlan) that sends the campaign's requests
 * and gives the item its output.
 */

export type CampaignFrom = 'eachItem' | 'allItems';

/** The campaign's settings, read from each item (in All Items mode, the same in every item). */
export interface CampaignSettings {
	brandname: string;
	text: PreparedText;
	/** the user's own Request ID, or null */
	ownRequestId: string | null;
	autoRequestId: boolean;
	/** yyyy-MM-dd HH:mm:ss Vietnam time, or null */
	sendDate: string | null;
	callbackUrl: string | null;
	sandbox: boolean;
	pricePerPart: number;
}

/** A campaign's request as it is planned and as it went. */
export interface CampaignRequest {
	phones: string[];
	requestId: string | null;
	/** 'accepted' (also a repeat eSMS refused as already accepted), 'failed' (its error), 'notSent' (after a failure) */
	status: 'accepted' | 'failed' | 'notSent';
	smsId: string | null;
	alreadyAccepted: boolean;
	/** the output item of the operation's output step for it (eSMS's answer, mapped) */
	answer?: IDataObject;
	error?: NodeApiError;
}

export interface CampaignSpec {
	/** true: the estimate (no Decree 91 window, no minimum, one request, no Request ID) */
	estimate: boolean;
	/** the request options of one of the campaign's requests */
	request: (settings: CampaignSettings, phones: string[], requestId: string | null) => IHttpRequestOptions;
	/** one output item of the item, from its numbers and the campaign's requests */
	output: (view: CampaignView) => IDataObject;
}

/** What an item's output is made from. */
export interface CampaignView {
	settings: CampaignSettings;
	own: Contribution;
	/** the requests that carried this item's numbers */
	mine: CampaignRequest[];
	/** every request of the campaign */
	requests: CampaignRequest[];
	/** items in the campaign, numbers it sent */
	items: number;
	sentCount: number;
}

/** The request of a campaign that an item's context is sending now (for the output step, which sees only the answer). */
const sending = new WeakMap<object, CampaignRequest>();

/** The request being sent from this item's context (called by the operation's output step). */
export function requestBeingSent(ctx: IExecuteSingleFunctions): CampaignRequest | undefined {
	return sending.get(ctx);
}

const PHONES_FIX = 'Map Phones to a list of numbers, e.g. {{ $json.phones }} after an Aggregate node, or to one number per item with Campaign From "All Items".';

/**
 * The campaign settings of an item: Brandname, Content (Decree 91's label and refusal line), the
 * Options; for a send, Send Date within Decree 91's window.
 */
function readSettings(ctx: IExecuteSingleFunctions, estimate: boolean, contentName: string, brandnameFix: string): CampaignSettings {
	const brandname = requiredPick(ctx, 'advertisingBrandname', 'Brandname', brandnameFix);
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as SendOptions;
	const text = readText(withContent(ctx, contentName), options, false);
	checkAdvertisingText(ctx, text.content);
	if (estimate) return { brandname, text, ownRequestId: null, autoRequestId: false, sendDate: null, callbackUrl: null, sandbox: false, pricePerPart: 0 };
	const { requestId, sendDate, callbackUrl, sandbox } = readSendOptions(ctx, options);
	// a send now is checked when it goes out (sendRequests): a run that starts before 22:00 may send after it
	if (sendDate !== null) checkWindow(ctx, sendDate);
	return {
		brandname,
		text,
		ownRequestId: requestId,
		autoRequestId: options.autoRequestId !== false,
		sendDate,
		callbackUrl: callbackUrl || null,
		sandbox,
		pricePerPart: Number(options.pricePerPart ?? 0),
	};
}

/** The item's context, with Content read from the operation's own text parameter (readText reads `content`). */
function withContent(ctx: IExecuteSingleFunctions, contentName: string): IExecuteSingleFunctions {
	const getNodeParameter = ((name: string, ...rest: unknown[]) =>
		(ctx.getNodeParameter as (...a: unknown[]) => unknown)(name === 'content' ? contentName : name, ...rest)) as IExecuteSingleFunctions['getNodeParameter'];
	return new Proxy(ctx, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
		},
	});
}

/** The item's phone list; a value that holds no number at all fails the item. */
function readPhones(ctx: IExecuteSingleFunctions, allItems: boolean): Contribution {
	const raw = ctx.getNodeParameter('phones', '') as unknown;
	const list = parsePhoneList(raw);
	if (list.valid.length === 0 && list.invalid.length === 0) {
		if (!allItems) throw invalidInput(ctx, 'Phones', 'it is empty', PHONES_FIX);
		// a row with no number (an empty cell, an expression that gave nothing) is shown, not dropped silently
		list.invalid.push({ value: '', reason: 'this item gave no number: Phones is empty for it' });
	}
	return contribution(ctx.getItemIndex(), list);
}

/** The Request IDs of a campaign's requests: automatic (one hash each), the user's own (-1, -2… when split), or none. */
function requestIds(ctx: IExecuteSingleFunctions, settings: CampaignSettings, parts: string[][]): Array<string | null> {
	const own = settings.ownRequestId;
	if (own !== null) {
		if (parts.length === 1) return [own];
		const longest = `${own}-${parts.length}`;
		if (longest.length > REQUEST_ID_MAX)
			throw invalidInput(
				ctx,
				'Request ID',
				`the campaign goes out as ${parts.length} requests, whose Request IDs ${own}-1 … ${longest} would have up to ${longest.length} characters, and eSMS accepts at most ${REQUEST_ID_MAX}`,
				`Shorten the Request ID to ${REQUEST_ID_MAX - `-${parts.length}`.length} characters or fewer.`,
			);
		return parts.map((_, i) => `${own}-${i + 1}`);
	}
	if (!settings.autoRequestId) return parts.map(() => null);
	return parts.map((phones, i) =>
		automaticRequestId(ctx, {
			channel: 'sms:1',
			brandname: settings.brandname,
			content: settings.text.content,
			phones,
			part: i + 1,
			parts: parts.length,
			sendDate: settings.sendDate,
			callbackUrl: settings.callbackUrl,
			sandbox: settings.sandbox,
		}),
	);
}

/** Sends a campaign's requests one after the other; after a failure, the rest are not sent. */
async function sendRequests(
	ctx: IExecuteSingleFunctions,
	requests: CampaignRequest[],
	spec: CampaignSpec,
	settings: CampaignSettings,
	send: (options: IHttpRequestOptions) => Promise<INodeExecutionData[]>,
): Promise<void> {
	// Decree 91's hours, for a send now: once per campaign, just before its first request goes out
	if (!spec.estimate && settings.sendDate === null && requests.length > 0) {
		try {
			checkWindow(ctx, null);
		} catch (error) {
			requests[0].status = 'failed';
			requests[0].error = error as NodeApiError;
			return;
		}
	}
	for (const request of requests) {
		if (requests.some((r) => r.status === 'failed')) break;
		sending.set(ctx, request);
		try {
			const [answer] = await send(spec.request(settings, request.phones, request.requestId));
			const json = (answer?.json ?? {}) as IDataObject;
			request.status = 'accepted';
			request.answer = json;
			request.smsId = json.smsId === undefined || json.smsId === null ? null : String(json.smsId);
			request.alreadyAccepted = json.alreadyAccepted === true;
		} catch (error) {
			request.status = 'failed';
			request.error = error as NodeApiError;
		} finally {
			sending.delete(ctx);
		}
	}
}



/** What became of each request, for an error that must not lose the SMSIDs of those eSMS accepted. */
function requestsSummary(requests: CampaignRequest[]): string {
	if (requests.length < 2) return '';
	const each = requests.map((r, i) => {
		const what = `request ${i + 1} (${plural(r.phones.length, 'number')})`;
		if (r.status === 'accepted') return `${what} was accepted${r.smsId ? ` as SMSID ${r.smsId}` : ''}`;
		return r.status === 'failed' ? `${what} failed` : `${what} was not sent`;
	});
	return ` The campaign went out as ${requests.length} requests: ${each.join('; ')}.`;
}

/** The item's output, or its error when a request that carried its numbers failed or was not sent. */
function itemOutput(ctx: IExecuteSingleFunctions, spec: CampaignSpec, view: CampaignView): INodeExecutionData[] {
	const failed = view.requests.find((r) => r.status === 'failed');
	const hit = view.mine.some((r) => r.status !== 'accepted');
	if (failed && hit) {
		const error = failed.error!;
		const own = new NodeApiError(ctx.getNode(), {}, {
			message: error.message,
			description: `${error.description ?? ''}${requestsSummary(view.requests)}`.trim(),
			httpCode: error.httpCode ?? undefined,
			itemIndex: ctx.getItemIndex(),
		});
		own.message = error.message;
		throw own;
	}
	return [{ json: spec.output(view) }];
}

/** Which request carries each number, once per campaign (12,000 items would otherwise search 12,000 numbers each). */
const carriers = new WeakMap<CampaignRequest[], Map<string, CampaignRequest>>();

function view(settings: CampaignSettings, own: Contribution, requests: CampaignRequest[], items: number): CampaignView {
	let byPhone = carriers.get(requests);
	if (!byPhone) {
		byPhone = new Map(requests.flatMap((r) => r.phones.map((p) => [p, r] as const)));
		carriers.set(requests, byPhone);
	}
	const found = new Set(own.sent.map((p) => byPhone.get(p)));
	const mine = requests.filter((r) => found.has(r));
	return { settings, own, mine, requests, items, sentCount: requests.reduce((n, r) => n + r.phones.length, 0) };
}

/** The requests a campaign's numbers make: one per MAX_PHONES (balanced) for a send, one for an estimate. */
function plan(ctx: IExecuteSingleFunctions, spec: CampaignSpec, settings: CampaignSettings, phones: string[]): CampaignRequest[] {
	const parts = spec.estimate ? [phones] : splitBalanced(phones);
	const ids = spec.estimate ? parts.map(() => null) : requestIds(ctx, settings, parts);
	return parts.map((p, i) => ({ phones: p, requestId: ids[i], status: 'notSent', smsId: null, alreadyAccepted: false }));
}

/**
 * The request step of an advertising operation (its spec's `prepare`): reads and checks the item (see
 * the top of this file), makes its campaign, and registers the request plan that sends it.
 *
 * @throws NodeApiError (invalidInput) naming the field and the item, before any request
 */
export function prepareCampaign(
	ctx: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
	spec: CampaignSpec,
	{ contentName, brandnameFix }: { contentName: string; brandnameFix: string },
): IHttpRequestOptions {
	const from = ctx.getNodeParameter('campaignFrom', 'eachItem') as CampaignFrom;
	if (from === 'allItems') return joinAllItems(ctx, requestOptions, spec, contentName, brandnameFix);
	// all synchronous up to the plan: items take their numbers in item order (the run's counts)
	const counts = spec.estimate ? undefined : runCounts(ctx);
	const own = readPhones(ctx, false);
	const settings = readSettings(ctx, spec.estimate, contentName, brandnameFix);
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as SendOptions;
	const phones = assemble([own], excludeSet(ctx, options.excludeNumbers), counts);
	if (!spec.estimate) checkMinimum(ctx, phones.length, `${removals(own)}the list has`, 'Phones');
	else if (phones.length === 0)
		throw invalidInput(ctx, 'Phones', 'after removing invalid, excluded and repeated numbers, the list has no number to price', PHONES_FIX);
	const requests = plan(ctx, spec, settings, phones);
	if (counts) countSent(counts, phones);
	planRequests(requestOptions, async (send) => {
		await sendRequests(ctx, requests, spec, settings, send);
		return itemOutput(ctx, spec, view(settings, own, requests, 1));
	});
	return requestOptions;
}

/** What was left out of an item's list, for the refusal of a list that is too short. */
function removals(c: Contribution): string {
	const left = [
		[c.invalid.length, 'invalid'],
		[c.excluded.length, 'excluded'],
		[c.duplicatesRemoved.length, 'repeated'],
		[c.overDailyLimit.length, `already in ${MAX_PER_DAY} campaigns of this node run (Decree 91's limit of ${MAX_PER_DAY} advertising SMS per number per 24 hours)`],
	].filter(([n]) => Number(n) > 0);
	if (left.length === 0) return '';
	return `after leaving out ${left.map(([n, what]) => `${n} ${what}`).join(', ')}, `;
}

/** The campaign's settings as compared between items (Exclude Numbers are joined instead). */
const settingsKey = (s: CampaignSettings) =>
	JSON.stringify([s.brandname, s.text.content, s.ownRequestId, s.autoRequestId, s.sendDate, s.callbackUrl, s.sandbox, s.pricePerPart]);

/** Which field makes two items' settings differ, for the refusal. */
function differingField(a: CampaignSettings, b: CampaignSettings): string {
	if (a.brandname !== b.brandname) return 'Brandname';
	if (a.text.content !== b.text.content) return 'Content';
	if (a.sendDate !== b.sendDate) return 'Send Date';
	if (a.callbackUrl !== b.callbackUrl) return 'Callback URL';
	if (a.ownRequestId !== b.ownRequestId || a.autoRequestId !== b.autoRequestId) return 'Request ID';
	if (a.sandbox !== b.sandbox) return 'Sandbox';
	return 'Price per Part';
}

/** Campaign From "All Items": the item joins the run's campaign (see the top of this file). */
function joinAllItems(
	ctx: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
	spec: CampaignSpec,
	contentName: string,
	brandnameFix: string,
): IHttpRequestOptions {
	const campaign = joinCampaign<CampaignSettings>(ctx);
	try {
		const own = readPhones(ctx, true);
		const settings = readSettings(ctx, spec.estimate, contentName, brandnameFix);
		const key = settingsKey(settings);
		if (campaign.settings === undefined) {
			campaign.settings = settings;
			campaign.settingsKey = key;
			campaign.first = ctx;
		} else if (campaign.settingsKey !== key) {
			const field = differingField(campaign.settings, settings);
			throw invalidInput(
				ctx,
				field,
				`it differs from item ${campaign.contributions[0].itemIndex + 1}'s, and with Campaign From "All Items" all items make one campaign with one ${field}`,
				`Give every item the same ${field} (e.g. a fixed value instead of one mapped from each item), or set Campaign From to "Each Item".`,
			);
		}
		const options = (ctx.getNodeParameter('options', {}) ?? {}) as SendOptions;
		for (const phone of excludeSet(ctx, options.excludeNumbers)) campaign.exclude.add(phone);
		campaign.contributions.push(own);
		const batching = hasBatching(ctx);
		planRequests(requestOptions, async (send) => {
			await campaignReady(campaign as SharedCampaign<unknown>, batching);
			if (campaign.refusedItem !== undefined)
				throw new NodeApiError(ctx.getNode(), {}, {
					message: `Not sent: item ${campaign.refusedItem + 1} of the campaign was refused`,
					description: `${NOTHING_SENT.replace(' for this item', '')} With Campaign From "All Items" the items make one campaign, and it goes out only when every item passes the checks. Fix item ${campaign.refusedItem + 1} (see its error), then run again: no number has been sent yet.`,
					itemIndex: ctx.getItemIndex(),
				});
			campaign.outcome ??= sendCampaign(ctx, campaign, spec, send);
			const outcome = (await campaign.outcome) as { requests: CampaignRequest[]; problem?: string };
			if (outcome.problem !== undefined)
				throw isToolNode(ctx.getNode())
					? // a tool call is a campaign of its own: the model is told what to do with its input, as by checkMinimum
						invalidInput(ctx, 'Phones', outcome.problem, TOO_FEW_FIX)
					: new NodeApiError(ctx.getNode(), {}, {
							message: `Invalid "Phones": ${outcome.problem}`,
							description: `${NOTHING_SENT.replace(' for this item', '')} Send to at least 30 numbers at once, or use Send Brandname SMS for fewer recipients.`,
							itemIndex: ctx.getItemIndex(),
						});
			return itemOutput(ctx, spec, view(campaign.settings!, own, outcome.requests, campaign.contributions.length));
		});
		return requestOptions;
	} catch (error) {
		// under Stop Workflow, one refused item holds the whole campaign (with Batching too, whose earlier
		// batches would otherwise send the others' numbers): a corrected re-run then sends each number once
		if (!ctx.continueOnFail()) campaign.refusedItem ??= ctx.getItemIndex();
		throw error instanceof NodeApiError ? error : new NodeApiError(ctx.getNode(), error as JsonObject);
	} finally {
		settleInCampaign(campaign as SharedCampaign<unknown>);
	}
}

/** Sends the campaign of all items once (the first item's hook to get there). */
async function sendCampaign(
	sender: IExecuteSingleFunctions,
	campaign: SharedCampaign<CampaignSettings>,
	spec: CampaignSpec,
	send: (options: IHttpRequestOptions) => Promise<INodeExecutionData[]>,
): Promise<{ requests: CampaignRequest[]; problem?: string }> {
	const contributions = [...campaign.contributions].sort((a, b) => a.itemIndex - b.itemIndex);
	const phones = assemble(contributions, campaign.exclude);
	const items = plural(contributions.length, 'item');
	if ((!spec.estimate && phones.length < MIN_PHONES) || phones.length === 0)
		return {
			requests: [],
			problem: `the campaign's ${items} ${contributions.length === 1 ? 'holds' : 'hold'} ${plural(phones.length, 'number')} to send after removing invalid, excluded and repeated numbers, and eSMS needs at least ${MIN_PHONES} distinct valid numbers in an advertising request (its error 107)`,
		};
	const requests = plan(campaign.first!, spec, campaign.settings!, phones);
	await sendRequests(sender, requests, spec, campaign.settings!, send);
	return { requests };
}

/** The output fields every advertising operation shares, from an item's view. */
export function numbersOutput(v: CampaignView): IDataObject {
	return {
		sentCount: v.own.sent.length,
		sent: v.own.sent,
		excluded: v.own.excluded,
		invalid: v.own.invalid as unknown as IDataObject[],
		duplicatesRemoved: v.own.duplicatesRemoved,
		overDailyLimit: v.own.overDailyLimit,
	};
}

