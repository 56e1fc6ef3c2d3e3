/** Typed access to the JavaScript simulator for the tests. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sim = require('../../simulator/esms-simulator.js');

export interface LedgerEntry {
	smsId: string;
	kind: 'sms' | 'zalo' | 'voice' | 'viber';
	smsType: number;
	userId: number;
	phone: string;
	content?: string;
	isUnicode?: boolean;
	requestId?: string;
	callbackUrl?: string;
	scheduledFor?: string;
	acceptedAt: string;
	price: number;
	brandname?: string;
	campaign?: string;
	oaid?: string;
	tempId?: string;
	/** voice: the recording or text-to-speech template id */
	templateId?: string;
	/** text-to-speech: VariableListStr split on `||` */
	variables?: string[];
	/** voice and Viber options as sent (names lower-cased for voice) */
	options?: Record<string, string | undefined>;
	/** a multichannel fallback SMS: the ZNS SMSID it replaces */
	fallbackOf?: string;
	/** Viber: number of phones */
	receivers?: number;
	/** a message to several numbers (Viber, advertising): the numbers as sent */
	phones?: string[];
}

export interface LoggedRequest {
	host: 'rest' | 'voice';
	method: string;
	path: string;
	query: Record<string, string>;
	body: string;
}

export interface Simulator {
	restUrl: string;
	voiceUrl: string;
	config: { timeline: { visibleMs: number; sentMs: number; finalMs: number }; callbackTimeoutMs: number };
	start(opts?: { port?: number; voicePort?: number }): Promise<Simulator>;
	stop(): Promise<void>;
	advance(ms: number): void;
	now(): Date;
	settleCallbacks(): Promise<void>;
	addAccount(a: Record<string, unknown>): unknown;
	account(apiKey: string): { balance: number; locked: boolean } | undefined;
	setOutcome(phone: string, outcome: string | Record<string, unknown>): void;
	addFault(rule: Record<string, unknown>): { hits: number };
	clearFaults(): void;
	setRateLimit(route: string, perSecond: number): void;
	pauseRateRefill(paused: boolean): void;
	ledger(): LedgerEntry[];
	sandboxSends(): Array<{ smsId: string; phone: string }>;
	callbacks(): Array<{ smsId: string; url: string; attempt: number; outcome: string; status: number }>;
	requests(): LoggedRequest[];
	clearRequests(): void;
	reset(): void;
	setZaloAccount(phone: string, hasZalo: boolean): void;
	message(smsId: string): Record<string, unknown> | undefined;
	queueSmsIds(...ids: string[]): void;
	injectMessage(fields: Record<string, unknown>): unknown;
	/** the latest one-time code eSMS made for this phone (OTP → Send Code), or undefined */
	otpCode(phone: string): string | undefined;
	/** what CheckCodeGen answers for a wrong, used or expired code: '117' (default, the pages) or '171' (the code table) */
	setOtpInvalidCode(code: '117' | '171'): void;
}

export const createSimulator = sim.createSimulator as (options?: Record<string, unknown>) => Simulator;

/** The seeded data (simulator/fixtures.js): demo brandnames, templates, OAs, ZNS templates, voice ids. */
export const fixtures = sim.fixtures as {
	DEMO_SEED: {
		brandnames: Array<{ Brandname: string; Type: number; templates: Array<{ NetworkID: number; TempContent: string; TempId: number }> }>;
		zaloOAs: Array<{ OAID: string; OAName: string; templates: Array<Record<string, unknown> & { TemplateId: number; Status: string }> }>;
		voiceRecords: string[];
		ttsTemplates: Record<string, string>;
	};
	NO_ZALO_PHONES: string[];
	onNetworks(firstTempId: number, networks: number[], content: string): unknown[];
	param(name: string, maxLength: number, opts?: Record<string, unknown>): Record<string, unknown>;
	znsTemplate(id: number, name: string, params: unknown[], extra?: Record<string, unknown>): Record<string, unknown>;
};

export const API_PATH = '/MainService.svc/json/';
/** eSMS's docs pretty-print their bodies; this compacts one to the wire form the simulator must produce. */
export const compact = (doc: string) => doc.replace(/\s*\n\s*/g, '').replace(/": /g, '":').replace(/, "/g, ',"');

/** Raw HTTP calls to a simulator listener: status, content type and the body text, byte for byte. */
export async function simGet(base: string, op: string, query: Record<string, string>) {
	const res = await request(`${base}${API_PATH}${op}?${new URLSearchParams(query)}`);
	return { status: res.statusCode, type: String(res.headers['content-type']), text: await res.body.text() };
}
export async function simPost(base: string, op: string, body: unknown) {
	const res = await request(`${base}${API_PATH}${op}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	return { status: res.statusCode, type: String(res.headers['content-type']), text: await res.body.text() };
}

/**
 * A simulator for a test file (started once, reset before each test) and credentials pointing at it.
 * Read `env.sim` and `env.creds` inside tests: they are set by the hooks.
 */
export function simulatorForTests(options: Record<string, unknown> = { autoTick: false }) {
	const env = {} as { sim: Simulator; creds: { apiKey: string; secretKey: string; baseUrl: string; voiceBaseUrl: string } };
	beforeAll(async () => {
		env.sim = createSimulator(options);
		await env.sim.start();
	});
	afterAll(async () => {
		await env.sim.stop();
	});
	beforeEach(() => {
		env.sim.reset();
		env.creds = { apiKey: 'DEMO_API_KEY', secretKey: 'DEMO_SECRET_KEY', baseUrl: env.sim.restUrl, voiceBaseUrl: env.sim.voiceUrl };
	});
	return env;
}

/** A local callback receiver that answers 200 and records each request's path and query, in order. */
export async function callbackReceiver() {
	const seen: string[] = [];
	const server = http.createServer((req, res) => {
		seen.push(req.url ?? '');
		res.end('ok');
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	/** The query of the i-th callback as an object (values decoded). */
	const query = (i: number) => Object.fromEntries(new URL(seen[i], 'http://x').searchParams);
	return { seen, url, query, close: () => new Promise<void>((r) => server.close(() => r())) };
}
