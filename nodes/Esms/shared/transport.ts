import { NodeApiError, sleep } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';

import { explainTransportError, failureError, failureOf, isEsmsError } from './errors';
import { acquire } from './limiter';
import type { Limits } from './limiter';

/**
 * Every operation's request goes through here (n8n's routing hook for a custom request loop, used
 * for one request). It holds a rate-limiter turn for the request's lifetime, retries a status query
 * that eSMS refused for its rate limit, and replaces transport errors with clean ones.
 */

/** eSMS documents 100 requests/s for QueryZnsStatus; other endpoints have no published limit. */
const ENDPOINT_LIMITS: Readonly<Record<string, Limits>> = {
	QueryZnsStatus: { perSecond: 100, concurrency: 0 },
};
export const DEFAULT_LIMITS: Limits = { perSecond: 0, concurrency: 20 };

/** Status queries change nothing, so a 160 (over the rate limit) can simply be asked again. */
const READ_ONLY = new Set(['GetSendStatus', 'QueryZnsStatus']);
const RATE_LIMIT_RETRIES = 3;

function endpointOf(url: string | undefined): string {
	return String(url ?? '').replace(/\/+$/, '').split('/').pop() ?? '';
}

export async function sendRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const endpoint = endpointOf(requestData.options.url);
	const node = this.getNode();
	const credentialId = node.credentials?.esmsApi?.id ?? node.id;
	const options = this.getNodeParameter('options', {}) as { requestsPerSecond?: number };
	const limits: Limits = {
		...(ENDPOINT_LIMITS[endpoint] ?? DEFAULT_LIMITS),
		...(options.requestsPerSecond ? { perSecond: options.requestsPerSecond } : {}),
	};
	for (let attempt = 1; ; attempt++) {
		const release = await acquire(`${credentialId}|${endpoint}`, limits);
		try {
			return await this.makeRoutingRequest(requestData);
		} catch (error) {
			if (!isEsmsError(error)) throw failureError(node, explainTransportError(error), this.getItemIndex());
			if (failureOf(error)?.code !== '160' || !READ_ONLY.has(endpoint) || attempt > RATE_LIMIT_RETRIES)
				// the same (already clean) error: NodeApiError returns an existing NodeApiError as it is
				throw new NodeApiError(node, error as JsonObject);
		} finally {
			release();
		}
		await sleep(1000 * attempt);
	}
}
