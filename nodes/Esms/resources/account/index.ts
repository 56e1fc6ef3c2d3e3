import type { INodeProperties } from 'n8n-workflow';

import { brandnameField, zaloOaField, znsTemplateField } from '../../listSearch';
import { LIST_URLS, zaloOasRequest } from '../../shared/lists';
import { outputBalance } from './getBalance';
import { outputBrandnames, requestBrandnames } from './getBrandnames';
import { outputSmsTemplates, requestSmsTemplates } from './getSmsTemplates';
import { outputZaloOas, requestZaloOas } from './getZaloOas';
import { outputZnsTemplate, requestZnsTemplate } from './getZnsTemplate';
import { outputZnsTemplates, requestZnsTemplates } from './getZnsTemplates';

export const accountOperation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['account'] } },
	options: [
		{
			name: 'Get Balance',
			value: 'getBalance',
			action: 'Get the account balance',
			description: 'Get the balance of the eSMS account, in VND',
			routing: {
				request: { method: 'POST', url: '/MainService.svc/json/GetBalance_json' },
				send: { paginate: true },
				output: { postReceive: [outputBalance] },
			},
		},
		{
			name: 'Get Brandnames',
			value: 'getBrandnames',
			action: 'Get the account brandnames',
			description: 'List the brandnames registered to the account (advertising, customer care, Viber), one item each',
			routing: {
				// the keys go in the path: the request hook completes the URL
				request: { method: 'GET', url: LIST_URLS.brandnames },
				send: { paginate: true },
				operations: { pagination: requestBrandnames },
				output: { postReceive: [outputBrandnames] },
			},
		},
		{
			name: 'Get SMS Templates',
			value: 'getSmsTemplates',
			action: 'Get the SMS templates of a brandname',
			description: "List a brandname's registered customer-care templates, one item per template and network",
			routing: {
				request: { method: 'POST', url: LIST_URLS.templates },
				send: { paginate: true },
				operations: { pagination: requestSmsTemplates },
				output: { postReceive: [outputSmsTemplates] },
			},
		},
		{
			name: 'Get Zalo OAs',
			value: 'getZaloOas',
			action: 'Get the account OA list',
			description: 'List the Zalo Official Accounts connected to the account, one item each',
			routing: {
				request: zaloOasRequest(),
				send: { paginate: true },
				operations: { pagination: requestZaloOas },
				output: { postReceive: [outputZaloOas] },
			},
		},
		{
			name: 'Get ZNS Template',
			value: 'getZnsTemplate',
			action: 'Get a ZNS template',
			description: "Get a ZNS template's details: status, parameters with their length limits, buttons",
			routing: {
				request: { method: 'GET', url: LIST_URLS.znsTemplate },
				send: { paginate: true },
				operations: { pagination: requestZnsTemplate },
				output: { postReceive: [outputZnsTemplate] },
			},
		},
		{
			name: 'Get ZNS Templates',
			value: 'getZnsTemplates',
			action: 'Get the ZNS templates of an OA',
			description: "List a Zalo OA's ZNS templates with their parameters, one item each",
			routing: {
				request: { method: 'POST', url: LIST_URLS.templates },
				send: { paginate: true },
				operations: { pagination: requestZnsTemplates },
				output: { postReceive: [outputZnsTemplates] },
			},
		},
	],
	default: 'getBalance',
};
// list operations have their own request hook (shared/lists.ts listRequest): it pairs every entry
// with its input item, and it is where each item's request is completed and checked

/** The pickers of the list operations. The Zalo OA picker is declared once for both ZNS lists. */
export const accountListFields: INodeProperties[] = [
	brandnameField({ show: { resource: ['account'], operation: ['getSmsTemplates'] } }),
	zaloOaField({ show: { resource: ['account'], operation: ['getZnsTemplates', 'getZnsTemplate'] } }),
	znsTemplateField({ show: { resource: ['account'], operation: ['getZnsTemplate'] } }),
];
