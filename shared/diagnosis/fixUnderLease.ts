import type { CloudObject } from '../directory/model';
import { newAuditEventId } from '../store/auditEvents';
import type { TenantTransaction } from '../store/tenantTransaction';
import type { SyncError } from '../sync/model';
import { withTenantLease } from '../sync/withTenantLease';
import type { AuditEvent } from './auditEvent';
import { unwrap, type ActionContext } from './diagnosisUseCases';
import type { Outcome } from '../errors';

/**
 * What a fix and its undo both write, in one transaction: the existing object replaced (at the
 * version read), the conflicting object deleted by a fix or re-created by its undo, the errors they
 * touch (each at its version), and the audit event; an undo also marks the fix event undone.
 */
export interface FixRecords {
  existing: { after: CloudObject; etag: string | null };
  conflicting: { deleted: CloudObject } | { restored: CloudObject } | null;
  errors: { after: readonly SyncError[]; etags: ReadonlyMap<string, string> };
  fixEventUndone?: { after: AuditEvent; etag: string };
  auditEvent: AuditEvent;
}

/** The steps of one fix path; each keeps its own reads and refusals (its pure rule's). */
export interface FixSteps<State, Plan> {
  /** Reads what the pure rule judges, under the lease (so the checks are atomic with the write). */
  read(): Promise<State>;
  /** The pure rule; a refusal becomes a 409 with its code. `eventId` is the new audit event's. */
  plan(state: State, eventId: string): Outcome<Plan>;
  /** A conditional write made before the commit, where one is needed (see claimError). */
  claim?(tx: TenantTransaction, state: State, eventId: string): Promise<void>;
  records(plan: Plan, state: State): FixRecords;
}

/**
 * The one shape of apply-fix and undo: take the tenant's fix lease, read, plan, claim, commit the
 * records in one transaction (which bumps the errors version), release the lease.
 */
export async function fixUnderLease<State, Plan>(
  ctx: ActionContext,
  now: () => Date,
  steps: FixSteps<State, Plan>,
): Promise<{ plan: Plan; state: State }> {
  return withTenantLease(ctx.store.lease, now, 'fix', async () => {
    const state = await steps.read();
    const eventId = newAuditEventId(ctx.now);
    const plan = unwrap(steps.plan(state, eventId));
    const tx = ctx.store.transaction();
    await steps.claim?.(tx, state, eventId);
    const records = steps.records(plan, state);
    tx.replaceCloud(records.existing.after, records.existing.etag);
    if (records.conflicting && 'deleted' in records.conflicting)
      tx.deleteCloud(records.conflicting.deleted.objectId);
    if (records.conflicting && 'restored' in records.conflicting)
      tx.createCloud(records.conflicting.restored);
    tx.writeErrors(records.errors.after, records.errors.etags);
    if (records.fixEventUndone) tx.replaceAudit(records.fixEventUndone.after, records.fixEventUndone.etag);
    tx.addAudit(records.auditEvent);
    await tx.commit(ctx.now);
    return { plan, state };
  });
}
