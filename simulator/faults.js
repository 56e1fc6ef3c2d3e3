'use strict';
/**
 * Fault injection: per route, for a number of calls or with a probability. `rateLimited` answers eSMS's
 * 160 (too many requests) without running the route, as `{CodeResult, ErrorMessage}` or the rule's `body`
 * (a route with another shape, e.g. GetZnsTemplateInfo's `{Error, Message}`).
 */

const FAULT_MODES = new Set([
	'latency',
	'http5xx',
	'reset',
	'html',
	'malformedJson',
	'empty',
	'timeout',
	'acceptThenDrop',
	'rateLimited',
]);

module.exports = function faultsArea(ctx) {
	const { faults } = ctx;

	function addFault(rule) {
		if (!FAULT_MODES.has(rule.mode)) throw new Error(`unknown fault mode ${rule.mode}`);
		const f = { route: '*', times: Infinity, probability: 1, ...rule, hits: 0 };
		faults.push(f);
		return f;
	}

	/** `match`: parameters (query or JSON body, names case-insensitive) the request must carry. */
	function pickFault(route, params) {
		for (const f of faults) {
			if (f.times <= 0 || (f.route !== '*' && f.route !== route)) continue;
			if (f.match && !Object.entries(f.match).every(([k, v]) => String(params[k.toLowerCase()] ?? '') === String(v))) continue;
			if (f.probability < 1 && Math.random() >= f.probability) continue;
			f.times -= 1;
			f.hits += 1;
			return f;
		}
		return undefined;
	}

	return { addFault, pickFault };
};
