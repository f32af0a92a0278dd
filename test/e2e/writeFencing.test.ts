import { randomUUID } from 'node:crypto';
import { readLease, tryAcquireLease } from '../../shared/store/tenantLease';
import { call, dataTable, newTenantId, startTestService, type TestService } from '../support/service';

/**
 * Issue 11, defects 1, 2 and 8, over real HTTP against Azurite: a write the service acknowledged is
 * never undone by a cycle that did not see it; two cloud objects never hold one source anchor; a
 * cycle cut by a crash frees the tenant within its (short) lease and leaves a summary saying so.
 */
let service: TestService;

beforeAll(async () => {
  service = await startTestService({ SYNC_LEASE_SECONDS: '15' });
});
afterAll(() => service.stop());

async function session() {
  const tenant = newTenantId();
  const token = await service.token(tenant, 'GlobalAdministrator');
  const api = (method: string, path: string, body?: unknown) =>
    call(`${service.url}/api/${path}`, method, { token, ...(body === undefined ? {} : { body }) });
  return { tenant, api };
}

const user = (anchor: string) => ({
  sourceAnchor: anchor,
  objectType: 'User',
  userPrincipalName: `${anchor}@contoso.com`,
  displayName: `User ${anchor}`,
  proxyAddresses: [`SMTP:${anchor}@contoso.com`],
});

test('a PUT answered 200 while a cycle starts is never undone by that cycle (defect 1)', async () => {
  // The cycle deletes a deleted source's row in its last phase; a PUT that brings the object back
  // between the cycle's read and that phase was lost. Tried at delays across the cycle's run.
  const lost: string[] = [];
  let acknowledged = 0;
  for (const delayMs of [0, 15, 30, 45, 60, 80, 100, 130, 160, 200]) {
    const s = await session();
    const many = Array.from({ length: 300 }, (_, i) => user(`u${i}`));
    expect((await s.api('PUT', 'source-objects', { objects: [...many, user('victim')] })).status).toBe(200);
    expect((await s.api('POST', 'sync-cycles')).status).toBe(200);
    expect((await s.api('DELETE', 'source-objects/victim')).status).toBe(200);
    const [, put] = await Promise.all([
      s.api('POST', 'sync-cycles'),
      new Promise((r) => setTimeout(r, delayMs)).then(() =>
        s.api('PUT', 'source-objects', { objects: [user('victim')] }),
      ),
    ]);
    if (put.status !== 200) {
      // Refused while the cycle ran: nothing acknowledged, so nothing may be lost. The client retries.
      expect(put.json).toMatchObject({ code: 'SyncCycleInProgress' });
      continue;
    }
    acknowledged += 1;
    const after = await s.api('GET', 'source-objects/victim');
    if (after.status !== 200 || (after.json as { deleted: boolean }).deleted) lost.push(`${delayMs} ms`);
  }
  expect(lost).toEqual([]);
  expect(acknowledged).toBeGreaterThan(0);
}, 120_000);

test('ten parallel imports of different cloud objects with one source anchor: exactly one holds it (defect 2)', async () => {
  const s = await session();
  const results = await Promise.all(
    Array.from({ length: 10 }, () =>
      s.api('PUT', 'cloud-objects', {
        objects: [
          {
            objectId: randomUUID(),
            objectType: 'User',
            userPrincipalName: `${randomUUID()}@contoso.com`,
            sourceAnchor: 'SameAnchor==',
          },
        ],
      }),
    ),
  );
  expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  const refused = results.filter((r) => r.status !== 200);
  expect(refused.map((r) => [r.status, (r.json as { code: string }).code])).toEqual(
    Array.from({ length: 9 }, () => [409, 'SourceAnchorInUse']),
  );
  const page = (await s.api('GET', 'cloud-objects?top=999')).json as {
    value: { sourceAnchor: string | null }[];
  };
  expect(page.value.filter((c) => c.sourceAnchor === 'SameAnchor==')).toHaveLength(1);
});

test('a cycle cut by a crash frees the tenant when its short lease expires and leaves an interrupted summary (defect 8)', async () => {
  const s = await session();
  expect((await s.api('PUT', 'source-objects', { objects: [user('a')] })).status).toBe(200);
  // What a killed host leaves: a cycle's lease row, no summary. Its lease (15 s here) ran out.
  const table = dataTable();
  const cutAt = new Date(Date.now() - 16_000);
  const taken = await tryAcquireLease(table, s.tenant, 'cut-cycle-1', 'cycle', cutAt, 15);
  expect(taken.acquired).toBe(true);
  const ran = await s.api('POST', 'sync-cycles');
  expect(ran.status).toBe(200);
  const history = (await s.api('GET', 'sync-cycles')).json as {
    value: { cycleId: string; outcome: string; startedAt: string; finishedAt: string | null }[];
  };
  expect(history.value.map((c) => [c.cycleId, c.outcome])).toEqual([
    [(ran.json as { cycleId: string }).cycleId, 'completed'],
    ['cut-cycle-1', 'interrupted'],
  ]);
  expect(history.value[1]).toMatchObject({ startedAt: cutAt.toISOString(), finishedAt: null });
});

test('a live cycle lease still refuses writes and cycles: 409 SyncCycleInProgress', async () => {
  const s = await session();
  const table = dataTable();
  await tryAcquireLease(table, s.tenant, 'live-cycle', 'cycle', new Date(), 15);
  for (const res of [
    await s.api('PUT', 'source-objects', { objects: [user('b')] }),
    await s.api('POST', 'sync-cycles'),
  ]) {
    expect([res.status, (res.json as { code: string }).code]).toEqual([409, 'SyncCycleInProgress']);
  }
});

test('stopping the host lets a running cycle finish and release its lease (defect 8)', async () => {
  // A second host in this process, over the same app services (key, tables) as the first.
  const own = await startTestService({
    SYNC_LEASE_SECONDS: '15',
    DEV_KEY_DIR: service.keyDir,
    TABLE_PREFIX: process.env.TABLE_PREFIX ?? '',
  });
  const tenant = newTenantId();
  const token = await service.token(tenant, 'GlobalAdministrator');
  const objects = Array.from({ length: 600 }, (_, i) => user(`s${i}`));
  expect((await call(`${own.url}/api/source-objects`, 'PUT', { token, body: { objects } })).status).toBe(200);
  const cycle = call(`${own.url}/api/sync-cycles`, 'POST', { token });
  await new Promise((r) => setTimeout(r, 100));
  await own.stop();
  // The request in flight was answered, not cut: the cycle ran to its end.
  expect((await cycle).status).toBe(200);
  const table = dataTable();
  const state = await readLease(table, tenant, new Date());
  expect(state.held).toBe(false);
});
