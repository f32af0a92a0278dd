import type { CloudObject } from '../directory/model';
import type { DiagnoseStatus, DiagnosisAnswers, SyncError, YesNo } from '../sync/model';
import type { QuestionId } from './questions';

/** Who acted: the caller's token `oid`, and its display name where the token carries one. */
export interface AuditActor {
  oid: string;
  name: string | null;
}

export const AUDIT_ACTIONS = ['answer', 'close', 'applyFix', 'undo'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

interface AuditEventBase<A extends AuditAction, D> {
  eventId: string;
  /** The error acted on; null is reserved for actions not tied to one error. */
  errorId: string | null;
  action: A;
  actor: AuditActor;
  /** ISO 8601. */
  at: string;
  details: D;
  /** The eventId of the undo that reverted this event; only an applyFix event ever gets one. */
  undoneBy: string | null;
}

export interface AnswerDetails {
  questionId: QuestionId;
  answer: YesNo;
  answersBefore: DiagnosisAnswers;
  answersAfter: DiagnosisAnswers;
}

export interface CloseDetails {
  statusBefore: DiagnoseStatus;
  answersBefore: DiagnosisAnswers;
  answersAfter: DiagnosisAnswers;
}

/**
 * Full records, not diffs: undo re-creates the deleted object exactly and checks the existing object
 * against `existingAfter` field by field, which a diff could not support.
 */
export interface ApplyFixDetails {
  existingBefore: CloudObject;
  existingAfter: CloudObject;
  /** The conflicting cloud object as it was when deleted permanently; null when there was none. */
  conflictingDeleted: CloudObject | null;
  /** This error and its siblings (decision 8) before and after, in the same order. */
  errorsBefore: SyncError[];
  errorsAfter: SyncError[];
}

export interface UndoDetails {
  /** The applyFix event this undo reverted. */
  undoneEventId: string;
  existingBefore: CloudObject;
  existingAfter: CloudObject;
  conflictingRestored: CloudObject | null;
  errorsBefore: SyncError[];
  errorsAfter: SyncError[];
}

export type AnswerAuditEvent = AuditEventBase<'answer', AnswerDetails>;
export type CloseAuditEvent = AuditEventBase<'close', CloseDetails>;
export type ApplyFixAuditEvent = AuditEventBase<'applyFix', ApplyFixDetails>;
export type UndoAuditEvent = AuditEventBase<'undo', UndoDetails>;
export type AuditEvent = AnswerAuditEvent | CloseAuditEvent | ApplyFixAuditEvent | UndoAuditEvent;

export interface AuditContext {
  eventId: string;
  actor: AuditActor;
  now: Date;
}

function envelope<A extends AuditAction, D>(
  action: A,
  errorId: string | null,
  ctx: AuditContext,
  details: D,
): AuditEventBase<A, D> {
  return {
    eventId: ctx.eventId,
    errorId,
    action,
    actor: ctx.actor,
    at: ctx.now.toISOString(),
    details,
    undoneBy: null,
  };
}

export const answerAuditEvent = (
  error: SyncError,
  ctx: AuditContext,
  details: AnswerDetails,
): AnswerAuditEvent => envelope('answer', error.id, ctx, details);

/** `closed` is the error after closeDiagnosis; `before` the one it was called with. */
export const closeAuditEvent = (before: SyncError, closed: SyncError, ctx: AuditContext): CloseAuditEvent =>
  envelope('close', before.id, ctx, {
    statusBefore: before.diagnoseStatus,
    answersBefore: before.answers,
    answersAfter: closed.answers,
  });

export const applyFixAuditEvent = (
  errorId: string,
  ctx: AuditContext,
  details: ApplyFixDetails,
): ApplyFixAuditEvent => envelope('applyFix', errorId, ctx, details);

export const undoAuditEvent = (
  errorId: string | null,
  ctx: AuditContext,
  details: UndoDetails,
): UndoAuditEvent => envelope('undo', errorId, ctx, details);
