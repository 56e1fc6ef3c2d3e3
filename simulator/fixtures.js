'use strict';
/**
 * The simulator's seeded data, in one place so tests, the demo and other tooling can read it.
 * Field names and casing follow eSMS's documented responses, so the list endpoints can serve them as they are.
 * Prices are in VND per message part (per call for voice); eSMS publishes no price list, these are examples.
 */

const DEFAULT_PRICES = { 2: 850, 8: 350, 23: 470, 24: 440, 25: 330, voice: 700 };

const DEFAULT_TIMELINE = {
	/** before this, a status query answers "not found yet" (105 / 854) */
	visibleMs: 1000,
	/** the message leaves eSMS: SendStatus 7 (sent, awaiting the telco's report) */
	sentMs: 2000,
	/** final status (5 done, or 4 rejected) and callback */
	finalMs: 3000,
};

/** eSMS network ids (GetTemplate NetworkID, callback telcoid): 1 Viettel … 7 Reddi. */
const NETWORKS = [1, 2, 3, 4, 5, 6, 7];

/** One registered template row per network, as GetTemplate lists them (each network has its own TempId). */
function onNetworks(firstTempId, networks, TempContent) {
	return networks.map((NetworkID, i) => ({ NetworkID, TempContent, TempId: firstTempId + i }));
}

/** A ZNS template parameter as GetZnsTemplateInfo's ListParams shows it. */
const param = (Name, MaxLength, { Require = true, MinLength = 0, Type = 'STRING' } = {}) => ({
	AcceptNull: !Require,
	MaxLength,
	MinLength,
	Name,
	Require,
	Type,
});

/** A ZNS template: GetZnsTemplateInfo's Data, plus TempContent (GetTemplate) and an optional Price (VND). */
function znsTemplate(TemplateId, TemplateName, ListParams, extra = {}) {
	return {
		ListButtons: [],
		ListParams,
		PreviewUrl: `https://account.zalo.cloud/znspreview/sim-${TemplateId}`,
		Reason: 'Template đã được duyệt',
		Status: 'ENABLE',
		TemplateId,
		TemplateName,
		TemplateQuality: 'null',
		TemplateTag: 'TRANSACTION',
		Timeout: 7200000,
		TempContent: `<p>${TemplateName}: ${ListParams.map((p) => `{{${p.Name}}}`).join(' ')}</p>`,
		...extra,
	};
}

/**
 * What a new account has unless it says otherwise: brandnames (Type 1 ads, 2 customer care, 23 Viber) with
 * their customer-care templates (`{P1,8}` = 1 to 8 characters), Zalo OAs with their ZNS templates, voice
 * recordings (MakeCallRecord_V2 TemplateId) and text-to-speech templates (MakeCallTemplate_V2 TemplateId).
 */
const DEMO_SEED = {
	brandnames: [
		{
			Brandname: 'Baotrixemay',
			Type: 2,
			templates: [
				...onNetworks(458, NETWORKS, '{P1,8} la ma xac minh dang ky Baotrixemay cua ban'),
				...onNetworks(12640, NETWORKS, 'Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!'),
				// templates may differ by network: Viettel registered a shorter wording of the payment notice
				...onNetworks(466, [1], 'Baotrixemay: da nhan {P1,20} VND cho don hang {P2,20}. Cam on quy khach!'),
				...onNetworks(467, [2, 3, 4, 5, 6, 7], 'Baotrixemay da nhan duoc so tien thanh toan {P1,20} VND cho don hang {P2,20}. Cam on quy khach!'),
			],
		},
		{ Brandname: 'QC_ONLINE', Type: 1, templates: [] },
		{ Brandname: 'BAT DONG SAN GIA TOT', Type: 23, templates: [] },
	],
	zaloOAs: [
		{
			OAID: '1397492183140006179',
			OAName: 'eSMS Demo Shop',
			templates: [znsTemplate(2056446, 'Thông báo chung', [param('name', 30, { Require: false })])],
		},
		{
			OAID: '4097311281936189049',
			OAName: 'SVoucher',
			templates: [
				// the send example of esms-api/ham-gui-tin/tin-nhan-zalo.md
				znsTemplate(200607, 'Xác nhận mua hàng', [
					param('customer_name', 30, { MinLength: 1 }),
					param('order_code', 30),
					param('address', 200, { Require: false }),
					param('phone', 15, { Require: false }),
					param('email', 100, { Require: false }),
					param('product_name', 100),
					param('quantity', 12, { Type: 'NUMBER' }),
					param('payment_amount', 12, { Type: 'NUMBER' }),
					param('delivery_date', 10, { Type: 'DATE' }),
				]),
				// the details example of esms-api/ham-truy-xuat-va-dang-ky/ham-lay-thong-tin-chi-tiet-template-zalo.md
				znsTemplate(
					267247,
					'Đánh giá dịch vụ - text',
					[param('customer_name', 100), param('product_name', 100), param('order_code', 30), param('date', 30)],
					{
						ListButtons: [{ Content: 'https://oa.zalo.me/4097311281936189049', Title: 'Quan tâm OA', Type: 2 }],
						PreviewUrl: 'https://account.zalo.cloud/znspreview/NqFkYJ14yilzdlAXteG_rQ==',
						Price: 660,
					},
				),
				znsTemplate(231234, 'Khuyến mãi tháng 7', [param('customer_name', 30), param('voucher_code', 20)], {
					Reason: 'Template đang được kiểm duyệt',
					Status: 'PENDING_REVIEW',
					TemplateTag: 'PROMOTION',
				}),
			],
		},
	],
	/** MakeCallRecord_V2 TemplateId values (recording ids from account.esms.vn) */
	voiceRecords: ['12345', '67890'],
	/** MakeCallTemplate_V2 TemplateId → its text; `{1}`, `{2}` are filled from VariableListStr in order */
	ttsTemplates: {
		5001: 'Xin chao {1}, don hang {2} cua quy khach da duoc giao thanh cong.',
		5002: 'Ma xac thuc cua quy khach la {1}.',
	},
};

const DEMO_ACCOUNTS = [
	{
		apiKey: 'DEMO_API_KEY',
		secretKey: 'DEMO_SECRET_KEY',
		userId: 9999,
		balance: 1_000_000,
	},
	{ apiKey: 'EMPTY_API_KEY', secretKey: 'EMPTY_SECRET_KEY', userId: 9001, balance: 0 },
	{ apiKey: 'LOCKED_API_KEY', secretKey: 'LOCKED_SECRET_KEY', userId: 9002, balance: 100_000, locked: true },
];

/** Phones that have no Zalo account at start (ZNS to them fails with Zalo error -118; multichannel falls back). */
const NO_ZALO_PHONES = ['0977000000'];

module.exports = { DEFAULT_PRICES, DEFAULT_TIMELINE, DEMO_ACCOUNTS, DEMO_SEED, NETWORKS, NO_ZALO_PHONES, onNetworks, param, znsTemplate };
