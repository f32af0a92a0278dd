import { randomUUID } from 'node:crypto';
import type { CycleRequestProblem, CycleRequestRepository } from '../store/cycleRequests';
import { isStatus } from '../store/partitionQueries';
import type { TenantStore } from '../store/tenantStore';
import type { QueuedCycle } from './queuedCycle';

export interface ScheduledReport {
  queued: number;
  notDue: number;
  failed: number;
}

/** A tick may come a little early; a cycle due within this slack is queued now rather than a tick later. */
const SLACK_MS = 60_000;

export interface ScheduleDependencies {
  store: { tenant(tenantId: string): TenantStore; tenants(): Promise<string[]> };
  now: () => Date;
  /** The work queue: one message a cycle, which a queue-triggered worker runs (shared/queue/cycleQueue.ts). */
  queue: { send(message: QueuedCycle): Promise<void> };
}

interface DueTenant {
  tenantId: string;
  dueAt: number;
}

/**
 * The timer's work: a queued cycle for every tenant with records whose interval
 * (`syncIntervalMinutes`) has passed, the longest-waiting first. It only enqueues: the cycles run in
 * the queue's workers, spread over as many instances as the host scales to, so one tick no longer
 * waits for any tenant's cycle. Each is queued as `queueCycle` queues it. A tenant whose schedule
 * cannot be read, or whose message cannot be sent, is logged and does not stop the others.
 */
export async function enqueueDueCycles(
  deps: ScheduleDependencies,
  log: (line: string) => void,
): Promise<ScheduledReport> {
  const report: ScheduledReport = { queued: 0, notDue: 0, failed: 0 };
  const due: DueTenant[] = [];
  for (const tenantId of await deps.store.tenants()) {
    try {
      const store = deps.store.tenant(tenantId);
      const [{ settings }, last] = await Promise.all([store.settings.read(), store.cycles.latestCompleted()]);
      const dueAt = last ? Date.parse(last.startedAt) + settings.syncIntervalMinutes * 60_000 : 0;
      if (dueAt - SLACK_MS > deps.now().getTime()) report.notDue++;
      else due.push({ tenantId, dueAt });
    } catch (error) {
      report.failed++;
      log(`Tenant ${tenantId}: could not read its schedule: ${describe(error)}`);
    }
  }
  due.sort((a, b) => a.dueAt - b.dueAt || a.tenantId.localeCompare(b.tenantId));
  for (const { tenantId } of due) {
    const message: QueuedCycle = {
      tenantId,
      cycleId: randomUUID(),
      trigger: 'timer',
      requestedAt: deps.now().toISOString(),
    };
    try {
      await queueCycle(deps.store.tenant(tenantId).cycleRequests, deps.queue, message, NEXT_TICK);
      report.queued++;
    } catch (error) {
      report.failed++;
      log(`Tenant ${tenantId}: its cycle could not be queued: ${describe(error)}`);
    }
  }
  return report;
}

/**
 * Queues one cycle, as the timer and POST /api/sync-cycles both do: it is recorded queued before its
 * message is sent, so its status (GET /api/sync-cycles/{cycleId}) exists before a worker can pick it
 * up. A message that cannot be sent leaves a cycle no worker will ever take: its status is recorded
 * failed with `notQueued` (best effort), so it does not stay queued, and the error is thrown.
 * Sends nothing when a request with this id is recorded already (POST's ids are the same for every
 * request until a cycle serves them: another request queued it first, and its message is the one).
 */
export async function queueCycle(
  requests: CycleRequestRepository,
  queue: ScheduleDependencies['queue'],
  message: QueuedCycle,
  notQueued: CycleRequestProblem,
): Promise<void> {
  try {
    await requests.addQueued({
      cycleId: message.cycleId,
      trigger: message.trigger,
      requestedAt: new Date(message.requestedAt),
    });
  } catch (error) {
    if (isStatus(error, 409)) return;
    throw error;
  }
  try {
    await queue.send(message);
  } catch (error) {
    await requests.failed(message.cycleId, notQueued).catch(() => undefined);
    throw error;
  }
}

const NEXT_TICK: CycleRequestProblem = {
  code: 'InternalError',
  detail: 'The cycle could not be queued; the next tick queues the tenant again.',
};

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : 'unknown error';
}
