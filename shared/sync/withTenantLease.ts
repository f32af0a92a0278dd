import { randomUUID } from 'node:crypto';
import { conflict, type AppError } from '../errors';
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
  const lease = await acquireLease(leases, randomUUID(), kind, now, WRITE_LEASE_SECONDS, (state) =>
    state?.kind === 'cycle'
      ? cycleInProgress(state.acquiredAt)
      : conflict('ConcurrentUpdate', 'Other changes are running for this tenant; retry.'),
  );
  const heartbeat = leases.heartbeat(lease, now, WRITE_LEASE_SECONDS);
  try {
    return await work();
  } finally {
    await heartbeat.stop();
    await leases.releaseQuietly(lease);
  }
}

/** The refusal of anything that must not run beside a tenant's cycle (SPEC decision 6). */
export function cycleInProgress(runningSince: string | null, what = 'A sync cycle'): AppError {
  return conflict('SyncCycleInProgress', `${what} is running for this tenant; retry when it ends.`, {
    runningSince,
  });
}

/**
 * Takes the tenant's lease for `holder`, waiting up to 10 s behind writes and fixes (they hold it
 * for seconds); never behind a cycle. `busy` makes the refusal: of a lease held by a cycle at once,
 * of any other holder once the wait is over (null: no holder, yet none could be taken in time).
 */
export async function acquireLease(
  leases: LeaseRepository,
  holder: string,
  kind: LeaseKind,
  now: () => Date,
  seconds: number,
  busy: (state: { kind: LeaseKind; acquiredAt: string } | null) => AppError,
): Promise<Lease> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const taken = await leases.tryAcquire(holder, kind, now(), seconds);
    if (taken.acquired) return taken.lease;
    const held = taken.state.held ? taken.state : null;
    // Lost a race to a holder that has already released it: simply try again.
    if (held === null && Date.now() <= deadline) continue;
    if (held === null || held.kind === 'cycle' || Date.now() > deadline) throw busy(held);
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 40));
  }
}

/** A clock that starts at `start` (the request's time, possibly a test's) and runs with the wall clock. */
export function clockFrom(start: Date): () => Date {
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}
