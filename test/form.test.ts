/**
 * The order of each form, as the editor shows it: the node's properties in declaration order, those
 * the editor displays for the operation's parameters (n8n-workflow NodeHelpers, which the editor uses).
 * A person fills a form from the top: what identifies the message first, then its text, then Options,
 * and Simplify last on every form.
 */
import { NodeHelpers } from 'n8n-workflow';
import type { INode, INodeParameters } from 'n8n-workflow';

import { Esms } from '../nodes/Esms/Esms.node';

const description = new Esms().description;

function form(resource: string, operation: string, set: INodeParameters = {}): string[] {
	const node = { id: 'n', name: 'eSMS', type: 'n8n-nodes-esms.esms', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	const values = NodeHelpers.getNodeParameters(description.properties, { resource, operation, ...set }, true, false, node, description)!;
	const shown = description.properties.filter(
		(p) => p.name !== 'resource' && p.name !== 'operation' && !p.name.startsWith('tool') && NodeHelpers.displayParameter(values, p, node, description, values),
	);
	return [...new Set(shown.map((p) => p.name))];
}

describe('forms in the order a person fills them', () => {
	test('Send ZNS with SMS Fallback: the ZNS, then the fallback SMS (its brandname, then its text), Options, Simplify', () => {
		const sms = ['smsFallbackNotice', 'brandname', 'contentSource'];
		expect(form('zaloMessage', 'sendZnsWithSmsFallback')).toEqual([
			'phone', 'zaloOa', 'znsTemplate', 'znsTemplateParams', ...sms, 'content', 'unicode', 'options', 'simplify',
		]);
		// the same template picker and template fields as Send Brandname SMS
		expect(form('zaloMessage', 'sendZnsWithSmsFallback', { contentSource: 'template' })).toEqual([
			'phone', 'zaloOa', 'znsTemplate', 'znsTemplateParams', ...sms, 'smsTemplate', 'smsTemplateParams', 'unicode', 'options', 'simplify',
		]);
	});

	test('Send Brandname SMS: phone, brandname, the template or text, Options, Simplify', () => {
		expect(form('sms', 'sendBrandname')).toEqual(['phone', 'brandname', 'contentSource', 'smsTemplate', 'smsTemplateParams', 'unicode', 'options', 'simplify']);
		expect(form('sms', 'sendBrandname', { contentSource: 'text' })).toEqual(['phone', 'brandname', 'contentSource', 'text', 'unicode', 'options', 'simplify']);
	});

	test('the other sends and Get Status: Simplify last, as everywhere', () => {
		expect(form('sms', 'sendFixedNumber')).toEqual(['phone', 'content', 'unicode', 'options', 'simplify']);
		expect(form('zaloMessage', 'sendZns')).toEqual(['phone', 'zaloOa', 'znsTemplate', 'znsTemplateParams', 'options', 'simplify']);
		for (const resource of ['sms', 'zaloMessage', 'voiceCall']) expect(form(resource, 'getStatus').at(-1)).toBe('simplify');
		for (const operation of ['makeCall', 'makeTextToSpeechCall']) expect(form('voiceCall', operation).at(-1)).toBe('simplify');
	});
});
