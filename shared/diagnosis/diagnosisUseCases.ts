import type { EntityTable } from '../store/entityTable';
import { plainEqual } from '../sync/reconcileEquality';
import type { TransactionAction } from '@azure/data-tables';

import { conflict, type Outcome } from '../errors';
import type { SyncError, YesNo } from '../sync/model';
import { auditEventEntity, newAuditEventId } from '../store/auditEvents';
import { errorsVersionAction } from '../store/errorsVersion';
import { errorToEntity } from '../store/syncErrorEntities';
import { answerQuestion } from './answerQuestion';
import type { AuditActor } from './auditEvent';
import { answerAuditEvent, closeAuditEvent } from './auditEvent';
import { closeDiagnosis } from './closeDiagnosis';
import { claimError, loadError, loadFacts, type LoadedError } from './diagnosisRecords';
import { diagnosisStep, type DiagnosisStep } from './diagnosisStep';
import type { QuestionId } from './questions';

export interface ActionContext {
  table: EntityTable;
  tenantId: string;
  actor: AuditActor;
  now: Date;
}

/** A refusal of the pure rules becomes a 409 with its stable code and its message. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw conflict(outcome.code, outcome.message);
  return outcome.value;
}

export async function getDiagnosis(
  table: EntityTable,
  tenantId: string,
  errorId: string,
): Promise<DiagnosisStep> {
  const loaded = await loadError(table, tenantId, errorId);
  return diagnosisStep((await loadFacts(table, tenantId, loaded)).facts);
}

/** Writes the error and its audit event in one transaction, after claiming the error row. */
async function commitErrorChange(
  ctx: ActionContext,
  loaded: LoadedError,
  after: SyncError,
  audit: Parameters<typeof auditEventEntity>[1],
): Promise<void> {
  const etag = await claimError(ctx.table, ctx.tenantId, loaded, audit.eventId);
  const actions: TransactionAction[] = [
    ['update', errorToEntity(ctx.tenantId, after), 'Replace', { etag }],
    ['create', auditEventEntity(ctx.tenantId, audit)],
    errorsVersionAction(ctx.tenantId, ctx.now),
  ];
  await ctx.table.submitTransaction(actions);
}

export async function answerDiagnosis(
  ctx: ActionContext,
  errorId: string,
  questionId: QuestionId,
  answer: YesNo,
): Promise<DiagnosisStep> {
  const loaded = await loadError(ctx.table, ctx.tenantId, errorId);
  const { facts } = await loadFacts(ctx.table, ctx.tenantId, loaded);
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
  const loaded = await loadError(ctx.table, ctx.tenantId, errorId);
  const { facts } = await loadFacts(ctx.table, ctx.tenantId, loaded);
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
