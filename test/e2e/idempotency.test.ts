import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { awaitCycle, requestCycle, runCycle } from '../support/syncCycles';

describe('Idempotency-Key on state-changing POSTs', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.stop());

  test('a replay returns the first response and runs nothing again', async () => {
    const token = await service.token(newTenantId(), 'GlobalAdministrator');
    const headers = { 'idempotency-key': 'cycle-1' };
    const first = await requestCycle(service, token, { headers });
    await awaitCycle(service, token, first.cycleId);
    // Replayed after the cycle ran: the same 202 and Location, and no second cycle queued.
    const replay = await call(`${service.url}/api/sync-cycles`, 'POST', { token, headers });
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    expect(replay.headers.get('location')).toBe(first.location);
    expect(replay.json).toEqual(first.response.json);
    await new Promise((r) => setTimeout(r, 300));
    const cycles = await call(`${service.url}/api/sync-cycles`, 'GET', { token });
    expect((cycles.json as { value: unknown[] }).value).toHaveLength(1);
    // Without the key, a POST runs again.
    expect((await runCycle(service, token)).cycleId).not.toBe(first.cycleId);
    const after = await call(`${service.url}/api/sync-cycles`, 'GET', { token });
    expect((after.json as { value: unknown[] }).value).toHaveLength(2);
  });

  test('the same key with another body is 422; keys are per tenant', async () => {
    const tenant = newTenantId();
    const token = await service.token(tenant, 'GlobalAdministrator');
    const headers = { 'idempotency-key': 'k-1' };
    const url = `${service.url}/api/sync-errors/${'0'.repeat(32)}/diagnosis/answers`;
    const first = await call(url, 'POST', {
      token,
      headers,
      body: { questionId: 'userExistsOnPremises', answer: 'yes' },
    });
    expect(first.status).toBe(404); // a refusal is an answer too, and is replayed as such
    const replay = await call(url, 'POST', {
      token,
      headers,
      body: { questionId: 'userExistsOnPremises', answer: 'yes' },
    });
    expect(replay.status).toBe(404);
    const other = await call(url, 'POST', {
      token,
      headers,
      body: { questionId: 'userExistsOnPremises', answer: 'no' },
    });
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ code: 'IdempotencyKeyReused' });
    const otherTenant = await service.token(newTenantId(), 'GlobalAdministrator');
    const theirs = await call(url, 'POST', {
      token: otherTenant,
      headers,
      body: { questionId: 'userExistsOnPremises', answer: 'no' },
    });
    expect(theirs.status).toBe(404);
  });

  test('a malformed key is refused', async () => {
    const token = await service.token(newTenantId(), 'GlobalAdministrator');
    const res = await call(`${service.url}/api/sync-cycles`, 'POST', {
      token,
      headers: { 'idempotency-key': 'has space' },
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'InvalidIdempotencyKey' });
  });
});
