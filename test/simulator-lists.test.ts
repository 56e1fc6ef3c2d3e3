/**
 * The simulator's account lists and price estimates against eSMS's documentation
 * (esms-api/ham-truy-xuat-va-dang-ky/): documented bodies byte for byte, documented errors, and the
 * choices made where the docs are silent (README, "The eSMS simulator").
 */
import { compact, createSimulator, fixtures, simGet, simPost } from './helpers/simulator';
import type { Simulator } from './helpers/simulator';

const KEYS = { ApiKey: 'DEMO_API_KEY', SecretKey: 'DEMO_SECRET_KEY' };
const DOC = { ApiKey: 'DOC_KEY', SecretKey: 'DOC_SECRET' };
const BAD = { ApiKey: 'DEMO_API_KEY', SecretKey: 'wrong' };

let sim: Simulator;
beforeEach(async () => {
	sim = createSimulator({ autoTick: false });
	await sim.start();
});
afterEach(async () => {
	await sim.stop();
});

/** An account holding exactly what the documented examples show. */
function addDocAccount() {
	const row = (NetworkID: number, TempContent: string, TempId: number) => ({ NetworkID, TempContent, TempId });
	const thanks = 'Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!';
	sim.addAccount({
		apiKey: DOC.ApiKey,
		secretKey: DOC.SecretKey,
		brandnames: [
			{
				Brandname: 'Baotrixemay',
				Type: 2,
				templates: [
					row(6, '{P1,20} la ma xac minh dang ky Baotrixemay cua ban', 458),
					row(4, 'Baotrixemay da nhan duoc so tien thanh toan {P2,20} VND luc {P2,20} cho don hang {P1,20}. Cam on quy khach!', 466),
					row(2, thanks, 12640),
					row(5, thanks, 12647),
					row(3, 'Chuc mung sinh nhat {P2,50}. Kinh chuc QK co nhieu suc khoe, thanh cong va hanh phuc! Nhan dip sinh nhat xin gui den {P2,50} coupon {P2,20}. Tran trong.', 12899),
					row(1, thanks, 12884),
				],
			},
		],
		zaloOAs: [
			{
				OAID: '745830328927467685',
				OAName: 'Hệ thống ESMS Marketing',
				templates: [
					fixtures.znsTemplate(205644, 'Xác nhận đăng ký dịch vụ', [fixtures.param('otp', 10)], { TempContent: OTP_HTML }),
				],
			},
			{ OAID: '4097311281936189049', OAName: 'SVoucher', templates: [] },
		],
	});
}

const OTP_HTML = String.raw`<div class="group-desc" style="box-sizing: border-box; -webkit-tap-highlight-color: rgba(0, 0, 0, 0); color: #131820; font-family: Muli, sans-serif; font-size: 16px;"> <p style="box-sizing: border-box; -webkit-tap-highlight-color: rgba(0, 0, 0, 0); margin: 0px; padding: 0px; color: #394e60; font-size: 0.875rem; line-height: 20px;">Mã OTP của bạn là</p> </div> <p><span class="otp-code" style="box-sizing: border-box; -webkit-tap-highlight-color: rgba(0, 0, 0, 0); font-weight: bold; color: #131820; font-size: 1.5rem; letter-spacing: 3.75px; line-height: 24px; display: block; padding: 12px 0px; font-family: Muli, sans-serif;">{{otp}}</span></p> <div class="group-desc" style="box-sizing: border-box; -webkit-tap-highlight-color: rgba(0, 0, 0, 0); color: #131820; font-family: Muli, sans-serif; font-size: 16px;"> <p style="box-sizing: border-box; -webkit-tap-highlight-color: rgba(0, 0, 0, 0); margin: 0px; padding: 0px; color: #394e60; font-size: 0.875rem; line-height: 20px;">Không tiết lộ cho bất kỳ ai, Mã xác nhận sẽ có hiệu lực trong 5 phút.</p> </div>`;

const listBrandnames = (keys: { ApiKey: string; SecretKey: string }) =>
	simGet(sim.restUrl, `GetListBrandname/${encodeURIComponent(keys.ApiKey)}/${encodeURIComponent(keys.SecretKey)}`, {});

describe('GetListBrandname (ham-lay-danh-sach-brandname.md)', () => {
	test('100: the demo account holds the documented list, byte for byte', async () => {
		const r = await listBrandnames(KEYS);
		expect([r.status, r.type]).toEqual([200, 'application/json; charset=utf-8']);
		expect(r.text).toBe(compact(`{
			"CodeResponse": "100",
			"ListBrandName": [
				{ "Brandname": "Baotrixemay", "Type": 2 },
				{ "Brandname": "QC_ONLINE", "Type": 1 },
				{ "Brandname": "BAT DONG SAN GIA TOT", "Type": 23 }
			]
		}`).replace(/\{ /g, '{').replace(/ \}/g, '}'));
	});

	test('101 answers CodeResult (not CodeResponse); 143 for a locked account; a missing key segment is 404', async () => {
		expect((await listBrandnames(BAD)).text).toBe('{"CodeResult":"101","ErrorMessage":"Authorize Failed"}');
		expect((await listBrandnames({ ApiKey: 'LOCKED_API_KEY', SecretKey: 'LOCKED_SECRET_KEY' })).text).toBe(
			'{"CodeResult":"143","ErrorMessage":"Account is not activated or has been locked"}',
		);
		expect((await simGet(sim.restUrl, 'GetListBrandname/DEMO_API_KEY', {})).status).toBe(404);
	});

	test('faults name the route without the keys in its path', async () => {
		sim.addFault({ route: 'GetListBrandname', mode: 'http5xx', times: 1 });
		expect((await listBrandnames(KEYS)).status).toBe(500);
		expect((await listBrandnames(KEYS)).status).toBe(200);
	});
});

describe('GetTemplate: customer-care templates (ham-lay-danh-sach-template-tin-cham-soc-khach-hang.md)', () => {
	const templates = (keys: object, Brandname: string, SmsType = '2') =>
		simPost(sim.restUrl, 'GetTemplate/', { ...keys, SmsType, Brandname });

	test('100: the documented example, byte for byte', async () => {
		addDocAccount();
		const doc = await templates(DOC, 'Baotrixemay');
		expect(doc.text).toBe(compact(`{
			"BrandnameTemplates": [
				{"NetworkID": 6, "TempContent": "{P1,20} la ma xac minh dang ky Baotrixemay cua ban", "TempId": 458},
				{"NetworkID": 4, "TempContent": "Baotrixemay da nhan duoc so tien thanh toan {P2,20} VND luc {P2,20} cho don hang {P1,20}. Cam on quy khach!", "TempId": 466},
				{"NetworkID": 2, "TempContent": "Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!", "TempId": 12640},
				{"NetworkID": 5, "TempContent": "Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!", "TempId": 12647},
				{"NetworkID": 3, "TempContent": "Chuc mung sinh nhat {P2,50}. Kinh chuc QK co nhieu suc khoe, thanh cong va hanh phuc! Nhan dip sinh nhat xin gui den {P2,50} coupon {P2,20}. Tran trong.", "TempId": 12899},
				{"NetworkID": 1, "TempContent": "Cam on quy khach da su dung dich vu cua chung toi. Chuc quy khach mot ngay tot lanh!", "TempId": 12884}
			],
			"CodeResult": "100",
			"ErrorMessage": "success"
		}`));
	});

	test('the demo brandname lists the seeded rows, one per network, with a network-specific wording', async () => {
		const rows = JSON.parse((await templates(KEYS, 'Baotrixemay')).text).BrandnameTemplates;
		expect(rows).toEqual(fixtures.DEMO_SEED.brandnames[0].templates);
		const payment = rows.filter((t: { TempContent: string }) => t.TempContent.includes('VND'));
		expect(payment.map((t: { NetworkID: number }) => t.NetworkID)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(new Set(payment.map((t: { TempContent: string }) => t.TempContent)).size).toBe(2);
	});

	test('104 for an unknown brandname and for a brandname that is not customer care; 101; 118', async () => {
		const e104 = '{"CodeResult":"104","ErrorMessage":"Brand name code is not exist"}';
		expect((await templates(KEYS, 'NoSuchBrand')).text).toBe(e104);
		expect((await templates(KEYS, 'QC_ONLINE')).text).toBe(e104);
		expect((await templates(BAD, 'Baotrixemay')).text).toBe('{"CodeResult":"101","ErrorMessage":"Authorize Failed"}');
		expect((await templates(KEYS, 'Baotrixemay', '8')).text).toBe('{"CodeResult":"118","ErrorMessage":"SmsType is not supported"}');
	});
});

describe('ZNS/GetListZOA (ham-lay-danh-sach-zalo-oa.md)', () => {
	test('100: the documented example, byte for byte; 101 with its full stop', async () => {
		addDocAccount();
		expect((await simPost(sim.restUrl, 'ZNS/GetListZOA/', DOC)).text).toBe(compact(`{
			"CodeResult": "100",
			"ErrorMessage": "success",
			"ZOAList": [
				{"OAID": "745830328927467685", "OAName": "Hệ thống ESMS Marketing"},
				{"OAID": "4097311281936189049", "OAName": "SVoucher"}
			]
		}`));
		expect((await simPost(sim.restUrl, 'ZNS/GetListZOA/', BAD)).text).toBe('{"CodeResult":"101","ErrorMessage":"Authorize Failed."}');
	});

	test('the demo account has two OAs', async () => {
		const list = JSON.parse((await simPost(sim.restUrl, 'ZNS/GetListZOA/', KEYS)).text).ZOAList;
		expect(list).toEqual(fixtures.DEMO_SEED.zaloOAs.map((o) => ({ OAID: o.OAID, OAName: o.OAName })));
		expect(list).toHaveLength(2);
	});
});

describe('GetTemplate: an OA\'s ZNS templates (ham-lay-danh-sach-template-zalo.md)', () => {
	const templates = (keys: object, OAId: string, SmsType = '25') => simPost(sim.restUrl, 'GetTemplate/', { ...keys, OAId, SmsType });

	test('100: the documented example, byte for byte', async () => {
		addDocAccount();
		const r = await templates(DOC, '745830328927467685');
		expect(r.text).toBe(
			compact(`{
			"CodeResult": "100",
			"ErrorMessage": "success",
			"ZNSTemplates": [
				{
					"TempContent": ${JSON.stringify(OTP_HTML)},
					"TempId": 205644,
					"TempName": "Xác nhận đăng ký dịch vụ",
					"ZNSTempDetail": [{"Limit": 10, "Param": "otp", "ParamLevel": 1, "RequireType": "type_text"}]
				}
			]
		}`),
		);
	});

	test('every template of the OA is listed, enabled or not, with its parameters in order; 799 unknown OA; 118; 101', async () => {
		const list = JSON.parse((await templates(KEYS, '4097311281936189049', '24')).text).ZNSTemplates;
		expect(list.map((t: { TempId: number }) => t.TempId)).toEqual([200607, 267247, 231234]);
		expect(list[0].ZNSTempDetail.slice(6)).toEqual([
			{ Limit: 12, Param: 'quantity', ParamLevel: 7, RequireType: 'type_number' },
			{ Limit: 12, Param: 'payment_amount', ParamLevel: 8, RequireType: 'type_number' },
			{ Limit: 10, Param: 'delivery_date', ParamLevel: 9, RequireType: 'type_date' },
		]);
		expect((await templates(KEYS, '1')).text).toBe('{"CodeResult":"799","ErrorMessage":"OAID is inactive, wrong, or not added to this account"}');
		expect((await templates(KEYS, '4097311281936189049', '8')).text).toBe('{"CodeResult":"118","ErrorMessage":"SmsType is not supported"}');
		expect((await templates(BAD, '4097311281936189049')).text).toBe('{"CodeResult":"101","ErrorMessage":"Authorize Failed"}');
	});
});

describe('GetZnsTemplateInfo (ham-lay-thong-tin-chi-tiet-template-zalo.md)', () => {
	const info = (keys: object, OAId: string, TemplateId: string) => simGet(sim.restUrl, 'GetZnsTemplateInfo', { TemplateId, ...keys, OAId } as Record<string, string>);

	test('100: the documented example, byte for byte (Error is a number here)', async () => {
		const r = await info(KEYS, '4097311281936189049', '267247');
		expect(r.text).toBe(compact(`{
			"Data": {
				"ListButtons": [{"Content": "https://oa.zalo.me/4097311281936189049", "Title": "Quan tâm OA", "Type": 2}],
				"ListParams": [
					{"AcceptNull": false, "MaxLength": 100, "MinLength": 0, "Name": "customer_name", "Require": true, "Type": "STRING"},
					{"AcceptNull": false, "MaxLength": 100, "MinLength": 0, "Name": "product_name", "Require": true, "Type": "STRING"},
					{"AcceptNull": false, "MaxLength": 30, "MinLength": 0, "Name": "order_code", "Require": true, "Type": "STRING"},
					{"AcceptNull": false, "MaxLength": 30, "MinLength": 0, "Name": "date", "Require": true, "Type": "STRING"}
				],
				"PreviewUrl": "https://account.zalo.cloud/znspreview/NqFkYJ14yilzdlAXteG_rQ==",
				"Reason": "Template đã được duyệt",
				"Status": "ENABLE",
				"TemplateId": 267247,
				"TemplateName": "Đánh giá dịch vụ - text",
				"TemplateQuality": "null",
				"TemplateTag": "TRANSACTION",
				"Timeout": 7200000
			},
			"Error": 0,
			"Message": "Success"
		}`));
	});

	test('a template that is not enabled says so; optional parameters accept null; errors 101, 791, 799, 789', async () => {
		const pending = JSON.parse((await info(KEYS, '4097311281936189049', '231234')).text).Data;
		expect([pending.Status, pending.Reason]).toEqual(['PENDING_REVIEW', 'Template đang được kiểm duyệt']);
		const order = JSON.parse((await info(KEYS, '4097311281936189049', '200607')).text).Data.ListParams;
		expect(order[0]).toEqual({ AcceptNull: false, MaxLength: 30, MinLength: 1, Name: 'customer_name', Require: true, Type: 'STRING' });
		expect(order[2]).toMatchObject({ Name: 'address', Require: false, AcceptNull: true });
		expect((await info(BAD, '4097311281936189049', '200607')).text).toBe('{"Error":101,"Message":"Authorize Failed"}');
		expect((await info(KEYS, '', '200607')).text).toBe('{"Error":791,"Message":"Missing OA ID or Template ID"}');
		expect((await info(KEYS, '1', '200607')).text).toBe('{"Error":799,"Message":"OAID is inactive, wrong, or not added to this account"}');
		expect((await info(KEYS, '1397492183140006179', '200607')).text).toBe('{"Error":789,"Message":"TemplateId is not config"}');
	});
});

describe('price estimates send nothing', () => {
	const smsEstimate = (q: Record<string, string>) =>
		simGet(sim.restUrl, 'SummaryMultipleMessage_V4_get', { Phone: '0901888484', Content: 'AB12 la ma xac minh dang ky Baotrixemay cua ban', ...KEYS, SmsType: '2', BrandName: 'Baotrixemay', ...q });
	const znsEstimate = (b: Record<string, unknown>) =>
		simPost(sim.restUrl, 'SummaryZaloMessage_V4_post_json/', { ...KEYS, Phone: '0901888484', Params: ['An', 'Ao', 'HD1', '01/08/2024'], TempID: '267247', OAID: '4097311281936189049', ...b });

	test('CSKH (ham-tam-tinh-gia-tin-nhan-cskh.md): 100, 101 and 104 as documented; price per part; nothing stored', async () => {
		const before = sim.account('DEMO_API_KEY')!.balance;
		expect((await smsEstimate({})).text).toBe(compact(`{
			"CodeResult": "100",
			"ErrorMessage": "success",
			"TotalPrice": 850,
			"TotalReceiver": 1
		}`));
		expect((await smsEstimate(BAD)).text).toBe('{"CodeResult":"101","ErrorMessage":"Authorize Failed."}');
		expect((await smsEstimate({ BrandName: 'QC_ONLINE' })).text).toBe('{"CodeResult":"104","ErrorMessage":"Brand name code is not exist"}');
		expect(JSON.parse((await smsEstimate({ Content: 'é'.repeat(71), IsUnicode: '1' })).text).TotalPrice).toBe(1700);
		expect((await smsEstimate({ Phone: '12345' })).text).toBe('{"CodeResult":"108","ErrorMessage":"The phone number 12345 is not valid."}');
		expect(sim.ledger()).toHaveLength(0);
		expect(sim.account('DEMO_API_KEY')!.balance).toBe(before);
	});

	test('ZNS (ham-tam-tinh-gia-tin-zalo.md): 100 and 101 as documented; the template\'s own price; 791, 799, 789', async () => {
		expect((await znsEstimate({})).text).toBe(compact(`{
			"CodeResult": "100",
			"ErrorMessage": "success",
			"TotalPrice": 660.0000,
			"TotalReceiver": 1
		}`));
		expect((await znsEstimate({ SecretKey: 'x' })).text).toBe('{"CodeResult":"101","ErrorMessage":"Authorize Failed"}');
		expect(JSON.parse((await znsEstimate({ TempID: '200607' })).text).TotalPrice).toBe(330);
		expect((await znsEstimate({ TempID: '' })).text).toBe('{"CodeResult":"791","ErrorMessage":"Missing OA ID or Template ID"}');
		expect((await znsEstimate({ OAID: '1' })).text).toBe('{"CodeResult":"799","ErrorMessage":"OAID is inactive, wrong, or not added to this account"}');
		expect((await znsEstimate({ TempID: '2056446' })).text).toBe('{"CodeResult":"789","ErrorMessage":"TemplateId is not config"}');
		expect(sim.ledger()).toHaveLength(0);
	});
});
