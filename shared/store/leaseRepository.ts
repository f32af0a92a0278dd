import type { EntityTable } from './entityTable';
import {
  keepLeaseAlive,
  readLease,
  releaseLease,
  releaseQuietly,
  renewLease,
  tryAcquireLease,
  type Lease,
  type LeaseHeartbeat,
  type LeaseKind,
  type LeaseState,
} from './tenantLease';

export type { Lease, LeaseHeartbeat, LeaseKind, LeaseState } from './tenantLease';

export type LeaseAttempt = { acquired: true; lease: Lease } | { acquired: false; state: LeaseState };

/**
 * The tenant's lease (store/tenantLease.ts: one writer at a time per tenant), bound to its tenant:
 * a cycle, a fix or an object write takes it, keeps it alive while it works, and releases it.
 */
export interface LeaseRepository {
  /** Who holds the lease now; an expired lease reads as not held. */
  read(now: Date): Promise<LeaseState>;
  /** Takes the lease, or answers the state of the live lease that stopped us. */
  tryAcquire(holder: string, kind: LeaseKind, now: Date, seconds: number): Promise<LeaseAttempt>;
  /** Extends a held lease; false when it was lost (expired and taken over). */
  renew(lease: Lease, now: Date, seconds: number): Promise<boolean>;
  release(lease: Lease): Promise<void>;
  /** Never throws: a lease not released expires on its own within its life. */
  releaseQuietly(lease: Lease): Promise<void>;
  /** Renews the lease every quarter of its life while work runs (see keepLeaseAlive). */
  heartbeat(lease: Lease, now: () => Date, seconds: number): LeaseHeartbeat;
}

export function leaseRepository(base: { table: EntityTable }, tenantId: string): LeaseRepository {
  const { table } = base;
  return {
    read: (now) => readLease(table, tenantId, now),
    tryAcquire: (holder, kind, now, seconds) => tryAcquireLease(table, tenantId, holder, kind, now, seconds),
    renew: (lease, now, seconds) => renewLease(table, ownLease(lease, tenantId), now, seconds),
    release: (lease) => releaseLease(table, ownLease(lease, tenantId)),
    releaseQuietly: (lease) => releaseQuietly(table, ownLease(lease, tenantId)),
    heartbeat: (lease, now, seconds) => keepLeaseAlive(table, ownLease(lease, tenantId), now, seconds),
  };
}

/** A lease is renewed and released only through its own tenant's repository. */
function ownLease(lease: Lease, tenantId: string): Lease {
  if (lease.tenantId !== tenantId) throw new Error("A tenant's lease was handed to another tenant's store.");
  return lease;
}
