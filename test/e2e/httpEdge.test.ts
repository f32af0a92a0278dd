import { call, newTenantId, startTestService, type TestService } from '../support/service';

let service: TestService;
let token: string;

beforeAll(async () => {
  service = await startTestService();
  token = await service.token(newTenantId(), 'GlobalAdministrator');
});
afterAll(() => service.stop());

describe('the HTTP edge', () => {
  const patch = (options: Parameters<typeof call>[2]): ReturnType<typeof call> =>
    call(`${service.url}/api/settings`, 'PATCH', { token, ...options });

  test('malformed JSON: 400 MalformedJson', async () => {
    const res = await patch({
      rawBody: '{"softMatchEnabled": tru',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'MalformedJson' });
  });

  test('wrong content type: 415', async () => {
    const res = await patch({ rawBody: 'softMatchEnabled=true', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(res.json).toMatchObject({ code: 'UnsupportedMediaType' });
  });

  test('a body over 1 MiB: 413', async () => {
    const res = await patch({ body: { initialDomain: 'x'.repeat(1024 * 1024 + 10) } });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ code: 'PayloadTooLarge' });
  });

  test('unknown fields and bad values are named in the problem', async () => {
    const res = await patch({ body: { softMatchEnabled: 'yes', PartitionKey: 'x' } });
    expect(res.status).toBe(400);
    const body = res.json as { code: string; errors: { field: string }[] };
    expect(body.code).toBe('ValidationFailed');
    expect(body.errors.map((e) => e.field).join(' ')).toMatch(/body\.softMatchEnabled/);
    expect(JSON.stringify(body)).toMatch(/PartitionKey/);
  });

  test('an unknown route is 404, a known route with another method too (as on the host)', async () => {
    expect((await call(`${service.url}/api/nothing-here`, 'GET')).status).toBe(404);
    expect((await call(`${service.url}/api/health`, 'DELETE')).status).toBe(404);
  });

  test('route literals match case-insensitively, as ASP.NET routing does', async () => {
    expect((await call(`${service.url}/API/Health`, 'GET')).status).toBe(200);
  });
});
