import type { IDisplayOptions, ILoadOptionsFunctions, INodeListSearchResult, INodeProperties } from 'n8n-workflow';

import { brandnamesRequest, fetchList, readBrandnames } from '../shared/lists';
import type { EsmsBrandnameListResponse } from '../shared/listTypes';
import { filterResults, locator } from './common';

export const BRANDNAME_FIX = 'Pick a customer-care brandname from the list, or type its name.';

/** Brandname Type 2: customer care (CSKH), the only kind Send Brandname SMS can use. */
export const CUSTOMER_CARE = 2;

/**
 * The account's customer-care brandnames (GetListBrandname, ham-lay-danh-sach-brandname.md),
 * filtered by the typed text. Advertising (1) and Viber (23) brandnames are left out.
 */
export async function searchBrandnames(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const body = await fetchList<EsmsBrandnameListResponse>(this, await brandnamesRequest(this));
	const results = readBrandnames(body)
		.filter((b) => Number(b.Type) === CUSTOMER_CARE)
		.map((b) => ({ name: String(b.Brandname), value: String(b.Brandname) }));
	return { results: filterResults(results, filter) };
}

export function brandnameField(displayOptions: IDisplayOptions): INodeProperties {
	return locator({
		displayName: 'Brandname',
		name: 'brandname',
		description: 'A customer-care brandname registered to the account. Names are case-sensitive.',
		searchListMethod: 'searchBrandnames',
		typedName: 'By Name',
		placeholder: 'e.g. Baotrixemay',
		displayOptions,
	});
}
