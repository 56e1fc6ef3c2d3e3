import type { IExecuteSingleFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { invalidInput, show } from '../../shared/descriptions';
import { outputSend, prepareSendInput, rememberSend } from '../../shared/send';
import { messageText } from '../../shared/text';
import { readTemplateId, readWholeNumber, voiceOptionsField, voiceQuery, voiceSummary } from './common';
import { defineOperation } from '../../shared/operation';
import { FAILURE, PHONE, REPEAT } from '../../shared/toolTexts';
import { VOICE_API_BASE_URL } from '../../shared/hosts';

/**
 * Voice Call → Make Text-to-Speech Call: a call from a call template made in account.esms.vn, whose
 * variables are read aloud, `MakeCallTemplate_V2` on the voice host
 * (esms-api/ham-goi-voice/ham-tao-cuoc-goi-tu-dong-theo-template.md).
 */

const displayOptions = show('voiceCall', 'makeTextToSpeechCall');
const WHERE = 'account.esms.vn → Voice (the call templates)';

/** The documented Voice values; the names say the accent, as the page does. */
export const VOICES = [
	{ name: 'Female, Central (Huế) — Ngọc Lam', value: 'ngoclam' },
	{ name: 'Female, Northern', value: 'female' },
	{ name: 'Female, Southern — Hạ Tiểu Mai', value: 'hatieumai' },
	{ name: 'Male, Northern', value: 'male' },
];

/** eSMS joins the variables with this (VariableListStr, "Trung||20000"). */
const SEPARATOR = '||';

export const makeTextToSpeechCallDescription: INodeProperties[] = [
	{
		displayName: 'Template ID',
		name: 'templateId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 5001',
		displayOptions,
		description: 'ID of the call template (script) to read, as listed in account.esms.vn → Voice',
	},
	{
		displayName: 'Variables',
		name: 'variables',
		type: 'fixedCollection',
		placeholder: 'Add Variable',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions,
		description: "The values of the template's variables, in the template's order: the first fills variable 1, and so on",
		options: [
			{
				displayName: 'Variable',
				name: 'variable',
				values: [
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. Trung',
						description: 'Text read aloud in place of the variable. It cannot contain "|".',
					},
				],
			},
		],
	},
	{
		displayName: 'Voice',
		name: 'voice',
		type: 'options',
		options: VOICES,
		default: 'female',
		displayOptions,
		description: 'The voice that reads the variables',
	},
	{
		displayName: 'Speed',
		name: 'speed',
		type: 'number',
		typeOptions: { minValue: -3, maxValue: 3, numberPrecision: 0 },
		default: 0,
		displayOptions,
		description: 'How fast the variables are read: -3 very slow, -2 quite slow, -1 slow, 0 normal, 1 fast, 2 quite fast, 3 very fast',
	},
	voiceOptionsField(displayOptions),
];

/**
 * The Variables list as eSMS reads it: each value as text (a number from an expression as its
 * digits), composed (NFC), line endings as `\n`, trimmed (text.ts messageText). Throws `invalidInput` naming "Variables" and the variable's position when one is
 * empty (the call would skip it, and say the next value in its place… or nothing) or holds "|" (a
 * "|" next to the `||` separator would move the values into the wrong variables).
 */
export function readVariables(ctx: IExecuteSingleFunctions): string[] {
	const collection = ctx.getNodeParameter('variables', {}) as { variable?: Array<{ value?: unknown }> };
	return (collection.variable ?? []).map(({ value }, i) => {
		const where = `variable ${i + 1}`;
		if (value !== undefined && value !== null && typeof value === 'object')
			throw invalidInput(ctx, 'Variables', `${where} is not text`, 'Map each variable to a text or a number.');
		// composed (NFC): a name typed on macOS is read aloud as the same letters typed elsewhere
		const text = value === undefined || value === null ? '' : messageText(String(value));
		if (text === '')
			throw invalidInput(ctx, 'Variables', `${where} is empty`, 'Give every variable a value, or remove the ones the template does not have.');
		if (text.includes('|'))
			throw invalidInput(ctx, 'Variables', `${where} contains "|", which eSMS reads as a separator between variables`, 'Remove the "|" from the value.');
		return text;
	});
}

/** preSend of Make Text-to-Speech Call (MakeCallTemplate_V2): template, variables, voice, speed, then the send path. */
export async function prepareMakeTextToSpeechCall(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const templateId = readTemplateId(this, 'templateId', 'Template ID', WHERE);
	const variables = readVariables(this);
	const voice = String(this.getNodeParameter('voice', 'female') ?? '').trim();
	if (!VOICES.some((v) => v.value === voice))
		throw invalidInput(this, 'Voice', `"${voice}" is not one of eSMS's voices`, `Use one of: ${VOICES.map((v) => v.value).join(', ')}.`);
	const speed = readWholeNumber(this, this.getNodeParameter('speed', 0), 'Speed', -3, 3, 'Use a whole number from -3 (very slow) to 3 (very fast); 0 is normal.') ?? 0;

	const call = { templateId, variables, voice, speed };
	const input = prepareSendInput(this, { channel: 'voice:tts', text: false, identity: call });
	rememberSend(this, voiceSummary(input, call));
	const { SendDate, ...tail } = voiceQuery(input);
	requestOptions.qs = {
		...requestOptions.qs,
		// the documented order: TemplateId, Phone, VariableListStr, SendDate, Voice, Speed, CallbackUrl, RequestId
		TemplateId: templateId,
		Phone: input.phone,
		...(variables.length > 0 && { VariableListStr: variables.join(SEPARATOR) }),
		...(SendDate !== undefined && { SendDate }),
		Voice: voice,
		Speed: String(speed),
		...tail,
	};
	return requestOptions;
}

export const makeTextToSpeechCall = defineOperation({
	resource: 'voiceCall',
	value: 'makeTextToSpeechCall',
	name: 'Make Text-to-Speech Call',
	action: 'Make a text to speech call',
	description: 'Call one phone and read a call template aloud, with its variables filled in',
	request: { method: 'GET', baseURL: VOICE_API_BASE_URL, url: '/MainService.svc/json/MakeCallTemplate_V2' },
	kind: 'send',
	inputs: ['phone'],
	fields: makeTextToSpeechCallDescription,
	prepare: prepareMakeTextToSpeechCall,
	output: outputSend,
	simplify: true,
	tool:
		'Call one Vietnamese phone number and read the call template the workflow set, with its variables filled in. ' +
		PHONE +
		'The answer is a JSON array with one object: smsId (the call ID; keep it to check the result), alreadyAccepted, phone. ' +
		REPEAT.replace('does not send it again', 'does not call again') +
		'Ask the voice call status tool a few seconds later for the result (answered or not). ' +
		FAILURE,
});
