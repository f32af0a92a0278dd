import { cycleInProgress } from './withTenantLease';
import { syncErrorView, type SyncErrorView } from '../syncErrors/syncErrorView';
import type { CycleCounts } from './model';
import { planCycle, type CycleDependencies } from './runSyncCycle';

/** What the next cycle would do: its counts, and the errors it would raise and resolve. */
export interface DryRunResult {
  dryRun: true;
  summary: CycleCounts & { startedAt: string };
  /** New errors, and resolved ones that would come back (they keep their ids; decision 10). */
  errorsCreated: SyncErrorView[];
  errorsResolved: SyncErrorView[];
}

/**
 * The next cycle, planned and not written (SPEC "Preflight": `POST /api/sync-cycles?dryRun=true`).
 * It runs the cycle's own planning (planCycle) on a fresh read, so what it shows is what a cycle
 * starting now would do. It takes no lease, so it never holds up the agent's writes; but while a
 * cycle runs the tenant is half written, and a plan read from it would mislead: that is refused
 * as a cycle is (409 SyncCycleInProgress). New cloud objects get throwaway ids: nothing refers
 * to them after the answer.
 */
export async function dryRunCycle(
  deps: Pick<CycleDependencies, 'store' | 'now' | 'newObjectId'>,
  tenantId: string,
): Promise<DryRunResult> {
  const store = deps.store.tenant(tenantId);
  const startedAt = deps.now();
  const lease = await store.lease.read(startedAt);
  if (lease.held && lease.kind === 'cycle') {
    throw cycleInProgress(lease.acquiredAt);
  }
  const { snapshot, plan, previousStartedAt } = await planCycle(store, deps.newObjectId, startedAt);
  const open = new Set(snapshot.openErrors.map((error) => error.id));
  return {
    dryRun: true,
    summary: { startedAt: startedAt.toISOString(), ...plan.counts },
    errorsCreated: plan.errorsToWrite
      .filter((error) => !open.has(error.id))
      .map((error) => syncErrorView(error, previousStartedAt)),
    errorsResolved: plan.errorsResolved.map((error) => syncErrorView(error, previousStartedAt)),
  };
}
