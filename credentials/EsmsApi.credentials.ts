import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { API_BASE_URL, VOICE_API_BASE_URL } from '../nodes/Esms/shared/hosts';

/** Shown under a base URL that would send the keys unencrypted to another machine. */
function plainHttpNotice(field: 'baseUrl' | 'voiceBaseUrl'): INodeProperties {
	return {
		displayName:
			'This URL uses plain http://, so the API Key and Secret Key would cross the network unencrypted. Use https:// unless the address is this machine (localhost).',
		name: `${field}PlainHttpNotice`,
		type: 'notice',
		default: '',
		displayOptions: {
			show: { [field]: [{ _cnd: { regex: '^\\s*http://' } }] },
			hide: { [field]: [{ _cnd: { regex: '^\\s*http://(localhost|127\\.\\d+\\.\\d+\\.\\d+|\\[::1\\])(:\\d+)?(/|$)' } }] },
		},
	};
}

function trimSlash(url: unknown, fallback: string): string {
	const text = String(url ?? '').trim().replace(/\/+$/, '');
	return text === '' ? fallback : text;
}

export class EsmsApi implements ICredentialType {
	name = 'esmsApi';

	displayName = 'eSMS API';

	icon: Icon = { light: 'file:../icons/esms.svg', dark: 'file:../icons/esms.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-esms/n8n-nodes-esms#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'From account.esms.vn → API settings',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'From account.esms.vn → API settings',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: API_BASE_URL,
			description: 'Change only to go through a proxy, or to try the node against a local eSMS simulator',
		},
		plainHttpNotice('baseUrl'),
		{
			displayName: 'Voice API Base URL',
			name: 'voiceBaseUrl',
			type: 'string',
			default: VOICE_API_BASE_URL,
			description: 'Change only to go through a proxy, or to try the node against a local eSMS simulator',
		},
		plainHttpNotice('voiceBaseUrl'),
	];

	/**
	 * eSMS reads the keys from the query string of GET requests and from the JSON body of POST
	 * requests. A function (rather than `generic` expressions) puts them only where eSMS reads them,
	 * sets the configured host, and costs no expression evaluation per request.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// keys pasted with a space or a line break around them would fail with 101 ("Authorize Failed")
		const keys = { ApiKey: String(credentials.apiKey ?? '').trim(), SecretKey: String(credentials.secretKey ?? '').trim() };
		if (requestOptions.baseURL === API_BASE_URL)
			requestOptions.baseURL = trimSlash(credentials.baseUrl, API_BASE_URL);
		else if (requestOptions.baseURL === VOICE_API_BASE_URL)
			requestOptions.baseURL = trimSlash(credentials.voiceBaseUrl, VOICE_API_BASE_URL);
		if ((requestOptions.method ?? 'GET').toUpperCase() === 'GET') {
			requestOptions.qs = { ...requestOptions.qs, ...keys };
		} else if (typeof requestOptions.body === 'string' && requestOptions.body.startsWith('<RQST>')) {
			// the advertising estimate's XML body (SummaryMultipleSMSBrandname): the keys are its first tags
			const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
			// a retry hands the same options back: the tags an earlier try added are replaced, not added again
			const rest = requestOptions.body.slice('<RQST>'.length).replace(/^<APIKEY>[^<]*<\/APIKEY><SECRETKEY>[^<]*<\/SECRETKEY>/, '');
			requestOptions.body = `<RQST><APIKEY>${xml(keys.ApiKey)}</APIKEY><SECRETKEY>${xml(keys.SecretKey)}</SECRETKEY>${rest}`;
		} else {
			requestOptions.body = { ...(requestOptions.body as IDataObject), ...keys };
		}
		return requestOptions;
	}

	// tested by the eSMS node (testedBy: nodes/Esms/shared/credentialTest.ts), which passes only on eSMS's
	// code 100: rules on a declarative `test` can only fail on listed answers.
}
