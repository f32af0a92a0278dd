import { randomUUID } from 'node:crypto';
import type { CycleMessage } from '../../shared/queue/cycleQueue';
import type { EntityTable } from '../../shared/store/entityTable';
import { CYCLE_ID } from '../../shared/contract/requests';
import { readCycleStatus } from '../../shared/sync/cycleStatus';
import { runQueuedCycle } from '../../shared/sync/queuedCycle';
import { requestCycle, requestId } from '../../shared/sync/requestCycle';
import { memoryTable } from '../support/table';
import { storeOf, storesOf, tenantWithOneUser } from '../support/tenantStore';

/**
 * POST /api/sync-cycles's use case (shared/sync/requestCycle.ts) on the memory table, with a queue
 * that records what it is sent: a cycle is queued as the timer queues one, refused while a cycle
 * runs, and joined while it waits, so that no request sends a second message for one cycle. The
 * same over HTTP and the real queue is test/e2e/syncCycleStatus.test.ts.
 */

let table: EntityTable;
let sent: CycleMessage[];
let clock: Date;
beforeEach(() => {
  table = memoryTable();
  sent = [];
  clock = new Date('2025-03-01T10:00:00Z');
});

const queue = {
  send: (message: CycleMessage) => {
    sent.push(message);
    return Promise.resolve();
  },
};
const deps = (over: Partial<Parameters<typeof requestCycle>[0]> = {}) => ({
  store: storesOf(table),
  now: () => clock,
  queue,
  ...over,
});
const workerDeps = () => ({
  store: storesOf(table),
  now: () => new Date(),
  leaseSeconds: 60,
  recordRequests: true,
});
const delivery = { dequeueCount: 1, maxDequeueCount: 3 };

async function withUser(tenantId: string): Promise<void> {
  await tenantWithOneUser(table, tenantId);
}

describe('requesting a cycle', () => {
  test('records it queued, then sends one http message under its id, as the timer queues one', async () => {
    const tenant = randomUUID();
    const answer = await requestCycle(deps(), tenant);
    expect(answer).toEqual({ cycleId: expect.stringMatching(CYCLE_ID), status: 'queued' });
    expect(sent).toEqual([
      { tenantId: tenant, cycleId: answer.cycleId, trigger: 'http', requestedAt: clock.toISOString() },
    ]);
    expect(await storeOf(table, tenant).cycleRequests.read(answer.cycleId)).toMatchObject({
      state: 'queued',
      trigger: 'http',
    });
    expect(await readCycleStatus(storeOf(table, tenant), answer.cycleId, clock)).toEqual(answer);
  });

  test('while it waits, every request answers it and sends nothing, at once too; once it has run, the next is a new cycle', async () => {
    const tenant = randomUUID();
    await withUser(tenant);
    const answers = await Promise.all(Array.from({ length: 5 }, () => requestCycle(deps(), tenant)));
    expect(new Set(answers.map((a) => a.cycleId)).size).toBe(1);
    expect(sent).toHaveLength(1);
    expect(await requestCycle(deps(), tenant)).toEqual(answers[0]);
    expect(sent).toHaveLength(1);

    await runQueuedCycle(workerDeps(), sent[0]!, delivery);
    const next = await requestCycle(deps(), tenant);
    expect(next.cycleId).not.toBe(answers[0]!.cycleId);
    expect(sent.map((m) => m.cycleId)).toEqual([answers[0]!.cycleId, next.cycleId]);
  });

  test("another tenant's request is its own cycle", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const [first, second] = [await requestCycle(deps(), a), await requestCycle(deps(), b)];
    expect(first.cycleId).not.toBe(second.cycleId);
    expect(sent).toHaveLength(2);
  });

  test('is refused with SyncCycleInProgress while a cycle runs, and queues nothing', async () => {
    const tenant = randomUUID();
    const taken = await storeOf(table, tenant).lease.tryAcquire(randomUUID(), 'cycle', clock, 60);
    expect(taken.acquired).toBe(true);
    await expect(requestCycle(deps(), tenant)).rejects.toMatchObject({
      code: 'SyncCycleInProgress',
      extensions: { runningSince: clock.toISOString() },
    });
    expect(sent).toEqual([]);
  });

  test('waits behind an object write rather than being refused: the worker waits for it too', async () => {
    const tenant = randomUUID();
    await storeOf(table, tenant).lease.tryAcquire(randomUUID(), 'write', clock, 60);
    expect(await requestCycle(deps(), tenant)).toMatchObject({ status: 'queued' });
    expect(sent).toHaveLength(1);
  });

  test('a request that failed or was served is not joined: the next request queues another', async () => {
    const tenant = randomUUID();
    const first = await requestCycle(deps(), tenant);
    await storeOf(table, tenant).cycleRequests.failed(first.cycleId, { code: 'InternalError', detail: 'x' });
    const second = await requestCycle(deps(), tenant);
    expect(second.cycleId).not.toBe(first.cycleId);
    expect(second.cycleId).toBe(requestId(tenant, null, 1));
    await storeOf(table, tenant).cycleRequests.covered(second.cycleId, randomUUID());
    const third = await requestCycle(deps(), tenant);
    expect(third.cycleId).toBe(requestId(tenant, null, 2));
    expect(sent.map((m) => m.cycleId)).toEqual([first.cycleId, second.cycleId, third.cycleId]);
  });

  test('a request queued long ago is not joined (its message may be lost): a new one is queued', async () => {
    const tenant = randomUUID();
    const old = await requestCycle(deps(), tenant);
    clock = new Date(clock.getTime() + 11 * 60_000);
    const fresh = await requestCycle(deps(), tenant);
    expect(fresh.cycleId).not.toBe(old.cycleId);
    expect(sent).toHaveLength(2);
    // Until it is old too, the fresh one is the one joined.
    expect(await requestCycle(deps(), tenant)).toEqual(fresh);
  });

  test('a message that cannot be sent leaves its cycle failed, not queued, and the next request tries again', async () => {
    const tenant = randomUUID();
    const down = { send: () => Promise.reject(new Error('queue down')) };
    await expect(requestCycle(deps({ queue: down }), tenant)).rejects.toThrow('queue down');
    const failedId = requestId(tenant, null, 0);
    expect(await readCycleStatus(storeOf(table, tenant), failedId, clock)).toEqual({
      cycleId: failedId,
      status: 'failed',
      problem: { code: 'InternalError', detail: 'The cycle could not be queued: request it again.' },
    });
    const retried = await requestCycle(deps(), tenant);
    expect(retried.cycleId).not.toBe(failedId);
    expect(sent).toHaveLength(1);
  });

  test('request ids are UUIDs in lower case, one for each tenant, last cycle and attempt', () => {
    const tenant = randomUUID();
    const ids = [
      requestId(tenant, null, 0),
      requestId(tenant, null, 1),
      requestId(tenant, randomUUID(), 0),
      requestId(randomUUID(), null, 0),
    ];
    for (const id of ids) expect(id).toMatch(CYCLE_ID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(requestId(tenant, null, 0)).toBe(ids[0]);
  });
});
