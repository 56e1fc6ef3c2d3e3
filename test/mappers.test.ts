import { mapSmsStatus, mapVoiceStatus, mapZaloStatus } from '../nodes/Esms/shared/mappers';

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
		['-114', 'Zalo error -114', '-114'],
		['-118', 'The phone has no Zalo account, or it is disabled', '-118'],
		['__proto__', 'Zalo error __proto__', '__proto__'],
	])('ErrorInfo %j → %s', (ErrorInfo, errorInfoLabel, errorInfo) => {
		const out = mapZaloStatus({ ...data, ErrorInfo, ZaloMsgId: undefined });
		expect(out).toMatchObject({ errorInfo, errorInfoLabel, zaloMsgId: null });
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
