import { randomUUID } from 'node:crypto';
import { ROW } from '../../shared/store/keys';
import { readSettings, writeSettings } from '../../shared/store/settingsRepository';
import type { EntityTable } from '../../shared/store/entityTable';
import { memoryTable } from '../support/table';

/**
 * Issue 12, rule 2: soft match is governed by Entra's own switches under their Graph names. A tenant
 * stored by 0.1 with `softMatchEnabled: false` reads as `blockSoftMatchEnabled: true`; nothing stored
 * is lost, and the next save writes the new form. On the memory table (the migration is ours).
 */
let table: EntityTable;
beforeAll(() => {
  table = memoryTable();
});

async function storeLegacy(tenantId: string, softMatchEnabled: boolean): Promise<void> {
  await table.createEntity({
    partitionKey: tenantId,
    rowKey: ROW.settings,
    initialDomain: 'legacy.onmicrosoft.com',
    userWritebackEnabled: true,
    softMatchEnabled,
    deletionThreshold: 42,
    syncIntervalMinutes: 60,
  });
}

test.each([
  [false, true],
  [true, false],
])(
  'softMatchEnabled: %s stored by 0.1 reads as blockSoftMatchEnabled: %s, every other setting kept',
  async (old, block) => {
    const tenant = randomUUID();
    await storeLegacy(tenant, old);
    const { settings, etag } = await readSettings(table, tenant);
    expect(settings).toEqual({
      initialDomain: 'legacy.onmicrosoft.com',
      userWritebackEnabled: true,
      blockSoftMatchEnabled: block,
      softMatchOnUpnEnabled: true,
      blockCloudObjectTakeoverThroughHardMatchEnabled: false,
      deletionThreshold: 42,
      syncIntervalMinutes: 60,
    });
    // Saving writes the new names and drops the old one; reading again gives the same settings.
    expect(await writeSettings(table, tenant, settings, etag)).toBe(true);
    const row = await table.getEntity(tenant, ROW.settings);
    expect(row.softMatchEnabled).toBeUndefined();
    expect(row.blockSoftMatchEnabled).toBe(block);
    expect((await readSettings(table, tenant)).settings).toEqual(settings);
  },
);
