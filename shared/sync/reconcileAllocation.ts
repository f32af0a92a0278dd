import type { CloudObject, SourceObject } from '../directory/model';
import { normalizeProxyAddress, normalizeUserPrincipalName } from '../directory/normalize';
import { isPlaceholderFor, placeholderUpn } from '../directory/upnQuarantine';
import type { SyncAttribute } from './model';
import type { Target } from './reconcileJoin';
import { ClaimIndex, failsExport, uniqueValuesOf, type UniqueValue } from './uniqueness';

/**
 * Step 2 of the cycle: who gets which unique value (SPEC uniqueness table, decisions 11, 13 and 16).
 *
 * Holders, in the order they are served:
 * 1. cloud objects the cycle does not manage (cloud-only, orphans, soft-deleted or held-back objects of
 *    removed sources): fixed claims, they keep everything;
 * 2. managed objects keep what they held at the start of the cycle if their source still asks for it
 *    (decision 11), plus the placeholder UPN they already have (decision 13); a value they no longer
 *    ask for is free for others in this very cycle, so a hand-over converges in one cycle;
 * 3. values newly asked for go to claimants in processing order; a later claimant conflicts.
 */

/** Holder key of a cloud object the cycle does not manage. */
export function fixedHolderKey(objectId: string): string {
  return `cloud:${objectId}`;
}

/** Holder key of a source object's target: keyed by anchor because a new one has no objectId yet. */
export function targetHolderKey(sourceAnchor: string): string {
  return `source:${sourceAnchor}`;
}

export interface Conflict extends UniqueValue {
  /** The incoming (conflicting) source object. */
  source: SourceObject;
  /** Holder key of the object that keeps the value. */
  holder: string;
}

export interface GrantedValues {
  userPrincipalName: string | null;
  proxyAddresses: string[];
}

export interface Allocation {
  /** Anchors of the source objects whose export fails (SIP/SID conflict): their cloud state stays as read. */
  failed: ReadonlySet<string>;
  /** What each exported source object gets, by anchor (SIP and SID are granted whole or the export fails). */
  granted: ReadonlyMap<string, GrantedValues>;
  /** In processing order; one entry per value asked for and held by another object. */
  conflicts: readonly Conflict[];
}

export interface AllocationInput {
  tenantId: string;
  initialDomain: string;
  /** In processing order. */
  targets: readonly Target[];
  /** Cloud objects the cycle does not manage, oldest first (the first of two holders of a value keeps it). */
  fixedHolders: readonly CloudObject[];
}

/**
 * An object whose export fails keeps its whole cloud state (decision 16), so the values it stopped
 * asking for stay its own, and someone served earlier in the round may have been given one of them.
 * Which objects fail is only known after a round, hence: allocate, freeze the objects that failed (they
 * then hold everything they held), and allocate again until no new object fails. The set only grows,
 * so this ends; in practice the second round changes nothing.
 */
export function allocate(input: AllocationInput): Allocation {
  let frozen: ReadonlySet<string> = new Set<string>();
  for (;;) {
    const round = new AllocationRound(input, frozen).run();
    if (round.failed.size === frozen.size) return round;
    frozen = round.failed;
  }
}

class AllocationRound {
  private readonly index = new ClaimIndex();
  private readonly failed: Set<string>;
  private readonly granted = new Map<string, GrantedValues>();
  private readonly conflicts: Conflict[] = [];

  constructor(
    private readonly input: AllocationInput,
    private readonly frozen: ReadonlySet<string>,
  ) {
    this.failed = new Set(frozen);
  }

  run(): Allocation {
    for (const cloud of this.input.fixedHolders) {
      this.reserve(uniqueValuesOf(cloud), fixedHolderKey(cloud.objectId));
    }
    for (const target of this.input.targets) this.reserveHeld(target);
    for (const target of this.input.targets) this.claimFor(target);
    return { failed: this.failed, granted: this.granted, conflicts: this.conflicts };
  }

  private reserve(values: readonly UniqueValue[], holder: string): void {
    for (const v of values) this.index.claim(v.attribute, v.normalized, holder);
  }

  private reserveHeld({ source, cloud }: Target): void {
    if (cloud === null) return;
    const holder = targetHolderKey(source.sourceAnchor);
    const held = uniqueValuesOf(cloud);
    if (this.frozen.has(source.sourceAnchor)) {
      this.reserve(held, holder);
      return;
    }
    const asked = new Set(uniqueValuesOf(source).map(valueKey));
    const stillAsked = held.filter((v) => asked.has(valueKey(v)));
    this.reserve(stillAsked, holder);
    const placeholder = heldPlaceholder(source, cloud, this.input.initialDomain);
    if (placeholder !== null) {
      this.index.claim('UserPrincipalName', normalizeUserPrincipalName(placeholder), holder);
    }
  }

  private claimFor(target: Target): void {
    const { source } = target;
    const holder = targetHolderKey(source.sourceAnchor);
    const asked = uniqueValuesOf(source);
    const blocked = asked.some(
      (v) => failsExport(v.attribute) && this.index.isHeldByOther(v.attribute, v.normalized, holder),
    );
    if (blocked || this.frozen.has(source.sourceAnchor)) {
      // The export fails, but the admin still sees every conflict it has, UPN and proxy included.
      this.failed.add(source.sourceAnchor);
      for (const v of asked) this.recordIfHeldByOther(source, v, holder);
      return;
    }
    const sipAndSid = asked.filter((v) => failsExport(v.attribute));
    this.reserve(sipAndSid, holder);
    this.granted.set(source.sourceAnchor, {
      userPrincipalName: this.claimUpn(target, holder),
      proxyAddresses: this.claimProxyAddresses(source, holder),
    });
  }

  /** The source's UPN, or a placeholder while another object holds it: the one it has, else a new one. */
  private claimUpn({ source, cloud }: Target, holder: string): string | null {
    const upn = source.userPrincipalName;
    if (source.objectType !== 'User' || upn === null) return upn;
    const normalized = normalizeUserPrincipalName(upn);
    const placeholder = cloud === null ? null : heldPlaceholder(source, cloud, this.input.initialDomain);
    if (normalized === '' || this.index.claim('UserPrincipalName', normalized, holder)) {
      // Quarantine is over: the placeholder goes back to the pool.
      if (placeholder !== null) {
        this.index.release('UserPrincipalName', normalizeUserPrincipalName(placeholder), holder);
      }
      return upn;
    }
    this.record(source, { attribute: 'UserPrincipalName', value: upn, normalized }, holder);
    if (
      placeholder !== null &&
      this.index.claim('UserPrincipalName', normalizeUserPrincipalName(placeholder), holder)
    ) {
      return placeholder;
    }
    return this.newPlaceholder(source, upn, holder);
  }

  private newPlaceholder(source: SourceObject, upn: string, holder: string): string {
    const placeholder = placeholderUpn({
      tenantId: this.input.tenantId,
      sourceAnchor: source.sourceAnchor,
      sourceUpn: upn,
      initialDomain: this.input.initialDomain,
      isTaken: (candidate) => this.index.isHeldByOther('UserPrincipalName', candidate, holder),
    });
    this.index.claim('UserPrincipalName', normalizeUserPrincipalName(placeholder), holder);
    return placeholder;
  }

  /** The conflicting values are left off (quarantined); the rest keep the source's order and spelling. */
  private claimProxyAddresses(source: SourceObject, holder: string): string[] {
    return source.proxyAddresses.filter((address) => {
      const normalized = normalizeProxyAddress(address);
      if (normalized === '' || this.index.claim('ProxyAddresses', normalized, holder)) return true;
      this.record(source, { attribute: 'ProxyAddresses', value: address, normalized }, holder);
      return false;
    });
  }

  private recordIfHeldByOther(source: SourceObject, value: UniqueValue, holder: string): void {
    if (this.index.isHeldByOther(value.attribute, value.normalized, holder)) {
      this.record(source, value, holder);
    }
  }

  private record(source: SourceObject, value: UniqueValue, claimant: string): void {
    const holder = this.index.holderOf(value.attribute, value.normalized);
    if (holder === undefined || holder === claimant) return;
    this.conflicts.push({ ...value, source, holder });
  }
}

function valueKey(value: { attribute: SyncAttribute; normalized: string }): string {
  return `${value.attribute}\n${value.normalized}`;
}

/** The placeholder a quarantined user already has, which it keeps while its UPN stays quarantined. */
function heldPlaceholder(source: SourceObject, cloud: CloudObject, initialDomain: string): string | null {
  const held = cloud.userPrincipalName;
  const asked = source.userPrincipalName;
  if (cloud.objectType !== 'User' || source.objectType !== 'User' || held === null || asked === null) {
    return null;
  }
  // Cheap test first: an object that already has its own UPN (nearly all of them) holds no placeholder.
  if (normalizeUserPrincipalName(held) === normalizeUserPrincipalName(asked)) return null;
  return isPlaceholderFor(held, asked, initialDomain) ? held : null;
}
