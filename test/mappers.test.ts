import fc from 'fast-check';

import { mapSmsStatus, mapVoiceStatus, mapZaloStatus } from '../nodes/Esms/shared/mappers';
import { ZALO_CODES } from '../nodes/Esms/shared/zaloCodes';

const sms = (SendStatus: number, SendSuccess = 0, SendFailed = 0) =>
	mapSmsStatus({
		CodeResponse: '100',
		SMSID: ' abc ',
		SendFailed,
		SendStatus,
		SendSuccess,
		TotalPrice: 850,
		TotalReceiver: 1,
		TotalSent: SendStatus >= 5 ? 1 : 0,
	});

describe('SMS status', () => {
	test('the documented example, flat', () => {
		expect(sms(5, 1, 0)).toEqual({
			smsId: 'abc',
			statusCode: 5,
			status: 'Finished sending',
			isFinal: true,
			result: 'success',
			receiverCount: 1,
			sentCount: 1,
			successCount: 1,
			failedCount: 0,
			totalPrice: 850,
		});
	});

	test.each([
		[0, 0, 0, 'Draft', false, 'pending'],
		[1, 0, 0, 'Pending approval', false, 'pending'],
		[2, 0, 0, 'Waiting to send', false, 'pending'],
		[4, 0, 1, 'Rejected', true, 'rejected'],
		[5, 1, 0, 'Finished sending', true, 'success'],
		[5, 0, 1, 'Finished sending', true, 'failed'],
		[5, 1, 1, 'Finished sending', true, 'partiallyFailed'],
		[7, 0, 0, 'Sent, awaiting delivery report', false, 'pending'],
		[9, 0, 0, 'Unknown status 9', false, 'pending'],
	])('SendStatus %i (success %i, failed %i) → %s, final %s, %s', (code, ok, failed, status, isFinal, result) => {
		expect(sms(code, ok, failed)).toMatchObject({ statusCode: code, status, isFinal, result });
	});

	test('numbers given as strings (the English docs type them so) become numbers', () => {
		const out = mapSmsStatus({ CodeResponse: '100', SMSID: 'x', SendStatus: '5', SendSuccess: '1', TotalPrice: '850.0000' } as never);
		expect(out).toMatchObject({ statusCode: 5, successCount: 1, totalPrice: 850, failedCount: 0 });
	});
});

describe('Zalo status', () => {
	const data = {
		ErrorInfo: '0',
		FinalStatus: '1',
		SMSID: '59e0c764219c49119063db4468f257fb221',
		SendFailed: 0,
		SendStatus: 5,
		SendSuccess: 1,
		TotalPrice: 330,
		TotalReceiver: 1,
		TotalSent: 1,
		ZaloMsgId: '6dc7499c9ef6baaee3e1',
	};

	test('the documented example, flat', () => {
		expect(mapZaloStatus(data)).toEqual({
			smsId: '59e0c764219c49119063db4468f257fb221',
			statusCode: 5,
			status: 'Finished sending',
			isFinal: true,
			result: 'success',
			receiverCount: 1,
			sentCount: 1,
			successCount: 1,
			failedCount: 0,
			totalPrice: 330,
			errorInfo: '0',
			errorInfoLabel: 'Delivered',
			errorInfoAction: null,
			zaloMsgId: '6dc7499c9ef6baaee3e1',
		});
	});

	test('isFinal comes from FinalStatus, not from SendStatus', () => {
		expect(mapZaloStatus({ ...data, FinalStatus: '0' })).toMatchObject({ isFinal: false, result: 'pending' });
	});

	test.each([
		[undefined, 'Not sent yet', null],
		[null, 'Not sent yet', null],
		['1001', 'The user was not online to receive it in time', '1001'],
		['-114', 'The user is inactive, refused the message (blocked the OA or turned off ZNS), uses an outdated Zalo version, or Zalo had an internal error', '-114'],
		['-115', 'The OA\'s ZNS quota or balance is used up (Zalo\'s "Out of quota")', '-115'],
		['-118', 'The phone has no Zalo account, or it is disabled', '-118'],
		['-1337', 'Zalo error -1337', '-1337'],
		['__proto__', 'Zalo error __proto__', '__proto__'],
	])('ErrorInfo %j → %s', (ErrorInfo, errorInfoLabel, errorInfo) => {
		const out = mapZaloStatus({ ...data, ErrorInfo, ZaloMsgId: undefined });
		expect(out).toMatchObject({ errorInfo, errorInfoLabel, zaloMsgId: null });
	});

	test('issue 21 §4: -114 and -115 say what happened and what to do', () => {
		expect(mapZaloStatus({ ...data, ErrorInfo: '-114' }).errorInfoAction).toBe(
			'Nothing in the request to fix. Reach the customer another way: Send ZNS with SMS Fallback sends a customer-care SMS by itself when Zalo cannot deliver. The customer can update Zalo and allow messages from the OA.',
		);
		expect(mapZaloStatus({ ...data, ErrorInfo: '-115' }).errorInfoAction).toBe("Top up the OA's ZNS balance or quota (with eSMS), then send again.");
		expect(mapZaloStatus({ ...data, ErrorInfo: '-1337' }).errorInfoAction).toBe(
			"Zalo did not deliver the message. Look code -1337 up in Zalo's ZNS error table (https://zalo.cloud/zns/guidelines/handle-error-code), or ask eSMS support with the SMSID.",
		);
	});

	test('property: every code, in the table or not, gets a readable label and, unless delivered or not sent, an action; never a bare number', () => {
		const codes = fc.oneof(fc.constantFrom(...Object.keys(ZALO_CODES)), fc.integer({ min: -2000, max: 2000 }).map(String), fc.string({ maxLength: 12 }));
		fc.assert(
			fc.property(codes, (code) => {
				const out = mapZaloStatus({ ...data, ErrorInfo: code });
				const label = String(out.errorInfoLabel);
				expect(label).toMatch(/[A-Za-z]{3}/);
				if (code.trim() === '') return expect(label).toBe('Not sent yet');
				if (code === '0') return expect([label, out.errorInfoAction]).toEqual(['Delivered', null]);
				expect(String(out.errorInfoAction)).toMatch(/[A-Za-z]{3}/);
				if (!Object.prototype.hasOwnProperty.call(ZALO_CODES, code)) expect(label).toBe(`Zalo error ${code.trim()}`);
			}),
			{ numRuns: 1_000 },
		);
		// every labelled code from Zalo's table (0, -100 to -119) and eSMS's 1001
		expect(Object.keys(ZALO_CODES).map(Number).sort((a, b) => a - b)).toEqual([
			-119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, 0, 1001,
		]);
	});
});

describe('voice status', () => {
	const call = (SendStatus: number, CallStatus: string, CallDuration = 0, Ivr = '', SentResult = 0) =>
		mapVoiceStatus({ CallDuration, CallStatus, CodeResponse: '100', Ivr, ReferenceId: 'REF', SendStatus, SentResult });

	test('the documented example, flat', () => {
		expect(call(5, 'ANSWERED', 13, '', 1)).toEqual({
			smsId: 'REF',
			statusCode: 5,
			status: 'Call finished',
			isFinal: true,
			result: 'answered',
			answered: true,
			callStatus: 'ANSWERED',
			durationSeconds: 13,
			ivrKey: null,
			sentResult: 1,
		});
	});

	test.each([
		[2, '', 0, '', 'Waiting to call', false, 'pending', false, null],
		[7, '', 0, '', 'Called, awaiting report', false, 'pending', false, null],
		[5, 'ANSWERED', 42, '1', 'Call finished', true, 'answered', true, '1'],
		[5, 'NOANSWERED', 0, '', 'Call finished', true, 'notAnswered', false, null],
		[5, 'NO ANSWER', 0, '', 'Call finished', true, 'notAnswered', false, null],
		[5, '', 0, '', 'Call finished', true, 'failed', false, null],
	])('SendStatus %i CallStatus %j', (code, callStatus, duration, ivr, status, isFinal, result, answered, ivrKey) => {
		expect(call(code, callStatus, duration, ivr)).toMatchObject({
			statusCode: code,
			status,
			isFinal,
			result,
			answered,
			durationSeconds: duration,
			ivrKey,
		});
	});
});
