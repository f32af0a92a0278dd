import type { CloudObject, DirectoryAttributes, ObjectType, SourceObject } from '../directory/model';
import { normalizeUserPrincipalName } from '../directory/normalize';
import { isPlaceholderFor } from '../directory/upnQuarantine';
import type { Target } from './reconcileJoin';
import { uniqueValuesOf, type UniqueValue } from './uniqueness';

/**
 * What the allocation (reconcileAllocation) needs to know of each target, worked out once per cycle:
 * the allocation walks every target several times, and recomputing these on each walk (normalizing
 * every value again, building throw-away arrays and key strings) was most of a large tenant's cycle.
 */

/** Holder key of a cloud object the cycle does not manage. */
export function fixedHolderKey(objectId: string): string {
  return `cloud:${objectId}`;
}

/** Holder key of a source object's target: keyed by anchor because a new one has no objectId yet. */
export function targetHolderKey(sourceAnchor: string): string {
  return `source:${sourceAnchor}`;
}

/** A cloud object the cycle does not manage: it keeps every value it has. */
export interface FixedHolder {
  holder: string;
  objectType: ObjectType;
  values: readonly UniqueValue[];
}

export interface Claimant {
  target: Target;
  /**
   * Built once per cycle: every claim compares holder keys, and the same string object compares by
   * reference where two equal strings built apart compare character by character.
   */
  holder: string;
  /** Every unique value the source asks for (uniqueValuesOf). */
  asked: readonly UniqueValue[];
  /** The UPN among them, if any. */
  upn: UniqueValue | null;
  /** Every unique value its cloud object holds at the start of the cycle; none for a new object. */
  held: readonly UniqueValue[];
  /** The part of `held` the source still asks for, which it keeps (decision 11). */
  stillAsked: readonly UniqueValue[];
  /** Whether `stillAsked` is every value it asks for: it asks for nothing it does not hold already. */
  stillAsksAllHeld: boolean;
  /** The placeholder UPN it already has (decision 13), or null. */
  placeholder: UniqueValue | null;
}

export function fixedHolderOf(cloud: CloudObject): FixedHolder {
  return {
    holder: fixedHolderKey(cloud.objectId),
    objectType: cloud.objectType,
    values: uniqueValuesOf(cloud),
  };
}

export function claimantOf(target: Target, initialDomain: string): Claimant {
  const { source, cloud } = target;
  const asked = uniqueValuesOf(source);
  // A soft-deleted object a hard match restores holds nothing: it claims its values again as the
  // incoming object (SPEC uniqueness table). An object in sync (nearly all of them, every cycle after
  // the first) holds exactly what it asks for.
  const restored = cloud !== null && cloud.deletedDateTime !== null;
  const held =
    cloud === null || restored ? [] : sameUniqueAttributes(source, cloud) ? asked : uniqueValuesOf(cloud);
  const stillAsked = stillAskedOf(held, asked);
  return {
    target,
    holder: targetHolderKey(source.sourceAnchor),
    asked,
    upn: asked.find((v) => v.attribute === 'UserPrincipalName') ?? null,
    held,
    stillAsked,
    stillAsksAllHeld: stillAsked === asked || sameValues(stillAsked, asked),
    placeholder: cloud === null || restored ? null : heldPlaceholder(source, cloud, initialDomain),
  };
}

/** Same raw attributes, hence the same unique values: the cloud's need not be normalized again. */
function sameUniqueAttributes(a: DirectoryAttributes, b: DirectoryAttributes): boolean {
  return (
    a.objectType === b.objectType &&
    a.userPrincipalName === b.userPrincipalName &&
    a.sipProxyAddress === b.sipProxyAddress &&
    a.onPremisesSecurityIdentifier === b.onPremisesSecurityIdentifier &&
    a.proxyAddresses.length === b.proxyAddresses.length &&
    a.proxyAddresses.every((address, i) => address === b.proxyAddresses[i])
  );
}

/** `held` in its own order; the set is built only when the two lists differ at all. */
function stillAskedOf(held: readonly UniqueValue[], asked: readonly UniqueValue[]): readonly UniqueValue[] {
  if (held.length === 0 || held === asked || sameValues(held, asked)) return held;
  const askedKeys = new Set(asked.map(valueKey));
  return held.filter((v) => askedKeys.has(valueKey(v)));
}

function sameValues(a: readonly UniqueValue[], b: readonly UniqueValue[]): boolean {
  return (
    a.length === b.length &&
    a.every((v, i) => v.attribute === b[i]?.attribute && v.normalized === b[i]?.normalized)
  );
}

function valueKey(value: UniqueValue): string {
  return `${value.attribute}\n${value.normalized}`;
}

/** The placeholder a quarantined user already has, which it keeps while its UPN stays quarantined. */
function heldPlaceholder(
  source: SourceObject,
  cloud: CloudObject,
  initialDomain: string,
): UniqueValue | null {
  const held = cloud.userPrincipalName;
  const asked = source.userPrincipalName;
  if (cloud.objectType !== 'User' || source.objectType !== 'User' || held === null || asked === null) {
    return null;
  }
  const normalized = normalizeUserPrincipalName(held);
  // Cheap test first: an object that already has its own UPN (nearly all of them) holds no placeholder.
  if (normalized === normalizeUserPrincipalName(asked)) return null;
  if (!isPlaceholderFor(held, asked, initialDomain)) return null;
  return { attribute: 'UserPrincipalName', value: held, normalized, rule: 'quarantine' };
}
