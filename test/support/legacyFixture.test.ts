import type { EntityTable } from '../../shared/store/entityTable';
import {
  legacyFixtureRows,
  loadLegacyFixture,
  type LegacyDumpedValue,
  type LegacyEntity,
} from './legacyFixture';
import { freshTable, memoryTable } from './table';

/**
 * Every row of `table`, as the fixture dumps rows: keys, the other properties but etag and
 * timestamp, String/Boolean/Int32/Double as plain values and any other EDM type as `{ type, value }`.
 * Read with the SDK's type conversion off, so a typed value would show its type (the memory table
 * ignores the option and hands back plain values and Dates).
 */
async function dumpOf(table: EntityTable): Promise<LegacyEntity[]> {
  const rows: LegacyEntity[] = [];
  for await (const entity of table.listEntities({ disableTypeConversion: true })) {
    const properties: Record<string, LegacyDumpedValue> = {};
    for (const [name, value] of Object.entries(entity)) {
      if (['partitionKey', 'rowKey', 'etag', 'timestamp'].includes(name)) continue;
      properties[name] = plain(value);
    }
    rows.push({ partitionKey: entity.partitionKey ?? '', rowKey: entity.rowKey ?? '', properties });
  }
  return rows.sort(byKey);
}

function plain(value: unknown): LegacyDumpedValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return { type: 'DateTime', value: value.toISOString() };
  const typed = value as { type: string; value: unknown };
  switch (typed.type) {
    case 'String':
      return String(typed.value);
    case 'Boolean':
      return String(typed.value) === 'true';
    case 'Int32':
    case 'Double':
      return Number(typed.value);
    default:
      return { type: typed.type, value: String(typed.value) } as LegacyDumpedValue;
  }
}

/** Ordinal key order, as Table Storage sorts. */
function byKey(a: LegacyEntity, b: LegacyEntity): number {
  const ordinal = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return ordinal(a.partitionKey, b.partitionKey) || ordinal(a.rowKey, b.rowKey);
}

describe('the legacy-layout fixture', () => {
  const dump = legacyFixtureRows();

  test('holds two tenants, each in its own partition, and the registry naming both', () => {
    const [big, small] = dump.tenants;
    expect(dump.tenants).toHaveLength(2);
    const partitions = new Set(dump.entities.map((e) => e.partitionKey));
    expect([...partitions].sort()).toEqual([big, small, '_tenants'].sort());
    expect(
      dump.entities
        .filter((e) => e.partitionKey === '_tenants')
        .map((e) => e.rowKey)
        .sort(),
    ).toEqual([...dump.tenants].sort());
    // The big tenant holds every kind of row the old layout has.
    const kinds = new Set(
      dump.entities
        .filter((e) => e.partitionKey === big)
        .map((e) => /^[a-z]+_/.exec(e.rowKey)?.[0] ?? e.rowKey),
    );
    expect([...kinds].sort()).toEqual(
      [
        'aud_',
        'cld_',
        'cyc_',
        'cyr_',
        'erh_',
        'err_',
        'errors-version',
        'idem_',
        'lease-sync',
        'sequence',
        'settings',
        'src_',
      ].sort(),
    );
  });

  test.each([
    ['the in-memory table', (): Promise<EntityTable> => Promise.resolve(memoryTable())],
    ['a fresh Azurite table', (): Promise<EntityTable> => freshTable()],
  ])('loads into %s as exactly the dumped entities', async (_name, open) => {
    const table = await open();
    const loaded = await loadLegacyFixture(table);
    expect(loaded).toEqual({ tenants: dump.tenants, rows: dump.entities.length });
    expect(await dumpOf(table)).toEqual([...dump.entities].sort(byKey));
  });
});
