import type { IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { brandnameField } from '../../listSearch';
import { idText, LIST_URLS, numberOrNull, readSmsTemplates, smsTemplatesRequest } from '../../shared/lists';
import { show } from '../../shared/descriptions';
import { defineOperation } from '../../shared/operation';
import { readOutput } from '../../shared/read';
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
export const getSmsTemplates = defineOperation({
	resource: 'account',
	value: 'getSmsTemplates',
	name: 'Get SMS Templates',
	action: 'Get the SMS templates of a brandname',
	description: "List a brandname's registered customer-care templates, one item per template and network",
	request: { method: 'POST', url: LIST_URLS.templates },
	kind: 'read',
	fields: [brandnameField(show('account', 'getSmsTemplates'))],
	async prepare(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		return { ...requestOptions, ...smsTemplatesRequest(requiredPick(this, 'brandname', 'Brandname', BRANDNAME_FIX)) };
	},
	output: readOutput(
		(t, ctx) => ({
			brandname: pickedValue(ctx, 'brandname'),
			templateId: idText(t.TempId),
			networkId: numberOrNull(t.NetworkID),
			network: networkName(t.NetworkID),
			content: String(t.TempContent ?? ''),
			placeholders: smsPlaceholders(String(t.TempContent ?? '')).map((p) => ({ ...p })),
		}),
		readSmsTemplates,
	),
	simplify: true,
	tool:
		'List the customer-care SMS templates registered for the brandname the workflow set. Takes no input. The answer is a JSON array, one object per template, with its text and its {P1,20} placeholders.',
});
