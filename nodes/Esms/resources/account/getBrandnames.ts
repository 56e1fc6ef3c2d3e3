import { brandnamesRequest, LIST_URLS, numberOrNull, readBrandnames } from '../../shared/lists';
import { lookup } from '../../shared/lookup';
import { defineOperation } from '../../shared/operation';
import { readOutput } from '../../shared/read';

/**
 * Account → Get Brandnames: one item per brandname registered to the account
 * (GetListBrandname, ham-lay-danh-sach-brandname.md). The same request as the Brandname picker.
 *
 * Output: { brandname, type (1, 2 or 23), typeName ("advertising" | "customerCare" | "viber" | "other") }
 */
const TYPE_NAMES: Readonly<Record<string, string>> = { '1': 'advertising', '2': 'customerCare', '23': 'viber' };

export const getBrandnames = defineOperation({
	resource: 'account',
	value: 'getBrandnames',
	name: 'Get Brandnames',
	action: 'Get the account brandnames',
	description: 'List the brandnames registered to the account (advertising, customer care, Viber), one item each',
	request: { method: 'GET', url: LIST_URLS.brandnames },
	kind: 'read',
	// the keys go in the path, only as the request leaves
	atSend: brandnamesRequest,
	output: readOutput(
		(b) => ({
			brandname: String(b.Brandname ?? ''),
			type: numberOrNull(b.Type),
			typeName: lookup(TYPE_NAMES, String(b.Type ?? '').trim()) ?? 'other',
		}),
		readBrandnames,
	),
	simplify: true,
	tool:
		'List the brandnames registered to the eSMS account. Takes no input. The answer is a JSON array, one object per brandname.',
});
