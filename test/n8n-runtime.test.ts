/**
 * The e2e harness's Docker path (ESMS_N8N=docker, for n8n 3, which ships only as the image), proven
 * without Docker: the command lines it builds, and its refusal when the image is not there.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rt = require('../scripts/lib/n8n-runtime');

const saved = { ...process.env };
afterEach(() => {
	for (const k of ['ESMS_N8N', 'ESMS_N8N_IMAGE', 'ESMS_N8N_MAJOR', 'PATH']) {
		if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
	}
});

describe('ESMS_N8N=docker', () => {
	test('selects the image line; 1 and 2 stay the npm-installed n8n', () => {
		process.env.ESMS_N8N = 'docker';
		expect(rt.selectedMajor()).toBe('docker');
		expect(rt.runtimeSpec()).toEqual({ docker: true, image: 'docker.n8n.io/n8nio/n8n:latest', version: 'latest', major: 3, env: {} });
		process.env.ESMS_N8N_IMAGE = 'n8nio/n8n:3.0.1';
		expect(rt.runtimeSpec()).toMatchObject({ image: 'n8nio/n8n:3.0.1', version: '3.0.1', major: 3 });
		for (const v of ['1', '2']) {
			process.env.ESMS_N8N = v;
			expect(rt.runtimeSpec()).toMatchObject({ major: Number(v) });
			expect(rt.runtimeSpec().docker).toBeUndefined();
		}
		process.env.ESMS_N8N = '3';
		expect(() => rt.selectedMajor()).toThrow('ESMS_N8N=3: expected 1 or 2 (the n8n major version to run), or docker');
	});

	test('every n8n command becomes docker run: host network, the user folder at the same path, n8n\'s environment by name', () => {
		const env = { PATH: '/usr/bin', HOME: '/home/me', N8N_USER_FOLDER: '/tmp/uf', N8N_PORT: '5679', N8N_ENCRYPTION_KEY: 'k', UNSET: undefined };
		const runtime = { docker: true, image: 'n8nio/n8n:3.0.1' };
		const [cmd, argv] = rt.n8nCommand(runtime, env, ['start']);
		expect(cmd).toBe('docker');
		expect(rt.dockerRunArgs('n8nio/n8n:3.0.1', env, ['start'], { uid: 1001, gid: 1002 })).toEqual([
			'run', '--rm', '--init', '--network', 'host', '--user', '1001:1002',
			'-v', '/tmp/uf:/tmp/uf', '-w', '/tmp/uf',
			'-e', 'N8N_USER_FOLDER=/tmp/uf', '-e', 'N8N_PORT=5679', '-e', 'N8N_ENCRYPTION_KEY=k',
			'--entrypoint', 'n8n', 'n8nio/n8n:3.0.1', 'start',
		]);
		expect(argv.slice(-3)).toEqual(['n8n', 'n8nio/n8n:3.0.1', 'start']);
		// a CLI command the same way
		expect(rt.n8nCommand(runtime, env, ['import:workflow', '--input=/tmp/uf/w.json'])[1].slice(-3)).toEqual(['n8nio/n8n:3.0.1', 'import:workflow', '--input=/tmp/uf/w.json']);
	});

	test('the npm-installed n8n runs as before: its Node and its n8n bin', () => {
		expect(rt.n8nCommand({ nodeBin: '/node', n8nBin: '/n8n' }, {}, ['start'])).toEqual(['/node', ['/n8n', 'start']]);
	});

	test('without the image (or without Docker) it stops with the command that fixes it, and pulls nothing', async () => {
		process.env.ESMS_N8N_IMAGE = 'n8nio/n8n:3.0.1';
		process.env.PATH = '/nonexistent';
		await expect(rt.ensureRuntime(() => {}, { n8n: 'docker' })).rejects.toThrow('docker pull n8nio/n8n:3.0.1');
	});
});
