import type { TableClient } from '@azure/data-tables';
import { errorToEntity } from '../../../shared/store/syncErrorEntities';
import { openTenantStore } from '../../../shared/store/tenantStore';
import { exportSyncErrorsCsv } from '../../../shared/syncErrors/exportSyncErrorsCsv';
import { syncError } from './fixtures';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CYCLE_START = '2025-01-01T12:00:00.000Z';

type Page = Record<string, unknown>[];

/**
 * A stand-in for the SDK's TableClient that serves error rows in the pages given (a page may be an
 * Error, thrown when reached) and one cycle summary; it records the filters it was asked with.
 */
function fakeTable(errorPages: (Page | Error)[]): { table: TableClient; filters: string[] } {
  const filters: string[] = [];
  const summary = { cycleId: 'c1', trigger: 'http', startedAt: CYCLE_START, finishedAt: CYCLE_START };
  const counts = ['objectsRead', 'provisioned', 'updated', 'softDeleted', 'purged', 'errorsCreated'];
  const more = ['errorsResolved', 'errorsReset', 'deletionsHeldBack'];
  const cycleRow = {
    ...summary,
    ...Object.fromEntries([...counts, ...more].map((k) => [k, 0])),
    deletionThresholdExceeded: false,
  };
  const table = {
    // Point reads: the tenant's layout row (tenantLayout.ts), and no pending change (intent).
    getEntity: (_partitionKey: string, rowKey: string) =>
      rowKey === 'layout'
        ? Promise.resolve({ version: 2, shards: 32, etag: 'W/"1"' })
        : Promise.reject(Object.assign(new Error('Not found'), { statusCode: 404 })),
    listEntities: (options: { queryOptions: { filter: string } }) => {
      filters.push(options.queryOptions.filter);
      const pages = options.queryOptions.filter.includes("'cyc_'") ? [[cycleRow]] : errorPages;
      return {
        byPage: async function* () {
          for (const page of pages) {
            await Promise.resolve();
            if (page instanceof Error) throw page;
            yield page;
          }
        },
      };
    },
  };
  return { table: table as unknown as TableClient, filters };
}

/** The tenant's store over a fake table. */
const storeOf = (table: TableClient) => openTenantStore({ table, pagingKey: Buffer.alloc(32) }, TENANT);

const row = (id: string, displayName: string) => ({
  ...errorToEntity(
    TENANT,
    syncError({ id, existingObject: { ...syncError().existingObject!, displayName } }),
  ),
  etag: 'W/"1"',
});

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(Buffer.from(chunk).toString('utf8'));
  return out;
}

const id = (n: number) => n.toString(16).padStart(32, '0');

describe('exportSyncErrorsCsv', () => {
  test('one chunk per storage page, the header once, the search applied while reading', async () => {
    const { table, filters } = fakeTable([
      [row(id(1), 'Alpha'), row(id(2), 'Beta')],
      [row(id(3), 'Alphabet')],
    ]);
    const onError = jest.fn();
    const body = await exportSyncErrorsCsv(
      storeOf(table),
      { state: 'open', search: 'ALPHA', attribute: 'UserPrincipalName' },
      onError,
    );
    const chunks = await collect(body);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]?.startsWith('id,category,errorType,')).toBe(true);
    expect(chunks.join('').split('\r\n').filter(Boolean)).toHaveLength(3); // header + Alpha + Alphabet
    expect(chunks[1]).not.toContain('errorType');
    expect(chunks.join('')).not.toContain('Beta');
    expect(chunks.join('')).toContain(CYCLE_START); // lastSeenAt of an open error
    expect(filters.find((f) => f.includes("'err_'"))).toContain("attribute eq 'UserPrincipalName'");
    expect(onError).not.toHaveBeenCalled();
  });

  test('no rows: the header alone', async () => {
    const { table } = fakeTable([[]]);
    expect(
      (await collect(await exportSyncErrorsCsv(storeOf(table), { state: 'open' }, jest.fn()))).join(''),
    ).toMatch(/^id,[^\r\n]*\r\n$/);
    const { table: empty } = fakeTable([]);
    expect(
      await collect(await exportSyncErrorsCsv(storeOf(empty), { state: 'resolved' }, jest.fn())),
    ).toHaveLength(1);
  });

  test('a failure on the first page rejects before any byte is produced', async () => {
    const { table } = fakeTable([new Error('storage down')]);
    const onError = jest.fn();
    await expect(exportSyncErrorsCsv(storeOf(table), { state: 'open' }, onError)).rejects.toThrow(
      'storage down',
    );
    expect(onError).not.toHaveBeenCalled(); // the route's own error handling answers this one
  });

  test('a failure on a later page is reported and cuts the body short', async () => {
    const { table } = fakeTable([[row(id(1), 'Alpha')], new Error('page 2 failed')]);
    const onError = jest.fn();
    const body = await exportSyncErrorsCsv(storeOf(table), { state: 'open' }, onError);
    await expect(collect(body)).rejects.toThrow('page 2 failed');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'page 2 failed' }));
  });
});
