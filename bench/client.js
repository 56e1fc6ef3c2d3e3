'use strict';
/**
 * One benchmark workload in a fresh process: `node bench/client.js <workload> <N> <runs> <restUrl>`.
 * Prints one JSON line: wall times (ms), CPU per item (ms), peak RSS (MB), expression evaluations per
 * item, and for W2 the 160 rejections. With BENCH_PART=<i>/<P> (W4) it runs share i of N over P
 * processes once, started by a line on stdin (see runShare).
 */
const path = require('node:path');

const [workload, nArg, runsArg, restUrl] = process.argv.slice(2);
const N = Number(nArg);
const RUNS = Number(runsArg);
const ROOT = path.join(__dirname, '..');
process.env.N8N_USER_FOLDER ??= require('node:fs').mkdtempSync(path.join(require('node:os').tmpdir(), 'esms-bench-'));
process.env.N8N_LOG_LEVEL = 'silent';

// n8n-nodes-base (for the HTTP Request node) comes from the cached real n8n; it must share this
// process's n8n-core and n8n-workflow, as it does inside n8n
const N8N_MODULES = process.env.BENCH_N8N_MODULES;
require('./share-n8n');

const CREDS = { apiKey: 'DEMO_API_KEY', secretKey: 'DEMO_SECRET_KEY', baseUrl: restUrl, voiceBaseUrl: restUrl };
const STATUS_URL = `${restUrl}/MainService.svc/json/GetSendStatus`;
const ZNS_URL = `${restUrl}/MainService.svc/json/QueryZnsStatus/`;

function items(prefix, n) {
	return Array.from({ length: n }, (_, i) => ({ json: { smsId: `${prefix}-${i}` } }));
}

function httpRequestType() {
	const { HttpRequest } = require(path.join(N8N_MODULES, 'n8n-nodes-base', 'dist', 'nodes', 'HttpRequest', 'HttpRequest.node.js'));
	return new HttpRequest();
}

const keyParams = [
	{ name: 'ApiKey', value: CREDS.apiKey },
	{ name: 'SecretKey', value: CREDS.secretKey },
];

/** Each workload: a function that runs n requests once and returns the output items (to validate). */
function workloads(h, n) {
	const http = () => {
		const types = h.nodeTypes({ 'n8n-nodes-base.httpRequest': httpRequestType() });
		return (parameters, input) => h.runNode({ type: 'n8n-nodes-base.httpRequest', typeVersion: 4.5, nodeTypes: types, parameters, items: input, settings: { onError: 'continueRegularOutput' } });
	};
	const smsItems = items('BENCH', n);
	const znsItems = items('ZNS', n);
	return {
		// W1: SMS status lookups
		'esms-field': () => () => h.runEsms({ creds: CREDS, parameters: { resource: 'sms', operation: 'getStatus' }, items: smsItems }),
		'esms-expr': () => () =>
			h.runEsms({ creds: CREDS, parameters: { resource: 'sms', operation: 'getStatus', smsIdSource: 'value', smsId: '={{ $json.smsId }}' }, items: smsItems }),
		http: () => {
			const run = http();
			const parameters = {
				method: 'GET',
				url: STATUS_URL,
				authentication: 'none',
				sendQuery: true,
				specifyQuery: 'keypair',
				queryParameters: { parameters: [{ name: 'RefId', value: '={{ $json.smsId }}' }, ...keyParams] },
				options: {},
			};
			return () => run(parameters, smsItems);
		},
		undici: () => {
			const { Pool } = require('undici');
			// 128 connections: enough to be the floor, and within the open-file limit at N=10,000
			const pool = new Pool(restUrl, { connections: 128 });
			return async () => {
				const out = await Promise.all(
					smsItems.map(async ({ json }) => {
						const { body } = await pool.request({ method: 'GET', path: '/MainService.svc/json/GetSendStatus', query: { RefId: json.smsId, ApiKey: CREDS.apiKey, SecretKey: CREDS.secretKey } });
						return { json: await body.json() };
					}),
				);
				return { output: out };
			};
		},
		// W2: Zalo status lookups against the 100 requests/s limit
		'esms-zalo': () => () =>
			h.runEsms({ creds: CREDS, parameters: { resource: 'zaloMessage', operation: 'getStatus' }, items: znsItems, settings: { onError: 'continueRegularOutput' } }),
		'http-zalo': () => {
			const run = http();
			return () => run(znsParameters({}), znsItems);
		},
		'http-zalo-batch': () => {
			const run = http();
			return () => run(znsParameters({ batching: { batch: { batchSize: 100, batchInterval: 1000 } } }), znsItems);
		},
		// campaign: single sends (the baseline), one campaign of n numbers, n rows as one campaign, per-number results
		'esms-single-send': () => {
			const rows = phoneItems(n);
			return () => h.runEsms({ creds: CREDS, parameters: { resource: 'sms', operation: 'sendFixedNumber', phone: '={{ $json.phone }}', content: 'Ma giam gia cua ban: 1234' }, items: rows });
		},
		'esms-campaign': () => {
			const one = [{ json: { phones: phoneItems(n).map((i) => i.json.phone) } }];
			return () => h.runEsms({ creds: CREDS, parameters: campaignParameters('eachItem', '={{ $json.phones }}'), items: one });
		},
		'esms-campaign-rows': () => {
			const rows = phoneItems(n);
			return () => h.runEsms({ creds: CREDS, parameters: campaignParameters('allItems', '={{ $json.phone }}'), items: rows });
		},
		'esms-per-number': () => {
			const smsId = campaignSmsIds.get(n);
			return () => h.runEsms({ creds: CREDS, parameters: { resource: 'sms', operation: 'getPerNumberResults' }, items: [{ json: { smsId } }] });
		},
		// W4: one share of the W2 lookups, in one of several processes against one account
		'esms-zalo-share': () => {
			const share = part.items();
			return () => h.runEsms({ creds: CREDS, parameters: { resource: 'zaloMessage', operation: 'getStatus' }, items: share, settings: { onError: 'continueRegularOutput' } });
		},
		'http-zalo-share-batch': () => {
			const run = http();
			const share = part.items();
			// the README's advice for HTTP Request: the account's 100/s divided by the processes
			return () => run(znsParameters({ batching: { batch: { batchSize: Math.floor(100 / part.of), batchInterval: 1000 } } }), share);
		},
	};
}

/** n distinct valid numbers (0900000000, 0900000001, …), one item each. */
function phoneItems(n) {
	return Array.from({ length: n }, (_, i) => ({ json: { phone: `09${String(i).padStart(8, '0')}` } }));
}

const AD_TEXT = '[QC] Giam 30% moi don hang den 31/12. Tu choi: soan TC gui 8079';
function campaignParameters(campaignFrom, phones) {
	return {
		resource: 'sms',
		operation: 'sendAdvertising',
		campaignFrom,
		phones,
		advertisingBrandname: { __rl: true, mode: 'list', value: 'QC_ONLINE' },
		advertisingContent: AD_TEXT,
	};
}

/** esms-per-number: one campaign of n numbers sent to the simulator before the runs, final when they start. */
const campaignSmsIds = new Map();
async function prepareCampaign(n) {
	const res = await fetch(`${restUrl}/MainService.svc/json/SendMultipleSMSBrandname_json/`, {
		method: 'POST',
		body: JSON.stringify({ ApiKey: CREDS.apiKey, SecretKey: CREDS.secretKey, Brandname: 'QC_ONLINE', Content: AD_TEXT, Phones: phoneItems(n).map((i) => i.json.phone), SmsType: '1' }),
	});
	const body = await res.json();
	if (body.CodeResult !== '100') throw new Error(`campaign of ${n}: ${JSON.stringify(body)}`);
	campaignSmsIds.set(n, body.SMSID);
}

/** The campaign workloads' outputs: as many items as expected, none failed. */
function checkCampaign(output, n) {
	const expected = workload === 'esms-campaign' ? 1 : n;
	if (output.length !== expected) throw new Error(`expected ${expected} outputs, got ${output.length}: ${JSON.stringify(output[0]?.json).slice(0, 300)}`);
	const failed = output.find((o) => o.json.error !== undefined || o.error !== undefined);
	if (failed) throw new Error(`failed: ${JSON.stringify(failed.json).slice(0, 300)}`);
	if (workload.startsWith('esms-campaign') && output[0].json.campaign?.sentCount !== n)
		throw new Error(`campaign sent ${output[0].json.campaign?.sentCount}, expected ${n}`);
	if (workload === 'esms-per-number' && output.filter((o) => o.json.delivered === true).length !== n) throw new Error('not every number delivered');
	return 0;
}
const CAMPAIGN = new Set(['esms-single-send', 'esms-campaign', 'esms-campaign-rows', 'esms-per-number']);

/** W4: this process's share, from BENCH_PART=<index>/<processes>; N is the total over all processes. */
const part = (() => {
	const [index, of] = String(process.env.BENCH_PART ?? '0/1').split('/').map(Number);
	const size = N / of;
	return { index, of, size, offset: index * size, items: () => items('ZNS', N).slice(index * size, (index + 1) * size) };
})();

function znsParameters(options) {
	return {
		method: 'POST',
		url: ZNS_URL,
		authentication: 'none',
		sendBody: true,
		contentType: 'json',
		specifyBody: 'keypair',
		bodyParameters: { parameters: [...keyParams, { name: 'SmsId', value: '={{ $json.smsId }}' }, { name: 'SmsType', value: '25' }] },
		options,
	};
}

/** The response an item got: the eSMS body for the raw clients, the mapped output for this node. */
function checkIds(output, prefix, n = N, offset = 0) {
	if (output.length !== n) throw new Error(`expected ${n} outputs, got ${output.length}`);
	let rejected = 0;
	output.forEach((item, k) => {
		const i = k + offset;
		const j = item.json;
		if (j.CodeResult === '160' || String(j.error ?? '').includes('eSMS error 160')) return (rejected += 1);
		const id = j.smsId ?? j.SMSID ?? j.Data?.SMSID;
		if (id !== `${prefix}-${i}`) throw new Error(`item ${i}: expected ${prefix}-${i}, got ${JSON.stringify(j).slice(0, 200)}`);
	});
	return rejected;
}

/**
 * n8n's HTTP layer leaves each run's sockets open until the server's 5 s idle timeout: wait for them to
 * close before a run, so that runs do not overlap and 2 × 10,000 sockets do not exceed the open-file limit.
 */
async function socketsClosed() {
	const deadline = Date.now() + 15_000;
	while (process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length > 50 && Date.now() < deadline)
		await new Promise((res) => setTimeout(res, 200));
}

/**
 * W4: warms up on SMS status lookups (no rate limit, so the account's Zalo bucket stays full and this
 * process's limiter has met no 160), prints `ready`, and runs its share once when the parent writes a
 * line to stdin, so that all processes start together. Reports its start and end (epoch ms).
 */
async function runShare(h) {
	const warmUp = workloads(h, 20)[workload.startsWith('http') ? 'http' : 'esms-field']();
	checkIds((await warmUp()).output, 'BENCH', 20);
	const run = workloads(h, N)[workload]();
	process.stdout.write('ready\n');
	await new Promise((res) => process.stdin.once('data', res));
	const c0 = process.cpuUsage();
	const t0 = Date.now();
	const { output } = await run();
	const t1 = Date.now();
	const c = process.cpuUsage(c0);
	const failed = checkIds(output, 'ZNS', part.size, part.offset);
	process.stdout.write(`${JSON.stringify({ workload, part: `${part.index}/${part.of}`, n: part.size, t0, t1, failed, cpuMs: (c.user + c.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
	process.exit(0);
}

async function main() {
	const { Expression } = require('n8n-workflow');
	if (process.env.BENCH_ENGINE === 'vm') {
		// what n8n 2.x does at startup with its default settings (N8N_EXPRESSION_ENGINE=vm, pool size 1)
		await Expression.initExpressionEngine({ engine: 'vm', poolSize: 1, maxCodeCacheSize: 1024, bridgeTimeout: 5000, bridgeMemoryLimit: 128 });
	}
	const h = require(path.join(ROOT, 'test', 'helpers', 'harness.js'));
	if (process.env.BENCH_PART) return runShare(h);
	const prefix = workload.includes('zalo') ? 'ZNS' : 'BENCH';
	// a campaign is refused outside Decree 91's hours: this process's clock moves into them if need be
	if (CAMPAIGN.has(workload)) require(path.join(ROOT, 'scripts', 'lib', 'vietnam-daytime.js'));
	const check = CAMPAIGN.has(workload) ? (output, _prefix, n = N) => checkCampaign(output, n) : checkIds;
	if (workload === 'esms-per-number') {
		await Promise.all([prepareCampaign(N), prepareCampaign(200)]);
		// visible and final on the simulator's timeline (bench/sim-server.js: the default, final after 3 s)
		await new Promise((res) => setTimeout(res, 3200));
	}
	const loadStart = performance.now();
	const run = workloads(h, N)[workload]();
	const loadMs = performance.now() - loadStart;

	// expression evaluations per item, counted on a separate, smaller pass (which also warms up)
	const COUNT_N = 200;
	const countRun = workloads(h, COUNT_N)[workload]();
	let evaluations = 0;
	const original = Expression.prototype.resolveSimpleParameterValue;
	Expression.prototype.resolveSimpleParameterValue = function (...args) {
		evaluations += 1;
		return original.apply(this, args);
	};
	const counted = await countRun();
	Expression.prototype.resolveSimpleParameterValue = original;
	check(counted.output, prefix, COUNT_N);
	const evalsPerItem = evaluations / COUNT_N;

	const wall = [];
	const cpu = [];
	const rejections = [];
	for (let r = 0; r < RUNS; r++) {
		await socketsClosed();
		// the simulator's bucket holds 100 requests and refills at 100/s: start each W2 run with it full
		if (prefix === 'ZNS') await new Promise((res) => setTimeout(res, 1100));
		global.gc?.();
		const c0 = process.cpuUsage();
		const t0 = performance.now();
		const { output } = await run();
		wall.push(performance.now() - t0);
		const c = process.cpuUsage(c0);
		cpu.push((c.user + c.system) / 1000 / N);
		rejections.push(check(output, prefix));
	}
	const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
	const result = {
		workload,
		n: N,
		runs: RUNS,
		wallMs: median(wall),
		wallAll: wall.map(Math.round),
		cpuMsPerItem: median(cpu),
		peakRssMb: process.resourceUsage().maxRSS / 1024,
		heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
		evalsPerItem,
		rejected: median(rejections),
		loadMs,
		node: process.version,
		engine: process.env.BENCH_ENGINE ?? 'legacy',
	};
	process.stdout.write(`${JSON.stringify(result)}\n`);
	process.exit(0);
}

main().catch((e) => {
	process.stderr.write(`${e.stack}\n`);
	process.exit(1);
});
