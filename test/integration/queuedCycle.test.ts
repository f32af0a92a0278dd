import { randomUUID } from 'node:crypto';
import type { EntityTable } from '../../shared/store/entityTable';
import { runQueuedCycle, type QueuedCycle } from '../../shared/sync/queuedCycle';
import { runSyncCycle } from '../../shared/sync/runSyncCycle';
import { memoryTable } from '../support/table';
import { breakSourceRow, storeOf, storesOf, tenantWithOneUser } from '../support/tenantStore';

/**
 * The worker's use case for one queue message (shared/sync/queuedCycle.ts), on the memory table: the
 * races are the lease's, which the table contract suite holds to Azurite's. The worker on the real
 * host and the queue is test/e2e/syncCycleStatus.test.ts and test/integration/manyWorkers.test.ts.
 */

let table: EntityTable;
beforeEach(() => {
  table = memoryTable();
});

const deps = (now = () => new Date()) => ({
  store: storesOf(table),
  now,
  leaseSeconds: 60,
  recordRequests: true,
});
const firstTry = { dequeueCount: 1, maxDequeueCount: 3 };

async function queued(tenantId: string): Promise<QueuedCycle> {
  await tenantWithOneUser(table, tenantId);
  const message: QueuedCycle = {
    tenantId,
    cycleId: randomUUID(),
    trigger: 'timer',
    requestedAt: new Date().toISOString(),
  };
  await storeOf(table, tenantId).cycleRequests.addQueued({
    ...message,
    requestedAt: new Date(message.requestedAt),
  });
  return message;
}

const history = async (tenantId: string) => (await storeOf(table, tenantId).cycles.list(50, undefined)).value;

describe('a queued cycle', () => {
  test('runs under the message id and records its summary; the same message again runs nothing', async () => {
    const message = await queued(randomUUID());
    await runQueuedCycle(deps(), message, firstTry);
    const [summary] = await history(message.tenantId);
    expect(summary).toMatchObject({ cycleId: message.cycleId, trigger: 'timer', outcome: 'completed' });
    expect(await storeOf(table, message.tenantId).cycleRequests.read(message.cycleId)).toMatchObject({
      state: 'succeeded',
      summary,
    });
    expect(await runQueuedCycle(deps(), message, { ...firstTry, dequeueCount: 2 })).toContain('already');
    expect(await history(message.tenantId)).toHaveLength(1);
  });

  test('is served by a cycle that started after it was asked for, and runs none itself', async () => {
    const message = await queued(randomUUID());
    const { summary } = await runSyncCycle(deps(), message.tenantId, 'http');
    await runQueuedCycle(deps(), message, firstTry);
    expect(await history(message.tenantId)).toHaveLength(1);
    expect(await storeOf(table, message.tenantId).cycleRequests.read(message.cycleId)).toMatchObject({
      state: 'succeeded',
      summary,
    });
  });

  test('finding another cycle running, completes as served by it without a second cycle', async () => {
    const message = await queued(randomUUID());
    const running = randomUUID();
    await storeOf(table, message.tenantId).lease.tryAcquire(running, 'cycle', new Date(), 60);
    await expect(runQueuedCycle(deps(), message, firstTry)).resolves.toContain(running);
    expect(await storeOf(table, message.tenantId).cycleRequests.read(message.cycleId)).toMatchObject({
      state: 'covered',
      coveredBy: running,
    });
    expect(await history(message.tenantId)).toHaveLength(0);
  });

  test('waits out the lease its own dead try left, then takes the tenant over and records that try cut', async () => {
    const message = await queued(randomUUID());
    // The dead try's lease, with a second of life left: a cycle would be refused until it expires.
    await storeOf(table, message.tenantId).lease.tryAcquire(message.cycleId, 'cycle', new Date(), 1);
    await runQueuedCycle(deps(), message, firstTry);
    expect((await history(message.tenantId)).map((s) => [s.cycleId, s.outcome]).sort()).toEqual(
      [
        [message.cycleId, 'completed'],
        [message.cycleId, 'interrupted'],
      ].sort(),
    );
  });

  test('a failing cycle is thrown for the host to retry, and only the last try records it failed', async () => {
    const message = await queued(randomUUID());
    await breakSourceRow(table, message.tenantId, 'a');
    const requests = storeOf(table, message.tenantId).cycleRequests;
    await expect(runQueuedCycle(deps(), message, firstTry)).rejects.toThrow();
    expect(await requests.read(message.cycleId)).toMatchObject({ state: 'queued' });
    await expect(runQueuedCycle(deps(), message, { dequeueCount: 3, maxDequeueCount: 3 })).rejects.toThrow();
    expect(await requests.read(message.cycleId)).toMatchObject({
      state: 'failed',
      problem: { code: 'InternalError' },
    });
  });
});
