import { idInQuery } from '../../shared/descriptions';
import { mappedOutput } from '../../shared/errors';
import { mapVoiceStatus } from '../../shared/mappers';
import type { EsmsVoiceStatusResponse } from '../../shared/types';

/** GetSendStatus?ReferenceId= on the voice host; its fields are the shared SMSID fields. */
export const prepareVoiceStatus = idInQuery('ReferenceId');
export const outputVoiceStatus = mappedOutput<EsmsVoiceStatusResponse>(mapVoiceStatus);
