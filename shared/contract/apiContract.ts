import { settingsPatchSchema } from '../settings/settingsSchema';
import { syncErrorViewSchema } from '../syncErrors/syncErrorView';
import { SYNC_ERROR_CSV_COLUMNS } from '../syncErrors/syncErrorCsv';
import { PREFLIGHT_CSV_COLUMNS } from '../preflightReport/preflightCsv';
import { preflightPageSchema, preflightRulePageSchema } from '../preflightReport/preflightSchemas';
import { sourceAnchorParams } from './anchorRoute';
import type { ApiOperation } from './operation';
import {
  auditEventIdParams,
  cycleIdParams,
  devTokenBody,
  diagnosisAnswerBody,
  listAuditEventsQuery,
  listCloudObjectsQuery,
  listSourceObjectsQuery,
  listSyncCyclesQuery,
  listPreflightQuery,
  listSyncErrorsQuery,
  postSyncCycleQuery,
  preflightLdifBody,
  preflightLdifQuery,
  syncErrorIdParams,
  unknownAuditEvent,
  unknownSyncCycle,
  unknownSyncError,
} from './requests';
import {
  applyFixResultSchema,
  auditEventSchema,
  closeResultSchema,
  cycleHistoryPageSchema,
  cycleStatusSchema,
  devTokenResultSchema,
  diagnosisStepSchema,
  dryRunResultSchema,
  healthSchema,
  importResultSchema,
  openApiDocumentSchema,
  queuedCycleSchema,
  tenantSettingsSchema,
  undoResultSchema,
  upsertResultSchema,
} from './responses';
import { cloudObjectsBody, sourceObjectsBody } from './directorySchemas';
import { cloudObjectViewSchema, sourceObjectViewSchema } from './directoryViews';
import { objectIdParams, unknownCloudObject } from './objectIdRoute';
import { pageSchema } from './paging';

export const syncErrorPageSchema = pageSchema(syncErrorViewSchema);
export const sourceObjectPageSchema = pageSchema(sourceObjectViewSchema);
export const cloudObjectPageSchema = pageSchema(cloudObjectViewSchema);
export const auditEventPageSchema = pageSchema(auditEventSchema);

/**
 * The HTTP contract of every function, by function name: what functions/*.ts register and parse,
 * and what GET /api/openapi.json is generated from. The request schemas here are the objects the
 * handlers parse with; the response schemas type the views the handlers answer with.
 */
export const API_CONTRACT = {
  health: {
    method: 'GET',
    route: 'health',
    summary: 'Liveness',
    tag: 'Service',
    access: 'anonymous',
    responses: [{ status: 200, description: 'The app is up.', json: healthSchema }],
    problems: [],
  },
  openApi: {
    method: 'GET',
    route: 'openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tag: 'Service',
    access: 'anonymous',
    responses: [{ status: 200, description: 'The document.', json: openApiDocumentSchema }],
    problems: [],
  },
  devToken: {
    method: 'POST',
    route: 'dev/token',
    summary: 'A token for local use (AUTH_MODE=dev only)',
    description:
      'Signs a token with the local development key, for the local portal. The route exists only when ' +
      'the app runs with `AUTH_MODE=dev`; otherwise it is absent (404) and not in this document.',
    tag: 'Development',
    access: 'anonymous',
    devOnly: true,
    body: { schema: devTokenBody, description: 'The tenant and the role the token carries.' },
    responses: [{ status: 200, description: 'A bearer token.', json: devTokenResultSchema }],
    problems: [],
  },
  listSyncErrors: {
    method: 'GET',
    route: 'sync-errors',
    summary: 'List sync errors',
    description:
      'Open errors by default, or resolved ones with `state=resolved`. With `Accept: text/csv` the whole ' +
      'filtered list comes back as CSV, paging ignored.',
    tag: 'Sync errors',
    access: 'admin',
    query: listSyncErrorsQuery,
    responses: [
      {
        status: 200,
        description: 'One page of errors (JSON), or every error of the filters (CSV).',
        json: syncErrorPageSchema,
        csv:
          'RFC 4180 CSV with a header line and these columns: ' +
          SYNC_ERROR_CSV_COLUMNS.join(', ') +
          ". A cell starting with `=`, `+`, `-` or `@` is prefixed with `'`.",
        headers: {
          Vary: 'Accept: one URL, two representations.',
          'Content-Disposition': 'CSV only: `attachment; filename="sync-errors.csv"`.',
        },
      },
    ],
    problems: [],
  },
  getSyncError: {
    method: 'GET',
    route: 'sync-errors/{id}',
    summary: 'One sync error, open or resolved',
    tag: 'Sync errors',
    access: 'admin',
    params: syncErrorIdParams,
    paramsNotFound: unknownSyncError,
    responses: [
      {
        status: 200,
        description: 'The error, both objects and the diagnosis state.',
        json: syncErrorViewSchema,
      },
    ],
    problems: ['SyncErrorNotFound'],
  },
  getDiagnosis: {
    method: 'GET',
    route: 'sync-errors/{id}/diagnosis',
    summary: 'The current diagnosis step',
    tag: 'Diagnosis',
    access: 'admin',
    params: syncErrorIdParams,
    paramsNotFound: unknownSyncError,
    responses: [
      {
        status: 200,
        description: 'The next question with its suggested answer and evidence, or the outcome.',
        json: diagnosisStepSchema,
      },
    ],
    problems: ['SyncErrorNotFound'],
  },
  answerDiagnosis: {
    method: 'POST',
    route: 'sync-errors/{id}/diagnosis/answers',
    summary: 'Answer the current question',
    description: 'Answering `userExistsOnPremises` again clears `sameUser`. Changes no status.',
    tag: 'Diagnosis',
    access: 'admin',
    params: syncErrorIdParams,
    paramsNotFound: unknownSyncError,
    body: { schema: diagnosisAnswerBody, description: 'The question answered and the answer.' },
    responses: [{ status: 200, description: 'The next step.', json: diagnosisStepSchema }],
    problems: [
      'SyncErrorNotFound',
      'ErrorResolved',
      'FixAlreadyApplied',
      'DiagnosisClosed',
      'DiagnosisStepMismatch',
      'ConcurrentUpdate',
    ],
  },
  closeSyncError: {
    method: 'POST',
    route: 'sync-errors/{id}/close',
    summary: 'Close the diagnosis: Manual Fix Required',
    description:
      'Answers are refused until the next sync cycle resets the error. Closing again changes nothing.',
    tag: 'Diagnosis',
    access: 'admin',
    params: syncErrorIdParams,
    paramsNotFound: unknownSyncError,
    responses: [{ status: 200, description: 'The error is ManualFixRequired.', json: closeResultSchema }],
    problems: ['SyncErrorNotFound', 'ErrorResolved', 'FixAlreadyApplied', 'ConcurrentUpdate'],
  },
  applyFix: {
    method: 'POST',
    route: 'sync-errors/{id}/apply-fix',
    summary: 'Apply the orphaned-object fix',
    description:
      'Moves the conflicting source anchor to the existing object and deletes the conflicting cloud object ' +
      'permanently, in one transaction; the error and its siblings become PendingSync. Refused while a ' +
      'sync cycle runs.',
    tag: 'Diagnosis',
    access: 'admin',
    params: syncErrorIdParams,
    paramsNotFound: unknownSyncError,
    responses: [{ status: 200, description: 'The fix was applied.', json: applyFixResultSchema }],
    problems: [
      'SyncErrorNotFound',
      'ErrorResolved',
      'FixAlreadyApplied',
      'FixNotAvailable',
      'ConflictingUserSoftDeleted',
      'CloudOnlyUserNotSupported',
      'UserWritebackEnabled',
      'ExistingObjectStillSynced',
      'SyncCycleInProgress',
      'ConcurrentUpdate',
    ],
  },
  postSyncCycle: {
    method: 'POST',
    route: 'sync-cycles',
    summary: "Request a sync cycle for the caller's tenant now",
    description:
      'Queues the cycle, as the timer does, and answers 202 with its id and `Location`, its status ' +
      '(GET /api/sync-cycles/{cycleId}): poll it until `succeeded` (with the summary) or `failed` (with ' +
      'a problem). While a requested cycle waits in the queue, another request answers that same cycle ' +
      'and queues nothing. Refused while a cycle runs. With `dryRun=true`, answers at once what the ' +
      'cycle would do (counts, and the errors it would raise and resolve) and writes nothing; refused ' +
      'like a cycle while one runs.',
    tag: 'Sync cycles',
    access: 'admin',
    query: postSyncCycleQuery,
    responses: [
      {
        status: 200,
        description: 'With `dryRun=true`: what the cycle would do.',
        json: dryRunResultSchema,
      },
      {
        status: 202,
        description: 'The cycle is queued (or was already, by an earlier request): poll `Location`.',
        json: queuedCycleSchema,
        headers: { Location: "The cycle's status to poll: `/api/sync-cycles/{cycleId}`." },
      },
    ],
    problems: ['SyncCycleInProgress'],
  },
  listPreflight: {
    method: 'GET',
    route: 'preflight',
    summary: 'Preflight: what in the on-premises objects will fail or collide',
    description:
      "IdFix's multi-tenant rules on every in-scope source object, duplicates among them, and the sync " +
      'error the next cycle would raise against the cloud objects (predicted by the cycle itself). One row ' +
      'per (object, attribute, value) with every rule it breaks and a suggested value that no other object ' +
      'holds. Computed on each request from the objects as they are; nothing is stored or written. With ' +
      '`Accept: text/csv` the whole filtered list comes back as CSV, paging ignored.',
    tag: 'Preflight',
    access: 'admin',
    query: listPreflightQuery,
    responses: [
      {
        status: 200,
        description: 'One page of rows (JSON), or every row of the filters (CSV).',
        json: preflightPageSchema,
        csv:
          'RFC 4180 CSV with a header line and these columns: ' +
          PREFLIGHT_CSV_COLUMNS.join(', ') +
          "; `rules` joined with `;`. A cell starting with `=`, `+`, `-` or `@` is prefixed with `'`.",
        headers: {
          Vary: 'Accept: one URL, two representations.',
          'Content-Disposition': 'CSV only: `attachment; filename="preflight.csv"`.',
        },
      },
    ],
    problems: [],
  },
  listPreflightRules: {
    method: 'GET',
    route: 'preflight/rules',
    summary: 'The Preflight rule catalog, with how many rows break each rule',
    description:
      'Every rule with its source (the IdFix file and line, or the Microsoft Learn page); one page.',
    tag: 'Preflight',
    access: 'admin',
    responses: [{ status: 200, description: 'Every rule, with its count.', json: preflightRulePageSchema }],
    problems: [],
  },
  preflightLdif: {
    method: 'POST',
    route: 'preflight/ldif',
    summary: 'An LDIF file that fixes the chosen rows on-premises, or undoes that fix',
    description:
      'RFC 2849 `changetype: modify` records for `ldapmodify -f` or `ldifde -i -f`: a `replace` for a ' +
      'single-valued attribute, a `delete` of the old and an `add` of the new value for a proxy address, a ' +
      '`delete` for a row to remove. Rows with no distinguishedName or no suggested value are left out with ' +
      'a `#` comment. `undo=true` answers the file that reverses it. The service writes nothing to AD.',
    tag: 'Preflight',
    access: 'admin',
    query: preflightLdifQuery,
    body: {
      schema: preflightLdifBody,
      description: 'Row ids (at most 1,000), or `all` with the list filters.',
    },
    responses: [
      {
        status: 200,
        description: 'The LDIF file.',
        text: 'LDIF (RFC 2849), UTF-8, lines folded at 76 columns.',
        headers: {
          'Content-Disposition':
            '`attachment; filename="preflight-fix.ldif"`, or `preflight-undo.ldif` with `undo=true`.',
        },
      },
    ],
    problems: ['PreflightRowsNotCurrent'],
  },
  listSyncCycles: {
    method: 'GET',
    route: 'sync-cycles',
    summary: 'Recent cycle summaries, newest first',
    tag: 'Sync cycles',
    access: 'admin',
    query: listSyncCyclesQuery,
    responses: [{ status: 200, description: 'One page of summaries.', json: cycleHistoryPageSchema }],
    problems: [],
  },
  getSyncCycle: {
    method: 'GET',
    route: 'sync-cycles/{cycleId}',
    summary: 'Where a cycle is: queued, running, succeeded (with its summary) or failed (with a problem)',
    description:
      'Answers the cycles the timer queued and those run by POST /api/sync-cycles. A queued cycle that ' +
      'finds one already running for the tenant is served by it, and answers its status and summary.',
    tag: 'Sync cycles',
    access: 'admin',
    params: cycleIdParams,
    paramsNotFound: unknownSyncCycle,
    responses: [{ status: 200, description: 'The status of the cycle.', json: cycleStatusSchema }],
    problems: ['SyncCycleNotFound'],
  },
  putSourceObjects: {
    method: 'PUT',
    route: 'source-objects',
    summary: 'Upsert source objects by anchor',
    tag: 'Source objects',
    access: 'sourceObjects',
    body: { schema: sourceObjectsBody, description: 'At most 1,000 objects.' },
    responses: [{ status: 200, description: 'Created and updated counts.', json: upsertResultSchema }],
    problems: [
      'DuplicateSourceAnchor',
      'InvalidObjectGuid',
      'EntityTooLarge',
      'ConcurrentUpdate',
      'SyncCycleInProgress',
    ],
  },
  listSourceObjects: {
    method: 'GET',
    route: 'source-objects',
    summary: 'List source objects',
    tag: 'Source objects',
    access: 'sourceObjects',
    query: listSourceObjectsQuery,
    responses: [{ status: 200, description: 'One page of source objects.', json: sourceObjectPageSchema }],
    problems: [],
  },
  getSourceObject: {
    method: 'GET',
    route: 'source-objects/{*sourceAnchor}',
    summary: 'One source object, with its connector-space state',
    tag: 'Source objects',
    access: 'sourceObjects',
    params: sourceAnchorParams,
    responses: [{ status: 200, description: 'The source object.', json: sourceObjectViewSchema }],
    problems: ['ValidationFailed', 'SourceObjectNotFound'],
  },
  deleteSourceObject: {
    method: 'DELETE',
    route: 'source-objects/{*sourceAnchor}',
    summary: 'The object was deleted on-premises',
    description: 'Marks it deleted; the next sync cycle acts on it. Deleting again changes nothing.',
    tag: 'Source objects',
    access: 'sourceObjects',
    params: sourceAnchorParams,
    responses: [
      { status: 200, description: 'The source object, marked deleted.', json: sourceObjectViewSchema },
    ],
    problems: ['ValidationFailed', 'SourceObjectNotFound', 'ConcurrentUpdate', 'SyncCycleInProgress'],
  },
  putCloudObjects: {
    method: 'PUT',
    route: 'cloud-objects',
    summary: 'Import existing cloud objects',
    tag: 'Cloud objects',
    access: 'admin',
    body: { schema: cloudObjectsBody, description: 'At most 1,000 objects.' },
    responses: [{ status: 200, description: 'Created and updated counts.', json: importResultSchema }],
    problems: [
      'DuplicateObjectId',
      'DuplicateSourceAnchor',
      'EntityTooLarge',
      'SourceAnchorInUse',
      'ConcurrentUpdate',
      'SyncCycleInProgress',
    ],
  },
  listCloudObjects: {
    method: 'GET',
    route: 'cloud-objects',
    summary: 'List cloud objects',
    tag: 'Cloud objects',
    access: 'admin',
    query: listCloudObjectsQuery,
    responses: [{ status: 200, description: 'One page of cloud objects.', json: cloudObjectPageSchema }],
    problems: [],
  },
  getCloudObject: {
    method: 'GET',
    route: 'cloud-objects/{objectId}',
    summary: 'One cloud object',
    tag: 'Cloud objects',
    access: 'admin',
    params: objectIdParams,
    paramsNotFound: unknownCloudObject,
    responses: [{ status: 200, description: 'The cloud object.', json: cloudObjectViewSchema }],
    problems: ['CloudObjectNotFound'],
  },
  deleteCloudObject: {
    method: 'DELETE',
    route: 'cloud-objects/{objectId}',
    summary: 'Soft-delete a cloud object',
    tag: 'Cloud objects',
    access: 'admin',
    params: objectIdParams,
    paramsNotFound: unknownCloudObject,
    responses: [
      { status: 200, description: 'The object, now in deleted items.', json: cloudObjectViewSchema },
    ],
    problems: ['CloudObjectNotFound', 'ObjectAlreadyDeleted', 'ConcurrentUpdate', 'SyncCycleInProgress'],
  },
  deleteDeletedObject: {
    method: 'DELETE',
    route: 'deleted-objects/{objectId}',
    summary: 'Hard-delete a soft-deleted object',
    tag: 'Cloud objects',
    access: 'admin',
    params: objectIdParams,
    paramsNotFound: unknownCloudObject,
    responses: [{ status: 204, description: 'Deleted permanently.' }],
    problems: ['CloudObjectNotFound', 'ObjectNotDeleted', 'ConcurrentUpdate', 'SyncCycleInProgress'],
  },
  getSettings: {
    method: 'GET',
    route: 'settings',
    summary: 'The tenant settings',
    tag: 'Settings',
    access: 'admin',
    responses: [{ status: 200, description: 'The settings, defaults included.', json: tenantSettingsSchema }],
    problems: [],
  },
  patchSettings: {
    method: 'PATCH',
    route: 'settings',
    summary: 'Change some settings',
    tag: 'Settings',
    access: 'admin',
    body: { schema: settingsPatchSchema, description: 'The settings to change.' },
    responses: [{ status: 200, description: 'The settings after the change.', json: tenantSettingsSchema }],
    problems: ['ConcurrentUpdate'],
  },
  listAuditEvents: {
    method: 'GET',
    route: 'audit-events',
    summary: 'The audit trail, newest first',
    tag: 'Audit',
    access: 'admin',
    query: listAuditEventsQuery,
    responses: [{ status: 200, description: 'One page of audit events.', json: auditEventPageSchema }],
    problems: [],
  },
  undoAuditEvent: {
    method: 'POST',
    route: 'audit-events/{eventId}/undo',
    summary: 'Undo an applied fix',
    description:
      'Reverts an applyFix event while neither object changed since; restores the errors’ status and ' +
      'answers. Refused while a sync cycle runs.',
    tag: 'Audit',
    access: 'admin',
    params: auditEventIdParams,
    paramsNotFound: unknownAuditEvent,
    responses: [{ status: 200, description: 'The fix was undone.', json: undoResultSchema }],
    problems: [
      'AuditEventNotFound',
      'NotUndoable',
      'UndoConflict',
      'SyncCycleInProgress',
      'ConcurrentUpdate',
    ],
  },
} as const satisfies Record<string, ApiOperation>;

export type FunctionName = keyof typeof API_CONTRACT;

/** The operations in the contract, in document order. */
export const API_OPERATIONS: readonly [FunctionName, ApiOperation][] = Object.entries(API_CONTRACT) as [
  FunctionName,
  ApiOperation,
][];

/** Where a queued cycle's status is read (POST /api/sync-cycles's `Location`). */
export function cycleStatusLocation(cycleId: string): string {
  return `/api/${API_CONTRACT.getSyncCycle.route.replace('{cycleId}', encodeURIComponent(cycleId))}`;
}
