import { randomUUID } from 'node:crypto';
import { conflict } from '../errors';
import type { Lease, LeaseKind, LeaseRepository } from '../store/leaseRepository';

/** Short: a holder that dies frees the tenant this soon. A live one renews it (its heartbeat). */
export const WRITE_LEASE_SECONDS = 30;
/** How long a write queues behind other writes and fixes before it gives up (they take seconds). */
const WAIT_MS = 10_000;

/**
 * Runs an object write, a fix or an undo under the tenant's lease, so it never interleaves with a
 * sync cycle's read and write, nor with another writer. A cycle reads everything after taking the
 * lease, so every write acknowledged before it is in its snapshot, and no write lands while it
 * runs: a write cannot be undone by a cycle that did not see it. While a cycle runs, a write is
 * refused with SyncCycleInProgress and retried by the client (SPEC decision 6); behind other writes
 * and fixes it queues briefly instead. This also makes the checks writers make before they write
 * (an anchor held by another cloud object, a fix's preconditions) atomic with the write.
 */
export async function withTenantLease<T>(
  leases: LeaseRepository,
  now: () => Date,
  kind: Exclude<LeaseKind, 'cycle'>,
  work: () => Promise<T>,
): Promise<T> {
  const holder = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  let lease: Lease | null = null;
  while (!lease) {
    const taken = await leases.tryAcquire(holder, kind, now(), WRITE_LEASE_SECONDS);
    if (taken.acquired) {
      lease = taken.lease;
      break;
    }
    if (taken.state.held && taken.state.kind === 'cycle') {
      throw conflict('SyncCycleInProgress', 'A sync cycle is running for this tenant; retry when it ends.', {
        runningSince: taken.state.acquiredAt,
      });
    }
    if (Date.now() > deadline)
      throw conflict('ConcurrentUpdate', 'Other changes are running for this tenant; retry.');
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 40));
  }
  const heartbeat = leases.heartbeat(lease, now, WRITE_LEASE_SECONDS);
  try {
    return await work();
  } finally {
    await heartbeat.stop();
    await leases.releaseQuietly(lease);
  }
}

/** A clock that starts at `start` (the request's time, possibly a test's) and runs with the wall clock. */
export function clockFrom(start: Date): () => Date {
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}
