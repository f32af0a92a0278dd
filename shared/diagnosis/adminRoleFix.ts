import type { CloudObject } from '../directory/model';
import { normalizeUserPrincipalName, primarySmtpAddress } from '../directory/normalize';
import type { Outcome } from '../errors';
import { succeed } from '../errors';
import type { SyncError } from '../sync/model';
import type { AuditActor } from './auditEvent';
import { applyFixAuditEvent } from './auditEvent';
import { refusalIfEnded } from './refusalIfEnded';
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
  wouldNotMatch: (reason: string): DiagnosisRefusal =>
    diagnosisRefusal(
      'FixNotAvailable',
      `The next sync cycle would not soft-match the on-premises user to the admin (${reason}): taking the roles off now would leave the admin without them. Fix it on-premises or in the tenant settings first.`,
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
  const source = facts.conflictingSource;
  if (source === null || source.deletedAt !== null || !source.inScope) {
    return fixNotAvailable.conflictingSourceGone(error.conflictingSourceAnchor);
  }
  const noMatch = whyNoSoftMatch(facts, admin);
  if (noMatch !== null) return adminFixNotAvailable.wouldNotMatch(noMatch);

  const existingAfter: CloudObject = {
    ...admin,
    directoryRoleTemplateIds: [],
    directoryRolesToRestore: [...admin.directoryRoleTemplateIds],
    directoryRolesToRestoreFor: error.conflictingSourceAnchor,
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

/**
 * Why the next cycle would not soft-match the conflicting source to the admin, or null when it would:
 * soft match blocked, UPN matching off for a UPN match, or the matching value no longer shared.
 */
function whyNoSoftMatch(facts: DiagnosisFacts, admin: CloudObject): string | null {
  const { settings, conflictingSource: source } = facts;
  if (source === null) return 'the on-premises user is gone';
  if (settings.blockSoftMatchEnabled) return 'blockSoftMatchEnabled is on';
  const smtp = primarySmtpAddress(source.proxyAddresses);
  if (smtp !== null && smtp === primarySmtpAddress(admin.proxyAddresses)) return null;
  if (!settings.softMatchOnUpnEnabled)
    return 'softMatchOnUpnEnabled is off and no primary SMTP address matches';
  const same =
    source.userPrincipalName !== null &&
    admin.userPrincipalName !== null &&
    normalizeUserPrincipalName(source.userPrincipalName) ===
      normalizeUserPrincipalName(admin.userPrincipalName);
  return same ? null : "neither its primary SMTP address nor its UPN is the admin's any more";
}
