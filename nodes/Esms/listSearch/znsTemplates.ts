import type { IDisplayOptions, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fetchList, readZnsTemplate, readZnsTemplates, znsTemplateRequest, znsTemplatesRequest } from '../shared/lists';
import type { EsmsZnsTemplateInfoResponse, EsmsZnsTemplateListResponse, EsmsZnsTemplateSummary } from '../shared/listTypes';
import { filterResults, locator, pickedValue } from './common';

export const TEMPLATE_FIX = "Pick one of the OA's templates, or type its template ID.";

/** Entries per page: each one costs a details request, for its status. */
export const ZNS_PAGE_SIZE = 20;
/** Details requests in flight at once while a page loads. */
const DETAILS_AT_ONCE = 5;

/**
 * The status of each template. The list does not carry it (ham-lay-danh-sach-template-zalo.md), so
 * it comes from the template's details (GetZnsTemplateInfo), a few requests at a time. A template
 * whose details cannot be read gets no status rather than failing the whole list.
 */
async function statuses(ctx: ILoadOptionsFunctions, oaId: string, templates: EsmsZnsTemplateSummary[]): Promise<Array<string | undefined>> {
	const out: Array<string | undefined> = templates.map((t) => (t.Status ? String(t.Status).trim() : undefined));
	for (let start = 0; start < templates.length; start += DETAILS_AT_ONCE) {
		const batch = templates.slice(start, start + DETAILS_AT_ONCE).map(async (t, i) => {
			if (out[start + i] !== undefined) return;
			try {
				const info = readZnsTemplate(await fetchList<EsmsZnsTemplateInfoResponse>(ctx, znsTemplateRequest(oaId, String(t.TempId).trim())));
				out[start + i] = info.Status ? String(info.Status).trim() : undefined;
			} catch {
				out[start + i] = undefined;
			}
		});
		await Promise.all(batch);
	}
	return out;
}

export function znsTemplateEntry(t: EsmsZnsTemplateSummary, status: string | undefined): INodeListSearchItems {
	const id = String(t.TempId).trim();
	const name = `${String(t.TempName ?? '').trim() || 'Template'} (${id})`;
	const enabled = status === undefined || status === 'ENABLE';
	return {
		name: enabled ? name : `${name} (not enabled)`,
		value: id,
		description: status === undefined ? 'Status unknown' : enabled ? 'Enabled' : `Status ${status}: sending with it fails until Zalo enables it`,
	};
}

/**
 * The picked OA's ZNS templates (GetTemplate/ with OAId), by name or ID, 20 per page. Templates that
 * are not enabled (Status other than ENABLE) are marked "(not enabled)".
 */
export async function searchZnsTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const oaId = pickedValue(this, 'zaloOa');
	if (oaId === '')
		throw new NodeOperationError(this.getNode(), 'Choose a Zalo OA first', {
			description: 'The templates are listed for the OA picked above. An expression there cannot be resolved in the editor: type the OA ID instead.',
		});
	const body = await fetchList<EsmsZnsTemplateListResponse>(this, znsTemplatesRequest(oaId));
	const templates = readZnsTemplates(body);
	const byId = new Map(templates.map((t) => [String(t.TempId).trim(), t]));
	const matching = filterResults(
		templates.map((t) => znsTemplateEntry(t, 'ENABLE')),
		filter,
	).map((entry) => byId.get(String(entry.value))!);
	const offset = Math.max(0, Number(paginationToken) || 0);
	const page = matching.slice(offset, offset + ZNS_PAGE_SIZE);
	const pageStatuses = await statuses(this, oaId, page);
	return {
		results: page.map((t, i) => znsTemplateEntry(t, pageStatuses[i])),
		...(offset + ZNS_PAGE_SIZE < matching.length && { paginationToken: String(offset + ZNS_PAGE_SIZE) }),
	};
}

export function znsTemplateField(displayOptions: IDisplayOptions): INodeProperties {
	return locator({
		displayName: 'Template',
		name: 'znsTemplate',
		description: "One of the OA's ZNS templates. Templates that Zalo has not enabled are marked.",
		searchListMethod: 'searchZnsTemplates',
		typedName: 'By ID',
		placeholder: 'e.g. 205644',
		displayOptions,
		dependsOn: ['zaloOa.value'],
	});
}
