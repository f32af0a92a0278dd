import { AppError, notFound } from '../errors';
import type { AuditEvent } from './auditEvent';
import { loadError, type LoadedError } from './diagnosisRecords';
import type { ActionContext } from './diagnosisUseCases';
import { fixUnderLease } from './fixUnderLease';
import { planUndo, undoAnchors } from './planUndo';

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
  const { plan } = await fixUnderLease(ctx, now, {
    async read() {
      const stored = await ctx.store.audit.get(eventId);
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
      return { stored, current };
    },
    plan: ({ stored, current }, undoEventId) =>
      planUndo(
        stored.event,
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
    records: (undo, { stored, current }) => ({
      existing: { after: undo.existingAfter, etag: current.existingEtag },
      conflicting: undo.conflictingRestored ? { restored: undo.conflictingRestored } : null,
      errors: { after: undo.errorsAfter, etags: new Map(current.errors.map((e) => [e.error.id, e.etag])) },
      fixEventUndone: { after: undo.fixEventAfter, etag: stored.etag },
      auditEvent: undo.auditEvent,
    }),
  });
  return {
    undoEvent: plan.auditEvent,
    restoredObjectId: plan.conflictingRestored?.objectId ?? null,
    errorIds: plan.errorsAfter.map((e) => e.id),
  };
}

async function currentState(
  ctx: ActionContext,
  existingId: string,
  deletedId: string | null,
  anchors: string[],
  errorIds: string[],
) {
  const { store } = ctx;
  const [existing, deleted, anchorHolders, errors] = await Promise.all([
    store.directory.getCloud(existingId),
    deletedId ? store.directory.getCloud(deletedId) : Promise.resolve(null),
    store.directory.cloudsWithAnchors(anchors),
    Promise.all(errorIds.map((id) => loadError(store, id).catch(goneAsNull))),
  ]);
  return {
    existing: existing?.record ?? null,
    existingEtag: existing?.etag ?? null,
    conflictingCloud: deleted?.record ?? null,
    anchorHolders,
    errors: errors.filter((e): e is LoadedError => e !== null),
  };
}

/** An error a cycle has since removed is skipped; any other failure stops the undo. */
function goneAsNull(error: unknown): null {
  if (error instanceof AppError && error.kind === 'NotFound') return null;
  throw error;
}
