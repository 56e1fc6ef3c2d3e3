import type { IDataObject, IExecuteSingleFunctions, IN8nHttpFullResponse, INodeExecutionData } from 'n8n-workflow';

import { listBody } from './lists';
import type { PostReceive } from './operation';

/**
 * The output step of every read (status queries, the balance, the account's lists): the answer checked
 * by the one error policy (lists.ts, explainListResponse: eSMS's codes, HTTP, and GetZnsTemplateInfo's
 * `Error` shape), then one item per entry, each mapped to the node's documented fields, or eSMS's own
 * entry when Simplify is off. A read that answers one object has no `entries`: it gives one item.
 * The request hook (transport.ts) pairs every item with the input item that asked; an empty list
 * gives none.
 */
export function readOutput<B, E = B>(map: (entry: E, ctx: IExecuteSingleFunctions) => IDataObject, entries?: (body: B) => E[]): PostReceive {
	return async function (this: IExecuteSingleFunctions, _items: INodeExecutionData[], response: IN8nHttpFullResponse): Promise<INodeExecutionData[]> {
		const body = listBody<B>(this.getNode(), response, this.getItemIndex());
		const simplify = this.getNodeParameter('simplify', true) as boolean;
		const all = entries ? entries(body) : [body as unknown as E];
		return all.map((entry) => ({ json: simplify ? map(entry, this) : (entry as unknown as IDataObject) }));
	};
}
