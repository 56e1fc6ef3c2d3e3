import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHttpRequestOptions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { EsmsApi } from '../../../credentials/EsmsApi.credentials';
import { explainResponse, explainTransportError } from './errors';
import type { EsmsFailure } from './errors';
import { API_BASE_URL } from './hosts';

const BALANCE = '/MainService.svc/json/GetBalance_json';
const credentialType = new EsmsApi();

/** One line for the credential dialog: the node's own message and fix for the same answer. */
function explained(failure: EsmsFailure): INodeCredentialTestResult {
	return { status: 'Error', message: `${failure.message}. ${failure.description}` };
}

/**
 * The credential test (the node's `testedBy`): POST GetBalance_json with the keys, exactly as the
 * Get Balance operation sends it (the credential's own `authenticate` places the keys and the host).
 * It passes on eSMS's code 100 and on nothing else: every other answer (101 wrong keys, 140 IP not
 * whitelisted, 143 locked account, 99, the bare {"error": "Invalid request"}, a proxy's HTML page,
 * an HTTP error or no answer at all) fails with the message and fix the node gives for it
 * (errors.ts), including what eSMS said, e.g. the IP address it refused.
 *
 * A declarative `test` on the credential cannot do this: its rules can only fail on listed values,
 * so any other answer would pass as "Connection successful!".
 *
 * n8n gives credential tests only the legacy `request` helper (ICredentialTestFunctions): there is
 * no `httpRequest` here, which is why this is the one place in the package that uses it.
 * eSMS doc: developers.esms.vn/esms-api/ham-lay-thong-tin/lay-thong-tin-so-du-tai-khoan.
 */
export async function esmsApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data: ICredentialDataDecryptedObject = credential.data ?? {};
	const request: IHttpRequestOptions = await credentialType.authenticate(data, {
		baseURL: API_BASE_URL,
		url: BALANCE,
		method: 'POST',
		body: {},
	});
	const { helpers } = this;
	let response: { statusCode: number; body: unknown };
	try {
		response = await helpers.request({
			method: 'POST',
			uri: `${request.baseURL}${BALANCE}`,
			body: request.body,
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			timeout: 30_000,
		});
	} catch (error) {
		// the node's own fix for no answer speaks of retrying sends; here the credential is what to check
		const { message } = explainTransportError(error);
		return { status: 'Error', message: `${message}. Check the API Base URL of this credential, and that the n8n server can reach it.` };
	}
	const failure = explainResponse({ body: response.body, statusCode: response.statusCode });
	return failure ? explained(failure) : { status: 'OK', message: 'Connection successful!' };
}
