import { odata } from '@azure/data-tables';
import type { CloudObject, SourceObject } from '../directory/model';
import { readSealedPage, type Page, type PagedTable } from './cursor';
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
import { getOrNull, MAX_PAGE_SIZE, scanPrefix } from './partitionQueries';

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

export function directoryRepository(base: PagedTable, tenantId: string): DirectoryRepository {
  const { table } = base;
  return {
    async getCloud(objectId) {
      const raw = await getOrNull(table, tenantId, cloudRowKey(objectId));
      return raw ? parseCloudEntity(raw) : null;
    },

    async getSource(sourceAnchor) {
      const raw = await getOrNull(table, tenantId, sourceRowKey(sourceAnchor));
      return raw ? parseSourceEntity(raw) : null;
    },

    listSources(top, continuationToken) {
      return readSealedPage(base, {
        tenantId,
        list: { list: 'source' },
        continuationToken,
        prefix: ROW.sourcePrefix,
        top,
        parse: (e) => parseSourceEntity(e).record,
      });
    },

    /** The UPN filter is an exact, case-insensitive match on the stored lower-cased copy. */
    listClouds(filters, top, continuationToken) {
      const upnLower = filters.userPrincipalName?.toLowerCase();
      return readSealedPage(base, {
        tenantId,
        list: { list: 'cloud', upnLower, includeDeleted: filters.includeDeleted },
        continuationToken,
        prefix: ROW.cloudPrefix,
        top,
        filter: upnLower === undefined ? undefined : odata`upnLower eq ${upnLower}`,
        parse: (e) => parseCloudEntity(e).record,
        keep: filters.includeDeleted ? undefined : (cloud) => cloud.deletedDateTime === null,
      });
    },

    /** Only two columns are read. */
    async anchorHolders() {
      const holders = new Map<string, string>();
      const filter = odata`PartitionKey eq ${tenantId} and RowKey ge ${ROW.cloudPrefix} and RowKey lt ${prefixEnd(ROW.cloudPrefix)}`;
      const pages = table
        .listEntities<{ objectId?: string; sourceAnchor?: string }>({
          queryOptions: { filter, select: ['objectId', 'sourceAnchor'] },
        })
        .byPage({ maxPageSize: MAX_PAGE_SIZE });
      for await (const page of pages) {
        for (const row of page)
          if (row.sourceAnchor && row.objectId) holders.set(row.sourceAnchor, row.objectId);
      }
      return holders;
    },

    /** A filtered scan of the cloud objects. */
    async cloudsWithAnchors(anchors) {
      if (anchors.length === 0) return [];
      const filter = anchors.map((anchor) => odata`sourceAnchor eq ${anchor}`).join(' or ');
      const out: CloudObject[] = [];
      for await (const page of scanPrefix(table, tenantId, ROW.cloudPrefix, filter)) {
        for (const entity of page) out.push(parseCloudEntity(entity).record);
      }
      return out;
    },

    assertSourceFits(record, where) {
      assertEntityFits(sourceToEntity(tenantId, record), where);
    },

    assertCloudFits(record, where) {
      assertEntityFits(cloudToEntity(tenantId, record), where);
    },

    upsertSources(records, merge) {
      return insertElseReplace({
        table,
        tenantId,
        records,
        rowKeyOf: (record) => sourceRowKey(record.sourceAnchor),
        toEntity: (record) => sourceToEntity(tenantId, record),
        parse: (entity) => parseSourceEntity(entity).record,
        merge,
      });
    },

    upsertClouds(records, merge) {
      return insertElseReplace({
        table,
        tenantId,
        records,
        rowKeyOf: (record) => cloudRowKey(record.objectId),
        toEntity: (record) => cloudToEntity(tenantId, record),
        parse: (entity) => parseCloudEntity(entity).record,
        merge,
      });
    },

    async markSourceDeleted(sourceAnchor, deletedAt, etag) {
      await table.updateEntity(
        { partitionKey: tenantId, rowKey: sourceRowKey(sourceAnchor), deletedAt, updatedAt: deletedAt },
        'Merge',
        { etag },
      );
    },

    async softDeleteCloud(objectId, deletedDateTime, etag) {
      await table.updateEntity(
        { partitionKey: tenantId, rowKey: cloudRowKey(objectId), deletedDateTime },
        'Merge',
        { etag },
      );
    },

    async hardDeleteCloud(objectId, etag) {
      await table.deleteEntity(tenantId, cloudRowKey(objectId), { etag });
    },
  };
}
