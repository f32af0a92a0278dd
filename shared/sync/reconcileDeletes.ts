import { SOFT_DELETE_RETENTION_DAYS, type CloudObject, type SourceObject } from '../directory/model';
import { byCloudOrder, isSoftDeleted } from './reconcileJoin';

/**
 * Step 3 of the cycle: soft-deletes for source objects deleted on-premises or taken out of scope, the
 * deletion threshold, and the purge of objects past their 30 days in deleted items.
 */

const RETENTION_MS = SOFT_DELETE_RETENTION_DAYS * 24 * 60 * 60 * 1000;

export interface PurgeSplit {
  /** Soft-deleted more than 30 days ago, oldest object first. */
  purged: CloudObject[];
  /** Everything else: the cloud objects this cycle works with. */
  kept: CloudObject[];
}

/**
 * Purges come first in a cycle: a purged object neither joins (its source, if back in scope, gets a
 * new object) nor holds any value, so what it held is free in the very cycle that purges it. Exactly
 * 30 days is not yet "older than 30 days".
 */
export function splitPurges(cloudObjects: readonly CloudObject[], now: Date): PurgeSplit {
  const purged: CloudObject[] = [];
  const kept: CloudObject[] = [];
  for (const cloud of cloudObjects) {
    (isPastRetention(cloud, now) ? purged : kept).push(cloud);
  }
  return { purged: purged.sort(byCloudOrder), kept };
}

function isPastRetention(cloud: CloudObject, now: Date): boolean {
  if (cloud.deletedDateTime === null) return false;
  return now.getTime() - Date.parse(cloud.deletedDateTime) > RETENTION_MS;
}

export interface DeletionPlan {
  /** Full new state (deletedDateTime = now) of each user soft-deleted, in processing order. */
  softDeletes: CloudObject[];
  /** objectIds of groups and contacts removed for good: only users have a recycle bin. */
  hardDeletes: string[];
  thresholdExceeded: boolean;
  /** The deletes the cycle wanted and did not do (0 unless the threshold tripped). */
  heldBack: number;
  /** Anchors of the removed or out-of-scope source objects whose deletion did not wait on the threshold. */
  settled: Set<string>;
}

/**
 * `removedSources` (deleted or out of scope, in processing order) whose active cloud object exists are
 * the deletes this cycle wants; all of them are done, or none when there are more than the threshold
 * (SPEC decision 17). A cloud object whose anchor has no source object is never among them, so orphans
 * stay until an admin acts. Users are soft-deleted; groups and contacts are removed permanently, as
 * Entra does (SPEC step 3; Microsoft Learn, "Restore a deleted Microsoft 365 group" / "deleted users":
 * only users, and Microsoft 365 groups, which sync does not create, have a recycle bin).
 */
export function planDeletions(
  removedSources: readonly SourceObject[],
  byAnchor: ReadonlyMap<string, CloudObject>,
  deletionThreshold: number | null,
  now: string,
): DeletionPlan {
  const wanted = removedSources.flatMap((source) => {
    const cloud = byAnchor.get(source.sourceAnchor);
    return cloud === undefined || isSoftDeleted(cloud) ? [] : [{ source, cloud }];
  });
  const thresholdExceeded = deletionThreshold !== null && wanted.length > deletionThreshold;
  const waiting = new Set(thresholdExceeded ? wanted.map((w) => w.source.sourceAnchor) : []);
  const done = thresholdExceeded ? [] : wanted;
  return {
    softDeletes: done
      .filter((w) => w.cloud.objectType === 'User')
      .map((w) => ({ ...w.cloud, deletedDateTime: now, dirSyncEnabled: false })),
    hardDeletes: done.filter((w) => w.cloud.objectType !== 'User').map((w) => w.cloud.objectId),
    thresholdExceeded,
    heldBack: thresholdExceeded ? wanted.length : 0,
    settled: new Set(removedSources.map((s) => s.sourceAnchor).filter((anchor) => !waiting.has(anchor))),
  };
}
