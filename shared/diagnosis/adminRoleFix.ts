import type { CloudObject } from '../directory/model';
import type { Outcome } from '../errors';
import { succeed } from '../errors';
import type { SyncError } from '../sync/model';
import type { AuditActor } from './auditEvent';
import { applyFixAuditEvent } from './auditEvent';
import { refusalIfEnded } from './endedGuards';
import type { DiagnosisFacts } from './facts';
import type { FixPlan } from './planApplyFix';
import type { DiagnosisRefusal } from './refusals';
import { diagnosisRefusal, FIX_CHECK_MESSAGES, fixNotAvailable } from './refusals';

/**
 * The ExistingAdminRoleConflict guided fix (SPEC "Errors beyond duplicates"): the four manual steps
 * Microsoft documents (Microsoft Learn, "Troubleshooting errors during synchronization",
 * ExistingAdminRoleConflict: remove the admin roles from the cloud user, delete the quarantined user,
 * let sync soft-match the on-premises user to the cloud user, give the roles back) as one audited
 * change. Apply-fix records the admin's roles on it (directoryRolesToRestore), removes them, deletes the
 * quarantined incoming object permanently and sets the error (and its siblings) PendingSync; the next
 * cycle soft-matches and gives the roles back in the same cycle. No questions are asked.
 *
 * Refusals, in order: ErrorResolved, FixAlreadyApplied; FixNotAvailable when the admin object is gone,
 * gained a source anchor or lost its roles since the cycle; ConflictingUserSoftDeleted when the
 * quarantined object is soft-deleted.
 */
export const adminFixNotAvailable = {
  gainedAnchor: (objectId: string): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      `The admin object ${objectId} has a source anchor now: it is synced, not the cloud admin this error found. Run a sync cycle and look again.`,
    ),
  lostRoles: (objectId: string): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      `The admin object ${objectId} holds no directory role any more: the next sync cycle soft-matches it without a fix.`,
    ),
  notQuarantined: (): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      'The incoming user is not in Microsoft Entra ID (it was never provisioned): there is no quarantined object to delete.',
    ),
};

export function planAdminRoleFix(
  facts: DiagnosisFacts,
  siblings: readonly SyncError[],
  actor: AuditActor,
  now: Date,
  eventId: string,
  errorsToMark: (error: SyncError, siblings: readonly SyncError[]) => SyncError[],
): Outcome<FixPlan> {
  const { error, existingCloud: admin, conflictingCloud: quarantined } = facts;
  const ended = refusalIfEnded(error);
  if (ended) return ended;
  if (admin === null) return fixNotAvailable.existingGone(error.existingObject?.objectId ?? null);
  if (admin.sourceAnchor !== null) return adminFixNotAvailable.gainedAnchor(admin.objectId);
  if (admin.directoryRoleTemplateIds.length === 0) return adminFixNotAvailable.lostRoles(admin.objectId);
  if (quarantined === null) return adminFixNotAvailable.notQuarantined();
  if (quarantined.deletedDateTime !== null) {
    return diagnosisRefusal('ConflictingUserSoftDeleted', FIX_CHECK_MESSAGES.ConflictingUserSoftDeleted);
  }
  if (quarantined.sourceAnchor !== error.conflictingSourceAnchor) {
    return fixNotAvailable.conflictingObjectMoved(quarantined.objectId);
  }

  const existingAfter: CloudObject = {
    ...admin,
    directoryRoleTemplateIds: [],
    directoryRolesToRestore: [...admin.directoryRoleTemplateIds],
  };
  const errorsBefore = errorsToMark(error, siblings);
  const errorsAfter = errorsBefore.map((e): SyncError => ({ ...e, diagnoseStatus: 'PendingSync' }));
  const auditEvent = applyFixAuditEvent(
    error.id,
    { eventId, actor, now },
    { existingBefore: admin, existingAfter, conflictingDeleted: quarantined, errorsBefore, errorsAfter },
  );
  return succeed({ existingAfter, conflictingDeleted: quarantined, errorsAfter, auditEvent });
}
