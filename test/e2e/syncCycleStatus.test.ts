import { randomUUID } from 'node:crypto';
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
});
