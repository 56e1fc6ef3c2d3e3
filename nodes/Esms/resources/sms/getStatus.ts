import { idInQuery } from '../../shared/descriptions';
import { mappedOutput } from '../../shared/errors';
import { mapSmsStatus } from '../../shared/mappers';
import type { EsmsSmsStatusResponse } from '../../shared/types';

/** GetSendStatus?RefId= on the REST host; its fields are the shared SMSID fields. */
export const prepareSmsStatus = idInQuery('RefId');
export const outputSmsStatus = mappedOutput<EsmsSmsStatusResponse>(mapSmsStatus);
