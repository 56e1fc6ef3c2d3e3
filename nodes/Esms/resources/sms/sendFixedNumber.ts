import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { show } from '../../shared/descriptions';
import { prepareSendInput, rememberSend, sendOptionsField, sendQuery, textSummary } from '../../shared/send';

export { outputSend } from '../../shared/send';

const displayOptions = show('sms', 'sendFixedNumber');

// Phone, Content and Unicode are declared once for every send, in Esms.node.ts
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
