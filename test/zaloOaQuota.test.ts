/**
 * Account → Get Zalo OA Quota: the built node through n8n-core's real engine against the simulator,
 * exact request and output (ZNS/GetQuota/, lay-qouta-tin-zalo-theo-oaid.md).
 */
import { runEsms } from './helpers/harness';
import { simulatorForTests } from './helpers/simulator';

const env = simulatorForTests();
const one = [{ json: {} }];
const API = '/MainService.svc/json/';
const KEYS = { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' };
const SVOUCHER = '4097311281936189049';
const quota = (params: Record<string, unknown> = {}) => ({
	resource: 'account',
	operation: 'getZaloOaQuota',
	zaloOa: { __rl: true, mode: 'list', value: SVOUCHER },
	...params,
});

describe('Account → Get Zalo OA Quota', () => {
	test("the OA's daily quota, one item; the request sends the OA ID as OAID", async () => {
		const { output, error } = await runEsms({ creds: env.creds, parameters: quota(), items: one });
		expect(error).toBeUndefined();
		expect(env.sim.requests().map((r) => ({ method: r.method, path: r.path, body: JSON.parse(r.body) }))).toEqual([
			{ method: 'POST', path: `${API}ZNS/GetQuota/`, body: { OAID: SVOUCHER, ...KEYS } },
		]);
		expect(output).toEqual([
			{
				json: {
					oaId: SVOUCHER,
					dailyQuota: 5000,
					remainingQuota: 5000,
					dailyPromotionQuota: 0,
					remainingPromotionQuota: 0,
					monthlyPromotionQuota: 403,
					remainingMonthlyPromotionQuota: 403,
					estimatedNextMonthPromotionQuota: 425,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test("Simplify off: eSMS's answer as it came, in the documented key order", async () => {
		const { output } = await runEsms({ creds: env.creds, parameters: quota({ simplify: false }), items: one });
		expect(JSON.stringify(output[0].json)).toBe(
			'{"CodeResult":"100","ErrorMessage":"success","DailyQuota":5000,"DailyQuotaPromotion":0,"EstimatedNextMonthPromotionQuota":425,"MonthlyPromotionQuota":403,"RemainingMonthlyPromotionQuota":403,"RemainingQuota":5000,"RemainingQuotaPromotion":0}',
		);
	});

	test('a ZNS sent from the OA lowers its remaining quota', async () => {
		const sent = await runEsms({
			creds: env.creds,
			parameters: {
				resource: 'zaloMessage',
				operation: 'sendZns',
				zaloOa: { __rl: true, mode: 'list', value: SVOUCHER },
				znsTemplate: { __rl: true, mode: 'id', value: '267247' },
				znsTemplateParams: { mappingMode: 'defineBelow', value: { customer_name: 'Hà', product_name: 'Gói', order_code: 'HD1', date: '01/08/2024' } },
				phone: '0901888484',
			},
			items: one,
		});
		expect(sent.error).toBeUndefined();
		const { output } = await runEsms({ creds: env.creds, parameters: quota(), items: one });
		expect(output[0].json).toMatchObject({ dailyQuota: 5000, remainingQuota: 4999 });
	});

	test("the English page's shorter body: the promotion quotas are null", async () => {
		const account = env.sim.account('DEMO_API_KEY') as unknown as { zaloOAs: Map<string, { quota?: Record<string, unknown> }> };
		account.zaloOAs.get(SVOUCHER)!.quota = { DailyQuota: 500, english: true };
		const raw = await runEsms({ creds: env.creds, parameters: quota({ simplify: false }), items: one });
		expect(JSON.stringify(raw.output[0].json)).toBe('{"CodeResult":"100","ErrorMessage":"success","DailyQuota":"500","RemainingQuota":"500"}');
		const { output } = await runEsms({ creds: env.creds, parameters: quota(), items: one });
		expect(output[0].json).toEqual({
			oaId: SVOUCHER,
			dailyQuota: 500,
			remainingQuota: 500,
			dailyPromotionQuota: null,
			remainingPromotionQuota: null,
			monthlyPromotionQuota: null,
			remainingMonthlyPromotionQuota: null,
			estimatedNextMonthPromotionQuota: null,
		});
	});

	test('an OA that is not on the account: 799; wrong keys: 101', async () => {
		const other = await runEsms({ creds: env.creds, parameters: quota({ zaloOa: { __rl: true, mode: 'id', value: '123' } }), items: one });
		expect(other.error?.message).toBe('eSMS error 799: the Zalo OA is inactive, wrong, or not added to this account');
		const keys = await runEsms({ creds: { ...env.creds, secretKey: 'wrong' }, parameters: quota(), items: one });
		expect(keys.error?.message).toMatch(/^eSMS error 101/);
	});

	test('an empty Zalo OA fails its item before any request, naming the field', async () => {
		const { error } = await runEsms({ creds: env.creds, parameters: quota({ zaloOa: { __rl: true, mode: 'id', value: ' ' } }), items: one });
		expect(error?.message).toMatch(/Zalo OA/);
		expect(env.sim.requests()).toEqual([]);
	});
});
