/**
 * SMS → Send Advertising SMS and SMS → Estimate Advertising SMS Price: the built node through n8n-core's
 * real engine, against the simulator over HTTP (simulator/advertising.js).
 */
import fc from 'fast-check';
import type { INodeExecutionData } from 'n8n-workflow';

import { parseReport } from '../nodes/Esms/shared/callbacks';
import { assemble, contribution, hasRefusalLine, nextAllowedTime, parsePhoneList, splitBalanced } from '../nodes/Esms/shared/campaign';
import { callNodeMethod, runEsms } from './helpers/harness';
import { callbackReceiver, simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();

const SEND_PATH = '/MainService.svc/json/SendMultipleSMSBrandname_json/';
const ESTIMATE_PATH = '/MainService.svc/json/SummaryMultipleSMSBrandname/';
const TEXT = '[QC] Giam 30% moi don hang den 31/12. Tu choi: soan TC gui 8079';

/** n distinct valid numbers: 0901000000, 0901000001, … (Mobifone) */
const phones = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `0901${String(from + i).padStart(6, '0')}`);
const byList = (value: string) => ({ __rl: true, mode: 'list', value });
const send = (p: Record<string, unknown> = {}) => ({
	resource: 'sms',
	operation: 'sendAdvertising',
	phones: '={{ $json.phones }}',
	advertisingBrandname: byList('QC_ONLINE'),
	advertisingContent: TEXT,
	...p,
});
const estimate = (p: Record<string, unknown> = {}) => send({ operation: 'estimateAdvertising', ...p });
const itemWith = (list: unknown): INodeExecutionData => ({ json: { phones: list } as never });
const requestsTo = (path: string) => env.sim.requests().filter((r) => r.path === path);
const sentBodies = () =>
	requestsTo(SEND_PATH).map((r) => {
		const { ApiKey, SecretKey, ...rest } = JSON.parse(r.body) as Record<string, unknown>;
		expect([ApiKey, SecretKey]).toEqual(['DEMO_API_KEY', 'DEMO_SECRET_KEY']);
		return rest;
	});
const description = (e: unknown) => (e as { description?: string } | undefined)?.description ?? '';

/** 10:00 in Vietnam (03:00 UTC) on 5 December 2026, for the node's and the simulator's clocks. */
const VN_TEN = Date.UTC(2026, 11, 5, 3, 0, 0);
const realNow = Date.now.bind(Date);
function clockAt(epochMs: number) {
	const offset = epochMs - realNow();
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
}
beforeEach(() => {
	clockAt(VN_TEN);
	// enough for the 12,000-number campaigns
	env.sim.account('DEMO_API_KEY')!.balance = 1e10;
});
afterEach(() => jest.restoreAllMocks());

describe('SMS → Send Advertising SMS', () => {
	test('one item with 30 numbers: one JSON POST with exactly these fields, one ledger entry per phone, the output', async () => {
		env.sim.queueSmsIds('d533459ee42b2b9525ba9eabf6a8156');
		const list = phones(30);
		const { output, error } = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(list)] });
		expect(error).toBeUndefined();
		expect(env.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${SEND_PATH}`]);
		const [body] = sentBodies();
		expect(Object.keys(body)).toEqual(['Brandname', 'Content', 'Phones', 'SmsType', 'RequestId']);
		expect(body).toEqual({ Brandname: 'QC_ONLINE', Content: TEXT, Phones: list, SmsType: '1', RequestId: expect.stringMatching(/^n8n-[0-9a-f]{32}$/) });
		expect(output.map((i) => i.json)).toEqual([
			{
				smsId: 'd533459ee42b2b9525ba9eabf6a8156',
				smsIds: ['d533459ee42b2b9525ba9eabf6a8156'],
				alreadyAccepted: false,
				sentCount: 30,
				sent: list,
				excluded: [],
				invalid: [],
				duplicatesRemoved: [],
				overDailyLimit: [],
				brandname: 'QC_ONLINE',
				content: TEXT,
				segments: 1,
				replacedCharacters: [],
				estimatedCost: null,
				requestIds: [body.RequestId],
				sendDate: null,
				sandbox: false,
				campaign: { items: 1, sentCount: 30, requests: [{ smsId: 'd533459ee42b2b9525ba9eabf6a8156', requestId: body.RequestId, phoneCount: 30, alreadyAccepted: false }] },
			},
		]);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		const ledger = env.sim.ledger();
		expect(ledger.map((e) => e.phone)).toEqual(list);
		expect(new Set(ledger.map((e) => `${e.smsId}|${e.smsType}|${e.brandname}`))).toEqual(new Set(['d533459ee42b2b9525ba9eabf6a8156|1|QC_ONLINE']));
	});

	test('every option: Send Date within the hours, Callback URL, own Request ID, Sandbox, Price per Part; key order as documented', async () => {
		const list = phones(31);
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: send({
				options: { sendDate: '2026-12-05 15:30', callbackUrl: 'https://example.com/hook', requestId: 'camp-7', sandbox: true, pricePerPart: 565 },
			}),
			items: [itemWith(list.join('\n'))],
		});
		expect(error).toBeUndefined();
		const [body] = sentBodies();
		expect(Object.keys(body)).toEqual(['Brandname', 'Content', 'Phones', 'SmsType', 'RequestId', 'SendDate', 'CallbackUrl', 'Sandbox']);
		expect(body).toMatchObject({ RequestId: 'camp-7', SendDate: '2026-12-05 15:30:00', CallbackUrl: 'https://example.com/hook', Sandbox: '1', Phones: list });
		expect(output[0].json).toMatchObject({ sentCount: 31, estimatedCost: 31 * 565, requestIds: ['camp-7'], sendDate: '2026-12-05T15:30:00+07:00', sandbox: true });
		// a sandbox send reaches nobody
		expect(env.sim.ledger()).toEqual([]);
		expect(env.sim.sandboxSends()).toHaveLength(31);
	});

	test('a list as text in any written form: normalised, repeats removed, invalid numbers and Exclude Numbers listed, never sent', async () => {
		const list = phones(30);
		const text = [
			...list.slice(0, 10),
			`+84 ${list[10].slice(1, 3)} ${list[10].slice(3)}`,
			`84${list[11].slice(1)}`,
			...list.slice(12),
			list[0],
			` ${list[3]} `,
			'12345',
			'0901-88-84-8x',
			'01683123456',
			'0911000001',
			'0911000002',
		].join(', ');
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: send({ options: { excludeNumbers: '+84911000001;\n0911 000 002' } }),
			items: [itemWith(text)],
		});
		expect(error).toBeUndefined();
		expect(sentBodies()[0].Phones).toEqual(list);
		expect(output[0].json).toMatchObject({
			sentCount: 30,
			sent: list,
			excluded: ['0911000001', '0911000002'],
			duplicatesRemoved: [list[0], list[3]],
			invalid: [
				{ value: '12345', reason: 'it does not have the 10 digits of a Vietnamese mobile number' },
				{ value: '0901-88-84-8x', reason: 'it contains characters other than digits, spaces, dots, dashes and a leading +' },
				{ value: '01683123456', reason: '01683123456 is an old 11-digit number; since 2018 it is 0383123456' },
			],
		});
		expect(env.sim.ledger().map((e) => e.phone)).toEqual(list);
	});

	test('the rows of an Aggregate node\'s "All Item Data": each row\'s phone field', async () => {
		const list = phones(30);
		const rows = [...list.map((phone, i) => (i % 2 ? { name: `A${i}`, Phone: phone } : { sdt: phone, name: `B${i}` })), { name: 'no phone' }];
		const { output, error } = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(rows)] });
		expect(error).toBeUndefined();
		expect(sentBodies()[0].Phones).toEqual(list);
		expect(output[0].json.invalid).toEqual([{ value: '{"name":"no phone"}', reason: 'it is an object with no phone field (phone, mobile, sdt…), not a phone number' }]);
	});

	test('fewer than 30 numbers after the checks: refused before sending, naming the rule (eSMS 107)', async () => {
		const list = [...phones(29), '0123', phones(1)[0]];
		const { error } = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(list)] });
		expect(error?.message).toBe(
			'Invalid "Phones" in item 1: after leaving out 1 invalid, 1 repeated, the list has 29 numbers to send, and eSMS needs at least 30 distinct valid numbers in an advertising request (its error 107)',
		);
		expect(description(error)).toBe(
			'Nothing was sent to eSMS for this item. Send to at least 30 numbers at once (Campaign From "All Items" joins the numbers of all items into one campaign), or use Send Brandname SMS for fewer recipients.',
		);
		expect(env.sim.requests()).toEqual([]);
	});

	test('an empty list is refused before sending', async () => {
		const { error } = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith('')] });
		expect(error?.message).toBe('Invalid "Phones" in item 1: it is empty');
		expect(env.sim.requests()).toEqual([]);
	});
});

describe('Decree 91/2020/ND-CP, kept before sending', () => {
	test('a send now at 22:30 Vietnam time is refused, naming the window and the next allowed time', async () => {
		clockAt(Date.UTC(2026, 11, 5, 15, 30));
		const { error } = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(phones(30))] });
		expect(error?.message).toBe(
			'Invalid "Send Date" in item 1: it is empty, so the campaign would go out now, 2026-12-05 22:30 (Vietnam time), and Decree 91/2020/ND-CP allows advertising SMS only from 07:00 to 22:00 Vietnam time',
		);
		expect(description(error)).toBe(
			'Nothing was sent to eSMS for this item. Run the campaign between 07:00 and 22:00 Vietnam time, or set Send Date (in Options) to 2026-12-06 07:00 or later within that window: the next allowed time is 2026-12-06 07:00.',
		);
		expect(env.sim.requests()).toEqual([]);
	});

	test('a send now at 06:59 is refused with 07:00 the same day; at 07:00 and at 22:00 it goes', async () => {
		clockAt(Date.UTC(2026, 11, 4, 23, 59));
		const early = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(phones(30))] });
		expect(description(early.error)).toContain('the next allowed time is 2026-12-05 07:00.');
		for (const at of [Date.UTC(2026, 11, 5, 0, 0), Date.UTC(2026, 11, 5, 15, 0)]) {
			clockAt(at);
			const { error } = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(phones(30))] });
			expect(error).toBeUndefined();
		}
		expect(requestsTo(SEND_PATH)).toHaveLength(2);
	});

	test('a Send Date outside the hours is refused (not moved), naming the next allowed time', async () => {
		const { error } = await runEsms({ creds: env.creds, parameters: send({ options: { sendDate: '2026-12-06 05:00' } }), items: [itemWith(phones(30))] });
		expect(error?.message).toBe(
			'Invalid "Send Date" in item 1: 2026-12-06 05:00 (Vietnam time) is outside the hours Decree 91/2020/ND-CP allows for advertising SMS only from 07:00 to 22:00 Vietnam time'.replace(
				'allows for advertising SMS only',
				'allows advertising SMS only',
			),
		);
		expect(description(error)).toBe(
			'Nothing was sent to eSMS for this item. Choose a time between 07:00 and 22:00 Vietnam time: the next allowed time is 2026-12-06 07:00.',
		);
		expect(env.sim.requests()).toEqual([]);
	});

	test('a text without [QC]/[AD] first, or without a refusal line, is refused with the fix', async () => {
		const noLabel = await runEsms({ creds: env.creds, parameters: send({ advertisingContent: 'Giam 30% hom nay. Tu choi: soan TC gui 8079' }), items: [itemWith(phones(30))] });
		expect(noLabel.error?.message).toBe(
			'Invalid "Content" in item 1: it does not start with the label [QC] or [AD], which Decree 91/2020/ND-CP requires first in every advertising SMS',
		);
		expect(description(noLabel.error)).toContain('Start the text with [QC] (or [AD])');
		const noRefusal = await runEsms({ creds: env.creds, parameters: send({ advertisingContent: '[AD] 30% off today only' }), items: [itemWith(phones(30))] });
		expect(noRefusal.error?.message).toBe(
			'Invalid "Content" in item 1: it does not say how to refuse further messages, which Decree 91/2020/ND-CP requires in every advertising SMS',
		);
		expect(description(noRefusal.error)).toContain('"Tu choi" or "unsubscribe", or an instruction such as "soan TC gui 8xxx" or "reply STOP"');
		// with diacritics, as typed: made plain, and the refusal line read through them
		const typed = await runEsms({ creds: env.creds, parameters: send({ advertisingContent: '[QC] Giảm 30% hôm nay. Từ chối: soạn TC gửi 8079' }), items: [itemWith(phones(30))] });
		expect(typed.error).toBeUndefined();
		expect(sentBodies()[0].Content).toBe('[QC] Giam 30% hom nay. Tu choi: soan TC gui 8079');
	});

	test('at most 3 campaigns to a number in one node run (one campaign per item): the 4th leaves it out and says why', async () => {
		const list = phones(30);
		const items = [list, list, list, [...list, ...phones(30, 100)]].map(itemWith);
		const { output, error } = await runEsms({ creds: env.creds, parameters: send(), items });
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.sentCount)).toEqual([30, 30, 30, 30]);
		expect(output[3].json.overDailyLimit).toEqual(list);
		expect(output[3].json.sent).toEqual(phones(30, 100));
		const perPhone = new Map<string, number>();
		for (const e of env.sim.ledger()) perPhone.set(e.phone, (perPhone.get(e.phone) ?? 0) + 1);
		expect(Math.max(...perPhone.values())).toBe(3);
	});
});

describe('errors eSMS answers', () => {
	test.each([
		['101', { secretKey: 'WRONG' }, {}],
		['104', {}, { advertisingBrandname: byList('Baotrixemay') }],
	])('%s fails the item with eSMS code and fix', async (code, creds, parameters) => {
		const { error } = await runEsms({ creds: { ...env.creds, ...creds }, parameters: send(parameters), items: [itemWith(phones(30))] });
		expect(error?.message).toContain(`eSMS error ${code}: `);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('103 (balance): the error, nothing sent', async () => {
		env.sim.account('DEMO_API_KEY')!.balance = 100;
		const { error } = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(phones(30))] });
		expect(error?.message).toContain('eSMS error 103: ');
		expect(env.sim.ledger()).toEqual([]);
	});

	test('124 on a Request ID of your own that was used before fails; an automatic one repeated is already accepted', async () => {
		const list = phones(30);
		await runEsms({ creds: env.creds, parameters: send({ options: { requestId: 'camp-1' } }), items: [itemWith(list)] });
		const again = await runEsms({ creds: env.creds, parameters: send({ options: { requestId: 'camp-1' } }), items: [itemWith(list)] });
		expect(again.error?.message).toContain('eSMS error 124: ');
		const first = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(list)], executionId: 'ex-9', establishedAt: VN_TEN });
		const repeat = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(list)], executionId: 'ex-9', establishedAt: VN_TEN });
		expect(first.output[0].json.alreadyAccepted).toBe(false);
		expect(repeat.output[0].json).toMatchObject({ alreadyAccepted: true, smsId: null, smsIds: [] });
		expect(env.sim.ledger()).toHaveLength(60);
	});
});

describe('Campaign From: each item, or all items as one campaign', () => {
	test('each item: 120 items of 30 numbers, 120 requests, 120 outputs paired in order', async () => {
		const items = Array.from({ length: 120 }, (_, i) => itemWith(phones(30, i * 30)));
		const { output, error } = await runEsms({ creds: env.creds, parameters: send(), items });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(120);
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(output.map((o) => (o.json.sent as string[])[0])).toEqual(items.map((_, i) => phones(1, i * 30)[0]));
		expect(requestsTo(SEND_PATH)).toHaveLength(120);
		expect(env.sim.ledger()).toHaveLength(3600);
	});

	test('all items: 120 items of one phone each (with repeats and a bad one) make one request; each item says what became of its number', async () => {
		const list = phones(118);
		const items = [...list, list[5], 'abc'].map((phone) => ({ json: { phone } }));
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: send({ campaignFrom: 'allItems', phones: '={{ $json.phone }}', options: { excludeNumbers: list[7] } }),
			items,
		});
		expect(error).toBeUndefined();
		const [body] = sentBodies();
		expect(sentBodies()).toHaveLength(1);
		expect(body.Phones).toEqual(list.filter((_, i) => i !== 7));
		expect(output).toHaveLength(120);
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const smsId = env.sim.ledger()[0].smsId;
		expect(output[0].json).toMatchObject({ smsId, smsIds: [smsId], sent: [list[0]], sentCount: 1, campaign: { items: 120, sentCount: 117 } });
		expect(output[7].json).toMatchObject({ smsId: null, smsIds: [], sent: [], excluded: [list[7]] });
		expect(output[118].json).toMatchObject({ smsId: null, sent: [], duplicatesRemoved: [list[5]] });
		expect(output[119].json).toMatchObject({ sent: [], invalid: [{ value: 'abc', reason: 'it contains characters other than digits, spaces, dots, dashes and a leading +' }] });
		expect(env.sim.ledger()).toHaveLength(117);
	});

	test('all items: 12,000 rows go out as 3 balanced requests of 4,000, every number exactly once, 12,000 paired outputs', async () => {
		const list = phones(12_000);
		const items = list.map((phone) => ({ json: { phone } }));
		const { output, error } = await runEsms({ creds: env.creds, parameters: send({ campaignFrom: 'allItems', phones: '={{ $json.phone }}' }), items });
		expect(error).toBeUndefined();
		const bodies = sentBodies();
		expect(bodies.map((b) => (b.Phones as string[]).length)).toEqual([4000, 4000, 4000]);
		expect(new Set(bodies.map((b) => b.RequestId)).size).toBe(3);
		const ledger = env.sim.ledger();
		expect(ledger).toHaveLength(12_000);
		expect(new Set(ledger.map((e) => e.phone)).size).toBe(12_000);
		expect(output).toHaveLength(12_000);
		expect(output.every((o, i) => (o.pairedItem as { item: number }).item === i && (o.json.sent as string[])[0] === list[i])).toBe(true);
		expect(output[0].json.smsId).toBe(ledger[0].smsId);
		expect(output[11_999].json.smsId).toBe(ledger[11_999].smsId);
	}, 180_000);

	test('all items with too few numbers in all: every item fails, nothing sent', async () => {
		const items = phones(20).map((phone) => ({ json: { phone } }));
		const { error } = await runEsms({ creds: env.creds, parameters: send({ campaignFrom: 'allItems', phones: '={{ $json.phone }}' }), items });
		expect(error?.message).toBe(
			"Invalid \"Phones\": the campaign's 20 items hold 20 numbers to send after removing invalid, excluded and repeated numbers, and eSMS needs at least 30 distinct valid numbers in an advertising request (its error 107)",
		);
		expect(env.sim.requests()).toEqual([]);
	});

	test('all items with a Content mapped per item: refused naming the field, nothing sent (Stop Workflow)', async () => {
		const items = phones(40).map((phone, i) => ({ json: { phone, text: i === 3 ? `${TEXT}!` : TEXT } }));
		const { error } = await runEsms({
			creds: env.creds,
			parameters: send({ campaignFrom: 'allItems', phones: '={{ $json.phone }}', advertisingContent: '={{ $json.text }}' }),
			items,
		});
		expect(error?.message).toContain('Invalid "Content" in item 4: it differs from item 1\'s, and with Campaign From "All Items" all items make one campaign with one Content');
		expect(env.sim.requests()).toEqual([]);
	});

	test('each item: 5,001 numbers go out as 2 balanced requests; a Request ID of your own gets -1 and -2', async () => {
		const list = phones(5001);
		const { output, error } = await runEsms({ creds: env.creds, parameters: send({ options: { requestId: 'big' } }), items: [itemWith(list)] });
		expect(error).toBeUndefined();
		const bodies = sentBodies();
		expect(bodies.map((b) => [b.RequestId, (b.Phones as string[]).length])).toEqual([
			['big-1', 2501],
			['big-2', 2500],
		]);
		expect([...(bodies[0].Phones as string[]), ...(bodies[1].Phones as string[])]).toEqual(list);
		expect(output[0].json.smsIds).toHaveLength(2);
		expect(output[0].json.requestIds).toEqual(['big-1', 'big-2']);
		expect(env.sim.ledger()).toHaveLength(5001);
	});
});

describe('Continue On Fail and Retry On Fail', () => {
	test('Continue On Fail: 3 items, the middle one refused → 3 outputs, paired, the others sent', async () => {
		const items = [itemWith(phones(30)), itemWith(phones(3, 100)), itemWith(phones(30, 200))];
		const { output, error } = await runEsms({ creds: env.creds, parameters: send(), items, settings: { onError: 'continueRegularOutput' } });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toContain('Invalid "Phones" in item 2');
		expect(output[0].json.sentCount).toBe(30);
		expect(output[2].json.sentCount).toBe(30);
		expect(env.sim.ledger()).toHaveLength(60);
	});

	test('Continue On Fail, all items: an item refused stays out of the campaign, the others go as one request; N in, N out', async () => {
		const items = phones(40).map((phone, i) => ({ json: { phone, text: i === 3 ? 'no label' : TEXT } }));
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: send({ campaignFrom: 'allItems', phones: '={{ $json.phone }}', advertisingContent: '={{ $json.text }}' }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(40);
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(output[3].json.error).toContain('Invalid "Content" in item 4: it does not start with the label [QC] or [AD]');
		expect(sentBodies().map((b) => b.Phones)).toEqual([phones(40).filter((_, i) => i !== 3)]);
		expect(output[4].json).toMatchObject({ sent: [phones(40)[4]], campaign: { items: 39, sentCount: 39 } });
	});

	test('Continue On Fail, all items, eSMS refuses the campaign (103): every item gets the error, paired', async () => {
		env.sim.account('DEMO_API_KEY')!.balance = 10;
		const items = phones(30).map((phone) => ({ json: { phone } }));
		const { output } = await runEsms({
			creds: env.creds,
			parameters: send({ campaignFrom: 'allItems', phones: '={{ $json.phone }}' }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(output).toHaveLength(30);
		expect(output.every((o, i) => (o.pairedItem as { item: number }).item === i && String(o.json.error).startsWith('eSMS error 103: '))).toBe(true);
		expect(requestsTo(SEND_PATH)).toHaveLength(1);
	});

	test('Stop Workflow: one item refused, no item is sent', async () => {
		const items = [itemWith(phones(30)), itemWith(phones(3, 100))];
		const { error } = await runEsms({ creds: env.creds, parameters: send(), items });
		expect(error?.message).toContain('Invalid "Phones" in item 2');
		expect(env.sim.requests()).toEqual([]);
	});

	test('a connection dropped after eSMS accepted: asked again with the same Request ID, already accepted, one message per phone', async () => {
		env.sim.addFault({ route: 'SendMultipleSMSBrandname_json', mode: 'acceptThenDrop', times: 1 });
		const { output, error } = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(phones(30))] });
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ alreadyAccepted: true, smsId: null });
		const bodies = sentBodies();
		expect(bodies).toHaveLength(2);
		expect(bodies[1].RequestId).toBe(bodies[0].RequestId);
		expect(env.sim.ledger()).toHaveLength(30);
	});

	test('Retry On Fail, 6,000 numbers in 2 requests, the first dropped on every try of the node: each phone exactly once', async () => {
		env.sim.addFault({ route: 'SendMultipleSMSBrandname_json', mode: 'acceptThenDrop', times: 4 });
		const list = phones(6000);
		const { output, error, run } = await runEsms({
			creds: env.creds,
			parameters: send(),
			items: [itemWith(list)],
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		expect(error).toBeUndefined();
		expect(run.status).toBe('success');
		const ledger = env.sim.ledger();
		expect(ledger).toHaveLength(6000);
		expect(new Set(ledger.map((e) => e.phone)).size).toBe(6000);
		const bodies = sentBodies();
		// 4 tries of request 1 (the node's own), then the node's retry: request 1 (124) and request 2
		expect(bodies.map((b) => b.RequestId)).toEqual([...Array(5).fill(bodies[0].RequestId), bodies[5].RequestId]);
		expect(output[0].json).toMatchObject({ alreadyAccepted: false, sentCount: 6000, campaign: { requests: [{ alreadyAccepted: true, smsId: null }, { alreadyAccepted: false }] } });
	}, 60_000);

	test('Retry On Fail, all items (120 rows), the campaign dropped on every try of the node: each phone exactly once, 120 outputs', async () => {
		env.sim.addFault({ route: 'SendMultipleSMSBrandname_json', mode: 'acceptThenDrop', times: 4 });
		const list = phones(120);
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: send({ campaignFrom: 'allItems', phones: '={{ $json.phone }}' }),
			items: list.map((phone) => ({ json: { phone } })),
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		expect(error).toBeUndefined();
		expect(env.sim.ledger().map((e) => e.phone)).toEqual(list);
		expect(output).toHaveLength(120);
		expect(output.every((o, i) => o.json.alreadyAccepted === true && (o.pairedItem as { item: number }).item === i)).toBe(true);
	}, 60_000);

	test('a request that fails after another was accepted: the error names the accepted SMSID', async () => {
		const list = phones(5001);
		// enough for the first request only
		env.sim.account('DEMO_API_KEY')!.balance = 2501 * 565 + 10;
		const { error } = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(list)] });
		const smsId = env.sim.ledger()[0].smsId;
		expect(error?.message).toContain('eSMS error 103: ');
		expect(description(error)).toContain(`The campaign went out as 2 requests: request 1 (2,501 numbers) was accepted as SMSID ${smsId}; request 2 (2,500 numbers) failed.`);
		expect(env.sim.ledger()).toHaveLength(2501);
	});
});

describe('per-number callbacks and the picker', () => {
	test('each number gets its own callback with the request SMSID', async () => {
		const hook = await callbackReceiver();
		try {
			env.sim.setOutcome(phones(1)[0], 'failed');
			const { error } = await runEsms({ creds: env.creds, parameters: send({ options: { callbackUrl: hook.url } }), items: [itemWith(phones(30))] });
			expect(error).toBeUndefined();
			env.sim.advance(env.sim.config.timeline.finalMs);
			await env.sim.settleCallbacks();
			expect(hook.seen).toHaveLength(30);
			const smsId = env.sim.ledger()[0].smsId;
			const queries = hook.seen.map((_, i) => hook.query(i));
			expect(new Set(queries.map((q) => q.SMSID))).toEqual(new Set([smsId]));
			expect(queries.map((q) => q.phonenumber).sort()).toEqual(phones(30));
			expect(queries.find((q) => q.phonenumber === phones(1)[0])).toMatchObject({ SendFailed: '1', SendSuccess: '0', TypeId: '1', TotalReceiver: '1' });
			// the eSMS Trigger reads each as an SMS report of its own number (Drop Duplicates keeps them apart)
			const reports = queries.map((q) => parseReport(q)!);
			expect(reports.every((r) => r.type === 'sms' && r.output.typeId === 1 && r.output.smsId === smsId)).toBe(true);
			expect(new Set(reports.map((r) => r.key)).size).toBe(30);
			expect(reports.find((r) => r.output.phone === phones(1)[0])!.output).toMatchObject({ successCount: 0, failedCount: 1 });
		} finally {
			await hook.close();
		}
	});

	test('SMS → Get Status reads the output with no setup and counts the campaign\'s numbers', async () => {
		env.sim.setOutcome(phones(1)[0], 'failed');
		const sent = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(phones(30))] });
		env.sim.advance(env.sim.config.timeline.finalMs);
		const { output, error } = await runEsms({ creds: env.creds, parameters: { resource: 'sms', operation: 'getStatus' }, items: sent.output });
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ smsId: sent.output[0].json.smsId, isFinal: true, successCount: 29, failedCount: 1, receiverCount: 30 });
	});

	test('the advertising brandname picker lists the account’s brandnames of type 1 only', async () => {
		const result = await callNodeMethod({ creds: env.creds, kind: 'listSearch', method: 'searchAdvertisingBrandnames', parameters: send(), args: [] });
		expect(result).toEqual({ results: [{ name: 'QC_ONLINE', value: 'QC_ONLINE' }] });
	});
});

describe('SMS → Estimate Advertising SMS Price', () => {
	test('one XML request as documented, keys as its first tags; the price and the numbers', async () => {
		const list = phones(3);
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: estimate({ options: { excludeNumbers: list[2] } }),
			items: [itemWith([...list, 'x1'])],
		});
		expect(error).toBeUndefined();
		const [request] = requestsTo(ESTIMATE_PATH);
		expect(request.method).toBe('POST');
		expect(request.body).toBe(
			`<RQST><APIKEY>DEMO_API_KEY</APIKEY><SECRETKEY>DEMO_SECRET_KEY</SECRETKEY><CONTENT>${TEXT}</CONTENT><SMSTYPE>1</SMSTYPE><BRANDNAME>QC_ONLINE</BRANDNAME><CONTACTS><CUSTOMER><PHONE>${list[0]}</PHONE></CUSTOMER><CUSTOMER><PHONE>${list[1]}</PHONE></CUSTOMER></CONTACTS></RQST>`,
		);
		expect(output.map((o) => o.json)).toEqual([
			{
				totalPrice: 1130,
				receiverCount: 2,
				phoneCount: 2,
				sentCount: 2,
				sent: list.slice(0, 2),
				excluded: [list[2]],
				invalid: [{ value: 'x1', reason: 'it contains characters other than digits, spaces, dots, dashes and a leading +' }],
				duplicatesRemoved: [],
				overDailyLimit: [],
				brandname: 'QC_ONLINE',
				content: TEXT,
				segments: 1,
				replacedCharacters: [],
				items: 1,
			},
		]);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('all items: one request for the numbers of all items; each item has the campaign\'s price and its own numbers', async () => {
		const list = phones(3);
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: estimate({ campaignFrom: 'allItems', phones: '={{ $json.phone }}' }),
			items: [...list, list[0]].map((phone) => ({ json: { phone } })),
		});
		expect(error).toBeUndefined();
		expect(requestsTo(ESTIMATE_PATH)).toHaveLength(1);
		expect(output.map((o) => [o.json.totalPrice, o.json.receiverCount, o.json.sent, o.json.duplicatesRemoved, o.pairedItem])).toEqual([
			[1695, 3, [list[0]], [], { item: 0 }],
			[1695, 3, [list[1]], [], { item: 1 }],
			[1695, 3, [list[2]], [], { item: 2 }],
			[1695, 3, [], [list[0]], { item: 3 }],
		]);
	});

	test('101 and 104 fail with the eSMS code; the estimate is not held to the hours', async () => {
		clockAt(Date.UTC(2026, 11, 5, 16, 0));
		const bad = await runEsms({ creds: { ...env.creds, secretKey: 'WRONG' }, parameters: estimate(), items: [itemWith(phones(2))] });
		expect(bad.error?.message).toContain('eSMS error 101: ');
		const brand = await runEsms({ creds: env.creds, parameters: estimate({ advertisingBrandname: byList('Baotrixemay') }), items: [itemWith(phones(2))] });
		expect(brand.error?.message).toContain('eSMS error 104: ');
		const ok = await runEsms({ creds: env.creds, parameters: estimate(), items: [itemWith(phones(2))] });
		expect(ok.output[0].json.totalPrice).toBe(1130);
	});
});

describe('a character SMS cannot carry: no Unicode field to turn on (tester finding)', () => {
	test('an emoji: the fix says to remove it, not to turn on Unicode; with Remove Diacritics off, to turn it on', async () => {
		const emoji = await runEsms({ creds: env.creds, parameters: send({ advertisingContent: '[QC] Giam 30% 😀. Tu choi: soan TC gui 8079' }), items: [itemWith(phones(30))] });
		expect(description(emoji.error)).toBe('Nothing was sent to eSMS for this item. Remove these characters, or replace them with plain letters and punctuation: this send has no Unicode.');
		const kept = await runEsms({
			creds: env.creds,
			parameters: send({ advertisingContent: '[QC] Giảm 30%. Từ chối: soạn TC gửi 8079', options: { removeDiacritics: false } }),
			items: [itemWith(phones(30))],
		});
		expect(description(kept.error)).toBe('Nothing was sent to eSMS for this item. Turn on "Remove Diacritics" in the options, or remove these characters: this send has no Unicode.');
		expect(env.sim.requests()).toEqual([]);
	});
});

describe('the refusal line (Decree 91): an instruction, not a common word (tester finding)', () => {
	test.each([
		['[QC] Giam 30%. Tu choi: soan TC gui 8079', true],
		['[QC] Giảm 30%. Từ chối nhận tin', true],
		['[QC] Giam 30%. Soan HUY gui 8079', true],
		['[QC] Giam 30%. Nhan tin STOP den 8079', true],
		['[AD] 30% off. Reply STOP to opt out', true],
		['[AD] 30% off. STOP to 8079', true],
		['[AD] 30% off. Unsubscribe: esms.vn/u', true],
		['[QC] Cua hang Quang Huy giam 30% hom nay', false],
		['[QC] Dont stop shopping: giam 30%', false],
		['[QC] Giam 30% tai TC Mall', false],
		['[QC] Huy Hoang khai truong, STOP lai mua sam', false],
	])('%s → %s', (text, expected) => {
		expect(hasRefusalLine(text)).toBe(expected);
	});
});

describe('Estimate Advertising SMS Price under retries (tester finding)', () => {
	test('eSMS answers 500 twice: each retry carries the keys once, as its first tags, not once more per try', async () => {
		env.sim.addFault({ route: 'SummaryMultipleSMSBrandname', mode: 'http5xx', times: 2 });
		const list = phones(2);
		const { error } = await runEsms({ creds: env.creds, parameters: estimate(), items: [itemWith(list)] });
		expect(error).toBeUndefined();
		const bodies = requestsTo(ESTIMATE_PATH).map((r) => r.body as string);
		expect(bodies).toHaveLength(3);
		for (const body of bodies) expect(body.match(/<APIKEY>/g)).toHaveLength(1);
		expect(new Set(bodies).size).toBe(1);
	});
});

describe('canaries: the keys never reach an output or an error', () => {
	const KEY = 'CANARYKEYads7f3e';
	const SECRET = 'CANARYSECRETads9c1d';
	test('send, estimate, success and failure', async () => {
		env.sim.addAccount({ apiKey: KEY, secretKey: SECRET, userId: 777, balance: 1e9 });
		const creds = { ...env.creds, apiKey: KEY, secretKey: SECRET };
		const runs = [
			await runEsms({ creds, parameters: send(), items: [itemWith(phones(30))] }),
			await runEsms({ creds, parameters: estimate(), items: [itemWith(phones(30))] }),
			await runEsms({ creds: { ...creds, secretKey: `${SECRET}x` }, parameters: send(), items: [itemWith(phones(30))], settings: { onError: 'continueRegularOutput' } }),
			await runEsms({ creds: { ...creds, secretKey: `${SECRET}x` }, parameters: estimate(), items: [itemWith(phones(30))] }),
		];
		for (const r of runs) {
			const shown = JSON.stringify([r.output, r.error, r.run.data.resultData]);
			expect(shown).not.toContain(KEY);
			expect(shown).not.toContain(SECRET);
		}
	});
});

describe('the phone list (property)', () => {
	const digits = fc.stringMatching(/^[0-9]{7}$/);
	const prefix = fc.constantFrom('90', '91', '32', '86', '70', '58', '99', '81');
	const phone = fc.tuple(prefix, digits).map(([p, d]) => `0${p}${d}`);
	const written = (national: string) =>
		fc.constantFrom(national, `84${national.slice(1)}`, `+84 ${national.slice(1, 4)} ${national.slice(4)}`, `${national.slice(0, 4)}.${national.slice(4, 7)}.${national.slice(7)}`, ` ${national} `);

	test('any valid numbers in any written form, any separators: the national forms, in order', () => {
		fc.assert(
			fc.property(
				fc.array(phone, { maxLength: 40 }).chain((list) => fc.tuple(fc.constant(list), fc.tuple(...list.map(written)), fc.constantFrom(',', ';', '\n', '\r\n', ', ', '|', '\t'))),
				([list, forms, sep]) => {
					expect(parsePhoneList(forms.join(sep))).toEqual({ valid: list, invalid: [] });
					expect(parsePhoneList(forms)).toEqual({ valid: list, invalid: [] });
				},
			),
		);
	});

	test('numbers separated by spaces only (as a model or a pasted column gives them): read as a list (tester finding)', () => {
		fc.assert(
			fc.property(
				fc.array(phone, { minLength: 2, maxLength: 40 }).chain((list) => fc.tuple(fc.constant(list), fc.tuple(...list.map((p) => fc.constantFrom(p, `84${p.slice(1)}`, `+84${p.slice(1)}`))), fc.constantFrom(' ', '  ', ' \n '))),
				([list, forms, sep]) => expect(parsePhoneList(forms.join(sep))).toEqual({ valid: list, invalid: [] }),
			),
		);
		// one number written with spaces stays one number
		expect(parsePhoneList('+84 90 188 84 84')).toEqual({ valid: ['0901888484'], invalid: [] });
		expect(parsePhoneList('0901888484 12345')).toEqual({ valid: [], invalid: [expect.objectContaining({ value: '0901888484 12345' })] });
	});

	test('anything at all: never throws; every entry is valid or listed as invalid', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null))), fc.object()), (value) => {
				const { valid, invalid } = parsePhoneList(value);
				for (const p of valid) expect(p).toMatch(/^0[35789]\d{8}$/);
				for (const i of invalid) expect(typeof i.reason).toBe('string');
			}),
		);
	});

	test('assemble and splitBalanced: each number once, excluded never, parts balanced and at most 5,000', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (ns, max) => {
				const list = ns.map((n) => phones(1, n)[0]);
				const c = contribution(0, { valid: list, invalid: [] });
				const exclude = new Set(list.filter((_, i) => i % 7 === 0));
				const sent = assemble([c], exclude);
				expect(new Set(sent).size).toBe(sent.length);
				expect(sent.some((p) => exclude.has(p))).toBe(false);
				expect(new Set([...sent, ...c.excluded, ...c.duplicatesRemoved])).toEqual(new Set(list));
				const parts = splitBalanced(sent, max);
				expect(parts.flat()).toEqual(sent);
				const sizes = parts.map((p) => p.length);
				if (sizes.length > 0) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
				expect(sizes.every((n) => n <= max)).toBe(true);
				expect(parts.length).toBe(Math.ceil(sent.length / max));
			}),
		);
	});

	test('the hours: 07:00 to 22:00 Vietnam time; the next allowed time', () => {
		expect(nextAllowedTime(Date.UTC(2026, 11, 5, 0, 0))).toBeNull();
		expect(nextAllowedTime(Date.UTC(2026, 11, 5, 15, 0))).toBeNull();
		expect(nextAllowedTime(Date.UTC(2026, 11, 5, 15, 0, 1))).toBe(Date.UTC(2026, 11, 6, 0, 0));
		expect(nextAllowedTime(Date.UTC(2026, 11, 4, 23, 59))).toBe(Date.UTC(2026, 11, 5, 0, 0));
		expect(nextAllowedTime(Date.UTC(2026, 11, 4, 17, 0))).toBe(Date.UTC(2026, 11, 5, 0, 0));
	});
});

describe('the simulator answers as documented, byte for byte', () => {
	const post = async (path: string, body: string) => {
		const res = await fetch(`${env.sim.restUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
		return await res.text();
	};
	const sendBody = (p: Record<string, unknown>) =>
		JSON.stringify({ ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY', Brandname: 'QC_ONLINE', Content: TEXT, Phones: phones(30), SmsType: '1', ...p });

	test('100, 101, 104, 107, 124 (without SendStatus), 120 above 5,000, and Invalid request', async () => {
		env.sim.queueSmsIds('d533459ee42b2b9525ba9eabf6a8156');
		expect(await post(SEND_PATH, sendBody({ RequestId: 'r1' }))).toBe('{"CodeResult":"100","CountRegenerate":0,"SMSID":"d533459ee42b2b9525ba9eabf6a8156"}');
		expect(await post(SEND_PATH, sendBody({ RequestId: 'r1' }))).toBe('{"CodeResult":"124","CountRegenerate":0,"ErrorMessage":"Request exist 1"}');
		expect(await post(SEND_PATH, sendBody({ SecretKey: 'x' }))).toBe('{"CodeResult":"101","CountRegenerate":0,"ErrorMessage":"Authorize Failed"}');
		expect(await post(SEND_PATH, sendBody({ Brandname: 'Baotrixemay' }))).toBe('{"CodeResult":"104","CountRegenerate":0,"ErrorMessage":"Brand name code is not exist"}');
		// 29 valid distinct numbers, a repeat and a bad one: fewer than 30 valid numbers
		expect(await post(SEND_PATH, sendBody({ Phones: [...phones(29), phones(1)[0], '123'] }))).toBe(
			'{"CodeResult":"107","CountRegenerate":0,"ErrorMessage":"Each request has at least 30 numbers to be approved"}',
		);
		expect(await post(SEND_PATH, sendBody({ Phones: phones(5001) }))).toBe('{"CodeResult":"120","CountRegenerate":0,"ErrorMessage":"Phone list exceeds the limit"}');
		expect(await post(SEND_PATH, sendBody({ Phones: '0901888484' }))).toBe('{"error":"Invalid request"}');
		expect(env.sim.ledger()).toHaveLength(30);
	});

	test('the estimate reads the XML body; 100, 101, 104 as documented', async () => {
		const xml = (key: string, brand: string, list: string[]) =>
			`<RQST><APIKEY>DEMO_API_KEY</APIKEY><SECRETKEY>${key}</SECRETKEY><CONTENT>${TEXT}</CONTENT><SMSTYPE>1</SMSTYPE><BRANDNAME>${brand}</BRANDNAME><CONTACTS>${list.map((p) => `<CUSTOMER><PHONE>${p}</PHONE></CUSTOMER>`).join('')}</CONTACTS></RQST>`;
		expect(await post(ESTIMATE_PATH, xml('DEMO_SECRET_KEY', 'QC_ONLINE', phones(4)))).toBe('{"CodeResult":"100","ErrorMessage":"success","TotalPrice":2260.0000,"TotalReceiver":4}');
		expect(await post(ESTIMATE_PATH, xml('x', 'QC_ONLINE', phones(4)))).toBe('{"CodeResult":"101","CountRegenerate":0,"ErrorMessage":"Authorize Failed"}');
		expect(await post(ESTIMATE_PATH, xml('DEMO_SECRET_KEY', 'Baotrixemay', phones(4)))).toBe('{"CodeResult":"104","ErrorMessage":"Brand name code is not exist"}');
	});
});

describe('the paths the tester took (2026-12-05): refusers, the clock, Batching, empty rows', () => {
	test('Exclude Numbers as Data Table rows (SĐT, Điện thoại, msisdn columns) or a JSON array text: those numbers are never sent', async () => {
		const list = phones(33);
		for (const exclude of [
			[{ id: 1, createdAt: '2026-12-01', SĐT: list[0] }, { id: 2, 'Điện thoại': list[1] }, { id: 3, msisdn: `+84${list[2].slice(1)}` }],
			JSON.stringify(list.slice(0, 3)),
		]) {
			env.sim.reset();
			env.sim.account('DEMO_API_KEY')!.balance = 1e10;
			const { output, error } = await runEsms({ creds: env.creds, parameters: send({ options: { excludeNumbers: '={{ $json.ex }}' } }), items: [{ json: { phones: list, ex: exclude } as never }] });
			expect(error).toBeUndefined();
			expect(output[0].json).toMatchObject({ excluded: list.slice(0, 3), sentCount: 30 });
			expect(sentBodies()[0].Phones).toEqual(list.slice(3));
		}
	});

	test('an Exclude Numbers entry that is not a phone number refuses the item before sending: a refuser could get the campaign', async () => {
		const list = phones(40);
		for (const exclude of [[{ id: 1, contact: list[0] }], '090100000x', "0901000000', '0901000001"]) {
			const { error } = await runEsms({ creds: env.creds, parameters: send({ options: { excludeNumbers: '={{ $json.ex }}' } }), items: [{ json: { phones: list, ex: exclude } as never }] });
			expect(error?.message).toMatch(/^Invalid "Exclude Numbers" in item 1: 1 entry cannot be read as a phone number, e\.g\. .*; the campaign could reach a person who refused it$/);
			expect(description(error)).toContain('Give Exclude Numbers only phone numbers');
		}
		expect(env.sim.requests()).toEqual([]);
	});

	test('All Items, Continue On Fail, a run that crosses 22:00: never a partial campaign (one hours check, just before sending)', async () => {
		// the clock moves 2 s with every reading, from 21:59:30 Vietnam time: the first items are read before 22:00, the campaign goes after
		let now = Date.UTC(2026, 11, 5, 14, 59, 30);
		jest.spyOn(Date, 'now').mockImplementation(() => (now += 2000));
		const items = phones(40).map((phone) => ({ json: { phone } }));
		const { output } = await runEsms({
			creds: env.creds,
			parameters: send({ campaignFrom: 'allItems', phones: '={{ $json.phone }}' }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(output).toHaveLength(40);
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const failed = output.filter((o) => o.json.error !== undefined).length;
		// all or nothing: before the fix, the items read before 22:00 went out after it, the others failed
		expect([0, 40]).toContain(failed);
		expect(env.sim.ledger()).toHaveLength(failed === 0 ? 40 : 0);
		if (failed === 40) expect(String(output[39].json.error)).toContain('Decree 91/2020/ND-CP allows advertising SMS only from 07:00 to 22:00');
	});

	test('All Items with Batching, Stop Workflow, item 46 refused: nothing is sent, so a corrected re-run sends each number once', async () => {
		const items = phones(60).map((phone, i) => ({ json: { phone, text: i === 45 ? 'no label. Tu choi: TC' : TEXT } }));
		const { error } = await runEsms({
			creds: env.creds,
			parameters: send({
				campaignFrom: 'allItems',
				phones: '={{ $json.phone }}',
				advertisingContent: '={{ $json.text }}',
				requestOptions: { batching: { batch: { batchSize: 10, batchInterval: 50 } } },
			}),
			items,
		});
		expect(error?.message).toMatch(/item 46/);
		expect(env.sim.requests()).toEqual([]);
		expect(env.sim.ledger()).toEqual([]);
	});

	test('All Items: a row whose Phones gives nothing (an empty cell, an expression that failed) is listed on its own output, not dropped silently', async () => {
		const items = [...phones(30).map((phone) => ({ json: { phone } })), { json: { name: 'no phone' } }];
		const { output, error } = await runEsms({
			creds: env.creds,
			parameters: send({ campaignFrom: 'allItems', phones: '={{ $json.phone }}' }),
			items: items as never,
		});
		expect(error).toBeUndefined();
		expect(output[30].json).toMatchObject({ sentCount: 0, invalid: [{ value: '', reason: 'this item gave no number: Phones is empty for it' }] });
		expect(env.sim.ledger()).toHaveLength(30);
	});
});
