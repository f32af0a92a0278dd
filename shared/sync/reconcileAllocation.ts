import type { CloudObject, SourceObject } from '../directory/model';
import { normalizeUserPrincipalName } from '../directory/normalize';
import { placeholderUpn } from '../directory/upnQuarantine';
import { claimantOf, fixedHolderOf, type Claimant, type FixedHolder } from './reconcileClaimants';
import type { Target } from './reconcileJoin';
import { failingExports, type ExportFailures } from './reconcileExportFailures';
import type { ErrorType } from './model';
import { validationFailuresOf } from './entraValidation';
import { ClaimIndex, failsExport, normalizeAttributeValue, type UniqueValue } from './uniqueness';

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
 *
 * SIP and SID values are settled first (reconcileExportFailures), because a conflict on one of them
 * fails the whole export of the object; the round here then hands out UPNs and proxy addresses once.
 * Each object's values are worked out once per cycle (reconcileClaimants), not once per walk.
 */

/** The holder of a conflict about one object alone (a value Entra refuses, not a duplicate). */
export const NO_HOLDER = '';

export interface Conflict extends UniqueValue {
  /** The incoming (conflicting) source object. */
  source: SourceObject;
  /** Holder key of the object that keeps the value. */
  holder: string;
  /** Quarantined (the value is left off or replaced), or the export failed. */
  errorType: ErrorType;
}

export interface GrantedValues {
  userPrincipalName: string | null;
  proxyAddresses: string[];
}

export interface Allocation {
  /** Anchors of the source objects whose export fails (SIP/SID conflict): their cloud state stays as read. */
  failed: ReadonlySet<string>;
  /**
   * What each target gets, index for index with the targets (undefined where its export fails; SIP and
   * SID are granted whole or the export fails). An array rather than a map by anchor: it is written
   * and read once per target, every cycle.
   */
  granted: readonly (GrantedValues | undefined)[];
  /** In processing order; one entry per value asked for and held by another object. */
  conflicts: readonly Conflict[];
  /** Each target's holder key, index for index with the targets. */
  holders: readonly string[];
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
  const exportFailures = failingExports(fixed, claimants, refusedByEntra(claimants));
  return new AllocationRound(input, fixed, claimants, exportFailures).run();
}

/** The claimants with a value Entra refuses, and those errors: their export fails (entraValidation). */
function refusedByEntra(claimants: readonly Claimant[]): Map<Claimant, Conflict[]> {
  const refused = new Map<Claimant, Conflict[]>();
  for (const claimant of claimants) {
    const failures = validationFailuresOf(claimant.target.source);
    if (failures.length === 0) continue;
    refused.set(
      claimant,
      failures.map((failure) => ({
        attribute: failure.attribute,
        value: failure.value,
        normalized: normalizeAttributeValue(failure.attribute, failure.value),
        rule: 'failsExport',
        source: claimant.target.source,
        holder: NO_HOLDER,
        errorType: failure.errorType,
      })),
    );
  }
  return refused;
}

/** UPNs and SMTP addresses; the values `failingExports` settled are granted whole, or the export fails. */
function isQuarantinable(value: UniqueValue): boolean {
  return !failsExport(value);
}

/** The allocation of UPNs and proxy addresses, once the objects whose export fails are known. */
class AllocationRound {
  private readonly index = new ClaimIndex();
  /** Each claimant's conflicts, index for index; `current` is the list of the one being served. */
  private readonly conflictsOf: Conflict[][] = [];
  private current: Conflict[] = [];

  constructor(
    private readonly input: AllocationInput,
    private readonly fixed: readonly FixedHolder[],
    private readonly claimants: readonly Claimant[],
    private readonly exportFailures: ExportFailures,
  ) {}

  run(): Allocation {
    for (const { holder, values } of this.fixed) this.reserve(values, holder);
    const holdsAllAsked = this.claimants.map((claimant) => this.reserveHeld(claimant));
    const granted = this.claimants.map((claimant, i) => {
      this.current = this.conflictsOf[i] = [];
      return this.fails(claimant) ? undefined : this.claimFor(claimant, holdsAllAsked[i] === true);
    });
    // An object whose export fails claims nothing, so its conflicts are those with the values as
    // everyone holds them after the cycle: recorded at its turn, they would miss a value a later
    // object takes, and the next cycle would report it (a cycle run twice must change nothing).
    this.claimants.forEach((claimant, i) => {
      if (!this.fails(claimant)) return;
      this.current = this.conflictsOf[i] = [];
      this.recordFailed(claimant);
    });
    return {
      failed: this.exportFailures.failed,
      granted,
      conflicts: this.conflictsOf.flat(),
      holders: this.claimants.map((claimant) => claimant.holder),
    };
  }

  /** True when `holder` holds every one of the values after. */
  private reserve(values: readonly UniqueValue[], holder: string): boolean {
    let all = true;
    for (const v of values) {
      if (isQuarantinable(v)) all = this.index.claim(v.attribute, v.normalized, holder) && all;
    }
    return all;
  }

  private fails(claimant: Claimant): boolean {
    return this.exportFailures.failed.has(claimant.target.source.sourceAnchor);
  }

  /**
   * True when the object now holds every value it asks for (nearly every object once in sync), so
   * `claimFor` need not claim them again: once an object holds a value only it can give it back,
   * and the only value it gives back is its placeholder, which it never asks for.
   */
  private reserveHeld(claimant: Claimant): boolean {
    const { target, holder, held, stillAsked, placeholder } = claimant;
    if (target.cloud === null) return false;
    if (this.fails(claimant)) {
      this.reserve(held, holder);
      return false;
    }
    const reservedAll = this.reserve(stillAsked, holder);
    if (placeholder !== null) this.index.claim('UserPrincipalName', placeholder.normalized, holder);
    return reservedAll && claimant.stillAsksAllHeld;
  }

  /** Claims a value the object asks for, unless `reserveHeld` gave it every one of them already. */
  private claimAsked(value: UniqueValue, holder: string, holdsAllAsked: boolean): boolean {
    return holdsAllAsked || this.index.claim(value.attribute, value.normalized, holder);
  }

  /**
   * The export fails, but the admin still sees every conflict it has: its UPN and SMTP ones, then
   * those that failed it as its turn in the export passes found them (the SPEC table's order).
   */
  private recordFailed(claimant: Claimant): void {
    const { target, holder, asked } = claimant;
    const failing = this.exportFailures.conflicts.get(claimant) ?? [];
    for (const v of asked) {
      const reported = failing.some((f) => f.attribute === v.attribute && f.normalized === v.normalized);
      if (isQuarantinable(v) && !reported) this.recordIfHeldByOther(target.source, v, holder);
    }
    for (const conflict of failing) this.current.push(conflict);
  }

  /** What the object gets, its export going ahead. */
  private claimFor(claimant: Claimant, holdsAllAsked: boolean): GrantedValues {
    return {
      userPrincipalName: this.claimUpn(claimant, holdsAllAsked),
      proxyAddresses: this.claimProxyAddresses(claimant, holdsAllAsked),
    };
  }

  /** The source's UPN, or a placeholder while another object holds it: the one it has, else a new one. */
  private claimUpn({ target, holder, upn, placeholder }: Claimant, holdsAllAsked: boolean): string | null {
    const { source } = target;
    const asked = source.userPrincipalName;
    if (source.objectType !== 'User' || asked === null) return asked;
    if (upn === null || this.claimAsked(upn, holder, holdsAllAsked)) {
      // Quarantine is over: the placeholder goes back to the pool.
      if (placeholder !== null) this.index.release('UserPrincipalName', placeholder.normalized, holder);
      return asked;
    }
    this.record(source, upn, holder);
    if (placeholder !== null && this.index.claim('UserPrincipalName', placeholder.normalized, holder)) {
      return placeholder.value;
    }
    return this.newPlaceholder(source, asked, holder);
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

  /**
   * The conflicting values are left off (quarantined); the rest keep the source's order and spelling.
   * Claimed from `asked`, whose values are normalized already; an address equal as written to a
   * quarantined one is the same value, so leaving off by what is written drops exactly those.
   */
  private claimProxyAddresses({ target, holder, asked }: Claimant, holdsAllAsked: boolean): string[] {
    const quarantined: string[] = [];
    for (const v of asked) {
      if (v.attribute !== 'ProxyAddresses' || this.claimAsked(v, holder, holdsAllAsked)) continue;
      this.record(target.source, v, holder);
      quarantined.push(v.value);
    }
    const addresses = target.source.proxyAddresses;
    return quarantined.length === 0 ? [...addresses] : addresses.filter((a) => !quarantined.includes(a));
  }

  private recordIfHeldByOther(source: SourceObject, value: UniqueValue, holder: string): void {
    if (this.index.isHeldByOther(value.attribute, value.normalized, holder)) {
      this.record(source, value, holder);
    }
  }

  private record(source: SourceObject, value: UniqueValue, claimant: string): void {
    const holder = this.index.holderOf(value.attribute, value.normalized);
    if (holder === undefined || holder === claimant) return;
    this.current.push({ ...value, source, holder, errorType: 'QuarantinedAttributeValueMustBeUnique' });
  }
}
