import type { CloudObject, SourceObject, TenantSettings } from '../directory/model';
import { initialDomainOf } from '../directory/upnQuarantine';
import { ZERO_COUNTS, type CycleCounts, type SyncError } from './model';
import { syncErrorId } from './errorId';
import { allocate, type Conflict } from './reconcileAllocation';
import { fixedHolderKey } from './reconcileClaimants';
import { planCloudState, type CloudStatePlan } from './reconcileCloudState';
import { planConnector } from './reconcileConnector';
import { planDeletions, splitPurges, type DeletionPlan } from './reconcileDeletes';
import { detectErrors, settleErrors, type ErrorSnapshotSource } from './reconcileErrors';
import {
  byCloudOrder,
  bySourceOrder,
  indexByAnchor,
  isActiveSource,
  isSoftDeleted,
  joinTargets,
  type Mismatch,
  type RefusedJoin,
} from './reconcileJoin';

/**
 * The sync cycle as a pure function (DESIGN "The sync engine as a pure function"): a tenant's records
 * in, the writes that bring them to the next state out. No I/O, no clock, no randomness: the same input
 * gives the same plan, and a plan applied and reconciled again gives an empty one.
 *
 * Order of the steps, and why:
 * 1. purge: objects past retention are gone before anything else, so their values are free;
 * 2. join: hard match (active or soft-deleted), soft match, provision;
 * 3. deletions: decided before values are allocated, because soft-deleted objects still hold values;
 * 4. allocation of unique values, then each target's cloud state;
 * 5. errors, then connector-space states.
 */

export interface ReconcileInput {
  tenantId: string;
  /** All of the tenant's, deleted and out-of-scope ones included. */
  sourceObjects: readonly SourceObject[];
  /** All, soft-deleted ones included. */
  cloudObjects: readonly CloudObject[];
  /** resolvedAt === null. */
  openErrors: readonly SyncError[];
  settings: TenantSettings;
  now: Date;
  /** Injected so the plan stays deterministic (tests pass a counter). */
  newObjectId: () => string;
}

export interface ReconcilePlan {
  cloudCreates: CloudObject[];
  /** Full new state, only objects whose stored state changes (soft-deletes included). */
  cloudUpdates: CloudObject[];
  /** objectIds removed for good (soft-deleted more than 30 days ago). */
  cloudPurges: string[];
  /** Full new state, only where connectorState or objectId changes. */
  sourceUpdates: SourceObject[];
  /** Anchors of source objects deleted on-premises whose deletion was carried out. */
  sourceRemovals: string[];
  /** New errors, errors that come back, and open errors whose stored record changes. */
  errorsToWrite: SyncError[];
  /** Open errors not seen this cycle, with resolvedAt = now. */
  errorsResolved: SyncError[];
  counts: CycleCounts;
}

export function reconcile(input: ReconcileInput): ReconcilePlan {
  const now = input.now.toISOString();
  const { purged, kept } = splitPurges(input.cloudObjects, input.now);
  const sources = [...input.sourceObjects].sort(bySourceOrder);
  const byAnchor = indexByAnchor(kept);
  const { deletionThreshold } = input.settings;
  // Entra refuses to join objects of different classes: such a source stays PendingAdd, and the
  // cloud object holding its anchor is left as it is (it keeps its values like any unmanaged one).
  const join = joinTargets(sources.filter(isActiveSource), kept, byAnchor, input.settings);
  const targets = join.targets.filter(
    (target) => target.cloud === null || target.cloud.objectType === target.source.objectType,
  );
  const removed = sources.filter((source) => !isActiveSource(source));
  const deletions = planDeletions(removed, byAnchor, deletionThreshold, now);
  // Past the deletion threshold nothing is exported at all (SPEC step 3; Microsoft Learn, "Prevent
  // accidental deletes": "the export stops before deleting any object … no objects were exported").
  if (deletions.thresholdExceeded) return stoppedExport(input, deletions);

  const managed = new Set(
    targets.flatMap((target) => (target.cloud === null ? [] : [target.cloud.objectId])),
  );
  const leaving = new Set([...deletions.softDeletes.map((c) => c.objectId), ...deletions.hardDeletes]);
  const fixedHolders = kept.filter((cloud) => !managed.has(cloud.objectId)).sort(byCloudOrder);
  const allocation = allocate({
    tenantId: input.tenantId,
    initialDomain: initialDomainOf(input.tenantId, input.settings.initialDomain),
    targets,
    // A soft-deleted object holds no unique value, nor one this cycle deletes (SPEC uniqueness table):
    // an active object may take what they had.
    fixedHolders: fixedHolders.filter((cloud) => !isSoftDeleted(cloud) && !leaving.has(cloud.objectId)),
  });
  const cloudState = planCloudState({
    targets,
    allocation,
    now,
    newObjectId: input.newObjectId,
    nextSequence: nextCloudSequence(input.cloudObjects),
  });

  const snapshots = snapshotSource(sources, fixedHolders, deletions, cloudState);
  const conflicts = [
    ...withAdminConflicts(allocation.conflicts, join.refused, input.openErrors),
    ...join.mismatches.map(mismatchConflict),
    ...join.refused.filter((r) => r.errorType === 'InvalidHardMatch').map(refusedConflict),
  ];
  const errors = settleErrors(detectErrors(conflicts, snapshots, now), input.openErrors, now);
  const connector = planConnector(sources, cloudState.links, deletions);

  return {
    cloudCreates: cloudState.creates,
    cloudUpdates: [...cloudState.updates, ...deletions.softDeletes],
    cloudPurges: [...purged.map((cloud) => cloud.objectId), ...deletions.hardDeletes],
    sourceUpdates: connector.sourceUpdates,
    sourceRemovals: connector.sourceRemovals,
    errorsToWrite: errors.toWrite,
    errorsResolved: errors.resolved,
    counts: {
      objectsRead: input.sourceObjects.length + input.cloudObjects.length,
      provisioned: cloudState.creates.length,
      updated: cloudState.updates.length,
      softDeleted: deletions.softDeletes.length,
      purged: purged.length + deletions.hardDeletes.length,
      errorsCreated: errors.created,
      errorsResolved: errors.resolved.length,
      errorsReset: errors.reset,
      deletionThresholdExceeded: deletions.thresholdExceeded,
      deletionsHeldBack: deletions.heldBack,
    },
  };
}

/**
 * A soft match that found a cloud-only object of another class, as an error on the matching value:
 * ObjectTypeMismatch (SPEC "Error categories"; Microsoft Learn, "Troubleshooting errors during
 * synchronization": ObjectTypeMismatch). The candidate is the existing object.
 */
function mismatchConflict(mismatch: Mismatch): Conflict {
  return {
    attribute: mismatch.attribute,
    value: mismatch.value,
    normalized: mismatch.normalized,
    rule: mismatch.attribute === 'UserPrincipalName' ? 'quarantine' : 'smtp',
    source: mismatch.source,
    holder: fixedHolderKey(mismatch.candidate.objectId),
    errorType: 'ObjectTypeMismatch',
  };
}

function refusedConflict(refused: RefusedJoin): Conflict {
  return {
    attribute: refused.attribute,
    value: refused.value,
    normalized: refused.normalized,
    rule: 'failsExport',
    source: refused.source,
    holder: fixedHolderKey(refused.cloud.objectId),
    errorType: refused.errorType,
  };
}

/**
 * ExistingAdminRoleConflict takes the place of the UPN conflict (or, where the UPNs differ, of the
 * conflict on the address that matched) between a user whose soft match found a cloud admin and that
 * admin (SPEC "Error categories"). Only a soft match refused in this cycle starts one, never a conflict
 * of an object hard- or soft-matched elsewhere (its guided fix deletes the incoming object and hands
 * the roles to whoever matches next). Later cycles, where the user is hard-matched to the object it
 * was provisioned as, keep the type the open error already has, so a cycle run twice changes nothing.
 */
function withAdminConflicts(
  conflicts: readonly Conflict[],
  refused: readonly RefusedJoin[],
  openErrors: readonly SyncError[],
): Conflict[] {
  const refusedNow = new Map<string, RefusedJoin>();
  for (const r of refused)
    if (r.errorType === 'ExistingAdminRoleConflict') refusedNow.set(r.source.sourceAnchor, r);
  const openAdmin = new Set(
    openErrors.filter((e) => e.errorType === 'ExistingAdminRoleConflict').map((e) => e.id),
  );
  if (refusedNow.size === 0 && openAdmin.size === 0) return [...conflicts];
  const idOf = (c: Conflict) =>
    syncErrorId({
      attribute: c.attribute,
      normalizedValue: c.normalized,
      conflictingSourceAnchor: c.source.sourceAnchor,
    });
  const chosen = new Set<Conflict>();
  const bySource = new Map<string, Conflict[]>();
  for (const c of conflicts) {
    if (c.errorType !== 'QuarantinedAttributeValueMustBeUnique') continue;
    if (openAdmin.has(idOf(c))) {
      chosen.add(c);
      continue;
    }
    const admin = refusedNow.get(c.source.sourceAnchor);
    if (admin === undefined || c.holder !== fixedHolderKey(admin.cloud.objectId)) continue;
    const list = bySource.get(c.source.sourceAnchor) ?? [];
    list.push(c);
    bySource.set(c.source.sourceAnchor, list);
  }
  for (const [anchor, list] of bySource) {
    const matched = refusedNow.get(anchor)?.attribute;
    const pick =
      list.find((c) => c.attribute === 'UserPrincipalName') ?? list.find((c) => c.attribute === matched);
    if (pick !== undefined) chosen.add(pick);
  }
  return conflicts.map((c) => (chosen.has(c) ? { ...c, errorType: 'ExistingAdminRoleConflict' } : c));
}

/** A plan's writes when it writes nothing (new arrays each time: a plan's lists are its own). */
export function noWrites(): Omit<ReconcilePlan, 'counts'> {
  return {
    cloudCreates: [],
    cloudUpdates: [],
    cloudPurges: [],
    sourceUpdates: [],
    sourceRemovals: [],
    errorsToWrite: [],
    errorsResolved: [],
  };
}

/** The plan of a cycle whose deletes exceed the threshold: nothing written, errors left as they are. */
function stoppedExport(input: ReconcileInput, deletions: DeletionPlan): ReconcilePlan {
  return {
    ...noWrites(),
    counts: {
      ...ZERO_COUNTS,
      objectsRead: input.sourceObjects.length + input.cloudObjects.length,
      deletionThresholdExceeded: true,
      deletionsHeldBack: deletions.heldBack,
    },
  };
}

/** Errors describe both objects as they are after the cycle: soft-deletes and provisioning included. */
function snapshotSource(
  sources: readonly SourceObject[],
  fixedHolders: readonly CloudObject[],
  deletions: DeletionPlan,
  cloudState: CloudStatePlan,
): ErrorSnapshotSource {
  const fixedAfter = new Map(fixedHolders.map((cloud) => [fixedHolderKey(cloud.objectId), cloud]));
  for (const deleted of deletions.softDeletes) fixedAfter.set(fixedHolderKey(deleted.objectId), deleted);
  const sourceByAnchor = new Map(sources.map((source) => [source.sourceAnchor, source]));
  // A join Entra refused names its cloud object by id, and another source may have joined that very
  // object in the same cycle (a group soft-matched the group a user found by SMTP): the error then
  // shows the object as that join left it.
  const joinedById = new Map(
    [...cloudState.links.values()].map((cloud) => [fixedHolderKey(cloud.objectId), cloud]),
  );
  return {
    cloudOfHolder: (holder) =>
      cloudState.afterByHolder.get(holder) ?? fixedAfter.get(holder) ?? joinedById.get(holder),
    linkedCloudOf: (anchor) => cloudState.links.get(anchor),
    sourceOf: (anchor) => sourceByAnchor.get(anchor),
  };
}

/** Provisioning continues the import/provisioning order, purged objects included, so it never reuses a number. */
function nextCloudSequence(cloudObjects: readonly CloudObject[]): number {
  return cloudObjects.reduce((max, cloud) => Math.max(max, cloud.sequence), 0) + 1;
}
