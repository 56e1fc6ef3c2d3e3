'use strict';
/** HTTP form of the control API (/_sim/*), for a simulator running in another process (`npm run simulator`). */

module.exports = function controlArea(ctx) {
	function control(req, res, url, bodyText) {
		const api = ctx.api;
		const json = (status, v) => ctx.respond(res, status, 'application/json', JSON.stringify(v));
		let b = {};
		try {
			b = bodyText ? JSON.parse(bodyText) : {};
		} catch {
			return json(400, { error: 'body must be JSON' });
		}
		const path = `${req.method} ${url.pathname}`;
		switch (path) {
			case 'GET /_sim/ledger':
				return json(200, api.ledger());
			case 'GET /_sim/callbacks':
				return json(200, api.callbacks());
			case 'GET /_sim/requests':
				return json(200, api.requests());
			case 'POST /_sim/clock/advance':
				api.advance(Number(b.ms ?? 0));
				return json(200, { now: new Date(ctx.now()).toISOString() });
			case 'POST /_sim/accounts':
				api.addAccount(b);
				return json(200, { ok: true });
			case 'POST /_sim/outcomes':
				api.setOutcome(b.phone, b.outcome);
				return json(200, { ok: true });
			case 'POST /_sim/zalo-accounts':
				api.setZaloAccount(b.phone, b.hasZalo !== false);
				return json(200, { ok: true });
			case 'POST /_sim/faults':
				api.addFault(b);
				return json(200, { ok: true });
			case 'GET /_sim/otp-code':
				return json(200, { code: api.otpCode(url.searchParams.get('phone') ?? '') ?? null });
			case 'POST /_sim/otp-invalid-code':
				api.setOtpInvalidCode(b.code);
				return json(200, { ok: true });
			case 'POST /_sim/reset':
				api.reset();
				return json(200, { ok: true });
			default:
				return json(404, { error: `no control route ${path}` });
		}
	}
	return { control };
};
