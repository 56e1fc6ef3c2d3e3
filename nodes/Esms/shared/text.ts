/**
 * Message text helpers. Without Unicode a message travels as GSM 7-bit: Vietnamese letters with
 * diacritics are not in that alphabet, and carriers replace or drop them.
 */

const GSM_BASIC = new Set(
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/** Vietnamese (and other Latin) letters without their marks: "Đơn hàng" → "Don hang". */
export function removeDiacritics(text: string): string {
	return text
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.normalize('NFC');
}

/** Characters that cannot travel as GSM 7-bit, each listed once, in order of appearance. */
export function nonGsmCharacters(text: string): string[] {
	const seen = new Set<string>();
	for (const ch of text) if (!GSM_BASIC.has(ch) && !GSM_EXTENDED.has(ch)) seen.add(ch);
	return [...seen];
}

/** Message parts a carrier bills: GSM 160 (153 per part when split), UCS-2 70 (67 per part). */
export function segmentCount(text: string, unicode: boolean): number {
	if (text.length === 0) return 0;
	if (unicode) {
		// UCS-2 counts UTF-16 code units: an emoji takes two
		return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
	}
	let septets = 0;
	for (const ch of text) septets += GSM_EXTENDED.has(ch) ? 2 : 1;
	return septets <= 160 ? 1 : Math.ceil(septets / 153);
}
