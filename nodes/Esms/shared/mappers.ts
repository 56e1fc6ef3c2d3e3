import type { IDataObject } from 'n8n-workflow';

import { lookup } from './lookup';
import type {
	EsmsSmsStatusResponse,
	EsmsVoiceStatusResponse,
	EsmsZaloStatusData,
} from './types';
import { zaloCodeInfo } from './zaloCodes';

/**
 * Flat, documented outputs. Every status output has `smsId`, `statusCode` (eSMS's number), `status`
 * (its meaning), `isFinal` (whether it can still change) and `result`, one word an If node can test.
 */

export const SEND_STATUS_LABELS: Readonly<Record<number, string>> = {
	0: 'Draft',
	1: 'Pending approval',
	2: 'Waiting to send',
	4: 'Rejected',
	5: 'Finished sending',
	7: 'Sent, awaiting delivery report',
};

export const CALL_STATUS_LABELS: Readonly<Record<number, string>> = {
	2: 'Waiting to call',
	5: 'Call finished',
	7: 'Called, awaiting report',
};

function num(value: unknown): number {
	const n = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(n) ? n : 0;
}

function label(table: Readonly<Record<number, string>>, code: number): string {
	return lookup(table, code) ?? `Unknown status ${code}`;
}

export type MessageResult = 'pending' | 'success' | 'failed' | 'partiallyFailed' | 'rejected';

function messageResult(isFinal: boolean, statusCode: number, success: number, failed: number): MessageResult {
	if (statusCode === 4) return 'rejected';
	if (!isFinal) return 'pending';
	if (failed > 0 && success > 0) return 'partiallyFailed';
	return failed > 0 || success === 0 ? 'failed' : 'success';
}

function counts(b: {
	TotalReceiver?: number;
	TotalSent?: number;
	SendSuccess?: number;
	SendFailed?: number;
	TotalPrice?: number;
}) {
	return {
		receiverCount: num(b.TotalReceiver),
		sentCount: num(b.TotalSent),
		successCount: num(b.SendSuccess),
		failedCount: num(b.SendFailed),
		totalPrice: num(b.TotalPrice),
	};
}

/** The fields SMS and Zalo statuses share; only where `isFinal` comes from differs. */
function messageStatus(b: Parameters<typeof counts>[0] & { SMSID?: string; SendStatus?: number }, isFinal: (statusCode: number) => boolean) {
	const statusCode = num(b.SendStatus);
	const final = isFinal(statusCode);
	const c = counts(b);
	return {
		smsId: String(b.SMSID ?? '').trim(),
		statusCode,
		status: label(SEND_STATUS_LABELS, statusCode),
		isFinal: final,
		result: messageResult(final, statusCode, c.successCount, c.failedCount),
		...c,
	};
}

export function mapSmsStatus(body: EsmsSmsStatusResponse): IDataObject {
	// 4 rejected and 5 finished are the documented end states
	return messageStatus(body, (statusCode) => statusCode === 4 || statusCode === 5);
}

/**
 * Zalo Message → Get Status. `errorInfoLabel` says what happened and `errorInfoAction` what to do,
 * for every code of Zalo's ZNS error table (zaloCodes.ts), with a readable fallback for any other.
 */
export function mapZaloStatus(data: EsmsZaloStatusData): IDataObject {
	const errorInfo = data.ErrorInfo === undefined || data.ErrorInfo === null ? null : String(data.ErrorInfo);
	const info = zaloCodeInfo(errorInfo);
	return {
		...messageStatus(data, () => String(data.FinalStatus) === '1'),
		errorInfo,
		errorInfoLabel: info.label,
		errorInfoAction: info.action,
		zaloMsgId: data.ZaloMsgId ?? null,
	};
}

export type CallResult = 'pending' | 'answered' | 'notAnswered' | 'failed';

export function mapVoiceStatus(body: EsmsVoiceStatusResponse): IDataObject {
	const statusCode = num(body.SendStatus);
	const isFinal = statusCode === 5;
	const callStatus = String(body.CallStatus ?? '').trim();
	const answered = callStatus.toUpperCase() === 'ANSWERED';
	const ivr = String(body.Ivr ?? '').trim();
	let result: CallResult = 'pending';
	if (isFinal) result = answered ? 'answered' : /^NO ?ANSWER(ED)?$/i.test(callStatus) ? 'notAnswered' : 'failed';
	return {
		smsId: String(body.ReferenceId ?? '').trim(),
		statusCode,
		status: label(CALL_STATUS_LABELS, statusCode),
		isFinal,
		result,
		answered,
		callStatus,
		durationSeconds: num(body.CallDuration),
		ivrKey: ivr === '' ? null : ivr,
		sentResult: num(body.SentResult),
	};
}
