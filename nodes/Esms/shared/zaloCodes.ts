import { lookup } from './lookup';

/**
 * What a Zalo ZNS result code means, and what to do about it: the `ErrorInfo` of Zalo Message → Get
 * Status and the `error` inside a Zalo delivery report's `error_info`.
 *
 * Sources. eSMS's ZNS status page (devesms/gitbook_esms_for_develop_v2, esms-api/ham-truy-xuat-va-dang-ky/
 * ham-lay-thong-tin-trang-thai-zns-1.md, ErrorInfo; /work/shared/seeds/003_…) defines 0 (sent), 1001
 * (the user was not online in time) and null (not sent yet), and sends every other value to Zalo's
 * error table, https://developers.zalo.me/docs/zbs-template-message/bang-ma-loi/, which Zalo now
 * publishes as "Cách xử lý mã lỗi", https://zalo.cloud/zns/guidelines/handle-error-code (code, Zalo's
 * English name, meaning, what to do). 0 and -100 to -111 are read from that page; -112 to -119 from the
 * same table's rows in order (helpdesk.getfly.vn "Questions about ZNS" lists them with Zalo's English
 * names); -114's name is also eSMS's own callback sample (esms-api/callback-url.md); -118 is the code
 * eSMS's simulator and a multichannel fallback use for a phone without Zalo. Codes after -119 could not
 * be read from a copy the project could check: they get the readable fallback of {@link zaloCodeInfo},
 * with Zalo's own message when the report carries one.
 *
 * Codes about Zalo's app, secret key and methods (-101 to -107) concern the Zalo app eSMS sends
 * through for the OA, which the eSMS user does not hold: the fix is eSMS's support.
 */
export interface ZaloCodeInfo {
	/** what happened, in one short sentence */
	label: string;
	/** what to do; null when nothing is to be done (delivered) */
	action: string | null;
}

const ESMS_SUPPORT = 'Contact eSMS (ViHAT) support with the SMSID: it concerns the Zalo app through which eSMS sends for your OA, which you cannot change yourself.';
const BY_SMS = 'Reach the customer another way: Send ZNS with SMS Fallback sends a customer-care SMS by itself when Zalo cannot deliver.';

export const ZALO_CODES: Readonly<Record<string, ZaloCodeInfo>> = {
	'0': { label: 'Delivered', action: null },
	// eSMS's own code (status page above), not Zalo's
	'1001': {
		label: 'The user was not online to receive it in time',
		action: `Send it again later. ${BY_SMS}`,
	},
	'-100': { label: 'Zalo had an unknown error', action: 'Send it again later; if it keeps failing, contact eSMS support with the SMSID.' },
	'-101': { label: "The Zalo app sending for the OA is invalid (Zalo's \"Application invalid\")", action: ESMS_SUPPORT },
	'-102': { label: "The Zalo app sending for the OA does not exist (Zalo's \"Application not existed\")", action: ESMS_SUPPORT },
	'-103': { label: "The Zalo app sending for the OA is not activated (Zalo's \"Application not activated\")", action: ESMS_SUPPORT },
	'-104': { label: "The Zalo app's secret key is invalid (Zalo's \"App secret key invalid\")", action: ESMS_SUPPORT },
	'-105': { label: "The Zalo app is not linked to any OA (Zalo's \"Application not link to any OA\")", action: ESMS_SUPPORT },
	'-106': { label: "Zalo does not support the method used (Zalo's \"Method unsupported\")", action: ESMS_SUPPORT },
	'-107': { label: "Zalo found the message ID invalid (Zalo's \"Message ID invalid\")", action: ESMS_SUPPORT },
	'-108': {
		label: 'Zalo found the phone number invalid',
		action: 'Check the number: one Vietnamese mobile number, such as 0901888484.',
	},
	'-109': {
		label: 'Zalo does not know the template ID',
		action: "Pick the template again (Account → Get ZNS Templates lists the OA's templates); it must be an approved template of this OA.",
	},
	'-110': {
		label: "The recipient's Zalo app is too old for this message",
		action: `Ask the customer to update Zalo. ${BY_SMS}`,
	},
	'-111': { label: 'The template parameters reached Zalo empty', action: "Fill the template's parameters (Template Parameters), then send again." },
	'-112': {
		label: 'Zalo refused the template parameter values (Zalo\'s "Template data invalid")',
		action: "Check each value against the template's parameters (type, length, required) in Account → Get ZNS Template, then send again.",
	},
	'-113': {
		label: "A button of the template is invalid (Zalo's \"Button invalid\")",
		action: "Check the template's buttons and their links with eSMS, or use another template.",
	},
	'-114': {
		label: 'The user is inactive, refused the message (blocked the OA or turned off ZNS), uses an outdated Zalo version, or Zalo had an internal error',
		action: `Nothing in the request to fix. ${BY_SMS} The customer can update Zalo and allow messages from the OA.`,
	},
	'-115': {
		label: "The OA's ZNS quota or balance is used up (Zalo's \"Out of quota\")",
		action: "Top up the OA's ZNS balance or quota (with eSMS), then send again.",
	},
	'-116': {
		label: 'Zalo refused the message content (Zalo\'s "Text invalid")',
		action: 'Check the parameter values for words or characters Zalo does not allow in this template, then send again.',
	},
	'-117': {
		label: 'The OA may not use this template (Zalo\'s "OA or App does not have permission to access this template")',
		action: 'Use a template of this OA (Account → Get ZNS Templates), or ask eSMS to check the template\'s owner.',
	},
	'-118': {
		label: 'The phone has no Zalo account, or it is disabled',
		action: BY_SMS,
	},
	'-119': {
		label: 'The Zalo account cannot receive this message (Zalo\'s "Account can not receive…")',
		action: BY_SMS,
	},
};

/**
 * What `code` means. A code outside the table gets a readable fallback that names it and says where
 * to look; `zaloMessage` (the `message` of a delivery report's error_info) is quoted when there is one.
 * `null` or undefined: the message was not sent yet.
 */
export function zaloCodeInfo(code: unknown, zaloMessage?: string | null): ZaloCodeInfo {
	if (code === undefined || code === null || String(code).trim() === '') return { label: 'Not sent yet', action: null };
	const key = String(code).trim();
	const known = lookup(ZALO_CODES, key);
	if (known) return known;
	const said = typeof zaloMessage === 'string' && zaloMessage.trim() !== '' ? `: ${zaloMessage.trim()}` : '';
	return {
		label: `Zalo error ${key}${said}`,
		action: `Zalo did not deliver the message. Look code ${key} up in Zalo's ZNS error table (https://zalo.cloud/zns/guidelines/handle-error-code), or ask eSMS support with the SMSID.`,
	};
}
