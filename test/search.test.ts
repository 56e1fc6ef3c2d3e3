/**
 * The nodes panel's search, as n8n's editor (2.41.1) does it, against the words people type for the
 * node's operations, in English and in Vietnamese with and without diacritics.
 *
 * How the editor matches (n8n-editor-ui workflows.store chunk, `searchNodes`, and @n8n/utils
 * search/sublime-search): the query loses a last word that starts "trigger" ("sms t" → "sms"), is
 * lower-cased, and an entry is found when every character of the query, spaces included, appears in
 * order (case-insensitive) in its display name or in one of its codex aliases. The score only orders
 * the results. The eSMS node and eSMS Trigger are one entry there (the trigger is merged into the node
 * of the same name less "Trigger"): the node's display name and aliases, the trigger's description.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

import { Esms } from '../nodes/Esms/Esms.node';
import { EsmsTrigger } from '../nodes/EsmsTrigger/EsmsTrigger.node';

const codex = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'nodes', file), 'utf8')) as { alias: string[] };

/** The query as the editor searches it: a trailing "trigger" (or its start) dropped, lower case. */
function editorQuery(query: string): string {
	const words = query.split(' ');
	const last = words[words.length - 1].toLowerCase();
	const kept = words.length > 1 && 'trigger'.startsWith(last) ? words.slice(0, -1).filter((w) => w).join(' ').trimEnd() : query;
	return kept.toLowerCase();
}

/** Every character of the query, in order, in the text (case-insensitive). */
function inOrder(query: string, text: string): boolean {
	let i = 0;
	for (const c of text.toLowerCase()) if (i < query.length && c === query[i]) i++;
	return query.length > 0 && text.length > 0 && i === query.length;
}

interface Entry {
	displayName: string;
	alias: string[];
}

const found = (query: string, entry: Entry) => {
	const q = editorQuery(query);
	return [entry.displayName, ...entry.alias].some((value) => inOrder(q, value));
};

const esms: Entry = { displayName: new Esms().description.displayName, alias: codex('Esms/Esms.node.json').alias };
// the trigger alone, as the panel lists it when you add a first step (its display name joins its aliases)
const trigger: Entry = { displayName: 'eSMS', alias: [...codex('EsmsTrigger/EsmsTrigger.node.json').alias, 'eSMS Trigger'] };

const searches = {
	english: [
		'esms', 'sms', 'send sms', 'esms status', 'sms status', 'zalo', 'zns', 'zalo status', 'otp', 'brandname', 'voice call',
		'call status', 'text to speech', 'balance', 'delivery status', 'delivery report', 'sms template', 'vihat',
		'viber', 'advertising sms', 'sms campaign', 'bulk sms', 'verify code', 'one-time code',
	],
	vietnamese: [
		'tin nhắn', 'tin nhắn zalo', 'trạng thái', 'gửi tin nhắn', 'gửi sms', 'gọi điện', 'cuộc gọi', 'số dư', 'mã otp', 'mã xác thực',
		'tin nhắn thương hiệu', 'chăm sóc khách hàng', 'báo cáo', 'mẫu tin', 'đầu số',
		'tin nhắn quảng cáo', 'quảng cáo', 'tin nhắn viber', 'xác minh',
	],
	vietnameseWithoutDiacritics: [
		'tin nhan', 'tin nhan zalo', 'trang thai', 'gui tin nhan', 'gui sms', 'goi dien', 'cuoc goi', 'so du', 'ma otp', 'ma xac thuc',
		'tin nhan thuong hieu', 'cham soc khach hang', 'bao cao', 'mau tin', 'dau so', 'cskh',
		'tin nhan quang cao', 'quang cao', 'tin nhan viber', 'xac minh',
	],
};

describe('the nodes panel finds eSMS by the words people use', () => {
	test.each(Object.entries(searches).flatMap(([kind, list]) => list.map((q) => [kind, q])))('%s: "%s"', (_kind, query) => {
		expect(found(query, esms)).toBe(true);
	});

	test('the searches of the trigger panel find eSMS Trigger', () => {
		for (const q of ['esms', 'esms trigger', 'sms status', 'delivery report', 'zalo', 'trạng thái', 'trang thai', 'báo cáo', 'webhook'])
			expect([q, found(q, trigger)]).toEqual([q, true]);
	});

	test('and not by words of other services (the aliases are no catch-all)', () => {
		for (const q of ['slack', 'google sheets', 'postgres', 'telegram', 'whatsapp', 'email', 'openai', 'stripe'])
			expect([q, found(q, esms)]).toEqual([q, false]);
	});

	test('the matching reproduces the editor\'s: the queries it drops "trigger" from', () => {
		expect(editorQuery('SMS Trigger')).toBe('sms');
		expect(editorQuery('esms tri')).toBe('esms');
		expect(editorQuery('Trạng Thái')).toBe('trạng thái');
	});

	// where the n8n runtime of the e2e tests is installed, its own sublimeSearch must agree
	const utils = (() => {
		const cache = path.join(os.homedir(), '.cache', 'n8n-nodes-esms');
		const dirs = fs.existsSync(cache) ? fs.readdirSync(cache).filter((d) => /^n8n-2\.[\d.]+-[0-9a-f]+$/.test(d)) : [];
		for (const d of dirs) {
			const file = path.join(cache, d, 'node_modules', '@n8n', 'utils', 'dist', 'search', 'sublime-search.cjs');
			if (fs.existsSync(file)) return file;
		}
		return null;
	})();
	(utils ? test : test.skip)('n8n\'s own sublimeSearch finds the same', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { sublimeSearch } = require(utils!) as { sublimeSearch: (q: string, data: object[]) => Array<{ item: object }> };
		const item = { properties: { displayName: esms.displayName, codex: { alias: esms.alias } } };
		for (const q of [...Object.values(searches).flat(), 'slack', 'google sheets', 'telegram'])
			expect([q, sublimeSearch(editorQuery(q), [item]).length > 0]).toEqual([q, found(q, esms)]);
	});
});

describe('the nodes panel describes the entry for what it does', () => {
	test('the merged entry shows the trigger\'s description: it names the sends, the status and the reports', () => {
		const text = new EsmsTrigger().description.description;
		for (const word of ['Send SMS', 'Zalo ZNS', 'voice calls', 'status', 'delivery reports']) expect(text).toContain(word);
		expect(new Esms().description.description).toMatch(/^Send SMS, Zalo ZNS and voice calls/);
	});
});
