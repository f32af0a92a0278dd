import { auditEventView } from '../../../shared/diagnosis/auditLog';
import { InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import { answerAuditEvent, closeAuditEvent } from '../../../shared/diagnosis/auditEvent';
import { closeDiagnosis } from '../../../shared/diagnosis/closeDiagnosis';
import { diagnosisStep, OUTCOMES } from '../../../shared/diagnosis/diagnosisStep';
import { planApplyFix } from '../../../shared/diagnosis/planApplyFix';
import { planUndo } from '../../../shared/diagnosis/planUndo';
import { AppError, badRequest, conflict } from '../../../shared/errors';
import { problemSchema } from '../../../shared/contract/problems';
import {
  auditEventSchema,
  closeResultSchema,
  diagnosisStepSchema,
  tenantSettingsSchema,
} from '../../../shared/contract/responses';
import {
  cloudObjectView,
  cloudObjectViewSchema,
  sourceObjectView,
  sourceObjectViewSchema,
} from '../../../shared/contract/directoryViews';
import { internalErrorResponse, problemResponse } from '../../../shared/http/problem';
import { errorResponse } from '../../../shared/http/route';
import { defaultSettings } from '../../../shared/store/settingsRepository';
import { syncErrorView, syncErrorViewSchema } from '../../../shared/syncErrors/syncErrorView';
import {
  ACTOR,
  NOW,
  answers,
  cloudUser,
  commonFacts,
  fixAvailableFacts,
  orphanedFacts,
  settings,
  sourceUser,
  syncError,
  valueOf,
  withError,
} from '../diagnosis/fixtures';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

/**
 * Real outputs of the view functions parse with the response schemas the OpenAPI document is
 * generated from, and lose nothing in parsing: the schema names every field the view writes.
 */
function expectDescribedBy(schema: z.ZodType, value: unknown): void {
  const parsed = schema.safeParse(value);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(value);
}

describe('directory views', () => {
  test.each([
    ['a source object', sourceUser()],
    [
      'one deleted on-premises and exported',
      sourceUser({ deletedAt: NOW.toISOString(), connectorState: 'Exported' }),
    ],
    [
      'a group without a UPN',
      sourceUser({ objectType: 'Group', userPrincipalName: null, distinguishedName: null }),
    ],
  ])('sourceObjectView of %s', (_, source) => {
    expectDescribedBy(sourceObjectViewSchema, sourceObjectView(source));
  });

  test.each([
    ['a synced user', cloudUser()],
    [
      'a cloud-only, soft-deleted user',
      cloudUser({ sourceAnchor: null, deletedDateTime: NOW.toISOString() }),
    ],
    ['a user holding directory roles', cloudUser({ directoryRoleTemplateIds: [GLOBAL_ADMIN] })],
  ])('cloudObjectView of %s', (_, cloud) => {
    expectDescribedBy(cloudObjectViewSchema, cloudObjectView(cloud));
  });
});

describe('syncErrorView', () => {
  test.each([
    ['an open error before any cycle', syncError(), null],
    ['an open error seen by a later cycle', syncError(), '2025-03-01T10:00:00.000Z'],
    [
      'a resolved, answered error',
      syncError({
        resolvedAt: NOW.toISOString(),
        answers: answers({ userExistsOnPremises: 'no', closed: true }),
      }),
      null,
    ],
  ])('%s', (_, error, cycleStartedAt) => {
    expectDescribedBy(syncErrorViewSchema, syncErrorView(error, cycleStartedAt));
  });
});

describe('diagnosisStep: every question and every outcome', () => {
  const steps = [
    diagnosisStep(orphanedFacts()),
    diagnosisStep(withError(orphanedFacts(), { answers: answers({ userExistsOnPremises: 'no' }) })),
    diagnosisStep(fixAvailableFacts()),
    diagnosisStep(withError(commonFacts(), { answers: answers({ userExistsOnPremises: 'yes' }) })),
    diagnosisStep(
      withError(orphanedFacts(), { answers: answers({ userExistsOnPremises: 'no', sameUser: 'no' }) }),
    ),
    diagnosisStep(
      withError(orphanedFacts(), { answers: answers({ closed: true }), diagnoseStatus: 'ManualFixRequired' }),
    ),
    diagnosisStep(withError(orphanedFacts(), { diagnoseStatus: 'PendingSync' })),
    diagnosisStep(withError(orphanedFacts(), { resolvedAt: NOW.toISOString() })),
    diagnosisStep(
      withError(orphanedFacts(), {
        existingObject: { ...orphanedFacts().error.existingObject!, objectType: 'Group' },
      }),
    ),
  ];

  test('the cases cover both questions and all outcomes', () => {
    const kinds = steps.map((s) => (s.kind === 'question' ? s.questionId : s.outcome));
    expect(new Set(kinds)).toEqual(new Set(['userExistsOnPremises', 'sameUser', ...OUTCOMES]));
  });

  test.each(steps.map((s) => [s.kind === 'question' ? s.questionId : s.outcome, s] as const))(
    '%s',
    (_, step) => {
      expectDescribedBy(diagnosisStepSchema, step);
    },
  );

  test('the close result carries the step', () => {
    const closed = valueOf(closeDiagnosis(orphanedFacts()));
    const step = diagnosisStep({ ...orphanedFacts(), error: closed });
    expectDescribedBy(closeResultSchema, {
      id: closed.id,
      diagnoseStatus: closed.diagnoseStatus,
      diagnosis: step,
    });
  });
});

describe('audit events of every action', () => {
  const facts = fixAvailableFacts();
  const fix = valueOf(planApplyFix(facts, [], ACTOR, NOW, 'evt-fix')).auditEvent;
  const undo = valueOf(
    planUndo(
      fix,
      {
        existingCloud: fix.details.existingAfter,
        conflictingCloud: null,
        anchorHolders: [fix.details.existingAfter],
        errors: fix.details.errorsAfter,
      },
      ACTOR,
      NOW,
      'evt-undo',
    ),
  );
  const error = facts.error;
  const events = [
    answerAuditEvent(
      error,
      { eventId: 'evt-answer', actor: ACTOR, now: NOW },
      {
        questionId: 'userExistsOnPremises',
        answer: 'no',
        answersBefore: answers(),
        answersAfter: answers({ userExistsOnPremises: 'no' }),
      },
    ),
    closeAuditEvent(error, valueOf(closeDiagnosis(facts)), {
      eventId: 'evt-close',
      actor: { ...ACTOR, name: null },
      now: NOW,
    }),
    fix,
    undo.fixEventAfter,
    undo.auditEvent,
  ];

  test.each(events.map((e) => [`${e.action} (${e.eventId})`, e] as const))('%s', (_, event) => {
    expectDescribedBy(auditEventSchema, auditEventView(event));
  });

  test('applyFix of a user holding directory roles: its records show them', () => {
    const admin = cloudUser({ directoryRoleTemplateIds: [GLOBAL_ADMIN] });
    const event = valueOf(
      planApplyFix(fixAvailableFacts({ existingCloud: admin }), [], ACTOR, NOW, 'evt-admin'),
    ).auditEvent;
    expect(event.details.existingAfter.directoryRoleTemplateIds).toEqual([GLOBAL_ADMIN]);
    expectDescribedBy(auditEventSchema, auditEventView(event));
  });
});

describe('settings', () => {
  test('the defaults and saved settings', () => {
    expectDescribedBy(tenantSettingsSchema, defaultSettings('5b2a8a55-4f3e-4c8a-9b0e-1d2c3b4a5f60'));
    expectDescribedBy(tenantSettingsSchema, settings({ deletionThreshold: null }));
  });
});

describe('problem bodies', () => {
  const invocation = new InvocationContext({ invocationId: 'inv-1', functionName: 'probe' });
  const bodies = [
    problemResponse(
      badRequest('ValidationFailed', 'query.top: too big', {
        errors: [{ field: 'query.top', message: 'too big' }],
      }),
    ),
    problemResponse(conflict('SourceAnchorInUse', 'another object holds it', { objectId: 'x' })),
    problemResponse(conflict('SyncCycleInProgress', 'running', { runningSince: NOW.toISOString() })),
    errorResponse(
      new AppError('TooManyRequests', 'RateLimited', 'slow down', { retryAfterSeconds: 3 }),
      invocation,
    ),
    errorResponse(new AppError('Unauthenticated', 'MissingToken', 'send one'), invocation),
    internalErrorResponse('inv-1'),
  ];

  test.each(bodies.map((b) => [b.status, b] as const))('%s', (_, response) => {
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    const body: unknown = JSON.parse(response.body as string);
    expectDescribedBy(problemSchema, body);
    expect(body).toMatchObject({ status: response.status });
  });
});
