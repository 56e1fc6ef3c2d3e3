import { idInQuery } from '../../shared/descriptions';
import { mapSmsStatus } from '../../shared/mappers';
import { defineOperation } from '../../shared/operation';
import { readOutput } from '../../shared/read';
import type { EsmsSmsStatusResponse } from '../../shared/types';
import { FAILURE } from '../../shared/toolTexts';

/** GetSendStatus?RefId= on the REST host; its fields are the shared SMSID fields. */
export const getSmsStatus = defineOperation({
	resource: 'sms',
	value: 'getStatus',
	name: 'Get Status',
	subtitle: 'Get SMS Status',
	action: 'Get the status of an SMS',
	description: 'Get the delivery status of a message sent in the last 7 days',
	request: { method: 'GET', url: '/MainService.svc/json/GetSendStatus' },
	kind: 'read',
	inputs: ['messageId'],
	prepare: idInQuery('RefId'),
	output: readOutput<EsmsSmsStatusResponse>(mapSmsStatus),
	simplify: true,
	tool:
		'Get the delivery status of one SMS sent with eSMS in the last 7 days. ' +
		'Give the smsId string that the send tool answered. ' +
		'Ask 5 seconds after the send at the earliest: sooner, eSMS answers error 105 (not found); then wait a few seconds and ask again. ' +
		'The answer is a JSON array with one object: status, isFinal (false: ask again later), result ("pending", "success", "failed", "partiallyFailed" or "rejected"), successCount, failedCount, totalPrice (VND). ' +
		FAILURE,
});
