import { call, newTenantId, startTestService, type TestService } from '../support/service';

// Its own file: services are built once per process (per jest file), from the environment.
describe('per-tenant rate limit', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => service.stop());

  test('past the limit: 429 with Retry-After; another tenant is not affected', async () => {
    const token = await service.token(newTenantId(), 'Contributor');
    const statuses: number[] = [];
    let last = null as Awaited<ReturnType<typeof call>> | null;
    for (let i = 0; i < 6; i++) {
      last = await call(`${service.url}/api/settings`, 'GET', { token });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last?.json).toMatchObject({ code: 'RateLimited' });
    const other = await service.token(newTenantId(), 'Contributor');
    expect((await call(`${service.url}/api/settings`, 'GET', { token: other })).status).toBe(200);
  });
});
