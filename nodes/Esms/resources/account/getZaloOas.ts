import { idText, readZaloOas, zaloOasRequest } from '../../shared/lists';
import { defineOperation } from '../../shared/operation';
import { readOutput } from '../../shared/read';

/**
 * Account → Get Zalo OAs: one item per active Zalo OA of the account (ZNS/GetListZOA,
 * ham-lay-danh-sach-zalo-oa.md). The same request as the Zalo OA picker.
 *
 * Output: { oaId (text: a 64-bit ID), oaName }
 */
export const getZaloOas = defineOperation({
	resource: 'account',
	value: 'getZaloOas',
	name: 'Get Zalo OAs',
	action: 'Get the account OA list',
	description: 'List the Zalo Official Accounts connected to the account, one item each',
	request: zaloOasRequest(),
	kind: 'read',
	output: readOutput(
		(oa) => ({
			oaId: idText(oa.OAID),
			oaName: String(oa.OAName ?? ''),
		}),
		readZaloOas,
	),
	simplify: true,
	tool:
		'List the Zalo Official Accounts (OAs) connected to the eSMS account. Takes no input. The answer is a JSON array, one object per OA.',
});
