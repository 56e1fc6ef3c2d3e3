'use strict';
/**
 * The simulator's seeded data, in one place so tests, the demo and other tooling can read it.
 * Prices are in VND per message part (per call for voice); eSMS publishes no price list, these are examples.
 */

const DEFAULT_PRICES = { 2: 850, 8: 350, 24: 440, 25: 330, voice: 700 };

const DEFAULT_TIMELINE = {
	/** before this, a status query answers "not found yet" (105 / 854) */
	visibleMs: 1000,
	/** the message leaves eSMS: SendStatus 7 (sent, awaiting the telco's report) */
	sentMs: 2000,
	/** final status (5 done, or 4 rejected) and callback */
	finalMs: 3000,
};

const DEMO_ACCOUNTS = [
	{
		apiKey: 'DEMO_API_KEY',
		secretKey: 'DEMO_SECRET_KEY',
		userId: 9999,
		balance: 1_000_000,
	},
	{ apiKey: 'EMPTY_API_KEY', secretKey: 'EMPTY_SECRET_KEY', userId: 9001, balance: 0 },
	{ apiKey: 'LOCKED_API_KEY', secretKey: 'LOCKED_SECRET_KEY', userId: 9002, balance: 100_000, locked: true },
];

module.exports = { DEFAULT_PRICES, DEFAULT_TIMELINE, DEMO_ACCOUNTS };
