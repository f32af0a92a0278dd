import type { CloudObject, SourceObject } from '../directory/model';
import { syncErrorId } from './errorId';
import {
  categoryOf,
  EMPTY_ANSWERS,
  type DiagnoseStatus,
  type ErrorObjectSummary,
  type ErrorType,
  type SyncError,
} from './model';
import { NO_HOLDER, type Conflict } from './reconcileAllocation';
import { plainEqual } from './reconcileEquality';

/**
 * Steps 4 and 5 of the cycle: one error per (attribute, normalized value, conflicting anchor), its
 * snapshot of both objects as they are after the cycle, the diagnose-status reset, and resolution of
 * what the cycle no longer sees.
 */

export interface ErrorSnapshotSource {
  /** A holder's cloud object after the cycle (holder keys from reconcileAllocation). */
  cloudOfHolder(holder: string): CloudObject | undefined;
  /** The cloud object a source object is linked to after the cycle. */
  linkedCloudOf(sourceAnchor: string): CloudObject | undefined;
  sourceOf(sourceAnchor: string): SourceObject | undefined;
}

export function detectErrors(
  conflicts: readonly Conflict[],
  snapshots: ErrorSnapshotSource,
  now: string,
): SyncError[] {
  const byId = new Map<string, SyncError>();
  for (const conflict of conflicts) {
    const id = syncErrorId({
      attribute: conflict.attribute,
      normalizedValue: conflict.normalized,
      conflictingSourceAnchor: conflict.source.sourceAnchor,
    });
    // A source listing one address twice (`SMTP:a@x`, `smtp:a@x`) has one conflict, not two.
    if (!byId.has(id)) byId.set(id, newError(id, conflict, snapshots, now));
  }
  return [...byId.values()];
}

function newError(id: string, conflict: Conflict, snapshots: ErrorSnapshotSource, now: string): SyncError {
  // An error about one object alone (a value Entra refuses) has no holder.
  const holder = conflict.holder === NO_HOLDER ? null : snapshots.cloudOfHolder(conflict.holder);
  if (holder === undefined) throw new Error(`reconcile: holder ${conflict.holder} has no cloud object`);
  const existingObject = holder === null ? null : existingSummary(holder, snapshots);
  const conflictingObject = conflictingSummary(
    conflict.source,
    snapshots.linkedCloudOf(conflict.source.sourceAnchor),
  );
  return {
    id,
    errorType: conflict.errorType,
    attribute: conflict.attribute,
    value: conflict.value,
    normalizedValue: conflict.normalized,
    conflictingSourceAnchor: conflict.source.sourceAnchor,
    existingObject,
    conflictingObject,
    diagnoseStatus: initialStatus(conflict.errorType, existingObject, conflictingObject),
    answers: { ...EMPTY_ANSWERS },
    detectedAt: now,
    lastSeenAt: now,
    resolvedAt: null,
  };
}

/**
 * The two-question diagnosis is for duplicate attributes between two users; any other error needs a
 * manual fix from the start (SPEC decision 1 and "Errors beyond duplicates").
 */
function initialStatus(
  errorType: ErrorType,
  existing: ErrorObjectSummary | null,
  conflicting: ErrorObjectSummary,
): DiagnoseStatus {
  return categoryOf(errorType) === 'DuplicateAttribute' &&
    existing?.objectType === 'User' &&
    conflicting.objectType === 'User'
    ? 'NotStarted'
    : 'ManualFixRequired';
}

function existingSummary(cloud: CloudObject, snapshots: ErrorSnapshotSource): ErrorObjectSummary {
  const source = cloud.sourceAnchor === null ? undefined : snapshots.sourceOf(cloud.sourceAnchor);
  return {
    objectId: cloud.objectId,
    sourceAnchor: cloud.sourceAnchor,
    objectType: cloud.objectType,
    displayName: cloud.displayName,
    userPrincipalName: cloud.userPrincipalName,
    cloudUserPrincipalName: cloud.userPrincipalName,
    distinguishedName: source?.distinguishedName ?? null,
    softDeleted: cloud.deletedDateTime !== null,
  };
}

/** The incoming side is described by its source: its UPN is the one it asked for, not its placeholder. */
function conflictingSummary(source: SourceObject, linked: CloudObject | undefined): ErrorObjectSummary {
  return {
    objectId: linked?.objectId ?? null,
    sourceAnchor: source.sourceAnchor,
    objectType: source.objectType,
    displayName: source.displayName,
    userPrincipalName: source.userPrincipalName,
    cloudUserPrincipalName: linked?.userPrincipalName ?? null,
    distinguishedName: source.distinguishedName,
    softDeleted: linked !== undefined && linked.deletedDateTime !== null,
  };
}

export interface ErrorSettlement {
  /** New errors, errors that come back, and open errors whose stored record changes. */
  toWrite: SyncError[];
  resolved: SyncError[];
  created: number;
  reset: number;
}

/**
 * An open error seen again keeps its id and detectedAt and is reset (status to its default, answers
 * cleared: "the diagnostic status column will reset after each sync cycle"). It is written only when
 * that or its snapshot changes: an untouched error keeps its stored lastSeenAt, and the read side takes
 * the last cycle's time for open errors, so a quiet cycle writes nothing. An error that comes back
 * after being resolved has no open record: it is new again, with its old id (SPEC decision 10).
 */
export function settleErrors(
  detected: readonly SyncError[],
  openErrors: readonly SyncError[],
  now: string,
): ErrorSettlement {
  const openById = new Map(openErrors.map((error) => [error.id, error]));
  const settlement: ErrorSettlement = { toWrite: [], resolved: [], created: 0, reset: 0 };
  for (const seen of detected) {
    const open = openById.get(seen.id);
    if (open === undefined) {
      settlement.toWrite.push(seen);
      settlement.created += 1;
      continue;
    }
    const refreshed = refresh(open, seen);
    if (plainEqual(refreshed, open)) continue;
    if (open.diagnoseStatus !== refreshed.diagnoseStatus || !plainEqual(open.answers, refreshed.answers)) {
      settlement.reset += 1;
    }
    settlement.toWrite.push({ ...refreshed, lastSeenAt: now });
  }
  const seenIds = new Set(detected.map((error) => error.id));
  settlement.resolved = openErrors
    .filter((error) => !seenIds.has(error.id))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((error) => ({ ...error, resolvedAt: now }));
  return settlement;
}

/** The open record brought up to date; only its id, detectedAt and lastSeenAt survive from before. */
function refresh(open: SyncError, seen: SyncError): SyncError {
  return {
    ...open,
    errorType: seen.errorType,
    attribute: seen.attribute,
    value: seen.value,
    normalizedValue: seen.normalizedValue,
    conflictingSourceAnchor: seen.conflictingSourceAnchor,
    existingObject: seen.existingObject,
    conflictingObject: seen.conflictingObject,
    diagnoseStatus: seen.diagnoseStatus,
    answers: seen.answers,
    resolvedAt: null,
  };
}
