#!/usr/bin/env node
'use strict';
/**
 * `node scripts/screenshot-login-form.js`: regenerates docs/screenshots/form-log-in-with-code.png, the
 * pages of the example "Log in with a one-time code" (examples/login-with-one-time-code.json) side by
 * side, as a person sees them in headless Chromium (Debian's package: apt-get install chromium): the
 * phone, a code typed wrong, the retry page, "Verified". n8n runs the example published (its form
 * answers on /form/esms-login) against the simulator, whose code for the phone is read from the
 * simulator as the person would read it from the SMS. Apart from `npm run screenshots`: that one
 * drives the editor of `npm run dev`, where workflows are not published.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const { createSimulator, DEMO_ACCOUNTS } = require('../simulator/esms-simulator');
const rt = require('./lib/n8n-runtime');

const OUT = path.join(rt.ROOT, 'docs', 'screenshots', 'form-log-in-with-code.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EXAMPLE = JSON.parse(fs.readFileSync(path.join(rt.ROOT, 'examples', 'login-with-one-time-code.json'), 'utf8'));
const PHONE = '0901888484';
const PANE = { width: 440, height: 400 };

async function main() {
	if (!fs.existsSync(CHROMIUM)) throw new rt.StepError('chromium', `${CHROMIUM} not found`, 'apt-get install chromium, or set CHROMIUM_PATH');
	const runtime = await rt.ensureRuntime(console.log);
	const sim = createSimulator();
	await sim.start();
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-form-shot-'));
	let n8n;
	let browser;
	try {
		const { userFolder } = await rt.makeUserFolder(work);
		const env = await rt.n8nEnv(userFolder);
		await rt.importExamples(runtime, env, sim, DEMO_ACCOUNTS[0]);
		const published = await rt.activateWorkflow(runtime, env, EXAMPLE.id);
		if (published.code !== 0) throw new rt.StepError('publish the example', `${published.stdout}${published.stderr}`, `see ${env.N8N_LOG_FILE_LOCATION}`);
		n8n = await rt.startN8n(runtime, env);
		const formUrl = `${n8n.url}/form/${EXAMPLE.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger').parameters.options.path}`;
		// n8n answers before it has registered the published workflows' forms (404 until then)
		for (let i = 0; i < 120 && (await fetch(formUrl)).status === 404; i++) await new Promise((r) => setTimeout(r, 250));

		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
		const page = await browser.newPage({ viewport: PANE, deviceScaleFactor: 1 });
		const panes = [];
		const shot = async (caption) => {
			await page.evaluate(() => document.activeElement?.blur());
			await page.waitForTimeout(300);
			panes.push({ caption, png: (await page.screenshot()).toString('base64') });
		};
		const heading = (text) => page.getByRole('heading', { name: text }).waitFor({ state: 'visible', timeout: 60_000 });

		await page.goto(formUrl);
		await heading('Log in');
		await page.locator('[name="field-0"]').fill(PHONE);
		await shot('1. The person types their phone');
		await page.locator('#submit-btn').click();
		await heading('Enter your code');
		const code = sim.otpCode(PHONE);
		if (!code) throw new rt.StepError('read the code', `the simulator has no code for ${PHONE}`, 'check the Send Code node of the example');
		const wrong = code.replace(/./g, (c) => (c === '1' ? '2' : '1'));
		await page.locator('[name="field-0"]').fill(wrong);
		await shot('2. eSMS sent a code; a typo');
		await page.locator('#submit-btn').click();
		await heading('Wrong code, try again');
		await page.locator('[name="field-0"]').fill(code);
		await shot('3. Verify Code said no: try again');
		await page.locator('#submit-btn').click();
		await heading('Verified');
		await shot('4. The right code: logged in');

		// the four pages side by side, with a caption each
		const sheet = await browser.newPage({ viewport: { width: panes.length * (PANE.width + 16) + 16, height: PANE.height + 56 }, deviceScaleFactor: 1 });
		await sheet.setContent(
			`<body style="margin:0;padding:8px;background:#e8eaf0;font:600 15px system-ui,sans-serif;color:#333;display:flex;gap:16px">${panes
				.map(
					(p) =>
						`<figure style="margin:0"><figcaption style="height:32px;line-height:32px">${p.caption}</figcaption><img style="display:block;border:1px solid #ccd;border-radius:6px" src="data:image/png;base64,${p.png}" width="${PANE.width}" height="${PANE.height}"></figure>`,
				)
				.join('')}</body>`,
		);
		fs.mkdirSync(path.dirname(OUT), { recursive: true });
		await sheet.screenshot({ path: OUT });
		console.log(path.relative(rt.ROOT, OUT));
	} finally {
		await browser?.close();
		await n8n?.stop();
		await sim.stop();
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error(e instanceof rt.StepError ? e.message : e.stack);
	process.exit(1);
});
