#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshots`: regenerates docs/screenshots/*.png from the n8n editor of `npm run dev`, in
 * headless Chromium (Debian's package: apt-get install chromium).
 */
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const rt = require('./lib/n8n-runtime');
const { startDevEnvironment } = require('./dev');

const OUT = path.join(rt.ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main() {
	if (!fs.existsSync(CHROMIUM)) throw new rt.StepError('chromium', `${CHROMIUM} not found`, 'apt-get install chromium, or set CHROMIUM_PATH');
	const port = await rt.freePort();
	const { sim, n8n, owner } = await startDevEnvironment({ port, log: () => {} });
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
			await page.getByText(field, { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
		};
		await shot('node-send-sms.png', `${n8n.url}/workflow/esmsSendConfirm`, openNode('Send SMS', 'Unicode'));
		await shot('node-get-status.png', `${n8n.url}/workflow/esmsSendConfirm`, openNode('Get SMS Status', 'SMSID Source'));
		await shot('credential.png', `${n8n.url}/home/credentials/esmsSimulator`, () =>
			page.getByText('API Base URL', { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 }),
		);
	} finally {
		await browser.close();
		await n8n.stop();
		await sim.stop();
	}
}

main().catch((e) => {
	console.error(e instanceof rt.StepError ? e.message : e.stack);
	process.exit(1);
});
