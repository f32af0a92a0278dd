import { FIX_CHECK_MESSAGES, FIXED_MESSAGES } from './diagnosis/refusals';
import type { ErrorKind } from './errors';

export interface ProblemEntry {
  /** The AppError kind it is raised with; `Internal` is the bare 500 of shared/http/problem.ts. */
  kind: ErrorKind | 'Internal';
  description: string;
}

/**
 * Every `code` the API answers with, and the kind (so the status) it comes with: the one list.
 * `ProblemCode` is its keys, and AppError's code is typed with it, so a misspelt code does not
 * compile. A unit test scans the code base for the codes it raises and holds this list to them,
 * both ways. The OpenAPI document (shared/contract/problems.ts) describes each from here.
 */
export const PROBLEM_CATALOGUE = {
  ValidationFailed: {
    kind: 'BadRequest',
    description: 'A field of the body, query or route is invalid; `errors` lists each one.',
  },
  MalformedJson: { kind: 'BadRequest', description: 'The body is not well-formed UTF-8 JSON.' },
  InvalidUnicode: {
    kind: 'BadRequest',
    description: 'A string of the body is not well-formed Unicode (it holds a lone surrogate).',
  },
  UnsupportedCharacter: {
    kind: 'BadRequest',
    description:
      'A string of the body holds a line or paragraph separator (U+2028, U+2029), which the service does not store.',
  },
  UnexpectedBody: { kind: 'BadRequest', description: 'The route takes no body: send none, or `{}`.' },
  InvalidContinuationToken: {
    kind: 'BadRequest',
    description: 'The continuation token was altered, or belongs to a list with other filters.',
  },
  InvalidIdempotencyKey: {
    kind: 'BadRequest',
    description: 'Idempotency-Key is not 1–255 printable ASCII characters.',
  },
  DuplicateSourceAnchor: { kind: 'BadRequest', description: 'Two objects of the body have one anchor.' },
  DuplicateObjectId: { kind: 'BadRequest', description: 'Two objects of the body have one objectId.' },
  InvalidObjectGuid: { kind: 'BadRequest', description: 'objectGuid is not a GUID.' },
  EntityTooLarge: {
    kind: 'BadRequest',
    description: 'An object or event would pass Table Storage limits (1 MiB, 64 KiB a string).',
  },
  MissingToken: { kind: 'Unauthenticated', description: 'No `Authorization: Bearer` token.' },
  InvalidToken: {
    kind: 'Unauthenticated',
    description: 'The token is invalid, expired, or not for this API or its tenant.',
  },
  InsufficientRole: { kind: 'Forbidden', description: 'The token lacks the role this route needs.' },
  SyncErrorNotFound: { kind: 'NotFound', description: 'No sync error has this id in your tenant.' },
  SourceObjectNotFound: {
    kind: 'NotFound',
    description: 'No source object has this source anchor in your tenant.',
  },
  CloudObjectNotFound: { kind: 'NotFound', description: 'No cloud object has this objectId in your tenant.' },
  AuditEventNotFound: { kind: 'NotFound', description: 'No audit event has this id in your tenant.' },
  SyncCycleNotFound: { kind: 'NotFound', description: 'No sync cycle has this id in your tenant.' },
  ConcurrentUpdate: { kind: 'Conflict', description: 'The record changed while the request ran: retry.' },
  SyncCycleInProgress: {
    kind: 'Conflict',
    description:
      "A sync cycle is running for the tenant: retry when it ends (`runningSince` when it is a cycle's).",
  },
  IdempotentRequestInProgress: {
    kind: 'Conflict',
    description: 'A request with this Idempotency-Key is still running: retry later.',
  },
  SourceAnchorInUse: {
    kind: 'Conflict',
    description: 'Another cloud object holds this source anchor (`objectId` names it).',
  },
  ObjectAlreadyDeleted: { kind: 'Conflict', description: 'The object is already in deleted items.' },
  ObjectNotDeleted: { kind: 'Conflict', description: 'Only a soft-deleted object can be hard-deleted.' },
  ErrorResolved: { kind: 'Conflict', description: FIXED_MESSAGES.ErrorResolved },
  FixAlreadyApplied: { kind: 'Conflict', description: FIXED_MESSAGES.FixAlreadyApplied },
  DiagnosisClosed: { kind: 'Conflict', description: FIXED_MESSAGES.DiagnosisClosed },
  DiagnosisStepMismatch: {
    kind: 'Conflict',
    description: 'The question answered is not one the diagnosis asks now.',
  },
  FixNotAvailable: {
    kind: 'Conflict',
    description: 'The diagnosis has not reached "fix available", or an object it needs is gone.',
  },
  ConflictingUserSoftDeleted: {
    kind: 'Conflict',
    description: FIX_CHECK_MESSAGES.ConflictingUserSoftDeleted,
  },
  CloudOnlyUserNotSupported: { kind: 'Conflict', description: FIX_CHECK_MESSAGES.CloudOnlyUserNotSupported },
  UserWritebackEnabled: { kind: 'Conflict', description: FIX_CHECK_MESSAGES.UserWritebackEnabled },
  ExistingObjectStillSynced: { kind: 'Conflict', description: FIXED_MESSAGES.ExistingObjectStillSynced },
  NotUndoable: { kind: 'Conflict', description: FIXED_MESSAGES.NotUndoable },
  UndoConflict: {
    kind: 'Conflict',
    description: 'Undone already, or an object changed since the fix: undo would overwrite that change.',
  },
  PreflightRowsNotCurrent: {
    kind: 'Conflict',
    description:
      'Some ids are not current preflight rows (fixed or changed since listed): list again; `ids` names them.',
  },
  PayloadTooLarge: { kind: 'PayloadTooLarge', description: 'The body exceeds 1 MiB.' },
  UnsupportedMediaType: { kind: 'UnsupportedMediaType', description: 'The body is not sent as JSON.' },
  IdempotencyKeyReused: {
    kind: 'Unprocessable',
    description: 'This Idempotency-Key was used with another request in the last 24 h.',
  },
  RateLimited: {
    kind: 'TooManyRequests',
    description: 'Too many requests for the tenant: wait `Retry-After` seconds.',
  },
  InternalError: {
    kind: 'Internal',
    description: 'Unexpected failure; quote `invocationId` when reporting it.',
  },
  SyncLeaseLost: {
    kind: 'Unavailable',
    description: 'The cycle outlived its lease and wrote nothing: run it again.',
  },
} as const satisfies Record<string, ProblemEntry>;

export type ProblemCode = keyof typeof PROBLEM_CATALOGUE;

export const PROBLEM_CODES = Object.keys(PROBLEM_CATALOGUE) as ProblemCode[];
