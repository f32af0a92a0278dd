import { randomUUID } from 'node:crypto';
import { ROW } from '../../shared/store/keys';
import { getOrNull } from '../../shared/store/partitionQueries';
import { keepLeaseAlive, releaseQuietly, renewLease, tryAcquireLease } from '../../shared/store/tenantLease';
import type { EntityTable } from '../../shared/store/entityTable';
import { freshTable, memoryTable } from '../support/table';

/**
 * The lease heartbeat against Azurite (found by review): a holder's own renewal raced a beat on the
 * ETag, and the loser read as a lost lease; a release sent while a beat was in flight used a stale
 * ETag and left the tenant locked for the lease's life. On the memory table; the race of two
 * renewals on one ETag runs on Azurite too, as it is the storage behaviour the chain exists for.
 */
let table: EntityTable;
beforeAll(() => {
  table = memoryTable();
});

async function held(tenant: string, on: EntityTable = table) {
  const taken = await tryAcquireLease(on, tenant, 'holder', 'cycle', new Date(), 60);
  if (!taken.acquired) throw new Error('not acquired');
  return taken.lease;
}

test('renewals at the same moment take turns: none reads as a lost lease', async () => {
  const lease = await held(randomUUID());
  const heartbeat = keepLeaseAlive(table, lease, () => new Date(), 60);
  const results = await Promise.all([heartbeat.renewNow(), heartbeat.renewNow(), heartbeat.renewNow()]);
  expect(results).toEqual([true, true, true]);
  expect(heartbeat.lost()).toBe(false);
  await heartbeat.stop();
});

test.each([
  ['Azurite', freshTable],
  ['memory', () => Promise.resolve(memoryTable())],
])('without the chain, two renewals at once do race (what the chain prevents), on %s', async (_, open) => {
  const on = await open();
  const lease = await held(randomUUID(), on);
  const results = await Promise.all([
    renewLease(on, { ...lease }, new Date(), 60),
    renewLease(on, { ...lease }, new Date(), 60),
  ]);
  expect(results.sort()).toEqual([false, true]);
});

test('stop waits for a renewal in flight, so the release that follows removes the lease', async () => {
  const tenant = randomUUID();
  const lease = await held(tenant);
  const heartbeat = keepLeaseAlive(table, lease, () => new Date(), 60);
  const inFlight = heartbeat.renewNow();
  await heartbeat.stop();
  await releaseQuietly(table, lease);
  expect(await inFlight).toBe(true);
  expect(await getOrNull(table, tenant, ROW.lease)).toBeNull();
});
