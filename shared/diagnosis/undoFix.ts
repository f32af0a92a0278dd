import type { TransactionAction } from '@azure/data-tables';
import { AppError, notFound } from '../errors';
import { auditEventEntity, getAuditEvent, newAuditEventId } from '../store/auditEvents';
import { cloudToEntity, parseCloudEntity } from '../store/directoryEntities';
import { cloudRowKey } from '../store/keys';
import { getOrNull } from '../store/partitionQueries';
import { errorsVersionAction } from '../store/errorsVersion';
import { errorToEntity } from '../store/syncErrorEntities';
import type { AuditEvent } from './auditEvent';
import { cloudObjectsWithAnchors, loadError, type LoadedError } from './diagnosisRecords';
import { unwrap, type ActionContext } from './diagnosisUseCases';
import { planUndo, undoAnchors } from './planUndo';
import { withTenantLease } from '../sync/tenantWriteLock';

export interface UndoneFix {
  undoEvent: AuditEvent;
  restoredObjectId: string | null;
  errorIds: string[];
}

/**
 * Reverts an applied fix (SPEC decision 9) in one transaction: the existing object gets its old
 * anchor back, the deleted object is re-created as it was, the still-open errors get their status
 * and answers back, and the fix event is marked undone. Refused when anything changed since.
 */
export async function undoFix(ctx: ActionContext, eventId: string, now: () => Date): Promise<UndoneFix> {
  return withTenantLease(ctx.table, ctx.tenantId, now, 'fix', async () => {
    const stored = await getAuditEvent(ctx.table, ctx.tenantId, eventId);
    if (!stored) throw notFound('AuditEventNotFound', 'No audit event has this id in your tenant.');
    const { event } = stored;
    const current =
      event.action === 'applyFix'
        ? await currentState(
            ctx,
            event.details.existingAfter.objectId,
            event.details.conflictingDeleted?.objectId ?? null,
            undoAnchors(event),
            event.details.errorsAfter.map((e) => e.id),
          )
        : { existing: null, existingEtag: null, conflictingCloud: null, anchorHolders: [], errors: [] };
    const undoEventId = newAuditEventId(ctx.now);
    const plan = unwrap(
      planUndo(
        event,
        {
          existingCloud: current.existing,
          conflictingCloud: current.conflictingCloud,
          anchorHolders: current.anchorHolders,
          errors: current.errors.map((e) => e.error),
        },
        ctx.actor,
        ctx.now,
        undoEventId,
      ),
    );
    const etags = new Map(current.errors.map((e) => [e.error.id, e.etag]));
    const actions: TransactionAction[] = [
      [
        'update',
        cloudToEntity(ctx.tenantId, plan.existingAfter),
        'Replace',
        { etag: current.existingEtag ?? '*' },
      ],
    ];
    if (plan.conflictingRestored)
      actions.push(['create', cloudToEntity(ctx.tenantId, plan.conflictingRestored)]);
    for (const error of plan.errorsAfter) {
      actions.push([
        'update',
        errorToEntity(ctx.tenantId, error),
        'Replace',
        { etag: etags.get(error.id) ?? '*' },
      ]);
    }
    actions.push([
      'update',
      auditEventEntity(ctx.tenantId, plan.fixEventAfter),
      'Replace',
      { etag: stored.etag },
    ]);
    actions.push(['create', auditEventEntity(ctx.tenantId, plan.auditEvent)]);
    actions.push(errorsVersionAction(ctx.tenantId, ctx.now));
    await ctx.table.submitTransaction(actions);
    return {
      undoEvent: plan.auditEvent,
      restoredObjectId: plan.conflictingRestored?.objectId ?? null,
      errorIds: plan.errorsAfter.map((e) => e.id),
    };
  });
}

async function currentState(
  ctx: ActionContext,
  existingId: string,
  deletedId: string | null,
  anchors: string[],
  errorIds: string[],
) {
  const [existingRaw, deletedRaw, anchorHolders, errors] = await Promise.all([
    getOrNull(ctx.table, ctx.tenantId, cloudRowKey(existingId)),
    deletedId ? getOrNull(ctx.table, ctx.tenantId, cloudRowKey(deletedId)) : Promise.resolve(null),
    cloudObjectsWithAnchors(ctx.table, ctx.tenantId, anchors),
    Promise.all(errorIds.map((id) => loadError(ctx.table, ctx.tenantId, id).catch(goneAsNull))),
  ]);
  const existing = existingRaw ? parseCloudEntity(existingRaw) : null;
  return {
    existing: existing?.record ?? null,
    existingEtag: existing?.etag ?? null,
    conflictingCloud: deletedRaw ? parseCloudEntity(deletedRaw).record : null,
    anchorHolders,
    errors: errors.filter((e): e is LoadedError => e !== null),
  };
}

/** An error a cycle has since removed is skipped; any other failure stops the undo. */
function goneAsNull(error: unknown): null {
  if (error instanceof AppError && error.kind === 'NotFound') return null;
  throw error;
}
