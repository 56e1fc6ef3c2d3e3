import { idText, listOutput, listRequest, numberOrNull, readZnsTemplates, znsTemplatesRequest } from '../../shared/lists';
import { pickedValue, requiredPick } from '../../listSearch/common';
import { OA_FIX } from '../../listSearch/zaloOas';

/**
 * Account → Get ZNS Templates: one item per ZNS template of a Zalo OA (GetTemplate/ with OAId and
 * SmsType 25, ham-lay-danh-sach-template-zalo.md). The same request as the ZNS template picker. The
 * list has no status: Get ZNS Template gives it.
 *
 * Output: { oaId, templateId, templateName, content (HTML), params: [{ name, maxLength, order, type }] }
 * where type is eSMS's RequireType (type_text, type_number, type_date, type_cta_url).
 */
export const requestZnsTemplates = listRequest(async (ctx) => znsTemplatesRequest(requiredPick(ctx, 'zaloOa', 'Zalo OA', OA_FIX)));

export const outputZnsTemplates = listOutput(readZnsTemplates, (t, ctx) => ({
	oaId: pickedValue(ctx, 'zaloOa'),
	templateId: idText(t.TempId),
	templateName: String(t.TempName ?? ''),
	content: String(t.TempContent ?? ''),
	params: (t.ZNSTempDetail ?? []).map((p) => ({
		name: String(p.Param ?? ''),
		maxLength: numberOrNull(p.Limit),
		order: numberOrNull(p.ParamLevel),
		type: String(p.RequireType ?? ''),
	})),
}));
