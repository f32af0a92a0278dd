import type { CycleMessage } from '../queue/cycleQueue';
import { AppError } from '../errors';
import type { CycleRequestProblem } from '../store/cycleRequests';
import type { TenantStore } from '../store/tenantStore';
import { runSyncCycle, type CycleDependencies } from './runSyncCycle';

/** What one queued cycle message asks for. */
export type QueuedCycle = CycleMessage;

/** Which try of the message this is, and after how many tries the host gives it up to the poison queue. */
export interface Delivery {
  dequeueCount: number;
  maxDequeueCount: number;
}

/**
 * The worker's job for one message: run the tenant's cycle under the message's id, unless a cycle
 * already serves the request. Served means: this request already has its outcome (a message
 * delivered twice), a cycle that started after the request finished (it read everything the request
 * could want), or one is running now (writes are refused while it runs, so it sees all there is):
 * the message then completes without a second cycle. A failure is thrown, so the host tries the
 * message again; the last try records the request failed before the message goes to the poison queue.
 * Returns a line for the log.
 */
export async function runQueuedCycle(
  deps: CycleDependencies,
  message: QueuedCycle,
  delivery: Delivery,
): Promise<string> {
  const store = deps.store.tenant(message.tenantId);
  const served = await servedAlready(store, message);
  if (served) return served;
  try {
    await waitOutOwnLease(deps, store, message.cycleId);
    const { summary } = await runSyncCycle(deps, message.tenantId, message.trigger, message.cycleId);
    return `cycle ${summary.cycleId} done (${summary.errorsCreated} new errors)`;
  } catch (error) {
    const lease = await store.lease.read(deps.now());
    if (isInProgress(error) && lease.held && lease.kind === 'cycle' && lease.holder !== message.cycleId) {
      await store.cycleRequests.covered(message.cycleId, lease.holder);
      return `cycle ${message.cycleId} served by cycle ${lease.holder}, running`;
    }
    if (delivery.dequeueCount >= delivery.maxDequeueCount) {
      await store.cycleRequests.failed(message.cycleId, problemOf(error)).catch(() => undefined);
    }
    throw error;
  }
}

async function servedAlready(store: TenantStore, message: QueuedCycle): Promise<string | null> {
  const [request, latest] = await Promise.all([
    store.cycleRequests.read(message.cycleId),
    store.cycles.latestCompleted(),
  ]);
  if (request && request.state !== 'queued') return `cycle ${message.cycleId} already ${request.state}`;
  if (latest && latest.cycleId !== message.cycleId && latest.startedAt >= message.requestedAt) {
    await store.cycleRequests.succeeded(message.cycleId, latest, new Date(message.requestedAt));
    return `cycle ${message.cycleId} served by cycle ${latest.cycleId}, which started after it was asked for`;
  }
  return null;
}

/**
 * A try of this message whose worker died may still hold the tenant's lease under this cycle's id:
 * that is no other cycle, and the message must not spend its tries on it. Wait for the lease to
 * expire (its life, and no more), and the cycle that follows takes the tenant over.
 */
async function waitOutOwnLease(deps: CycleDependencies, store: TenantStore, cycleId: string): Promise<void> {
  const deadline = Date.now() + (deps.leaseSeconds + 5) * 1000;
  for (;;) {
    const lease = await store.lease.read(deps.now());
    if (!lease.held || lease.holder !== cycleId || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const isInProgress = (error: unknown): boolean =>
  error instanceof AppError && error.code === 'SyncCycleInProgress';

function problemOf(error: unknown): CycleRequestProblem {
  if (error instanceof AppError) return { code: error.code, detail: error.detail };
  return { code: 'InternalError', detail: 'The cycle failed unexpectedly; the service log has the cause.' };
}
