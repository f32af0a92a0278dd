import type { EntityTable } from '../../shared/store/entityTable';
import { MOVED_PREFIXES, readLayoutRow, tenantPartitionsFilter } from '../../shared/store/tenantLayout';
import { readTenantSnapshot } from '../../shared/store/tenantSnapshot';
import { runSyncCycle } from '../../shared/sync/runSyncCycle';
import { faultyTable, InjectedFault } from '../support/faultyTable';
import { legacyFixtureRows, loadLegacyFixture } from '../support/legacyFixture';
import { freshTable, memoryTable } from '../support/table';
import { storeOf, storesOf } from '../support/tenantStore';

/**
 * A tenant written by the one-partition layout (commit 28b6628, test/fixtures/legacyLayout/) moves
 * to its partitions on its first cycle, losing nothing, whatever step a crash cuts.
 */

const dump = legacyFixtureRows();
const [BIG, SMALL] = dump.tenants as [string, string];
const noop = () => Promise.resolve();

/** Every row of a tenant as `rowKey → properties` (JSON), wherever its layout put it. */
async function rowsOf(table: EntityTable, tenantId: string): Promise<Map<string, string>> {
  const rows = new Map<string, string>();
  for await (const entity of table.listEntities({
    queryOptions: { filter: tenantPartitionsFilter(tenantId) },
  })) {
    const key = String(entity.rowKey);
    if (rows.has(key)) throw new Error(`row ${key} is stored twice`);
    const properties = Object.entries(entity).filter(
      ([name]) => !['partitionKey', 'rowKey', 'etag', 'timestamp'].includes(name),
    );
    rows.set(key, JSON.stringify(properties.sort(([a], [b]) => a.localeCompare(b))));
  }
  return rows;
}

/** The fixture's rows of one tenant in the same form: what must survive the move. */
function fixtureRowsOf(tenantId: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const entity of dump.entities.filter((e) => e.partitionKey === tenantId)) {
    rows.set(
      entity.rowKey,
      JSON.stringify(Object.entries(entity.properties).sort(([a], [b]) => a.localeCompare(b))),
    );
  }
  return rows;
}

/** The fixture's rows of a tenant once it moved: the same rows, plus its layout row. */
function migratedRowsOf(tenantId: string): Map<string, string> {
  const rows = fixtureRowsOf(tenantId);
  rows.set(
    'layout',
    JSON.stringify([
      ['shards', 32],
      ['version', 2],
    ]),
  );
  return rows;
}

/** What the store reads of a tenant through its repositories (the API's view of it). */
async function readable(table: EntityTable, tenantId: string) {
  const store = storeOf(table, tenantId);
  const snapshot = await readTenantSnapshot(table, tenantId);
  const audit = await store.audit.list(undefined, 100, undefined);
  const cycles = await store.cycles.list(100, undefined);
  const resolved: string[] = [];
  for await (const page of store.errors.scan({ state: 'resolved' }))
    resolved.push(...page.rows.map((r) => r.error.id));
  return {
    sources: snapshot.sourceObjects.length,
    clouds: snapshot.cloudObjects.length,
    openErrors: snapshot.openErrors.map((e) => e.id).sort(),
    resolved: resolved.sort(),
    audit: audit.value.map((e) => e.eventId),
    cycles: cycles.value.map((c) => c.cycleId),
    settings: snapshot.settings,
  };
}

describe.each([
  ['memory', () => Promise.resolve(memoryTable() as EntityTable)],
  ['Azurite', async () => (await freshTable()) as EntityTable],
])('moving a tenant from one partition to many (%s)', (_name, makeTable) => {
  test('every row lands in its partition unchanged, the store reads the same before and after, and the other tenant is untouched', async () => {
    const table = await makeTable();
    await loadLegacyFixture(table);
    expect(await rowsOf(table, BIG)).toEqual(fixtureRowsOf(BIG));
    expect((await storeOf(table, BIG).layout()).version).toBe(1);
    const before = await readable(table, BIG);
    expect(before.sources).toBe(303);
    expect(before.audit.length).toBe(16);
    expect(before.resolved.length).toBe(12);

    const report = await storeOf(table, BIG).migrateLayout(noop);
    const moved = [...fixtureRowsOf(BIG).keys()].filter((key) =>
      MOVED_PREFIXES.some((p) => key.startsWith(p)),
    );
    expect(report).toEqual({ copied: moved.length, removed: moved.length });

    const layout = await storeOf(table, BIG).layout();
    expect(layout.version).toBe(2);
    expect(layout.shards).toHaveLength(32);
    // Nothing lost, nothing changed: the same rows, each once, plus the layout row.
    const after = await rowsOf(table, BIG);
    expect(after).toEqual(migratedRowsOf(BIG));
    // The control partition keeps only what every request touches.
    const control: string[] = [];
    for await (const e of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${BIG}'` } }))
      control.push(String(e.rowKey));
    expect(control.filter((k) => MOVED_PREFIXES.some((p) => k.startsWith(p)))).toEqual([]);
    // Directory rows are spread: no partition holds more than a fifth of them.
    const perShard = await Promise.all(
      layout.shards.map(async (pk) => {
        let n = 0;
        const pages = table.listEntities({ queryOptions: { filter: `PartitionKey eq '${pk}'` } }).byPage();
        for await (const page of pages) n += page.length;
        return n;
      }),
    );
    expect(perShard.reduce((a, b) => a + b, 0)).toBe(303 + 305);
    expect(Math.max(...perShard)).toBeLessThan((303 + 305) / 5);

    expect(await readable(table, BIG)).toEqual(before);
    expect(await rowsOf(table, SMALL)).toEqual(fixtureRowsOf(SMALL));
    // A second run has nothing to do.
    expect(await storeOf(table, BIG).migrateLayout(noop)).toEqual({ copied: 0, removed: 0 });
  }, 60_000);

  test('the first cycle after the upgrade migrates, then reconciles the same tenant', async () => {
    const table = await makeTable();
    await loadLegacyFixture(table);
    const before = await readable(table, SMALL);
    const { summary } = await runSyncCycle(
      { store: storesOf(table), now: () => new Date(), leaseSeconds: 60 },
      SMALL,
      'http',
    );
    expect(summary.outcome).toBe('completed');
    expect(summary.objectsRead).toBe(before.sources + before.clouds);
    expect(await readLayoutRow(table, SMALL)).toEqual({ version: 2, shards: 32 });
    const after = await readable(table, SMALL);
    expect({ ...after, cycles: after.cycles.slice(1) }).toEqual(before);
    expect(after.cycles[0]).toBe(summary.cycleId);
  }, 60_000);
});

describe('a migration cut by a crash', () => {
  test('at every write, before or after it lands, the next run completes it and loses nothing', async () => {
    let faults = 0;
    for (const mode of ['failBefore', 'failAfterCommit'] as const) {
      for (let failAt = 1; ; failAt++) {
        const table = memoryTable();
        await loadLegacyFixture(table);
        const faulty = faultyTable(table, { failAt, mode });
        const outcome = await storeOf(faulty.table, BIG)
          .migrateLayout(noop)
          .then(
            () => 'ok',
            (e: unknown) => (e instanceof InjectedFault ? 'fault' : String(e)),
          );
        expect(['ok', 'fault']).toContain(outcome);
        if (outcome === 'fault') faults++;
        // Whatever was cut, the store reads the whole tenant (from one layout or the other).
        expect((await readable(table, BIG)).sources).toBe(303);
        await storeOf(table, BIG).migrateLayout(noop);
        expect({ mode, failAt, rows: await rowsOf(table, BIG) }).toEqual({
          mode,
          failAt,
          rows: migratedRowsOf(BIG),
        });
        if (outcome === 'ok') break;
      }
    }
    expect(faults).toBeGreaterThan(20);
    console.log(`layout migration: ${faults} faults injected, each completed by the next run`);
  }, 120_000);
});
