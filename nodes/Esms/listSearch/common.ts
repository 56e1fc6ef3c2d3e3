import type { IDisplayOptions, IExecuteSingleFunctions, ILoadOptionsFunctions, INodeListSearchItems, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../shared/descriptions';
import { cleanText } from '../shared/phone';
import { removeDiacritics } from '../shared/text';

/** Helpers shared by the pickers (resource locators with a searchable list and a typed value). */

/** Folded for search: "Hệ thống" and "he THONG" compare equal. */
function fold(text: string): string {
	return removeDiacritics(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The entries whose name or value contains the typed text (case and diacritics ignored). */
export function filterResults(results: INodeListSearchItems[], filter?: string): INodeListSearchItems[] {
	const wanted = fold(filter ?? '');
	if (wanted === '') return results;
	return results.filter((r) => fold(`${r.name} ${String(r.value)}`).includes(wanted));
}

/**
 * A picker: a list loaded from the account (searchable), or a value typed by hand or mapped with an
 * expression. The value that reaches eSMS is the same in both modes.
 */
export function locator(options: {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	typedName: string;
	placeholder: string;
	displayOptions: IDisplayOptions;
	dependsOn?: string[];
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: options.description,
		displayOptions: options.displayOptions,
		...(options.dependsOn && { typeOptions: { loadOptionsDependsOn: options.dependsOn } }),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: options.typedName,
				name: 'id',
				type: 'string',
				placeholder: options.placeholder,
			},
		],
	};
}

/**
 * A picker's value as text, trimmed (IDs are read trimmed everywhere: eSMS pads some with spaces).
 * In the editor, the value is read as the editor holds it, whichever operation shows the picker; an
 * expression there is evaluated when it can be without input data, and is otherwise empty.
 */
export function pickedValue(ctx: IExecuteSingleFunctions | ILoadOptionsFunctions, name: string): string {
	let value: unknown;
	if ('getCurrentNodeParameter' in ctx) {
		const raw = ctx.getCurrentNodeParameter(name) as { value?: unknown } | string | undefined;
		value = raw !== null && typeof raw === 'object' ? raw.value : raw;
	}
	if (value === undefined || (typeof value === 'string' && value.startsWith('='))) {
		try {
			value = ctx.getNodeParameter(name, '', { extractValue: true });
		} catch {
			// in the editor, an expression that needs input data cannot be resolved
			return '';
		}
	}
	return typeof value === 'string' || typeof value === 'number' ? cleanText(String(value)) : '';
}

/** A picker's value for a request, or the item's error naming the field. */
export function requiredPick(ctx: IExecuteSingleFunctions, name: string, field: string, fix: string): string {
	const value = pickedValue(ctx, name);
	if (value === '') throw invalidInput(ctx, field, 'it is empty', fix);
	return value;
}
