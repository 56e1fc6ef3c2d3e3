import { idText, listOutput, listRequest, numberOrNull, readZnsTemplate, znsTemplateRequest } from '../../shared/lists';
import { pickedValue, requiredPick } from '../../listSearch/common';
import { OA_FIX } from '../../listSearch/zaloOas';
import { TEMPLATE_FIX } from '../../listSearch/znsTemplates';
import type { EsmsZnsTemplateInfoResponse } from '../../shared/listTypes';

/**
 * Account → Get ZNS Template: the details of one ZNS template, as one item (GetZnsTemplateInfo,
 * ham-lay-thong-tin-chi-tiet-template-zalo.md). The same request as the template parameter fields.
 *
 * Output: { oaId, templateId, templateName, status (ENABLE, PENDING_REVIEW, DELETE, REJECT, DISABLE),
 * enabled, reason, tag, quality, previewUrl, timeout (as eSMS gives it; the unit is not documented),
 * params: [{ name, required, acceptNull, minLength, maxLength, type }], buttons: [{ type, title, content }] }
 */
export const requestZnsTemplate = listRequest(async (ctx) =>
	znsTemplateRequest(requiredPick(ctx, 'zaloOa', 'Zalo OA', OA_FIX), requiredPick(ctx, 'znsTemplate', 'Template', TEMPLATE_FIX)),
);

export const outputZnsTemplate = listOutput(
	(body: EsmsZnsTemplateInfoResponse) => [readZnsTemplate(body)],
	(d, ctx) => {
		const status = String(d.Status ?? '').trim();
		return {
			oaId: pickedValue(ctx, 'zaloOa'),
			templateId: idText(d.TemplateId),
			templateName: String(d.TemplateName ?? ''),
			status,
			enabled: status === 'ENABLE',
			reason: d.Reason ?? null,
			tag: d.TemplateTag ?? null,
			// the Vietnamese example sends the text "null"
			quality: d.TemplateQuality && d.TemplateQuality !== 'null' ? d.TemplateQuality : null,
			previewUrl: d.PreviewUrl ?? null,
			timeout: numberOrNull(d.Timeout),
			params: (d.ListParams ?? []).map((p) => ({
				name: String(p.Name ?? ''),
				required: p.Require === true,
				acceptNull: p.AcceptNull === true,
				minLength: numberOrNull(p.MinLength),
				maxLength: numberOrNull(p.MaxLength),
				type: String(p.Type ?? ''),
			})),
			buttons: (d.ListButtons ?? []).map((b) => ({
				type: numberOrNull(b.Type),
				title: String(b.Title ?? ''),
				content: String(b.Content ?? ''),
			})),
		};
	},
);
