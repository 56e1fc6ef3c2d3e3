import type { INodeProperties } from 'n8n-workflow';

import { VOICE_API_BASE_URL } from '../../shared/hosts';
import { outputSend } from '../../shared/send';
import { outputVoiceStatus, prepareVoiceStatus } from './getStatus';
import { makeCallDescription, prepareMakeCall } from './makeCall';
import { makeTextToSpeechCallDescription, prepareMakeTextToSpeechCall } from './makeTextToSpeechCall';

export const voiceCallDescription: INodeProperties[] = [...makeCallDescription, ...makeTextToSpeechCallDescription];

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
			{
				name: 'Make Call',
				value: 'makeCall',
				action: 'Make a call that plays a recording',
				description: 'Call one phone and play a recording made in account.esms.vn, optionally forwarding on a key press',
				routing: {
					request: { method: 'GET', baseURL: VOICE_API_BASE_URL, url: '/MainService.svc/json/MakeCallRecord_V2' },
					send: { paginate: true, preSend: [prepareMakeCall] },
					output: { postReceive: [outputSend] },
				},
			},
			{
				name: 'Make Text-to-Speech Call',
				value: 'makeTextToSpeechCall',
				action: 'Make a text to speech call',
				description: 'Call one phone and read a call template aloud, with its variables filled in',
				routing: {
					request: { method: 'GET', baseURL: VOICE_API_BASE_URL, url: '/MainService.svc/json/MakeCallTemplate_V2' },
					send: { paginate: true, preSend: [prepareMakeTextToSpeechCall] },
					output: { postReceive: [outputSend] },
				},
			},
		],
		default: 'getStatus',
};
