import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// n8n-core writes <N8N_USER_FOLDER or $HOME>/.n8n/config on first use: keep it out of the home folder
process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'esms-n8n-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
