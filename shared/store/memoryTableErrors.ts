import { RestError } from '@azure/data-tables';

/**
 * The errors the in-memory table throws, shaped as the SDK shapes the service's answers, so code
 * that tells failures apart (by `statusCode`, `code` or `details.errorCode`) takes the same path
 * over either backend. A single-entity call and a transaction report the same failure differently:
 * the SDK puts the service's code in `details.errorCode` for the first, and in `code`, with the
 * failing action's index leading the message, for the second.
 */
export type TableErrorCode =
  | 'EntityAlreadyExists'
  | 'ResourceNotFound'
  | 'UpdateConditionNotSatisfied'
  | 'InvalidInput'
  | 'InvalidDuplicateRow'
  | 'PropertyValueTooLarge'
  | 'EntityTooLarge'
  | 'TooManyProperties';

const STATUS: Record<TableErrorCode, number> = {
  EntityAlreadyExists: 409,
  ResourceNotFound: 404,
  UpdateConditionNotSatisfied: 412,
  InvalidInput: 400,
  InvalidDuplicateRow: 400,
  PropertyValueTooLarge: 400,
  EntityTooLarge: 400,
  TooManyProperties: 400,
};

const MESSAGES: Record<TableErrorCode, string> = {
  EntityAlreadyExists: 'The specified entity already exists.',
  ResourceNotFound: 'The specified resource does not exist.',
  UpdateConditionNotSatisfied: 'The update condition specified in the request was not satisfied.',
  InvalidInput: 'An error occurred while processing this request.',
  InvalidDuplicateRow: 'An entity can appear only once in a batch.',
  PropertyValueTooLarge: 'The property value exceeds the maximum allowed size (64KB).',
  EntityTooLarge: 'The entity is larger than the maximum allowed size (1MB).',
  TooManyProperties: 'The entity has more properties than allowed (255).',
};

/** A failure of one operation, carrying its code until it is reported as single or batch. */
export class TableFailure extends Error {
  constructor(
    readonly code: TableErrorCode,
    readonly detail?: string,
  ) {
    super(detail ?? MESSAGES[code]);
  }
}

/** As the SDK reports a failed single-entity request. */
export function singleError(failure: TableFailure): RestError {
  const odataError = { code: failure.code, message: { lang: 'en-US', value: failure.message } };
  const error = new RestError(JSON.stringify({ 'odata.error': odataError }), {
    statusCode: STATUS[failure.code],
  });
  error.details = { errorCode: failure.code, odataError };
  return error;
}

/** As the SDK reports a failed transaction: the index of the failing action leads the message. */
export function batchError(index: number, failure: TableFailure): RestError {
  return new RestError(`${index}:${failure.message}`, {
    code: failure.code,
    statusCode: STATUS[failure.code],
  });
}
