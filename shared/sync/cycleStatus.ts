import { notFound } from '../errors';
import type { CycleRequestProblem } from '../store/cycleRequests';
import type { TenantStore } from '../store/tenantStore';
import type { CycleSummary } from './model';

export const CYCLE_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

/** GET /api/sync-cycles/{cycleId}: where a cycle asked for is now. */
export interface CycleStatus {
  cycleId: string;
  status: (typeof CYCLE_STATUSES)[number];
  /** When succeeded: the summary of the cycle that ran it (another cycle's, when one already running served it). */
  summary?: CycleSummary;
  /** When failed: why. */
  problem?: CycleRequestProblem;
}

/**
 * Running is read from the tenant's lease, which names the cycle holding it: a worker that dies
 * mid-cycle shows as queued again once its lease expires, which is true, since its message comes
 * back. A request that a running cycle served answers that cycle's status.
 */
export async function readCycleStatus(store: TenantStore, cycleId: string, now: Date): Promise<CycleStatus> {
  const status = await statusOf(store, cycleId, now, true);
  if (!status) throw notFound('SyncCycleNotFound', 'No sync cycle has this id in your tenant.');
  return status;
}

async function statusOf(
  store: TenantStore,
  cycleId: string,
  now: Date,
  followCover: boolean,
): Promise<CycleStatus | null> {
  const [request, lease] = await Promise.all([store.cycleRequests.read(cycleId), store.lease.read(now)]);
  if (lease.held && lease.kind === 'cycle' && lease.holder === cycleId) return { cycleId, status: 'running' };
  if (!request) return null;
  switch (request.state) {
    case 'queued':
      return { cycleId, status: 'queued' };
    case 'succeeded':
      return { cycleId, status: 'succeeded', ...(request.summary ? { summary: request.summary } : {}) };
    case 'failed':
      return { cycleId, status: 'failed', ...(request.problem ? { problem: request.problem } : {}) };
    case 'covered': {
      const covering =
        followCover && request.coveredBy ? await statusOf(store, request.coveredBy, now, false) : null;
      // The serving cycle left no record: it was cut before it finished (its lease expired).
      return covering
        ? { ...covering, cycleId }
        : { cycleId, status: 'failed', problem: { code: 'SyncLeaseLost', detail: INTERRUPTED } };
    }
  }
}

const INTERRUPTED = 'The cycle that was serving this request stopped before it finished: run a cycle again.';
