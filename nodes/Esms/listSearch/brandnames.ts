import type { IDisplayOptions, ILoadOptionsFunctions, INodeListSearchResult, INodeProperties } from 'n8n-workflow';

import { brandnamesRequest, fetchList, readBrandnames } from '../shared/lists';
import type { EsmsBrandnameListResponse } from '../shared/listTypes';
import { filterResults, locator } from './common';

export const BRANDNAME_FIX = 'Pick a customer-care brandname from the list, or type its name.';
export const ADVERTISING_BRANDNAME_FIX = 'Pick an advertising brandname from the list, or type its name.';

/** Brandname Type 1: advertising (quảng cáo), the only kind Send Advertising SMS can use. */
export const ADVERTISING = 1;
/** Brandname Type 2: customer care (CSKH), the only kind Send Brandname SMS can use. */
export const CUSTOMER_CARE = 2;
/** Brandname Type 23: Viber. */
export const VIBER = 23;

/**
 * A picker's list search: the account's brandnames of one Type (GetListBrandname,
 * ham-lay-danh-sach-brandname.md: 1 advertising, 2 customer care, 23 Viber), filtered by the typed
 * text. The brandnames of every other type are left out. The list is read once per editor request.
 */
export function brandnamesOfType(type: number) {
	return async function (this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const body = await fetchList<EsmsBrandnameListResponse>(this, await brandnamesRequest(this));
		const results = readBrandnames(body)
			.filter((b) => Number(b.Type) === type)
			.map((b) => ({ name: String(b.Brandname), value: String(b.Brandname) }));
		return { results: filterResults(results, filter) };
	};
}

/** The account's customer-care brandnames (type 2). */
export const searchBrandnames = brandnamesOfType(CUSTOMER_CARE);

/** The account's advertising brandnames (type 1), for Send Advertising SMS. */
export const searchAdvertisingBrandnames = brandnamesOfType(ADVERTISING);

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

/** The account's Viber brandnames (type 23), for Send Viber Message. */
export const searchViberBrandnames = brandnamesOfType(VIBER);

export const VIBER_BRANDNAME_FIX = 'Pick a Viber brandname from the list, or type its name.';

/** The Viber brandname picker (Send Viber Message). */
export function viberBrandnameField(displayOptions: IDisplayOptions): INodeProperties {
	return locator({
		displayName: 'Brandname',
		name: 'viberBrandname',
		description: 'A Viber brandname registered to the account (brandname type 23). Names are case-sensitive.',
		searchListMethod: 'searchViberBrandnames',
		typedName: 'By Name',
		placeholder: 'e.g. BAT DONG SAN GIA TOT',
		displayOptions,
	});
}

/** The advertising brandname picker (Type 1), for Send Advertising SMS and its estimate. */
export function advertisingBrandnameField(displayOptions: IDisplayOptions): INodeProperties {
	return locator({
		displayName: 'Brandname',
		name: 'advertisingBrandname',
		description: 'An advertising (quảng cáo) brandname registered to the account. Names are case-sensitive.',
		searchListMethod: 'searchAdvertisingBrandnames',
		typedName: 'By Name',
		placeholder: 'e.g. QC_ONLINE',
		displayOptions,
	});
}
