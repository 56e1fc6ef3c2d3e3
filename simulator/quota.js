'use strict';
/**
 * The daily ZNS quota of a Zalo OA: POST ZNS/GetQuota/ with `OAID`
 * (esms-api/ham-truy-xuat-va-dang-ky/lay-qouta-tin-zalo-theo-oaid.md). The Vietnamese page's body, its
 * seven quota fields as numbers in its key order; the English page (get-the-daily-quota-of-oa.md)
 * documents only DailyQuota and RemainingQuota, typed string. CodeResult and ErrorMessage come first
 * (serialize.js, ordered). Where the docs are silent: RemainingQuota
 * is DailyQuota less the OA's ZNS accepted since the simulator started (its day), never below 0; an
 * OA that is not the account's answers 799, as the other OA endpoints do. An OA's figures can be set
 * in the fixtures (`quota`); `quota.english: true` answers the English page's body instead.
 */
const { ordered } = require('./serialize');

const DEFAULT_QUOTA = {
	DailyQuota: 5000,
	DailyQuotaPromotion: 0,
	EstimatedNextMonthPromotionQuota: 425,
	MonthlyPromotionQuota: 403,
	RemainingMonthlyPromotionQuota: 403,
	RemainingQuotaPromotion: 0,
};

module.exports = function quotaArea(ctx) {
	const fail = (code, ErrorMessage) => ({ CodeResult: String(code), ErrorMessage });

	function quota(p) {
		const account = ctx.authenticate(p);
		if (!account) return fail(101, 'Authorize Failed');
		if (account.locked) return fail(143, 'Account is not activated or has been locked');
		const oa = account.zaloOAs.get(String(p.oaid ?? '').trim());
		if (!oa) return fail(799, 'OAID is inactive, wrong, or not added to this account');
		const q = { ...DEFAULT_QUOTA, ...oa.quota };
		const sent = ctx.ledger.filter((e) => e.userId === account.userId && e.kind === 'zalo' && e.oaid === oa.OAID).length;
		const remaining = Math.max(0, q.DailyQuota - sent);
		if (q.english) return ordered({ CodeResult: '100', ErrorMessage: 'success', DailyQuota: String(q.DailyQuota), RemainingQuota: String(remaining) });
		return ordered({
			CodeResult: '100',
			ErrorMessage: 'success',
			DailyQuota: q.DailyQuota,
			DailyQuotaPromotion: q.DailyQuotaPromotion,
			EstimatedNextMonthPromotionQuota: q.EstimatedNextMonthPromotionQuota,
			MonthlyPromotionQuota: q.MonthlyPromotionQuota,
			RemainingMonthlyPromotionQuota: q.RemainingMonthlyPromotionQuota,
			RemainingQuota: remaining,
			RemainingQuotaPromotion: q.RemainingQuotaPromotion,
		});
	}

	return { routes: { 'POST ZNS/GetQuota': (q, b) => quota(b) } };
};
