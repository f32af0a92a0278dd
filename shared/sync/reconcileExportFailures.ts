import type { ObjectType } from '../directory/model';
import type { Conflict } from './reconcileAllocation';
import type { Claimant, FixedHolder } from './reconcileClaimants';
import { ClaimIndex, failsExport, type UniqueValue } from './uniqueness';

/**
 * Step 2a of the cycle: which objects' export fails (SPEC decision 16 and the uniqueness table),
 * worked out on the values whose conflicts can fail it (SIP, SID, proxy addresses of other types than
 * SMTP, and SMTP addresses, which fail it when held by an object of another class) before anything
 * else is handed out.
 *
 * An object whose export fails keeps its whole cloud state, so the values it stopped asking for stay
 * its own, and someone served earlier may have been given one of them. Which objects fail is only
 * known after serving everyone, hence: serve, freeze the objects that failed (they then hold everything
 * they held), and serve again until no new object fails. The set only grows, so this ends.
 *
 * Only SIP and SID decide a failure, and each attribute is a namespace of its own, so the passes look
 * at those two attributes alone, and the allocation proper (reconcileAllocation) then runs once, on
 * UPNs and proxy addresses. A frozen object serves differently only by holding the SIP or SID values
 * it stopped asking for: when no newly failed object has such a value, serving again would fail the
 * very same objects, so the first pass nearly always settles it.
 */

export interface ExportFailures {
  /** Anchors of the source objects whose export fails. */
  failed: ReadonlySet<string>;
  /**
   * The SIP and SID conflicts of each object that fails, as its turn in processing order found them
   * (the allocation reports them after the object's UPN and proxy conflicts, in the SPEC table's order).
   * An object that does not fail has none.
   */
  conflicts: ReadonlyMap<Claimant, readonly Conflict[]>;
}

interface Pass extends ExportFailures {
  failed: Set<string>;
  conflicts: Map<Claimant, readonly Conflict[]>;
  newlyFailed: Claimant[];
}

/** The values this pass hands out: all but the UPN, which only ever quarantines. */
function inPass(value: UniqueValue): boolean {
  return value.rule !== 'quarantine';
}

/**
 * `refused`: the objects whose export fails whatever they hold, because Entra refuses one of their
 * values (entraValidation), with those errors; they fail from the first pass on.
 */
export function failingExports(
  fixed: readonly FixedHolder[],
  claimants: readonly Claimant[],
  refused: ReadonlyMap<Claimant, readonly Conflict[]> = new Map(),
): ExportFailures {
  const classOf = new Map<string, ObjectType>();
  for (const holder of fixed) classOf.set(holder.holder, holder.objectType);
  for (const claimant of claimants) classOf.set(claimant.holder, claimant.target.source.objectType);
  let frozen: ReadonlySet<string> = new Set([...refused.keys()].map((c) => c.target.source.sourceAnchor));
  for (;;) {
    const pass = passGiven(fixed, claimants, frozen, classOf);
    if (!pass.newlyFailed.some(keepsDroppedExportCritical)) {
      for (const [claimant, errors] of refused) {
        pass.conflicts.set(claimant, [...errors, ...(pass.conflicts.get(claimant) ?? [])]);
      }
      return pass;
    }
    frozen = pass.failed;
  }
}

/** One pass, served as the allocation serves (see reconcileAllocation), with `frozen` failing already. */
function passGiven(
  fixed: readonly FixedHolder[],
  claimants: readonly Claimant[],
  frozen: ReadonlySet<string>,
  classOf: ReadonlyMap<string, ObjectType>,
): Pass {
  const index = new ClaimIndex();
  for (const { holder, values } of fixed) reserveExportCritical(index, values, holder);
  // An object that holds all it asks for after this cannot be blocked: only it could give a value back.
  const holdsAllAsked = claimants.map((claimant) => {
    const { target, holder, held, stillAsked, stillAsksAllHeld } = claimant;
    if (frozen.has(target.source.sourceAnchor)) {
      reserveExportCritical(index, held, holder);
      return false;
    }
    return reserveExportCritical(index, stillAsked, holder) && stillAsksAllHeld;
  });
  const pass: Pass = { failed: new Set(frozen), conflicts: new Map(), newlyFailed: [] };
  for (const [i, claimant] of claimants.entries()) {
    const anchor = claimant.target.source.sourceAnchor;
    if (holdsAllAsked[i] === true) continue;
    const wasFrozen = frozen.has(anchor);
    if (!wasFrozen && conflictsOf(index, claimant, classOf).length === 0) {
      reserveExportCritical(index, claimant.asked, claimant.holder);
      continue;
    }
    pass.failed.add(anchor);
    if (!wasFrozen) pass.newlyFailed.push(claimant);
  }
  // A failed object claims nothing, so its conflicts are with the values as held after the pass, a
  // later object's included: the next cycle, where that object holds them already, finds the same.
  for (const claimant of claimants) {
    if (pass.failed.has(claimant.target.source.sourceAnchor)) {
      pass.conflicts.set(claimant, conflictsOf(index, claimant, classOf));
    }
  }
  return pass;
}

/** True when `holder` holds every one of the pass's values after. */
function reserveExportCritical(index: ClaimIndex, values: readonly UniqueValue[], holder: string): boolean {
  let all = true;
  for (const v of values) {
    if (inPass(v)) all = index.claim(v.attribute, v.normalized, holder) && all;
  }
  return all;
}

/**
 * The conflicts that fail its export: a SIP, SID or non-SMTP proxy value another object holds, or an
 * SMTP address an object of another class holds (an SMTP address a same-class object holds is only
 * left off, by the allocation). None: its export goes ahead.
 */
function conflictsOf(
  index: ClaimIndex,
  { target, holder, asked }: Claimant,
  classOf: ReadonlyMap<string, ObjectType>,
): Conflict[] {
  return asked.flatMap((v): Conflict[] => {
    if (!inPass(v)) return [];
    const current = index.holderOf(v.attribute, v.normalized);
    if (current === undefined || current === holder) return [];
    if (!failsExport(v) && classOf.get(current) === target.source.objectType) return [];
    return [{ ...v, source: target.source, holder: current, errorType: 'AttributeValueMustBeUnique' }];
  });
}

/** `stillAsked` is `held` filtered, so a shorter list of SIP/SID values means one was dropped. */
function keepsDroppedExportCritical({ held, stillAsked }: Claimant): boolean {
  return countExportCritical(held) !== countExportCritical(stillAsked);
}

function countExportCritical(values: readonly UniqueValue[]): number {
  return values.filter(inPass).length;
}
