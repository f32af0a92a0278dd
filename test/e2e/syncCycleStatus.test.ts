import { InvocationContext, type Timer } from '@azure/functions';
import { randomUUID } from 'node:crypto';
import { parseConfig } from '../../shared/config';
import { openCycleQueue } from '../../shared/queue/cycleQueue';
import { storeOf } from '../support/tenantStore';
import { call, dataTable, newTenantId, startTestService, type TestService } from '../support/service';

/**
 * GET /api/sync-cycles/{cycleId} (SPEC HTTP contract): queued, running, succeeded with the summary,
 * failed with a problem; a cycle run by POST /api/sync-cycles is answerable by the id its summary
 * carries; an unknown id, a malformed one and another tenant's are the same 404.
 */

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

async function admin(tenant: string) {
  const token = await service.token(tenant, 'GlobalAdministrator');
  return (method: string, path: string) => call(`${service.url}/api/${path}`, method, { token });
}

const store = (tenant: string) => storeOf(dataTable(), tenant);

/** Asks until `done` holds of the answer, for at most `ms`; the last answer either way. */
async function pollStatus(
  get: () => Promise<{ json: unknown }>,
  done: (status: { status: string }) => boolean,
  ms = 20_000,
): Promise<{ status: string; summary?: Record<string, unknown> }> {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = (await get()).json as { status: string; summary?: Record<string, unknown> };
    if (done(answer) || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const user = (anchor: string) => ({
  sourceAnchor: anchor,
  objectType: 'User',
  userPrincipalName: `${anchor}@contoso.com`,
  displayName: anchor,
});

describe('GET /api/sync-cycles/{cycleId}', () => {
  test('a cycle run on request answers succeeded with the summary POST answered', async () => {
    const tenant = newTenantId();
    const as = await admin(tenant);
    const posted = await as('POST', 'sync-cycles');
    expect(posted.status).toBe(200);
    const summary = posted.json as { cycleId: string };
    const status = await as('GET', `sync-cycles/${summary.cycleId}`);
    expect(status.status).toBe(200);
    expect(status.json).toEqual({ cycleId: summary.cycleId, status: 'succeeded', summary });
  });

  test('a queued cycle is queued, running while its lease names it, then failed with its problem', async () => {
    const tenant = newTenantId();
    const as = await admin(tenant);
    const cycleId = randomUUID();
    await store(tenant).cycleRequests.addQueued({ cycleId, trigger: 'timer', requestedAt: new Date() });
    expect((await as('GET', `sync-cycles/${cycleId}`)).json).toEqual({ cycleId, status: 'queued' });

    const taken = await store(tenant).lease.tryAcquire(cycleId, 'cycle', new Date(), 60);
    if (!taken.acquired) throw new Error('the lease was not taken');
    expect((await as('GET', `sync-cycles/${cycleId}`)).json).toEqual({ cycleId, status: 'running' });
    await store(tenant).lease.release(taken.lease);

    const problem = { code: 'SyncLeaseLost', detail: 'The cycle outlived its lease and wrote nothing.' };
    await store(tenant).cycleRequests.failed(cycleId, problem);
    expect((await as('GET', `sync-cycles/${cycleId}`)).json).toEqual({ cycleId, status: 'failed', problem });
  });

  test('a queued cycle served by one already running answers that cycle, running and then done', async () => {
    const tenant = newTenantId();
    const as = await admin(tenant);
    const [queued, running] = [randomUUID(), randomUUID()];
    await store(tenant).cycleRequests.addQueued({
      cycleId: queued,
      trigger: 'timer',
      requestedAt: new Date(),
    });
    const taken = await store(tenant).lease.tryAcquire(running, 'cycle', new Date(), 60);
    if (!taken.acquired) throw new Error('the lease was not taken');
    await store(tenant).cycleRequests.covered(queued, running);
    expect((await as('GET', `sync-cycles/${queued}`)).json).toEqual({ cycleId: queued, status: 'running' });
    await store(tenant).lease.release(taken.lease);
    // The running cycle was cut and left nothing: the request it served is not left "running".
    expect((await as('GET', `sync-cycles/${queued}`)).json).toMatchObject({
      cycleId: queued,
      status: 'failed',
      problem: { code: 'SyncLeaseLost' },
    });
  });

  test("an unknown id, a malformed one and another tenant's cycle are the same 404", async () => {
    const [tenant, other] = [newTenantId(), newTenantId()];
    const theirs = (await (await admin(other))('POST', 'sync-cycles')).json as { cycleId: string };
    const as = await admin(tenant);
    for (const id of [randomUUID(), 'not-a-cycle', theirs.cycleId, theirs.cycleId.toUpperCase()]) {
      const answer = await as('GET', `sync-cycles/${id}`);
      expect(answer.status).toBe(404);
      expect(answer.json).toMatchObject({ code: 'SyncCycleNotFound' });
    }
    const contributor = await service.token(tenant, 'None');
    expect(
      (await call(`${service.url}/api/sync-cycles/${theirs.cycleId}`, 'GET', { token: contributor })).status,
    ).toBe(403);
  });

  test('the worker runs a queued cycle under its id: queued, then succeeded with the summary', async () => {
    const tenant = newTenantId();
    const as = await admin(tenant);
    const agent = await service.token(tenant, 'SyncAgent');
    await call(`${service.url}/api/source-objects`, 'PUT', {
      token: agent,
      body: { objects: [user('ada')] },
    });
    const cycleId = randomUUID();
    const requestedAt = new Date();
    await store(tenant).cycleRequests.addQueued({ cycleId, trigger: 'timer', requestedAt });
    await openCycleQueue(parseConfig(process.env)).send({
      tenantId: tenant,
      cycleId,
      trigger: 'timer',
      requestedAt: requestedAt.toISOString(),
    });
    const status = await pollStatus(
      () => as('GET', `sync-cycles/${cycleId}`),
      (s) => s.status === 'succeeded' || s.status === 'failed',
    );
    expect(status).toMatchObject({
      cycleId,
      status: 'succeeded',
      summary: { cycleId, trigger: 'timer', outcome: 'completed', provisioned: 1 },
    });
    const history = (await as('GET', 'sync-cycles')).json as { value: { cycleId: string }[] };
    expect(history.value.map((c) => c.cycleId)).toEqual([cycleId]);
  });

  test('a queued cycle that finds one running completes without a second cycle, and answers that one', async () => {
    const tenant = newTenantId();
    const as = await admin(tenant);
    const [cycleId, running] = [randomUUID(), randomUUID()];
    const taken = await store(tenant).lease.tryAcquire(running, 'cycle', new Date(), 60);
    if (!taken.acquired) throw new Error('the lease was not taken');
    await store(tenant).cycleRequests.addQueued({ cycleId, trigger: 'timer', requestedAt: new Date() });
    await openCycleQueue(parseConfig(process.env)).send({
      tenantId: tenant,
      cycleId,
      trigger: 'timer',
      requestedAt: new Date().toISOString(),
    });
    const deadline = Date.now() + 20_000;
    while ((await store(tenant).cycleRequests.read(cycleId))?.state === 'queued' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(await store(tenant).cycleRequests.read(cycleId)).toMatchObject({
      state: 'covered',
      coveredBy: running,
    });
    expect((await as('GET', `sync-cycles/${cycleId}`)).json).toEqual({ cycleId, status: 'running' });
    await store(tenant).lease.release(taken.lease);
    expect(await store(tenant).cycles.latestCompleted()).toBeNull();
  });

  test('the timer only queues: each due tenant gets one cycle, run by the worker', async () => {
    const tenants = [newTenantId(), newTenantId()];
    for (const tenant of tenants) {
      const agent = await service.token(tenant, 'SyncAgent');
      await call(`${service.url}/api/source-objects`, 'PUT', {
        token: agent,
        body: { objects: [user('bo')] },
      });
    }
    const timer = service.host.functions.find((f) => f.name === 'syncCycleTimer');
    if (timer?.kind !== 'timer') throw new Error('the timer is not registered');
    const tick: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: { last: '', next: '', lastUpdated: '' },
    };
    await timer.handler(tick, new InvocationContext({ functionName: 'syncCycleTimer' }));
    for (const tenant of tenants) {
      const as = await admin(tenant);
      const deadline = Date.now() + 20_000;
      let history: { value: { trigger: string; outcome: string }[] } = { value: [] };
      while (history.value.length === 0 && Date.now() < deadline) {
        history = (await as('GET', 'sync-cycles')).json as typeof history;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(history.value).toEqual([expect.objectContaining({ trigger: 'timer', outcome: 'completed' })]);
    }
  });
});
