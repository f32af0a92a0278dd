import { badRequest, conflict, notFound } from '../errors';
import { attributesFromInput } from './inputAttributes';
import type { CloudObjectInput } from '../contract/directorySchemas';
import type { Versioned } from '../store/directoryEntities';
import type { TenantStore } from '../store/tenantStore';
import { clockFrom, withTenantLease } from '../sync/withTenantLease';
import type { CloudObject } from './model';

export interface ImportResult {
  created: number;
  updated: number;
  objectIds: string[];
}

/**
 * Imports existing cloud objects (cloud-only users, objects synced before) with the object ids
 * Entra gave them. A source anchor is unique among cloud objects: one already held by another
 * object is refused with SourceAnchorInUse, and nothing of the request is written. The check and
 * the write run under the tenant's lease, which every writer of a cloud object's anchor holds (the
 * cycle, apply-fix, undo, these imports and deletes), so no other anchor can land in between.
 */
export async function importCloudObjects(
  store: TenantStore,
  inputs: readonly CloudObjectInput[],
  now: Date,
): Promise<ImportResult> {
  refuseDuplicates(inputs);
  const result = await withTenantLease(store.lease, clockFrom(now), 'write', () =>
    importUnderLease(store, inputs, now),
  );
  await store.registry.register(now);
  return result;
}

async function importUnderLease(
  store: TenantStore,
  inputs: readonly CloudObjectInput[],
  now: Date,
): Promise<ImportResult> {
  const holders = await store.directory.anchorHolders();
  inputs.forEach((input, index) => {
    const holder = input.sourceAnchor ? holders.get(input.sourceAnchor) : undefined;
    if (holder !== undefined && holder !== input.objectId) {
      throw conflict(
        'SourceAnchorInUse',
        `body.objects.${index}: another cloud object holds this source anchor.`,
        {
          objectId: holder,
        },
      );
    }
  });
  // Built and checked against the storage limits before anything is written (the counter included).
  const records = inputs.map((input, index): CloudObject => {
    const record: CloudObject = {
      objectId: input.objectId,
      ...attributesFromInput(input),
      sourceAnchor: input.sourceAnchor ?? null,
      dirSyncEnabled: input.dirSyncEnabled ?? Boolean(input.sourceAnchor),
      deletedDateTime: input.deletedDateTime ? new Date(input.deletedDateTime).toISOString() : null,
      directoryRoleTemplateIds: input.directoryRoleTemplateIds,
      sequence: 0,
      createdDateTime: now.toISOString(),
    };
    store.directory.assertCloudFits(record, `body.objects.${index}`);
    return record;
  });
  const counts = await store.directory.upsertClouds(records, (previous, record) => ({
    ...record,
    createdDateTime: previous.createdDateTime,
  }));
  return { ...counts, objectIds: inputs.map((i) => i.objectId) };
}

function refuseDuplicates(inputs: readonly CloudObjectInput[]): void {
  const ids = new Map<string, number>();
  const anchors = new Map<string, number>();
  inputs.forEach((input, index) => {
    const seenId = ids.get(input.objectId);
    if (seenId !== undefined)
      throw badRequest('DuplicateObjectId', `body.objects.${index}: same objectId as body.objects.${seenId}`);
    ids.set(input.objectId, index);
    if (input.sourceAnchor) {
      const seen = anchors.get(input.sourceAnchor);
      if (seen !== undefined) {
        throw badRequest(
          'DuplicateSourceAnchor',
          `body.objects.${index}: same sourceAnchor as body.objects.${seen}`,
        );
      }
      anchors.set(input.sourceAnchor, index);
    }
  });
}

export async function getCloudObject(store: TenantStore, objectId: string): Promise<Versioned<CloudObject>> {
  const found = await store.directory.getCloud(objectId);
  if (!found) throw notFound('CloudObjectNotFound', 'No cloud object has this objectId.');
  return found;
}

/** Soft-delete: the object goes to deleted items, keeping every value it holds (30 days). */
export async function softDeleteCloudObject(
  store: TenantStore,
  objectId: string,
  now: Date,
): Promise<CloudObject> {
  return withTenantLease(store.lease, clockFrom(now), 'write', async () => {
    const { record, etag } = await getCloudObject(store, objectId);
    if (record.deletedDateTime)
      throw conflict('ObjectAlreadyDeleted', 'The object is already in deleted items.');
    const deletedDateTime = now.toISOString();
    await store.directory.softDeleteCloud(objectId, deletedDateTime, etag);
    return { ...record, deletedDateTime };
  });
}

/** Hard delete, only from deleted items, as in Entra. */
export async function hardDeleteCloudObject(store: TenantStore, objectId: string, now: Date): Promise<void> {
  await withTenantLease(store.lease, clockFrom(now), 'write', async () => {
    const { record, etag } = await getCloudObject(store, objectId);
    if (!record.deletedDateTime) {
      throw conflict(
        'ObjectNotDeleted',
        'Only a soft-deleted object can be deleted permanently: soft-delete it first.',
      );
    }
    await store.directory.hardDeleteCloud(objectId, etag);
  });
}
