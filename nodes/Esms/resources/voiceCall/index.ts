import type { INodeProperties } from 'n8n-workflow';

import { VOICE_API_BASE_URL } from '../../shared/hosts';
import { outputVoiceStatus, prepareVoiceStatus } from './getStatus';

export const voiceCallOperation: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['voiceCall'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a voice call',
				description: 'Get the result of a voice call: answered or not, duration and key pressed',
				routing: {
					request: {
						method: 'GET',
						baseURL: VOICE_API_BASE_URL,
						url: '/MainService.svc/json/GetSendStatus',
					},
					send: { paginate: true, preSend: [prepareVoiceStatus] },
					output: { postReceive: [outputVoiceStatus] },
				},
			},
		],
		default: 'getStatus',
};
