/**
 * Bad input fails before any request is sent, naming the field, the item and the fix.
 */
import { runEsms } from './helpers/harness';
import type { Creds } from './helpers/harness';
import { createSimulator } from './helpers/simulator';
import type { Simulator } from './helpers/simulator';

let sim: Simulator;
let creds: Creds;

beforeAll(async () => {
	sim = createSimulator({ autoTick: false });
	await sim.start();
	creds = { apiKey: 'DEMO_API_KEY', secretKey: 'DEMO_SECRET_KEY', baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl };
});
afterAll(async () => {
	await sim.stop();
});

const send = (p: Record<string, unknown>) => ({
	resource: 'sms',
	operation: 'sendFixedNumber',
	phone: '0901888484',
	content: 'Hello',
	...p,
});
const smsStatus = (p: Record<string, unknown>) => ({ resource: 'sms', operation: 'getStatus', ...p });

const PHONE_FIX = 'Use one Vietnamese mobile number, such as 0901888484, 84901888484 or +84 90 188 84 84.';
const phone = (value: unknown, problem: string) =>
	[`Phone ${JSON.stringify(value)}`, send({ phone: '={{ $json.v }}' }), { v: value }, `Invalid Phone in item 1: ${problem}`, PHONE_FIX] as const;

type Case = readonly [string, Record<string, unknown>, Record<string, unknown>, string, string?];

const cases: Case[] = [
	phone('', 'it is empty'),
	phone('   ', 'it is empty'),
	phone(null, 'it is empty'),
	phone('0901888484,0912345678', 'it holds several numbers, and a fixed-number SMS goes to exactly one'),
	phone('0901888484; 0912345678', 'it holds several numbers, and a fixed-number SMS goes to exactly one'),
	phone('0901888484\n0912345678', 'it holds several numbers, and a fixed-number SMS goes to exactly one'),
	phone('0901 888 484 / 0912 345 678', 'it holds several numbers, and a fixed-number SMS goes to exactly one'),
	phone('09018884', 'it does not have the 10 digits of a Vietnamese mobile number'),
	phone('090188848412', 'it does not have the 10 digits of a Vietnamese mobile number'),
	phone(12345, 'it does not have the 10 digits of a Vietnamese mobile number'),
	phone('+1 415 555 0100', 'it does not start with a Vietnamese mobile prefix (03, 05, 07, 08, 09)'),
	phone('0123456789', 'it does not start with a Vietnamese mobile prefix (03, 05, 07, 08, 09)'),
	phone('0241888484', 'it does not start with a Vietnamese mobile prefix (03, 05, 07, 08, 09)'),
	phone('+84 01 888 4848', 'it does not start with a Vietnamese mobile prefix (03, 05, 07, 08, 09)'),
	phone('09o1888484', 'it contains characters other than digits, spaces, dots, dashes and a leading +'),
	phone('call me', 'it contains characters other than digits, spaces, dots, dashes and a leading +'),
	phone(-901888484, 'it contains characters other than digits, spaces, dots, dashes and a leading +'),
	phone({ n: 1 }, 'it contains characters other than digits, spaces, dots, dashes and a leading +'),
	['Content empty', send({ content: '={{ $json.text }}' }), { text: '' }, 'Invalid Content in item 1: it is empty', 'Write the text of the message in Content.'],
	['Content blank', send({ content: '  \n ' }), {}, 'Invalid Content in item 1: it is empty'],
	[
		'Content with diacritics, Unicode and Remove Diacritics off',
		send({ content: 'Xin chào bạn', options: { removeDiacritics: false } }),
		{},
		'Invalid Content in item 1: without Unicode, these characters would reach the phone mangled: ạ',
		'Turn on Unicode, turn on "Remove Diacritics" in the options, or remove these characters.',
	],
	['Content with an emoji, Unicode off', send({ content: 'Hello 😀' }), {}, 'Invalid Content in item 1: without Unicode, these characters would reach the phone mangled: 😀', 'Turn on Unicode, or remove these characters.'],
	['Content with a dash and curly quotes, Unicode off', send({ content: 'Giá “tốt” – giảm' }), {}, 'Invalid Content in item 1: without Unicode, these characters would reach the phone mangled: “ ” –'],
	['Request ID of 51 characters', send({ options: { requestId: 'r'.repeat(51) } }), {}, 'Invalid Request ID in item 1: it has 51 characters and eSMS accepts at most 50', 'Shorten the Request ID to 50 characters or fewer.'],
	['Request ID of 200 characters', send({ options: { requestId: 'x'.repeat(200) } }), {}, 'Invalid Request ID in item 1: it has 200 characters and eSMS accepts at most 50'],
	['Send Date not a date', send({ options: { sendDate: 'tomorrow' } }), {}, 'Invalid Send Date in item 1: "tomorrow" is not a date and time', 'Pick a date and time, e.g. 2026-12-24 08:00.'],
	['Send Date 30 February', send({ options: { sendDate: '2099-02-30T10:00:00' } }), {}, 'Invalid Send Date in item 1: "2099-02-30T10:00:00" is not a date and time'],
	['Send Date month 13', send({ options: { sendDate: '2099-13-01T10:00:00' } }), {}, 'Invalid Send Date in item 1: "2099-13-01T10:00:00" is not a date and time'],
	['Send Date in the past', send({ options: { sendDate: '2020-01-01T00:00:00.000Z' } }), {}, 'Invalid Send Date in item 1: 2020-01-01 07:00:00 (Vietnam time) is in the past', 'Choose a time in the future, or remove Send Date to send now.'],
	['Callback URL ftp', send({ options: { callbackUrl: 'ftp://example.com/x' } }), {}, 'Invalid Callback URL in item 1: "ftp://example.com/x" is not an http(s) URL'],
	['Callback URL without scheme', send({ options: { callbackUrl: 'example.com/hook' } }), {}, 'Invalid Callback URL in item 1: "example.com/hook" is not an http(s) URL', 'Use a full URL such as https://n8n.example.com/webhook/esms-report.'],
	['SMS ID empty', smsStatus({ smsIdSource: 'value', smsId: '={{ $json.id }}' }), { id: '' }, 'Invalid SMSID in item 1: it is empty', 'Pass the SMSID that eSMS returned when the message was sent.'],
	['SMS ID blank', smsStatus({ smsIdSource: 'value', smsId: '   ' }), {}, 'Invalid SMSID in item 1: it is empty'],
	['SMS ID field missing', smsStatus({}), { other: 1 }, 'Invalid SMSID in item 1: the input item has no field "smsId"', 'Set "SMSID Field" to the input field that holds the SMSID, or choose "Enter Value" under "SMSID Source".'],
	['SMS ID nested field missing', smsStatus({ smsIdField: 'data.id' }), { data: {} }, 'Invalid SMSID in item 1: the input item has no field "data.id"'],
	['SMS ID field is null', smsStatus({}), { smsId: null }, 'Invalid SMSID in item 1: the input item has no field "smsId"'],
	['SMS ID field is an object', smsStatus({}), { smsId: { id: 1 } }, 'Invalid SMSID in item 1: it is not text'],
	['Zalo message type 26', { resource: 'zaloMessage', operation: 'getStatus', smsType: '26' }, { smsId: 'x' }, 'Invalid Zalo Message Type in item 1: "26" is not 24 or 25', 'Use 24 for priority ZNS or 25 for normal ZNS.'],
	['Zalo message ID empty', { resource: 'zaloMessage', operation: 'getStatus' }, { smsId: '' }, 'Invalid SMSID in item 1: it is empty'],
	['Voice call ID empty', { resource: 'voiceCall', operation: 'getStatus', smsIdSource: 'value', smsId: '={{ $json.id }}' }, { id: ' ' }, 'Invalid SMSID in item 1: it is empty'],
];

test('the table has at least 30 bad inputs', () => {
	expect(cases.length).toBeGreaterThanOrEqual(30);
});

const table = cases.map(([name, parameters, json, message, description]) => ({ name, parameters, json, message, description }));

describe.each(table)('$name', ({ parameters, json, message, description }) => {
	test('fails with the exact message, before any request', async () => {
		sim.clearRequests();
		const { run, error } = await runEsms({ creds, parameters, items: [{ json: json as never }] });
		expect(run.status).toBe('error');
		expect(error?.message).toBe(message);
		if (description) expect((error as unknown as { description: string }).description).toBe(description);
		expect(sim.requests()).toEqual([]);
	});
});

test('a required field left empty is refused by n8n itself before the node runs', async () => {
	sim.clearRequests();
	await expect(runEsms({ creds, parameters: send({ content: '' }), items: [{ json: {} }] })).rejects.toThrow(
		'The \'eSMS\' node has issues:\n- Parameter "Content" is required.',
	);
	expect(sim.requests()).toEqual([]);
});

test('the message names the failing item; under Continue On Fail the other items are still sent', async () => {
	sim.clearRequests();
	const items = [{ json: { p: '0901888484' } }, { json: { p: '0912345678' } }, { json: { p: 'nope' } }];
	const { output } = await runEsms({ creds, parameters: send({ phone: '={{ $json.p }}' }), items, settings: { onError: 'continueRegularOutput' } });
	expect(output.map((i) => i.json.error ?? i.json.phone)).toEqual([
		'0901888484',
		'0912345678',
		'Invalid Phone in item 3: it contains characters other than digits, spaces, dots, dashes and a leading +',
	]);
	expect(sim.requests().map((r) => r.query.Phone)).toEqual(['0901888484', '0912345678']);
});

test.each([
	['0901888484', '0901888484'],
	['84901888484', '0901888484'],
	['+84 901 888 484', '0901888484'],
	['+84-90-188-8484', '0901888484'],
	['090.188.8484', '0901888484'],
	['(090) 188 8484', '0901888484'],
	[901888484, '0901888484'],
	[84901888484, '0901888484'],
	[' 0339123456 ', '0339123456'],
])('accepted phone form %j is sent as %s', async (value, sent) => {
	sim.clearRequests();
	const { error } = await runEsms({ creds, parameters: send({ phone: '={{ $json.v }}', options: { sandbox: true } }), items: [{ json: { v: value } }] });
	expect(error).toBeUndefined();
	expect(sim.requests()[0].query.Phone).toBe(sent);
});
