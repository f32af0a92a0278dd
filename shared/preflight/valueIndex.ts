import type { CloudObject, SourceObject } from '../directory/model';
import {
  normalizeProxyAddress,
  normalizeSecurityIdentifier,
  normalizeSipProxyAddress,
  normalizeUserPrincipalName,
} from '../directory/normalize';

/**
 * Who holds which value, compared as the sync engine compares them (shared/directory/normalize.ts: lower
 * case, `smtp:`/`sip:` prefixes dropped), so that "taken" here means what it means to the next cycle.
 * mailNickname is not unique in Entra, but IdFix holds it to no duplicates, case-insensitively
 * (NoDuplicatesRule.cs, DuplicateStore.cs).
 */

export type Namespace = 'upn' | 'proxy' | 'mailNickname' | 'sip' | 'sid';

export function normalizeIn(namespace: Namespace, value: string): string {
  switch (namespace) {
    case 'upn':
      return normalizeUserPrincipalName(value);
    case 'proxy':
      return normalizeProxyAddress(value);
    case 'mailNickname':
      return value.toLowerCase();
    case 'sip':
      return normalizeSipProxyAddress(value);
    case 'sid':
      return normalizeSecurityIdentifier(value);
  }
}

/**
 * An object (source, and the cloud object that carries its anchor) or a cloud object of its own; `ref`
 * tells one value of a multi-valued attribute from another, `MIRROR` marks a cloud copy of a source's
 * own values (never a conflict with that source).
 */
export interface Holding {
  owner: string;
  ref: string;
}

export const MIRROR = 'cloud';

export const sourceOwner = (sourceAnchor: string): string => `s:${sourceAnchor}`;
const cloudOwner = (cloud: CloudObject): string =>
  cloud.sourceAnchor === null ? `c:${cloud.objectId}` : sourceOwner(cloud.sourceAnchor);

export class ValueIndex {
  private readonly values = new Map<Namespace, Map<string, Holding[]>>();

  add(namespace: Namespace, value: string | null, holding: Holding): void {
    if (value === null) return;
    const normalized = normalizeIn(namespace, value);
    if (normalized === '') return;
    let byValue = this.values.get(namespace);
    if (!byValue) this.values.set(namespace, (byValue = new Map<string, Holding[]>()));
    const holdings = byValue.get(normalized);
    if (holdings) holdings.push(holding);
    else byValue.set(normalized, [holding]);
  }

  holdings(namespace: Namespace, normalized: string): readonly Holding[] {
    return this.values.get(namespace)?.get(normalized) ?? [];
  }

  /**
   * Whether anyone but `self` holds the normalized value. `self.ref` null: the whole object is self (a
   * single-valued attribute, or a look across attributes); else only that one value is.
   */
  heldByOther(
    namespace: Namespace,
    normalized: string,
    self: { owner: string; ref: string | null },
  ): boolean {
    return this.holdings(namespace, normalized).some(
      (h) => h.owner !== self.owner || (h.ref !== MIRROR && self.ref !== null && h.ref !== self.ref),
    );
  }
}

/** Every value of one object, into the index. */
export function addObject(
  index: ValueIndex,
  object: SourceObject | CloudObject,
  owner: string,
  mirror: boolean,
): void {
  const ref = (name: string) => (mirror ? MIRROR : name);
  if (object.objectType === 'User') index.add('upn', object.userPrincipalName, { owner, ref: ref('upn') });
  object.proxyAddresses.forEach((address, i) =>
    index.add('proxy', address, { owner, ref: ref(`proxy:${i}`) }),
  );
  index.add('mailNickname', object.mailNickname, { owner, ref: ref('mailNickname') });
  index.add('sip', object.sipProxyAddress, { owner, ref: ref('sip') });
  index.add('sid', object.onPremisesSecurityIdentifier, { owner, ref: ref('sid') });
}

/**
 * What suggestions must avoid: every value of every source object not deleted (in scope or not: AD
 * still holds it) and of every cloud object, soft-deleted ones included (a restore brings them back).
 */
export function indexTenant(sources: readonly SourceObject[], clouds: readonly CloudObject[]): ValueIndex {
  const index = new ValueIndex();
  for (const source of sources) {
    if (source.deletedAt === null) addObject(index, source, sourceOwner(source.sourceAnchor), false);
  }
  for (const cloud of clouds) addObject(index, cloud, cloudOwner(cloud), cloud.sourceAnchor !== null);
  return index;
}

/**
 * What holds a value now, for the warnings about values held elsewhere: in-scope source objects not
 * deleted, and cloud objects not soft-deleted (SPEC decision 14: a soft-deleted object holds none).
 */
export function indexLiveValues(
  sources: readonly SourceObject[],
  clouds: readonly CloudObject[],
): ValueIndex {
  const index = new ValueIndex();
  for (const source of sources) {
    if (source.deletedAt === null && source.inScope)
      addObject(index, source, sourceOwner(source.sourceAnchor), false);
  }
  for (const cloud of clouds) {
    if (cloud.deletedDateTime === null)
      addObject(index, cloud, cloudOwner(cloud), cloud.sourceAnchor !== null);
  }
  return index;
}
