import { MAX_ACTIONS } from './batchWriter';
import { MAX_PAGE_SIZE } from './partitionQueries';
import type { PagedAsyncIterableIterator, PageSettings } from '@azure/core-paging';
import type {
  DeleteTableEntityOptions,
  GetTableEntityOptions,
  ListTableEntitiesOptions,
  TableEntity,
  TableEntityResult,
  TableEntityResultPage,
  TableTransactionEntityResponse,
  TableTransactionResponse,
  TransactionAction,
  UpdateMode,
  UpdateTableEntityOptions,
} from '@azure/data-tables';
import type { EntityTable } from './entityTable';
import { checkKeys, checkLimits, compareKeys, storedProperties, type StoredRow } from './memoryEntity';
import { decodeContinuation, encodeContinuation } from './memoryContinuation';
import { nextVersion } from './memoryVersion';
import { batchError, singleError, TableFailure } from './memoryTableErrors';
import { compileFilter, type CompiledFilter } from './odataFilter';

/** The service's page limit (a larger `maxPageSize` still gets at most this many rows) and its transaction limit. */
const MAX_PAGE_ROWS = MAX_PAGE_SIZE;
const MAX_TRANSACTION_ACTIONS = MAX_ACTIONS;

export type MemoryTable = EntityTable & {
  /** How many rows the table holds (for tests). */
  rowCount(): number;
};

type Key = Pick<StoredRow, 'partitionKey' | 'rowKey'>;
type Entity = Record<string, unknown>;

/**
 * Azure Table Storage in memory, for tests of the code above the store: one table with the
 * semantics that code relies on, as Azurite shows them (the contract suite in
 * test/shared/store/tableContract.test.ts runs the same cases on both). Rows are kept in key
 * order; every write gives the row a new ETag; conditional writes fail with 412; transactions are
 * all or nothing; pages hold at most 1,000 rows and continue from a token. Each call takes effect
 * when it is made, and its answer comes back asynchronously, as from the network.
 */
export function createMemoryTable(name = 'memory'): MemoryTable {
  /** Sorted by compareKeys. */
  const rows: StoredRow[] = [];

  /** The index of the first row not before `key`. */
  const lowerBound = (list: readonly StoredRow[], key: Key): number => {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareKeys(list[mid] as StoredRow, key) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  };

  const find = (key: Key): StoredRow | undefined => {
    const row = rows[lowerBound(rows, key)];
    return row && compareKeys(row, key) === 0 ? row : undefined;
  };

  /**
   * Applies changes already checked in full (a transaction computes every row before this), so
   * nothing here can fail halfway and a failing transaction has left the table as it was.
   */
  const commit = (changes: ReadonlyMap<string, { key: Key; row: StoredRow | null }>): void => {
    for (const { key, row } of changes.values()) {
      const at = lowerBound(rows, key);
      const present = rows[at] !== undefined && compareKeys(rows[at], key) === 0;
      if (row) rows.splice(at, present ? 1 : 0, row);
      else if (present) rows.splice(at, 1);
    }
  };

  /** One write, as a function of the row before it (undefined: none) to the row after (null: none). */
  type Write = (current: StoredRow | undefined) => StoredRow | null;

  const newRow = (key: Key, properties: StoredRow['properties']): StoredRow => {
    const row = { ...key, properties, ...nextVersion() };
    checkLimits(row);
    return row;
  };

  const createWrite =
    (entity: Entity): Write =>
    (current) => {
      const row = newRow(keyOf(entity), storedProperties(entity));
      if (current) throw new TableFailure('EntityAlreadyExists');
      return row;
    };

  const updateWrite =
    (entity: Entity, mode: UpdateMode, etag: string, mustExist: boolean): Write =>
    (current) => {
      const written = storedProperties(entity);
      if (!current) {
        if (mustExist) throw new TableFailure('ResourceNotFound');
        return newRow(keyOf(entity), written);
      }
      if (etag !== '*' && etag !== current.etag) throw new TableFailure('UpdateConditionNotSatisfied');
      const properties = mode === 'Replace' ? written : new Map([...current.properties, ...written]);
      return newRow(keyOf(entity), properties);
    };

  const deleteWrite =
    (etag: string): Write =>
    (current) => {
      if (!current) throw new TableFailure('ResourceNotFound');
      if (etag !== '*' && etag !== current.etag) throw new TableFailure('UpdateConditionNotSatisfied');
      return null;
    };

  /** A single-entity request: checked, applied, answered as the SDK answers. */
  const single = async (key: Key, write: Write): Promise<StoredRow | null> => {
    await Promise.resolve();
    try {
      checkKeys(key.partitionKey, key.rowKey);
      const row = write(find(key));
      commit(new Map([[mapKey(key), { key, row }]]));
      return row;
    } catch (error) {
      throw error instanceof TableFailure ? singleError(error) : error;
    }
  };

  const answer = (row: StoredRow | null): { etag?: string; date: Date; version: string } =>
    row
      ? { etag: row.etag, date: new Date(), version: SERVICE_VERSION }
      : { date: new Date(), version: SERVICE_VERSION };

  const table: MemoryTable = {
    rowCount: () => rows.length,

    createTable: async () => {
      await Promise.resolve();
    },

    getEntity: async <T extends object = Entity>(
      partitionKey: string,
      rowKey: string,
      options?: GetTableEntityOptions,
    ): Promise<TableEntityResult<T>> => {
      await Promise.resolve();
      const row = find({ partitionKey, rowKey });
      if (!row) throw singleError(new TableFailure('ResourceNotFound'));
      return {
        'odata.metadata': `memory://${name}/$metadata#${name}/@Element`,
        ...present(row, options?.queryOptions?.select),
      } as unknown as TableEntityResult<T>;
    },

    createEntity: async <T extends object>(entity: TableEntity<T>) =>
      answer(await single(keyOf(entity), createWrite(entity))),

    updateEntity: async <T extends object>(
      entity: TableEntity<T>,
      mode: UpdateMode = 'Merge',
      options?: UpdateTableEntityOptions,
    ) => answer(await single(keyOf(entity), updateWrite(entity, mode, options?.etag ?? '*', true))),

    upsertEntity: async <T extends object>(entity: TableEntity<T>, mode: UpdateMode = 'Merge') =>
      answer(await single(keyOf(entity), updateWrite(entity, mode, '*', false))),

    deleteEntity: async (partitionKey: string, rowKey: string, options?: DeleteTableEntityOptions) =>
      answer(await single({ partitionKey, rowKey }, deleteWrite(options?.etag ?? '*'))),

    listEntities: <T extends object = Entity>(options?: ListTableEntitiesOptions) =>
      listing<T>(rows, lowerBound, options),

    submitTransaction: async (actions: TransactionAction[]): Promise<TableTransactionResponse> => {
      await Promise.resolve();
      const first = actions[0];
      // The SDK fails these before sending anything: an empty list, and a second partition.
      if (!first) throw new TypeError('A transaction needs at least one action');
      const partitionKey = first[1].partitionKey;
      if (actions.some(([, entity]) => entity.partitionKey !== partitionKey))
        throw new Error('All operations in a transaction must target the same partitionKey');
      if (actions.length > MAX_TRANSACTION_ACTIONS)
        throw batchError(
          0,
          new TableFailure(
            'InvalidInput',
            'The batch request operation exceeds the maximum 100 changes per change set.',
          ),
        );
      const changes = new Map<string, { key: Key; row: StoredRow | null }>();
      const subResponses: TableTransactionEntityResponse[] = [];
      actions.forEach((action, index) => {
        const key = keyOf(action[1]);
        const id = mapKey(key);
        try {
          checkKeys(key.partitionKey, key.rowKey);
          if (changes.has(id)) throw new TableFailure('InvalidDuplicateRow');
          const row = transactionWrite(action)(find(key));
          changes.set(id, { key, row });
          subResponses.push(subResponse(action[0], key, row));
        } catch (error) {
          throw error instanceof TableFailure ? batchError(index, error) : error;
        }
      });
      commit(changes);
      return {
        status: 202,
        subResponses,
        getResponseForEntity: (rowKey: string) => subResponses.find((r) => r.rowKey === rowKey),
      };
    },
  };

  /** As the SDK turns each action into a request: its deletes send no ETag (If-Match: *). */
  const transactionWrite = (action: TransactionAction): Write => {
    const entity = action[1] as Entity;
    switch (action[0]) {
      case 'create':
        return createWrite(entity);
      case 'delete':
        return deleteWrite('*');
      case 'update':
        return updateWrite(entity, action[2] ?? 'Merge', action[3]?.etag ?? '*', true);
      case 'upsert':
        return updateWrite(entity, action[2] ?? 'Merge', '*', false);
    }
  };

  return table;
}

const SERVICE_VERSION = '2025-11-05';

function keyOf(entity: Record<string, unknown>): Key {
  return { partitionKey: entity.partitionKey as string, rowKey: entity.rowKey as string };
}

function mapKey(key: Key): string {
  // U+0000 cannot occur in a key (the service refuses control characters), so it separates.
  return `${key.partitionKey}\u0000${key.rowKey}`;
}

/** Azurite's sub-responses: a create names its row, a delete has no ETag. */
function subResponse(
  kind: TransactionAction[0],
  key: Key,
  row: StoredRow | null,
): TableTransactionEntityResponse {
  if (!row) return { status: 204 };
  return kind === 'create'
    ? { status: 204, rowKey: key.rowKey, etag: row.etag }
    : { status: 204, etag: row.etag };
}

/** A row as the SDK returns it, limited to `select` (the ETag always comes back). */
function present(row: StoredRow, select: readonly string[] | undefined): Entity {
  const wanted = select ? new Set(select) : undefined;
  const out: Entity = { etag: row.etag };
  if (!wanted || wanted.has('PartitionKey')) out.partitionKey = row.partitionKey;
  if (!wanted || wanted.has('RowKey')) out.rowKey = row.rowKey;
  for (const [name, value] of row.properties) {
    if (!wanted || wanted.has(name)) out[name] = value instanceof Date ? new Date(value.getTime()) : value;
  }
  if (!wanted || wanted.has('Timestamp')) out.timestamp = row.timestamp;
  return out;
}

/**
 * listEntities: each page is read from the rows as they are when it is asked for, as each page
 * is a request of its own; a token names the next matching row, so a page resumes exactly there.
 * As Azurite does, a page carries a token only when another matching row follows.
 */
function listing<T extends object>(
  list: readonly StoredRow[],
  lowerBound: (list: readonly StoredRow[], key: Key) => number,
  options: ListTableEntitiesOptions | undefined,
): PagedAsyncIterableIterator<TableEntityResult<T>, TableEntityResultPage<T>> {
  const filter = options?.queryOptions?.filter;
  const select = options?.queryOptions?.select;

  const readPage = (token: string | undefined, size: number): TableEntityResultPage<T> => {
    let compiled: CompiledFilter = { matches: () => true };
    try {
      if (filter) compiled = compileFilter(filter);
    } catch (error) {
      throw error instanceof TableFailure ? singleError(error) : error;
    }
    const { matches, partitionKey } = compiled;
    let at = token === undefined ? 0 : lowerBound(list, decodeContinuation(token));
    if (partitionKey !== undefined)
      at = Math.max(at, lowerBound(list, { partitionKey, rowKey: compiled.rowKeyFrom ?? '' }));
    const page: TableEntityResultPage<T> = [];
    for (; at < list.length; at++) {
      const row = list[at] as StoredRow;
      if (partitionKey !== undefined && row.partitionKey > partitionKey) break;
      if (!matches(row)) continue;
      if (page.length === size) {
        page.continuationToken = encodeContinuation(row);
        break;
      }
      page.push(present(row, select) as TableEntityResult<T>);
    }
    return page;
  };

  async function* pages(settings: PageSettings = {}): AsyncIterableIterator<TableEntityResultPage<T>> {
    const size = Math.min(Math.max(settings.maxPageSize ?? MAX_PAGE_ROWS, 1), MAX_PAGE_ROWS);
    let token = settings.continuationToken;
    do {
      await Promise.resolve();
      const page = readPage(token, size);
      yield page;
      token = page.continuationToken;
    } while (token !== undefined);
  }

  async function* items(): AsyncIterableIterator<TableEntityResult<T>> {
    for await (const page of pages()) yield* page;
  }

  const all = items();
  const iterator: PagedAsyncIterableIterator<TableEntityResult<T>, TableEntityResultPage<T>> = {
    next: () => all.next(),
    [Symbol.asyncIterator]: () => iterator,
    byPage: (settings?: PageSettings) => pages(settings),
  };
  return iterator;
}
