import { z } from 'zod';

/** A cycle summary (SPEC decision 18) as stored and as answered: one schema for both. */
export const cycleSummaryShape = z.object({
  cycleId: z.string(),
  trigger: z.enum(['timer', 'http']),
  startedAt: z.string(),
  finishedAt: z.string(),
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
});
