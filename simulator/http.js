'use strict';
/**
 * HTTP plumbing: WCF-like routing under /MainService.svc/json/, request log, faults applied around the
 * handler, and the two listeners (REST and voice) on 127.0.0.1.
 */
const http = require('node:http');
const { serialize } = require('./serialize');
const { lowerKeys } = require('./util');

const BASE = '/MainService.svc/json/';

class DropConnection extends Error {}

function endpointNotFound() {
	return '<!DOCTYPE html><html><head><title>Service</title></head><body><p class="heading1">Service</p><p>Endpoint not found.</p></body></html>';
}
function serverErrorPage(status) {
	return `<!DOCTYPE html><html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' Application.</h1><p>HTTP ${status}</p></body></html>`;
}

/**
 * The handler for `METHOD op`: an exact route, or a UriTemplate-like one whose `{Name}` segments are
 * path parameters (e.g. `GetListBrandname/{ApiKey}/{SecretKey}`), handed over lower-cased like query names.
 * `name` is the part before the first parameter: fault rules and logs use it, never the secrets in the path.
 */
function findRoute(routes, method, op) {
	const exact = routes[`${method} ${op}`];
	if (exact) return { handler: exact, name: op, pathParams: {} };
	const parts = op.split('/');
	for (const [key, handler] of Object.entries(routes)) {
		const [m, template] = key.split(' ');
		const names = template.split('/');
		if (m !== method || !template.includes('{') || names.length !== parts.length) continue;
		const pathParams = {};
		const ok = names.every((n, i) => {
			const v = /^\{(\w+)\}$/.exec(n);
			if (v) pathParams[v[1].toLowerCase()] = decodeURIComponent(parts[i]);
			return v ? parts[i] !== '' : n === parts[i];
		});
		if (ok) return { handler, name: template.split('/{')[0], pathParams };
	}
	return undefined;
}

module.exports = function httpArea(ctx) {
	const { cfg } = ctx;
	const sockets = new Set();

	function respond(res, status, type, body) {
		const send = () => {
			if (res.destroyed) return;
			res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
			res.end(body);
		};
		if (cfg.latencyMs > 0) setTimeout(send, cfg.latencyMs);
		else send();
	}

	function makeHandler(host, routes) {
		return (req, res) => {
			const chunks = [];
			req.on('data', (c) => chunks.push(c));
			req.on('end', () => {
				try {
					handle(host, routes, req, res, Buffer.concat(chunks).toString('utf8'));
				} catch (e) {
					if (e instanceof DropConnection) return;
					respond(res, 500, 'text/plain', `simulator error: ${e.message}`);
				}
			});
		};
	}

	function handle(host, routes, req, res, bodyText) {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname.startsWith('/_sim/')) return ctx.control(req, res, url, bodyText);
		const op = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length).replace(/\/$/, '') : '';
		const found = findRoute(routes, req.method, op);
		if (!found) return respond(res, 404, 'text/html; charset=utf-8', endpointNotFound());
		const { handler, name, pathParams } = found;

		const query = { ...lowerKeys(Object.fromEntries(url.searchParams)), ...pathParams };
		ctx.requestLog.push({ host, method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: bodyText });

		let body = {};
		if (req.method === 'POST') {
			try {
				body = bodyText.trim() === '' ? {} : JSON.parse(bodyText);
			} catch {
				body = undefined;
			}
		}
		const bodyParams = body !== null && typeof body === 'object' && !Array.isArray(body) ? lowerKeys(body) : undefined;

		const fault = ctx.pickFault(name, { ...query, ...bodyParams });
		if (fault) {
			switch (fault.mode) {
				case 'reset':
					req.socket.destroy();
					throw new DropConnection();
				case 'timeout':
					return; // never answer: the client's timeout decides
				case 'http5xx':
					return respond(res, fault.status ?? 500, 'text/html; charset=utf-8', serverErrorPage(fault.status ?? 500));
				case 'html':
					return respond(res, 200, 'text/html; charset=utf-8', '<html><body><h1>Service Unavailable</h1></body></html>');
				case 'malformedJson':
					return respond(res, 200, 'application/json; charset=utf-8', '{"CodeResult":"100","SMSI');
				case 'empty':
					return respond(res, 200, 'application/json; charset=utf-8', '');
				case 'rateLimited':
					return respond(res, 200, 'application/json; charset=utf-8', serialize(fault.body ?? { CodeResult: '160', ErrorMessage: 'TPS limit exceeded' }));
				default:
					break; // latency and acceptThenDrop run the real handler first
			}
		}

		// a route that reads its own body (an XML estimate) gets the text when it is not JSON
		const result = bodyParams === undefined ? (handler.rawBody ? handler(query, undefined, bodyText) : ctx.INVALID) : handler(query, bodyParams, bodyText);
		if (fault?.mode === 'acceptThenDrop') {
			req.socket.destroy();
			throw new DropConnection();
		}
		const text = serialize(result);
		const send = () => respond(res, 200, 'application/json; charset=utf-8', text);
		if (fault?.mode === 'latency') setTimeout(send, fault.latencyMs ?? 1000);
		else send();
	}

	function listen(server, port) {
		server.on('connection', (s) => {
			sockets.add(s);
			s.on('close', () => sockets.delete(s));
		});
		server.keepAliveTimeout = 5000;
		return new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen({ host: '127.0.0.1', port, backlog: 4096 }, () => resolve(server.address().port));
		});
	}

	/** Starts a listener for these routes; resolves to `{server, port}`. */
	async function serve(host, routes, port) {
		const server = http.createServer(makeHandler(host, routes));
		return { server, port: await listen(server, port) };
	}

	/** Closes the listeners and every open socket. */
	async function close(servers) {
		for (const s of sockets) s.destroy();
		await Promise.all(servers.filter(Boolean).map((s) => new Promise((r) => s.close(() => r()))));
	}

	return { respond, serve, close };
};
