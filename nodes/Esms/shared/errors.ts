/**
 * The eSMS error policy, in one place: this module gathers its parts, so that every module imports it
 * from here. eSMS answers HTTP 200 for failures too, with the result code
 * in `CodeResult`, `CodeResponse` or `Code`; success is code 100 and nothing else.
 *
 * - errorCodes.ts: eSMS's result codes, their meaning and fix (the code table).
 * - failures.ts: HTTP and body classification, transport errors, a retry's 124 after a lost answer.
 * - nodeErrors.ts: the NodeApiErrors n8n shows (failed request, refused input).
 * - runErrors.ts: the wording for runs of several items under Stop Workflow.
 */
export { describeCode, ESMS_ERROR_CODES, esmsCodeOf } from './errorCodes';
export { afterLostAnswer, explainResponse, explainTransportError } from './failures';
export type { EsmsFailure } from './failures';
export { errorItemJson, failureError, failureOf, invalidInput, isEsmsError, NOTHING_SENT, successBody } from './nodeErrors';
export { CONTINUE_FOR_SEVERAL, describeFailureInRun, stoppedRunError } from './runErrors';
