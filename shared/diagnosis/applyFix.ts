import type { TransactionAction } from '@azure/data-tables';
import type { SyncError } from '../sync/model';
import { auditEventEntity, newAuditEventId } from '../store/auditEvents';
import { cloudToEntity } from '../store/directoryEntities';
import { cloudRowKey } from '../store/keys';
import { errorsVersionAction } from '../store/errorsVersion';
import { errorToEntity } from '../store/syncErrorEntities';
import { claimError, loadError, loadFacts, openErrorsOfAnchor } from './diagnosisRecords';
import { unwrap, type ActionContext } from './diagnosisUseCases';
import { planApplyFix } from './planApplyFix';
import { withTenantLease } from '../sync/tenantWriteLock';

export interface AppliedFix {
  error: SyncError;
  /** Every error the fix moved to PendingSync: this one and its siblings (SPEC decision 8). */
  errorIds: string[];
  auditEventId: string;
  existingObjectId: string;
  deletedObjectId: string | null;
}

/**
 * The orphaned-object fix as one transaction: the existing object takes the conflicting source
 * anchor, the conflicting cloud object is deleted permanently, the errors go to PendingSync and
 * the audit event records both objects before and after. The facts are re-read under the tenant
 * lease, and the error row is claimed first, so two admins clicking at once fix it once.
 */
export async function applyFix(ctx: ActionContext, errorId: string, now: () => Date): Promise<AppliedFix> {
  return withTenantLease(ctx.table, ctx.tenantId, now, 'fix', async () => {
    const loaded = await loadError(ctx.table, ctx.tenantId, errorId);
    const { facts, existingEtag } = await loadFacts(ctx.table, ctx.tenantId, loaded);
    const siblings = await openErrorsOfAnchor(ctx.table, ctx.tenantId, loaded.error.conflictingSourceAnchor);
    const eventId = newAuditEventId(ctx.now);
    const plan = unwrap(
      planApplyFix(
        facts,
        siblings.map((s) => s.error).filter((s) => s.id !== loaded.error.id),
        ctx.actor,
        ctx.now,
        eventId,
      ),
    );
    const claimed = await claimError(ctx.table, ctx.tenantId, loaded, eventId);
    const etags = new Map(siblings.map((s) => [s.error.id, s.etag]));
    etags.set(loaded.error.id, claimed);
    const actions: TransactionAction[] = [
      ['update', cloudToEntity(ctx.tenantId, plan.existingAfter), 'Replace', { etag: existingEtag ?? '*' }],
    ];
    if (plan.conflictingDeleted) {
      // The SDK's transaction delete takes no ETag; the tenant lease keeps cycles and other fixes out.
      actions.push([
        'delete',
        { partitionKey: ctx.tenantId, rowKey: cloudRowKey(plan.conflictingDeleted.objectId) },
      ]);
    }
    for (const error of plan.errorsAfter) {
      actions.push([
        'update',
        errorToEntity(ctx.tenantId, error),
        'Replace',
        { etag: etags.get(error.id) ?? '*' },
      ]);
    }
    actions.push(['create', auditEventEntity(ctx.tenantId, plan.auditEvent)]);
    actions.push(errorsVersionAction(ctx.tenantId, ctx.now));
    await ctx.table.submitTransaction(actions);
    const error = plan.errorsAfter.find((e) => e.id === loaded.error.id) ?? loaded.error;
    return {
      error,
      errorIds: plan.errorsAfter.map((e) => e.id),
      auditEventId: eventId,
      existingObjectId: plan.existingAfter.objectId,
      deletedObjectId: plan.conflictingDeleted?.objectId ?? null,
    };
  });
}
