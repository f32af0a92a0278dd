import type { CloudObject } from '../directory/model';
import type { Outcome } from '../errors';
import { succeed } from '../errors';
import type { SyncError } from '../sync/model';
import type { ApplyFixAuditEvent, AuditActor } from './auditEvent';
import { planAdminRoleFix } from './adminRoleFix';
import { applyFixAuditEvent } from './auditEvent';
import { diagnosisStep } from './diagnosisStep';
import { refusalIfEnded } from './refusalIfEnded';
import type { DiagnosisFacts } from './facts';
import type { DiagnosisRefusal } from './refusals';
import { diagnosisRefusal, FIX_CHECK_MESSAGES, fixNotAvailable, refuseWith } from './refusals';

/** The one atomic change apply-fix makes; the use case writes all of it in one transaction or none. */
export interface FixPlan {
  /** The existing object holding the conflicting source anchor, every other attribute untouched. */
  existingAfter: CloudObject;
  /** The conflicting cloud object to delete permanently, as it is now; null when never provisioned. */
  conflictingDeleted: CloudObject | null;
  /** This error and its open siblings (decision 8), now PendingSync. */
  errorsAfter: SyncError[];
  auditEvent: ApplyFixAuditEvent;
}

/** Apply-fix needs the diagnosis to have reached "fix available"; say why it has not. */
function refusalIfNoFixReached(facts: DiagnosisFacts): DiagnosisRefusal | null {
  const step = diagnosisStep(facts);
  if (step.kind === 'question') return fixNotAvailable.unanswered(step.questionId);
  switch (step.outcome) {
    case 'fixAvailable':
      return null;
    case 'notApplicable':
      return fixNotAvailable.notUsers();
    case 'closed':
      return fixNotAvailable.closed();
    case 'closedFixOnPremises':
    case 'closedNotSameUser':
      return fixNotAvailable.notOrphaned();
    case 'resolved':
      return refuseWith('ErrorResolved');
    case 'fixApplied':
      return refuseWith('FixAlreadyApplied');
  }
}

/**
 * A conflicting source object that is deleted or out of scope is about to be soft-deleted by the next
 * cycle, and the existing object would follow it if it took its anchor: the cycle resolves this error
 * on its own instead.
 */
/**
 * The conflicting cloud object is found by the id the last cycle saw; it is deleted only while it
 * still holds the conflicting anchor, so an object re-imported or changed since is never removed.
 */
function refusalIfConflictingObjectMoved(facts: DiagnosisFacts): DiagnosisRefusal | null {
  const cloud = facts.conflictingCloud;
  if (cloud === null || cloud.sourceAnchor === facts.error.conflictingSourceAnchor) return null;
  return fixNotAvailable.conflictingObjectMoved(cloud.objectId);
}

/**
 * A transaction holds 100 operations: the existing object, the deleted one, the audit event, the
 * errors version, and the errors (undo adds the fix event: it must fit too).
 */
export const MAX_ERRORS_PER_FIX = 95;

function refusalIfConflictingSourceGone(facts: DiagnosisFacts): DiagnosisRefusal | null {
  const source = facts.conflictingSource;
  const gone = source === null || source.deletedAt !== null || !source.inScope;
  return gone ? fixNotAvailable.conflictingSourceGone(facts.error.conflictingSourceAnchor) : null;
}

/** The seed's three checks, in the table's order, with its own messages. */
function refusalFromFixChecks(facts: DiagnosisFacts, existing: CloudObject): DiagnosisRefusal | null {
  if (facts.conflictingCloud !== null && facts.conflictingCloud.deletedDateTime !== null) {
    return diagnosisRefusal('ConflictingUserSoftDeleted', FIX_CHECK_MESSAGES.ConflictingUserSoftDeleted);
  }
  if (existing.sourceAnchor === null) {
    return diagnosisRefusal('CloudOnlyUserNotSupported', FIX_CHECK_MESSAGES.CloudOnlyUserNotSupported);
  }
  if (facts.settings.userWritebackEnabled) {
    return diagnosisRefusal('UserWritebackEnabled', FIX_CHECK_MESSAGES.UserWritebackEnabled);
  }
  return null;
}

/**
 * Decision 7: answers choose the path, but facts at fix time decide. A live, in-scope source object
 * holding the existing object's anchor will hard-match it at the next cycle, whatever its connector
 * state, so the fix would orphan that user.
 */
function refusalIfStillSynced(facts: DiagnosisFacts, existing: CloudObject): DiagnosisRefusal | null {
  const source = facts.existingSource;
  const live =
    source !== null &&
    source.sourceAnchor === existing.sourceAnchor &&
    source.inScope &&
    source.deletedAt === null;
  return live ? refuseWith('ExistingObjectStillSynced') : null;
}

/** Every open error with the same conflicting object (decision 8), this one first, each once. */
function errorsToMark(error: SyncError, siblings: readonly SyncError[]): SyncError[] {
  const byId = new Map<string, SyncError>([[error.id, error]]);
  for (const sibling of siblings) {
    const sameConflict = sibling.conflictingSourceAnchor === error.conflictingSourceAnchor;
    // An already PendingSync sibling belongs to another fix: its undo, not this one's, must restore it.
    const markable = sibling.resolvedAt === null && sibling.diagnoseStatus !== 'PendingSync';
    if (sameConflict && markable && !byId.has(sibling.id)) byId.set(sibling.id, sibling);
  }
  return [...byId.values()];
}

/**
 * Apply-fix, planned: the checks in order (ErrorResolved, FixAlreadyApplied, FixNotAvailable, then
 * ConflictingUserSoftDeleted, CloudOnlyUserNotSupported, UserWritebackEnabled, ExistingObjectStillSynced),
 * then the change. Only sourceAnchor and dirSyncEnabled move: the seed's FAQ says the fix updates no
 * other attribute, so a soft-deleted existing object stays soft-deleted.
 */
export function planApplyFix(
  facts: DiagnosisFacts,
  siblings: readonly SyncError[],
  actor: AuditActor,
  now: Date,
  eventId: string,
): Outcome<FixPlan> {
  const { error, existingCloud } = facts;
  if (error.errorType === 'ExistingAdminRoleConflict') {
    return planAdminRoleFix(facts, siblings, actor, now, eventId, errorsToMark);
  }
  const notReached = refusalIfEnded(error) ?? refusalIfNoFixReached(facts);
  if (notReached) return notReached;
  // Both ends must exist now; these are part of "is there a fix at all", so they precede the seed's checks.
  if (existingCloud === null) return fixNotAvailable.existingGone(error.existingObject?.objectId ?? null);
  const refusal =
    refusalIfConflictingSourceGone(facts) ??
    refusalIfConflictingObjectMoved(facts) ??
    refusalFromFixChecks(facts, existingCloud) ??
    refusalIfStillSynced(facts, existingCloud);
  if (refusal) return refusal;

  const existingAfter: CloudObject = {
    ...existingCloud,
    sourceAnchor: error.conflictingSourceAnchor,
    dirSyncEnabled: true,
  };
  const conflictingDeleted = facts.conflictingCloud;
  const errorsBefore = errorsToMark(error, siblings);
  if (errorsBefore.length > MAX_ERRORS_PER_FIX) return fixNotAvailable.tooManySiblings(errorsBefore.length);
  const errorsAfter = errorsBefore.map((e): SyncError => ({ ...e, diagnoseStatus: 'PendingSync' }));
  const auditEvent = applyFixAuditEvent(
    error.id,
    { eventId, actor, now },
    {
      existingBefore: existingCloud,
      existingAfter,
      conflictingDeleted,
      errorsBefore,
      errorsAfter,
    },
  );
  return succeed({ existingAfter, conflictingDeleted, errorsAfter, auditEvent });
}
