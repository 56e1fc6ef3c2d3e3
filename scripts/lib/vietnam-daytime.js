'use strict';
/**
 * The node refuses an advertising SMS sent now outside 07:00–22:00 Vietnam time (Decree 91/2020/ND-CP,
 * nodes/Esms/shared/campaign.ts). A test or benchmark that sends a campaign must not pass or fail with
 * the hour it runs at, so this module, when the clock is outside 08:00–21:00 Vietnam time (an hour of
 * margin for a long run), moves this process's clock forward to 10:00 Vietnam time (03:00 UTC) of the
 * next day: Date.now() and `new Date()` read the moved clock; timers are not affected. Inside that window
 * it changes nothing. Loaded with `node --require` (NODE_OPTIONS) into n8n by the campaign e2e test, and
 * required by the benchmark's client. Developer tooling only: not part of the package.
 */
const HOUR = 3_600_000;
const VN_OFFSET = 7 * HOUR;

/** The shift (ms) that brings `now` into Vietnam's daytime, 0 when it is already there. */
function daytimeShift(now) {
	const vnHour = new Date(now + VN_OFFSET).getUTCHours();
	if (vnHour >= 8 && vnHour < 21) return 0;
	const vn = new Date(now + VN_OFFSET);
	const tenToday = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), 10) - VN_OFFSET;
	return (tenToday > now ? tenToday : tenToday + 24 * HOUR) - now;
}

function install(shift) {
	if (shift === 0 || globalThis.Date.__vietnamDaytime) return;
	const RealDate = globalThis.Date;
	class ShiftedDate extends RealDate {
		constructor(...args) {
			if (args.length === 0) super(RealDate.now() + shift);
			else super(...args);
		}
		static now() {
			return RealDate.now() + shift;
		}
	}
	ShiftedDate.__vietnamDaytime = shift;
	globalThis.Date = ShiftedDate;
}

const forced = process.env.ESMS_VN_DAYTIME_FORCE_SHIFT_MS;
install(forced !== undefined ? Number(forced) : daytimeShift(Date.now()));

module.exports = { daytimeShift };
