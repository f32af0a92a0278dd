import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { runCycle } from '../support/syncCycles';

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

  test('a 400 KB array of 200,000 elements is refused as input, not a 500, on an anonymous and an authenticated route, and logs no error', async () => {
    const rawBody = JSON.stringify(new Array(200_000).fill(0));
    expect(rawBody.length).toBeLessThan(1024 * 1024);
    const before = service.logs.length;
    for (const res of [
      await call(`${service.url}/api/dev/token`, 'POST', {
        rawBody,
        headers: { 'content-type': 'application/json' },
      }),
      await patch({ rawBody, headers: { 'content-type': 'application/json' } }),
    ]) {
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'ValidationFailed' });
    }
    // Nested inside an object too: the walk that checks strings must not overflow on it either.
    const nested = await patch({ body: { initialDomain: new Array(200_000).fill('a') } });
    expect(nested.status).toBe(400);
    expect(service.logs.slice(before).filter((l) => l.level === 'error')).toEqual([]);
  });

  test('malformed JSON: 400 MalformedJson', async () => {
    const res = await patch({
      rawBody: '{"blockSoftMatchEnabled": tru',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'MalformedJson' });
  });

  test('wrong content type: 415', async () => {
    const res = await patch({
      rawBody: 'blockSoftMatchEnabled=true',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.json).toMatchObject({ code: 'UnsupportedMediaType' });
  });

  test('a body over 1 MiB: 413', async () => {
    const res = await patch({ body: { initialDomain: 'x'.repeat(1024 * 1024 + 10) } });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ code: 'PayloadTooLarge' });
  });

  test('unknown fields and bad values are named in the problem', async () => {
    const res = await patch({ body: { blockSoftMatchEnabled: 'yes', PartitionKey: 'x' } });
    expect(res.status).toBe(400);
    const body = res.json as { code: string; errors: { field: string }[] };
    expect(body.code).toBe('ValidationFailed');
    expect(body.errors.map((e) => e.field).join(' ')).toMatch(/body\.blockSoftMatchEnabled/);
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

describe('U+2028 and U+2029 (issue 11, defect 4): refused at the edge, never sent to the store', () => {
  test('in any text of a body: 400 UnsupportedCharacter, and storage goes on working for every tenant', async () => {
    for (const ch of ['\u2028', '\u2029']) {
      const res = await call(`${service.url}/api/source-objects`, 'PUT', {
        token,
        body: {
          objects: [
            {
              sourceAnchor: 'sep-1',
              objectType: 'User',
              userPrincipalName: 'sep@contoso.com',
              displayName: `Line${ch}break`,
            },
          ],
        },
      });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'UnsupportedCharacter' });
    }
    const other = await service.token(newTenantId(), 'GlobalAdministrator');
    const ok = await call(`${service.url}/api/source-objects`, 'PUT', {
      token: other,
      body: {
        objects: [{ sourceAnchor: 'fine-1', objectType: 'User', userPrincipalName: 'fine@contoso.com' }],
      },
    });
    expect(ok.status).toBe(200);
    expect(await runCycle(service, other)).toMatchObject({ outcome: 'completed', provisioned: 1 });
  });

  test('in a route value that would be stored: 400; in a search, which is never stored: an empty page', async () => {
    const del = await call(`${service.url}/api/source-objects/x%E2%80%A8y`, 'DELETE', { token });
    expect(del.status).toBe(400);
    expect(del.json).toMatchObject({ code: 'ValidationFailed' });
    const list = await call(`${service.url}/api/sync-errors?search=a%E2%80%A9b`, 'GET', { token });
    expect(list.status).toBe(200);
  });

  test("in a token's name: the action is stored with its audit event, the separator a space", async () => {
    const tenant = newTenantId();
    const admin = await service.token(tenant, 'GlobalAdministrator', {
      oid: 'oid-sep',
      name: 'Ada\u2028Admin',
    });
    const put = (objects: unknown[]) =>
      call(`${service.url}/api/source-objects`, 'PUT', { token: admin, body: { objects } });
    const user = (sourceAnchor: string, displayName: string) => ({
      sourceAnchor,
      objectType: 'User',
      userPrincipalName: 'joe.j@contoso.com',
      displayName,
    });
    expect((await put([user('sep-a', 'Joe Johnson'), user('sep-b', 'Joe Jackson')])).status).toBe(200);
    await runCycle(service, admin);
    const errors = (await call(`${service.url}/api/sync-errors`, 'GET', { token: admin })).json as {
      value: { id: string }[];
    };
    const id = errors.value[0]!.id;
    const answer = await call(`${service.url}/api/sync-errors/${id}/diagnosis/answers`, 'POST', {
      token: admin,
      body: { questionId: 'userExistsOnPremises', answer: 'yes' },
    });
    expect(answer.status).toBe(200);
    const audit = (await call(`${service.url}/api/audit-events`, 'GET', { token: admin })).json as {
      value: { action: string; actor: { oid: string; name: string } }[];
    };
    expect(audit.value).toEqual([
      expect.objectContaining({ action: 'answer', actor: { oid: 'oid-sep', name: 'Ada Admin' } }),
    ]);
  });

  test('a token whose oid is not printable ASCII is refused: 401', async () => {
    const bad = await service.token(newTenantId(), 'GlobalAdministrator', { oid: 'oid\u2028x' });
    expect((await call(`${service.url}/api/settings`, 'GET', { token: bad })).status).toBe(401);
  });
});

test('a query key given twice is refused, so the cost rule and the parser always read the same value', async () => {
  const res = await call(`${service.url}/api/sync-errors?state=open&state=resolved&search=x`, 'GET', {
    token,
  });
  expect(res.status).toBe(400);
  expect(res.json).toMatchObject({ code: 'ValidationFailed', errors: [{ field: 'query.state' }] });
});
