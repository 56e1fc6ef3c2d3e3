import { brandnamesRequest, listOutput, listRequest, numberOrNull, readBrandnames } from '../../shared/lists';
import { lookup } from '../../shared/lookup';

/**
 * Account → Get Brandnames: one item per brandname registered to the account
 * (GetListBrandname, ham-lay-danh-sach-brandname.md). The same request as the Brandname picker.
 *
 * Output: { brandname, type (1, 2 or 23), typeName ("advertising" | "customerCare" | "viber" | "other") }
 */
const TYPE_NAMES: Readonly<Record<string, string>> = { '1': 'advertising', '2': 'customerCare', '23': 'viber' };

export const requestBrandnames = listRequest(undefined, brandnamesRequest);

export const outputBrandnames = listOutput(readBrandnames, (b) => ({
	brandname: String(b.Brandname ?? ''),
	type: numberOrNull(b.Type),
	typeName: lookup(TYPE_NAMES, String(b.Type ?? '').trim()) ?? 'other',
}));
