import { randomUUID } from 'node:crypto';
import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { AUDIENCE, craftToken, unsignedToken } from '../support/tokens';

let service: TestService;
const tenant = newTenantId();

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

const settingsUrl = (): string => `${service.url}/api/settings`;

describe('who gets in (SPEC "Who gets in")', () => {
  test('health is anonymous', async () => {
    const res = await call(`${service.url}/api/health`, 'GET');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });

  test('no token: 401 problem with WWW-Authenticate', async () => {
    const res = await call(settingsUrl(), 'GET');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.json).toMatchObject({ status: 401, code: 'MissingToken' });
  });

  test('a non-bearer scheme is a missing token', async () => {
    const res = await call(settingsUrl(), 'GET', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
  });

  const refused: [string, () => Promise<string>][] = [
    ['garbage', () => Promise.resolve('not.a.token')],
    ['expired', () => craftToken(service.keyDir, { tenantId: tenant, expiresIn: -600 })],
    ['not yet valid', () => craftToken(service.keyDir, { tenantId: tenant, notBeforeIn: 600 })],
    [
      'wrong audience',
      () => craftToken(service.keyDir, { tenantId: tenant, audience: 'api://someone-else' }),
    ],
    [
      'issuer of another tenant than tid',
      () =>
        craftToken(service.keyDir, {
          tenantId: tenant,
          issuer: `https://login.microsoftonline.com/${randomUUID()}/v2.0`,
        }),
    ],
    ['alg none', () => Promise.resolve(unsignedToken(tenant))],
    ['signed by an unknown key', () => craftToken(service.keyDir, { tenantId: tenant, unknownKey: true })],
    ['tid that is not a GUID', () => craftToken(service.keyDir, { tenantId: 'contoso' })],
    // Microsoft identity platform, "Access token lifetime": 60–90 minutes by default, at most
    // 28 hours for clients using continuous access evaluation. Issue 11, defect 12.
    [
      'iat ten years ahead',
      () => craftToken(service.keyDir, { tenantId: tenant, issuedAtIn: 10 * 365 * 86400 }),
    ],
    [
      'exp a hundred years out',
      () => craftToken(service.keyDir, { tenantId: tenant, expiresIn: 100 * 365 * 86400 }),
    ],
    [
      'issued 29 hours ago, still unexpired',
      () => craftToken(service.keyDir, { tenantId: tenant, issuedAtIn: -29 * 3600, expiresIn: 600 }),
    ],
    ['no iat', () => craftToken(service.keyDir, { tenantId: tenant, issuedAtIn: null })],
    [
      'no exp',
      async () => (await craftToken(service.keyDir, { tenantId: tenant })).replace(/\..*\./, '.e30.'),
    ],
  ];
  test.each(refused)('%s: 401 InvalidToken, nothing revealed', async (_, make) => {
    const res = await call(settingsUrl(), 'GET', { token: await make() });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: 'InvalidToken' });
    expect(res.text).not.toMatch(/stack|at .*\.ts|jose|ERR_/i);
  });

  test('a 27-hour token (continuous access evaluation) is accepted', async () => {
    const token = await craftToken(service.keyDir, {
      tenantId: tenant,
      issuedAtIn: -3600,
      expiresIn: 26 * 3600,
    });
    expect((await call(settingsUrl(), 'GET', { token })).status).toBe(200);
  });

  test('v1 issuer (sts.windows.net) of the token tenant is accepted', async () => {
    const token = await craftToken(service.keyDir, {
      tenantId: tenant,
      issuer: `https://sts.windows.net/${tenant}/`,
    });
    expect((await call(settingsUrl(), 'GET', { token })).status).toBe(200);
  });

  test('valid token without a role: 403', async () => {
    const res = await call(settingsUrl(), 'GET', { token: await service.token(tenant, 'None') });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 'InsufficientRole' });
  });

  test('SyncAgent is not an admin: 403 on settings', async () => {
    const res = await call(settingsUrl(), 'GET', { token: await service.token(tenant, 'SyncAgent') });
    expect(res.status).toBe(403);
  });

  test('a Contributor role claim of another name does not count', async () => {
    const token = await craftToken(service.keyDir, {
      tenantId: tenant,
      claims: { wids: [], roles: ['Reader'] },
    });
    expect((await call(settingsUrl(), 'GET', { token })).status).toBe(403);
  });

  test.each(['GlobalAdministrator', 'Contributor'] as const)('%s gets in', async (role) => {
    const res = await call(settingsUrl(), 'GET', { token: await service.token(tenant, role) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ blockSoftMatchEnabled: false, deletionThreshold: 500 });
  });

  test('the tenant comes from the token: one tenant never sees another tenant settings', async () => {
    const other = newTenantId();
    const patched = await call(settingsUrl(), 'PATCH', {
      token: await service.token(tenant, 'GlobalAdministrator'),
      body: { initialDomain: 'contoso.onmicrosoft.com' },
    });
    expect(patched.status).toBe(200);
    const theirs = await call(settingsUrl(), 'GET', {
      token: await service.token(other, 'GlobalAdministrator'),
    });
    expect(theirs.json).toMatchObject({ initialDomain: `tenant-${other.slice(0, 8)}.onmicrosoft.com` });
    const ours = await call(settingsUrl(), 'GET', { token: await service.token(tenant, 'Contributor') });
    expect(ours.json).toMatchObject({ initialDomain: 'contoso.onmicrosoft.com' });
  });

  test('the audience used by the dev tokens is the configured one', () => {
    expect(process.env.AUTH_AUDIENCE).toBe(AUDIENCE);
  });
});
