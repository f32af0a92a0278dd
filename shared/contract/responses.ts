import { z } from 'zod';
import type { AuditEventView } from '../diagnosis/auditLog';
import { auditEnvelopeShape, auditEventSchemaOf } from '../records/auditEventSchema';
import { cloudObjectSchema } from '../records/cloudObjectSchema';
import { cycleSummarySchema as cycleSummaryRecord } from '../records/cycleSummarySchema';
import {
  diagnosisAnswersSchema as diagnosisAnswersRecord,
  yesNoSchema,
} from '../records/diagnosisAnswersSchema';
import { syncErrorSchema } from '../records/syncErrorSchema';
import { tenantSettingsSchema as tenantSettingsRecord } from '../records/tenantSettingsSchema';
import type { AppliedFix } from '../diagnosis/applyFix';
import type { DiagnosisStep } from '../diagnosis/diagnosisStep';
import { OUTCOMES } from '../diagnosis/diagnosisStep';
import type { ErrorGuidance } from '../diagnosis/errorGuidance';
import { QUESTION_IDS } from '../diagnosis/questions';
import type { ImportResult } from '../directory/cloudObjectRecords';
import { CONNECTOR_STATES, OBJECT_TYPES } from '../directory/model';
import type { UpsertResult } from '../directory/sourceObjectRecords';
import type { CycleHistoryPage } from '../sync/cycleHistory';
import { DIAGNOSE_STATUSES, ERROR_CATEGORIES, ERROR_TYPES, SYNC_ATTRIBUTES } from '../sync/model';
import { syncErrorViewSchema } from '../syncErrors/syncErrorView';
import type { DryRunResult } from '../sync/dryRunCycle';
import { CYCLE_STATUSES, type CycleStatus } from '../sync/cycleStatus';
import type { QueuedCycleStatus } from '../sync/requestCycle';
import { describes } from './operation';

/**
 * Response schemas of the JSON whose types are owned outside shared/contract (the model, the use
 * cases): each is held to its type by `describes`, so neither can change without the other. The
 * records the API answers as they are kept are the record schemas themselves (shared/records/),
 * not restatements of them.
 */

export const tenantSettingsSchema = tenantSettingsRecord;

export const cycleSummarySchema = cycleSummaryRecord;

export const dryRunResultSchema = describes<DryRunResult>()(
  z.object({
    dryRun: z.literal(true),
    summary: cycleSummarySchema
      .pick({
        startedAt: true,
        objectsRead: true,
        provisioned: true,
        updated: true,
        softDeleted: true,
        purged: true,
        errorsCreated: true,
        errorsResolved: true,
        errorsReset: true,
        deletionThresholdExceeded: true,
        deletionsHeldBack: true,
      })
      .meta({ description: 'The counts the cycle would record, as of `startedAt`.' }),
    errorsCreated: z
      .array(syncErrorViewSchema)
      .meta({ description: 'Errors it would raise, new or coming back (they keep their ids).' }),
    errorsResolved: z.array(syncErrorViewSchema).meta({ description: 'Open errors it would resolve.' }),
  }),
);

export const cycleStatusSchema = describes<CycleStatus>()(
  z.object({
    cycleId: z.string(),
    status: z.enum(CYCLE_STATUSES).meta({
      description:
        '`queued` until a worker takes it, `running` while it holds the tenant, then `succeeded` or `failed`.',
    }),
    summary: cycleSummarySchema.optional().meta({
      description:
        'When succeeded: the summary of the cycle that ran it, or of the cycle already running that served it (its own `cycleId`).',
    }),
    problem: z
      .object({ code: z.string(), detail: z.string() })
      .optional()
      .meta({ description: 'When failed: the problem code and detail the cycle stopped with.' }),
  }),
);

/** POST /api/sync-cycles's 202: the cycle asked for, queued; its status says the rest. */
export const queuedCycleSchema = describes<QueuedCycleStatus>()(
  z.object({
    cycleId: z.string().meta({ description: 'The id to poll: GET /api/sync-cycles/{cycleId}.' }),
    status: z.literal('queued'),
  }),
);

export const cycleHistoryPageSchema = describes<CycleHistoryPage>()(
  z.object({
    value: z.array(cycleSummarySchema),
    continuationToken: z.string().nullable(),
    inProgress: z
      .object({ since: z.string() })
      .nullable()
      .meta({ description: 'A cycle running now, and since when.' }),
  }),
);

export const diagnosisAnswersSchema = diagnosisAnswersRecord;

const linkSchema = z.object({ text: z.string(), url: z.string() });

const guidanceObjectSchema = z.object({
  objectId: z.string().nullable(),
  objectType: z.enum(OBJECT_TYPES),
  displayName: z.string().nullable(),
  userPrincipalName: z.string().nullable().meta({
    description: "The existing object's UPN; the conflicting object's source UPN (the one it asks for).",
  }),
  cloudUserPrincipalName: z.string().nullable().meta({
    description: 'The UPN its cloud object has now; null while it is not in the cloud.',
  }),
  sourceAnchor: z.string().nullable(),
  dirSyncEnabled: z
    .boolean()
    .nullable()
    .meta({ description: 'Whether sync manages its cloud object now; null while not in the cloud.' }),
  softDeleted: z.boolean(),
  directoryRoleTemplateIds: z
    .array(z.string())
    .meta({ description: "Its cloud object's directory roles now, by role template id." }),
  directoryRoles: z.array(z.string()).meta({
    description:
      'The same roles by name (e.g. Global Administrator); the template id for a role not known by name.',
  }),
});

export const errorGuidanceSchema = describes<ErrorGuidance>()(
  z
    .object({
      errorType: z.enum(ERROR_TYPES),
      category: z.enum(ERROR_CATEGORIES),
      attribute: z.enum(SYNC_ATTRIBUTES),
      value: z.string(),
      summary: z.string().meta({ description: 'What the error means for these objects.' }),
      remedy: z
        .array(z.string())
        .meta({ description: "What to do, step by step: Microsoft's documented remedy for the type." }),
      brokenRule: z
        .object({ text: z.string(), limit: z.number().int().nullable(), actual: z.number().int().nullable() })
        .nullable()
        .meta({
          description:
            'The rule or limit the value breaks (IdentityDataValidationFailed, LargeObject); null for a conflict between two objects.',
        }),
      existing: guidanceObjectSchema
        .nullable()
        .meta({ description: 'The object holding the value; null for an error about one object alone.' }),
      conflicting: guidanceObjectSchema,
      guidedFix: z.string().nullable().meta({
        description: 'What Apply Fix does for this type when the service does the remedy itself; else null.',
      }),
      source: linkSchema.meta({ description: 'The Microsoft Learn section the remedy follows.' }),
    })
    .meta({ description: 'The error type explained: what it means, what to do, and the evidence.' }),
);

const stepBase = {
  errorId: z.string(),
  diagnoseStatus: z.enum(DIAGNOSE_STATUSES),
  answers: diagnosisAnswersSchema,
  guidance: errorGuidanceSchema,
};

const userExistsOnPremisesEvidence = z.object({
  existingObjectId: z.string().nullable(),
  existingUserPrincipalName: z.string().nullable(),
  sourceAnchor: z.string().nullable(),
  connectorSpaceDn: z.string().nullable(),
  sourceObjectFound: z.boolean(),
  distinguishedName: z.string().nullable(),
  connectorState: z.enum(CONNECTOR_STATES).nullable(),
  inScope: z.boolean().nullable(),
  deletedOnPremises: z.boolean().nullable(),
  summary: z.string(),
});

const comparedValue = z.object({
  existing: z.string().nullable(),
  conflicting: z.string().nullable(),
  equal: z.boolean(),
});

const sameUserEvidence = z.object({
  displayName: comparedValue,
  userPrincipalName: comparedValue,
  objectId: comparedValue,
});

const question = <Q extends (typeof QUESTION_IDS)[number], E extends z.ZodType>(questionId: Q, evidence: E) =>
  z.object({
    ...stepBase,
    kind: z.literal('question'),
    questionId: z.literal(questionId),
    text: z.string(),
    suggestedAnswer: yesNoSchema,
    evidence,
  });

const outcomeBase = {
  ...stepBase,
  kind: z.literal('outcome'),
  message: z.string(),
  learnMore: linkSchema.nullable(),
};

const plainOutcomes = OUTCOMES.filter(
  (o): o is Exclude<(typeof OUTCOMES)[number], 'fixAvailable' | 'resolved'> =>
    o !== 'fixAvailable' && o !== 'resolved',
);

export const diagnosisStepSchema = describes<DiagnosisStep>()(
  z
    .union([
      question('userExistsOnPremises', userExistsOnPremisesEvidence),
      question('sameUser', sameUserEvidence),
      z.object({ ...outcomeBase, outcome: z.enum(plainOutcomes) }),
      z.object({ ...outcomeBase, outcome: z.literal('resolved'), resolvedAt: z.string() }),
      z.object({
        ...outcomeBase,
        outcome: z.literal('fixAvailable'),
        fix: z.object({
          existingObjectId: z.string().nullable(),
          newSourceAnchor: z.string(),
          conflictingObjectIdToDelete: z
            .string()
            .nullable()
            .meta({ description: 'Deleted permanently by the fix; null when never provisioned.' }),
        }),
      }),
    ])
    .meta({
      description:
        'Where the diagnosis stands: the next question (`kind: question`) with its suggested answer and ' +
        'evidence, or the outcome (`kind: outcome`). Every step carries `guidance`: what the error type ' +
        'means and what to do. An error outside the two questions (not a duplicate between two users) is ' +
        '`notApplicable`, its message the remedy for its type.',
    }),
);

/** A cloud object as stored (audit events keep whole records, so undo can restore them). */
export const cloudObjectRecordSchema = cloudObjectSchema;

/** A sync error as stored, in audit events. */
export const syncErrorRecordSchema = syncErrorSchema;

/** The record's envelope with the event's id under `id`, as every other resource has it. */
const auditViewEnvelope = {
  id: z.string().meta({ description: 'The audit event id, as in `/api/audit-events/{id}/undo`.' }),
  ...auditEnvelopeShape,
  eventId: auditEnvelopeShape.eventId.meta({
    deprecated: true,
    description: 'Deprecated alias of `id`, kept for one release (0.2 drops it); read `id`.',
  }),
  undoneBy: auditEnvelopeShape.undoneBy.meta({
    description: 'The undo event that reverted this one (applyFix only).',
  }),
};

export const auditEventSchema = describes<AuditEventView>()(
  auditEventSchemaOf(auditViewEnvelope, {
    cloudObject: cloudObjectRecordSchema,
    syncError: syncErrorRecordSchema,
  }),
);

export const upsertResultSchema = describes<UpsertResult>()(
  z.object({
    created: z.number().int(),
    updated: z.number().int(),
    sourceAnchors: z.array(z.string()).meta({ description: 'The anchor of each object, in body order.' }),
  }),
);

export const importResultSchema = describes<ImportResult>()(
  z.object({
    created: z.number().int(),
    updated: z.number().int(),
    objectIds: z.array(z.string()),
  }),
);

/** POST .../apply-fix, built in functions/applyFix.ts from the use case's AppliedFix. */
export const applyFixResultSchema = z.object({
  id: z.string(),
  diagnoseStatus: z.enum(DIAGNOSE_STATUSES),
  pendingSyncErrorIds: z
    .array(z.string())
    .meta({ description: 'Every error the fix moved to PendingSync: this one and its siblings.' }),
  auditEventId: z.string().meta({ description: 'The applyFix audit event; POST it to .../undo to revert.' }),
  existingObjectId: z.string(),
  deletedObjectId: z.string().nullable(),
});
export type ApplyFixResult = z.infer<typeof applyFixResultSchema>;

/** The use case's result carries what the response shows. */
export const appliedFixFields = describes<
  Pick<AppliedFix, 'auditEventId' | 'existingObjectId' | 'deletedObjectId'>
>()(applyFixResultSchema.pick({ auditEventId: true, existingObjectId: true, deletedObjectId: true }));

export const closeResultSchema = z.object({
  id: z.string(),
  diagnoseStatus: z.enum(DIAGNOSE_STATUSES),
  diagnosis: diagnosisStepSchema,
});
export type CloseResult = z.infer<typeof closeResultSchema>;

export const undoResultSchema = z.object({
  eventId: z.string().meta({ description: 'The undo audit event.' }),
  undoneEventId: z.string(),
  restoredObjectId: z
    .string()
    .nullable()
    .meta({ description: 'The deleted object re-created, if the fix deleted one.' }),
  errorIds: z.array(z.string()),
});
export type UndoResult = z.infer<typeof undoResultSchema>;

export const devTokenResultSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().meta({ description: 'Seconds.' }),
});
export type DevTokenResult = z.infer<typeof devTokenResultSchema>;

export const healthSchema = z.object({ status: z.literal('ok') });
export type Health = z.infer<typeof healthSchema>;

/** This document: described by the OpenAPI 3.1 specification itself, not repeated here. */
export const openApiDocumentSchema = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ description: 'An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0).' });
