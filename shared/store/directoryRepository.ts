import { odata } from '@azure/data-tables';
import type { CloudObject, SourceObject } from '../directory/model';
import { readShardedSealedPage, type Page } from './cursor';
import {
  cloudToEntity,
  parseCloudEntity,
  parseSourceEntity,
  sourceToEntity,
  type Versioned,
} from './directoryEntities';
import { assertEntityFits } from './entityLimits';
import { insertElseReplace } from './insertElseReplace';
import { cloudRowKey, prefixEnd, ROW, sourceRowKey } from './keys';
import { getOrNull, mapLimited, MAX_PAGE_SIZE, scanPrefix, SHARD_READS } from './partitionQueries';
import { partitionOf } from './tenantLayout';
import type { TenantScope } from './tenantScope';

export interface CloudListFilters {
  userPrincipalName?: string | undefined;
  includeDeleted: boolean;
}

/** What an existing object keeps of itself when a write replaces it (besides its sequence). */
export type Merge<T> = (previous: T, record: T) => T;

/** The tenant's source (on-premises) and cloud (Entra) objects. */
export interface DirectoryRepository {
  /** A cloud object by its object id, with the version writes are conditioned on; null when none. */
  getCloud(objectId: string): Promise<Versioned<CloudObject> | null>;
  /** A source object by its source anchor, with its version; null when none. */
  getSource(sourceAnchor: string): Promise<Versioned<SourceObject> | null>;
  listSources(top: number, continuationToken: string | undefined): Promise<Page<SourceObject>>;
  listClouds(
    filters: CloudListFilters,
    top: number,
    continuationToken: string | undefined,
  ): Promise<Page<CloudObject>>;
  /** anchor → objectId of every cloud object that has one. */
  anchorHolders(): Promise<Map<string, string>>;
  /** Every cloud object holding one of these anchors, soft-deleted ones included. */
  cloudsWithAnchors(anchors: readonly string[]): Promise<CloudObject[]>;
  /** Refuses (400) a record too large to store, naming it `where`, before anything is written. */
  assertSourceFits(record: SourceObject, where: string): void;
  assertCloudFits(record: CloudObject, where: string): void;
  /** Writes each record, numbered in the order given; an existing one keeps what `merge` says. */
  upsertSources(
    records: readonly SourceObject[],
    merge: Merge<SourceObject>,
  ): Promise<{ created: number; updated: number }>;
  upsertClouds(
    records: readonly CloudObject[],
    merge: Merge<CloudObject>,
  ): Promise<{ created: number; updated: number }>;
  /** Each change below is refused with the SDK's 412 when the object changed since `etag`. */
  markSourceDeleted(sourceAnchor: string, deletedAt: string, etag: string): Promise<void>;
  softDeleteCloud(objectId: string, deletedDateTime: string, etag: string): Promise<void>;
  hardDeleteCloud(objectId: string, etag: string): Promise<void>;
}

export function directoryRepository(scope: TenantScope): DirectoryRepository {
  const { table, tenantId } = scope;
  return {
    async getCloud(objectId) {
      const layout = await scope.layout();
      const raw = await getOrNull(table, partitionOf.cloud(layout, objectId), cloudRowKey(objectId));
      return raw ? parseCloudEntity(raw) : null;
    },

    async getSource(sourceAnchor) {
      const layout = await scope.layout();
      const raw = await getOrNull(
        table,
        partitionOf.source(layout, sourceAnchor),
        sourceRowKey(sourceAnchor),
      );
      return raw ? parseSourceEntity(raw) : null;
    },

    async listSources(top, continuationToken) {
      const layout = await scope.layout();
      return readShardedSealedPage(scope, {
        tenantId,
        partitions: layout.shards,
        list: { list: 'source' },
        continuationToken,
        prefix: ROW.sourcePrefix,
        top,
        parse: (e) => parseSourceEntity(e).record,
      });
    },

    /** The UPN filter is an exact, case-insensitive match on the stored lower-cased copy. */
    async listClouds(filters, top, continuationToken) {
      const layout = await scope.layout();
      const upnLower = filters.userPrincipalName?.toLowerCase();
      return readShardedSealedPage(scope, {
        tenantId,
        partitions: layout.shards,
        list: { list: 'cloud', upnLower, includeDeleted: filters.includeDeleted },
        continuationToken,
        prefix: ROW.cloudPrefix,
        top,
        filter: upnLower === undefined ? undefined : odata`upnLower eq ${upnLower}`,
        parse: (e) => parseCloudEntity(e).record,
        keep: filters.includeDeleted ? undefined : (cloud) => cloud.deletedDateTime === null,
      });
    },

    /** Only two columns are read, from every directory partition in parallel. */
    async anchorHolders() {
      const layout = await scope.layout();
      const holders = new Map<string, string>();
      await mapLimited(layout.shards, SHARD_READS, async (partitionKey) => {
        const filter = odata`PartitionKey eq ${partitionKey} and RowKey ge ${ROW.cloudPrefix} and RowKey lt ${prefixEnd(ROW.cloudPrefix)}`;
        const pages = table
          .listEntities<{ objectId?: string; sourceAnchor?: string }>({
            queryOptions: { filter, select: ['objectId', 'sourceAnchor'] },
          })
          .byPage({ maxPageSize: MAX_PAGE_SIZE });
        for await (const page of pages) {
          for (const row of page)
            if (row.sourceAnchor && row.objectId) holders.set(row.sourceAnchor, row.objectId);
        }
      });
      return holders;
    },

    /** A filtered scan of the cloud objects of every directory partition. */
    async cloudsWithAnchors(anchors) {
      if (anchors.length === 0) return [];
      const layout = await scope.layout();
      const filter = anchors.map((anchor) => odata`sourceAnchor eq ${anchor}`).join(' or ');
      const found = await mapLimited(layout.shards, SHARD_READS, async (partitionKey) => {
        const out: CloudObject[] = [];
        for await (const page of scanPrefix(table, partitionKey, ROW.cloudPrefix, filter)) {
          for (const entity of page) out.push(parseCloudEntity(entity).record);
        }
        return out;
      });
      return found.flat();
    },

    // The size of a row does not depend on its partition: the control partition's name stands in.
    assertSourceFits(record, where) {
      assertEntityFits(sourceToEntity(tenantId, record), where);
    },

    assertCloudFits(record, where) {
      assertEntityFits(cloudToEntity(tenantId, record), where);
    },

    async upsertSources(records, merge) {
      const layout = await scope.layout();
      return insertElseReplace({
        table,
        tenantId,
        records,
        keyOf: (record) => ({
          partitionKey: partitionOf.source(layout, record.sourceAnchor),
          rowKey: sourceRowKey(record.sourceAnchor),
        }),
        toEntity: (record) => sourceToEntity(partitionOf.source(layout, record.sourceAnchor), record),
        parse: (entity) => parseSourceEntity(entity).record,
        merge,
      });
    },

    async upsertClouds(records, merge) {
      const layout = await scope.layout();
      return insertElseReplace({
        table,
        tenantId,
        records,
        keyOf: (record) => ({
          partitionKey: partitionOf.cloud(layout, record.objectId),
          rowKey: cloudRowKey(record.objectId),
        }),
        toEntity: (record) => cloudToEntity(partitionOf.cloud(layout, record.objectId), record),
        parse: (entity) => parseCloudEntity(entity).record,
        merge,
      });
    },

    async markSourceDeleted(sourceAnchor, deletedAt, etag) {
      const layout = await scope.layout();
      await table.updateEntity(
        {
          partitionKey: partitionOf.source(layout, sourceAnchor),
          rowKey: sourceRowKey(sourceAnchor),
          deletedAt,
          updatedAt: deletedAt,
        },
        'Merge',
        { etag },
      );
    },

    async softDeleteCloud(objectId, deletedDateTime, etag) {
      const layout = await scope.layout();
      await table.updateEntity(
        { partitionKey: partitionOf.cloud(layout, objectId), rowKey: cloudRowKey(objectId), deletedDateTime },
        'Merge',
        { etag },
      );
    },

    async hardDeleteCloud(objectId, etag) {
      const layout = await scope.layout();
      await table.deleteEntity(partitionOf.cloud(layout, objectId), cloudRowKey(objectId), { etag });
    },
  };
}
