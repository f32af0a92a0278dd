import type { TableClient } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { conflict } from '../errors';
import { releaseLease, tryAcquireLease, type Lease } from '../store/tenantLease';

const FIX_LEASE_SECONDS = 30;
const WAIT_MS = 5_000;

/**
 * Runs a fix or an undo under the tenant's lease, so it never interleaves with a sync cycle's read
 * and write (SPEC decision 6: refused with SyncCycleInProgress while a cycle runs). Fixes queue
 * briefly behind each other instead of failing: each takes well under a second.
 */
export async function withFixLease<T>(
  table: TableClient,
  tenantId: string,
  now: () => Date,
  work: () => Promise<T>,
): Promise<T> {
  const holder = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  let lease: Lease | null = null;
  while (!lease) {
    const taken = await tryAcquireLease(table, tenantId, holder, 'fix', now(), FIX_LEASE_SECONDS);
    if (taken.acquired) {
      lease = taken.lease;
      break;
    }
    if (taken.state.held && taken.state.kind === 'cycle') {
      throw conflict('SyncCycleInProgress', 'A sync cycle is running for this tenant; retry when it ends.');
    }
    if (Date.now() > deadline)
      throw conflict('ConcurrentUpdate', 'Other fixes are running for this tenant; retry.');
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 40));
  }
  try {
    return await work();
  } finally {
    await releaseLease(table, lease);
  }
}
