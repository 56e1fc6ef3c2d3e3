/**
 * Response shapes of the eSMS API, as documented (reference/esms-api.md §4–§7). eSMS names its result
 * code differently per endpoint: `CodeResult` (sends, Zalo status, voice errors), `CodeResponse`
 * (balance, SMS status, voice status) and `Code` (Zalo callback replay).
 */

/** The bare shape eSMS returns for a malformed request. */
export interface EsmsInvalidRequest {
	error: string;
}

export interface EsmsCodeFields {
	CodeResult?: string;
	CodeResponse?: string;
	Code?: number | string;
	ErrorMessage?: string;
	Message?: string;
}

/** SendMultipleMessage_V4_get / _post_json, SendZaloMessage_V6, MakeCallRecord_V2 */
export interface EsmsSendResponse extends EsmsCodeFields {
	CodeResult: string;
	CountRegenerate?: number;
	SMSID?: string;
	/** only on the JSON send's 124 */
	SendStatus?: string;
}

/** GetSendStatus?RefId= (rest host) */
export interface EsmsSmsStatusResponse extends EsmsCodeFields {
	CodeResponse: string;
	SMSID: string;
	SendFailed?: number;
	SendStatus?: number;
	SendSuccess?: number;
	TotalPrice?: number;
	TotalReceiver?: number;
	TotalSent?: number;
}

export interface EsmsZaloStatusData {
	/** "0" delivered, "1001" user not online in time, absent/null not sent yet, else a Zalo error code */
	ErrorInfo?: string | null;
	FinalStatus: string;
	SMSID: string;
	SendFailed: number;
	SendStatus: number;
	SendSuccess: number;
	TotalPrice: number;
	TotalReceiver: number;
	TotalSent: number;
	ZaloMsgId?: string;
}

/** QueryZnsStatus */
export interface EsmsZaloStatusResponse extends EsmsCodeFields {
	CodeResult: string;
	Data?: EsmsZaloStatusData;
}

/** GetSendStatus?ReferenceId= (voice host) */
export interface EsmsVoiceStatusResponse extends EsmsCodeFields {
	CallDuration: number;
	/** "ANSWERED", "NOANSWERED", or "" before the call ends */
	CallStatus: string;
	CodeResponse: string;
	Ivr: string;
	ReferenceId: string;
	SendStatus: number;
	SentResult: number;
}

/** GetBalance_json */
export interface EsmsBalanceResponse extends EsmsCodeFields {
	Balance: number;
	CodeResponse: string;
	UserID?: number;
}
