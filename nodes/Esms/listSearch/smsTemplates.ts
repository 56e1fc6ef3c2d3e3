import type { IDisplayOptions, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fetchList, readSmsTemplates, smsTemplatesRequest } from '../shared/lists';
import type { EsmsSmsTemplate, EsmsSmsTemplateListResponse } from '../shared/listTypes';
import { NETWORKS, networkName } from '../shared/templates';
import { filterResults, locator, pickedValue } from './common';

/**
 * The networks of one text, short: "All networks", "All but Viettel", or their names. A template's
 * wording can differ by network, and the text must be the phone's network's.
 */
function networksLabel(group: EsmsSmsTemplate[]): string {
	const ids = new Set(group.map((t) => String(t.NetworkID ?? '').trim()));
	const missing = Object.keys(NETWORKS).filter((id) => !ids.has(id));
	if (missing.length === 0) return 'All networks';
	if (missing.length <= 2 && ids.size > missing.length) return `All but ${missing.map(networkName).join(', ')}`;
	return [...ids].map(networkName).join(', ');
}

/**
 * A brandname's templates as picker entries. eSMS lists a template once per network, often with the
 * same text (TempId 12640, 12647, 12884 in the documented example): one entry per text, whose value
 * is the first TempId. The name starts with the networks: n8n 2.x shows a list entry's name only
 * (no description, not even on hover), and the text must be the one of the phone's network.
 */
export function smsTemplateEntries(templates: EsmsSmsTemplate[]): INodeListSearchItems[] {
	const byText = new Map<string, EsmsSmsTemplate[]>();
	for (const t of templates) {
		const text = String(t.TempContent ?? '');
		byText.set(text, [...(byText.get(text) ?? []), t]);
	}
	return [...byText.entries()].map(([text, group]) => {
		const name = `${networksLabel(group)} · ${text}`;
		return {
			name: name.length > 120 ? `${name.slice(0, 119)}…` : name,
			value: String(group[0].TempId).trim(),
			description: `${group.map((t) => networkName(t.NetworkID)).join(', ')} (template ${group.map((t) => String(t.TempId).trim()).join(', ')})`,
		};
	});
}

/** The picked brandname's templates (GetTemplate/ with SmsType 2), by text or ID. */
export async function searchSmsTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const brandname = pickedValue(this, 'brandname');
	if (brandname === '')
		throw new NodeOperationError(this.getNode(), 'Choose a brandname first', {
			description: 'The templates are listed for the brandname picked above. An expression there cannot be resolved in the editor: type the brandname instead.',
		});
	const body = await fetchList<EsmsSmsTemplateListResponse>(this, smsTemplatesRequest(brandname));
	return { results: filterResults(smsTemplateEntries(readSmsTemplates(body)), filter) };
}

export function smsTemplateField(displayOptions: IDisplayOptions): INodeProperties {
	return locator({
		displayName: 'Template',
		name: 'smsTemplate',
		description: "One of the brandname's registered customer-care templates",
		searchListMethod: 'searchSmsTemplates',
		typedName: 'By ID',
		placeholder: 'e.g. 458',
		displayOptions,
		dependsOn: ['brandname.value'],
	});
}
