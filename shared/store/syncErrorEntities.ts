import type { TenantLayout } from './tenantLayout';
import type { EntityTable } from './entityTable';
import type { SyncError } from '../sync/model';
import type { TableRow } from './entityFields';
import { openErrorRowKey, resolvedErrorRowKey } from './keys';
import { getOrNull } from './partitionQueries';
import { recordEntity, type Versioned } from './recordEntity';
import { storedSyncError } from './storedRecords';

/** The record, with the checks the store adds on the fields its row keys and lookups are made of. */
const errorEntity = recordEntity(
  storedSyncError.extend({
    id: storedSyncError.shape.id.regex(/^[0-9a-f]{32}$/),
    conflictingSourceAnchor: storedSyncError.shape.conflictingSourceAnchor.min(1),
  }),
);

export function parseErrorEntity(entity: unknown): Versioned<SyncError> {
  return errorEntity.readVersioned(entity);
}

/**
 * Open and resolved errors live under different key prefixes so that the list of open ones is a
 * prefix range; the searchable text is stored lower-cased so that filters need no second read.
 */
/** `partitionKey`: see partitionOf.error (open and resolved errors live in different partitions). */
export function errorToEntity(partitionKey: string, error: SyncError): TableRow {
  const rowKey = error.resolvedAt ? resolvedErrorRowKey(error.id) : openErrorRowKey(error.id);
  return { ...errorEntity.row({ partitionKey, rowKey }, error), searchText: searchTextOf(error) };
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
  layout: TenantLayout,
  id: string,
): Promise<Versioned<SyncError> | null> {
  const raw =
    (await getOrNull(table, layout.control, openErrorRowKey(id))) ??
    (await getOrNull(table, layout.history, resolvedErrorRowKey(id)));
  return raw === null ? null : parseErrorEntity(raw);
}
