/** Typed access to the JavaScript simulator for the tests. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sim = require('../../simulator/esms-simulator.js');

export interface LedgerEntry {
	smsId: string;
	kind: 'sms' | 'zalo' | 'voice';
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
	ledger(): LedgerEntry[];
	sandboxSends(): Array<{ smsId: string; phone: string }>;
	callbacks(): Array<{ smsId: string; url: string; attempt: number; outcome: string; status: number }>;
	requests(): LoggedRequest[];
	clearRequests(): void;
	reset(): void;
	queueSmsIds(...ids: string[]): void;
	injectMessage(fields: Record<string, unknown>): unknown;
}

export const createSimulator = sim.createSimulator as (options?: Record<string, unknown>) => Simulator;
export const DEMO_ACCOUNTS = sim.DEMO_ACCOUNTS as Array<{ apiKey: string; secretKey: string; balance: number }>;
