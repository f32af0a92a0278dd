import { InvocationContext, type Timer } from '@azure/functions';
import { randomUUID } from 'node:crypto';
import { parseConfig } from '../../shared/config';
import { openCycleQueue } from '../../shared/queue/cycleQueue';
import { storeOf } from '../support/tenantStore';
import { call, dataTable, newTenantId, startTestService, type TestService } from '../support/service';
import { awaitCycle, requestCycle, runCycle } from '../support/syncCycles';

/**
 * POST /api/sync-cycles and GET /api/sync-cycles/{cycleId} (SPEC HTTP contract, issue 15): a request
 * answers 202 with the queued cycle and its Location, which reads queued, running, succeeded with
 * the summary, or failed with a problem; 409 while a cycle runs; a second request while one waits in
 * the queue answers that one; a dry run answers 200 at once and writes nothing; an unknown id, a
 * malformed one and another tenant's are the same 404.
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

/**
 * Every row of the tenant's partitions (its id, and its id with a `~` suffix where the store spreads
 * a tenant), keys and properties, in key order.
 */
async function rowsOf(tenant: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  const filter = `PartitionKey ge '${tenant}' and PartitionKey le '${tenant}~~'`;
  for await (const row of dataTable().listEntities({ queryOptions: { filter } })) rows.push(row);
  return rows;
}

async function putUsers(tenant: string, count: number): Promise<void> {
  const agent = await service.token(tenant, 'SyncAgent');
  const objects = Array.from({ length: count }, (_, i) => user(`u${i}`));
  for (let i = 0; i < objects.length; i += 500) {
    const put = await call(`${service.url}/api/source-objects`, 'PUT', {
      token: agent,
      body: { objects: objects.slice(i, i + 500) },
    });
    if (put.status !== 200) throw new Error(`PUT /api/source-objects: ${put.status} ${put.text}`);
  }
}

/** Asks until `done` holds of the answer, for at most `ms`; the last answer either way. */
async function pollStatus(
  get: () => Promise<{ json: unknown }>,
  done: (status: { status: string }) => boolean,
  ms = 20_000,
  everyMs = 100,
): Promise<{ status: string; summary?: Record<string, unknown> }> {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = (await get()).json as { status: string; summary?: Record<string, unknown> };
    if (done(answer) || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const user = (anchor: string) => ({
  sourceAnchor: anchor,
  objectType: 'User',
  userPrincipalName: `${anchor}@contoso.com`,
  displayName: anchor,
});

describe('POST /api/sync-cycles: 202 Accepted, and the status to poll', () => {
  test('answers 202 with Location and the queued cycle; the status goes queued, running, succeeded with the summary', async () => {
    const tenant = newTenantId();
    const as = await admin(tenant);
    const token = await service.token(tenant, 'GlobalAdministrator');
    // Enough objects that the cycle runs for a while: long enough to be seen running, and refused beside.
    await putUsers(tenant, 1000);
    const posted = await requestCycle(service, token);
    expect(posted.response.status).toBe(202);
    expect(posted.response.json).toEqual({ cycleId: posted.cycleId, status: 'queued' });
    expect(posted.location).toBe(`/api/sync-cycles/${posted.cycleId}`);

    const seen: string[] = [];
    const running = await pollStatus(
      () => call(`${service.url}${posted.location}`, 'GET', { token }),
      (s) => {
        seen.push(s.status);
        return s.status !== 'queued';
      },
      20_000,
      10,
    );
    expect(running.status).toBe('running');
    // While it runs, another request is refused as before, and so is a dry run.
    const refused = await as('POST', 'sync-cycles');
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.json).toMatchObject({
      status: 409,
      code: 'SyncCycleInProgress',
      runningSince: expect.any(String),
    });
    expect(refused.headers.get('location')).toBeNull();
    expect((await as('POST', 'sync-cycles?dryRun=true')).json).toMatchObject({ code: 'SyncCycleInProgress' });

    const done = await awaitCycle(service, token, posted.cycleId, {
      intervalMs: 10,
      onStatus: (s) => seen.push(s.status),
    });
    // Queued, then running, then succeeded: never back, never skipping to the end unseen.
    const order = ['queued', 'running', 'succeeded'];
    expect(seen.map((s) => order.indexOf(s))).toEqual([...seen.map((s) => order.indexOf(s))].sort());
    expect(seen[0]).toBe('queued');
    expect(seen).toContain('running');
    expect(done).toEqual({
      cycleId: posted.cycleId,
      status: 'succeeded',
      summary: expect.objectContaining({
        cycleId: posted.cycleId,
        trigger: 'http',
        outcome: 'completed',
        provisioned: 1000,
      }),
    });
    // The summary the status answers is the one the history keeps.
    const history = (await as('GET', 'sync-cycles')).json as { value: unknown[] };
    expect(history.value).toEqual([done.summary]);
    // A cycle that ran answers the same status on every read.
    expect((await as('GET', `sync-cycles/${posted.cycleId}`)).json).toEqual(done);
  });

  test('a request while the last one waits in the queue answers that cycle and queues nothing more', async () => {
    const tenant = newTenantId();
    const token = await service.token(tenant, 'GlobalAdministrator');
    await putUsers(tenant, 3);
    // An object write holds the tenant: the queued cycle waits behind it, as it would behind the agent.
    const write = await store(tenant).lease.tryAcquire(randomUUID(), 'write', new Date(), 60);
    if (!write.acquired) throw new Error('the lease was not taken');
    const first = await requestCycle(service, token);
    // One after another: a tenant's cycle requests are heavy, one in flight at a time (shared/http/requestCost.ts).
    const again = [];
    for (let i = 0; i < 3; i++) again.push(await requestCycle(service, token));
    expect(again.map((r) => r.cycleId)).toEqual([first.cycleId, first.cycleId, first.cycleId]);
    expect(again.map((r) => r.response.json)).toEqual(
      again.map(() => ({ cycleId: first.cycleId, status: 'queued' })),
    );
    expect((await call(`${service.url}${first.location}`, 'GET', { token })).json).toEqual({
      cycleId: first.cycleId,
      status: 'queued',
    });
    await store(tenant).lease.release(write.lease);

    const done = await awaitCycle(service, token, first.cycleId);
    expect(done).toMatchObject({ status: 'succeeded', summary: { cycleId: first.cycleId, provisioned: 3 } });
    // One message, one cycle: no request ran a second one.
    await new Promise((r) => setTimeout(r, 500));
    const as = await admin(tenant);
    const history = (await as('GET', 'sync-cycles')).json as { value: { cycleId: string }[] };
    expect(history.value.map((c) => c.cycleId)).toEqual([first.cycleId]);
    // Once it has run, a request is a new cycle.
    const next = await runCycle(service, token);
    expect(next.cycleId).not.toBe(first.cycleId);
    expect(next).toMatchObject({ trigger: 'http', outcome: 'completed', provisioned: 0 });
  });

  test('a dry run still answers 200 at once and writes nothing', async () => {
    const tenant = newTenantId();
    const as = await admin(tenant);
    await putUsers(tenant, 2);
    const before = await rowsOf(tenant);
    expect(before.length).toBeGreaterThan(0);
    const dry = await as('POST', 'sync-cycles?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.headers.get('location')).toBeNull();
    expect(dry.json).toMatchObject({ dryRun: true, summary: { provisioned: 2 } });
    // Nothing queued, nothing run: the tenant's rows are as they were, well after a worker would have run.
    await new Promise((r) => setTimeout(r, 500));
    expect(await rowsOf(tenant)).toEqual(before);
    expect(((await as('GET', 'sync-cycles')).json as { value: unknown[] }).value).toEqual([]);
  });
});

describe('GET /api/sync-cycles/{cycleId}', () => {
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
