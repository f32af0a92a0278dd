import { odata } from '@azure/data-tables';
import type { SyncError } from '../sync/model';
import type { ErrorRow, SyncErrorFilters } from '../syncErrors/errorQuery';
import { readSealedPage, sealedPageFromMemory, type Page } from './cursor';
import type { Versioned } from './directoryEntities';
import { readErrorsVersion, readErrorsVersionRow } from './errorsVersion';
import { openErrorRowKey, ROW } from './keys';
import { readAll, scanPrefix } from './partitionQueries';
import { parseErrorEntity, readErrorRow } from './syncErrorEntities';
import { errorQuery, parseErrorRow } from './syncErrorQuery';
import type { TenantScope } from './tenantScope';

/** One storage page of an export: how many rows were read, and those the filters kept. */
export interface ErrorScanPage {
  read: number;
  rows: ErrorRow[];
}

/** The tenant's sync errors, read side (the writes go through the transaction). */
export interface ErrorRepository {
  /** An error by id, open or resolved, with its version; null when none. */
  get(id: string): Promise<Versioned<SyncError> | null>;
  /** Every open error, in key order (the order the list pages them). */
  openRows(): Promise<ErrorRow[]>;
  /**
   * One page of open errors already in memory (filtered, in the order openRows gave), with tokens
   * interchangeable with listPage's: a list may move between the two paths between pages.
   */
  openPageFromMemory(
    filters: SyncErrorFilters,
    rows: readonly ErrorRow[],
    top: number,
    continuationToken: string | undefined,
  ): Page<ErrorRow>;
  /** One page read from storage; `onRowsRead` hears how many rows were read, also on failure. */
  listPage(
    filters: SyncErrorFilters,
    top: number,
    continuationToken: string | undefined,
    onRowsRead: (count: number) => void,
  ): Promise<Page<ErrorRow>>;
  /** The whole filtered list, one storage page (at most 1,000 rows) at a time. */
  scan(filters: SyncErrorFilters): AsyncGenerator<ErrorScanPage>;
  /** The tenant's errors version: it changes whenever an error does. */
  version(): Promise<string>;
  /** Open errors raised by the same incoming object (SPEC decision 8), with their versions. */
  openOfAnchor(conflictingSourceAnchor: string): Promise<Versioned<SyncError>[]>;
}

export function errorRepository(scope: TenantScope): ErrorRepository {
  const { table, tenantId } = scope;
  /** Open errors are in the control partition (the tenant id), resolved ones in its history partition. */
  const partitionOfList = async (prefix: string): Promise<string> =>
    prefix === ROW.openErrorPrefix ? tenantId : (await scope.layout()).history;
  return {
    get: async (id) => readErrorRow(table, await scope.layout(), id),

    openRows: () => readAll(table, tenantId, ROW.openErrorPrefix, parseErrorRow),

    openPageFromMemory(filters, rows, top, continuationToken) {
      const query = errorQuery(filters);
      return sealedPageFromMemory(
        scope,
        { tenantId, list: query.fingerprint, continuationToken, prefix: query.prefix, top },
        rows.map((row) => ({ rowKey: openErrorRowKey(row.error.id), item: row })),
      );
    },

    async listPage(filters, top, continuationToken, onRowsRead) {
      const query = errorQuery(filters);
      let read = 0;
      const partitionKey = await partitionOfList(query.prefix);
      return readSealedPage(scope, {
        tenantId,
        partitionKey,
        list: query.fingerprint,
        continuationToken,
        prefix: query.prefix,
        top,
        filter: query.filter,
        parse: (entity) => {
          read += 1;
          return parseErrorRow(entity);
        },
        keep: query.keep,
      }).finally(() => onRowsRead(read));
    },

    async *scan(filters) {
      const query = errorQuery(filters);
      const partitionKey = await partitionOfList(query.prefix);
      for await (const page of scanPrefix(table, partitionKey, query.prefix, query.filter)) {
        const rows: ErrorRow[] = [];
        for (const entity of page) {
          const row = parseErrorRow(entity);
          if (!query.keep || query.keep(row)) rows.push(row);
        }
        yield { read: page.length, rows };
      }
    },

    // One point read, which also tells whether a change spanning partitions is pending: then the
    // store's first read completes it (unless its writer is still at work) and the version is new.
    version: async () => {
      const row = await readErrorsVersionRow(table, tenantId);
      if (row.pendingIntent === undefined) return row.version;
      await scope.layout();
      return readErrorsVersion(table, tenantId);
    },

    async openOfAnchor(conflictingSourceAnchor) {
      const out: Versioned<SyncError>[] = [];
      for await (const page of scanPrefix(
        table,
        tenantId,
        ROW.openErrorPrefix,
        odata`conflictingSourceAnchor eq ${conflictingSourceAnchor}`,
      )) {
        for (const entity of page) out.push(parseErrorEntity(entity));
      }
      return out;
    },
  };
}
