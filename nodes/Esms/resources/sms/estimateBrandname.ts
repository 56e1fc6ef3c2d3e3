import { defineOperation } from '../../shared/operation';
import { FAILURE, PHONE } from '../../shared/toolTexts';
import { outputBrandnameEstimate, prepareBrandnameEstimate } from './sendBrandname';

/**
 * SMS → Estimate Brandname SMS Price: the brandname send's checks and fields (sendBrandname.ts, which
 * declares them for both), asked of SummaryMultipleMessage_V4_get, which sends nothing.
 */
export const estimateBrandname = defineOperation({
	resource: 'sms',
	value: 'estimateBrandname',
	name: 'Estimate Brandname SMS Price',
	action: 'Estimate the price of a brandname SMS',
	description: 'Get the price eSMS would charge for a brandname SMS to one phone. Sends nothing.',
	request: { method: 'GET', url: '/MainService.svc/json/SummaryMultipleMessage_V4_get' },
	kind: 'estimate',
	prepare: prepareBrandnameEstimate,
	output: outputBrandnameEstimate,
	simplify: true,
	tool:
		'Get the price of a brandname SMS to one Vietnamese mobile number without sending it. ' +
		PHONE +
		'The answer is a JSON array with one object: totalPrice (VND), receiverCount. ' +
		FAILURE,
});
