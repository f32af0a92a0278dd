import type { EntityTable } from '../store/entityTable';
import { odata } from '@azure/data-tables';

import { conflict } from '../errors';
import type { CloudObject, SourceObject } from '../directory/model';
import type { SyncError } from '../sync/model';
import { parseCloudEntity, parseSourceEntity } from '../store/directoryEntities';
import { cloudRowKey, openErrorRowKey, resolvedErrorRowKey, ROW, sourceRowKey } from '../store/keys';
import { getOrNull, isStatus, scanPrefix } from '../store/partitionQueries';
import { readSettings } from '../store/settingsRepository';
import { parseErrorEntity, readErrorRow } from '../store/syncErrorEntities';
import { isSyncErrorId } from '../sync/errorId';
import { syncErrorNotFound } from '../syncErrors/getSyncError';
import type { DiagnosisFacts } from './facts';

/**
 * The I/O side of the diagnosis: loading what the pure rules judge, with the versions (ETags)
 * the writes are conditioned on.
 */
export interface LoadedError {
  error: SyncError;
  etag: string;
}

export interface LoadedFacts {
  facts: DiagnosisFacts;
  errorEtag: string;
  existingEtag: string | null;
  conflictingEtag: string | null;
}

export async function loadError(table: EntityTable, tenantId: string, id: string): Promise<LoadedError> {
  const row = isSyncErrorId(id) ? await readErrorRow(table, tenantId, id) : null;
  if (!row) throw syncErrorNotFound();
  return { error: row.record, etag: row.etag };
}

async function cloudById(table: EntityTable, tenantId: string, objectId: string | null) {
  if (!objectId) return null;
  const raw = await getOrNull(table, tenantId, cloudRowKey(objectId));
  return raw ? parseCloudEntity(raw) : null;
}

async function sourceByAnchor(
  table: EntityTable,
  tenantId: string,
  anchor: string | null,
): Promise<SourceObject | null> {
  if (!anchor) return null;
  const raw = await getOrNull(table, tenantId, sourceRowKey(anchor));
  return raw ? parseSourceEntity(raw).record : null;
}

export async function loadFacts(
  table: EntityTable,
  tenantId: string,
  loaded: LoadedError,
): Promise<LoadedFacts> {
  const { error } = loaded;
  const [existing, conflicting, conflictingSource, settings] = await Promise.all([
    cloudById(table, tenantId, error.existingObject?.objectId ?? null),
    cloudById(table, tenantId, error.conflictingObject.objectId),
    sourceByAnchor(table, tenantId, error.conflictingSourceAnchor),
    readSettings(table, tenantId),
  ]);
  const existingSource = await sourceByAnchor(table, tenantId, existing?.record.sourceAnchor ?? null);
  return {
    facts: {
      error,
      existingCloud: existing?.record ?? null,
      existingSource,
      conflictingCloud: conflicting?.record ?? null,
      conflictingSource,
      settings: settings.settings,
    },
    errorEtag: loaded.etag,
    existingEtag: existing?.etag ?? null,
    conflictingEtag: conflicting?.etag ?? null,
  };
}

/**
 * Takes the error row with a single conditional write before the transaction that changes it.
 * Azurite ignores If-Match inside batches (Azure/Azurite#1233), so this claim is what makes one of
 * two racing actions lose, on the emulator and on Azure alike. Returns the row's new ETag.
 */
export async function claimError(
  table: EntityTable,
  tenantId: string,
  loaded: LoadedError,
  claimId: string,
): Promise<string> {
  const rowKey = loaded.error.resolvedAt
    ? resolvedErrorRowKey(loaded.error.id)
    : openErrorRowKey(loaded.error.id);
  try {
    const result = await table.updateEntity({ partitionKey: tenantId, rowKey, claim: claimId }, 'Merge', {
      etag: loaded.etag,
    });
    return result.etag ?? loaded.etag;
  } catch (error) {
    if (isStatus(error, 412) || isStatus(error, 404)) {
      throw conflict(
        'ConcurrentUpdate',
        'The sync error changed while this request ran; reload it and retry.',
      );
    }
    throw error;
  }
}

/** Open errors raised by the same incoming object (SPEC decision 8), with their versions. */
export async function openErrorsOfAnchor(
  table: EntityTable,
  tenantId: string,
  conflictingSourceAnchor: string,
): Promise<LoadedError[]> {
  const out: LoadedError[] = [];
  for await (const page of scanPrefix(
    table,
    tenantId,
    ROW.openErrorPrefix,
    odata`conflictingSourceAnchor eq ${conflictingSourceAnchor}`,
  )) {
    for (const entity of page) {
      const { record, etag } = parseErrorEntity(entity);
      out.push({ error: record, etag });
    }
  }
  return out;
}

/** Every cloud object holding one of these anchors, soft-deleted ones included (a filtered scan). */
export async function cloudObjectsWithAnchors(
  table: EntityTable,
  tenantId: string,
  anchors: readonly string[],
): Promise<CloudObject[]> {
  if (anchors.length === 0) return [];
  const filter = anchors.map((anchor) => odata`sourceAnchor eq ${anchor}`).join(' or ');
  const out: CloudObject[] = [];
  for await (const page of scanPrefix(table, tenantId, ROW.cloudPrefix, filter)) {
    for (const entity of page) out.push(parseCloudEntity(entity).record);
  }
  return out;
}
