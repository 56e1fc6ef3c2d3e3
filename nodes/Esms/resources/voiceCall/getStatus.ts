import { idInQuery } from '../../shared/descriptions';
import { VOICE_API_BASE_URL } from '../../shared/hosts';
import { mapVoiceStatus } from '../../shared/mappers';
import { defineOperation } from '../../shared/operation';
import { readOutput } from '../../shared/read';
import type { EsmsVoiceStatusResponse } from '../../shared/types';
import { FAILURE } from '../../shared/toolTexts';

/** GetSendStatus?ReferenceId= on the voice host; its fields are the shared SMSID fields. */
export const getCallStatus = defineOperation({
	resource: 'voiceCall',
	value: 'getStatus',
	name: 'Get Status',
	subtitle: 'Get Call Status',
	action: 'Get the status of a voice call',
	description: 'Get the result of a voice call: answered or not, duration and key pressed',
	request: { method: 'GET', baseURL: VOICE_API_BASE_URL, url: '/MainService.svc/json/GetSendStatus' },
	kind: 'read',
	inputs: ['messageId'],
	prepare: idInQuery('ReferenceId'),
	output: readOutput<EsmsVoiceStatusResponse>(mapVoiceStatus),
	simplify: true,
	tool:
		'Get the result of one voice call made with eSMS. ' +
		'Give the smsId string (the call ID) that the call tool answered. ' +
		'Ask a few seconds after the call was made at the earliest: sooner, eSMS answers error 105 (not found); then wait and ask again. ' +
		'The answer is a JSON array with one object: status, isFinal (false: ask again later), result ("pending", "answered", "notAnswered" or "failed"), durationSeconds, ivrKey (the key the person pressed, or null). ' +
		FAILURE,
});
