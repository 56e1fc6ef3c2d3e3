import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { zaloOaField } from '../../listSearch';
import { pickedValue, requiredPick } from '../../listSearch/common';
import { OA_FIX } from '../../listSearch/zaloOas';
import { show } from '../../shared/descriptions';
import { numberOrNull } from '../../shared/lists';
import { defineOperation } from '../../shared/operation';
import { readOutput } from '../../shared/read';
import type { EsmsCodeFields } from '../../shared/types';

/**
 * Account → Get Zalo OA Quota: how many ZNS a Zalo OA may still send today (POST ZNS/GetQuota/ with
 * OAID, ham-truy-xuat-va-dang-ky/lay-qouta-tin-zalo-theo-oaid.md). The Vietnamese page documents seven
 * quota fields (int), the English one only DailyQuota and RemainingQuota (string): a field eSMS leaves
 * out is null.
 *
 * Output: { oaId, dailyQuota, remainingQuota, dailyPromotionQuota, remainingPromotionQuota,
 * monthlyPromotionQuota, remainingMonthlyPromotionQuota, estimatedNextMonthPromotionQuota }
 */
type QuotaResponse = EsmsCodeFields & Record<string, unknown>;

export const getZaloOaQuota = defineOperation({
	resource: 'account',
	value: 'getZaloOaQuota',
	name: 'Get Zalo OA Quota',
	action: 'Get the daily ZNS quota of an OA',
	description: 'Get how many ZNS messages a Zalo OA may send today, and how many are left',
	request: { method: 'POST', url: '/MainService.svc/json/ZNS/GetQuota/' },
	kind: 'read',
	fields: [zaloOaField(show('account', 'getZaloOaQuota'))],
	async prepare(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		return { ...requestOptions, body: { OAID: requiredPick(this, 'zaloOa', 'Zalo OA', OA_FIX) } };
	},
	output: readOutput<QuotaResponse>((body, ctx) => ({
		oaId: pickedValue(ctx, 'zaloOa'),
		dailyQuota: numberOrNull(body.DailyQuota),
		remainingQuota: numberOrNull(body.RemainingQuota),
		dailyPromotionQuota: numberOrNull(body.DailyQuotaPromotion),
		remainingPromotionQuota: numberOrNull(body.RemainingQuotaPromotion),
		monthlyPromotionQuota: numberOrNull(body.MonthlyPromotionQuota),
		remainingMonthlyPromotionQuota: numberOrNull(body.RemainingMonthlyPromotionQuota),
		estimatedNextMonthPromotionQuota: numberOrNull(body.EstimatedNextMonthPromotionQuota),
	})),
	simplify: true,
	tool:
		'Get the daily Zalo ZNS quota of the Zalo OA the workflow set: how many ZNS messages it may send today and how many are left. Takes no input. ' +
		'The answer is a JSON array with one object: dailyQuota, remainingQuota (numbers), and promotion quotas (numbers, or null when eSMS does not give them). ' +
		'Check remainingQuota before a bulk ZNS send.',
});
