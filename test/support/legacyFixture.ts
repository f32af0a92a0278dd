import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { EntityTable } from '../../shared/store/entityTable';

/**
 * The legacy-layout fixture (test/fixtures/legacyLayout/, README.md there): every row of a table as
 * commit 28b6628 wrote it, when each tenant's records lived in one partition keyed by its id. For the
 * tests that migrate a tenant's old rows to the new layout and prove nothing is lost.
 */
const FIXTURE_FILE = path.join(__dirname, '..', 'fixtures', 'legacyLayout', 'tables.json');

/**
 * A property as dumped: String, Boolean, Int32 and Double values as plain JSON (the service sends
 * them untyped and the SDK writes a plain value back the same way); any other EDM type as the SDK's
 * own typed object `{ type, value }` (the commit never writes one, so the fixture holds none).
 */
const dumpedValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.strictObject({
    type: z.enum(['DateTime', 'Int64', 'Guid', 'Binary']),
    value: z.string(),
  }),
]);

const dumpedEntity = z.strictObject({
  partitionKey: z.string(),
  rowKey: z.string(),
  properties: z.record(z.string(), dumpedValue),
});

const legacyDump = z.strictObject({
  description: z.string(),
  commit: z.string(),
  generatedAt: z.string(),
  /** The two tenants written, the big one first. */
  tenants: z.array(z.string()),
  /** Every entity of the table (all partitions, the `_tenants` registry too), in key order. */
  entities: z.array(dumpedEntity),
});

export type LegacyDumpedValue = z.infer<typeof dumpedValue>;
export type LegacyEntity = z.infer<typeof dumpedEntity>;
export type LegacyDump = z.infer<typeof legacyDump>;

/** The parsed dump (a fresh copy on each call: callers may change it). */
export function legacyFixtureRows(): LegacyDump {
  return legacyDump.parse(JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')));
}

/** The batch limit of Table Storage (shared/store/batchWriter.ts MAX_ACTIONS). */
const CHUNK = 100;

/**
 * Writes every dumped entity into `table` (which should not yet hold any of them: rows are created,
 * so a clash fails), one partition at a time in transactions of at most 100. Returns the tenants
 * the fixture holds and how many rows were written.
 */
export async function loadLegacyFixture(table: EntityTable): Promise<{ tenants: string[]; rows: number }> {
  const dump = legacyFixtureRows();
  const partitions = new Map<string, LegacyEntity[]>();
  for (const entity of dump.entities) {
    const rows = partitions.get(entity.partitionKey) ?? [];
    rows.push(entity);
    partitions.set(entity.partitionKey, rows);
  }
  let written = 0;
  for (const rows of partitions.values()) {
    for (let start = 0; start < rows.length; start += CHUNK) {
      const actions: TransactionAction[] = rows
        .slice(start, start + CHUNK)
        .map(({ partitionKey, rowKey, properties }) => ['create', { ...properties, partitionKey, rowKey }]);
      await table.submitTransaction(actions);
      written += actions.length;
    }
  }
  return { tenants: [...dump.tenants], rows: written };
}
