import type { CloudObject } from '../directory/model';
import type { Outcome } from '../errors';
import { succeed } from '../errors';
import type { SyncError } from '../sync/model';
import type { ApplyFixAuditEvent, AuditActor, AuditEvent, UndoAuditEvent } from './auditEvent';
import { undoAuditEvent } from './auditEvent';
import { changedFields } from './recordDiff';
import type { DiagnosisRefusal } from './refusals';
import { refuseWith, undoConflict } from './refusals';

/** What the use case loads, as it is now, before asking whether a fix can be undone. */
export interface UndoCurrentState {
  /** The object the fix moved the anchor to, by the event's existingAfter.objectId. */
  existingCloud: CloudObject | null;
  /** Any object (soft-deleted included) now holding the deleted object's objectId; must be null. */
  conflictingCloud: CloudObject | null;
  /** Every cloud object (soft-deleted included) now holding one of `undoAnchors(event)`. */
  anchorHolders: CloudObject[];
  /** The current records of the event's errors (errorsAfter), looked up by id; a missing one is gone. */
  errors: SyncError[];
}

/** The writes that revert one fix, all in one transaction. */
export interface UndoPlan {
  /** The fix's existingBefore, exactly. */
  existingAfter: CloudObject;
  /** The deleted conflicting object, re-created exactly; null when the fix deleted none. */
  conflictingRestored: CloudObject | null;
  /** The fix's errors that are still open, with their pre-fix status and answers. */
  errorsAfter: SyncError[];
  /** The fix event, marked undone by the new event. */
  fixEventAfter: ApplyFixAuditEvent;
  auditEvent: UndoAuditEvent;
}

/**
 * The anchors undo hands out again: the existing object's old one, and the deleted object's one. The
 * caller looks up who holds them now, so undo never gives an anchor to two objects.
 */
export function undoAnchors(event: ApplyFixAuditEvent): string[] {
  const { existingBefore, conflictingDeleted } = event.details;
  const anchors = [existingBefore.sourceAnchor, conflictingDeleted ? conflictingDeleted.sourceAnchor : null];
  return [...new Set(anchors.filter((a): a is string => a !== null))];
}

function refusalIfObjectsMoved(
  event: ApplyFixAuditEvent,
  current: UndoCurrentState,
): DiagnosisRefusal | null {
  const { existingAfter, conflictingDeleted } = event.details;
  if (current.existingCloud === null) return undoConflict.existingGone(existingAfter.objectId);
  const changed = changedFields(existingAfter, current.existingCloud);
  if (changed.length > 0) return undoConflict.existingChanged(existingAfter.objectId, changed);
  if (conflictingDeleted !== null && current.conflictingCloud !== null) {
    return undoConflict.deletedObjectExists(conflictingDeleted.objectId);
  }
  return null;
}

function refusalIfAnchorTaken(event: ApplyFixAuditEvent, current: UndoCurrentState): DiagnosisRefusal | null {
  const anchors = new Set(undoAnchors(event));
  const taker = current.anchorHolders.find(
    (holder) =>
      holder.objectId !== event.details.existingAfter.objectId &&
      holder.sourceAnchor !== null &&
      anchors.has(holder.sourceAnchor),
  );
  return taker && taker.sourceAnchor !== null
    ? undoConflict.anchorTaken(taker.sourceAnchor, taker.objectId)
    : null;
}

/**
 * A cycle that ran since the fix resolved its errors (that is what the fix is for): the state the
 * undo would restore is then history, and restoring the objects would bring the duplicate back with
 * no open error to show it until the cycle after. The chance to undo ends with the next cycle.
 */
function refusalIfCycleResolved(
  event: ApplyFixAuditEvent,
  current: UndoCurrentState,
): DiagnosisRefusal | null {
  const resolved = current.errors.filter((e) => e.resolvedAt !== null).map((e) => e.id);
  return resolved.length > 0 ? undoConflict.cycleResolved(resolved) : null;
}

function restoredErrors(
  event: ApplyFixAuditEvent,
  current: readonly SyncError[],
): { before: SyncError[]; after: SyncError[] } {
  const byId = new Map(current.map((e) => [e.id, e]));
  const before: SyncError[] = [];
  const after: SyncError[] = [];
  for (const original of event.details.errorsBefore) {
    const now = byId.get(original.id);
    if (now === undefined || now.resolvedAt !== null) continue;
    before.push(now);
    after.push({ ...now, diagnoseStatus: original.diagnoseStatus, answers: original.answers });
  }
  return { before, after };
}

/**
 * Undo of an applied fix (decision 9): only while nothing the fix wrote has changed since. Refusals in
 * order: NotUndoable (not an applyFix event), UndoConflict (already undone; existing object gone or
 * changed in any field; an object with the deleted id exists; another object holds an anchor undo
 * would hand out; a cycle resolved the fix's errors since).
 */
export function planUndo(
  event: AuditEvent,
  current: UndoCurrentState,
  actor: AuditActor,
  now: Date,
  newEventId: string,
): Outcome<UndoPlan> {
  if (event.action !== 'applyFix') return refuseWith('NotUndoable');
  if (event.undoneBy !== null) return undoConflict.alreadyUndone(event.undoneBy);
  const refusal =
    refusalIfObjectsMoved(event, current) ??
    refusalIfAnchorTaken(event, current) ??
    refusalIfCycleResolved(event, current);
  if (refusal) return refusal;

  const { existingBefore, existingAfter, conflictingDeleted } = event.details;
  const errors = restoredErrors(event, current.errors);
  const auditEvent = undoAuditEvent(
    event.errorId,
    { eventId: newEventId, actor, now },
    {
      undoneEventId: event.eventId,
      // Equal to existingAfter by the check above; the stored record is what this undo overwrites.
      existingBefore: current.existingCloud ?? existingAfter,
      existingAfter: existingBefore,
      conflictingRestored: conflictingDeleted,
      errorsBefore: errors.before,
      errorsAfter: errors.after,
    },
  );
  return succeed({
    existingAfter: existingBefore,
    conflictingRestored: conflictingDeleted,
    errorsAfter: errors.after,
    fixEventAfter: { ...event, undoneBy: newEventId },
    auditEvent,
  });
}
