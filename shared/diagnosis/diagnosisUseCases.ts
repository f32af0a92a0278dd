import { plainEqual } from '../sync/reconcileEquality';
import { conflict, type Outcome } from '../errors';
import type { SyncError, YesNo } from '../sync/model';
import { newAuditEventId } from '../store/auditEvents';
import type { TenantStore } from '../store/tenantStore';
import { answerQuestion } from './answerQuestion';
import type { AuditActor, AuditEvent } from './auditEvent';
import { answerAuditEvent, closeAuditEvent } from './auditEvent';
import { closeDiagnosis } from './closeDiagnosis';
import { loadError, loadFacts, type LoadedError } from './diagnosisRecords';
import { diagnosisStep, type DiagnosisStep } from './diagnosisStep';
import type { QuestionId } from './questions';

export interface ActionContext {
  /** The caller's tenant's records (the tenant comes from the verified token). */
  store: TenantStore;
  actor: AuditActor;
  now: Date;
}

/** A refusal of the pure rules becomes a 409 with its stable code and its message. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw conflict(outcome.code, outcome.message);
  return outcome.value;
}

export async function getDiagnosis(store: TenantStore, errorId: string): Promise<DiagnosisStep> {
  const loaded = await loadError(store, errorId);
  return diagnosisStep((await loadFacts(store, loaded)).facts);
}

/** Writes the error and its audit event in one transaction, after claiming the error row. */
async function commitErrorChange(
  ctx: ActionContext,
  loaded: LoadedError,
  after: SyncError,
  audit: AuditEvent,
): Promise<void> {
  const tx = ctx.store.transaction();
  await tx.claimError(loaded.error, loaded.etag, audit.eventId);
  await tx.writeErrors([after]).addAudit(audit).commit(ctx.now);
}

export async function answerDiagnosis(
  ctx: ActionContext,
  errorId: string,
  questionId: QuestionId,
  answer: YesNo,
): Promise<DiagnosisStep> {
  const loaded = await loadError(ctx.store, errorId);
  const { facts } = await loadFacts(ctx.store, loaded);
  const answers = unwrap(answerQuestion(facts, questionId, answer));
  const after: SyncError = { ...loaded.error, answers };
  const event = answerAuditEvent(
    loaded.error,
    { eventId: newAuditEventId(ctx.now), actor: ctx.actor, now: ctx.now },
    { questionId, answer, answersBefore: loaded.error.answers, answersAfter: answers },
  );
  await commitErrorChange(ctx, loaded, after, event);
  return diagnosisStep({ ...facts, error: after });
}

export async function closeSyncErrorDiagnosis(
  ctx: ActionContext,
  errorId: string,
): Promise<{ error: SyncError; step: DiagnosisStep }> {
  const loaded = await loadError(ctx.store, errorId);
  const { facts } = await loadFacts(ctx.store, loaded);
  const closed = unwrap(closeDiagnosis(facts));
  // Closing a closed diagnosis is a no-op (a retried request succeeds): nothing written, nothing audited.
  if (plainEqual(closed, loaded.error)) {
    return { error: closed, step: diagnosisStep({ ...facts, error: closed }) };
  }
  const event = closeAuditEvent(loaded.error, closed, {
    eventId: newAuditEventId(ctx.now),
    actor: ctx.actor,
    now: ctx.now,
  });
  await commitErrorChange(ctx, loaded, closed, event);
  return { error: closed, step: diagnosisStep({ ...facts, error: closed }) };
}
