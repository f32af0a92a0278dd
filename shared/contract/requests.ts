import { z } from 'zod';
import { text } from './directorySchemas';
import { ROLES } from '../auth/principal';
import { QUESTION_IDS } from '../diagnosis/questions';
import { AUDIT_EVENT_ID } from '../store/auditEvents';
import { SYNC_ERROR_ID_PATTERN } from '../sync/errorId';
import { DIAGNOSE_STATUSES, ERROR_CATEGORIES, ERROR_TYPES, SYNC_ATTRIBUTES } from '../sync/model';
import { PREFLIGHT_ATTRIBUTES } from '../preflight/model';
import { PREFLIGHT_ROW_ID_PATTERN } from '../preflight/rowId';
import { RULE_IDS } from '../preflight/ruleCatalog';
import { ERROR_STATES } from '../syncErrors/errorQuery';
import { pagingQuery } from './paging';
import type { UnknownParams } from './operation';

/**
 * The query strings and JSON bodies the handlers parse, defined once: functions/*.ts parse with
 * these objects and the OpenAPI document is generated from them. Schemas of a capability's own
 * input (directory objects, settings) live in its schema file and are imported from there.
 */

export const listSyncErrorsQuery = z.strictObject({
  ...pagingQuery,
  category: z
    .enum(ERROR_CATEGORIES)
    .optional()
    .meta({ description: "Only errors of this category of Connect Health's sync error report." }),
  attribute: z.enum(SYNC_ATTRIBUTES).optional().meta({ description: 'Only errors on this attribute.' }),
  errorType: z.enum(ERROR_TYPES).optional(),
  diagnoseStatus: z.enum(DIAGNOSE_STATUSES).optional(),
  search: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .meta({ description: 'Case-insensitive substring of the value, both UPNs and both display names.' }),
  state: z
    .enum(ERROR_STATES)
    .default('open')
    .meta({ description: '`open` errors, or `resolved` ones (history).' }),
});

export const listSourceObjectsQuery = z.strictObject({ ...pagingQuery });

export const listCloudObjectsQuery = z.strictObject({
  ...pagingQuery,
  userPrincipalName: z
    .string()
    .min(1)
    .max(113)
    .optional()
    .meta({ description: 'Only the object with this UPN (case-insensitive).' }),
  includeDeleted: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .meta({ description: 'Include soft-deleted objects (deleted items).' }),
});

export const listSyncCyclesQuery = z.strictObject({ ...pagingQuery });

export const postSyncCycleQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .meta({ description: 'Answer what the cycle would do (200), and write nothing.' }),
});

/** The filters of the Preflight list, which the LDIF route's `all` takes too. */
const preflightFilters = {
  attribute: z.enum(PREFLIGHT_ATTRIBUTES).optional().meta({ description: 'Only rows of this AD attribute.' }),
  rule: z
    .enum(RULE_IDS)
    .optional()
    .meta({ description: 'Only rows breaking this rule (ids from GET /api/preflight/rules).' }),
  search: text(256).optional().meta({
    description: 'Case-insensitive substring of the value, the suggested value, the DN or the source anchor.',
  }),
};

export const listPreflightQuery = z.strictObject({ ...pagingQuery, ...preflightFilters });

export const preflightLdifQuery = z.strictObject({
  undo: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .meta({ description: 'The LDIF that reverses the fix of the same rows.' }),
});

export const MAX_PREFLIGHT_LDIF_IDS = 1000;

export const preflightLdifBody = z
  .union([
    z.strictObject({
      ids: z
        .array(z.string().regex(PREFLIGHT_ROW_ID_PATTERN, 'must be a preflight row id (32 hex digits)'))
        .min(1)
        .max(MAX_PREFLIGHT_LDIF_IDS)
        .meta({ description: 'Row ids as GET /api/preflight lists them, at most 1,000.' }),
    }),
    z.strictObject({ all: z.literal(true), ...preflightFilters }),
  ])
  .meta({ description: '`{ "ids": [...] }`, or `{ "all": true }` with the list filters, optionally.' });

export const listAuditEventsQuery = z.strictObject({
  ...pagingQuery,
  errorId: z
    .string()
    .regex(SYNC_ERROR_ID_PATTERN)
    .optional()
    .meta({ description: 'Only the events of this sync error.' }),
});

export const diagnosisAnswerBody = z.strictObject({
  questionId: z.enum(QUESTION_IDS),
  answer: z.enum(['yes', 'no']),
});

export const devTokenBody = z.strictObject({
  tenantId: z.guid().transform((t) => t.toLowerCase()),
  role: z.enum([...ROLES, 'None']),
  name: text(256).optional(),
});

/**
 * Route parameters whose refusal is a 404 (an id that cannot be one is answered like an unknown
 * id): shared/http/operationRoute.ts parses with these schemas and answers the paired 404.
 */
export const syncErrorIdParams = z.object({
  id: z
    .string()
    .regex(SYNC_ERROR_ID_PATTERN)
    .meta({ description: 'The sync error id (32 hex digits); any other value is a 404.' }),
});

export const unknownSyncError: UnknownParams = {
  code: 'SyncErrorNotFound',
  detail: 'No sync error has this id in your tenant.',
};

export const auditEventIdParams = z.object({
  eventId: z
    .string()
    .regex(AUDIT_EVENT_ID)
    .meta({ description: 'The audit event id; any other value is a 404.' }),
});

export const unknownAuditEvent: UnknownParams = {
  code: 'AuditEventNotFound',
  detail: 'No audit event has this id in your tenant.',
};

/** Cycle ids are the UUIDs the service gives them, in lower case. */
export const CYCLE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const cycleIdParams = z.object({
  cycleId: z
    .string()
    .regex(CYCLE_ID)
    .meta({ description: 'The cycle id a summary or a queued cycle carries; any other value is a 404.' }),
});

export const unknownSyncCycle: UnknownParams = {
  code: 'SyncCycleNotFound',
  detail: 'No sync cycle has this id in your tenant.',
};
