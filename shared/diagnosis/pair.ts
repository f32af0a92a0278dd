import type { SyncError } from '../sync/model';

/** The seed's diagnosis supports user objects only (SPEC decision 1): both sides must be users. */
export function isUserPair(error: SyncError): boolean {
  return error.existingObject?.objectType === 'User' && error.conflictingObject.objectType === 'User';
}

/**
 * Closed by POST .../close. The status is checked too so that a record whose flag was lost still reads
 * as closed: for a user pair nothing but close sets ManualFixRequired.
 */
export function isClosed(error: SyncError): boolean {
  return error.answers.closed || error.diagnoseStatus === 'ManualFixRequired';
}
