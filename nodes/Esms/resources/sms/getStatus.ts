import { idInQuery } from '../../shared/descriptions';
import { mapSmsStatus } from '../../shared/mappers';
import { defineOperation } from '../../shared/operation';
import { readOutput } from '../../shared/read';
import type { EsmsSmsStatusResponse } from '../../shared/types';
import { TOOL_DESCRIPTIONS } from '../../toolVariant';

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
	tool: TOOL_DESCRIPTIONS.sms.getStatus,
});
