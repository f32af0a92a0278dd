import type { CloudObject, SourceObject } from '../directory/model';
import { compareOrdinal, normalizeUserPrincipalName, primarySmtpAddress } from '../directory/normalize';

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

/** Active cloud-only objects by type and matching value, each list oldest first. */
class SoftMatchCandidates {
  private readonly byUpn = new Map<string, CloudObject[]>();
  private readonly bySmtp = new Map<string, CloudObject[]>();
  private readonly taken = new Set<string>();

  constructor(cloudObjects: readonly CloudObject[]) {
    const candidates = cloudObjects.filter((c) => c.sourceAnchor === null && !isSoftDeleted(c));
    for (const cloud of [...candidates].sort(byCloudOrder)) {
      if (cloud.userPrincipalName !== null) {
        push(
          this.byUpn,
          `${cloud.objectType}\n${normalizeUserPrincipalName(cloud.userPrincipalName)}`,
          cloud,
        );
      }
      const smtp = primarySmtpAddress(cloud.proxyAddresses);
      if (smtp !== null) push(this.bySmtp, `${cloud.objectType}\n${smtp}`, cloud);
    }
  }

  /**
   * The primary SMTP address first; the UPN only for users, and only when no SMTP match was found
   * (SPEC step 1 and decision 15; Microsoft Learn, "How to use UPN soft matching": "UPN matching can
   * be run only when SMTP matching fails"). Each candidate is taken once per cycle.
   */
  take(source: SourceObject): CloudObject | null {
    // No cloud-only object to match (soft match off, or a tenant synced already): nothing to look up.
    if (this.byUpn.size === 0 && this.bySmtp.size === 0) return null;
    const upn = source.objectType === 'User' ? source.userPrincipalName : null;
    const smtp = primarySmtpAddress(source.proxyAddresses);
    const match =
      (smtp === null ? undefined : this.firstFree(this.bySmtp, source, smtp)) ??
      (upn === null ? undefined : this.firstFree(this.byUpn, source, normalizeUserPrincipalName(upn)));
    if (match === undefined) return null;
    this.taken.add(match.objectId);
    return match;
  }

  private firstFree(lists: Map<string, CloudObject[]>, source: SourceObject, value: string) {
    return lists.get(`${source.objectType}\n${value}`)?.find((cloud) => !this.taken.has(cloud.objectId));
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
  softMatchEnabled: boolean,
): Target[] {
  const candidates = new SoftMatchCandidates(softMatchEnabled ? cloudObjects : []);
  return activeSources.map((source): Target => {
    const hard = byAnchor.get(source.sourceAnchor);
    if (hard !== undefined) return { source, cloud: hard, join: 'hard' };
    const soft = candidates.take(source);
    return soft === null ? { source, cloud: null, join: 'provision' } : { source, cloud: soft, join: 'soft' };
  });
}
