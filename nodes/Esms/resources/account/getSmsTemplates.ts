import { idText, listOutput, listRequest, numberOrNull, readSmsTemplates, smsTemplatesRequest } from '../../shared/lists';
import { networkName, smsPlaceholders } from '../../shared/templates';
import { BRANDNAME_FIX } from '../../listSearch/brandnames';
import { pickedValue, requiredPick } from '../../listSearch/common';

/**
 * Account → Get SMS Templates: one item per customer-care template of a brandname, per network
 * (GetTemplate/ with SmsType 2, ham-lay-danh-sach-template-tin-cham-soc-khach-hang.md). The same
 * request as the SMS template picker.
 *
 * Output: { brandname, templateId, networkId (1–7), network ("Viettel"…), content,
 * placeholders: [{ name: "P1", key: "P1", maxLength: 20 }] } — key tells repeated names apart (P2_2).
 */
export const requestSmsTemplates = listRequest(async (ctx) => smsTemplatesRequest(requiredPick(ctx, 'brandname', 'Brandname', BRANDNAME_FIX)));

export const outputSmsTemplates = listOutput(readSmsTemplates, (t, ctx) => ({
	brandname: pickedValue(ctx, 'brandname'),
	templateId: idText(t.TempId),
	networkId: numberOrNull(t.NetworkID),
	network: networkName(t.NetworkID),
	content: String(t.TempContent ?? ''),
	placeholders: smsPlaceholders(String(t.TempContent ?? '')).map((p) => ({ ...p })),
}));
