import type { IDataObject } from 'n8n-workflow';

import { lookup } from './lookup';
import { mapSmsStatus, mapVoiceStatus } from './mappers';
// eSMS numbers networks the same way in callbacks (telcoid) and in template lists (NetworkID)
import { NETWORKS } from './templates';
import { zaloCodeInfo } from './zaloCodes';

/**
 * eSMS's delivery reports (callbacks): an HTTP GET with every field in the query string
 * (reference/esms-api.md §3). Turned into the same flat shape as the Get Status operations.
 */

export type ReportType = 'sms' | 'viber' | 'voice' | 'zalo';

export interface Report {
	type: ReportType;
	output: IDataObject;
	/** identifies a report, to drop a retried copy of it */
	key: string;
}


const text = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : v === undefined || v === null ? '' : String(v));
const orNull = (v: unknown): string | null => (text(v).trim() === '' ? null : text(v).trim());
const intOrNull = (v: unknown): number | null => (/^-?\d+$/.test(text(v).trim()) ? Number(text(v).trim()) : null);

/** error_info is JSON, sometimes JSON inside a JSON string (eSMS's sample encodes it twice). */
function decodeErrorInfo(raw: string): IDataObject | null {
	let value: unknown = raw;
	for (let i = 0; i < 2 && typeof value === 'string'; i++) {
		try {
			value = JSON.parse(value);
		} catch {
			return null;
		}
	}
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : null;
}

/** zaloErrorLabel and zaloErrorAction of a Zalo report; both null when the report has no error code. */
function zaloLabels(info: IDataObject | null): IDataObject {
	if (typeof info?.error !== 'number') return { zaloErrorLabel: null, zaloErrorAction: null };
	const { label, action } = zaloCodeInfo(info.error, typeof info.message === 'string' ? info.message : null);
	return { zaloErrorLabel: label, zaloErrorAction: action };
}

function typeOf(q: IDataObject): ReportType | undefined {
	if (text(q.ReferenceId) !== '' && text(q.SMSID) === '') return 'voice';
	if (text(q.SMSID) === '') return undefined;
	const typeId = text(q.TypeId).trim();
	if (typeId === '23') return 'viber';
	if (['24', '25', '26', '27'].includes(typeId)) return 'zalo';
	return 'sms';
}

/**
 * Parses one eSMS report (the callback's query, as n8n gives it: strings, or arrays of strings for a
 * repeated field). Undefined when the query is not an eSMS report (no SMSID or ReferenceId).
 * Output: the Get Status shape (prices in VND, durations in seconds) plus the report's own fields;
 * an SMS report adds `switchedFromSmsId` (string or null). `key` identifies the report for Drop
 * Duplicates. Never throws. Source: esms-api/callback-url.md.
 */
export function parseReport(query: IDataObject): Report | undefined {
	const type = typeOf(query);
	if (!type) return undefined;

	if (type === 'voice') {
		const status = mapVoiceStatus({
			CallDuration: Number(text(query.CallDuration)) || 0,
			CallStatus: text(query.CallStatus),
			CodeResponse: '100',
			Ivr: text(query.Ivr),
			ReferenceId: text(query.ReferenceId),
			SendStatus: Number(text(query.SendStatus)),
			SentResult: Number(text(query.SentResult)),
		});
		const output = { type, ...status, totalPrice: Number(text(query.Price)) || 0, callerId: orNull(query.CID) };
		return { type, output, key: `voice|${status.smsId}|${status.statusCode}|${status.callStatus}` };
	}

	const status = mapSmsStatus({
		CodeResponse: '100',
		SMSID: text(query.SMSID),
		SendFailed: Number(text(query.SendFailed)),
		SendStatus: Number(text(query.SendStatus)),
		SendSuccess: Number(text(query.SendSuccess)),
		TotalPrice: Number(text(query.TotalPrice)),
		TotalReceiver: Number(text(query.TotalReceiver)),
		TotalSent: Number(text(query.TotalSent)),
	});
	const telcoId = orNull(query.telcoid);
	const output: IDataObject = {
		type,
		...status,
		requestId: orNull(query.RequestId),
		phone: orNull(query.phonenumber),
		telcoId: intOrNull(telcoId),
		telco: telcoId === null ? null : (lookup(NETWORKS, telcoId) ?? null),
		typeId: intOrNull(query.TypeId),
	};
	if (type === 'sms') {
		// `switchsmsid`: in eSMS's sample of a CSKH SMS report (esms-api/callback-url.md), empty there and
		// not explained. It names the SMSID of the message this SMS replaced, as in a Zalo ZNS that fell
		// back to SMS (the simulator fills it so); null when absent or empty.
		output.switchedFromSmsId = orNull(query.switchsmsid);
	}
	if (type === 'zalo') {
		const info = decodeErrorInfo(text(query.error_info));
		Object.assign(output, {
			zaloErrorCode: typeof info?.error === 'number' ? info.error : null,
			zaloErrorMessage: typeof info?.message === 'string' ? info.message : null,
			// what happened and what to do, as Get Status labels ErrorInfo (zaloCodes.ts)
			...zaloLabels(info),
			zaloDelivery: info?.data !== null && typeof info?.data === 'object' ? info.data : null,
			oaId: orNull(query.oaid),
			templateId: orNull(query.tempid),
			partnerIds: orNull(query.partnerids),
		});
	}
	const key = `${type}|${status.smsId}|${output.phone ?? ''}|${status.statusCode}|${status.successCount}|${status.failedCount}`;
	return { type, output, key };
}
