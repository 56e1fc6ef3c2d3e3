'use strict';
/** Small helpers shared by the simulator's areas: phones, telcos, Vietnam dates, WCF quirks. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const VN_OFFSET_MS = 7 * HOUR;

// validator.js vi-VN mobile prefixes, national (0) or international (84) form, no separators
const PHONE_RE = /^(?:0|84)(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

const TELCO_BY_PREFIX = [
	[/^(?:32|33|34|35|36|37|38|39|86|96|97|98)/, 1], // Viettel
	[/^(?:70|76|77|78|79|89|90|93)/, 2], // Mobifone
	[/^(?:81|82|83|84|85|88|91|94)/, 3], // Vinaphone
	[/^(?:52|56|58|92)/, 4], // Vietnamobile
	[/^(?:59|99)/, 5], // Gtel
	[/^87/, 6], // Itel
	[/^55/, 7], // Reddi
];

function nationalPhone(phone) {
	return phone.startsWith('84') ? `0${phone.slice(2)}` : phone;
}

/** eSMS's telco id (1 Viettel … 7 Reddi) for a phone, 0 when the prefix is unknown. */
function telcoId(phone) {
	const rest = nationalPhone(phone).slice(1);
	for (const [re, id] of TELCO_BY_PREFIX) if (re.test(rest)) return id;
	return 0;
}

/**
 * `yyyy-MM-dd HH:mm:ss` in Vietnam time (UTC+7) → epoch ms, or NaN. The voice API documents
 * `yyyy/MM/dd hh:mm:ss` instead: pass `/` as the date separator.
 */
function parseVnDate(text, sep = '-') {
	const m = new RegExp(`^(\\d{4})${sep}(\\d{2})${sep}(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})$`).exec(String(text).trim());
	if (!m) return NaN;
	const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
	const t = Date.UTC(y, mo - 1, d, h, mi, s) - VN_OFFSET_MS;
	const back = new Date(t + VN_OFFSET_MS);
	return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : NaN;
}

/** WCF UriTemplate matches query names case-insensitively (ApiKey / APIKEY / Apikey all work). */
function lowerKeys(obj) {
	const out = {};
	for (const [k, v] of Object.entries(obj)) out[k.toLowerCase()] = v;
	return out;
}

module.exports = { MINUTE, HOUR, DAY, VN_OFFSET_MS, PHONE_RE, nationalPhone, telcoId, parseVnDate, lowerKeys };
