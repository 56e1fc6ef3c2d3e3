#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshots`: regenerates docs/screenshots/*.png from the n8n editor of `npm run dev`, in
 * headless Chromium (Debian's package: apt-get install chromium): the example workflow and its
 * forms, a run's output, a refused input, an eSMS error with its details open, the trigger's panel,
 * the nodes panel's search ("tin nhan", "zalo"), and the Send ZNS, Send ZNS with SMS Fallback and Send
 * Brandname SMS forms with their pickers and template parameters.
 */
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const rt = require('./lib/n8n-runtime');
const { startDevEnvironment } = require('./dev');

const OUT = path.join(rt.ROOT, 'docs', 'screenshots');
/** ESMS_SCREENSHOTS=a.png,b.png takes only these (the others stay as they are). */
const ONLY = process.env.ESMS_SCREENSHOTS ? process.env.ESMS_SCREENSHOTS.split(',') : undefined;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main() {
	if (!fs.existsSync(CHROMIUM)) throw new rt.StepError('chromium', `${CHROMIUM} not found`, 'apt-get install chromium, or set CHROMIUM_PATH');
	const port = await rt.freePort();
	const { sim, n8n, owner, call } = await startDevEnvironment({ port, log: () => {} });
	const failing = await failingWorkflows(call, sim);
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
		await page.goto(`${n8n.url}/signin`);
		await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(owner.email);
		await page.locator('input[type="password"]').first().fill(owner.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30_000 });
		fs.mkdirSync(OUT, { recursive: true });

		const shot = async (name, url, ready) => {
			if (ONLY && !ONLY.includes(name)) return;
			await page.goto(url);
			await ready();
			await page.waitForTimeout(1500);
			await page.screenshot({ path: path.join(OUT, name) });
			console.log(`docs/screenshots/${name}`);
		};
		await shot('workflow-send-and-confirm.png', `${n8n.url}/workflow/esmsSendConfirm`, () =>
			page.getByText('Get SMS Status').first().waitFor({ timeout: 30_000 }),
		);
		const openNode = (label, field) => async () => {
			await page.getByText(label, { exact: true }).first().waitFor({ timeout: 30_000 });
			// the label sits under the canvas pane: double-click the node body just above it
			const box = await page.getByText(label, { exact: true }).first().boundingBox();
			await page.mouse.dblclick(box.x + box.width / 2, box.y - 45);
			// a string names a whole text, a RegExp part of one
			await page.getByText(field, { exact: typeof field === 'string' }).first().waitFor({ state: 'visible', timeout: 30_000 });
		};
		await shot('node-send-sms.png', `${n8n.url}/workflow/esmsSendConfirm`, openNode('Send SMS', 'Unicode'));
		await shot('node-get-status.png', `${n8n.url}/workflow/esmsSendConfirm`, openNode('Get SMS Status', 'SMSID Source'));
		await shot('credential.png', `${n8n.url}/home/credentials/esmsSimulator`, () =>
			page.getByText('API Base URL', { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 }),
		);

		/** Runs the open workflow from the editor, as a user does, and waits for it to end. */
		const execute = async () => {
			// the editor's shortcut for "Execute workflow" (the button sits under the canvas pane)
			await page.keyboard.press('Control+Enter');
			await page.waitForFunction(() => !document.body.innerText.includes('Executing'), null, { timeout: 60_000 }).catch(() => {});
			await page.waitForTimeout(2500);
		};
		const runThenOpen = (label, visible) => async () => {
			await page.getByText(label, { exact: true }).first().waitFor({ timeout: 30_000 });
			await execute();
			await openNode(label, visible)();
		};
		// a run's output: the status item that "send and confirm" ends with
		await shot('run-output-get-sms-status.png', `${n8n.url}/workflow/esmsSendConfirm`, async () => {
			await runThenOpen('Get SMS Status', 'isFinal')();
			// the output panel's JSON view (the last of the three view switches on the page)
			await page.getByText('JSON', { exact: true }).last().click();
			await page.getByText('"result": "success"').first().waitFor({ state: 'visible', timeout: 10_000 });
		});
		// an advertising campaign's per-number results: one row per number, the failed ones to split out
		await shot('run-output-campaign-per-number.png', `${n8n.url}/workflow/esmsAdCampaign`, async () => {
			sim.setOutcome('0961250405', 'failed');
			sim.setOutcome('0941282081', 'rejected');
			await runThenOpen('Get Per-Number Results', /^phone$/)();
		});
		// input refused before sending: the message names the field and item, nothing was sent
		await shot('error-refused-input.png', `${n8n.url}/workflow/${failing.refused}`, runThenOpen('Send SMS', /^Invalid "Phone" in item 1/));
		// an eSMS refusal, with "From eSMS" open: eSMS's code is the error code
		await shot('error-esms-details.png', `${n8n.url}/workflow/${failing.wrongKeys}`, async () => {
			await runThenOpen('Get Balance', 'Error details')();
			await page.getByText('Error details', { exact: true }).first().click();
			await page.getByText('From eSMS', { exact: true }).first().click();
			await page.getByText('Error code', { exact: true }).first().waitFor({ state: 'visible', timeout: 10_000 });
		});
		// the trigger's panel: what to do while testing, and once published
		await shot('trigger-panel.png', `${n8n.url}/workflow/esmsSendCallback`, async () => {
			await openNode('eSMS Trigger', "Put this trigger's Test URL in a send's Callback URL, then execute this step")();
			await page.getByText('When will this node trigger my flow?', { exact: true }).first().click();
			await page.getByText(/While testing/).first().waitFor({ state: 'visible', timeout: 10_000 });
		});
		// the nodes panel finds the node by what users type, and describes it for what it does
		const searchFor = (query) => async () => {
			await page.getByText('Send SMS', { exact: true }).first().waitFor({ timeout: 30_000 });
			// "N" on the canvas opens the nodes panel
			await page.mouse.click(300, 700);
			await page.keyboard.press('n');
			const search = page.getByPlaceholder('Search nodes').filter({ visible: true }).first();
			await search.waitFor({ state: 'visible', timeout: 10_000 });
			await search.fill(query);
			await page.getByText('eSMS', { exact: true }).first().waitFor({ state: 'visible', timeout: 10_000 });
		};
		await shot('search-tin-nhan.png', `${n8n.url}/workflow/${failing.refused}`, searchFor('tin nhan'));
		await shot('search-zalo.png', `${n8n.url}/workflow/${failing.refused}`, searchFor('zalo'));

		// the template sends: pickers with names, and the template's parameters as fields. Last, as they
		// widen the parameters panel (n8n remembers its width) and edit the workflow (n8n autosaves).
		const tall = async (name, url, ready) => {
			// 9 ZNS parameters under the pickers need more height than the other shots
			await page.setViewportSize({ width: 1440, height: 1100 });
			await shot(name, url, async () => {
				await ready();
				await page.evaluate(() => document.activeElement?.blur());
				await page.mouse.move(1300, 100);
			});
			await page.setViewportSize({ width: 1440, height: 900 });
		};
		/**
		 * Drags the parameters panel's right edge to x = 1190 px, so the fields' labels (with their length
		 * limits) fit: to a place, not by a distance, as n8n keeps the width from one node to the next.
		 */
		const widenParameters = async () => {
			const edge = await page.locator('[data-dir="right"]').filter({ visible: true }).last().boundingBox();
			await page.mouse.move(edge.x + 2, edge.y + 300);
			await page.mouse.down();
			await page.mouse.move(1190, edge.y + 300, { steps: 10 });
			await page.mouse.up();
		};
		const mapper = page.locator('[data-test-id="resource-mapper-container"]');
		await tall('node-send-zns.png', `${n8n.url}/workflow/esmsZaloConfirm`, async () => {
			await openNode('Send ZNS', 'Zalo OA')();
			await widenParameters();
			// the example keeps bare IDs; picking from the lists shows the names the lists load
			await page.locator('[data-test-id="resource-locator-zaloOa"] [data-test-id="rlc-input"]').click();
			await page.getByText('SVoucher', { exact: true }).first().click();
			await page.locator('[data-test-id="resource-locator-znsTemplate"] [data-test-id="rlc-input"]').click();
			await page.getByText('Xác nhận mua hàng (200607)', { exact: true }).first().click();
			// the example maps automatically (no fields shown): switch to one field per parameter
			await page.locator('[data-test-id="mapping-mode-select"]').click();
			await page.getByText('Map Each Column Manually', { exact: true }).first().click();
			await mapper.getByText(/^delivery_date/).first().waitFor({ state: 'visible', timeout: 30_000 });
			// the values of the example's Order node; the optional address, phone and email stay empty
			const order = {
				customer_name: 'Đinh Thái Hà',
				order_code: 'HD00001',
				product_name: 'Gói duy trì OA Zalo Premium 1 năm',
				quantity: '1',
				payment_amount: '4308000',
				delivery_date: '01/08/2024',
			};
			for (const [field, value] of Object.entries(order)) await mapper.locator(`[data-test-id="parameter-input-${field}"] input`).first().fill(value);
			// the pickers at the top, the last parameter at the bottom
			await page.locator('[data-test-id="resource-locator-zaloOa"]').evaluate((e) => (e.closest('[data-test-id="parameter-item"]') ?? e).scrollIntoView({ block: 'start' }));
		});
		// the fallback SMS of a ZNS: the same template picker and template fields as Send Brandname SMS
		await tall('node-send-zns-fallback.png', `${n8n.url}/workflow/esmsZaloFallback`, async () => {
			await openNode('Send ZNS with SMS Fallback', 'Zalo OA')();
			await widenParameters();
			await page.locator('[data-test-id="parameter-input-contentSource"]').filter({ visible: true }).first().click();
			await page.locator('.el-select-dropdown__item').filter({ visible: true, hasText: /^Template/ }).first().click();
			await page.locator('[data-test-id="resource-locator-smsTemplate"] [data-test-id="rlc-input"]').click();
			await page.getByText(/^All networks · \{P1,8\} la ma xac minh/).first().click();
			// n8n's mapper loads its fields when the node opens: close and open it again
			await page.keyboard.press('Escape');
			await openNode('Send ZNS with SMS Fallback', 'Zalo OA')();
			await mapper.last().getByText(/^P1 /).first().waitFor({ state: 'visible', timeout: 30_000 });
			await mapper.last().locator('[data-test-id="parameter-input-P1"] input').first().fill('686868');
			await page.locator('[data-test-id="resource-locator-znsTemplate"]').evaluate((e) => (e.closest('[data-test-id="parameter-item"]') ?? e).scrollIntoView({ block: 'start' }));
		});
		await tall('node-send-brandname.png', `${n8n.url}/workflow/esmsOtpBrandname`, async () => {
			await openNode('Send OTP', 'Brandname')();
			await widenParameters();
			await mapper.getByText(/^P1 /).first().waitFor({ state: 'visible', timeout: 30_000 });
		});
	} finally {
		await browser.close();
		await n8n.stop();
		await sim.stop();
	}
}

/**
 * Two small workflows that fail, made through n8n's REST API: a send with the phone "abc" (refused
 * before sending), and Get Balance with a credential whose Secret Key is wrong (eSMS answers 101).
 * Returns their IDs.
 */
async function failingWorkflows(call, sim) {
	const wrong = await call('POST', '/rest/credentials', {
		name: 'eSMS wrong keys',
		type: 'esmsApi',
		data: { apiKey: 'DEMO_API_KEY', secretKey: 'WRONG', baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl },
	});
	if (wrong.status !== 200) throw new rt.StepError('create credential', wrong.text, 'see the n8n log');
	const workflow = async (name, node, credential) => {
		const r = await call('POST', '/rest/workflows', {
			name,
			active: false,
			nodes: [
				{ id: 'w1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{ id: 'w2', type: 'n8n-nodes-esms.esms', typeVersion: 1, position: [260, 0], credentials: { esmsApi: credential }, ...node },
			],
			connections: { Start: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		if (r.status !== 200) throw new rt.StepError('create workflow', r.text, 'see the n8n log');
		return r.json.data.id;
	};
	return {
		refused: await workflow(
			'eSMS: a refused phone',
			{ name: 'Send SMS', parameters: { resource: 'sms', operation: 'sendFixedNumber', phone: 'abc', content: 'Hello' } },
			{ id: 'esmsSimulator', name: 'eSMS (local simulator)' },
		),
		wrongKeys: await workflow(
			'eSMS: wrong keys',
			{ name: 'Get Balance', parameters: { resource: 'account', operation: 'getBalance' } },
			{ id: wrong.json.data.id, name: 'eSMS wrong keys' },
		),
	};
}

main().catch((e) => {
	console.error(e instanceof rt.StepError ? e.message : e.stack);
	process.exit(1);
});
