import { badRequest, notFound } from '../errors';
import { attributesFromInput } from './inputAttributes';
import type { SourceObjectInput } from '../contract/directorySchemas';
import type { TenantStore } from '../store/tenantStore';
import { clockFrom, withTenantLease } from '../sync/withTenantLease';
import { immutableIdFromObjectGuid } from './immutableId';
import type { SourceObject } from './model';

export interface UpsertResult {
  created: number;
  updated: number;
  sourceAnchors: string[];
}

/** The anchor Entra Connect would use: as given, or derived from objectGUID (ImmutableId). */
export function anchorOf(input: SourceObjectInput): string {
  if (input.sourceAnchor !== undefined) return input.sourceAnchor;
  if (input.objectGuid !== undefined) return immutableIdFromObjectGuid(input.objectGuid);
  throw badRequest('ValidationFailed', 'sourceAnchor or objectGuid is required');
}

/**
 * PUT replaces each object's attributes whole (SPEC decision 21) but keeps what the service owns:
 * the order of first receipt and the connector-space entry. Every entity is checked against Table
 * Storage's limits before the first write, so a refused request writes nothing.
 */
export async function upsertSourceObjects(
  store: TenantStore,
  inputs: readonly SourceObjectInput[],
  now: Date,
): Promise<UpsertResult> {
  const anchors = inputs.map(anchorOf);
  const firstIndex = new Map<string, number>();
  anchors.forEach((anchor, index) => {
    const seen = firstIndex.get(anchor);
    if (seen !== undefined) {
      throw badRequest(
        'DuplicateSourceAnchor',
        `body.objects.${index}: same source anchor as body.objects.${seen}`,
      );
    }
    firstIndex.set(anchor, index);
  });
  const updatedAt = now.toISOString();
  // Built and checked against the storage limits before anything is written (the counter included).
  const records = inputs.map((input, index): SourceObject => {
    const record: SourceObject = {
      sourceAnchor: anchors[index] ?? '',
      distinguishedName: input.distinguishedName ?? null,
      ...attributesFromInput(input),
      inScope: input.inScope,
      sequence: 0,
      // Upserting an object deleted on-premises means it was restored before the cycle saw the delete.
      deletedAt: null,
      connectorState: 'PendingAdd',
      objectId: null,
      updatedAt,
    };
    store.directory.assertSourceFits(record, `body.objects.${index}`);
    return record;
  });
  const counts = await withTenantLease(store.lease, clockFrom(now), 'write', () =>
    store.directory.upsertSources(records, (previous, record) => ({
      ...record,
      connectorState: previous.connectorState,
      objectId: previous.objectId,
    })),
  );
  await store.registry.register(now);
  return { ...counts, sourceAnchors: anchors };
}

export async function getSourceObject(store: TenantStore, anchor: string): Promise<SourceObject> {
  const found = await store.directory.getSource(anchor);
  if (!found) throw sourceObjectNotFound();
  return found.record;
}

function sourceObjectNotFound() {
  return notFound('SourceObjectNotFound', 'No source object has this source anchor.');
}

/** A delete on-premises is a signal to the next cycle, not an erasure (SPEC "Objects"). */
export async function markSourceObjectDeleted(
  store: TenantStore,
  anchor: string,
  now: Date,
): Promise<SourceObject> {
  return withTenantLease(store.lease, clockFrom(now), 'write', async () => {
    const found = await store.directory.getSource(anchor);
    if (!found) throw sourceObjectNotFound();
    const { record, etag } = found;
    if (record.deletedAt) return record;
    const deletedAt = now.toISOString();
    await store.directory.markSourceDeleted(anchor, deletedAt, etag);
    return { ...record, deletedAt, updatedAt: deletedAt };
  });
}
