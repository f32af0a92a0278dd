import fc from 'fast-check';
import type { TransactionAction, UpdateMode } from '@azure/data-tables';
import type { EntityTable } from '../../../shared/store/entityTable';
import { freshTable, memoryTable } from '../../support/table';
import { content, failureOf } from './tableOutcome';

/**
 * The memory table and Azurite, given the same random sequence of operations, give the same
 * answers (errors compared by status and code) and end in the same state. ETags differ between
 * the two, so an operation names the ETag it sends abstractly: the row's current one, a stale one,
 * `*`, or none; each backend resolves that from the ETags it has answered with.
 */
const PARTITIONS = ['a', 'b'] as const;
const ROWS = ['1', '2', '3', 'x'] as const;
type EtagChoice = 'current' | 'stale' | 'star' | 'none';

const properties = fc.record(
  {
    v: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom('', 'x', "it's"), fc.boolean()),
    w: fc.constantFrom(1.5, true, 'w'),
  },
  { requiredKeys: [] },
);
const mode = fc.constantFrom<UpdateMode | undefined>('Merge', 'Replace', undefined);
const etag = fc.constantFrom<EtagChoice>('current', 'stale', 'star', 'none');
const rowKey = fc.constantFrom(...ROWS);
const partitionKey = fc.constantFrom(...PARTITIONS);

const action = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), rowKey, properties }),
  fc.record({ kind: fc.constant('upsert' as const), rowKey, properties, mode }),
  fc.record({ kind: fc.constant('update' as const), rowKey, properties, mode, etag }),
  fc.record({ kind: fc.constant('delete' as const), rowKey }),
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

const operation = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), partitionKey, rowKey, properties }),
  fc.record({ kind: fc.constant('upsert' as const), partitionKey, rowKey, properties, mode }),
  fc.record({ kind: fc.constant('update' as const), partitionKey, rowKey, properties, mode, etag }),
  fc.record({ kind: fc.constant('delete' as const), partitionKey, rowKey, etag }),
  fc.record({ kind: fc.constant('get' as const), partitionKey, rowKey }),
  fc.record({
    kind: fc.constant('transaction' as const),
    partitionKey,
    actions: fc.array(action, { minLength: 1, maxLength: 5 }),
  }),
  fc.record({
    kind: fc.constant('list' as const),
    filter: fc.constantFrom(
      undefined,
      'v gt 1',
      'w eq true',
      "v ne 'x'",
      "not (v eq 'x')",
      "PartitionKey eq '{run}b'",
    ),
    pageSize: fc.integer({ min: 1, max: 4 }),
  }),
);
type Operation = typeof operation extends fc.Arbitrary<infer O> ? O : never;

/** Runs operations on one backend, in one run's own partitions, and records what it answered. */
class Runner {
  private readonly etags = new Map<string, string[]>();

  constructor(
    private readonly table: EntityTable,
    private readonly run: string,
  ) {}

  async apply(op: Operation): Promise<unknown> {
    if (op.kind === 'list') return this.list(op.filter, op.pageSize);
    const pk = `${this.run}${op.partitionKey}`;
    const entity = (rk: string, props: object = {}) => ({ partitionKey: pk, rowKey: rk, ...props });
    switch (op.kind) {
      case 'create':
        return this.write(pk, op.rowKey, this.table.createEntity(entity(op.rowKey, op.properties)));
      case 'upsert':
        return this.write(pk, op.rowKey, this.table.upsertEntity(entity(op.rowKey, op.properties), op.mode));
      case 'update':
        return this.write(
          pk,
          op.rowKey,
          this.table.updateEntity(
            entity(op.rowKey, op.properties),
            op.mode,
            this.etagOption(pk, op.rowKey, op.etag),
          ),
        );
      case 'delete':
        return this.write(
          pk,
          op.rowKey,
          this.table.deleteEntity(pk, op.rowKey, this.etagOption(pk, op.rowKey, op.etag)),
        );
      case 'get':
        return this.table.getEntity(pk, op.rowKey).then(
          (e) => {
            this.saw(pk, op.rowKey, e.etag);
            return content(e);
          },
          () => failureOf(this.table.getEntity(pk, op.rowKey)),
        );
      case 'transaction':
        return this.transaction(pk, op.actions);
    }
  }

  private async write(pk: string, rk: string, call: Promise<object>): Promise<unknown> {
    try {
      const { etag } = (await call) as { etag?: string };
      this.saw(pk, rk, etag);
      return 'ok';
    } catch {
      return failureOf(call);
    }
  }

  private async transaction(pk: string, actions: Action[]): Promise<unknown> {
    const list = actions.map((a): TransactionAction => {
      const entity = { partitionKey: pk, rowKey: a.rowKey, ...('properties' in a ? a.properties : {}) };
      if (a.kind === 'create' || a.kind === 'delete') return [a.kind, entity];
      // An omitted mode is the SDK's default (Merge), which the contract suite checks on its own.
      if (a.kind === 'upsert') return ['upsert', entity, a.mode ?? 'Merge'];
      const option = this.etagOption(pk, a.rowKey, a.etag);
      return option ? ['update', entity, a.mode ?? 'Merge', option] : ['update', entity, a.mode ?? 'Merge'];
    });
    const call = this.table.submitTransaction(list);
    try {
      const result = await call;
      result.subResponses.forEach((r, i) => this.saw(pk, actions[i]!.rowKey, r.etag));
      return result.subResponses.map((r) => [r.status, r.rowKey]);
    } catch {
      return failureOf(call);
    }
  }

  private async list(filter: string | undefined, pageSize: number): Promise<unknown> {
    const range = `PartitionKey ge '${this.run}' and PartitionKey lt '${this.run}~'`;
    const full = filter ? `${range} and (${filter.replace('{run}', this.run)})` : range;
    const pages: unknown[] = [];
    for await (const page of this.table
      .listEntities({ queryOptions: { filter: full } })
      .byPage({ maxPageSize: pageSize }))
      pages.push(page.map(content));
    return pages;
  }

  private saw(pk: string, rk: string, etag: string | undefined): void {
    if (etag === undefined) return;
    const id = `${pk}/${rk}`;
    this.etags.set(id, [...(this.etags.get(id) ?? []), etag]);
  }

  private etagOption(pk: string, rk: string, choice: EtagChoice): { etag: string } | undefined {
    const seen = this.etags.get(`${pk}/${rk}`) ?? [];
    const never = `W/"datetime'2000-01-01T00%3A00%3A00.0000000Z'"`;
    if (choice === 'none') return undefined;
    if (choice === 'star') return { etag: '*' };
    if (choice === 'current') return { etag: seen.at(-1) ?? never };
    return { etag: seen.length > 1 ? seen[0]! : never };
  }

  state(): Promise<unknown> {
    return this.list(undefined, 1000);
  }
}

let azurite: EntityTable;
beforeAll(async () => {
  azurite = await freshTable();
});

test('random operations give the same answers and leave the same rows on Azurite and in memory', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (ops) => {
      // Each run has partitions of its own in the one Azurite table, and a fresh memory table.
      const prefix = `r${String(run++).padStart(4, '0')}`;
      const real = new Runner(azurite, prefix);
      const memory = new Runner(memoryTable(), prefix);
      for (const op of ops)
        expect({ op, answer: await memory.apply(op) }).toEqual({ op, answer: await real.apply(op) });
      expect(await memory.state()).toEqual(await real.state());
    }),
    { numRuns: 150 },
  );
});
