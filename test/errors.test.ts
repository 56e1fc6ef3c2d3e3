import { NodeApiError } from 'n8n-workflow';
import type { IExecuteSingleFunctions } from 'n8n-workflow';

import {
	ESMS_ERROR_CODES,
	describeCode,
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
