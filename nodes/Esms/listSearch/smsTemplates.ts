import type { IDisplayOptions, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fetchList, readSmsTemplates, smsTemplatesRequest } from '../shared/lists';
import type { EsmsSmsTemplate, EsmsSmsTemplateListResponse } from '../shared/listTypes';
import { networkName } from '../shared/templates';
import { filterResults, locator, pickedValue } from './common';

/**
 * A brandname's templates as picker entries. eSMS lists a template once per network, often with the
 * same text (TempId 12640, 12647, 12884 in the documented example): one entry per text, whose value
 * is the first TempId and whose description names the networks.
 */
export function smsTemplateEntries(templates: EsmsSmsTemplate[]): INodeListSearchItems[] {
	const byText = new Map<string, EsmsSmsTemplate[]>();
	for (const t of templates) {
		const text = String(t.TempContent ?? '');
		byText.set(text, [...(byText.get(text) ?? []), t]);
	}
	return [...byText.entries()].map(([text, group]) => ({
		name: text.length > 100 ? `${text.slice(0, 99)}…` : text,
		value: String(group[0].TempId).trim(),
		description: `${group.map((t) => networkName(t.NetworkID)).join(', ')} (template ${group.map((t) => String(t.TempId).trim()).join(', ')})`,
	}));
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
