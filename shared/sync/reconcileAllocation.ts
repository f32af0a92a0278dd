import type { CloudObject, SourceObject } from '../directory/model';
import { normalizeProxyAddress, normalizeUserPrincipalName } from '../directory/normalize';
import { placeholderUpn } from '../directory/upnQuarantine';
import { claimantOf, fixedHolderOf, type Claimant, type FixedHolder } from './reconcileClaimants';
import type { Target } from './reconcileJoin';
import { ClaimIndex, failsExport, type UniqueValue } from './uniqueness';

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

export function allocate(input: AllocationInput): Allocation {
  const fixed = input.fixedHolders.map(fixedHolderOf);
  const claimants = input.targets.map((target) => claimantOf(target, input.initialDomain));
  return new AllocationRound(input, fixed, claimants, failingExports(fixed, claimants)).run();
}

/**
 * An object whose export fails keeps its whole cloud state (decision 16), so the values it stopped
 * asking for stay its own, and someone served earlier may have been given one of them. Which objects
 * fail is only known after serving everyone, hence: serve, freeze the objects that failed (they then
 * hold everything they held), and serve again until no new object fails. The set only grows, so this
 * ends.
 *
 * Only SIP and SID decide a failure, and each attribute is a namespace of its own, so these passes
 * look at those two attributes alone; the full allocation then runs once, knowing who fails. And a
 * frozen object serves differently only by holding the SIP or SID values it stopped asking for: when
 * no newly failed object has such a value, serving again would fail the very same objects, so the
 * first pass nearly always settles it.
 */
function failingExports(fixed: readonly FixedHolder[], claimants: readonly Claimant[]): ReadonlySet<string> {
  let frozen: ReadonlySet<string> = new Set<string>();
  for (;;) {
    const { failed, newlyFailed } = exportFailuresGiven(fixed, claimants, frozen);
    if (!newlyFailed.some(keepsDroppedExportCritical)) return failed;
    frozen = failed;
  }
}

interface ExportFailures {
  /** `frozen` and the objects that failed on top of them. */
  failed: Set<string>;
  newlyFailed: Claimant[];
}

/** One pass over SIP and SID values, served as in `AllocationRound` with `frozen` failing already. */
function exportFailuresGiven(
  fixed: readonly FixedHolder[],
  claimants: readonly Claimant[],
  frozen: ReadonlySet<string>,
): ExportFailures {
  const index = new ClaimIndex();
  for (const { holder, values } of fixed) reserveExportCritical(index, values, holder);
  for (const { target, holder, held, stillAsked } of claimants) {
    reserveExportCritical(index, frozen.has(target.source.sourceAnchor) ? held : stillAsked, holder);
  }
  const failures: ExportFailures = { failed: new Set(frozen), newlyFailed: [] };
  for (const claimant of claimants) {
    const anchor = claimant.target.source.sourceAnchor;
    if (frozen.has(anchor)) continue;
    if (isBlocked(index, claimant.asked, claimant.holder)) {
      failures.failed.add(anchor);
      failures.newlyFailed.push(claimant);
    } else {
      reserveExportCritical(index, claimant.asked, claimant.holder);
    }
  }
  return failures;
}

/** `stillAsked` is `held` filtered, so a shorter list of SIP/SID values means one was dropped. */
function keepsDroppedExportCritical({ held, stillAsked }: Claimant): boolean {
  return countExportCritical(held) !== countExportCritical(stillAsked);
}

function countExportCritical(values: readonly UniqueValue[]): number {
  return values.filter((v) => failsExport(v.attribute)).length;
}

function reserveExportCritical(index: ClaimIndex, values: readonly UniqueValue[], holder: string): void {
  for (const v of values) {
    if (failsExport(v.attribute)) index.claim(v.attribute, v.normalized, holder);
  }
}

/** Another object holds one of its SIP or SID values: its export fails. */
function isBlocked(index: ClaimIndex, asked: readonly UniqueValue[], holder: string): boolean {
  return asked.some(
    (v) => failsExport(v.attribute) && index.isHeldByOther(v.attribute, v.normalized, holder),
  );
}

/** The allocation itself, once the objects whose export fails are known. */
class AllocationRound {
  private readonly index = new ClaimIndex();
  private readonly granted = new Map<string, GrantedValues>();
  private readonly conflicts: Conflict[] = [];

  constructor(
    private readonly input: AllocationInput,
    private readonly fixed: readonly FixedHolder[],
    private readonly claimants: readonly Claimant[],
    private readonly failing: ReadonlySet<string>,
  ) {}

  run(): Allocation {
    for (const { holder, values } of this.fixed) this.reserve(values, holder);
    for (const claimant of this.claimants) this.reserveHeld(claimant);
    for (const claimant of this.claimants) this.claimFor(claimant);
    return { failed: this.failing, granted: this.granted, conflicts: this.conflicts };
  }

  private reserve(values: readonly UniqueValue[], holder: string): void {
    for (const v of values) this.index.claim(v.attribute, v.normalized, holder);
  }

  private reserveHeld({ target, holder, held, stillAsked, placeholder }: Claimant): void {
    if (target.cloud === null) return;
    if (this.failing.has(target.source.sourceAnchor)) {
      this.reserve(held, holder);
      return;
    }
    this.reserve(stillAsked, holder);
    if (placeholder !== null) this.index.claim('UserPrincipalName', placeholder.normalized, holder);
  }

  private claimFor(claimant: Claimant): void {
    const { target, holder, asked } = claimant;
    const { source } = target;
    if (this.failing.has(source.sourceAnchor)) {
      // The export fails, but the admin still sees every conflict it has, UPN and proxy included.
      for (const v of asked) this.recordIfHeldByOther(source, v, holder);
      return;
    }
    reserveExportCritical(this.index, asked, holder);
    this.granted.set(source.sourceAnchor, {
      userPrincipalName: this.claimUpn(claimant),
      proxyAddresses: this.claimProxyAddresses(source, holder),
    });
  }

  /** The source's UPN, or a placeholder while another object holds it: the one it has, else a new one. */
  private claimUpn({ target, holder, placeholder }: Claimant): string | null {
    const { source } = target;
    const upn = source.userPrincipalName;
    if (source.objectType !== 'User' || upn === null) return upn;
    const normalized = normalizeUserPrincipalName(upn);
    if (normalized === '' || this.index.claim('UserPrincipalName', normalized, holder)) {
      // Quarantine is over: the placeholder goes back to the pool.
      if (placeholder !== null) this.index.release('UserPrincipalName', placeholder.normalized, holder);
      return upn;
    }
    this.record(source, { attribute: 'UserPrincipalName', value: upn, normalized }, holder);
    if (placeholder !== null && this.index.claim('UserPrincipalName', placeholder.normalized, holder)) {
      return placeholder.value;
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
