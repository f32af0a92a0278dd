import { z } from 'zod';
import { describes } from '../describes';
import { CYCLE_OUTCOMES, type CycleSummary } from '../sync/model';

/**
 * A cycle summary (SPEC decision 18; shared/sync/model.ts) as stored and as answered: one schema for
 * both. Its two defaults read rows older than the fields, and the OpenAPI document has always shown
 * them, so they stay here rather than in the store.
 */
export const cycleSummarySchema = describes<CycleSummary>()(
  z.object({
    cycleId: z.string(),
    trigger: z.enum(['timer', 'http']),
    // Summaries stored before 0.2 are all of completed cycles.
    outcome: z.enum(CYCLE_OUTCOMES).default('completed').meta({
      description:
        '`interrupted`: the process running it died or lost its lease before it finished (counts are 0: unknown); `failed`: it stopped on an error.',
    }),
    startedAt: z.string(),
    // Stored without the property when null (the store drops nulls).
    finishedAt: z.string().nullable().default(null),
    objectsRead: z.number().int(),
    provisioned: z.number().int(),
    updated: z.number().int(),
    softDeleted: z.number().int(),
    purged: z.number().int(),
    errorsCreated: z.number().int(),
    errorsResolved: z.number().int(),
    errorsReset: z.number().int(),
    deletionThresholdExceeded: z.boolean(),
    deletionsHeldBack: z.number().int(),
  }),
);
