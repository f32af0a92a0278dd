import type { SourceObject } from '../directory/model';
import type { TenantStore } from '../store/tenantStore';
import type { SyncError } from '../sync/model';
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

export async function loadError(store: TenantStore, id: string): Promise<LoadedError> {
  const row = isSyncErrorId(id) ? await store.errors.get(id) : null;
  if (!row) throw syncErrorNotFound();
  return { error: row.record, etag: row.etag };
}

async function cloudById(store: TenantStore, objectId: string | null) {
  return objectId ? store.directory.getCloud(objectId) : null;
}

async function sourceByAnchor(store: TenantStore, anchor: string | null): Promise<SourceObject | null> {
  if (!anchor) return null;
  return (await store.directory.getSource(anchor))?.record ?? null;
}

export async function loadFacts(store: TenantStore, loaded: LoadedError): Promise<LoadedFacts> {
  const { error } = loaded;
  const [existing, conflicting, conflictingSource, settings] = await Promise.all([
    cloudById(store, error.existingObject?.objectId ?? null),
    cloudById(store, error.conflictingObject.objectId),
    sourceByAnchor(store, error.conflictingSourceAnchor),
    store.settings.read(),
  ]);
  const existingSource = await sourceByAnchor(store, existing?.record.sourceAnchor ?? null);
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

/** Open errors raised by the same incoming object (SPEC decision 8), with their versions. */
export async function openErrorsOfAnchor(
  store: TenantStore,
  conflictingSourceAnchor: string,
): Promise<LoadedError[]> {
  const rows = await store.errors.openOfAnchor(conflictingSourceAnchor);
  return rows.map(({ record, etag }) => ({ error: record, etag }));
}
