import type { EntityTable } from '../store/entityTable';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AppError, conflict } from '../errors';
import { submitInBatches } from '../store/batchWriter';
import { cycleSummaryEntity, latestCycleSummary } from '../store/cycleSummaries';
import { reserveSequences } from '../store/sequenceCounter';
import { readTenantSnapshot, type TenantSnapshot } from '../store/tenantSnapshot';
import { keepLeaseAlive, releaseQuietly, tryAcquireLease, type Lease } from '../store/tenantLease';
import { registerTenant } from '../store/tenantRegistry';
import { ZERO_COUNTS, type CycleCounts, type CycleSummary } from './model';
import { planToPhases } from './planWrites';
import { reconcile, type ReconcilePlan } from './reconcile';

export interface CycleDependencies {
  table: EntityTable;
  now: () => Date;
  leaseSeconds: number;
  newObjectId?: () => string;
  /** Told when a cycle finished, so this process drops what it cached of the tenant. */
  onCycleFinished?: (tenantId: string) => void;
}

/** What the benchmark measures beside the summary. */
export interface CycleMetrics {
  entitiesRead: number;
  entitiesWritten: number;
  batches: number;
  reconcileCpuMs: number;
}

export interface CycleResult {
  summary: CycleSummary;
  metrics: CycleMetrics;
}

/**
 * One sync cycle for a tenant: take the tenant's lease, read everything, reconcile in memory,
 * write only the differences in transactions, record the summary, release the lease. A second
 * cycle while one runs is refused with SyncCycleInProgress; a running object write or fix (held
 * for seconds) is waited for. The lease is kept alive by a heartbeat, so `leaseSeconds` can be
 * short: a crashed holder's lease expires that soon.
 */
export async function runSyncCycle(
  deps: CycleDependencies,
  tenantId: string,
  trigger: CycleSummary['trigger'],
): Promise<CycleResult> {
  const cycleId = randomUUID();
  const taken = await acquireCycleLease(deps, tenantId, cycleId);
  // The cycle's time is when it holds the tenant: every write acknowledged before is in its snapshot.
  const startedAt = deps.now();
  const heartbeat = keepLeaseAlive(deps.table, taken, deps.now, deps.leaseSeconds);
  let planned: CycleCounts | null = null;
  try {
    if (taken.tookOver?.kind === 'cycle') await recordInterrupted(deps, tenantId, taken.tookOver);
    const { snapshot, plan, reconcileCpuMs } = await planCycle(deps, tenantId, startedAt);
    await renumberProvisioned(deps.table, tenantId, plan);
    planned = plan.counts;
    const summary: CycleSummary = {
      cycleId,
      trigger,
      outcome: 'completed',
      startedAt: startedAt.toISOString(),
      finishedAt: '',
      ...plan.counts,
    };
    const writes = { entitiesWritten: 0, batches: 0 };
    for (const phase of planToPhases(tenantId, plan, startedAt)) {
      // Renewed by the heartbeat, and again before each phase: one that lost it stops writing.
      if (heartbeat.lost() || !(await heartbeat.renewNow())) {
        throw new AppError(
          'Unavailable',
          'SyncLeaseLost',
          'The cycle outlived its lease and stopped writing.',
        );
      }
      const written = await submitInBatches(deps.table, phase);
      writes.entitiesWritten += written.entitiesWritten;
      writes.batches += written.batches;
    }
    summary.finishedAt = deps.now().toISOString();
    await deps.table.createEntity(cycleSummaryEntity(tenantId, summary));
    await registerTenant(deps.table, tenantId, startedAt);
    deps.onCycleFinished?.(tenantId);
    return {
      summary,
      metrics: {
        entitiesRead: snapshot.entitiesRead,
        entitiesWritten: writes.entitiesWritten + 1,
        batches: writes.batches + 1,
        reconcileCpuMs,
      },
    };
  } catch (error) {
    await recordFailed(deps, tenantId, { cycleId, trigger, startedAt, counts: planned });
    throw error;
  } finally {
    await heartbeat.stop();
    await releaseQuietly(deps.table, taken);
  }
}

/** What a cycle would do, worked out from one read of the tenant; writes nothing. */
export interface PlannedCycle {
  snapshot: TenantSnapshot;
  plan: ReconcilePlan;
  /** When the tenant's last finished cycle started; null before the first. */
  previousStartedAt: string | null;
  reconcileCpuMs: number;
}

/**
 * Reads the tenant and reconciles it as of `startedAt`: the whole of a cycle but its writes, shared
 * by the real cycle and its dry run (POST /api/sync-cycles?dryRun=true), so the two cannot drift.
 */
export async function planCycle(
  deps: Pick<CycleDependencies, 'table' | 'newObjectId'>,
  tenantId: string,
  startedAt: Date,
): Promise<PlannedCycle> {
  const [snapshot, previous] = await Promise.all([
    readTenantSnapshot(deps.table, tenantId),
    latestCycleSummary(deps.table, tenantId),
  ]);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const plan = reconcile({
    tenantId,
    sourceObjects: snapshot.sourceObjects,
    cloudObjects: snapshot.cloudObjects,
    openErrors: snapshot.openErrors,
    settings: snapshot.settings,
    now: startedAt,
    newObjectId: deps.newObjectId ?? randomUUID,
  });
  const cpu = process.cpuUsage(cpuStart);
  const reconcileCpuMs = Math.min((cpu.user + cpu.system) / 1000, performance.now() - wallStart + 1);
  const previousStartedAt = previous?.startedAt ?? null;
  stampLastSeen(plan, previousStartedAt);
  return { snapshot, plan, previousStartedAt, reconcileCpuMs };
}

/**
 * A cycle whose lease expired in its holder's hands (the process died, or stalled past it) left no
 * summary; the cycle that takes the tenant over records it, so the history says it was cut.
 */
async function recordInterrupted(
  deps: CycleDependencies,
  tenantId: string,
  cut: { holder: string; acquiredAt: string },
): Promise<void> {
  const summary: CycleSummary = {
    cycleId: cut.holder,
    // Which trigger started it is not in the lease; the timer runs most cycles.
    trigger: 'timer',
    outcome: 'interrupted',
    startedAt: cut.acquiredAt,
    finishedAt: null,
    ...ZERO_COUNTS,
  };
  await deps.table.upsertEntity(cycleSummaryEntity(tenantId, summary), 'Replace');
}

/** Best effort: the error itself reaches the caller whether or not this row is written. */
async function recordFailed(
  deps: CycleDependencies,
  tenantId: string,
  cycle: { cycleId: string; trigger: CycleSummary['trigger']; startedAt: Date; counts: CycleCounts | null },
): Promise<void> {
  const summary: CycleSummary = {
    cycleId: cycle.cycleId,
    trigger: cycle.trigger,
    outcome: 'failed',
    startedAt: cycle.startedAt.toISOString(),
    finishedAt: deps.now().toISOString(),
    ...(cycle.counts ?? ZERO_COUNTS),
  };
  try {
    await deps.table.upsertEntity(cycleSummaryEntity(tenantId, summary), 'Replace');
  } catch {
    // The storage that failed the cycle may fail this too; the caller still gets the first error.
  }
}

/** Writes and fixes hold the lease for seconds: a cycle waits that long for them, not for another cycle. */
const WAIT_FOR_WRITERS_MS = 10_000;

async function acquireCycleLease(deps: CycleDependencies, tenantId: string, cycleId: string): Promise<Lease> {
  const deadline = Date.now() + WAIT_FOR_WRITERS_MS;
  for (;;) {
    const taken = await tryAcquireLease(
      deps.table,
      tenantId,
      cycleId,
      'cycle',
      deps.now(),
      deps.leaseSeconds,
    );
    if (taken.acquired) return taken.lease;
    // Lost a race to a holder that has already released it: simply try again.
    if (!taken.state.held && Date.now() <= deadline) continue;
    if (!taken.state.held || taken.state.kind === 'cycle' || Date.now() > deadline) {
      throw conflict(
        'SyncCycleInProgress',
        'A sync cycle or a fix is running for this tenant; retry when it ends.',
        { runningSince: taken.state.held ? taken.state.acquiredAt : null },
      );
    }
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 40));
  }
}

/**
 * Quiet cycles do not rewrite open errors, so a stored lastSeenAt may be old; every cycle up to
 * the previous one saw an error this cycle resolves.
 */
function stampLastSeen(plan: ReconcilePlan, previousStart: string | null): void {
  if (!previousStart) return;
  for (const error of plan.errorsResolved) {
    if (error.lastSeenAt < previousStart) error.lastSeenAt = previousStart;
  }
}

/**
 * The pure core numbers new objects after the ones it saw; the tenant's counter also numbers
 * imports, so provisioned objects take their numbers from it to keep "imported or provisioned
 * first" (SPEC decision 15) a total order.
 */
async function renumberProvisioned(table: EntityTable, tenantId: string, plan: ReconcilePlan): Promise<void> {
  if (plan.cloudCreates.length === 0) return;
  const first = await reserveSequences(table, tenantId, plan.cloudCreates.length);
  plan.cloudCreates.sort((a, b) => a.sequence - b.sequence);
  plan.cloudCreates.forEach((cloud, index) => {
    cloud.sequence = first + index;
  });
}
