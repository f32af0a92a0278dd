import { createHash, randomUUID } from 'node:crypto';
import type { CycleRequestProblem } from '../store/cycleRequests';
import type { TenantStore } from '../store/tenantStore';
import type { CycleStatus } from './cycleStatus';
import type { QueuedCycle } from './queuedCycle';
import { queueCycle, type ScheduleDependencies } from './scheduledCycles';
import { cycleInProgress } from './withTenantLease';

export interface RequestCycleDependencies {
  store: { tenant(tenantId: string): TenantStore };
  now: () => Date;
  queue: ScheduleDependencies['queue'];
}

/** What POST /api/sync-cycles answers (202): the cycle to poll, queued (its status, as GET answers it then). */
export interface QueuedCycleStatus extends Pick<CycleStatus, 'cycleId'> {
  status: Extract<CycleStatus['status'], 'queued'>;
}

/**
 * A queued request not yet taken this long is not joined: its message may be lost (the process that
 * queued it died between the row and the send), and a fresh one costs nothing wrong, since the
 * worker completes a message without a second cycle when a cycle started after it was asked for.
 */
const JOIN_WINDOW_MS = 10 * 60_000;

/** Ids tried before a request takes a random one (each a failed or served request since the last cycle). */
const MAX_IDS = 20;

/**
 * POST /api/sync-cycles: queues the tenant's cycle as the timer does (one message, run by the
 * queue's worker under its id, trigger `http`), and answers its id to poll. Refused with
 * SyncCycleInProgress while a cycle runs, as before. Idempotent while a request waits: a second
 * request before the queued one runs answers the same cycle and sends no second message.
 *
 * The store has no query for a tenant's queued requests, so the id says it: a request's id is
 * derived from the tenant, the last completed cycle and a counter. Every request until the next
 * cycle completes derives the same first id; it is taken while its row is queued (and young), and
 * the next is tried once its request failed or was served. The row's insert decides between two
 * requests at once: the one that loses answers the winner's cycle. A cycle the timer queued has a
 * random id and is not joined; its worker still serves this request without a second cycle when it
 * runs first (runQueuedCycle).
 */
export async function requestCycle(
  deps: RequestCycleDependencies,
  tenantId: string,
): Promise<QueuedCycleStatus> {
  const store = deps.store.tenant(tenantId);
  const now = deps.now();
  const [lease, latest] = await Promise.all([store.lease.read(now), store.cycles.latestCompleted()]);
  if (lease.held && lease.kind === 'cycle') throw cycleInProgress(lease.acquiredAt);
  const queue = async (cycleId: string): Promise<QueuedCycleStatus> => {
    const message: QueuedCycle = { tenantId, cycleId, trigger: 'http', requestedAt: now.toISOString() };
    // Sends nothing when another request recorded this id first: that request's message is the one.
    await queueCycle(store.cycleRequests, deps.queue, message, NOT_QUEUED);
    return { cycleId, status: 'queued' };
  };
  for (let attempt = 0; attempt < MAX_IDS; attempt++) {
    const cycleId = requestId(tenantId, latest?.cycleId ?? null, attempt);
    const existing = await store.cycleRequests.read(cycleId);
    if (!existing) return queue(cycleId);
    const young = now.getTime() - Date.parse(existing.requestedAt) < JOIN_WINDOW_MS;
    if (existing.state === 'queued' && young) return { cycleId, status: 'queued' };
  }
  // As many requests failed or were served since the last cycle: one of its own, joined by none.
  return queue(randomUUID());
}

const NOT_QUEUED: CycleRequestProblem = {
  code: 'InternalError',
  detail: 'The cycle could not be queued: request it again.',
};

/**
 * The `attempt`-th id of the tenant's requests since the cycle `since` (null: before the first), a
 * UUID (version 8, name-based) in lower case as every cycle id: the same for every request until a
 * cycle completes, another for the next.
 */
export function requestId(tenantId: string, since: string | null, attempt: number): string {
  const hex = createHash('sha256')
    .update(`sync-cycle-request\n${tenantId}\n${since ?? ''}\n${attempt}`)
    .digest('hex')
    .slice(0, 32)
    .split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
