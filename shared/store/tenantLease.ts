import type { EntityTable } from './entityTable';
import { z } from 'zod';
import { ROW } from './keys';
import { startHeartbeat } from './heartbeat';
import { getOrNull, isStatus } from './partitionQueries';

/**
 * One writer at a time per tenant: a sync cycle, an apply-fix/undo, or an object write (PUT or
 * DELETE of source and cloud objects). None may interleave with a cycle's read and write, or a
 * cycle could undo a write it never saw. The lease is a row taken with conditional writes; it
 * carries an expiry so a holder that died releases it.
 */
export type LeaseKind = 'cycle' | 'fix' | 'write';

const leaseEntity = z.object({
  holder: z.string(),
  kind: z.enum(['cycle', 'fix', 'write']),
  expiresAt: z.string(),
  acquiredAt: z.string(),
  etag: z.string(),
});

export interface Lease {
  tenantId: string;
  holder: string;
  kind: LeaseKind;
  etag: string;
  /** The expired lease this one took over: a holder that died (or stalled) without releasing it. */
  tookOver?: { holder: string; kind: LeaseKind; acquiredAt: string };
}

export type LeaseState =
  { held: false } | { held: true; kind: LeaseKind; holder: string; acquiredAt: string };

export async function readLease(table: EntityTable, tenantId: string, now: Date): Promise<LeaseState> {
  const raw = await getOrNull(table, tenantId, ROW.lease);
  if (!raw) return { held: false };
  const lease = leaseEntity.parse(raw);
  if (Date.parse(lease.expiresAt) <= now.getTime()) return { held: false };
  return { held: true, kind: lease.kind, holder: lease.holder, acquiredAt: lease.acquiredAt };
}

/** Takes the lease, or answers the state of the live lease that stopped us. */
export async function tryAcquireLease(
  table: EntityTable,
  tenantId: string,
  holder: string,
  kind: LeaseKind,
  now: Date,
  seconds: number,
): Promise<{ acquired: true; lease: Lease } | { acquired: false; state: LeaseState }> {
  const entity = {
    partitionKey: tenantId,
    rowKey: ROW.lease,
    holder,
    kind,
    acquiredAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + seconds * 1000).toISOString(),
  };
  const raw = await getOrNull(table, tenantId, ROW.lease);
  try {
    if (!raw) {
      const created = await table.createEntity(entity);
      return { acquired: true, lease: { tenantId, holder, kind, etag: created.etag ?? '' } };
    }
    const current = leaseEntity.parse(raw);
    if (Date.parse(current.expiresAt) > now.getTime()) {
      return {
        acquired: false,
        state: { held: true, kind: current.kind, holder: current.holder, acquiredAt: current.acquiredAt },
      };
    }
    const updated = await table.updateEntity(entity, 'Replace', { etag: current.etag });
    const tookOver = { holder: current.holder, kind: current.kind, acquiredAt: current.acquiredAt };
    return { acquired: true, lease: { tenantId, holder, kind, etag: updated.etag ?? '', tookOver } };
  } catch (error) {
    // Someone else created, took or released it between our read and our write.
    if (isStatus(error, 409) || isStatus(error, 412) || isStatus(error, 404))
      return { acquired: false, state: await readLease(table, tenantId, now) };
    throw error;
  }
}

/** Extends a held lease; false when it was lost (expired and taken over). */
export async function renewLease(
  table: EntityTable,
  lease: Lease,
  now: Date,
  seconds: number,
): Promise<boolean> {
  try {
    const updated = await table.updateEntity(
      {
        partitionKey: lease.tenantId,
        rowKey: ROW.lease,
        expiresAt: new Date(now.getTime() + seconds * 1000).toISOString(),
      },
      'Merge',
      { etag: lease.etag },
    );
    lease.etag = updated.etag ?? lease.etag;
    return true;
  } catch (error) {
    if (isStatus(error, 412) || isStatus(error, 404)) return false;
    throw error;
  }
}

export async function releaseLease(table: EntityTable, lease: Lease): Promise<void> {
  try {
    await table.deleteEntity(lease.tenantId, ROW.lease, { etag: lease.etag });
  } catch (error) {
    // Lost to a takeover after expiry: the new holder's lease is not ours to remove.
    if (isStatus(error, 412) || isStatus(error, 404)) return;
    throw error;
  }
}

export interface LeaseHeartbeat {
  /** True once a renewal found the lease gone (expired and taken over): stop writing. */
  lost(): boolean;
  /**
   * Renews now, in turn with the beats (two renewals at once would race on the ETag and the loser
   * would read as a lost lease); false when the lease is lost.
   */
  renewNow(): Promise<boolean>;
  /** No more beats; resolves once a renewal in flight has ended, so a release sends the last ETag. */
  stop(): Promise<void>;
}

/**
 * Renews a held lease every quarter of its life while work runs, so that a lease can be short (a
 * crashed holder frees the tenant within `seconds`) and a long run still keeps it. Every renewal,
 * the holder's own included, takes its turn in one heartbeat (shared/store/heartbeat.ts); a lease
 * found lost is recorded, never thrown.
 */
export function keepLeaseAlive(
  table: EntityTable,
  lease: Lease,
  now: () => Date,
  seconds: number,
): LeaseHeartbeat {
  let lost = false;
  const renew = async (): Promise<boolean> => {
    if (!lost && !(await renewLease(table, lease, now(), seconds))) lost = true;
    return !lost;
  };
  // A storage hiccup in a beat is harmless: the next one comes well before the lease runs out.
  const heartbeat = startHeartbeat(Math.max(1000, (seconds * 1000) / 4), () =>
    renew().then(
      () => undefined,
      () => undefined,
    ),
  );
  return {
    lost: () => lost,
    // The holder's own renewal gets its storage error.
    renewNow: () => heartbeat.run(renew),
    stop: () => heartbeat.stop(),
  };
}

/** Releases a lease, never throwing: a lease not released expires on its own within its life. */
export async function releaseQuietly(table: EntityTable, lease: Lease): Promise<void> {
  try {
    await releaseLease(table, lease);
  } catch {
    // The work is done; failing to release must not turn it into an error.
  }
}
