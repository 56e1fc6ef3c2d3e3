import { describeCode, ESMS_ERROR_CODES, esmsCodeOf } from './errorCodes';
import { lookup } from './lookup';
import type { EsmsCodeFields, EsmsInvalidRequest } from './types';

/**
 * HTTP and body classification: whether an answer from eSMS (or its absence) is a failure, and how to
 * describe it for people, as an EsmsFailure. Pure: unit-tested and fuzzed directly. Part of the error
 * policy (errors.ts).
 */

/** A failure described for people: what happened, and how to fix it. */
export interface EsmsFailure {
	message: string;
	description: string;
	/** eSMS's result code, when the answer had one */
	code?: string;
	httpCode: string;
	/** what an AI model that called the node as a tool can do next, when the usual advice does not fit (nodeErrors.ts, forModel) */
	forModel?: string;
}

const SECRET_IN_TEXT = /((?:api|secret)_?key["']?\s*[=:]\s*["']?)[^&"'\s<>]+/gi;

/** A short, key-free excerpt of an unexpected body, for the error description. */
function excerpt(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim().replace(SECRET_IN_TEXT, '$1***');
	return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/**
 * Reads a full HTTP response from eSMS and says whether, and how, it failed. Pure: unit-tested and
 * fuzzed directly. Returns undefined for a success.
 */
export function explainResponse(response: { body: unknown; statusCode: number }): EsmsFailure | undefined {
	const httpCode = String(response.statusCode ?? '');
	const body: unknown = response.body;
	const status = Number(response.statusCode);

	if (status < 200 || status >= 300) {
		const text = typeof body === 'string' ? body : '';
		// 414 / 431: a GET send carries the text in its query string, and servers cap its length
		const tooLong = status === 414 || status === 431;
		return {
			message: `eSMS answered HTTP ${httpCode}: ${status >= 500 ? 'the eSMS service failed' : tooLong ? 'the request was too long' : 'the request was refused'}`,
			description:
				(tooLong
					? 'The message text is too long to travel in the request (this send puts it in the URL). Shorten Content; nothing was sent.'
					: status >= 500
					? 'This is a fault on eSMS\'s side or in a proxy in front of it. Retry later, or turn on "Retry On Fail" in the node settings: sends carry a Request ID, so a retry cannot send a message twice.'
					: 'Check the API base URL in the eSMS credential: it should be https://rest.esms.vn (voice: https://voiceapi.esms.vn).') +
				(text ? ` The answer began: ${excerpt(text)}` : ''),
			httpCode,
		};
	}
	if (typeof body === 'string' || body === undefined || body === null || body instanceof Uint8Array) {
		const text = body === undefined || body === null ? '' : String(body);
		return {
			message:
				text.trim() === ''
					? 'eSMS answered with an empty body'
					: /^\s*</.test(text)
						? 'eSMS answered with a web page instead of JSON'
						: 'eSMS answered with invalid JSON',
			description:
				'The answer could not be read, so it is unknown whether eSMS accepted the request. This usually comes from a proxy, a captive portal or an eSMS outage. Check the API base URL in the credential and retry later.' +
				(text.trim() ? ` The answer began: ${excerpt(text)}` : ''),
			httpCode,
		};
	}
	if (typeof body !== 'object' || Array.isArray(body)) {
		return {
			message: 'eSMS answered with an unexpected value',
			description: 'The answer was not a JSON object. Check the API base URL in the credential.',
			httpCode,
		};
	}
	const code = esmsCodeOf(body);
	if (code === undefined) {
		const error = (body as Partial<EsmsInvalidRequest>).error;
		if (error !== undefined)
			return {
				message: `eSMS rejected the request as malformed: ${String(error)}`,
				description:
					'eSMS gives this answer when a required field is missing or a value has the wrong format (for example a Send Date that is not yyyy-MM-dd HH:mm:ss, or a Request ID over 50 characters). Check the fields of this item.',
				httpCode,
			};
		return {
			message: 'eSMS answered without a result code',
			description: 'The answer had none of CodeResult, CodeResponse or Code. Check the API base URL in the credential.',
			httpCode,
		};
	}
	if (code === '100') return undefined;
	const esmsMessage = (body as EsmsCodeFields).ErrorMessage ?? (body as EsmsCodeFields).Message;
	return { ...describeCode(code, esmsMessage ? excerpt(String(esmsMessage)) : undefined), code, httpCode };
}

const NETWORK_CAUSES: Record<string, string> = {
	ECONNRESET: 'the connection was reset before eSMS answered',
	ECONNREFUSED: 'the connection was refused',
	ECONNABORTED: 'the request timed out',
	ETIMEDOUT: 'the request timed out',
	ESOCKETTIMEDOUT: 'the request timed out',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved (DNS is not answering)',
	EPIPE: 'the connection was closed while sending',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	CERT_HAS_EXPIRED: "eSMS's TLS certificate could not be verified",
	DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate could not be verified",
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate could not be verified",
};

/**
 * Turns a transport failure (no usable HTTP answer) into a clean error. The original error is dropped
 * on purpose: its `cause` is the HTTP client's error, which holds the request URL and with it the
 * API Key and Secret Key of GET requests.
 */
export function explainTransportError(error: unknown): EsmsFailure {
	const e = (error ?? {}) as { httpCode?: unknown; code?: unknown; cause?: { code?: unknown; message?: unknown }; message?: unknown };
	const candidates = [e.cause?.code, e.code, e.httpCode].map((c) => (c === undefined || c === null ? '' : String(c)));
	const known = candidates.find((c) => lookup(NETWORK_CAUSES, c));
	const text = `${String(e.cause?.message ?? '')} ${String(e.message ?? '')}`;
	const code = known ?? (/timeout/i.test(text) ? 'ETIMEDOUT' : /socket hang up/i.test(text) ? 'ECONNRESET' : candidates.find(Boolean) || 'UNKNOWN');
	const what = lookup(NETWORK_CAUSES, code) ?? 'the connection failed';
	return {
		message: `eSMS could not be reached: ${what} (${code})`,
		description:
			'No answer came back, so it is unknown whether eSMS received the request. Sends carry a Request ID: retrying (for example with "Retry On Fail" in the node settings) cannot send the message twice, eSMS answers a repeat with code 124 and the node reports it as already accepted (with a Request ID of your own, as error 124: then check whether the message was sent before sending it again). If this keeps happening, check the API base URL in the eSMS credential and the network of your n8n server.',
		httpCode: code,
	};
}

/**
 * The failure of a send whose first attempt got no usable answer (`lost`: a dropped connection, HTTP
 * 5xx, an unreadable body), and whose retry by the node, with the same Request ID of the user's own,
 * got eSMS's 124 ("Trùng RequestId khi gửi tin", esms-api/bang-ma-loi.md). Returns `failure` (the 124)
 * with a description saying that the first attempt most likely reached eSMS and sent the message once,
 * to check before sending again, and not to use a new Request ID for it unless it was not sent.
 *
 * Why it stays an error: a Request ID of the user's own may also have been used by another message in
 * the last 24 hours (an order number for "confirmed", then "shipped"), so the 124 does not prove that
 * this message was sent. (An automatic Request ID does: shared/send.ts reports it as alreadyAccepted.)
 * The usual 124 fix, "use a new Request ID for a new message", would here send the message twice.
 *
 * @param requestId the Request ID the attempts carried, named in the text when known
 */
export function afterLostAnswer(failure: EsmsFailure, lost: EsmsFailure, requestId?: string): EsmsFailure {
	const fix = ESMS_ERROR_CODES['124'].fix;
	const said = failure.description.startsWith(fix) ? failure.description.slice(fix.length) : ` ${failure.description}`;
	const id = requestId ? ` (${requestId})` : '';
	return {
		...failure,
		description:
			`The node's first attempt got no usable answer ("${lost.message}"), so it sent this item again with the same Request ID${id}, and eSMS answered 124: it already had this Request ID. Most likely the first attempt reached eSMS and the message was sent once, though a 124 also comes when another message used this Request ID in the last 24 hours. Check before sending it again: look it up by its Request ID in eSMS's reports (account.esms.vn), or wait for its delivery report (Callback URL, eSMS Trigger); Get Status needs its SMSID, which was in the lost answer. Do not send it again with a new Request ID unless you found that it was not sent.${said}`.trimEnd(),
	};
}
