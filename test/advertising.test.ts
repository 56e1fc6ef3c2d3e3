/**
 * SMS → Send Advertising SMS and SMS → Estimate Advertising SMS Price: the built node through n8n-core's
 * real engine, against the simulator over HTTP (simulator/advertising.js).
 */
import fc from 'fast-check';
import type { INodeExecutionData } from 'n8n-workflow';

import { assemble, contribution, nextAllowedTime, parsePhoneList, splitBalanced } from '../nodes/Esms/shared/campaign';
import { runEsms } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();

const SEND_PATH = '/MainService.svc/json/SendMultipleSMSBrandname_json/';
const ESTIMATE_PATH = '/MainService.svc/json/SummaryMultipleSMSBrandname/';
const TEXT = '[QC] Giam 30% moi don hang den 31/12. Tu choi: soan TC gui 8079';

/** n distinct valid numbers: 0901000000, 0901000001, … (Mobifone) */
const phones = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `0901${String(from + i).padStart(6, '0')}`);
const byList = (value: string) => ({ __rl: true, mode: 'list', value });
const send = (p: Record<string, unknown> = {}) => ({
	resource: 'sms',
	operation: 'sendAdvertising',
	phones: '={{ $json.phones }}',
	advertisingBrandname: byList('QC_ONLINE'),
	advertisingContent: TEXT,
	...p,
});
const estimate = (p: Record<string, unknown> = {}) => send({ operation: 'estimateAdvertising', ...p });
const itemWith = (list: unknown): INodeExecutionData => ({ json: { phones: list } as never });
const requestsTo = (path: string) => env.sim.requests().filter((r) => r.path === path);
const sentBodies = () =>
	requestsTo(SEND_PATH).map((r) => {
		const { ApiKey, SecretKey, ...rest } = JSON.parse(r.body) as Record<string, unknown>;
		expect([ApiKey, SecretKey]).toEqual(['DEMO_API_KEY', 'DEMO_SECRET_KEY']);
		return rest;
	});
const description = (e: unknown) => (e as { description?: string } | undefined)?.description ?? '';

/** 10:00 in Vietnam (03:00 UTC) on 5 December 2026, for the node's and the simulator's clocks. */
const VN_TEN = Date.UTC(2026, 11, 5, 3, 0, 0);
const realNow = Date.now.bind(Date);
function clockAt(epochMs: number) {
	const offset = epochMs - realNow();
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
}
beforeEach(() => clockAt(VN_TEN));
afterEach(() => jest.restoreAllMocks());

describe('SMS → Send Advertising SMS', () => {
	test('one item with 30 numbers: one JSON POST with exactly these fields, one ledger entry per phone, the output', async () => {
		env.sim.queueSmsIds('d533459ee42b2b9525ba9eabf6a8156');
		const list = phones(30);
		const { output, error } = await runEsms({ creds: env.creds, parameters: send(), items: [itemWith(list)] });
		expect(error).toBeUndefined();
		expect(env.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${SEND_PATH}`]);
		const [body] = sentBodies();
		expect(Object.keys(body)).toEqual(['Brandname', 'Content', 'Phones', 'SmsType', 'RequestId']);
		expect(body).toEqual({ Brandname: 'QC_ONLINE', Content: TEXT, Phones: list, SmsType: '1', RequestId: expect.stringMatching(/^n8n-[0-9a-f]{32}$/) });
		expect(output.map((i) => i.json)).toEqual([
			{
				smsId: 'd533459ee42b2b9525ba9eabf6a8156',
				smsIds: ['d533459ee42b2b9525ba9eabf6a8156'],
				alreadyAccepted: false,
				sentCount: 30,
				sent: list,
				excluded: [],
				invalid: [],
				duplicatesRemoved: [],
				overDailyLimit: [],
				brandname: 'QC_ONLINE',
				content: TEXT,
				segments: 1,
				replacedCharacters: [],
				estimatedCost: null,
				requestIds: [body.RequestId],
				sendDate: null,
				sandbox: false,
				campaign: { items: 1, sentCount: 30, requests: [{ smsId: 'd533459ee42b2b9525ba9eabf6a8156', requestId: body.RequestId, phoneCount: 30, alreadyAccepted: false }] },
			},
		]);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		const ledger = env.sim.ledger();
		expect(ledger.map((e) => e.phone)).toEqual(list);
		expect(new Set(ledger.map((e) => `${e.smsId}|${e.smsType}|${e.brandname}`))).toEqual(new Set(['d533459ee42b2b9525ba9eabf6a8156|1|QC_ONLINE']));
	});
});
void [fc, assemble, contribution, nextAllowedTime, parsePhoneList, splitBalanced, ESTIMATE_PATH, estimate, description];
