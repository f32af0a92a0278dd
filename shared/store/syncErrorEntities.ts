import type { EntityTable } from './entityTable';
import { z } from 'zod';
import { OBJECT_TYPES } from '../directory/model';
import { DIAGNOSE_STATUSES, ERROR_TYPES, SYNC_ATTRIBUTES, type SyncError } from '../sync/model';
import { openErrorRowKey, resolvedErrorRowKey } from './keys';
import { getOrNull } from './partitionQueries';
import { etagField, type TableRow, jsonField, nullableString } from './entityFields';

const yesNo = z.enum(['yes', 'no']).nullable();

const summary = z.object({
  objectId: z.string().nullable(),
  sourceAnchor: z.string().nullable(),
  objectType: z.enum(OBJECT_TYPES),
  displayName: z.string().nullable(),
  userPrincipalName: z.string().nullable(),
  // Errors stored before 0.2 lack it; the next cycle that sees them fills it in.
  cloudUserPrincipalName: z.string().nullable().default(null),
  distinguishedName: z.string().nullable(),
  softDeleted: z.boolean(),
});

const answers = z.object({ userExistsOnPremises: yesNo, sameUser: yesNo, closed: z.boolean() });

const errorEntity = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  errorType: z.enum(ERROR_TYPES),
  attribute: z.enum(SYNC_ATTRIBUTES),
  value: z.string(),
  normalizedValue: z.string(),
  conflictingSourceAnchor: z.string().min(1),
  existingObject: jsonField(summary.nullable()),
  conflictingObject: jsonField(summary),
  diagnoseStatus: z.enum(DIAGNOSE_STATUSES),
  answers: jsonField(answers),
  detectedAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: nullableString,
  etag: etagField,
});

export function parseErrorEntity(entity: unknown): { record: SyncError; etag: string } {
  const { etag, ...record } = errorEntity.parse(entity);
  return { record, etag };
}

/**
 * Open and resolved errors live under different key prefixes so that the list of open ones is a
 * prefix range; the searchable text is stored lower-cased so that filters need no second read.
 */
export function errorToEntity(tenantId: string, error: SyncError): TableRow {
  const entity: TableRow = {
    partitionKey: tenantId,
    rowKey: error.resolvedAt ? resolvedErrorRowKey(error.id) : openErrorRowKey(error.id),
    ...error,
    existingObject: JSON.stringify(error.existingObject),
    conflictingObject: JSON.stringify(error.conflictingObject),
    answers: JSON.stringify(error.answers),
    searchText: searchTextOf(error),
  };
  if (error.resolvedAt === null) delete entity.resolvedAt;
  return entity;
}

export function searchTextOf(error: SyncError): string {
  return [
    error.value,
    error.existingObject?.userPrincipalName ?? null,
    error.existingObject?.displayName ?? null,
    error.conflictingObject.userPrincipalName,
    error.conflictingObject.displayName,
  ]
    .filter((s): s is string => typeof s === 'string')
    .join('\n')
    .toLowerCase();
}

/**
 * An error by id, open or resolved (SPEC decision 10). An error that came back after being
 * resolved has both rows; the open one is the current one.
 */
export async function readErrorRow(
  table: EntityTable,
  tenantId: string,
  id: string,
): Promise<{ record: SyncError; etag: string } | null> {
  const raw =
    (await getOrNull(table, tenantId, openErrorRowKey(id))) ??
    (await getOrNull(table, tenantId, resolvedErrorRowKey(id)));
  return raw === null ? null : parseErrorEntity(raw);
}
