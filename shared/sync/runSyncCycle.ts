import type { TableClient } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AppError, conflict } from '../errors';
import { submitInBatches } from '../store/batchWriter';
import { cycleSummaryEntity, latestCycleSummary } from '../store/cycleSummaries';
import { reserveSequences } from '../store/sequenceCounter';
import { readTenantSnapshot } from '../store/tenantSnapshot';
import { releaseLease, renewLease, tryAcquireLease } from '../store/tenantLease';
import { registerTenant } from '../store/tenantRegistry';
import type { CycleSummary } from './model';
import { planToPhases } from './planWrites';
import { reconcile, type ReconcilePlan } from './reconcile';

export interface CycleDependencies {
  table: TableClient;
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
 * cycle (or a fix) while one runs is refused with SyncCycleInProgress; a crashed holder's lease
 * expires after `leaseSeconds`.
 */
export async function runSyncCycle(
  deps: CycleDependencies,
  tenantId: string,
  trigger: CycleSummary['trigger'],
): Promise<CycleResult> {
  const cycleId = randomUUID();
  const startedAt = deps.now();
  const taken = await tryAcquireLease(deps.table, tenantId, cycleId, 'cycle', startedAt, deps.leaseSeconds);
  if (!taken.acquired) {
    throw conflict(
      'SyncCycleInProgress',
      'A sync cycle or a fix is running for this tenant; retry when it ends.',
      {
        runningSince: taken.state.held ? taken.state.acquiredAt : null,
      },
    );
  }
  try {
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
    await renumberProvisioned(deps.table, tenantId, plan);
    stampLastSeen(plan, previous?.startedAt ?? null);
    const summary: CycleSummary = {
      cycleId,
      trigger,
      startedAt: startedAt.toISOString(),
      finishedAt: '',
      ...plan.counts,
    };
    const writes = { entitiesWritten: 0, batches: 0 };
    for (const phase of planToPhases(tenantId, plan, startedAt)) {
      // Renewed before each phase, so a long cycle keeps its lease and one that lost it stops writing.
      if (!(await renewLease(deps.table, taken.lease, deps.now(), deps.leaseSeconds))) {
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
  } finally {
    await releaseLease(deps.table, taken.lease);
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
async function renumberProvisioned(table: TableClient, tenantId: string, plan: ReconcilePlan): Promise<void> {
  if (plan.cloudCreates.length === 0) return;
  const first = await reserveSequences(table, tenantId, plan.cloudCreates.length);
  plan.cloudCreates.sort((a, b) => a.sequence - b.sequence);
  plan.cloudCreates.forEach((cloud, index) => {
    cloud.sequence = first + index;
  });
}
