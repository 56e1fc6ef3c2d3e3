import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { show } from '../../shared/descriptions';
import { defineOperation } from '../../shared/operation';
import { outputSend, prepareSendInput, rememberSend, sendOptionsField, sendQuery, textSummary } from '../../shared/send';
import { FAILURE, PHONE, REPEAT } from '../../shared/toolTexts';


const displayOptions = show('sms', 'sendFixedNumber');

// Phone, Content and Unicode are declared once for every send (the spec's `inputs`)
export const sendFixedNumberDescription: INodeProperties[] = [
	sendOptionsField(displayOptions, { maxConcurrentRequests: 20, text: true }),
];

/** preSend of Send Fixed-Number SMS (SendMultipleMessage_V4_get, SmsType 8): the shared send path, then the SMS fields. */
export async function prepareSend(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const input = prepareSendInput(this, { channel: 'sms:8' });
	rememberSend(this, textSummary(input));
	const { Phone, ...common } = sendQuery(input);
	requestOptions.qs = {
		...requestOptions.qs,
		Phone,
		Content: input.text!.content,
		IsUnicode: input.text!.unicode ? '1' : '0',
		SmsType: '8',
		...common,
	};
	return requestOptions;
}

export const sendFixedNumber = defineOperation({
	resource: 'sms',
	value: 'sendFixedNumber',
	name: 'Send Fixed-Number SMS',
	action: 'Send an SMS from a fixed number',
	description: 'Send an SMS from an eSMS fixed number (SmsType 8) to one phone',
	request: { method: 'GET', url: '/MainService.svc/json/SendMultipleMessage_V4_get' },
	kind: 'send',
	// Content: declared by Send ZNS with SMS Fallback's fields for both; Unicode: by Send Brandname SMS's
	inputs: ['phone'],
	fields: sendFixedNumberDescription,
	prepare: prepareSend,
	output: outputSend,
	simplify: true,
	tool:
		'Send one SMS from an eSMS fixed number to one Vietnamese mobile number. ' +
		PHONE +
		'The text is plain text; a part holds 160 characters, longer texts are split and billed per part; Vietnamese letters are sent without diacritics. ' +
		'The answer is a JSON array with one object: smsId (keep it to check delivery), alreadyAccepted, phone, segments. ' +
		REPEAT +
		'Delivery can be checked a few seconds after sending, not at once. ' +
		FAILURE,
});
