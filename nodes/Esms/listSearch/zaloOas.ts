import type { IDisplayOptions, ILoadOptionsFunctions, INodeListSearchResult, INodeProperties } from 'n8n-workflow';

import { fetchList, readZaloOas, zaloOasRequest } from '../shared/lists';
import type { EsmsZaloOaListResponse } from '../shared/listTypes';
import { filterResults, locator } from './common';

export const OA_FIX = 'Pick the Zalo OA from the list, or type its OA ID.';

/** The account's active Zalo OAs (ZNS/GetListZOA, ham-lay-danh-sach-zalo-oa.md), by name or ID. */
export async function searchZaloOas(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const body = await fetchList<EsmsZaloOaListResponse>(this, zaloOasRequest());
	const results = readZaloOas(body).map((oa) => ({
		name: String(oa.OAName ?? '').trim() || String(oa.OAID),
		value: String(oa.OAID).trim(),
		description: `OA ID ${String(oa.OAID).trim()}`,
	}));
	return { results: filterResults(results, filter) };
}

export function zaloOaField(displayOptions: IDisplayOptions): INodeProperties {
	return locator({
		displayName: 'Zalo OA',
		name: 'zaloOa',
		description: 'The Zalo Official Account, connected to this eSMS account',
		searchListMethod: 'searchZaloOas',
		typedName: 'By ID',
		placeholder: 'e.g. 4097311281936189049',
		displayOptions,
	});
}
