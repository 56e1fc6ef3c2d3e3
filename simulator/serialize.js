'use strict';

/**
 * eSMS is a WCF service: its JSON members come out in ordinal (alphabetical) order, null members are
 * omitted, and decimals keep the scale of the .NET type (`850.0000`, `330.0`), which JSON.stringify
 * cannot produce. `raw()` carries such literal number text through `serialize()`.
 */
class RawJson {
	constructor(text) {
		this.text = text;
	}
}

const raw = (text) => new RawJson(text);
const decimal4 = (n) => raw(Number(n).toFixed(4));
const decimal1 = (n) => raw(Number(n).toFixed(1));

function serialize(value) {
	if (value instanceof RawJson) return value.text;
	if (value === null) return 'null';
	if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
	if (typeof value === 'object') {
		const keys = Object.keys(value)
			.filter((k) => value[k] !== undefined && value[k] !== null)
			.sort();
		return `{${keys.map((k) => `${JSON.stringify(k)}:${serialize(value[k])}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

/**
 * An object whose members come out in the order given, not sorted: a WCF data contract with a base
 * class gives the base's members (CodeResult, ErrorMessage) first, then its own in ordinal order, as
 * ZNS/GetQuota/'s documented answer shows. Null and undefined members are omitted, as in serialize().
 */
const ordered = (value) =>
	raw(`{${Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null).map((k) => `${JSON.stringify(k)}:${serialize(value[k])}`).join(',')}}`);

module.exports = { raw, decimal1, decimal4, ordered, serialize };
