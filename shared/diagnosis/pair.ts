import { categoryOf, type SyncError } from '../sync/model';

/**
 * The seed's two questions are for duplicate attributes between two users (SPEC decision 1, "Errors
 * beyond duplicates"): both sides must be users, and the error a DuplicateAttribute one. An
 * ExistingAdminRoleConflict is between two users too, but it is no duplicate and has no questions.
 */
export function isUserPair(error: SyncError): boolean {
  return (
    categoryOf(error.errorType) === 'DuplicateAttribute' &&
    error.existingObject?.objectType === 'User' &&
    error.conflictingObject.objectType === 'User'
  );
}

/**
 * Closed by POST .../close. The status is checked too so that a record whose flag was lost still reads
 * as closed: for a user pair nothing but close sets ManualFixRequired.
 */
export function isClosed(error: SyncError): boolean {
  return error.answers.closed || error.diagnoseStatus === 'ManualFixRequired';
}
