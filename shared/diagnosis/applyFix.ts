import type { SyncError } from '../sync/model';
import { loadError, loadFacts, openErrorsOfAnchor } from './diagnosisRecords';
import type { ActionContext } from './diagnosisUseCases';
import { fixUnderLease } from './fixUnderLease';
import { planApplyFix } from './planApplyFix';

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
  const { store } = ctx;
  const { plan, state } = await fixUnderLease(ctx, now, {
    async read() {
      const loaded = await loadError(store, errorId);
      const { facts, existingEtag } = await loadFacts(store, loaded);
      const siblings = await openErrorsOfAnchor(store, loaded.error.conflictingSourceAnchor);
      return { loaded, facts, existingEtag, siblings };
    },
    plan: ({ loaded, facts, siblings }, eventId) =>
      planApplyFix(
        facts,
        siblings.map((s) => s.error).filter((s) => s.id !== loaded.error.id),
        ctx.actor,
        ctx.now,
        eventId,
      ),
    claim: (tx, { loaded }, eventId) => tx.claimError(loaded.error, loaded.etag, eventId),
    records: (fix, { existingEtag, siblings }) => ({
      existing: { after: fix.existingAfter, etag: existingEtag },
      conflicting: fix.conflictingDeleted ? { deleted: fix.conflictingDeleted } : null,
      errors: { after: fix.errorsAfter, etags: new Map(siblings.map((s) => [s.error.id, s.etag])) },
      auditEvent: fix.auditEvent,
    }),
  });
  const { error } = state.loaded;
  return {
    error: plan.errorsAfter.find((e) => e.id === error.id) ?? error,
    errorIds: plan.errorsAfter.map((e) => e.id),
    auditEventId: plan.auditEvent.eventId,
    existingObjectId: plan.existingAfter.objectId,
    deletedObjectId: plan.conflictingDeleted?.objectId ?? null,
  };
}
