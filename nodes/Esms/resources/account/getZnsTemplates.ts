import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { zaloOaField } from '../../listSearch';
import { pickedValue, requiredPick } from '../../listSearch/common';
import { OA_FIX } from '../../listSearch/zaloOas';
import { show } from '../../shared/descriptions';
import { idText, LIST_URLS, numberOrNull, readZnsTemplates, znsTemplatesRequest } from '../../shared/lists';
import { defineOperation } from '../../shared/operation';
import { readOutput } from '../../shared/read';

/**
 * Account → Get ZNS Templates: one item per ZNS template of a Zalo OA (GetTemplate/ with OAId and
 * SmsType 25, ham-lay-danh-sach-template-zalo.md). The same request as the ZNS template picker. The
 * list has no status: Get ZNS Template gives it.
 *
 * Output: { oaId, templateId, templateName, content (HTML), params: [{ name, maxLength, order, type }] }
 * where type is eSMS's RequireType (type_text, type_number, type_date, type_cta_url).
 */
export const getZnsTemplates = defineOperation({
	resource: 'account',
	value: 'getZnsTemplates',
	name: 'Get ZNS Templates',
	action: 'Get the ZNS templates of an OA',
	description: "List a Zalo OA's ZNS templates with their parameters, one item each",
	request: { method: 'POST', url: LIST_URLS.templates },
	kind: 'read',
	fields: [zaloOaField(show('account', 'getZnsTemplates'))],
	async prepare(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		return { ...requestOptions, ...znsTemplatesRequest(requiredPick(this, 'zaloOa', 'Zalo OA', OA_FIX)) };
	},
	output: readOutput(
		(t, ctx) => ({
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
		}),
		readZnsTemplates,
	),
	simplify: true,
	tool:
		'List the Zalo ZNS templates of the Zalo OA the workflow set. Takes no input. The answer is a JSON array, one object per template.',
});
