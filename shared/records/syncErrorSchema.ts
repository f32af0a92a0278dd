import { z } from 'zod';
import { describes } from '../describes';
import { DIAGNOSE_STATUSES, ERROR_TYPES, SYNC_ATTRIBUTES, type SyncError } from '../sync/model';
import { diagnosisAnswersSchema } from './diagnosisAnswersSchema';
import { errorObjectSummarySchema } from './errorObjectSummarySchema';

/**
 * A sync error record (shared/sync/model.ts): what the store keeps, audit events hold whole and the
 * contract shows as `SyncErrorRecord`. Its field order is the order the OpenAPI document lists them in.
 */
export const syncErrorSchema = describes<SyncError>()(
  z.object({
    id: z.string(),
    errorType: z.enum(ERROR_TYPES),
    attribute: z.enum(SYNC_ATTRIBUTES),
    value: z.string(),
    normalizedValue: z.string(),
    conflictingSourceAnchor: z.string(),
    existingObject: errorObjectSummarySchema.nullable(),
    conflictingObject: errorObjectSummarySchema,
    diagnoseStatus: z.enum(DIAGNOSE_STATUSES),
    answers: diagnosisAnswersSchema,
    detectedAt: z.string(),
    lastSeenAt: z.string(),
    resolvedAt: z.string().nullable(),
  }),
);
