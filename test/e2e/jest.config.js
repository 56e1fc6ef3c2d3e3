const base = require('../../jest.config.js');

// the end-to-end suite: real n8n, one worker, long timeouts
module.exports = {
	...base,
	rootDir: '../..',
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	setupFiles: [],
	testPathIgnorePatterns: ['/node_modules/'],
	maxWorkers: 1,
	testTimeout: 180_000,
};
