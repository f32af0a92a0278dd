import type { EntityTable } from '../store/entityTable';
import { odata } from '@azure/data-tables';

import { badRequest, conflict, notFound } from '../errors';
import type { CloudObjectInput } from '../http/directorySchemas';
import { cloudToEntity, parseCloudEntity } from '../store/directoryEntities';
import { assertEntityFits } from '../store/entityLimits';
import { cloudRowKey, prefixEnd, ROW } from '../store/keys';
import { getOrNull } from '../store/partitionQueries';
import { insertElseReplace } from '../store/insertElseReplace';
import { registerTenant } from '../store/tenantRegistry';
import { clockFrom, withTenantLease } from '../sync/tenantWriteLock';
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
  table: EntityTable,
  tenantId: string,
  inputs: readonly CloudObjectInput[],
  now: Date,
): Promise<ImportResult> {
  refuseDuplicates(inputs);
  const result = await withTenantLease(table, tenantId, clockFrom(now), 'write', () =>
    importUnderLease(table, tenantId, inputs, now),
  );
  await registerTenant(table, tenantId, now);
  return result;
}

async function importUnderLease(
  table: EntityTable,
  tenantId: string,
  inputs: readonly CloudObjectInput[],
  now: Date,
): Promise<ImportResult> {
  const holders = await anchorHolders(table, tenantId);
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
      objectType: input.objectType,
      userPrincipalName: input.userPrincipalName ?? null,
      mailNickname: input.mailNickname ?? null,
      displayName: input.displayName ?? null,
      proxyAddresses: input.proxyAddresses,
      sipProxyAddress: input.sipProxyAddress ?? null,
      onPremisesSecurityIdentifier: input.onPremisesSecurityIdentifier ?? null,
      sourceAnchor: input.sourceAnchor ?? null,
      dirSyncEnabled: input.dirSyncEnabled ?? Boolean(input.sourceAnchor),
      deletedDateTime: input.deletedDateTime ? new Date(input.deletedDateTime).toISOString() : null,
      directoryRoleTemplateIds: input.directoryRoleTemplateIds,
      sequence: 0,
      createdDateTime: now.toISOString(),
    };
    assertEntityFits(cloudToEntity(tenantId, record), `body.objects.${index}`);
    return record;
  });
  const counts = await insertElseReplace({
    table,
    tenantId,
    records,
    rowKeyOf: (record) => cloudRowKey(record.objectId),
    toEntity: (record) => cloudToEntity(tenantId, record),
    parse: (entity) => parseCloudEntity(entity).record,
    merge: (previous, record) => ({
      ...record,
      createdDateTime: previous.createdDateTime,
    }),
  });
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

/** anchor → objectId of every cloud object that has one (only two columns are read). */
async function anchorHolders(table: EntityTable, tenantId: string): Promise<Map<string, string>> {
  const holders = new Map<string, string>();
  const filter = odata`PartitionKey eq ${tenantId} and RowKey ge ${ROW.cloudPrefix} and RowKey lt ${prefixEnd(ROW.cloudPrefix)}`;
  const pages = table
    .listEntities<{ objectId?: string; sourceAnchor?: string }>({
      queryOptions: { filter, select: ['objectId', 'sourceAnchor'] },
    })
    .byPage({ maxPageSize: 1000 });
  for await (const page of pages) {
    for (const row of page) if (row.sourceAnchor && row.objectId) holders.set(row.sourceAnchor, row.objectId);
  }
  return holders;
}

export async function getCloudObject(table: EntityTable, tenantId: string, objectId: string) {
  const raw = await getOrNull(table, tenantId, cloudRowKey(objectId));
  if (!raw) throw notFound('CloudObjectNotFound', 'No cloud object has this objectId.');
  return parseCloudEntity(raw);
}

/** Soft-delete: the object goes to deleted items, keeping every value it holds (30 days). */
export async function softDeleteCloudObject(
  table: EntityTable,
  tenantId: string,
  objectId: string,
  now: Date,
) {
  return withTenantLease(table, tenantId, clockFrom(now), 'write', async () => {
    const { record, etag } = await getCloudObject(table, tenantId, objectId);
    if (record.deletedDateTime)
      throw conflict('ObjectAlreadyDeleted', 'The object is already in deleted items.');
    const deletedDateTime = now.toISOString();
    await table.updateEntity(
      { partitionKey: tenantId, rowKey: cloudRowKey(objectId), deletedDateTime },
      'Merge',
      { etag },
    );
    return { ...record, deletedDateTime };
  });
}

/** Hard delete, only from deleted items, as in Entra. */
export async function hardDeleteCloudObject(
  table: EntityTable,
  tenantId: string,
  objectId: string,
  now: Date,
): Promise<void> {
  await withTenantLease(table, tenantId, clockFrom(now), 'write', async () => {
    const { record, etag } = await getCloudObject(table, tenantId, objectId);
    if (!record.deletedDateTime) {
      throw conflict(
        'ObjectNotDeleted',
        'Only a soft-deleted object can be deleted permanently: soft-delete it first.',
      );
    }
    await table.deleteEntity(tenantId, cloudRowKey(objectId), { etag });
  });
}
