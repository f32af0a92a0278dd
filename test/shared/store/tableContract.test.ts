import { odata, type TransactionAction } from '@azure/data-tables';
import type { EntityTable } from '../../../shared/store/entityTable';
import { freshTable, memoryTable } from '../../support/table';
import { batchFailure, content, contents, failureOf, keysOf, singleFailure } from './tableOutcome';

/**
 * The contract between the store and its table: one list of cases, run on Azurite and on the
 * in-memory table, with the same expectations. A case says what Azure Table Storage does as
 * Azurite shows it; the memory table is right when it passes the same case.
 */
const BACKENDS: [string, () => Promise<EntityTable>][] = [
  ['Azurite', freshTable],
  ['memory', () => Promise.resolve(memoryTable())],
];

const ETAG = /^W\/"datetime'\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d\.\d{7}Z'"$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;

describe.each(BACKENDS)('table contract on %s', (_backend, open) => {
  let table: EntityTable;
  beforeEach(async () => {
    table = await open();
  });

  const put = (partitionKey: string, rowKey: string, properties: Record<string, unknown> = {}) =>
    table.createEntity({ partitionKey, rowKey, ...properties });

  describe('values and system fields', () => {
    test('a row reads back with the types the SDK gives, null and undefined left out', async () => {
      const when = new Date('2024-01-02T03:04:05.678Z');
      const created = await put('p', 'a', {
        text: "it's",
        int: 42,
        negative: -7,
        big: 2 ** 40,
        double: 1.5,
        yes: true,
        no: false,
        when,
        empty: '',
        nothing: null,
        missing: undefined,
      });
      const entity = await table.getEntity('p', 'a');
      expect(content(entity)).toEqual({
        partitionKey: 'p',
        rowKey: 'a',
        text: "it's",
        int: 42,
        negative: -7,
        big: 2 ** 40,
        double: 1.5,
        yes: true,
        no: false,
        when,
        empty: '',
      });
      expect(entity.when).toBeInstanceOf(Date);
      expect(entity.etag).toMatch(ETAG);
      expect(entity.etag).toBe(created.etag);
      expect(entity.timestamp).toEqual(expect.stringMatching(TIMESTAMP));
      expect(entity['odata.metadata']).toEqual(expect.any(String));
    });

    test('the ETag names the row timestamp, as Azure forms it', async () => {
      await put('p', 'a');
      const entity = await table.getEntity('p', 'a');
      expect(entity.etag).toBe(`W/"datetime'${encodeURIComponent(String(entity.timestamp))}'"`);
    });

    test('system fields in what is written are not stored', async () => {
      const original = await put('p', 'a', { v: 1 });
      const read = await table.getEntity('p', 'a');
      await table.updateEntity(
        { ...read, partitionKey: 'p', rowKey: 'a', timestamp: 'x', Timestamp: 'y', etag: 'z' },
        'Replace',
      );
      const after = await table.getEntity('p', 'a');
      expect(content(after)).toEqual({ partitionKey: 'p', rowKey: 'a', v: 1 });
      expect(after.etag).not.toBe(original.etag);
    });

    test('a Date written reads back as an equal Date that the caller cannot change in place', async () => {
      const when = new Date('2020-05-06T07:08:09.010Z');
      await put('p', 'a', { when });
      when.setFullYear(1999);
      const first = await table.getEntity('p', 'a');
      (first.when as Date).setFullYear(1998);
      expect(((await table.getEntity('p', 'a')).when as Date).toISOString()).toBe('2020-05-06T07:08:09.010Z');
    });
  });

  describe('ETags and conditions', () => {
    test('every write gives the row a new ETag, the one the write answered with', async () => {
      const seen = new Set<string>();
      const writes: (() => Promise<{ etag?: string }>)[] = [
        () => put('p', 'a', { v: 1 }),
        () => table.updateEntity({ partitionKey: 'p', rowKey: 'a', v: 2 }, 'Merge'),
        () => table.updateEntity({ partitionKey: 'p', rowKey: 'a', v: 2 }, 'Replace'),
        () => table.upsertEntity({ partitionKey: 'p', rowKey: 'a', v: 2 }, 'Merge'),
        () => table.upsertEntity({ partitionKey: 'p', rowKey: 'a', v: 2 }, 'Replace'),
        () => table.upsertEntity({ partitionKey: 'p', rowKey: 'a', v: 2 }),
      ];
      for (const write of writes) {
        const { etag } = await write();
        expect(etag).toMatch(ETAG);
        expect((await table.getEntity('p', 'a')).etag).toBe(etag);
        seen.add(String(etag));
      }
      expect(seen.size).toBe(writes.length);
    });

    test('an update or delete with the current ETag succeeds', async () => {
      const created = await put('p', 'a', { v: 1 });
      const updated = await table.updateEntity({ partitionKey: 'p', rowKey: 'a', v: 2 }, 'Replace', {
        etag: created.etag!,
      });
      await table.deleteEntity('p', 'a', { etag: updated.etag! });
      expect(await failureOf(table.getEntity('p', 'a'))).toEqual(singleFailure(404, 'ResourceNotFound'));
    });

    test('an update or delete with a stale ETag fails with 412 and changes nothing', async () => {
      const stale = (await put('p', 'a', { v: 1 })).etag!;
      await table.updateEntity({ partitionKey: 'p', rowKey: 'a', v: 2 }, 'Merge');
      for (const mode of ['Merge', 'Replace'] as const) {
        expect(
          await failureOf(
            table.updateEntity({ partitionKey: 'p', rowKey: 'a', v: 3 }, mode, { etag: stale }),
          ),
        ).toEqual(singleFailure(412, 'UpdateConditionNotSatisfied'));
      }
      expect(await failureOf(table.deleteEntity('p', 'a', { etag: stale }))).toEqual(
        singleFailure(412, 'UpdateConditionNotSatisfied'),
      );
      expect(content(await table.getEntity('p', 'a'))).toEqual({ partitionKey: 'p', rowKey: 'a', v: 2 });
    });

    test('an update or delete with ETag * or none takes any version', async () => {
      await put('p', 'a', { v: 1 });
      await table.updateEntity({ partitionKey: 'p', rowKey: 'a', v: 2 }, 'Merge', { etag: '*' });
      await table.updateEntity({ partitionKey: 'p', rowKey: 'a', v: 3 }, 'Merge');
      expect((await table.getEntity('p', 'a')).v).toBe(3);
      await table.deleteEntity('p', 'a', { etag: '*' });
      await put('p', 'a');
      await table.deleteEntity('p', 'a');
      expect(await keysOf(table)).toEqual([]);
    });
  });

  describe('missing and existing rows', () => {
    test('creating a row that exists fails with 409 and leaves it as it was', async () => {
      await put('p', 'a', { v: 1 });
      expect(await failureOf(put('p', 'a', { v: 2 }))).toEqual(singleFailure(409, 'EntityAlreadyExists'));
      expect((await table.getEntity('p', 'a')).v).toBe(1);
    });

    test('reading, updating or deleting a missing row fails with 404, whatever the ETag', async () => {
      const other = (await put('p', 'other')).etag!;
      const notFound = singleFailure(404, 'ResourceNotFound');
      expect(await failureOf(table.getEntity('p', 'a'))).toEqual(notFound);
      expect(await failureOf(table.updateEntity({ partitionKey: 'p', rowKey: 'a' }, 'Merge'))).toEqual(
        notFound,
      );
      expect(await failureOf(table.updateEntity({ partitionKey: 'p', rowKey: 'a' }, 'Replace'))).toEqual(
        notFound,
      );
      expect(
        await failureOf(table.updateEntity({ partitionKey: 'p', rowKey: 'a' }, 'Replace', { etag: other })),
      ).toEqual(notFound);
      expect(await failureOf(table.deleteEntity('p', 'a'))).toEqual(notFound);
      expect(await failureOf(table.deleteEntity('p', 'a', { etag: other }))).toEqual(notFound);
      expect(await keysOf(table)).toEqual(['p/other']);
    });
  });

  describe('Merge and Replace', () => {
    test('Merge keeps the properties it does not name and ignores nulls; Replace keeps only its own', async () => {
      await put('p', 'a', { keep: 'k', change: 1, nulled: 'n' });
      await table.updateEntity(
        { partitionKey: 'p', rowKey: 'a', change: 2, nulled: null, added: true },
        'Merge',
      );
      expect(content(await table.getEntity('p', 'a'))).toEqual({
        partitionKey: 'p',
        rowKey: 'a',
        keep: 'k',
        change: 2,
        nulled: 'n',
        added: true,
      });
      await table.updateEntity({ partitionKey: 'p', rowKey: 'a', only: 'o' }, 'Replace');
      expect(content(await table.getEntity('p', 'a'))).toEqual({ partitionKey: 'p', rowKey: 'a', only: 'o' });
    });

    test('an update without a mode merges', async () => {
      await put('p', 'a', { keep: 'k' });
      await table.updateEntity({ partitionKey: 'p', rowKey: 'a', added: 1 });
      expect(content(await table.getEntity('p', 'a'))).toEqual({
        partitionKey: 'p',
        rowKey: 'a',
        keep: 'k',
        added: 1,
      });
    });

    test('upsert creates a missing row, then merges (the default) or replaces', async () => {
      await table.upsertEntity({ partitionKey: 'p', rowKey: 'a', x: 1 }, 'Replace');
      await table.upsertEntity({ partitionKey: 'p', rowKey: 'b', x: 1 }, 'Merge');
      await table.upsertEntity({ partitionKey: 'p', rowKey: 'a', y: 2 });
      await table.upsertEntity({ partitionKey: 'p', rowKey: 'b', y: 2 }, 'Replace');
      expect(await contents(table)).toEqual([
        { partitionKey: 'p', rowKey: 'a', x: 1, y: 2 },
        { partitionKey: 'p', rowKey: 'b', y: 2 },
      ]);
    });
  });

  describe('keys and order', () => {
    test('rows list by PartitionKey, then RowKey, in UTF-16 code unit order', async () => {
      const keys: [string, string][] = [
        ['p', 'b'],
        ['p', 'a'],
        ['P', 'z'],
        ['p', 'B'],
        ['q', 'a'],
        ['p', 'é'],
        ['p', 'z'],
        ['p', '\uffff'],
        ['p', '😀'],
        ['p', ''],
        ['p', 'a0'],
        ['', 'x'],
        ['p', 'A'],
        ['p', '~'],
        ['p', '-'],
      ];
      for (const [partitionKey, rowKey] of keys) await put(partitionKey, rowKey);
      const expected = keys
        .map(([p, r]) => [p, r] as const)
        .sort(([p1, r1], [p2, r2]) => (p1 !== p2 ? (p1 < p2 ? -1 : 1) : r1 < r2 ? -1 : r1 > r2 ? 1 : 0))
        .map(([p, r]) => `${p}/${r}`);
      expect(await keysOf(table)).toEqual(expected);
      expect(expected.slice(0, 3)).toEqual(['/x', 'P/z', 'p/']);
      expect(expected.slice(-4)).toEqual(['p/é', 'p/😀', 'p/\uffff', 'q/a']);
    });

    test.each(['a/b', 'a\\b', 'a#b', 'a?b', 'a\tb', 'a\u0000b', 'a\u007fb'])(
      'a key holding %j is refused with 400 InvalidInput',
      async (key) => {
        expect(await failureOf(put('p', key))).toEqual(singleFailure(400, 'InvalidInput'));
        expect(await failureOf(put(key, 'a'))).toEqual(singleFailure(400, 'InvalidInput'));
        expect(
          await failureOf(
            table.submitTransaction([
              ['create', { partitionKey: 'p', rowKey: 'ok' }],
              ['create', { partitionKey: 'p', rowKey: key }],
            ]),
          ),
        ).toEqual(batchFailure(400, 'InvalidInput'));
        expect(await keysOf(table)).toEqual([]);
      },
    );
  });

  describe('filters', () => {
    beforeEach(async () => {
      await table.submitTransaction([
        [
          'create',
          { partitionKey: 'p', rowKey: 'a', s: "it's", n: 1, b: true, d: new Date('2024-01-01T00:00:00Z') },
        ],
        [
          'create',
          { partitionKey: 'p', rowKey: 'b', s: 'b', n: 2.5, b: false, d: new Date('2025-01-01T00:00:00Z') },
        ],
        ['create', { partitionKey: 'p', rowKey: 'c', s: 'true', n: 3 }],
        ['create', { partitionKey: 'p', rowKey: 'err_1', errorType: 'Email', attribute: 'UPN' }],
        ['create', { partitionKey: 'p', rowKey: 'err_2', errorType: 'Upn', attribute: 'UPN' }],
        ['create', { partitionKey: 'p', rowKey: 'err_3', errorType: 'Email', attribute: 'Mail' }],
        ['create', { partitionKey: 'p', rowKey: 'erh_1', errorType: 'Email' }],
      ]);
      await put('q', 'a', { s: 'q', n: -1 });
      await put('pp', 'a', { s: 'pp' });
    });

    const cases: [string, string, string[]][] = [
      [
        'partition',
        odata`PartitionKey eq ${'p'}`,
        ['p/a', 'p/b', 'p/c', 'p/erh_1', 'p/err_1', 'p/err_2', 'p/err_3'],
      ],
      [
        'prefix range, as scanPrefix builds it',
        odata`PartitionKey eq ${'p'} and RowKey ge ${'err_'} and RowKey lt ${'err`'}`,
        ['p/err_1', 'p/err_2', 'p/err_3'],
      ],
      [
        'keyset continuation with an extra filter, as readRangePage builds it',
        `${odata`PartitionKey eq ${'p'}`} and ${odata`RowKey gt ${'err_1'}`} and ${odata`RowKey lt ${'err`'}`} and (${odata`attribute eq ${'UPN'}`})`,
        ['p/err_2'],
      ],
      [
        'a category as an or-list in parentheses',
        `${odata`PartitionKey eq ${'p'}`} and (${odata`errorType eq ${'Email'}`} or ${odata`errorType eq ${'Upn'}`}) and ${odata`attribute eq ${'UPN'}`}`,
        ['p/err_1', 'p/err_2'],
      ],
      ['a quote in a string literal', odata`s eq ${"it's"}`, ['p/a']],
      ['a string that reads as a boolean is still a string', 's eq true', []],
      ['number greater than', 'n gt 1', ['p/b', 'p/c']],
      ['an integer compared with a double', 'n ge 2.5 and n le 3.0', ['p/b', 'p/c']],
      ['a negative number', 'n lt 0', ['q/a']],
      ['a number is not equal to its text', "n eq '1'", []],
      ['values of different types are unequal', "n ne '1' and s ne 1", ['p/a', 'p/b', 'p/c', 'q/a']],
      ['booleans', odata`b eq ${false}`, ['p/b']],
      ['datetime', odata`d gt ${new Date('2024-06-01T00:00:00Z')}`, ['p/b']],
      ['datetime equality', "d eq datetime'2024-01-01T00:00:00Z'", ['p/a']],
      ['strings compare by code unit', "s lt 'c' or RowKey lt 'a'", ['p/b']],
      ['ne skips rows without the property', "s ne 'q'", ['p/a', 'p/b', 'p/c', 'pp/a']],
      [
        'not keeps rows without the property',
        "not (s eq 'q')",
        ['p/a', 'p/b', 'p/c', 'p/erh_1', 'p/err_1', 'p/err_2', 'p/err_3', 'pp/a'],
      ],
      ['a missing property matches nothing, not even ne', "nothere ne 'x'", []],
      ['property names are case-sensitive', "rowKey eq 'a' or S eq 'q'", []],
      ['or binds looser than and', "s eq 'q' or s eq 'b' and n eq 3", ['q/a']],
      ['parentheses', "(s eq 'q' or s eq 'b') and n lt 3", ['p/b', 'q/a']],
      ['RowKey alone spans partitions', "RowKey eq 'a'", ['p/a', 'pp/a', 'q/a']],
      ['PartitionKey is exact, not a prefix', "PartitionKey eq 'pp'", ['pp/a']],
      ['a partition or another row', "PartitionKey eq 'q' or RowKey eq 'c'", ['p/c', 'q/a']],
      ['key bounds in any order', "RowKey gt 'b' and n ge 0 and PartitionKey eq 'p'", ['p/c']],
      ['not a partition', "not (PartitionKey eq 'p') and RowKey ge 'a'", ['pp/a', 'q/a']],
    ];

    test.each(cases)('%s', async (_what, filter, expected) => {
      expect(await keysOf(table, filter)).toEqual(expected);
    });
  });

  describe('select', () => {
    test('only the selected properties come back, with the ETag, and missing ones are left out', async () => {
      await put('p', 'a', { v: 1, w: 2 });
      await put('p', 'b', { w: 3 });
      const rows = [];
      for await (const entity of table.listEntities({ queryOptions: { select: ['RowKey', 'v', 'nope'] } }))
        rows.push(entity);
      expect(rows.map((e) => Object.keys(e).sort())).toEqual([
        ['etag', 'rowKey', 'v'],
        ['etag', 'rowKey'],
      ]);
      expect(rows.map((e) => e.etag)).toEqual([
        (await table.getEntity('p', 'a')).etag,
        (await table.getEntity('p', 'b')).etag,
      ]);
    });

    test('PartitionKey and Timestamp are selected by their service names', async () => {
      await put('p', 'a', { v: 1 });
      const rows = [];
      for await (const entity of table.listEntities({
        queryOptions: { select: ['PartitionKey', 'Timestamp'] },
      }))
        rows.push(entity);
      expect(rows).toEqual([
        { etag: expect.stringMatching(ETAG), partitionKey: 'p', timestamp: expect.stringMatching(TIMESTAMP) },
      ]);
    });
  });

  describe('pages', () => {
    const fill = async (partitionKey: string, count: number): Promise<void> => {
      for (let start = 0; start < count; start += 100) {
        const actions: TransactionAction[] = [];
        for (let i = start; i < Math.min(count, start + 100); i++)
          actions.push(['create', { partitionKey, rowKey: String(i).padStart(5, '0'), i }]);
        await table.submitTransaction(actions);
      }
    };
    const pageSizes = async (maxPageSize?: number, filter?: string): Promise<[number, boolean][]> => {
      const sizes: [number, boolean][] = [];
      const pages = table
        .listEntities(filter ? { queryOptions: { filter } } : {})
        .byPage(maxPageSize === undefined ? {} : { maxPageSize });
      for await (const page of pages) sizes.push([page.length, page.continuationToken !== undefined]);
      return sizes;
    };

    test('a page holds at most 1,000 rows, whatever maxPageSize asks, and the last has no token', async () => {
      await fill('m', 1250);
      await put('n', 'a');
      expect(await pageSizes(2000, "PartitionKey eq 'm'")).toEqual([
        [1000, true],
        [250, false],
      ]);
      expect(await pageSizes(undefined, "PartitionKey eq 'm'")).toEqual([
        [1000, true],
        [250, false],
      ]);
      let all = 0;
      for await (const entity of table.listEntities()) all += entity.partitionKey === 'm' ? 1 : 0;
      expect(all).toBe(1250);
    });

    test('a filtered list pages by maxPageSize, with a token only when more rows match', async () => {
      await fill('m', 12);
      await put('z', 'a');
      expect(await pageSizes(5, "PartitionKey eq 'm'")).toEqual([
        [5, true],
        [5, true],
        [2, false],
      ]);
      expect(await pageSizes(6, "PartitionKey eq 'm'")).toEqual([
        [6, true],
        [6, false],
      ]);
      expect(await pageSizes(5, 'i ge 3 and i lt 8')).toEqual([[5, false]]);
      expect(await pageSizes(5, "PartitionKey eq 'none'")).toEqual([[0, false]]);
      expect(await pageSizes(2, "PartitionKey eq 'z'")).toEqual([[1, false]]);
    });

    test('a token resumes a new query exactly where the page ended, seeing writes made since', async () => {
      await fill('m', 10);
      const filter = "PartitionKey eq 'm'";
      const first = await table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: 4 }).next();
      const page = first.value as { rowKey?: string }[] & { continuationToken?: string };
      expect(page.map((e) => e.rowKey)).toEqual(['00000', '00001', '00002', '00003']);
      await put('m', '00003a');
      await put('m', '00004a');
      await table.deleteEntity('m', '00005');
      const rest: string[] = [];
      const pages = table
        .listEntities({ queryOptions: { filter } })
        .byPage({ maxPageSize: 4, continuationToken: page.continuationToken! });
      for await (const next of pages) rest.push(...next.map((e) => String(e.rowKey)));
      expect(rest).toEqual(['00004', '00004a', '00006', '00007', '00008', '00009']);
    });
  });

  describe('transactions', () => {
    test('all actions apply, each answered with its new ETag', async () => {
      const a = await put('p', 'a', { v: 1 });
      await put('p', 'd');
      const result = await table.submitTransaction([
        ['create', { partitionKey: 'p', rowKey: 'b', v: 2 }],
        ['update', { partitionKey: 'p', rowKey: 'a', w: 3 }, 'Merge', { etag: a.etag! }],
        ['upsert', { partitionKey: 'p', rowKey: 'c', v: 4 }, 'Replace'],
        ['delete', { partitionKey: 'p', rowKey: 'd' }],
      ]);
      expect(result.status).toBe(202);
      const etags = [
        (await table.getEntity('p', 'b')).etag,
        (await table.getEntity('p', 'a')).etag,
        (await table.getEntity('p', 'c')).etag,
      ];
      expect(result.subResponses).toEqual([
        { status: 204, rowKey: 'b', etag: etags[0] },
        { status: 204, etag: etags[1] },
        { status: 204, etag: etags[2] },
        { status: 204 },
      ]);
      // Whether two entities of one batch get distinct ETags is Azurite's timing (a millisecond
      // clock), not a contract: only each entity's own ETag changing is, and nothing relies on more.
      expect(etags).not.toContain(a.etag);
      expect(result.getResponseForEntity('b')?.etag).toBe(etags[0]);
      expect(await contents(table)).toEqual([
        { partitionKey: 'p', rowKey: 'a', v: 1, w: 3 },
        { partitionKey: 'p', rowKey: 'b', v: 2 },
        { partitionKey: 'p', rowKey: 'c', v: 4 },
      ]);
    });

    test('update and upsert merge by default, in a transaction too', async () => {
      await put('p', 'a', { v: 1 });
      await put('p', 'b', { v: 1 });
      await table.submitTransaction([
        ['update', { partitionKey: 'p', rowKey: 'a', w: 2 }],
        ['upsert', { partitionKey: 'p', rowKey: 'b', w: 2 }],
      ]);
      expect(await contents(table)).toEqual([
        { partitionKey: 'p', rowKey: 'a', v: 1, w: 2 },
        { partitionKey: 'p', rowKey: 'b', v: 1, w: 2 },
      ]);
    });

    const failing: [string, (stale: string) => TransactionAction, number, string][] = [
      [
        'a create of an existing row',
        () => ['create', { partitionKey: 'p', rowKey: 'a' }],
        409,
        'EntityAlreadyExists',
      ],
      [
        'an update with a stale ETag',
        (stale) => ['update', { partitionKey: 'p', rowKey: 'a', v: 9 }, 'Replace', { etag: stale }],
        412,
        'UpdateConditionNotSatisfied',
      ],
      [
        'an update of a missing row',
        () => ['update', { partitionKey: 'p', rowKey: 'zz' }],
        404,
        'ResourceNotFound',
      ],
      [
        'a delete of a missing row',
        () => ['delete', { partitionKey: 'p', rowKey: 'zz' }],
        404,
        'ResourceNotFound',
      ],
      [
        'a second action on the same row',
        () => ['upsert', { partitionKey: 'p', rowKey: 'new' }],
        400,
        'InvalidDuplicateRow',
      ],
      [
        'a string longer than 32K characters',
        () => ['upsert', { partitionKey: 'p', rowKey: 'long', s: 'x'.repeat(32 * 1024 + 1) }],
        400,
        'PropertyValueTooLarge',
      ],
    ];

    test.each(failing)(
      '%s fails the whole transaction, and nothing of it applies',
      async (_what, bad, status, code) => {
        const stale = (await put('p', 'a', { v: 1 })).etag!;
        await table.updateEntity({ partitionKey: 'p', rowKey: 'a', v: 2 }, 'Merge');
        await put('p', 'b', { v: 1 });
        await put('p', 'c');
        const before = await contents(table);
        const etagBefore = (await table.getEntity('p', 'b')).etag;
        const failure = await failureOf(
          table.submitTransaction([
            ['create', { partitionKey: 'p', rowKey: 'new' }],
            ['update', { partitionKey: 'p', rowKey: 'b', v: 5 }, 'Merge'],
            ['delete', { partitionKey: 'p', rowKey: 'c' }],
            bad(stale),
          ]),
        );
        expect(failure).toEqual(batchFailure(status, code));
        expect(await contents(table)).toEqual(before);
        expect((await table.getEntity('p', 'b')).etag).toBe(etagBefore);
      },
    );

    test('the failing action is named by its index, first in the message', async () => {
      await put('p', 'a');
      const error = await table
        .submitTransaction([
          ['upsert', { partitionKey: 'p', rowKey: 'x' }],
          ['upsert', { partitionKey: 'p', rowKey: 'y' }],
          ['create', { partitionKey: 'p', rowKey: 'a' }],
        ])
        .then(
          () => undefined,
          (e: unknown) => e as Error,
        );
      expect(error?.message).toMatch(/^2:/);
    });

    test('a delete in a transaction takes no ETag: the SDK sends none, so a stale one is not checked', async () => {
      const stale = (await put('p', 'a', { v: 1 })).etag!;
      await table.updateEntity({ partitionKey: 'p', rowKey: 'a', v: 2 }, 'Merge');
      const deleteWithEtag = [
        'delete',
        { partitionKey: 'p', rowKey: 'a' },
        { etag: stale },
      ] as unknown as TransactionAction;
      await table.submitTransaction([deleteWithEtag]);
      expect(await keysOf(table)).toEqual([]);
    });

    test('at most 100 actions: 101 fail with 400 InvalidInput and apply nothing', async () => {
      const actions = (count: number): TransactionAction[] =>
        Array.from({ length: count }, (_, i) => [
          'create',
          { partitionKey: 'p', rowKey: String(i).padStart(3, '0') },
        ]);
      expect(await failureOf(table.submitTransaction(actions(101)))).toEqual(
        batchFailure(400, 'InvalidInput'),
      );
      expect(await keysOf(table)).toEqual([]);
      await table.submitTransaction(actions(100));
      expect(await keysOf(table)).toHaveLength(100);
    });

    test('one partition only: the SDK refuses a second one before sending', async () => {
      expect(
        await failureOf(
          table.submitTransaction([
            ['create', { partitionKey: 'p', rowKey: 'a' }],
            ['create', { partitionKey: 'q', rowKey: 'a' }],
          ]),
        ),
      ).toEqual({
        failed: true,
        name: 'Error',
        statusCode: undefined,
        code: undefined,
        detailsCode: undefined,
      });
      expect(await keysOf(table)).toEqual([]);
    });

    test('an empty transaction is refused before sending', async () => {
      expect((await failureOf(table.submitTransaction([]))).name).toBe('TypeError');
    });
  });

  describe('limits the service enforces', () => {
    test('a string property holds at most 32K UTF-16 code units', async () => {
      const max = 32 * 1024;
      await put('p', 'a', { s: 'x'.repeat(max) });
      await put('p', 'b', { s: '😀'.repeat(max / 2) });
      const tooLarge = singleFailure(400, 'PropertyValueTooLarge');
      expect(await failureOf(put('p', 'c', { s: 'x'.repeat(max + 1) }))).toEqual(tooLarge);
      expect(await failureOf(put('p', 'c', { s: `${'😀'.repeat(max / 2)}x` }))).toEqual(tooLarge);
      expect(
        await failureOf(
          table.updateEntity({ partitionKey: 'p', rowKey: 'a', s: 'é'.repeat(max + 1) }, 'Merge'),
        ),
      ).toEqual(tooLarge);
      expect(
        await failureOf(table.upsertEntity({ partitionKey: 'p', rowKey: 'a', s: 'x'.repeat(max + 1) })),
      ).toEqual(tooLarge);
      expect((await table.getEntity('p', 'a')).s).toHaveLength(max);
      expect(await keysOf(table)).toEqual(['p/a', 'p/b']);
    });
  });
});

/**
 * Azure's other limits, which Azurite does not enforce (it stores such a row): the memory table
 * refuses them as Azure does, so a test on it cannot pass with a row Azure would refuse. The
 * store checks them itself before writing (shared/store/entityLimits.ts).
 */
describe('memory table: the limits Azure enforces and Azurite does not', () => {
  test('an entity over 1 MiB is refused with 400 EntityTooLarge, alone or in a transaction', async () => {
    const table = memoryTable();
    const properties = Object.fromEntries(
      Array.from({ length: 16 }, (_, i) => [`s${i}`, 'x'.repeat(32 * 1024)]),
    );
    expect(await failureOf(table.createEntity({ partitionKey: 'p', rowKey: 'a', ...properties }))).toEqual(
      singleFailure(400, 'EntityTooLarge'),
    );
    expect(
      await failureOf(
        table.submitTransaction([
          ['create', { partitionKey: 'p', rowKey: 'ok' }],
          ['create', { partitionKey: 'p', rowKey: 'a', ...properties }],
        ]),
      ),
    ).toEqual(batchFailure(400, 'EntityTooLarge'));
    const fits = Object.fromEntries(Object.entries(properties).slice(1));
    await table.createEntity({ partitionKey: 'p', rowKey: 'a', ...fits });
    expect(
      await failureOf(
        table.updateEntity({ partitionKey: 'p', rowKey: 'a', more: 'x'.repeat(32 * 1024) }, 'Merge'),
      ),
    ).toEqual(singleFailure(400, 'EntityTooLarge'));
    expect(table.rowCount()).toBe(1);
  });

  test('more than 252 properties of its own (255 with the keys and Timestamp) is refused', async () => {
    const table = memoryTable();
    const props = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, i]));
    await table.createEntity({ partitionKey: 'p', rowKey: 'a', ...props(252) });
    expect(await failureOf(table.createEntity({ partitionKey: 'p', rowKey: 'b', ...props(253) }))).toEqual(
      singleFailure(400, 'TooManyProperties'),
    );
    expect(
      await failureOf(table.updateEntity({ partitionKey: 'p', rowKey: 'a', extra: 1 }, 'Merge')),
    ).toEqual(singleFailure(400, 'TooManyProperties'));
  });

  test('a filter it cannot read is refused with 400 InvalidInput (Azurite answers no rows)', async () => {
    const table = memoryTable();
    await table.createEntity({ partitionKey: 'p', rowKey: 'a' });
    for (const filter of ['bogus', "PartitionKey eq 'p' and", "(PartitionKey eq 'p'", "PartitionKey eq 'p"]) {
      expect(await failureOf(table.listEntities({ queryOptions: { filter } }).next())).toEqual(
        singleFailure(400, 'InvalidInput'),
      );
    }
  });
});
