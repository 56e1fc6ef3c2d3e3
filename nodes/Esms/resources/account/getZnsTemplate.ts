import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { zaloOaField, znsTemplateField } from '../../listSearch';
import { pickedValue, requiredPick } from '../../listSearch/common';
import { OA_FIX } from '../../listSearch/zaloOas';
import { TEMPLATE_FIX } from '../../listSearch/znsTemplates';
import { show } from '../../shared/descriptions';
import { idText, LIST_URLS, numberOrNull, readZnsTemplate, znsTemplateRequest } from '../../shared/lists';
import type { EsmsZnsTemplateInfoResponse } from '../../shared/listTypes';
import { defineOperation } from '../../shared/operation';
import { readOutput } from '../../shared/read';

/**
 * Account → Get ZNS Template: the details of one ZNS template, as one item (GetZnsTemplateInfo,
 * ham-lay-thong-tin-chi-tiet-template-zalo.md). The same request as the template parameter fields.
 *
 * Output: { oaId, templateId, templateName, status (ENABLE, PENDING_REVIEW, DELETE, REJECT, DISABLE),
 * enabled, reason, tag, quality, previewUrl, timeout (as eSMS gives it; the unit is not documented),
 * params: [{ name, required, acceptNull, minLength, maxLength, type }], buttons: [{ type, title, content }] }
 */
const displayOptions = show('account', 'getZnsTemplate');

export const getZnsTemplate = defineOperation({
	resource: 'account',
	value: 'getZnsTemplate',
	name: 'Get ZNS Template',
	action: 'Get a ZNS template',
	description: "Get a ZNS template's details: status, parameters with their length limits, buttons",
	request: { method: 'GET', url: LIST_URLS.znsTemplate },
	kind: 'read',
	fields: [zaloOaField(displayOptions), znsTemplateField(displayOptions)],
	async prepare(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const request = znsTemplateRequest(requiredPick(this, 'zaloOa', 'Zalo OA', OA_FIX), requiredPick(this, 'znsTemplate', 'Template', TEMPLATE_FIX));
		return { ...requestOptions, ...request };
	},
	output: readOutput(
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
		(body: EsmsZnsTemplateInfoResponse) => [readZnsTemplate(body)],
	),
	simplify: true,
	tool:
		'Get the details of the Zalo ZNS template the workflow set: its parameters, which are required, and their length limits. Takes no input.',
});
