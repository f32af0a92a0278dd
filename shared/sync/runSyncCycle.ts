import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AppError } from '../errors';
import type { TenantSnapshot } from '../store/tenantSnapshot';
import type { TenantStore } from '../store/tenantStore';
import type { LeaseHeartbeat } from '../store/leaseRepository';
import { ZERO_COUNTS, type CycleCounts, type CycleSummary } from './model';
import { reconcile, type ReconcilePlan } from './reconcile';
import { acquireLease, cycleInProgress } from './withTenantLease';

export interface CycleDependencies {
  /** Every tenant's records; a cycle reads and writes one tenant's. */
  store: { tenant(tenantId: string): TenantStore };
  now: () => Date;
  leaseSeconds: number;
  newObjectId?: () => string;
  /** Told when a cycle finished, so this process drops what it cached of the tenant. */
  onCycleFinished?: (tenantId: string) => void;
  /**
   * Records each finished cycle under its id (GET /api/sync-cycles/{cycleId}), before the lease is
   * released so a status read never falls between "running" and "succeeded". The service sets it;
   * the benchmark and the write-counting tests measure the cycle's own writes without it.
   */
  recordRequests?: boolean;
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
  // A queued cycle runs under the id its message carries, the one its status is asked by.
  cycleId: string = randomUUID(),
): Promise<CycleResult> {
  const store = deps.store.tenant(tenantId);
  // Writes and fixes hold the lease for seconds: a cycle waits that long for them, not for another cycle.
  const taken = await acquireLease(store.lease, cycleId, 'cycle', deps.now, deps.leaseSeconds, (state) =>
    cycleInProgress(state?.acquiredAt ?? null, 'A sync cycle or a fix'),
  );
  // The cycle's time is when it holds the tenant: every write acknowledged before is in its snapshot.
  const startedAt = deps.now();
  const heartbeat = store.lease.heartbeat(taken, deps.now, deps.leaseSeconds);
  let planned: CycleCounts | null = null;
  try {
    if (taken.tookOver?.kind === 'cycle') await recordInterrupted(store, taken.tookOver);
    // A tenant written before its records were spread over partitions moves now, once.
    await store.migrateLayout(() => keepLease(heartbeat));
    const { snapshot, plan, reconcileCpuMs } = await planCycle(store, deps.newObjectId, startedAt);
    await renumberProvisioned(store, plan);
    planned = plan.counts;
    const summary: CycleSummary = {
      cycleId,
      trigger,
      outcome: 'completed',
      startedAt: startedAt.toISOString(),
      finishedAt: '',
      ...plan.counts,
    };
    const writes = await store.cycleWriter.write(plan, startedAt, () => keepLease(heartbeat));
    summary.finishedAt = deps.now().toISOString();
    await store.cycles.addSummary(summary);
    if (deps.recordRequests) await store.cycleRequests.succeeded(cycleId, summary, startedAt);
    await store.registry.register(startedAt);
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
    await recordFailed(deps, store, { cycleId, trigger, startedAt, counts: planned });
    throw error;
  } finally {
    await heartbeat.stop();
    await store.lease.releaseQuietly(taken);
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
  store: TenantStore,
  newObjectId: (() => string) | undefined,
  startedAt: Date,
): Promise<PlannedCycle> {
  const [snapshot, previous] = await Promise.all([store.snapshot(), store.cycles.latestCompleted()]);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const plan = reconcile({
    tenantId: store.tenantId,
    sourceObjects: snapshot.sourceObjects,
    cloudObjects: snapshot.cloudObjects,
    openErrors: snapshot.openErrors,
    settings: snapshot.settings,
    now: startedAt,
    newObjectId: newObjectId ?? randomUUID,
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
  store: TenantStore,
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
  await store.cycles.recordSummary(summary);
}

/** Best effort: the error itself reaches the caller whether or not this row is written. */
async function recordFailed(
  deps: CycleDependencies,
  store: TenantStore,
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
    await store.cycles.recordSummary(summary);
  } catch {
    // The storage that failed the cycle may fail this too; the caller still gets the first error.
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
async function renumberProvisioned(store: TenantStore, plan: ReconcilePlan): Promise<void> {
  if (plan.cloudCreates.length === 0) return;
  const first = await store.cycleWriter.reserveSequences(plan.cloudCreates.length);
  plan.cloudCreates.sort((a, b) => a.sequence - b.sequence);
  plan.cloudCreates.forEach((cloud, index) => {
    cloud.sequence = first + index;
  });
}

/** Renewed by the heartbeat, and again before each phase of writes: one that lost it stops writing. */
async function keepLease(heartbeat: LeaseHeartbeat): Promise<void> {
  if (heartbeat.lost() || !(await heartbeat.renewNow())) {
    throw new AppError('Unavailable', 'SyncLeaseLost', 'The cycle outlived its lease and stopped writing.');
  }
}
