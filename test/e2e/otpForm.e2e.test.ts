/**
 * The example "Log in with a one-time code" (examples/login-with-one-time-code.json) in a real n8n
 * (2.41.1, or 1.123.81 with ESMS_N8N=1; the packed package loaded as a community package), against the
 * simulator: this test is the person at the browser. It opens the form, types the phone, reads the code
 * the simulator "sent" to that phone, types it (or a wrong one), and reads the page n8n shows, over
 * HTTP as the form pages' own script does (formBrowser.ts). First, the browser itself is proven on a
 * plain two-page form with no eSMS node.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { createSimulator } from '../helpers/simulator';
import type { Simulator } from '../helpers/simulator';
import { startWithActiveWorkflow } from './activeWorkflow';
import type { ActiveN8n } from './activeWorkflow';
import { FormBrowser } from './formBrowser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rt = require('../../scripts/lib/n8n-runtime.js');

const KEY = 'OTPFORMCANARYKEY3e9a';
const SECRET = 'OTPFORMCANARYSECRET5b7c';
const OWNER = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Demo-password-1' };
const EXAMPLE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'login-with-one-time-code.json'), 'utf8'));
const FORM_PATH = EXAMPLE.nodes.find((n: { type: string }) => n.type === 'n8n-nodes-base.formTrigger').parameters.options.path as string;

/** A plain two-page form: a name, then a colour, then a completion page that uses both. */
const TWO_PAGES = {
	id: 'esmsE2eTwoPages',
	name: 'Two-page form (no eSMS)',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 't1',
			name: 'Form Trigger',
			type: 'n8n-nodes-base.formTrigger',
			typeVersion: 2.3,
			position: [0, 0],
			webhookId: '5d0f6a0e-2b4f-4a43-9d0e-6f1b1c2d3e4f',
			parameters: {
				formTitle: 'Your name',
				formDescription: 'Page one',
				formFields: { values: [{ fieldLabel: 'Name', requiredField: true }] },
				options: { path: 'e2e-two-pages' },
			},
		},
		{
			id: 't2',
			name: 'Colour',
			type: 'n8n-nodes-base.form',
			typeVersion: 2.3,
			position: [220, 0],
			webhookId: '6e1a7b1f-3c5a-4b54-8e1f-7a2c2d3e4f50',
			parameters: {
				formFields: { values: [{ fieldLabel: 'Colour', requiredField: true }] },
				options: { formTitle: 'Your colour', formDescription: 'Page two' },
			},
		},
		{
			id: 't3',
			name: 'Done',
			type: 'n8n-nodes-base.form',
			typeVersion: 2.3,
			position: [440, 0],
			webhookId: '7f2b8c2a-4d6b-4c65-9f2a-8b3d3e4f5061',
			parameters: {
				operation: 'completion',
				completionTitle: 'Thanks',
				completionMessage: "={{ $('Form Trigger').first().json.Name }} likes {{ $json.Colour }}",
			},
		},
	],
	connections: {
		'Form Trigger': { main: [[{ node: 'Colour', type: 'main', index: 0 }]] },
		Colour: { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
	},
};

let sim: Simulator;
let work: string;
let n8n: ActiveN8n;
const logs: string[] = [];
/** every HTTP exchange of the browser in the last run, for reading a failure */
const BROWSER_LOG = path.join(os.tmpdir(), 'esms-otpform-browser.log');
const browser = () => new FormBrowser({ log: (l) => logs.push(l) });

/** n8n reports ready before it has registered the active workflows' webhooks (404 until then). */
async function waitForForm(url: string) {
	for (let i = 0; i < 120; i++) {
		const r = await fetch(url);
		if (r.status !== 404) return;
		await new Promise((res) => setTimeout(res, 250));
	}
}

beforeAll(async () => {
	const runtime = await rt.ensureRuntime((line: string) => process.stdout.write(`${line}\n`));
	fs.rmSync(BROWSER_LOG, { force: true });
	sim = createSimulator({ autoTick: false });
	await sim.start();
	sim.addAccount({ apiKey: KEY, secretKey: SECRET, userId: 7301, balance: 1_000_000 });
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-otpform-'));
	n8n = await startWithActiveWorkflow(runtime, work, {
		credentials: [{ id: 'esmsSimulator', name: 'eSMS (local simulator)', type: 'esmsApi', data: { apiKey: KEY, secretKey: SECRET, baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl } }],
		workflow: [TWO_PAGES, EXAMPLE],
	});
	await waitForForm(`${n8n.url}/form/e2e-two-pages`);
	await waitForForm(`${n8n.url}/form/${FORM_PATH}`);
}, 900_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

afterEach(() => {
	fs.appendFileSync(BROWSER_LOG, `--- ${expect.getState().currentTestName}\n${logs.join('\n')}\n`);
	logs.length = 0;
});

describe(`the form browser on a plain two-page form (n8n ${rt.N8N_VERSION})`, () => {
	test('page one, page two, the completion page that uses both answers', async () => {
		const b = browser();
		const one = await b.open(`${n8n.url}/form/e2e-two-pages`);
		expect(one).toMatchObject({ kind: 'form', status: 200, title: 'Your name', text: 'Page one', buttonLabel: 'Submit' });
		expect(one.fields).toEqual([{ name: 'field-0', label: 'Name', type: 'text', required: true }]);
		const two = await b.submit(one, { Name: 'Lan' });
		expect(two).toMatchObject({ kind: 'form', status: 200, title: 'Your colour', text: 'Page two' });
		expect(two.url).toContain('/form-waiting/');
		expect(two.fields).toEqual([{ name: 'field-0', label: 'Colour', type: 'text', required: true }]);
		const done = await b.submit(two, { Colour: 'green' });
		expect(done).toMatchObject({ kind: 'completion', title: 'Thanks', text: 'Lan likes green', executionStatus: 'success' });
	});
});

/** What eSMS was asked, by operation, for one phone: the simulator's request log. */
function asked(phone: string) {
	return sim
		.requests()
		.filter((r) => r.query.Phone === phone || r.query.phone === phone || r.body.includes(phone))
		.map((r) => r.path.split('/').pop());
}
/** The SMS eSMS accepted for one phone: the simulator's ledger. */
const smsTo = (phone: string) => sim.ledger().filter((e) => e.phone === phone);
/** A code that is not `code`: the same length, every character changed. */
const wrong = (code: string) => code.replace(/./g, (c) => (c === '1' ? '2' : '1'));

/** Opens the log-in form and asks for a code for `phone`: resolves to the page n8n shows next. */
async function askForCode(phone: string) {
	const b = browser();
	const start = await b.open(`${n8n.url}/form/${FORM_PATH}`);
	expect(start).toMatchObject({ kind: 'form', status: 200, title: 'Log in', buttonLabel: 'Send me a code' });
	expect(start.fields).toEqual([{ name: 'field-0', label: 'Phone', type: 'text', required: true }]);
	return { b, next: await b.submit(start, { Phone: phone }) };
}

const CODE_PAGE = { kind: 'form', status: 200, title: 'Enter your code', buttonLabel: 'Log in' };
const WRONG_PAGE = { kind: 'form', status: 200, title: 'Wrong code, try again', text: 'That code is not right, or it has expired. Type the code from the SMS again.', buttonLabel: 'Log in' };

describe(`example "Log in with a one-time code" (n8n ${rt.N8N_VERSION})`, () => {
	test('the right code: the code page names the phone, then "Verified"; one SMS, one check', async () => {
		const phone = '0901888484';
		const { b, next } = await askForCode(phone);
		expect(next).toMatchObject({ ...CODE_PAGE, text: `We sent a code by SMS to ${phone}. It is valid for 5 minutes.` });
		expect(next.fields).toEqual([{ name: 'field-0', label: 'Code', type: 'text', required: true }]);
		const code = sim.otpCode(phone)!;
		expect(code).toMatch(/^\d{6}$/);
		const done = await b.submit(next, { Code: code });
		expect(done).toMatchObject({ kind: 'completion', title: 'Verified', text: `Your phone ${phone} is verified. You are logged in.`, executionStatus: 'success' });
		expect(smsTo(phone)).toEqual([expect.objectContaining({ kind: 'sms', brandname: 'Baotrixemay', content: `${code} la ma xac minh dang ky Baotrixemay cua ban` })]);
		expect(asked(phone)).toEqual(['SendMessageAutoGenCode_V4_get', 'CheckCodeGen_V4_get']);
		// the example's settings, as eSMS received them: 6 digits, 5 minutes, the brandname's customer-care text
		const send = sim.requests().find((r) => r.path.endsWith('/SendMessageAutoGenCode_V4_get') && r.query.Phone === phone)!;
		expect(send.query).toMatchObject({ TimeAlive: '5', NumCharOfCode: '6', IsNumber: '1', Brandname: 'Baotrixemay', Type: '2', message: '{OTP} la ma xac minh dang ky Baotrixemay cua ban' });
	});

	test('a code typed late but within its lifetime (the simulator\'s clock 4 min 50 s on): "Verified"', async () => {
		const phone = '0936000005';
		const { b, next } = await askForCode(phone);
		sim.advance(4 * 60_000 + 50_000);
		const done = await b.submit(next, { Code: sim.otpCode(phone)! });
		expect(done).toMatchObject({ kind: 'completion', title: 'Verified', executionStatus: 'success' });
	});

	test('a wrong code: "Wrong code, try again", then the right code is still accepted; one SMS', async () => {
		const phone = '0912000001';
		const { b, next } = await askForCode(phone);
		const code = sim.otpCode(phone)!;
		const retry = await b.submit(next, { Code: wrong(code) });
		expect(retry).toMatchObject(WRONG_PAGE);
		expect(retry.fields).toEqual([{ name: 'field-0', label: 'Code', type: 'text', required: true }]);
		const done = await b.submit(retry, { Code: code });
		expect(done).toMatchObject({ kind: 'completion', title: 'Verified', executionStatus: 'success' });
		expect(smsTo(phone)).toHaveLength(1);
		expect(asked(phone)).toEqual(['SendMessageAutoGenCode_V4_get', 'CheckCodeGen_V4_get', 'CheckCodeGen_V4_get']);
	});

	test('three wrong codes: "Too many wrong codes", and the code is nowhere in the execution n8n saved', async () => {
		const phone = '0983000002';
		const { b, next } = await askForCode(phone);
		const code = sim.otpCode(phone)!;
		let page = next;
		for (const attempt of [1, 2]) {
			page = await b.submit(page, { Code: wrong(code) });
			expect({ attempt, page }).toEqual({ attempt, page: expect.objectContaining(WRONG_PAGE) });
		}
		const done = await b.submit(page, { Code: wrong(code) });
		expect(done).toMatchObject({ kind: 'completion', title: 'Too many wrong codes', text: 'Open the log-in page again to get a new code.', executionStatus: 'success' });
		expect(smsTo(phone)).toHaveLength(1);
		expect(asked(phone)).toEqual(['SendMessageAutoGenCode_V4_get', 'CheckCodeGen_V4_get', 'CheckCodeGen_V4_get', 'CheckCodeGen_V4_get']);
		// Send Code's output never carries the code (only the person's wrong guesses are in this run)
		const call = await rt.ownerSession(n8n.url, OWNER);
		const id = FormBrowser.executionId(done)!;
		const execution = (await call('GET', `/rest/executions/${id}`)).json?.data;
		expect(execution).toMatchObject({ status: 'success' });
		const data = String(execution.data);
		expect(data).toContain(wrong(code));
		expect(data).toContain(phone);
		expect(data).not.toContain(code);
	});

	test('an expired code (the simulator\'s clock 5 min 1 s on): "Wrong code, try again"', async () => {
		const phone = '0977000003';
		const { b, next } = await askForCode(phone);
		const code = sim.otpCode(phone)!;
		sim.advance(5 * 60_000 + 1000);
		const retry = await b.submit(next, { Code: code });
		expect(retry).toMatchObject(WRONG_PAGE);
		expect(smsTo(phone)).toHaveLength(1);
	});

	test('eSMS answers 171 (the code table) for a wrong code: the same "Wrong code, try again"', async () => {
		const phone = '0988000004';
		sim.setOtpInvalidCode('171');
		try {
			const { b, next } = await askForCode(phone);
			const retry = await b.submit(next, { Code: wrong(sim.otpCode(phone)!) });
			expect(retry).toMatchObject(WRONG_PAGE);
		} finally {
			sim.setOtpInvalidCode('117');
		}
	});

	test('a phone that is no Vietnamese mobile number: "We could not send a code", and eSMS is not asked', async () => {
		const before = sim.requests().length;
		const { next } = await askForCode('12345');
		expect(next).toMatchObject({
			kind: 'completion',
			title: 'We could not send a code',
			text: 'Check your phone number (a Vietnamese mobile number such as 0901888484). If it is right, wait a minute before trying again: a code may still arrive.',
			executionStatus: 'success',
		});
		expect(sim.requests().slice(before)).toEqual([]);
	});

	test('eSMS refuses the send (103, the balance is short): "We could not send a code", asked once, nothing sent', async () => {
		const phone = '0868000006';
		const account = sim.account(KEY)!;
		const balance = account.balance;
		account.balance = 0;
		try {
			const { next } = await askForCode(phone);
			expect(next).toMatchObject({ kind: 'completion', title: 'We could not send a code', executionStatus: 'success' });
		} finally {
			account.balance = balance;
		}
		expect(asked(phone)).toEqual(['SendMessageAutoGenCode_V4_get']);
		expect(smsTo(phone)).toEqual([]);
		expect(sim.otpCode(phone)).toBeUndefined();
	});

	test('eSMS does not answer the check (HTTP 500, every try): "We could not check your code", not n8n\'s error page (tester finding)', async () => {
		const phone = '0939000007';
		const { b, next } = await askForCode(phone);
		sim.addFault({ route: 'CheckCodeGen_V4_get', mode: 'http5xx', status: 500, times: 10 });
		try {
			const done = await b.submit(next, { Code: sim.otpCode(phone)! });
			expect(done).toMatchObject({
				kind: 'completion',
				title: 'We could not check your code',
				text: 'eSMS did not answer. Open the log-in page again in a minute.',
				executionStatus: 'success',
			});
		} finally {
			sim.clearFaults();
		}
		expect(smsTo(phone)).toHaveLength(1);
	});

	test('the keys appear nowhere: n8n\'s log or the executions saved in its database', () => {
		const db = path.join(n8n.env.N8N_USER_FOLDER, '.n8n', 'database.sqlite');
		const places = {
			log: fs.readFileSync(n8n.env.N8N_LOG_FILE_LOCATION, 'utf8'),
			database: [db, `${db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('\n'),
		};
		// the places hold the runs: the search is looking at the right data
		expect(places.database).toContain('la ma xac minh dang ky Baotrixemay');
		for (const [where, text] of Object.entries(places)) {
			expect({ where, key: text.includes(KEY) }).toEqual({ where, key: false });
			expect({ where, secret: text.includes(SECRET) }).toEqual({ where, secret: false });
		}
	});
});
