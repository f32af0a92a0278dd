import { z } from 'zod';
import { describes } from '../describes';
import type { AuditActor, AuditEvent } from '../diagnosis/auditEvent';
import { QUESTION_IDS } from '../diagnosis/questions';
import { DIAGNOSE_STATUSES } from '../sync/model';
import { cloudObjectSchema } from './cloudObjectSchema';
import { diagnosisAnswersSchema, yesNoSchema } from './diagnosisAnswersSchema';
import { syncErrorSchema } from './syncErrorSchema';

export const auditActorSchema = describes<AuditActor>()(
  z.object({ oid: z.string(), name: z.string().nullable() }),
);

/** The fields every audit event has beside its action and details (shared/diagnosis/auditEvent.ts). */
export const auditEnvelopeShape = {
  eventId: z.string(),
  errorId: z.string().nullable(),
  actor: auditActorSchema,
  at: z.string(),
  undoneBy: z.string().nullable(),
};

/** What an answer or a close did to the error's answers. */
const answersChange = { answersBefore: diagnosisAnswersSchema, answersAfter: diagnosisAnswersSchema };

/** The whole records a fix or an undo keeps of the objects and errors it changed. */
export interface AuditedRecords<C extends z.ZodType, E extends z.ZodType> {
  cloudObject: C;
  syncError: E;
}

/**
 * The audit event union, built from its envelope and the records it holds, so that the two places
 * that vary one part say only that part: the API's view adds `id` to the envelope
 * (shared/contract/responses.ts), and the store reads the records of older events with their
 * defaults (shared/store/storedRecords.ts). Everything else is stated here once.
 */
export function auditEventSchemaOf<V extends z.ZodRawShape, C extends z.ZodType, E extends z.ZodType>(
  envelope: V,
  { cloudObject, syncError }: AuditedRecords<C, E>,
) {
  const existing = { existingBefore: cloudObject, existingAfter: cloudObject };
  const errorLists = { errorsBefore: z.array(syncError), errorsAfter: z.array(syncError) };
  return z.discriminatedUnion('action', [
    z.object({
      ...envelope,
      action: z.literal('answer'),
      details: z.object({
        questionId: z.enum(QUESTION_IDS),
        answer: yesNoSchema,
        ...answersChange,
      }),
    }),
    z.object({
      ...envelope,
      action: z.literal('close'),
      details: z.object({ statusBefore: z.enum(DIAGNOSE_STATUSES), ...answersChange }),
    }),
    z.object({
      ...envelope,
      action: z.literal('applyFix'),
      details: z.object({ ...existing, conflictingDeleted: cloudObject.nullable(), ...errorLists }),
    }),
    z.object({
      ...envelope,
      action: z.literal('undo'),
      details: z.object({
        undoneEventId: z.string(),
        ...existing,
        conflictingRestored: cloudObject.nullable(),
        ...errorLists,
      }),
    }),
  ]);
}

/** An audit event record, with its before and after records whole (undo restores from them). */
export const auditEventSchema = describes<AuditEvent>()(
  auditEventSchemaOf(auditEnvelopeShape, { cloudObject: cloudObjectSchema, syncError: syncErrorSchema }),
);
