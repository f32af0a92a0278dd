import { randomUUID } from 'node:crypto';
import type { EntityTable } from '../../shared/store/entityTable';
import { upsertSourceObjects } from '../../shared/directory/sourceObjectRecords';
import { AppError } from '../../shared/errors';
import { ROW } from '../../shared/store/keys';
import { readTenantSnapshot } from '../../shared/store/tenantSnapshot';
import { releaseLease, tryAcquireLease } from '../../shared/store/tenantLease';
import { enqueueDueCycles } from '../../shared/sync/scheduledCycles';
import type { QueuedCycle } from '../../shared/sync/queuedCycle';
import { runSyncCycle } from '../../shared/sync/runSyncCycle';
import { memoryTable } from '../support/table';
import { storeOf, storesOf } from '../support/tenantStore';

const user = (anchor: string, upn: string) => ({
  sourceAnchor: anchor,
  objectType: 'User' as const,
  userPrincipalName: upn,
  displayName: anchor,
  proxyAddresses: [`SMTP:${upn}`],
  inScope: true,
});

let table: EntityTable;
beforeEach(() => {
  table = memoryTable();
});

const deps = (now = () => new Date()) => ({ store: storesOf(table), now, leaseSeconds: 60 });
const queueDeps = (sent: QueuedCycle[]) => ({
  store: storesOf(table),
  now: () => new Date(),
  queue: {
    send: (message: QueuedCycle) => {
      sent.push(message);
      return Promise.resolve();
    },
  },
});

describe('the sync cycle and its store', () => {
  test('writes only differences: a second cycle with nothing changed writes only its summary', async () => {
    const tenant = randomUUID();
    await upsertSourceObjects(
      storeOf(table, tenant),
      [user('a/1+', 'x@contoso.com'), user('b', 'x@contoso.com'), user('c', 'c@contoso.com')],
      new Date(),
    );
    const first = await runSyncCycle(deps(), tenant, 'http');
    expect(first.summary).toMatchObject({ provisioned: 3, errorsCreated: 2 }); // UPN + proxy for b
    expect(first.metrics.entitiesWritten).toBeGreaterThan(5);
    const second = await runSyncCycle(deps(), tenant, 'http');
    expect(second.summary).toMatchObject({ provisioned: 0, updated: 0, errorsCreated: 0, errorsReset: 0 });
    expect(second.metrics.entitiesWritten).toBe(1);
    const snapshot = await readTenantSnapshot(table, tenant);
    expect(snapshot.cloudObjects).toHaveLength(3);
    expect(snapshot.openErrors).toHaveLength(2);
    expect(snapshot.sourceObjects.every((s) => s.connectorState === 'Exported' && s.objectId)).toBe(true);
  });

  test('one cycle at a time: a live lease refuses, an expired one is taken over', async () => {
    const tenant = randomUUID();
    const now = new Date();
    const held = await tryAcquireLease(table, tenant, 'someone', 'cycle', now, 60);
    expect(held.acquired).toBe(true);
    await expect(runSyncCycle(deps(), tenant, 'http')).rejects.toMatchObject({ code: 'SyncCycleInProgress' });
    // The holder "crashed": two minutes later its lease has expired and the next cycle runs.
    const later = () => new Date(now.getTime() + 120_000);
    await expect(runSyncCycle(deps(later), tenant, 'http')).resolves.toMatchObject({
      summary: { trigger: 'http' },
    });
    // And it released the lease when done.
    await expect(runSyncCycle(deps(later), tenant, 'http')).resolves.toBeDefined();
  });

  test('concurrent cycles never overlap: each either ran alone or was refused', async () => {
    const tenant = randomUUID();
    await upsertSourceObjects(storeOf(table, tenant), [user('a', 'a@contoso.com')], new Date());
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => runSyncCycle(deps(), tenant, 'http')),
    );
    const ran = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.summary] : []));
    const refused = results.filter(
      (r) =>
        r.status === 'rejected' && r.reason instanceof AppError && r.reason.code === 'SyncCycleInProgress',
    );
    expect(ran.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(ran.length + refused.length).toBe(8);
    const spans = ran
      .map((s) => [Date.parse(s.startedAt), Date.parse(s.finishedAt!)] as const)
      .sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    expect(ran.reduce((n, s) => n + s.provisioned, 0)).toBe(1);
    const snapshot = await readTenantSnapshot(table, tenant);
    expect(snapshot.cloudObjects).toHaveLength(1);
  });

  test('the timer queues one cycle per due tenant and runs none; a broken tenant does not stop the others', async () => {
    const [good1, broken, busy, good2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const t of [good1, broken, busy, good2])
      await upsertSourceObjects(storeOf(table, t), [user('a', 'a@contoso.com')], new Date());
    // Settings no schedule can be read from: that tenant is reported, the others are queued.
    await table.upsertEntity(
      { partitionKey: broken, rowKey: ROW.settings, syncIntervalMinutes: 0 },
      'Replace',
    );
    await tryAcquireLease(table, busy, 'other', 'cycle', new Date(), 60);
    const sent: QueuedCycle[] = [];
    const lines: string[] = [];
    const report = await enqueueDueCycles(queueDeps(sent), (l) => lines.push(l));
    expect(report).toEqual({ queued: 3, notDue: 0, failed: 1 });
    expect(lines.join('\n')).toContain(broken);
    expect(sent.map((m) => m.tenantId).sort()).toEqual([good1, busy, good2].sort());
    expect(new Set(sent.map((m) => m.cycleId)).size).toBe(3);
    for (const message of sent) {
      expect(message.trigger).toBe('timer');
      // Recorded queued before it was sent, and no cycle ran.
      const request = await storeOf(table, message.tenantId).cycleRequests.read(message.cycleId);
      expect(request).toMatchObject({ state: 'queued', requestedAt: message.requestedAt });
      expect(await storeOf(table, message.tenantId).cycles.latestCompleted()).toBeNull();
    }
  });

  test('a lease row is only the tenant own: another tenant cycles freely', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await tryAcquireLease(table, a, 'x', 'cycle', new Date(), 60);
    await expect(runSyncCycle(deps(), b, 'http')).resolves.toBeDefined();
    expect(ROW.lease).toBe('lease-sync');
  });

  test('object writes are refused while a cycle runs (409), and queue behind a fix until it ends', async () => {
    const tenant = randomUUID();
    const now = new Date();
    await tryAcquireLease(table, tenant, 'cycle-1', 'cycle', now, 60);
    await expect(
      upsertSourceObjects(storeOf(table, tenant), [user('a', 'a@contoso.com')], now),
    ).rejects.toMatchObject({
      code: 'SyncCycleInProgress',
    });
    expect((await readTenantSnapshot(table, tenant)).sourceObjects).toHaveLength(0);
    const other = randomUUID();
    const fix = await tryAcquireLease(table, other, 'fix-1', 'fix', now, 60);
    if (!fix.acquired) throw new Error('the fix lease was not taken');
    const started = Date.now();
    setTimeout(() => void releaseLease(table, fix.lease), 300);
    await expect(
      upsertSourceObjects(storeOf(table, other), [user('a', 'a@contoso.com')], now),
    ).resolves.toMatchObject({
      created: 1,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  test('the longest-waiting tenants are queued first; a tenant within its interval is not queued', async () => {
    const [fresh, older, oldest] = [randomUUID(), randomUUID(), randomUUID()];
    for (const t of [fresh, older, oldest])
      await upsertSourceObjects(storeOf(table, t), [user('a', 'a@contoso.com')], new Date());
    const hour = 3600_000;
    await runSyncCycle(
      deps(() => new Date(Date.now() - 2 * hour)),
      oldest,
      'http',
    );
    await runSyncCycle(
      deps(() => new Date(Date.now() - hour)),
      older,
      'http',
    );
    await runSyncCycle(deps(), fresh, 'http');
    const sent: QueuedCycle[] = [];
    const report = await enqueueDueCycles(queueDeps(sent), () => undefined);
    expect(report).toEqual({ queued: 2, notDue: 1, failed: 0 });
    expect(sent.map((m) => m.tenantId)).toEqual([oldest, older]);
  });

  test('a message that cannot be sent leaves no cycle queued for ever', async () => {
    const tenant = randomUUID();
    await upsertSourceObjects(storeOf(table, tenant), [user('a', 'a@contoso.com')], new Date());
    let cycleId = '';
    const failing = {
      ...queueDeps([]),
      queue: {
        send: (message: QueuedCycle) => {
          cycleId = message.cycleId;
          return Promise.reject(new Error('queue unavailable'));
        },
      },
    };
    expect(await enqueueDueCycles(failing, () => undefined)).toEqual({ queued: 0, notDue: 0, failed: 1 });
    expect(await storeOf(table, tenant).cycleRequests.read(cycleId)).toMatchObject({ state: 'failed' });
  });
});
