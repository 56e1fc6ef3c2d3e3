/**
 * A tiny browser for n8n's forms (the Form Trigger and the Form node), for the e2e tests: it does over
 * HTTP what the form pages' own script does in a browser, and nothing more. Read from n8n's templates
 * (2.41.1 and 1.123.81: packages/cli/templates/form-trigger.handlebars and
 * form-trigger-completion.handlebars) and its form webhooks (webhook-helpers, waiting-forms):
 * - a form page is a GET of the Form Trigger's URL (/form/<path>) or of a waiting execution's
 *   (/form-waiting/<executionId>, with `?signature=…` on n8n 2.x);
 * - a submit is a multipart/form-data POST to the page's own URL, the fields named `field-0`, `field-1`…
 *   in the page's order (plus an `x-auth-token` header when the page carries one);
 * - a multi-page form answers the POST with JSON: `{ formWaitingUrl }` (the page polls
 *   `<formWaitingUrl>/n8n-execution-status` until it reads "form-waiting", then opens that URL) or
 *   `{ redirectURL }` (it opens that URL); a page POST may also answer nothing useful, and the page
 *   then polls its own URL's status the same way;
 * - the completion page ("Form Ending") posts once to its own URL to let the execution finish.
 */

export interface FormField {
	/** `field-0`, `field-1`…: the name the POST uses */
	name: string;
	label: string;
	/** the input's type (text, number, email, password, hidden…) or textarea / select */
	type: string;
	required: boolean;
}

export interface FormPage {
	/** form: a page with fields to fill; completion: a Form Ending page; submitted: the page's own "Form Submitted" box; problem: what the page shows when the run failed */
	kind: 'form' | 'completion' | 'submitted' | 'problem';
	/** the URL the page was loaded from */
	url: string;
	status: number;
	/** the page's heading (the form title, or the completion title) */
	title: string;
	/** the text under the heading (form description or completion message), tags removed */
	text: string;
	fields: FormField[];
	buttonLabel: string;
	html: string;
	/** a completion page of a waiting execution: the execution's status once the page's script has let it finish */
	executionStatus?: string;
}

export interface BrowserOptions {
	/** how long to wait for the next page (n8n runs the nodes between two pages meanwhile) */
	timeoutMs?: number;
	/** every HTTP exchange, for debugging a failing test */
	log?: (line: string) => void;
}

const decode = (s: string) =>
	s
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#x27;|&#39;/g, "'")
		.replace(/&#x3D;/g, '=')
		.replace(/&#x60;/g, '`')
		.replace(/&amp;/g, '&');

const textOf = (html: string) =>
	decode(
		html
			.replace(/<br\s*\/?>/gi, '\n')
			.replace(/<[^>]*>/g, '')
			.replace(/[ \t]+/g, ' ')
			.replace(/ *\n */g, '\n'),
	).trim();

function attr(tag: string, name: string): string | undefined {
	const m = new RegExp(`\\s${name}\\s*=\\s*(?:'([^']*)'|"([^"]*)"|([^\\s>]+))`, 'i').exec(tag);
	return m ? decode(m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Reads what a form or completion page shows. */
export function parsePage(url: string, status: number, html: string): FormPage {
	const base = { url, status, html, fields: [] as FormField[], buttonLabel: '' };
	const form = /<form[^>]*id=['"]n8n-form['"][^>]*>([\s\S]*?)<\/form>/i.exec(html);
	if (!form) {
		// the completion page: <h1>{{title}}</h1> <p …>{{{message}}}</p>
		const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
		const after = h1 ? html.slice(h1.index + h1[0].length) : '';
		const p = /^\s*<p[^>]*>([\s\S]*?)<\/p>/i.exec(after);
		return { ...base, kind: 'completion', title: h1 ? textOf(h1[1]) : '', text: p ? textOf(p[1]) : '' };
	}
	const inner = form[1];
	const header = /<div class=['"]form-header['"]>\s*<h1>([\s\S]*?)<\/h1>\s*<p[^>]*>([\s\S]*?)<\/p>/i.exec(inner);
	const labels = new Map<string, { label: string; required: boolean }>();
	for (const m of inner.matchAll(/<label([^>]*)>([\s\S]*?)<\/label>/gi)) {
		const id = attr(m[1], 'for');
		if (id) labels.set(id, { label: textOf(m[2]), required: /\bform-required\b/.test(attr(m[1], 'class') ?? '') });
	}
	const fields: FormField[] = [];
	for (const m of inner.matchAll(/<(input|textarea|select)\b([^>]*)>/gi)) {
		const name = attr(m[2], 'name');
		if (!name || !/^field-\d+$/.test(name)) continue;
		const type = m[1].toLowerCase() === 'input' ? (attr(m[2], 'type') ?? 'text') : m[1].toLowerCase();
		const l = labels.get(name);
		fields.push({ name, label: l?.label ?? '', type, required: l?.required ?? false });
	}
	const button = /<button id=['"]submit-btn['"][^>]*>([\s\S]*?)<\/button>/i.exec(inner);
	return {
		...base,
		kind: 'form',
		title: header ? textOf(header[1]) : '',
		text: header ? textOf(header[2]) : '',
		fields,
		buttonLabel: button ? textOf(button[1]) : '',
	};
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FormBrowser {
	private readonly timeoutMs: number;
	private readonly log: (line: string) => void;

	constructor(options: BrowserOptions = {}) {
		this.timeoutMs = options.timeoutMs ?? 60_000;
		this.log = options.log ?? (() => undefined);
	}

	/** Opens a form page (GET), as typing its URL does. */
	async open(url: string): Promise<FormPage> {
		const r = await fetch(url, { redirect: 'follow', headers: { accept: 'text/html' } });
		const html = await r.text();
		this.log(`GET ${url} → ${r.status} (${html.length} chars)`);
		const page = parsePage(r.url || url, r.status, html);
		if (page.kind === 'completion') page.executionStatus = await this.finishCompletion(page);
		return page;
	}

	/**
	 * Fills the page's fields, by label (or by `field-N`), and submits them. Resolves to the page the
	 * browser shows next: the next form page, the completion page, or the "Form Submitted" box.
	 */
	async submit(page: FormPage, values: Record<string, string>): Promise<FormPage> {
		if (page.kind !== 'form') throw new Error(`formBrowser: "${page.title}" is a ${page.kind} page, there is nothing to submit`);
		const body = new FormData();
		const used = new Set<string>();
		for (const field of page.fields) {
			const key = field.label in values ? field.label : field.name in values ? field.name : undefined;
			if (key !== undefined) used.add(key);
			const value = key !== undefined ? values[key] : (/\svalue=(['"])([^'"]*)\1/.exec(this.inputTag(page.html, field.name))?.[2] ?? '');
			if (field.required && value === '') throw new Error(`formBrowser: "${field.label}" is required on "${page.title}" (the page would not submit)`);
			body.append(field.name, value);
		}
		const unknown = Object.keys(values).filter((k) => !used.has(k));
		if (unknown.length) throw new Error(`formBrowser: "${page.title}" has no field ${unknown.join(', ')} (it has: ${page.fields.map((f) => f.label).join(', ')})`);
		const headers: Record<string, string> = {};
		const token = /const authToken = '([^']*)'/.exec(page.html)?.[1];
		if (token) headers['x-auth-token'] = token;
		const r = await fetch(page.url, { method: 'POST', body, headers, redirect: 'follow' });
		const text = await r.text();
		this.log(`POST ${page.url} ${JSON.stringify(values)} → ${r.status} ${text.slice(0, 200)}`);
		const useResponseData = /id="useResponseData"[^>]*value=(['"]?)true\1/.test(page.html);
		let json: { formWaitingUrl?: string; redirectURL?: string; formSubmittedText?: string } | undefined;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		if (useResponseData) {
			if (json?.formWaitingUrl) return this.waitForPage(json.formWaitingUrl, page);
			if (json?.redirectURL) return this.open(json.redirectURL);
			if (json?.formSubmittedText) return { ...page, kind: 'submitted', title: 'Form Submitted', text: json.formSubmittedText, fields: [], html: text };
			if (text) return parsePage(page.url, r.status, text);
		}
		if (r.status !== 200) return { ...page, kind: 'problem', status: r.status, title: 'Problem submitting response', text, fields: [], html: text };
		if (r.redirected) return this.open(r.url);
		// a page of a waiting execution: its script polls its own URL's status and reloads it
		if (new URL(page.url).pathname.includes('/form-waiting/')) return this.waitForPage(page.url, page);
		const submitted = /<h1 id=['"]submitted-header['"]>([\s\S]*?)<\/h1>(?:\s*<p id=['"]submitted-content['"]>([\s\S]*?)<\/p>)?/i.exec(page.html);
		return { ...page, kind: 'submitted', title: submitted ? textOf(submitted[1]) : 'Form Submitted', text: submitted?.[2] ? textOf(submitted[2]) : '', fields: [], html: text };
	}

	private inputTag(html: string, name: string) {
		return new RegExp(`<input[^>]*name=['"]${name}['"][^>]*>`, 'i').exec(html)?.[0] ?? '';
	}

	/** The page scripts' checkExecutionStatus: poll `<url>/n8n-execution-status` until the execution waits on a form, then open the URL. */
	private async waitForPage(url: string, from: FormPage): Promise<FormPage> {
		const deadline = Date.now() + this.timeoutMs;
		let last = '';
		for (let interval = 100; Date.now() < deadline; interval = Math.min(1000, Math.round(interval * 1.5))) {
			const statusUrl = new URL(url);
			statusUrl.pathname += '/n8n-execution-status';
			const r = await fetch(statusUrl);
			last = (await r.text()).trim();
			this.log(`GET ${statusUrl} → ${r.status} ${last}`);
			if (last === 'form-waiting') return this.open(url);
			if (last === 'success') {
				const submitted = /<h1 id=['"]submitted-header['"]>([\s\S]*?)<\/h1>(?:\s*<p id=['"]submitted-content['"]>([\s\S]*?)<\/p>)?/i.exec(from.html);
				return { ...from, kind: 'submitted', url, title: submitted ? textOf(submitted[1]) : 'Form Submitted', text: submitted?.[2] ? textOf(submitted[2]) : '', fields: [] };
			}
			if (['canceled', 'crashed', 'error', 'null'].includes(last))
				return { ...from, kind: 'problem', url, title: 'Problem submitting response', text: `execution status: ${last}`, fields: [] };
			await sleep(interval);
		}
		throw new Error(`formBrowser: no next page at ${url} within ${this.timeoutMs / 1000} s (last execution status: ${last || 'none'})`);
	}

	/**
	 * The completion page's script posts once to its own URL (the workflow then finishes), then polls
	 * the execution's status until it is final. Resolves to that status.
	 */
	private async finishCompletion(page: FormPage): Promise<string | undefined> {
		if (!new URL(page.url).pathname.includes('/form-waiting/')) return undefined;
		const headers: Record<string, string> = { 'content-type': 'text/plain;charset=UTF-8' };
		const token = /const authToken = '([^']*)'/.exec(page.html)?.[1];
		if (token) headers['x-auth-token'] = token;
		// fetch(postUrl, { method: 'POST', body: {} }) sends the object as the text "[object Object]"
		const r = await fetch(page.url, { method: 'POST', body: '[object Object]', headers });
		this.log(`POST ${page.url} (completion) → ${r.status} ${(await r.text()).slice(0, 200)}`);
		const deadline = Date.now() + this.timeoutMs;
		let status = '';
		for (let interval = 100; Date.now() < deadline; interval = Math.min(1000, Math.round(interval * 1.5))) {
			const statusUrl = new URL(page.url);
			statusUrl.pathname += '/n8n-execution-status';
			status = (await (await fetch(statusUrl)).text()).trim();
			this.log(`GET ${statusUrl} → ${status}`);
			if (['canceled', 'crashed', 'error', 'success', 'null'].includes(status)) return status;
			await sleep(interval);
		}
		return status;
	}

	/** The execution ID of a waiting form page's URL (/form-waiting/<id>). */
	static executionId(page: FormPage): string | undefined {
		return /\/form-waiting\/([^/?#]+)/.exec(page.url)?.[1];
	}
}
