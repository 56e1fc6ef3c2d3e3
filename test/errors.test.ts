import { NodeApiError } from 'n8n-workflow';
import type { IExecuteSingleFunctions } from 'n8n-workflow';

import {
	CONTINUE_FOR_SEVERAL,
	ESMS_ERROR_CODES,
	afterLostAnswer,
	describeCode,
	describeFailureInRun,
	esmsCodeOf,
	explainResponse,
	explainTransportError,
	failureError,
	invalidInput,
} from '../nodes/Esms/shared/errors';

const ok = (body: unknown, statusCode = 200) => explainResponse({ body, statusCode });

describe('esmsCodeOf: the three names eSMS gives its result code', () => {
	test.each([
		[{ CodeResult: '100' }, '100'],
		[{ CodeResponse: '101' }, '101'],
		[{ Code: 100, Message: 'Success' }, '100'],
		[{ CodeResult: ' 124 ' }, '124'],
		[{ error: 'Invalid request' }, undefined],
		['text', undefined],
		[null, undefined],
		[[{ CodeResult: '100' }], undefined],
	])('%j → %s', (body, code) => expect(esmsCodeOf(body)).toBe(code));
});

describe('success means code 100, wherever it is', () => {
	test.each([
		{ CodeResult: '100', CountRegenerate: 0, SMSID: 'x' },
		{ CodeResponse: '100', SMSID: 'x', SendStatus: 5 },
		{ Code: 100, Message: 'Success' },
	])('%j', (body) => expect(ok(body)).toBeUndefined());
});

describe('every official code and every legacy code has a meaning and a fix', () => {
	const official = [99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 110, 115, 118, 120, 124, 140, 143, 146, 160, 163, 171, 177, 199, 201, 204, 210, 300, 301, 687, 789, 790, 791, 799, 801, 802, 851, 854];
	const legacy = [117, 119, 131, 132, 145, 159, 161, 852, 853];

	test('the table has the 37 official codes and the legacy ones', () => {
		expect(official).toHaveLength(37);
		for (const c of [...official, ...legacy]) expect(ESMS_ERROR_CODES[String(c)]).toBeDefined();
		expect(Object.keys(ESMS_ERROR_CODES).sort()).toEqual([...official, ...legacy].map(String).sort());
	});

	test.each([...official.filter((c) => c !== 100), ...legacy])('code %i fails with "eSMS error <code>: <meaning>" and a fix', (code) => {
		const f = ok({ CodeResult: String(code), ErrorMessage: 'whatever eSMS said' });
		expect(f).toBeDefined();
		expect(f!.code).toBe(String(code));
		expect(f!.message).toBe(`eSMS error ${code}: ${ESMS_ERROR_CODES[String(code)].meaning}`);
		expect(f!.description).toBe(`${ESMS_ERROR_CODES[String(code)].fix} eSMS said: "whatever eSMS said".`);
		expect(f!.description.length).toBeGreaterThan(30);
		expect(f!.httpCode).toBe('200');
	});
});

describe('exact messages for the codes users meet most', () => {
	test.each([
		[{ CodeResult: '101', CountRegenerate: 0, ErrorMessage: 'Authorize Failed' }, 'eSMS error 101: API Key or Secret Key is wrong'],
		[{ Balance: 0, CodeResponse: '101', ErrorMessage: 'Authorize Failed' }, 'eSMS error 101: API Key or Secret Key is wrong'],
		[{ CodeResponse: '101', SMSID: 'x' }, 'eSMS error 101: API Key or Secret Key is wrong'],
		[{ CodeResult: '103', ErrorMessage: 'Not enough balance to send message.' }, 'eSMS error 103: not enough balance to send'],
		[{ CodeResponse: '105', SMSID: 'x' }, 'eSMS error 105: the SMSID or call ID was not found'],
		[{ CodeResult: '108', ErrorMessage: 'The phone number 12 is not valid.' }, 'eSMS error 108: the phone number format is wrong'],
		[{ CodeResult: '160', ErrorMessage: 'TPS limit exceeded' }, 'eSMS error 160: too many requests per second (TPS limit exceeded)'],
		[{ CodeResult: '163' }, 'eSMS error 163: fixed-number SMS takes exactly one phone number per request'],
		[{ Code: 143 }, 'eSMS error 143: the account is not activated or is locked'],
	])('%j', (body, message) => expect(ok(body)!.message).toBe(message));

	test('101 says exactly where to get the keys', () => {
		expect(ok({ CodeResult: '101', ErrorMessage: 'Authorize Failed' })!.description).toBe(
			'Open the eSMS API credential and paste the API Key and Secret Key again from account.esms.vn → API settings. They are not your login password. eSMS said: "Authorize Failed".',
		);
	});

	test('160 says how to lower the rate', () => {
		expect(ok({ CodeResult: '160' })!.description).toContain('lower the node\'s Requests per Second option');
	});

	test.each(['__proto__', 'constructor', 'toString'])('a code named like an object property (%s) is just undocumented', (code) => {
		expect(ok({ CodeResult: code })!.message).toBe(`eSMS error ${code}: an undocumented error code`);
		expect(explainTransportError({ code }).message).toBe(`eSMS could not be reached: the connection failed (${code})`);
	});

	test('an undocumented code still fails, with what eSMS said', () => {
		expect(describeCode('777', 'Strange')).toEqual({
			message: 'eSMS error 777: an undocumented error code',
			description: 'eSMS returned a code that is not in its published error table. eSMS said: "Strange". Contact eSMS support if this persists.',
		});
	});
});

describe('answers that are not a result code', () => {
	test('the bare {"error": …} shape', () => {
		expect(ok({ error: 'Invalid request' })).toEqual({
			message: 'eSMS rejected the request as malformed: Invalid request',
			description:
				'eSMS gives this answer when a required field is missing or a value has the wrong format (for example a Send Date that is not yyyy-MM-dd HH:mm:ss, or a Request ID over 50 characters). Check the fields of this item.',
			httpCode: '200',
		});
	});

	test.each([
		['', 'eSMS answered with an empty body'],
		[undefined, 'eSMS answered with an empty body'],
		['<html><body>Service Unavailable</body></html>', 'eSMS answered with a web page instead of JSON'],
		['{"CodeResult":"100","SMSI', 'eSMS answered with invalid JSON'],
	])('body %j', (body, message) => {
		const f = ok(body);
		expect(f!.message).toBe(message);
		expect(f!.description).toMatch(/^The answer could not be read, so it is unknown whether eSMS accepted the request\./);
	});

	test('JSON without any code field', () => {
		expect(ok({ SMSID: 'x' })!.message).toBe('eSMS answered without a result code');
	});

	test('HTTP 5xx and 4xx, with a key-free excerpt of the page', () => {
		const f = ok('<h1>Bad gateway</h1> GET /x?ApiKey=CANARY_KEY&SecretKey=CANARY_SECRET', 502);
		expect(f!.message).toBe('eSMS answered HTTP 502: the eSMS service failed');
		expect(f!.description).toContain('Retry On Fail');
		expect(f!.description).toContain('ApiKey=***&SecretKey=***');
		expect(f!.description).not.toContain('CANARY');
		expect(ok('Not Found', 404)!.message).toBe('eSMS answered HTTP 404: the request was refused');
		expect(ok('Not Found', 404)!.description).toContain('https://rest.esms.vn');
	});
});

describe('transport failures', () => {
	const axiosLike = (code: string, message = 'x') => ({
		name: 'NodeApiError',
		httpCode: code,
		message,
		cause: { code, message, config: { params: { ApiKey: 'CANARY_KEY' } } },
	});

	test.each([
		['ECONNRESET', 'eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)'],
		['ECONNREFUSED', 'eSMS could not be reached: the connection was refused (ECONNREFUSED)'],
		['ECONNABORTED', 'eSMS could not be reached: the request timed out (ECONNABORTED)'],
		['ENOTFOUND', 'eSMS could not be reached: the host name could not be resolved (ENOTFOUND)'],
	])('%s', (code, message) => {
		const f = explainTransportError(axiosLike(code));
		expect(f.message).toBe(message);
		expect(f.httpCode).toBe(code);
		expect(JSON.stringify(f)).not.toContain('CANARY');
	});

	test('timeouts and hang-ups without a code', () => {
		expect(explainTransportError(new Error('timeout of 300ms exceeded')).message).toBe(
			'eSMS could not be reached: the request timed out (ETIMEDOUT)',
		);
		expect(explainTransportError(new Error('socket hang up')).httpCode).toBe('ECONNRESET');
		expect(explainTransportError(undefined).message).toBe('eSMS could not be reached: the connection failed (UNKNOWN)');
	});
});

describe('the errors n8n shows: class, code, message, description', () => {
	const node = { id: 'n', name: 'eSMS', type: 'n8n-nodes-esms.esms', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	const ctx = (itemIndex: number) => ({ getNode: () => node, getItemIndex: () => itemIndex }) as unknown as IExecuteSingleFunctions;

	test('refused input: NodeApiError without a code, raw messages or data, so no "From eSMS" part', () => {
		const e = invalidInput(ctx(2), 'Phone', 'it is empty', 'Use one Vietnamese mobile number.');
		expect(e).toBeInstanceOf(NodeApiError);
		expect([e.httpCode, e.message, e.description, e.messages, e.context]).toEqual([
			null,
			'Invalid "Phone" in item 3: it is empty',
			'Nothing was sent to eSMS for this item. Use one Vietnamese mobile number.',
			[],
			{ itemIndex: 2 },
		]);
	});

	test.each([
		[{ CodeResult: '101', ErrorMessage: 'Authorize Failed' }, 200, '101'],
		[{ CodeResponse: '140', ErrorMessage: 'x' }, 200, '140'],
		[{ error: 'Invalid request' }, 200, null],
		['<html></html>', 200, null],
		['Bad Gateway', 502, '502'],
		['Not Found', 404, '404'],
	])('eSMS answer %j (HTTP %i): the error code shown is %s', (body, statusCode, code) => {
		const failure = explainResponse({ body, statusCode })!;
		const e = failureError(node, failure, 0, body);
		expect(e).toBeInstanceOf(NodeApiError);
		expect([e.httpCode, e.message, e.description, e.messages]).toEqual([code, failure.message, failure.description, []]);
	});

	test('no answer: the socket code', () => {
		const e = failureError(node, explainTransportError({ code: 'ECONNRESET' }), 0);
		expect([e.httpCode, e.message, e.messages]).toEqual(['ECONNRESET', 'eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)', []]);
	});
});

describe('a send that failed in a run of several items under Stop Workflow (describeFailureInRun)', () => {
	const FIX = 'Top up the eSMS account, then run the workflow again. Account → Get Balance shows what is left. eSMS said: "Not enough balance to send message.".';
	const AGAIN = 'Running the workflow again sends them again, unless they carry the same Request ID as now (a Request ID of your own, under Options: the automatic one changes with each execution).';
	const sends = (itemIndex: number, total: number, accepted: number[], failed = 0, pending = 0) => ({ itemIndex, total, accepted, failed, pending });

	test('3 items, eSMS refused item 2, items 1 and 3 accepted: which item, both others sent and in no output, the fix, Continue', () => {
		expect(describeFailureInRun(FIX, true, sends(1, 3, [0, 2]))).toBe(
			`eSMS refused item 2 of 3 (On Error is "Stop Workflow"). Both other items (items 1 and 3) were sent: eSMS accepted them, but they are in no output of this node, as it stopped on this error. ${AGAIN} ${FIX} ${CONTINUE_FOR_SEVERAL}`,
		);
		expect(CONTINUE_FOR_SEVERAL).toBe(
			'For sends of several items, set On Error (in the node\'s settings) to "Continue" or "Continue (using error output)": each item then gets its own result, with its SMSID or its error.',
		);
	});

	test('while other sends are still on their way: "at least"', () => {
		expect(describeFailureInRun(FIX, true, sends(1, 4, [0], 0, 2))).toBe(
			`eSMS refused item 2 of 4 (On Error is "Stop Workflow"). At least 1 of the 3 other items (item 1) was sent: eSMS accepted it, but it is in no output of this node, as it stopped on this error. Running the workflow again sends it again, unless it carries the same Request ID as now (a Request ID of your own, under Options: the automatic one changes with each execution). 2 other items were still on the way to eSMS when this error was raised. ${FIX} ${CONTINUE_FOR_SEVERAL}`,
		);
		expect(describeFailureInRun(FIX, true, sends(0, 2, [], 0, 1))).toBe(
			`eSMS refused item 1 of 2 (On Error is "Stop Workflow"). No other item of this run had been accepted by eSMS when this error was raised. 1 other item was still on the way to eSMS when this error was raised. ${FIX} ${CONTINUE_FOR_SEVERAL}`,
		);
	});

	test('others failed too, or were held back; the other item of two', () => {
		expect(describeFailureInRun(FIX, true, sends(2, 3, [], 2))).toBe(
			`eSMS refused item 3 of 3 (On Error is "Stop Workflow"). No other item of this run was accepted by eSMS. 2 other items failed too. ${FIX} ${CONTINUE_FOR_SEVERAL}`,
		);
		expect(describeFailureInRun(FIX, true, sends(1, 5, [0], 0, 0))).toBe(
			`eSMS refused item 2 of 5 (On Error is "Stop Workflow"). 1 of the 4 other items (item 1) was sent: eSMS accepted it, but it is in no output of this node, as it stopped on this error. Running the workflow again sends it again, unless it carries the same Request ID as now (a Request ID of your own, under Options: the automatic one changes with each execution). 3 other items were not sent: once a send of the run has failed, the node sends none that has not gone out yet. ${FIX} ${CONTINUE_FOR_SEVERAL}`,
		);
		expect(describeFailureInRun(FIX, true, sends(1, 2, [0]))).toMatch(/^eSMS refused item 2 of 2 \(On Error is "Stop Workflow"\)\. The other item \(item 1\) was sent: /);
		expect(describeFailureInRun(FIX, true, sends(0, 4, [1, 2, 3]))).toMatch(/\. All 3 other items \(items 2, 3 and 4\) were sent: /);
	});

	test('no answer (not a refusal): "failed"; more than 10 accepted items: the first 10 and how many more', () => {
		const accepted = Array.from({ length: 14 }, (_, i) => i + 1);
		expect(describeFailureInRun('', false, sends(0, 15, accepted))).toBe(
			`Item 1 of 15 failed (On Error is "Stop Workflow"). All 14 other items (items 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 4 more) were sent: eSMS accepted them, but they are in no output of this node, as it stopped on this error. ${AGAIN} ${CONTINUE_FOR_SEVERAL}`,
		);
	});
});

describe("eSMS's 124 on the node's own retry after a lost answer (afterLostAnswer)", () => {
	test('says the first attempt most likely sent the message, to check before sending again, and not to use a new Request ID', () => {
		const failure = explainResponse({ body: { CodeResult: '124', ErrorMessage: 'Request exist 1' }, statusCode: 200 })!;
		expect(failure.description).toBe('eSMS blocks a repeated Request ID for 24 hours, so nothing was sent again. Use a new Request ID for a new message. eSMS said: "Request exist 1".');
		const lost = explainTransportError({ code: 'ECONNRESET' });
		const after = afterLostAnswer(failure, lost, 'order-1');
		expect(after).toEqual({ ...failure, description: expect.any(String) });
		expect(after.description).toBe(
			'The node\'s first attempt got no usable answer ("eSMS could not be reached: the connection was reset before eSMS answered (ECONNRESET)"), so it sent this item again with the same Request ID (order-1), and eSMS answered 124: it already had this Request ID. Most likely the first attempt reached eSMS and the message was sent once, though a 124 also comes when another message used this Request ID in the last 24 hours. Check before sending it again: look it up by its Request ID in eSMS\'s reports (account.esms.vn), or wait for its delivery report (Callback URL, eSMS Trigger); Get Status needs its SMSID, which was in the lost answer. Do not send it again with a new Request ID unless you found that it was not sent. eSMS said: "Request exist 1".',
		);
		expect(after.description).not.toContain('Use a new Request ID');
		// the message stays the code's
		expect(after.message).toBe('eSMS error 124: this Request ID was already used in the last 24 hours');
	});
});
