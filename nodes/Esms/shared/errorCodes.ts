import { lookup } from './lookup';
import type { EsmsCodeFields } from './types';

/**
 * eSMS's result codes: what each means and what to do about it (the code table), and the code of an
 * answer. Part of the error policy (errors.ts).
 */

interface CodeInfo {
	meaning: string;
	fix: string;
}

const CONTACT = 'Contact eSMS support if this persists.';

/** Official table (developers.esms.vn/esms-api/bang-ma-loi, 37 codes) followed by legacy codes. */
export const ESMS_ERROR_CODES: Readonly<Record<string, CodeInfo>> = {
	'99': {
		meaning: 'the phone number is blocked in eSMS',
		fix: 'eSMS refuses to send to this number (for example after an opt-out). Remove it from your list, or ask eSMS support why it is blocked. In old accounts 99 can also mean an unknown error: retry later.',
	},
	'100': { meaning: 'request accepted', fix: '' },
	'101': {
		meaning: 'API Key or Secret Key is wrong',
		fix: 'Open the eSMS API credential and paste the API Key and Secret Key again from account.esms.vn → API settings. They are not your login password.',
	},
	'102': {
		meaning: 'no price list is set up for this account',
		fix: `Ask eSMS sales to attach a price list for this message type to your account. ${CONTACT}`,
	},
	'103': {
		meaning: 'not enough balance to send',
		fix: 'Top up the eSMS account, then run the workflow again. Account → Get Balance shows what is left.',
	},
	'104': {
		meaning: 'the Brandname or call code does not exist',
		fix: 'Use a Brandname or voice template registered to this account (see account.esms.vn). Names are case-sensitive.',
	},
	'105': {
		meaning: 'the SMSID or call ID was not found',
		fix: 'Check the ID comes from a send made with this same account. A message sent seconds ago cannot be queried yet: add a Wait node of a few seconds before Get Status. eSMS keeps statuses for 7 days.',
	},
	'106': {
		meaning: 'the recording file does not exist',
		fix: 'Check the recording ID (Template ID) in account.esms.vn → Voice.',
	},
	'107': {
		meaning: 'advertising SMS needs at least 30 distinct phone numbers per request',
		fix: 'Send to at least 30 numbers at once, or use customer-care or fixed-number SMS.',
	},
	'108': {
		meaning: 'the phone number format is wrong',
		fix: 'Use a Vietnamese mobile number such as 0901888484 or 84901888484.',
	},
	'110': {
		meaning: 'the request data is invalid',
		fix: 'Check every field of the request against the eSMS documentation.',
	},
	'115': {
		meaning: 'the hashed phone data is invalid',
		fix: 'Hash the phone number in its 84xxxxxxxxx form.',
	},
	'118': {
		meaning: 'this message type (SmsType) is not supported',
		fix: `Your account may not be enabled for this message type: ask eSMS to enable it. For Zalo status the type is 24 (priority) or 25 (normal). ${CONTACT}`,
	},
	'120': {
		meaning: 'the phone list exceeds the limit',
		fix: 'Split the list into smaller requests.',
	},
	'124': {
		meaning: 'this Request ID was already used in the last 24 hours',
		fix: 'eSMS blocks a repeated Request ID for 24 hours, so nothing was sent again. Use a new Request ID for a new message.',
	},
	'140': {
		meaning: "the caller's IP address is not whitelisted",
		fix: "Give your n8n server's public IP address to eSMS sales or support to whitelist it.",
	},
	'143': {
		meaning: 'the account is not activated or is locked',
		fix: `Activate the account at account.esms.vn, or ask eSMS support to unlock it. ${CONTACT}`,
	},
	'146': {
		meaning: 'the content does not match a registered customer-care template',
		fix: 'Use the exact text of a template registered for your Brandname, with only the variable parts changed.',
	},
	'160': {
		meaning: 'too many requests per second (TPS limit exceeded)',
		fix: "This node already spaces its requests, slows down when eSMS answers 160 and asks again. It still got 160 after its last try, so something else shares the account's limit heavily (another app, or many workflows at once): run fewer executions in parallel, or lower the node's Requests per Second option.",
	},
	'163': {
		meaning: 'fixed-number SMS takes exactly one phone number per request',
		fix: 'Put a single number in Phone and send one item per recipient.',
	},
	'171': {
		meaning: 'the code was already used, has expired, or belongs to another phone',
		fix: 'Ask the user for a new code.',
	},
	'177': {
		meaning: "the recipient's network is not registered for this Brandname",
		fix: "Ask eSMS to register your Brandname with the recipient's telco.",
	},
	'199': {
		meaning: 'the same request already exists and is being processed',
		fix: 'Wait for the first request to finish instead of sending it again.',
	},
	'201': {
		meaning: 'the content contains a blocked keyword',
		fix: 'Rephrase the message. eSMS support can tell you which word is blocked.',
	},
	'204': {
		meaning: 'the Zalo OA ID does not exist',
		fix: 'Check the OA ID in account.esms.vn → Zalo.',
	},
	'210': {
		meaning: 'the payload is not as specified',
		fix: 'Check the Zalo message payload against the eSMS documentation.',
	},
	'300': {
		meaning: 'the message type is missing',
		fix: 'Set the message type (SmsType) of the request.',
	},
	'301': {
		meaning: 'this service type code is not supported',
		fix: 'Use a service type listed in the eSMS documentation.',
	},
	'687': {
		meaning: 'the request lists more than 500 phone numbers',
		fix: 'Split the list into requests of at most 500 numbers.',
	},
	'789': {
		meaning: 'the template is not configured for this Zalo OA',
		fix: 'Register the template for this OA in account.esms.vn → Zalo.',
	},
	'790': {
		meaning: 'the ZNS template is wrong',
		fix: 'Check the template ID and its parameters.',
	},
	'791': {
		meaning: 'the OA ID or template ID is missing',
		fix: 'Fill in both the OA ID and the template ID.',
	},
	'799': {
		meaning: 'the Zalo OA is inactive, wrong, or not added to this account',
		fix: 'Connect the OA to your eSMS account, or check its ID.',
	},
	'801': {
		meaning: 'over-quota sending mode cannot be scheduled',
		fix: 'Remove the send date, or use another sending mode.',
	},
	'802': {
		meaning: 'this OA may not use over-quota sending mode',
		fix: 'Use the normal sending mode, or ask eSMS to allow over-quota sending.',
	},
	'851': {
		meaning: 'the SMSID (or MessageId) is missing',
		fix: "Pass the SMSID returned by the send, for example the previous eSMS node's smsId field.",
	},
	'854': {
		meaning: 'no data was found for this message',
		fix: 'Check the SMSID and that the Zalo type matches how it was sent (24 priority, 25 normal). A message sent seconds ago cannot be queried yet: add a Wait node before Get Status.',
	},
	// legacy codes, still seen from older endpoints and accounts
	'117': {
		meaning: 'the code is invalid or was already used',
		fix: 'Ask the user for a new code.',
	},
	'119': {
		meaning: 'advertising Brandname messages need at least 20 phone numbers',
		fix: 'Send to at least 20 numbers at once.',
	},
	'131': {
		meaning: 'advertising messages may be at most 422 characters',
		fix: 'Shorten the content.',
	},
	'132': {
		meaning: 'this account may not send through the fixed number',
		fix: `Ask eSMS to enable fixed-number sending for your account. ${CONTACT}`,
	},
	'145': {
		meaning: 'the social-network template is wrong',
		fix: 'Check the template ID and its parameters.',
	},
	'159': {
		meaning: 'the Request ID is too long',
		fix: 'Use a Request ID of at most 50 characters.',
	},
	'161': {
		meaning: 'a date is not in the expected format',
		fix: 'Send dates as yyyy-MM-dd HH:mm:ss.',
	},
	'852': {
		meaning: 'the Zalo UID is invalid',
		fix: 'A Zalo UID has at most 20 characters.',
	},
	'853': {
		meaning: 'the Zalo UID is missing',
		fix: 'Fill in the Zalo UID.',
	},
};

export function esmsCodeOf(body: unknown): string | undefined {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const b = body as EsmsCodeFields;
	const code = b.CodeResult ?? b.CodeResponse ?? b.Code;
	return code === undefined || code === null ? undefined : String(code).trim();
}

export function describeCode(code: string, esmsMessage?: string): { message: string; description: string } {
	const info = lookup(ESMS_ERROR_CODES, code);
	const said = esmsMessage ? ` eSMS said: "${esmsMessage}".` : '';
	if (!info)
		return {
			message: `eSMS error ${code}: an undocumented error code`,
			description: `eSMS returned a code that is not in its published error table.${said} ${CONTACT}`,
		};
	return { message: `eSMS error ${code}: ${info.meaning}`, description: `${info.fix}${said}` };
}
