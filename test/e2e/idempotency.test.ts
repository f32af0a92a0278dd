import { call, newTenantId, startTestService, type TestService } from '../support/service';

describe('Idempotency-Key on state-changing POSTs', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.stop());

  test('a replay returns the first response and runs nothing again', async () => {
    const token = await service.token(newTenantId(), 'GlobalAdministrator');
    const post = () =>
      call(`${service.url}/api/sync-cycles`, 'POST', { token, headers: { 'idempotency-key': 'cycle-1' } });
    const first = await post();
    expect(first.status).toBe(200);
    const replay = await post();
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    expect(replay.json).toEqual(first.json);
    const cycles = await call(`${service.url}/api/sync-cycles`, 'GET', { token });
    expect((cycles.json as { value: unknown[] }).value).toHaveLength(1);
    // Without the key, a POST runs again.
    expect((await call(`${service.url}/api/sync-cycles`, 'POST', { token })).status).toBe(200);
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
