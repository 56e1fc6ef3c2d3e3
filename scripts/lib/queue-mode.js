'use strict';
/**
 * n8n's queue mode on this machine, for the end-to-end test: Redis and PostgreSQL from Debian's
 * packages (installed with apt-get when missing), each its own instance on a free loopback port in a
 * scratch folder, then one n8n main, `n8n worker`s and optionally an `n8n webhook` process, each with
 * its own user folder holding the package. The measured recipe behind the settings:
 * /work/shared/reference/queue-mode-recipe.md (ports, readiness checks, pitfalls).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const rt = require('./n8n-runtime');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The newest PostgreSQL server binaries Debian installed (/usr/lib/postgresql/<major>/bin), or undefined. */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const majors = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

function onPath(cmd) {
	return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
	if (r.status !== 0) throw new rt.StepError(`${path.basename(cmd)} ${args[0] ?? ''}`.trim(), `${r.stdout ?? ''}${r.stderr ?? r.error?.message ?? ''}`.trim().split('\n').slice(-10).join('\n'), opts.fix ?? 'see the message above');
	return r.stdout;
}

/**
 * Installs redis-server and postgresql with apt-get if either is missing (root, or passwordless sudo).
 * Returns what it did, for the log.
 */
function ensureServers(log = console.log) {
	if (onPath('redis-server') && postgresBin()) return 'Redis and PostgreSQL already installed';
	const prefix = isRoot ? [] : ['sudo', '-n'];
	if (!isRoot && !onPath('sudo'))
		throw new rt.StepError('install Redis and PostgreSQL', 'they are missing and this user is not root', 'run `apt-get install -y redis-server postgresql` as root');
	const apt = (args) => {
		const [cmd, ...rest] = [...prefix, 'apt-get', '-o', 'DPkg::Lock::Timeout=300', ...args];
		run(cmd, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, fix: 'run `apt-get update && apt-get install -y redis-server postgresql` as root' });
	};
	const started = Date.now();
	log('Installing Redis and PostgreSQL (apt-get, first run only)');
	apt(['update', '-qq']);
	apt(['install', '-y', '-qq', '--no-install-recommends', 'redis-server', 'postgresql']);
	if (!onPath('redis-server') || !postgresBin()) throw new rt.StepError('install Redis and PostgreSQL', 'apt-get succeeded but the binaries are missing', 'check /usr/lib/postgresql and `which redis-server`');
	return `Redis and PostgreSQL installed in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

/** Waits until `probe()` resolves true; throws a StepError after `timeoutMs`. */
async function until(step, probe, { timeoutMs = 60_000, every = 200, fix = 'see the log' } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await probe().catch(() => false)) return;
		if (Date.now() > deadline) throw new rt.StepError(step, `not ready within ${timeoutMs / 1000} s`, fix);
		await sleep(every);
	}
}

function redisPing(port) {
	return new Promise((resolve) => {
		const s = net.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
		s.once('data', (d) => {
			s.destroy();
			resolve(String(d).startsWith('+PONG'));
		});
		s.once('error', () => resolve(false));
	});
}

/** Resolves once the child has exited (at once if it already has). */
function exited(child) {
	return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** A Redis of its own: no persistence, loopback only. */
async function startRedis(dir) {
	const port = await rt.freePort();
	fs.mkdirSync(dir, { recursive: true });
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', path.join(dir, 'redis.log')], { stdio: 'ignore' });
	await until('Redis start', () => redisPing(port), { timeoutMs: 15_000, fix: `see ${path.join(dir, 'redis.log')}` });
	return {
		port,
		async stop() {
			child.kill('SIGTERM');
			await exited(child);
		},
	};
}

/**
 * A PostgreSQL cluster of its own (initdb in `dir`), on a free loopback port, with a database `n8n`
 * owned by role `n8n`. As root, the server runs as the `postgres` user, as Debian's does.
 */
async function startPostgres(dir) {
	const bin = postgresBin();
	const port = await rt.freePort();
	const data = path.join(dir, 'data');
	const sockets = path.join(dir, 'run');
	fs.mkdirSync(sockets, { recursive: true });
	const asOwner = (cmd, args) => (isRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args]);
	if (isRoot) {
		// the postgres user must reach the folder: open the path to it, and hand it the folder
		const tmp = fs.realpathSync(require('node:os').tmpdir());
		for (let d = fs.realpathSync(dir); d.startsWith(tmp + path.sep); d = path.dirname(d)) fs.chmodSync(d, 0o755);
		run('chown', ['-R', 'postgres:', dir]);
	}
	const password = 'n8n-queue-test';
	run(...asOwner('initdb', ['-D', data, '-U', 'postgres', '--auth-local=peer', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8']), { fix: `see ${dir}` });
	const log = path.join(dir, 'pg.log');
	const ctl = (args) => run(...asOwner('pg_ctl', ['-D', data, '-l', log, '-w', ...args]), { fix: `see ${log}` });
	ctl(['-o', `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
	const admin = (sql) => run(...asOwner('psql', ['-h', sockets, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql]));
	admin(`CREATE ROLE n8n LOGIN PASSWORD '${password}'`);
	admin('CREATE DATABASE n8n OWNER n8n');
	return {
		port,
		database: 'n8n',
		user: 'n8n',
		password,
		/** Runs SQL as n8n's role; returns rows as arrays of strings. */
		query(sql) {
			const out = run(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'n8n', '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-c', sql], {
				env: { ...process.env, PGPASSWORD: password },
			});
			return out.split('\n').filter(Boolean).map((line) => line.split('\t'));
		},
		async stop() {
			ctl(['-m', 'fast', 'stop']);
		},
	};
}

/** The environment every n8n process of the cluster shares (queue mode, the same DB, Redis and key). */
function clusterEnv(redis, pg) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		// manual runs go to the workers too; the main then starts no task runner of its own
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// n8n logs the package's "Lazy-loading nodes and credentials" line at debug level only
		N8N_LOG_LEVEL: 'debug',
		// nothing runs at teardown: stop in seconds, not n8n's default 30
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
	};
}

/**
 * One user folder per process, each with the package installed as the README tells queue-mode users
 * (in <user folder>/.n8n/nodes). The first is made by packing the package; the others are copies.
 */
async function userFolders(root, names) {
	const { userFolder: first } = await rt.makeUserFolder(root);
	const folders = { [names[0]]: first };
	for (const name of names.slice(1)) {
		const uf = path.join(root, `n8n-user-${name}`);
		fs.cpSync(path.join(first, '.n8n'), path.join(uf, '.n8n'), { recursive: true });
		folders[name] = uf;
	}
	return folders;
}

/** Starts one n8n process (`start`, `worker` or `webhook`) in its own process group. */
function spawnN8n(runtime, env, args) {
	const [cmd, argv] = rt.n8nCommand(runtime, env, args);
	const child = spawn(cmd, argv, { env, cwd: env.N8N_USER_FOLDER, detached: true, stdio: 'ignore' });
	return {
		child,
		log: env.N8N_LOG_FILE_LOCATION,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const done = exited(child);
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				return;
			}
			const timer = setTimeout(() => {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					/* already gone */
				}
			}, 15_000);
			await done;
			clearTimeout(timer);
		},
	};
}

async function httpOk(url) {
	const r = await fetch(url);
	return r.ok;
}

/**
 * Starts the main, `workers` workers and `webhooks` webhook processes together and waits until each
 * answers its readiness check. Workflows and credentials must be in the database already (n8n
 * activates the published ones at start). Returns the processes, the main's URL and the webhook
 * processes' URLs; `stop()` ends them all. `env`: more environment for every process.
 */
async function startCluster(runtime, { root, redis, pg, folders, workers = 2, webhooks = 0, concurrency = 5, env: extra = {} }) {
	const shared = { ...clusterEnv(redis, pg), ...extra };
	const procs = {};
	const ready = [];
	const stopAll = async () => Promise.all(Object.values(procs).map((p) => p.stop()));
	try {
		const mainPort = await rt.freePort();
		procs.main = spawnN8n(runtime, await rt.n8nEnv(folders.main, { ...shared, N8N_PORT: String(mainPort) }), ['start']);
		const mainUrl = `http://127.0.0.1:${mainPort}`;
		ready.push(until('n8n main start', () => httpOk(`${mainUrl}/healthz/readiness`), { timeoutMs: 120_000, fix: `see ${procs.main.log}` }));
		for (let i = 1; i <= workers; i++) {
			const health = await rt.freePort();
			const env = await rt.n8nEnv(folders[`w${i}`], {
				...shared,
				// each worker starts its own task broker (N8N_RUNNERS_BROKER_PORT, set per process) and
				// health server, so each needs its own ports (recipe, "Pitfalls")
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(health),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			});
			procs[`w${i}`] = spawnN8n(runtime, env, ['worker', `--concurrency=${concurrency}`]);
			ready.push(until(`n8n worker ${i} start`, () => httpOk(`http://127.0.0.1:${health}/healthz/readiness`), { timeoutMs: 120_000, fix: `see ${procs[`w${i}`].log}` }));
		}
		const webhookUrls = [];
		for (let i = 1; i <= webhooks; i++) {
			const port = await rt.freePort();
			procs[`webhook${i}`] = spawnN8n(runtime, await rt.n8nEnv(folders[`webhook${i}`], { ...shared, N8N_PORT: String(port) }), ['webhook']);
			const url = `http://127.0.0.1:${port}`;
			webhookUrls.push(url);
			ready.push(until(`n8n webhook ${i} start`, () => httpOk(`${url}/healthz/readiness`), { timeoutMs: 120_000, fix: `see ${procs[`webhook${i}`].log}` }));
		}
		for (const p of Object.values(procs))
			p.child.once('exit', (code) => {
				if (code !== 0 && code !== null) p.crashed = `exited with code ${code}, see ${p.log}`;
			});
		await Promise.all(ready);
		return { procs, mainUrl, webhookUrls, root, stop: stopAll };
	} catch (e) {
		await Promise.allSettled(ready);
		await stopAll();
		throw e;
	}
}

/** n8n's JSON log lines of one process (N8N_LOG_OUTPUT includes `file`). */
function readLog(file) {
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.flatMap((line) => {
			try {
				return [JSON.parse(line)];
			} catch {
				return [];
			}
		});
}

module.exports = { ensureServers, postgresBin, startRedis, startPostgres, clusterEnv, userFolders, startCluster, readLog };
