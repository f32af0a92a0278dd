import type { CloudObject, SourceObject, TenantSettings } from '../directory/model';
import {
  compareOrdinal,
  isPrimarySmtpAddress,
  normalizeProxyAddress,
  normalizeUserPrincipalName,
  primarySmtpAddress,
} from '../directory/normalize';

/**
 * Step 1 of the cycle: which cloud object each in-scope source object becomes (SPEC "The sync cycle").
 * The join is recomputed from anchors every cycle; a source object's stored objectId is output only,
 * so a stale link can never survive an anchor move (apply-fix) or a purge.
 */

export type JoinKind = 'hard' | 'soft' | 'provision';

export interface Target {
  source: SourceObject;
  /** The joined cloud object as read, or null when a new one is to be provisioned. */
  cloud: CloudObject | null;
  join: JoinKind;
}

/**
 * A soft match that found a cloud-only object of another class (SPEC "Error categories":
 * ObjectTypeMismatch): the source object is not provisioned, and the error is reported every cycle.
 */
export interface Mismatch {
  source: SourceObject;
  candidate: CloudObject;
  attribute: 'ProxyAddresses' | 'UserPrincipalName';
  /** The matching value as the source holds it. */
  value: string;
  normalized: string;
}

/**
 * A join Entra refuses, with the cloud object it would have taken:
 * - InvalidHardMatch: `blockCloudObjectTakeoverThroughHardMatchEnabled` is on and the anchor's cloud
 *   object is not managed by sync (`dirSyncEnabled` false); the source waits, the object is untouched;
 * - ExistingAdminRoleConflict: a soft match found a cloud user holding a directory role; no match,
 *   the source is provisioned and its UPN quarantined, and this error takes the UPN conflict's place.
 */
export interface RefusedJoin {
  source: SourceObject;
  cloud: CloudObject;
  errorType: 'InvalidHardMatch' | 'ExistingAdminRoleConflict';
  /** The value that matched: the anchor (hard match), the primary SMTP address or the UPN (soft). */
  attribute: 'SourceAnchor' | 'ProxyAddresses' | 'UserPrincipalName';
  value: string;
  normalized: string;
}

export interface Join {
  targets: Target[];
  mismatches: Mismatch[];
  refused: RefusedJoin[];
}

/** The stable processing order (SPEC decision 12): first receipt, then anchor by ordinal. */
export function bySourceOrder(a: SourceObject, b: SourceObject): number {
  return a.sequence - b.sequence || compareOrdinal(a.sourceAnchor, b.sourceAnchor);
}

/** Import or provisioning order: soft-match ties and first-holder ties go to the older object. */
export function byCloudOrder(a: CloudObject, b: CloudObject): number {
  return a.sequence - b.sequence || compareOrdinal(a.objectId, b.objectId);
}

export function isActiveSource(source: SourceObject): boolean {
  return source.deletedAt === null && source.inScope;
}

export function isSoftDeleted(cloud: CloudObject): boolean {
  return cloud.deletedDateTime !== null;
}

/**
 * Anchor → the cloud object a hard match finds, soft-deleted ones included (they are restored).
 * Imports refuse a second holder of an anchor; should two exist anyway, the active one, then the
 * oldest, is the match, and the other is left alone like any object the cycle does not manage.
 */
export function indexByAnchor(cloudObjects: readonly CloudObject[]): Map<string, CloudObject> {
  const byAnchor = new Map<string, CloudObject>();
  for (const cloud of cloudObjects) {
    if (cloud.sourceAnchor === null) continue;
    const current = byAnchor.get(cloud.sourceAnchor);
    if (current === undefined || preferForHardMatch(cloud, current)) byAnchor.set(cloud.sourceAnchor, cloud);
  }
  return byAnchor;
}

function preferForHardMatch(candidate: CloudObject, current: CloudObject): boolean {
  if (isSoftDeleted(candidate) !== isSoftDeleted(current)) return !isSoftDeleted(candidate);
  return byCloudOrder(candidate, current) < 0;
}

type SoftMatch = { cloud: CloudObject } | { mismatch: Mismatch } | { admin: RefusedJoin } | null;

/** Active cloud-only objects by matching value, each list oldest first. */
class SoftMatchCandidates {
  private readonly byUpn = new Map<string, CloudObject[]>();
  private readonly bySmtp = new Map<string, CloudObject[]>();
  private readonly taken = new Set<string>();

  constructor(
    cloudObjects: readonly CloudObject[],
    /** softMatchOnUpnEnabled: the UPN is tried at all (only when SMTP found nothing). */
    private readonly upnEnabled: boolean,
  ) {
    const candidates = cloudObjects.filter((c) => c.sourceAnchor === null && !isSoftDeleted(c));
    for (const cloud of [...candidates].sort(byCloudOrder)) {
      if (cloud.userPrincipalName !== null) {
        push(this.byUpn, normalizeUserPrincipalName(cloud.userPrincipalName), cloud);
      }
      const smtp = primarySmtpAddress(cloud.proxyAddresses);
      if (smtp !== null) push(this.bySmtp, smtp, cloud);
    }
  }

  /**
   * The primary SMTP address first; the UPN only for users, and only when no SMTP match was found
   * (SPEC step 1 and decision 15; Microsoft Learn, "How to use UPN soft matching": "UPN matching can
   * be run only when SMTP matching fails"). Each candidate is taken once per cycle.
   */
  take(source: SourceObject): SoftMatch {
    // No cloud-only object to match (soft match off, or a tenant synced already): nothing to look up.
    if (this.byUpn.size === 0 && this.bySmtp.size === 0) return null;
    const smtpAddress = source.proxyAddresses.find(isPrimarySmtpAddress);
    if (smtpAddress !== undefined) {
      const found = this.lookUp(
        this.bySmtp,
        source,
        'ProxyAddresses',
        smtpAddress,
        normalizeProxyAddress(smtpAddress),
      );
      if (found !== null) return found;
    }
    const upn = source.objectType === 'User' && this.upnEnabled ? source.userPrincipalName : null;
    if (upn === null) return null;
    return this.lookUp(this.byUpn, source, 'UserPrincipalName', upn, normalizeUserPrincipalName(upn));
  }

  /**
   * The oldest free candidate of the source's class; failing that, a candidate of another class is
   * a mismatch (Entra never joins objects of different classes).
   */
  private lookUp(
    lists: Map<string, CloudObject[]>,
    source: SourceObject,
    attribute: Mismatch['attribute'],
    value: string,
    normalized: string,
  ): SoftMatch {
    const free = lists.get(normalized)?.filter((cloud) => !this.taken.has(cloud.objectId)) ?? [];
    const same = free.find((cloud) => cloud.objectType === source.objectType);
    if (same !== undefined) {
      // Entra never soft-matches onto an admin (Microsoft Learn, "Troubleshooting errors during
      // synchronization", ExistingAdminRoleConflict): every directory role is an admin role.
      if (same.directoryRoleTemplateIds.length > 0) {
        const admin: RefusedJoin = {
          source,
          cloud: same,
          errorType: 'ExistingAdminRoleConflict',
          attribute,
          value,
          normalized,
        };
        return { admin };
      }
      this.taken.add(same.objectId);
      return { cloud: same };
    }
    const other = free[0];
    return other === undefined
      ? null
      : { mismatch: { source, candidate: other, attribute, value, normalized } };
  }
}

function push(lists: Map<string, CloudObject[]>, key: string, cloud: CloudObject): void {
  const list = lists.get(key);
  if (list === undefined) lists.set(key, [cloud]);
  else list.push(cloud);
}

/**
 * Joins the in-scope source objects, given in processing order: hard match by anchor, else soft match
 * (when enabled), else provision. Soft matches run in processing order, so the first source object
 * wins a candidate two of them could take.
 */
export function joinTargets(
  activeSources: readonly SourceObject[],
  cloudObjects: readonly CloudObject[],
  byAnchor: ReadonlyMap<string, CloudObject>,
  settings: Pick<
    TenantSettings,
    'blockSoftMatchEnabled' | 'softMatchOnUpnEnabled' | 'blockCloudObjectTakeoverThroughHardMatchEnabled'
  >,
): Join {
  const candidates = new SoftMatchCandidates(
    settings.blockSoftMatchEnabled ? [] : cloudObjects,
    settings.softMatchOnUpnEnabled,
  );
  const join: Join = { targets: [], mismatches: [], refused: [] };
  for (const source of activeSources) {
    const hard = byAnchor.get(source.sourceAnchor);
    if (hard !== undefined) {
      if (settings.blockCloudObjectTakeoverThroughHardMatchEnabled && !hard.dirSyncEnabled) {
        const anchor = source.sourceAnchor;
        join.refused.push({
          source,
          cloud: hard,
          errorType: 'InvalidHardMatch',
          attribute: 'SourceAnchor',
          value: anchor,
          normalized: anchor,
        });
      } else {
        join.targets.push({ source, cloud: hard, join: 'hard' });
      }
      continue;
    }
    const soft = candidates.take(source);
    if (soft === null) join.targets.push({ source, cloud: null, join: 'provision' });
    else if ('cloud' in soft) join.targets.push({ source, cloud: soft.cloud, join: 'soft' });
    else if ('mismatch' in soft) join.mismatches.push(soft.mismatch);
    else {
      join.refused.push(soft.admin);
      join.targets.push({ source, cloud: null, join: 'provision' });
    }
  }
  return join;
}
