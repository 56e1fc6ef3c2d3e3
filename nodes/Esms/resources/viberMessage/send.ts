/**
 * Viber Message → Send Viber Message: `POST /MainService.svc/json/Send_Multiple_Sms_OTT/`
 * (devesms/gitbook_esms_for_develop_v2 esms-api/ham-gui-tin/tin-viber.md), SmsType "23", under one of
 * the account's Viber brandnames (GetListBrandname Type 23). Body: { Phones: [phone], Brandname,
 * SmsType: "23", Content?, OttImgUrl?, OTTLabel? and OttLabel?, OttUrl?, IsSandBox?: 1, CallbackUrl?,
 * SendDate? (yyyy-MM-dd HH:mm:ss, Vietnam time) } plus the keys, which the credential adds to the body.
 *
 * The page documents four kinds of message, by the fields sent: text (Content), text and button
 * (Content, OttUrl, OTTLabel), text, image and button (Content, OttImgUrl, OttUrl, OTTLabel), image
 * (OttImgUrl). A line break is sent as \r\n, as the page says.
 *
 * Choices where the page disagrees with itself (reference/esms-api.md §12): the button's label is
 * `OTTLabel` in the table and `OttLabel` in the example, and a JSON member name is matched exactly: the
 * node sends both, with the same value (a WCF data contract ignores a member it does not know).
 * `IsSandBox` is typed number: 1. `SmsType` is typed number but sent as "23" in the example: "23".
 *
 * One phone per item, like every send of the node (Phones holds one number), so that each item has its
 * own SMSID, status and error. The page documents no RequestId: none is sent (an undocumented field
 * could be ignored, and then promise a protection that does not exist). Instead the spec's `oncePerRun`
 * makes the transport never send an item again after a try that got no answer, Retry On Fail included.
 *
 * The status: SMS → Get Status (GetSendStatus) answers for a Viber SMSID, SMS → Get Per-Number Results
 * too, and the callback (the eSMS Trigger) reports it with TypeId 23, as a "viber" report.
 */
import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { VIBER_BRANDNAME_FIX, viberBrandnameField } from '../../listSearch/brandnames';
import { requiredPick } from '../../listSearch/common';
import { invalidInput, show } from '../../shared/descriptions';
import { defineOperation } from '../../shared/operation';
import { cleanText } from '../../shared/phone';
import { outputSend, prepareSendInput, rememberSend, sendOptionsField } from '../../shared/send';
import { sendDateOutput } from '../../shared/sendDate';
import { messageText } from '../../shared/text';
import { FAILURE, PHONE } from '../../shared/toolTexts';
import { withParameters } from '../sms/sendBrandname';

const SEND = show('viberMessage', 'send');

export type ViberMessageType = 'text' | 'textButton' | 'textImageButton' | 'image';

const shownFor = (...types: ViberMessageType[]) => ({ show: { ...SEND.show, viberMessageType: types } });

/** The shared send Options, less the Request ID entries: the endpoint takes none. */
const options = sendOptionsField(SEND, { maxConcurrentRequests: 20, text: false });
const viberOptions: INodeProperties = {
	...options,
	options: (options.options as INodeProperties[]).filter((o) => o.name !== 'autoRequestId' && o.name !== 'requestId'),
};

export const viberSendFields: INodeProperties[] = [
	viberBrandnameField(SEND),
	{
		displayName: 'Message Type',
		name: 'viberMessageType',
		type: 'options',
		noDataExpression: true,
		required: true,
		displayOptions: SEND,
		options: [
			{ name: 'Image', value: 'image', description: 'An image alone' },
			{ name: 'Text', value: 'text', description: 'A text alone' },
			{ name: 'Text and Button', value: 'textButton', description: 'A text with a button that opens a link' },
			{ name: 'Text, Image and Button', value: 'textImageButton', description: 'A text, an image, and a button that opens a link' },
		],
		default: 'text',
		description: 'What the Viber message shows: the four kinds eSMS documents',
	},
	{
		displayName: 'Text',
		name: 'viberText',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		displayOptions: shownFor('text', 'textButton', 'textImageButton'),
		description: 'The text of the message, with emoji and Vietnamese diacritics as typed. Line breaks are kept.',
	},
	{
		displayName: 'Image URL',
		name: 'viberImageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/offer.png',
		displayOptions: shownFor('textImageButton', 'image'),
		description: 'A public http(s) link to the image (PNG or JPG)',
	},
	{
		displayName: 'Button Label',
		name: 'viberButtonLabel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. View offer',
		displayOptions: shownFor('textButton', 'textImageButton'),
		description: 'The text on the button',
	},
	{
		displayName: 'Button URL',
		name: 'viberButtonUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/offer',
		displayOptions: shownFor('textButton', 'textImageButton'),
		description: 'The http(s) link the button opens',
	},
	viberOptions,
];

const URL_FIX = 'Use a full public URL starting with https:// (or http://).';

function readUrl(ctx: IExecuteSingleFunctions, name: string, field: string): string {
	const url = cleanText(ctx.getNodeParameter(name, ''));
	if (url === '') throw invalidInput(ctx, field, 'it is empty', URL_FIX);
	if (!/^https?:\/\/[^\s/]+\S*$/i.test(url)) throw invalidInput(ctx, field, `"${url}" is not an http(s) URL`, URL_FIX);
	return url;
}

function readViberText(ctx: IExecuteSingleFunctions): string {
	const raw = ctx.getNodeParameter('viberText', '') as unknown;
	if (raw !== null && typeof raw === 'object')
		throw invalidInput(ctx, 'Text', `it is ${Array.isArray(raw) ? 'a list' : 'an object'}, not text`, 'Map Text to a text field, e.g. {{ $json.message }}.');
	const text = messageText(String(raw ?? ''));
	if (!/[^\s\p{Z}\p{Cf}\p{Cc}]/u.test(text)) throw invalidInput(ctx, 'Text', 'it is empty', 'Write the text of the Viber message in Text.');
	return text;
}

/** preSend: Phone, Brandname, the parts of the message type, the shared Options; then the JSON body. */
async function prepareViberSend(this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
	const own = (this.getNodeParameter('options', {}) ?? {}) as IDataObject;
	// Phone, Send Date, Callback URL, Sandbox as every send reads them; no Request ID (the endpoint has none)
	const input = prepareSendInput(withParameters(this, { options: { ...own, autoRequestId: false, requestId: '' } }), { channel: 'viber', text: false });
	const brandname = requiredPick(this, 'viberBrandname', 'Brandname', VIBER_BRANDNAME_FIX);
	const type = this.getNodeParameter('viberMessageType', 'text') as ViberMessageType;
	const content = type === 'image' ? null : readViberText(this);
	const imageUrl = type === 'image' || type === 'textImageButton' ? readUrl(this, 'viberImageUrl', 'Image URL') : null;
	const button = type === 'textButton' || type === 'textImageButton';
	let buttonLabel: string | null = null;
	if (button) {
		buttonLabel = cleanText(this.getNodeParameter('viberButtonLabel', ''));
		if (buttonLabel === '') throw invalidInput(this, 'Button Label', 'it is empty', 'Write the text of the button, e.g. "View offer".');
	}
	const buttonUrl = button ? readUrl(this, 'viberButtonUrl', 'Button URL') : null;
	rememberSend(this, {
		phone: input.phone,
		brandname,
		messageType: type,
		content,
		imageUrl,
		buttonLabel,
		buttonUrl,
		requestId: null,
		sendDate: sendDateOutput(input.sendDate),
		sandbox: input.sandbox,
	});
	requestOptions.body = {
		...(requestOptions.body as IDataObject),
		Phones: [input.phone],
		Brandname: brandname,
		SmsType: '23',
		// a line break is sent as \r\n (the page's note)
		...(content !== null && { Content: content.replace(/\n/g, '\r\n') }),
		...(imageUrl !== null && { OttImgUrl: imageUrl }),
		// the table says OTTLabel, the example OttLabel: both, the same value (see above)
		...(buttonLabel !== null && { OTTLabel: buttonLabel, OttLabel: buttonLabel }),
		...(buttonUrl !== null && { OttUrl: buttonUrl }),
		...(input.sendDate !== null && { SendDate: input.sendDate }),
		...(input.callbackUrl !== null && { CallbackUrl: input.callbackUrl }),
		...(input.sandbox && { IsSandBox: 1 }),
	};
	return requestOptions;
}

export const sendViber = defineOperation({
	resource: 'viberMessage',
	value: 'send',
	name: 'Send Viber Message',
	action: 'Send a Viber message',
	description: "Send a Viber message (text, image, button) under the account's Viber brandname to one phone",
	request: { method: 'POST', url: '/MainService.svc/json/Send_Multiple_Sms_OTT/' },
	kind: 'send',
	oncePerRun: {
		person:
			'eSMS may have received and sent this message before the answer was lost. This send takes no Request ID, so eSMS could not refuse a repeat: the node does not send it again, not even under Retry On Fail. Check whether it arrived (a delivery report through the eSMS Trigger, or the message history at account.esms.vn) before sending it again.',
		model:
			'It is unknown whether eSMS sent this Viber message, and it cannot be deduplicated. Do not call this tool again for this number; tell the user the message may have been sent.',
		// a model's repeat in one chat message is a mistake, not a second message (tester finding)
		sameToolCallOnce: true,
	},
	inputs: ['phone'],
	fields: viberSendFields,
	prepare: prepareViberSend,
	output: outputSend,
	simplify: true,
	tool:
		"Send one Viber message under the account's Viber brandname to one Vietnamese mobile number that uses Viber. " +
		PHONE +
		'The workflow sets the brandname and the message (text, image, button). ' +
		'The answer is a JSON array with one object: smsId (keep it to check delivery with the SMS status tool), phone, brandname, messageType, content. ' +
		'The same call again within one user message is not sent again (its answer has alreadyAccepted true); in a later message it sends again: after a successful answer, do not repeat the call. ' +
		'Do not call again for the same number after an error that says the answer was lost: the message may have been sent, and this send cannot be deduplicated. ' +
		FAILURE,
});
