import type { Refusal } from '../errors';
import { refuse } from '../errors';
import type { QuestionId } from './questions';
import { QUESTION_TEXT } from './questions';

/**
 * Every code a diagnosis action can be refused with, each a 409 at the HTTP edge (SPEC decision 6),
 * and every message that goes with them, so the wording lives in one place. SyncCycleInProgress is
 * not here: only the use case, which knows about running cycles, can raise it.
 */
export const DIAGNOSIS_REFUSAL_CODES = [
  'ErrorResolved',
  'FixAlreadyApplied',
  'DiagnosisClosed',
  'DiagnosisStepMismatch',
  'FixNotAvailable',
  'ConflictingUserSoftDeleted',
  'CloudOnlyUserNotSupported',
  'UserWritebackEnabled',
  'ExistingObjectStillSynced',
  'NotUndoable',
  'UndoConflict',
] as const;
export type DiagnosisRefusalCode = (typeof DIAGNOSIS_REFUSAL_CODES)[number];

export interface DiagnosisRefusal extends Refusal {
  code: DiagnosisRefusalCode;
}

/** The seed's "Failures and error messages", word for word. Apply-fix checks them in this order. */
export const FIX_CHECK_MESSAGES = {
  ConflictingUserSoftDeleted:
    'User with conflicting attribute is soft deleted in the Microsoft Entra ID. Ensure the user is hard deleted before retry.',
  CloudOnlyUserNotSupported: 'Updating source anchor to cloud-based user in your tenant is not supported.',
  UserWritebackEnabled: 'The fix process failed to update the values.',
} as const;
export type FixCheckCode = keyof typeof FIX_CHECK_MESSAGES;

/** Codes whose message never varies. */
export const FIXED_MESSAGES = {
  ...FIX_CHECK_MESSAGES,
  ErrorResolved:
    'This sync error was resolved by a sync cycle: it is kept in history and can no longer be acted on.',
  FixAlreadyApplied: 'A fix was already applied to this sync error; it is waiting for the next sync cycle.',
  DiagnosisClosed:
    'The diagnosis of this sync error was closed (Manual Fix Required); it can be diagnosed again after the next sync cycle.',
  ExistingObjectStillSynced:
    "The existing object's source anchor belongs to an on-premises object that is still in sync scope: moving " +
    'the anchor would take the cloud object away from that user. Fix the conflict on-premises.',
  NotUndoable: 'Only an applied fix can be undone.',
} as const satisfies Partial<Record<DiagnosisRefusalCode, string>>;
type FixedCode = keyof typeof FIXED_MESSAGES;

export const diagnosisRefusal = (code: DiagnosisRefusalCode, message: string): DiagnosisRefusal => ({
  ...refuse(code, message),
  code,
});

export const refuseWith = (code: FixedCode): DiagnosisRefusal => diagnosisRefusal(code, FIXED_MESSAGES[code]);

const quote = (questionId: QuestionId): string => `"${QUESTION_TEXT[questionId]}" (${questionId})`;

/** DiagnosisStepMismatch: the question asked is not one the admin can answer now. */
export const stepMismatch = {
  noQuestions: (): DiagnosisRefusal =>
    diagnosisRefusal(
      'DiagnosisStepMismatch',
      'This error has no questions: they are for duplicated values between two users. Its diagnosis says what to do.',
    ),
  sameUserAnswered: (): DiagnosisRefusal =>
    diagnosisRefusal(
      'DiagnosisStepMismatch',
      `The diagnosis has reached its outcome: to change the path, answer ${quote('userExistsOnPremises')} again.`,
    ),
  sameUserBeforeNo: (): DiagnosisRefusal =>
    diagnosisRefusal(
      'DiagnosisStepMismatch',
      `${quote('sameUser')} is asked only after ${quote('userExistsOnPremises')} was answered "no".`,
    ),
};

/** FixNotAvailable: why apply-fix has nothing to apply. */
export const fixNotAvailable = {
  notUsers: (): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      'There is no fix from Microsoft Entra ID for this error (its objects are not both users, or it is no duplicate): its diagnosis says what to do.',
    ),
  unanswered: (questionId: QuestionId): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      `The diagnosis has not reached a fix yet: answer ${quote(questionId)} first.`,
    ),
  notOrphaned: (): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      'Based on your answers this is not an orphaned object: there is no fix from Microsoft Entra ID; fix it on-premises.',
    ),
  closed: (): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      'The diagnosis was closed (Manual Fix Required): no fix can be applied until the next sync cycle resets it.',
    ),
  existingGone: (objectId: string | null): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      `The existing object ${objectId ?? '(unknown)'} is no longer in Microsoft Entra ID; the next sync cycle will re-evaluate this error.`,
    ),
  conflictingObjectMoved: (objectId: string): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      `The conflicting cloud object ${objectId} no longer holds the conflicting source anchor: it changed since the ` +
        'last sync cycle, and deleting it could remove the wrong object. Run a sync cycle and diagnose again.',
    ),
  tooManySiblings: (count: number): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      `This fix would move ${count} errors at once, more than one transaction can hold: fix it on-premises.`,
    ),
  conflictingSourceGone: (sourceAnchor: string): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      `The conflicting on-premises object ${sourceAnchor} was deleted or left the sync scope: the next sync cycle ` +
        'would delete the existing object if it took that anchor. The next sync cycle will re-evaluate this error.',
    ),
};

/** UndoConflict: what changed since the fix, so the admin knows what undo would have overwritten. */
export const undoConflict = {
  alreadyUndone: (undoneBy: string): DiagnosisRefusal =>
    diagnosisRefusal('UndoConflict', `This fix was already undone by event ${undoneBy}.`),
  existingGone: (objectId: string): DiagnosisRefusal =>
    diagnosisRefusal(
      'UndoConflict',
      `The existing object ${objectId} no longer exists: there is nothing to revert.`,
    ),
  existingChanged: (objectId: string, fields: readonly string[]): DiagnosisRefusal =>
    diagnosisRefusal(
      'UndoConflict',
      `The existing object ${objectId} changed since the fix (${fields.join(', ')}): undo would overwrite that change.`,
    ),
  deletedObjectExists: (objectId: string): DiagnosisRefusal =>
    diagnosisRefusal(
      'UndoConflict',
      `An object with the deleted object's id ${objectId} exists again: undo cannot re-create it.`,
    ),
  cycleResolved: (errorIds: readonly string[]): DiagnosisRefusal =>
    diagnosisRefusal(
      'UndoConflict',
      `A sync cycle has run since the fix and resolved its errors (${errorIds.join(', ')}): undo would bring the duplicate back with no open error to show it. Fix it again on-premises or in Entra instead.`,
    ),
  anchorTaken: (sourceAnchor: string, objectId: string): DiagnosisRefusal =>
    diagnosisRefusal(
      'UndoConflict',
      `The source anchor ${sourceAnchor} is now held by object ${objectId}: undo would give it to two objects.`,
    ),
};
