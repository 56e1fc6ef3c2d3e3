import { idInQuery } from '../../shared/descriptions';
import { VOICE_API_BASE_URL } from '../../shared/hosts';
import { mapVoiceStatus } from '../../shared/mappers';
import { defineOperation } from '../../shared/operation';
import { readOutput } from '../../shared/read';
import type { EsmsVoiceStatusResponse } from '../../shared/types';
import { TOOL_DESCRIPTIONS } from '../../toolVariant';

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
	tool: TOOL_DESCRIPTIONS.voiceCall.getStatus,
});
