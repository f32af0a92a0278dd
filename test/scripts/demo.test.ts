import { createServer } from 'node:net';
import { parseDemoArgs, report, runDemo } from '../../scripts/demo';
import {
  DEMO_COMMON,
  DEMO_ORPHANED,
  DemoError,
  getDevToken,
  loadDemo,
  type DemoSyncError,
} from '../../scripts/lib/demoScenarios';
import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { runCycle } from '../support/syncCycles';

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

/** An error as the assertions compare it: what, which value, and between which two anchors. */
const shape = (e: DemoSyncError) => ({
  attribute: e.attribute,
  value: e.value,
  errorType: e.errorType,
  diagnoseStatus: e.diagnoseStatus,
  existing: e.existingObject?.sourceAnchor,
  conflicting: e.conflictingObject?.sourceAnchor,
});
const byAttributeAndValue = (a: { attribute: string; value: string }, b: typeof a) =>
  a.attribute.localeCompare(b.attribute) || a.value.localeCompare(b.value);

/** A port nothing listens on: taken from the OS, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe('loadDemo against the real service', () => {
  test('both seed scenarios in one tenant: 3 provisioned and 3 errors from the first cycle', async () => {
    const tenant = newTenantId();
    const { accessToken } = await getDevToken(service.url, tenant);
    const result = await loadDemo(service.url, tenant, accessToken);

    // Common: Johnson and Jackson both provisioned, Jackson with a quarantined UPN (1 error).
    // Orphaned: the recreated Joe Johnson is not matched to his old object (it has an anchor, so no
    // soft match) and is provisioned, losing both the UPN and the primary SMTP address (2 errors).
    expect(result.summary).toMatchObject({
      trigger: 'http',
      objectsRead: 4, // 3 source objects + 1 imported cloud object
      provisioned: 3,
      updated: 0,
      softDeleted: 0,
      purged: 0,
      errorsCreated: 3,
      errorsResolved: 0,
      deletionThresholdExceeded: false,
      deletionsHeldBack: 0,
    });

    expect(result.syncErrors).not.toBeNull();
    expect(result.syncErrors?.map(shape).sort(byAttributeAndValue)).toEqual([
      {
        attribute: 'ProxyAddresses',
        value: 'SMTP:Joe.Johnson@fabrikam.com',
        errorType: 'QuarantinedAttributeValueMustBeUnique',
        diagnoseStatus: 'NotStarted',
        existing: DEMO_ORPHANED.existingCloud.sourceAnchor,
        conflicting: DEMO_ORPHANED.recreatedSource.sourceAnchor,
      },
      {
        attribute: 'UserPrincipalName',
        value: 'Joe.J@contoso.com',
        errorType: 'QuarantinedAttributeValueMustBeUnique',
        diagnoseStatus: 'NotStarted',
        existing: DEMO_COMMON.johnson.sourceAnchor,
        conflicting: DEMO_COMMON.jackson.sourceAnchor,
      },
      {
        attribute: 'UserPrincipalName',
        value: 'Joe.Johnson@fabrikam.com',
        errorType: 'QuarantinedAttributeValueMustBeUnique',
        diagnoseStatus: 'NotStarted',
        existing: DEMO_ORPHANED.existingCloud.sourceAnchor,
        conflicting: DEMO_ORPHANED.recreatedSource.sourceAnchor,
      },
    ]);

    const byAnchor = new Map(result.cloudObjects.map((c) => [c.sourceAnchor, c]));
    expect(result.cloudObjects).toHaveLength(4);
    expect(byAnchor.get(DEMO_COMMON.johnson.sourceAnchor)?.userPrincipalName).toBe('Joe.J@contoso.com');
    expect(byAnchor.get(DEMO_COMMON.jackson.sourceAnchor)?.userPrincipalName).toMatch(
      /^Joe\.J\d{4}@contoso\.onmicrosoft\.com$/,
    );
    // The old object keeps everything it held; the new one gets a placeholder UPN and no address.
    expect(byAnchor.get(DEMO_ORPHANED.existingCloud.sourceAnchor)).toMatchObject({
      objectId: DEMO_ORPHANED.existingCloud.objectId,
      userPrincipalName: 'Joe.Johnson@fabrikam.com',
      proxyAddresses: DEMO_ORPHANED.existingCloud.proxyAddresses,
      deletedDateTime: null,
    });
    const recreated = byAnchor.get(DEMO_ORPHANED.recreatedSource.sourceAnchor);
    expect(recreated?.userPrincipalName).toMatch(/^Joe\.Johnson\d{4}@contoso\.onmicrosoft\.com$/);
    expect(recreated?.proxyAddresses).toEqual([]);
  });

  test('loading the same tenant again changes nothing and reports the same errors', async () => {
    const tenant = newTenantId();
    const { accessToken } = await getDevToken(service.url, tenant);
    const first = await loadDemo(service.url, tenant, accessToken);
    const second = await loadDemo(service.url, tenant, accessToken);
    expect(second.summary).toMatchObject({ provisioned: 0, updated: 0, errorsCreated: 0, errorsResolved: 0 });
    expect(second.syncErrors?.map((e) => e.id).sort()).toEqual(first.syncErrors?.map((e) => e.id).sort());
  });

  test('loading again after the orphaned fix puts the orphaned scenario back', async () => {
    const tenant = newTenantId();
    const { accessToken: token } = await getDevToken(service.url, tenant);
    const first = await loadDemo(service.url, tenant, token);
    const orphanedUpn = first.syncErrors?.find(
      (e) => e.attribute === 'UserPrincipalName' && e.value === 'Joe.Johnson@fabrikam.com',
    );
    const api = (path: string, body?: unknown) =>
      call(`${service.url}/api/sync-errors/${orphanedUpn?.id ?? ''}/${path}`, 'POST', { token, body });
    expect(
      (await api('diagnosis/answers', { questionId: 'userExistsOnPremises', answer: 'no' })).status,
    ).toBe(200);
    expect((await api('diagnosis/answers', { questionId: 'sameUser', answer: 'yes' })).status).toBe(200);
    expect((await api('apply-fix')).status).toBe(200);
    expect(await runCycle(service, token)).toMatchObject({ errorsResolved: 2 });

    const again = await loadDemo(service.url, tenant, token);
    expect(again.summary).toMatchObject({ provisioned: 1, errorsCreated: 2, errorsResolved: 0 });
    expect(again.syncErrors?.map((e) => e.id).sort()).toEqual(first.syncErrors?.map((e) => e.id).sort());
  });

  test('a token minted for another tenant is refused before anything is written', async () => {
    const { accessToken } = await getDevToken(service.url, newTenantId());
    await expect(loadDemo(service.url, newTenantId(), accessToken)).rejects.toThrow(
      /the token is for tenant .+, not /,
    );
  });

  test('without GET /api/sync-errors (404) the result has no errors but still the cloud objects', async () => {
    const tenant = newTenantId();
    const { accessToken } = await getDevToken(service.url, tenant);
    const urlOf = (input: string | URL | Request) =>
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const withoutErrorList: typeof fetch = (input, init) =>
      urlOf(input).includes('/api/sync-errors')
        ? Promise.resolve(
            new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } }),
          )
        : fetch(input, init);
    const result = await loadDemo(service.url, tenant, accessToken, withoutErrorList);
    expect(result.syncErrors).toBeNull();
    expect(result.summary).toMatchObject({ provisioned: 3, errorsCreated: 3 });
    const lines = report(service.url, accessToken, 3600, result).join('\n');
    expect(lines).toContain('GET /api/sync-errors is not served by this build (404)');
    expect(lines).toContain(DEMO_ORPHANED.existingCloud.objectId);
  });
});

describe('the demo script', () => {
  test('prints the summary, every error and a ready-to-paste curl line with the token', async () => {
    const printed: string[] = [];
    const tenant = newTenantId();
    await runDemo({ url: service.url, tenant }, (line) => printed.push(line));
    const text = printed.join('\n');
    expect(text).toContain(`Tenant ${tenant}`);
    expect(text).toContain('provisioned 3');
    expect(text).toContain('errors created 3');
    expect(text).toContain('Open sync errors (3):');
    expect(text).toMatch(
      new RegExp(
        `^curl -H "Authorization: Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+" ${service.url}/api/sync-errors$`,
        'm',
      ),
    );
    expect(text).toMatch(/\/api\/sync-errors\/[0-9a-f]+\/diagnosis$/m);
    // The cycle's progress first, as it was polled: queued (maybe running), then succeeded.
    const progress = printed.filter((line) => line.startsWith('Sync cycle ') && line.includes(': '));
    expect(progress[0]).toMatch(/^Sync cycle [0-9a-f-]{36}: (queued|running|succeeded)$/);
    expect(progress.at(-1)).toMatch(/: succeeded$/);
    expect(printed.indexOf(progress.at(-1) ?? '')).toBeLessThan(
      printed.findIndex((l) => l.startsWith('Tenant ')),
    );
  });

  test('a cycle that fails is one clear line with its problem', async () => {
    const tenant = newTenantId();
    const failed = (cycleId: string) =>
      new Response(
        JSON.stringify({
          cycleId,
          status: 'failed',
          problem: { code: 'SyncLeaseLost', detail: 'The cycle outlived its lease and wrote nothing.' },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const urlOf = (input: string | URL | Request) =>
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // The service queues the cycle; its status, as this fetch answers it, says it failed.
    const failing: typeof fetch = (input, init) => {
      const status = /\/api\/sync-cycles\/([0-9a-f-]{36})$/.exec(urlOf(input));
      return status ? Promise.resolve(failed(status[1]!)) : fetch(input, init);
    };
    const printed: string[] = [];
    const run = runDemo({ url: service.url, tenant }, (line) => printed.push(line), failing);
    await expect(run).rejects.toBeInstanceOf(DemoError);
    await expect(run).rejects.toThrow(
      /^sync cycle [0-9a-f-]{36} failed: SyncLeaseLost: The cycle outlived its lease and wrote nothing\.$/,
    );
    expect(printed).toEqual([expect.stringMatching(/^Sync cycle [0-9a-f-]{36}: failed$/)]);
  });

  test('a service that is not running is one clear line', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const failure = runDemo({ url, tenant: newTenantId() }, () => undefined);
    await expect(failure).rejects.toBeInstanceOf(DemoError);
    await expect(failure).rejects.toThrow(
      new RegExp(`^cannot reach the service at ${url} \\(ECONNREFUSED\\): is it running\\?`),
    );
  });

  test('arguments: defaults, PORT, a given tenant, and one-line refusals', () => {
    const defaults = parseDemoArgs([], {});
    expect(defaults.url).toBe('http://localhost:7071');
    expect(defaults.tenant).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseDemoArgs([], {}).tenant).not.toBe(defaults.tenant);
    expect(parseDemoArgs([], { PORT: '7072' }).url).toBe('http://localhost:7072');
    expect(
      parseDemoArgs(['--url', 'http://127.0.0.1:8080/', '--tenant', 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE'], {
        PORT: '7072',
      }),
    ).toMatchObject({ url: 'http://127.0.0.1:8080', tenant: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' });
    expect(() => parseDemoArgs(['--tenant', 'contoso'], {})).toThrow('--tenant must be a tenant GUID');
    expect(() => parseDemoArgs(['--url', 'ftp://x'], {})).toThrow('--url must be an http(s) URL');
    expect(() => parseDemoArgs(['--url', 'http://localhost:7071/api'], {})).toThrow('without /api');
    expect(() => parseDemoArgs([], { PORT: 'x' })).toThrow(
      new DemoError('PORT must be a port number from 1 to 65535, not "x"'),
    );
    expect(() => parseDemoArgs(['--bogus'], {})).toThrow(DemoError);
    expect(parseDemoArgs(['--help'], { PORT: 'x' }).help).toBe(true);
  });
});
