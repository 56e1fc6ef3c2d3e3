import { idText, listOutput, listRequest, readZaloOas } from '../../shared/lists';

/**
 * Account → Get Zalo OAs: one item per active Zalo OA of the account (ZNS/GetListZOA,
 * ham-lay-danh-sach-zalo-oa.md). The same request as the Zalo OA picker.
 *
 * Output: { oaId (text: a 64-bit ID), oaName }
 */
export const requestZaloOas = listRequest();

export const outputZaloOas = listOutput(readZaloOas, (oa) => ({
	oaId: idText(oa.OAID),
	oaName: String(oa.OAName ?? ''),
}));
