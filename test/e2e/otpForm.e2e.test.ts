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
	sim = createSimulator({ autoTick: false });
	await sim.start();
	sim.addAccount({ apiKey: KEY, secretKey: SECRET, userId: 7301, balance: 1_000_000 });
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-otpform-'));
	n8n = await startWithActiveWorkflow(runtime, work, {
		credentials: [{ id: 'esmsSimulator', name: 'eSMS (local simulator)', type: 'esmsApi', data: { apiKey: KEY, secretKey: SECRET, baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl } }],
		workflow: [TWO_PAGES],
	});
	await waitForForm(`${n8n.url}/form/e2e-two-pages`);
}, 900_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

// every HTTP exchange of the browser, for reading a failure
afterEach(() => {
	fs.appendFileSync(path.join(os.tmpdir(), 'esms-otpform-browser.log'), `--- ${expect.getState().currentTestName}\n${logs.join('\n')}\n`);
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
