import type { DevRole } from '../../shared/auth/devKeys';
import { cloudRowKey } from '../../shared/store/keys';
import { partitionOf } from '../../shared/store/tenantLayout';
import {
  call,
  dataTable,
  newTenantId,
  startTestService,
  type CallResult,
  type TestService,
} from '../support/service';
import { runCycle } from '../support/syncCycles';
import { storeOf } from '../support/tenantStore';

/**
 * The directory routes (source objects, cloud objects, deleted objects, settings) over real HTTP
 * against Azurite: every bound of the bodies at the limit and one past it, unknown fields, the
 * 1,000-object limit, all-or-nothing writes, anchors with `/` and `+`, deletes, filters and paging.
 */

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
  objectId?: string;
}
interface SourceView {
  sourceAnchor: string;
  distinguishedName: string | null;
  objectType: string;
  userPrincipalName: string | null;
  mailNickname: string | null;
  displayName: string | null;
  proxyAddresses: string[];
  sipProxyAddress: string | null;
  onPremisesSecurityIdentifier: string | null;
  inScope: boolean;
  deleted: boolean;
  deletedAt: string | null;
  connectorState: string;
  objectId: string | null;
  updatedAt: string;
}
interface CloudView {
  objectId: string;
  objectType: string;
  userPrincipalName: string | null;
  displayName: string | null;
  proxyAddresses: string[];
  sourceAnchor: string | null;
  dirSyncEnabled: boolean;
  deletedDateTime: string | null;
  directoryRoleTemplateIds: string[];
}
interface ListPage<T> {
  value: T[];
  continuationToken: string | null;
}
interface Summary {
  provisioned: number;
  updated: number;
  softDeleted: number;
}

type Api = (method: string, path: string, body?: unknown) => Promise<CallResult>;

async function client(role: DevRole = 'GlobalAdministrator', tenant = newTenantId()) {
  const token = await service.token(tenant, role);
  const api: Api = (method, path, body) =>
    call(`${service.url}/api/${path}`, method, { token, ...(body === undefined ? {} : { body }) });
  return {
    tenant,
    token,
    api,
    putSources: (objects: unknown[]) => api('PUT', 'source-objects', { objects }),
    putClouds: (objects: unknown[]) => api('PUT', 'cloud-objects', { objects }),
    getSource: (anchor: string, encode = true) =>
      api('GET', `source-objects/${encode ? encodeURIComponent(anchor) : anchor}`),
    getCloud: (objectId: string) => api('GET', `cloud-objects/${objectId}`),
    cycle: (): Promise<Summary> => runCycle(service, token),
    /** Every source object's anchor, in one page (tests stay under 999). */
    sourceAnchors: async (): Promise<string[]> => {
      const res = await api('GET', 'source-objects?top=999');
      expect(res.status).toBe(200);
      return (res.json as ListPage<SourceView>).value.map((s) => s.sourceAnchor);
    },
    /** Sorted: a list pages the tenant's directory partition by partition (README, storage layout). */
    cloudIds: async (query = ''): Promise<string[]> => {
      const res = await api('GET', `cloud-objects?top=999${query}`);
      expect(res.status).toBe(200);
      return (res.json as ListPage<CloudView>).value.map((c) => c.objectId).sort();
    },
  };
}

/** A 400 ValidationFailed problem whose errors name `field` (exactly). */
function expectValidation(res: CallResult, ...fields: string[]): Problem {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = res.json as Problem;
  expect(problem.code).toBe('ValidationFailed');
  const named = (problem.errors ?? []).map((e) => e.field);
  for (const field of fields) expect(named).toContain(field);
  return problem;
}

function expectProblem(res: CallResult, status: number, code: string): Problem {
  expect({ status: res.status, code: (res.json as Problem | null)?.code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return res.json as Problem;
}

let counter = 0;
const unique = (): string => `${Date.now().toString(36)}${(counter++).toString(36)}`;

const user = (anchor: string, extra: Record<string, unknown> = {}) => ({
  sourceAnchor: anchor,
  objectType: 'User',
  userPrincipalName: `${anchor.replace(/[^A-Za-z0-9]/g, '')}@contoso.com`,
  displayName: `User ${anchor}`,
  ...extra,
});
const group = (anchor: string, extra: Record<string, unknown> = {}) => ({
  sourceAnchor: anchor,
  objectType: 'Group',
  displayName: `Group ${anchor}`,
  ...extra,
});
/** A copy of `value` without `key`. */
function without(value: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
}
const guid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const cloudUser = (objectId: string, extra: Record<string, unknown> = {}) => ({
  objectId,
  objectType: 'User',
  userPrincipalName: `cloud-${objectId.slice(-6)}@contoso.com`,
  displayName: `Cloud ${objectId.slice(-6)}`,
  ...extra,
});

// The ImmutableId Entra Connect derives from objectGUID (.NET Guid.ToByteArray() order, base64).
// Expected values computed independently with Python's uuid.UUID(...).bytes_le.
const SPEC_GUID = 'f7cc07d7-7c15-447d-876d-c01b0e5a9e38';
const SPEC_ANCHOR = '1wfM9xV8fUSHbcAbDlqeOA==';
const PLUS_SLASH_GUID = '41bf0f00-4342-4544-4647-48494a4b4c4d';
const PLUS_SLASH_ANCHOR = 'AA+/QUJDREVGR0hJSktMTQ==';
const DOUBLE_SLASH_GUID = 'fb831000-beef-f0ff-0304-05060708090a';
const DOUBLE_SLASH_ANCHOR = 'ABCD++++//ADBAUGBwgJCg==';
const LEADING_SLASH_GUID = 'fbffffff-beef-0201-0304-05060708090a';
const LEADING_SLASH_ANCHOR = '////++++AQIDBAUGBwgJCg==';

// ---------------------------------------------------------------------------------------------
describe('PUT /api/source-objects: every bound at the limit is accepted, one past it is refused', () => {
  const upnOf = (length: number) => `${'a'.repeat(length - '@contoso.com'.length)}@contoso.com`;
  const primaryAndSecondaries = (count: number) => [
    'SMTP:primary@contoso.com',
    ...Array.from({ length: count - 1 }, (_, i) => `smtp:alias${i}@contoso.com`),
  ];
  const addressOf = (length: number) => `smtp:${'x'.repeat(length - 'smtp:@contoso.com'.length)}@contoso.com`;

  const cases: {
    name: string;
    field: string;
    atLimit: Record<string, unknown>;
    pastLimit: Record<string, unknown>;
    check: (view: SourceView, sent: Record<string, unknown>) => void;
  }[] = [
    {
      // AD's bound (rangeUpper 1,024), not Entra's 113: a longer UPN is the engine's verdict
      // (IdentityDataValidationFailed), shown as a sync error (issue 12, rule 9).
      name: 'userPrincipalName (≤ 1024 characters)',
      field: 'body.objects.0.userPrincipalName',
      atLimit: { userPrincipalName: upnOf(1024) },
      pastLimit: { userPrincipalName: upnOf(1025) },
      check: (v, sent) => expect(v.userPrincipalName).toBe(sent.userPrincipalName),
    },
    {
      name: 'sourceAnchor (< 60 characters)',
      field: 'body.objects.0.sourceAnchor',
      atLimit: { sourceAnchor: `${'A'.repeat(55)}+/x=` },
      pastLimit: { sourceAnchor: `${'A'.repeat(56)}+/x=` },
      check: (v, sent) => expect(v.sourceAnchor).toBe(sent.sourceAnchor),
    },
    {
      name: 'displayName (≤ 256 characters)',
      field: 'body.objects.0.displayName',
      atLimit: { displayName: 'D'.repeat(256) },
      pastLimit: { displayName: 'D'.repeat(257) },
      check: (v, sent) => expect(v.displayName).toBe(sent.displayName),
    },
    {
      // More than 332 is LargeObject, the engine's verdict; AD's own ceiling here is 1,000 values.
      name: 'proxyAddresses (≤ 1000 values)',
      field: 'body.objects.0.proxyAddresses',
      atLimit: { proxyAddresses: primaryAndSecondaries(1000) },
      pastLimit: { proxyAddresses: primaryAndSecondaries(1001) },
      check: (v, sent) => expect(v.proxyAddresses).toEqual(sent.proxyAddresses),
    },
    {
      name: 'each proxy address (≤ 1123 characters, AD rangeUpper)',
      field: 'body.objects.0.proxyAddresses.1',
      atLimit: { proxyAddresses: ['SMTP:primary@contoso.com', addressOf(1123)] },
      pastLimit: { proxyAddresses: ['SMTP:primary@contoso.com', addressOf(1124)] },
      check: (v, sent) => expect(v.proxyAddresses).toEqual(sent.proxyAddresses),
    },
    {
      name: 'mailNickname (≤ 64 characters)',
      field: 'body.objects.0.mailNickname',
      atLimit: { mailNickname: 'm'.repeat(64) },
      pastLimit: { mailNickname: 'm'.repeat(65) },
      check: (v, sent) => expect(v.mailNickname).toBe(sent.mailNickname),
    },
    {
      name: 'distinguishedName (≤ 2048 characters)',
      field: 'body.objects.0.distinguishedName',
      atLimit: { distinguishedName: `CN=${'d'.repeat(2045)}` },
      pastLimit: { distinguishedName: `CN=${'d'.repeat(2046)}` },
      check: (v, sent) => expect(v.distinguishedName).toBe(sent.distinguishedName),
    },
  ];

  test.each(cases)('$name: at the limit it is stored intact', async ({ atLimit, check }) => {
    const { putSources, getSource } = await client();
    const sent = user(`at-${unique()}`, atLimit);
    const res = await putSources([sent]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ created: 1, updated: 0, sourceAnchors: [sent.sourceAnchor] });
    const read = await getSource(sent.sourceAnchor);
    expect(read.status).toBe(200);
    check(read.json as SourceView, sent);
  });

  test.each(cases)('$name: one past the limit is 400 naming $field', async ({ pastLimit, field }) => {
    const { putSources, sourceAnchors } = await client();
    const res = await putSources([user(`past-${unique()}`, pastLimit)]);
    expectValidation(res, field);
    expect(await sourceAnchors()).toEqual([]);
  });

  test('several rejected values in one request are each named', async () => {
    const { putSources, sourceAnchors } = await client();
    const res = await putSources([
      user('ok-1'),
      user('bad-1', { userPrincipalName: upnOf(1025) }),
      user('bad-2', { displayName: 'D'.repeat(257), mailNickname: 'm'.repeat(65) }),
      { ...group('bad-3'), objectType: 'Printer' },
    ]);
    const problem = expectValidation(
      res,
      'body.objects.1.userPrincipalName',
      'body.objects.2.displayName',
      'body.objects.2.mailNickname',
      'body.objects.3.objectType',
    );
    expect(problem.detail).toMatch(/^body\.objects\.\d\.\w+: .+\(and \d+ more\)$/);
    expect(problem.errors?.map((e) => e.field)).not.toContain('body.objects.0.userPrincipalName');
    expect(await sourceAnchors()).toEqual([]);
  });

  test('control characters are refused in any text field', async () => {
    const { putSources, sourceAnchors } = await client();
    expectValidation(
      await putSources([user('ctl-1', { displayName: 'Joe\u0000Smith' }), user('ctl\n2')]),
      'body.objects.0.displayName',
      'body.objects.1.sourceAnchor',
    );
    expect(await sourceAnchors()).toEqual([]);
  });

  test('an entity that would pass Table Storage limits is refused before it is written (EntityTooLarge)', async () => {
    const { putSources, sourceAnchors } = await client();
    // Each address is 256 characters (within bounds), but every `\` doubles once stored as JSON:
    // 100 of them make a ~51,000-character property, past the 32K-character (64 KiB) limit.
    const heavy = Array.from(
      { length: 100 },
      (_, i) => `smtp:${String(i).padStart(3, '0')}${'\\'.repeat(248)}`,
    );
    heavy[0] = `SMTP:${heavy[0]?.slice(5) ?? ''}`;
    expect(heavy.every((a) => a.length === 256)).toBe(true);
    const res = await putSources([
      group('fine-1'),
      group('heavy-2', { proxyAddresses: heavy }),
      group('fine-3'),
    ]);
    const problem = expectProblem(res, 400, 'EntityTooLarge');
    expect(problem.detail).toMatch(/body\.objects\.1/);
    expect(await sourceAnchors()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('PUT /api/source-objects: unknown fields, shapes and the 1,000-object limit', () => {
  test.each([
    'PartitionKey',
    'RowKey',
    'Timestamp',
    'tenantId',
    'etag',
    'odata.etag',
    'connectorState',
    'objectId',
    'sequence',
    'deletedAt',
    'updatedAt',
    'dirSyncEnabled',
    '__proto__',
    'constructor',
  ])('an object carrying %s is refused, naming it, and nothing is written', async (key) => {
    const { putSources, sourceAnchors } = await client();
    const res = await putSources([user('good-1'), { ...user('bad-2'), [key]: 'x' }]);
    const problem = expectValidation(res);
    expect(
      problem.errors?.some(
        (e) =>
          e.field === `body.objects.1.${key}` || (e.field === 'body.objects.1' && e.message.includes(key)),
      ),
    ).toBe(true);
    expect(await sourceAnchors()).toEqual([]);
  });

  test('an unknown field beside objects is refused', async () => {
    const { api, sourceAnchors } = await client();
    const res = await api('PUT', 'source-objects', { objects: [user('u-1')], tenantId: newTenantId() });
    const problem = expectValidation(res);
    expect(JSON.stringify(problem.errors)).toMatch(/tenantId/);
    expect(await sourceAnchors()).toEqual([]);
  });

  test('a body that is not JSON is 415, and a body without objects is 400', async () => {
    const { token, api } = await client();
    const url = `${service.url}/api/source-objects`;
    const plain = await call(url, 'PUT', {
      token,
      rawBody: JSON.stringify({ objects: [user('u-1')] }),
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(plain, 415, 'UnsupportedMediaType');
    const form = await call(url, 'PUT', {
      token,
      rawBody: 'objects=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(form, 415, 'UnsupportedMediaType');
    expectValidation(await api('PUT', 'source-objects', [user('u-1')]));
    expectValidation(await api('PUT', 'source-objects', {}), 'body.objects');
    expectValidation(await api('PUT', 'source-objects', { objects: [42] }), 'body.objects.0');
  });

  test('1,000 objects are accepted in one request; 1,001 are refused and none written', async () => {
    const { putSources, api, sourceAnchors } = await client();
    const thousand = Array.from({ length: 1000 }, (_, i) => group(`g-${String(i).padStart(4, '0')}`));
    const ok = await putSources(thousand);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ created: 1000, updated: 0 });
    const first = (await api('GET', 'source-objects?top=999')).json as ListPage<SourceView>;
    expect(first.value).toHaveLength(999);
    expect(first.continuationToken).not.toBeNull();
    const rest = (
      await api(
        'GET',
        `source-objects?top=999&continuationToken=${encodeURIComponent(first.continuationToken ?? '')}`,
      )
    ).json as ListPage<SourceView>;
    expect(rest.value).toHaveLength(1);
    expect(rest.continuationToken).toBeNull();

    const other = await client();
    const tooMany = Array.from({ length: 1001 }, (_, i) => group(`h-${String(i).padStart(4, '0')}`));
    expectValidation(await other.putSources(tooMany), 'body.objects');
    expect(await other.sourceAnchors()).toEqual([]);
    // And against a tenant that has objects: the existing ones are untouched, none of the 1,001 appear.
    expectValidation(await putSources(tooMany), 'body.objects');
    expect((await sourceAnchors()).some((a) => a.startsWith('h-'))).toBe(false);
  });

  test('an empty objects array is refused', async () => {
    const { putSources } = await client();
    expectValidation(await putSources([]), 'body.objects');
  });
});

// ---------------------------------------------------------------------------------------------
describe('PUT /api/source-objects: object rules (SPEC decision 21)', () => {
  test('one bad object among good ones writes nothing, and the existing objects keep their values', async () => {
    const { putSources, getSource, sourceAnchors } = await client();
    expect((await putSources([user('keep-1', { displayName: 'Before' })])).status).toBe(200);
    const res = await putSources([
      user('keep-1', { displayName: 'After' }),
      user('new-2'),
      user('new-3', { userPrincipalName: null }),
      user('new-4'),
    ]);
    expectValidation(res, 'body.objects.2.userPrincipalName');
    expect(await sourceAnchors()).toEqual(['keep-1']);
    expect(((await getSource('keep-1')).json as SourceView).displayName).toBe('Before');
  });

  test('a User needs a userPrincipalName (missing or null)', async () => {
    const { putSources, sourceAnchors } = await client();
    const noUpn = without(user('u-1'), 'userPrincipalName');
    expectValidation(await putSources([noUpn]), 'body.objects.0.userPrincipalName');
    expectValidation(
      await putSources([user('u-2', { userPrincipalName: null })]),
      'body.objects.0.userPrincipalName',
    );
    expect(await sourceAnchors()).toEqual([]);
    // A UPN Entra would refuse is what AD may hold: stored, and the engine's verdict (issue 12, rule 9).
    expect((await putSources([user('u-3', { userPrincipalName: 'not-an-upn' })])).status).toBe(200);
  });

  test('Groups and Contacts have no userPrincipalName', async () => {
    const { putSources, sourceAnchors } = await client();
    expectValidation(
      await putSources([group('g-1', { userPrincipalName: 'g1@contoso.com' })]),
      'body.objects.0.userPrincipalName',
    );
    expectValidation(
      await putSources([
        group('g-2'),
        { sourceAnchor: 'c-1', objectType: 'Contact', userPrincipalName: 'c1@contoso.com' },
      ]),
      'body.objects.1.userPrincipalName',
    );
    expect(await sourceAnchors()).toEqual([]);
    const ok = await putSources([
      group('g-3', { userPrincipalName: null }),
      { sourceAnchor: 'c-2', objectType: 'Contact', proxyAddresses: ['SMTP:c2@fabrikam.com'] },
    ]);
    expect(ok.status).toBe(200);
  });

  test('at most one primary SMTP: address; secondaries (smtp:) are not limited to one', async () => {
    const { putSources, sourceAnchors } = await client();
    const two = user('u-1', {
      proxyAddresses: ['SMTP:a@contoso.com', 'smtp:b@contoso.com', 'SMTP:c@contoso.com'],
    });
    expectValidation(await putSources([two]), 'body.objects.0.proxyAddresses');
    expect(await sourceAnchors()).toEqual([]);
    const fine = user('u-2', {
      proxyAddresses: ['SMTP:a@contoso.com', 'smtp:b@contoso.com', 'smtp:c@contoso.com', 'SIP:a@contoso.com'],
    });
    expect((await putSources([fine])).status).toBe(200);
  });

  test('sourceAnchor and objectGuid together: 400; neither: 400', async () => {
    const { putSources, sourceAnchors } = await client();
    expectValidation(await putSources([user('u-1', { objectGuid: SPEC_GUID })]), 'body.objects.0.objectGuid');
    const anchorless = without(user('u-2'), 'sourceAnchor');
    expectValidation(await putSources([anchorless]), 'body.objects.0.sourceAnchor');
    expectValidation(
      await putSources([{ ...anchorless, objectGuid: 'not-a-guid' }]),
      'body.objects.0.objectGuid',
    );
    expect(await sourceAnchors()).toEqual([]);
  });

  test('duplicate anchors within one request are refused, also when one comes from an objectGuid', async () => {
    const { putSources, sourceAnchors } = await client();
    const same = await putSources([user('dup'), user('other'), group('dup')]);
    const problem = expectProblem(same, 400, 'DuplicateSourceAnchor');
    expect(problem.detail).toMatch(/body\.objects\.2.*body\.objects\.0/);
    expect(await sourceAnchors()).toEqual([]);

    const byGuid = without(user('x', { objectGuid: SPEC_GUID }), 'sourceAnchor');
    const derived = await putSources([byGuid, group(SPEC_ANCHOR)]);
    expectProblem(derived, 400, 'DuplicateSourceAnchor');
    const upperCase = await putSources([byGuid, { ...byGuid, objectGuid: SPEC_GUID.toUpperCase() }]);
    expectProblem(upperCase, 400, 'DuplicateSourceAnchor');
    expect(await sourceAnchors()).toEqual([]);
  });

  test('anchors that differ only in case are different objects', async () => {
    const { putSources, sourceAnchors } = await client();
    const res = await putSources([group('AbC+/9=='), group('abc+/9==')]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ created: 2 });
    expect((await sourceAnchors()).sort()).toEqual(['AbC+/9==', 'abc+/9=='].sort());
  });

  test('objectGuid alone yields the ImmutableId anchor', async () => {
    const { putSources, getSource } = await client();
    const byGuid = without(user('spec', { objectGuid: SPEC_GUID }), 'sourceAnchor');
    const res = await putSources([byGuid]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ created: 1, sourceAnchors: [SPEC_ANCHOR] });
    const read = await getSource(SPEC_ANCHOR);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      sourceAnchor: SPEC_ANCHOR,
      userPrincipalName: byGuid.userPrincipalName,
    });
    expect(read.json).not.toHaveProperty('objectGuid');
    // The same GUID in upper case is the same object: an update, not a second one.
    const again = await putSources([
      { ...byGuid, objectGuid: SPEC_GUID.toUpperCase(), displayName: 'Renamed' },
    ]);
    expect(again.json).toMatchObject({ created: 0, updated: 1, sourceAnchors: [SPEC_ANCHOR] });
  });

  test.each([
    ['an ImmutableId with `+` and `/`', { objectGuid: PLUS_SLASH_GUID }, PLUS_SLASH_ANCHOR],
    ['an ImmutableId with `//` inside', { objectGuid: DOUBLE_SLASH_GUID }, DOUBLE_SLASH_ANCHOR],
    ['an ImmutableId with a leading `/`', { objectGuid: LEADING_SLASH_GUID }, LEADING_SLASH_ANCHOR],
    ['an anchor with a trailing `/`', { sourceAnchor: '+/+/' }, '+/+/'],
  ])('%s is read and deleted, raw and percent-encoded', async (_name, key, anchor) => {
    const { putSources, api } = await client();
    const res = await putSources([{ ...key, objectType: 'Group', displayName: 'G' }]);
    expect(res.json).toMatchObject({ sourceAnchors: [anchor] });
    const outcome: Record<string, [number, string | undefined]> = {};
    for (const method of ['GET', 'DELETE']) {
      for (const [form, path] of [
        ['raw', anchor],
        ['encoded', encodeURIComponent(anchor)],
      ] as const) {
        const r = await api(method, `source-objects/${path}`);
        outcome[`${method} ${form}`] = [r.status, (r.json as SourceView | null)?.sourceAnchor];
      }
    }
    expect(outcome).toEqual({
      'GET raw': [200, anchor],
      'GET encoded': [200, anchor],
      'DELETE raw': [200, anchor],
      'DELETE encoded': [200, anchor],
    });
  });

  test.each(['..', '.', 'x/../victim', './a', 'a/.', 'a/..', '../a'])(
    'an anchor holding a dot segment (%j) is refused: no URL could address it, every HTTP stack resolves it away',
    async (anchor) => {
      const { putSources, sourceAnchors } = await client();
      expectValidation(await putSources([group(anchor)]), 'body.objects.0.sourceAnchor');
      expect(await sourceAnchors()).toEqual([]);
    },
  );

  test.each(['...', '.a', 'a.', 'a/.b/c..', '..x'])(
    'an anchor with dots that are not whole segments (%j) is read and deleted, raw and percent-encoded',
    async (anchor) => {
      const { putSources, api } = await client();
      expect((await putSources([group(anchor)])).status).toBe(200);
      for (const method of ['GET', 'DELETE']) {
        for (const path of [anchor, encodeURIComponent(anchor)]) {
          const r = await api(method, `source-objects/${path}`);
          expect([method, r.status, (r.json as SourceView | null)?.sourceAnchor]).toEqual([
            method,
            200,
            anchor,
          ]);
        }
      }
    },
  );

  test('a route with an anchor that has a leading `/` never touches the object whose anchor lacks it', async () => {
    const { putSources, api, getSource } = await client();
    const collapsed = LEADING_SLASH_ANCHOR.replace(/^\/+/, '');
    expect(
      (await putSources([group(collapsed), { objectGuid: LEADING_SLASH_GUID, objectType: 'Group' }])).status,
    ).toBe(200);
    const del = await api('DELETE', `source-objects/${encodeURIComponent(LEADING_SLASH_ANCHOR)}`);
    expect(del.json).toMatchObject({ sourceAnchor: LEADING_SLASH_ANCHOR });
    expect(((await getSource(collapsed)).json as SourceView).deleted).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
describe('source objects: replace, re-upsert, delete', () => {
  test('PUT replaces the whole object: a field omitted in the second PUT is gone, here and in the cloud', async () => {
    const { putSources, getSource, cycle, getCloud } = await client();
    const full = user('rep-1', {
      distinguishedName: 'CN=Rep,OU=Users,DC=contoso,DC=com',
      mailNickname: 'rep',
      displayName: 'Full Name',
      proxyAddresses: ['SMTP:rep@contoso.com', 'smtp:rep.alias@contoso.com'],
      sipProxyAddress: 'SIP:rep@contoso.com',
      onPremisesSecurityIdentifier: 'S-1-5-21-1-2-3-1001',
      inScope: true,
    });
    expect((await putSources([full])).status).toBe(200);
    await cycle();
    const linked = (await getSource('rep-1')).json as SourceView;
    expect(linked.connectorState).toBe('Exported');
    expect(((await getCloud(linked.objectId ?? '')).json as CloudView).displayName).toBe('Full Name');

    const minimal = { sourceAnchor: 'rep-1', objectType: 'User', userPrincipalName: full.userPrincipalName };
    const second = await putSources([minimal]);
    expect(second.json).toMatchObject({ created: 0, updated: 1 });
    expect((await getSource('rep-1')).json).toMatchObject({
      sourceAnchor: 'rep-1',
      userPrincipalName: full.userPrincipalName,
      distinguishedName: null,
      mailNickname: null,
      displayName: null,
      proxyAddresses: [],
      sipProxyAddress: null,
      onPremisesSecurityIdentifier: null,
      inScope: true,
    });
    await cycle();
    expect((await getCloud(linked.objectId ?? '')).json).toMatchObject({
      objectId: linked.objectId,
      displayName: null,
      proxyAddresses: [],
    });
  });

  test('inScope defaults to true and a second PUT without it brings the object back in scope', async () => {
    const { putSources, getSource } = await client();
    await putSources([group('scope-1', { inScope: false })]);
    expect(((await getSource('scope-1')).json as SourceView).inScope).toBe(false);
    await putSources([group('scope-1')]);
    expect(((await getSource('scope-1')).json as SourceView).inScope).toBe(true);
  });

  test('re-upserting keeps the connector-space state and the linked objectId after a cycle', async () => {
    const { putSources, getSource, cycle, getCloud } = await client();
    await putSources([user('re-1', { displayName: 'First' })]);
    expect(((await getSource('re-1')).json as SourceView).connectorState).toBe('PendingAdd');
    expect(await cycle()).toMatchObject({ provisioned: 1 });
    const linked = (await getSource('re-1')).json as SourceView;
    expect(linked).toMatchObject({ connectorState: 'Exported' });
    expect(linked.objectId).toMatch(/^[0-9a-f-]{36}$/);

    const again = await putSources([user('re-1', { displayName: 'Second' })]);
    expect(again.json).toMatchObject({ created: 0, updated: 1 });
    expect((await getSource('re-1')).json).toMatchObject({
      connectorState: 'Exported',
      objectId: linked.objectId,
      displayName: 'Second',
    });
    expect(await cycle()).toMatchObject({ provisioned: 0, updated: 1 });
    expect((await getCloud(linked.objectId ?? '')).json).toMatchObject({ displayName: 'Second' });
  });

  test('DELETE marks the source object; the next cycle soft-deletes its cloud object', async () => {
    const { putSources, getSource, cycle, api, getCloud, cloudIds } = await client();
    await putSources([user('del/1+x=='), user('stay-2')]);
    await cycle();
    const linked = (await getSource('del/1+x==')).json as SourceView;
    const del = await api('DELETE', `source-objects/${encodeURIComponent('del/1+x==')}`);
    expect(del.status).toBe(200);
    expect(del.json).toMatchObject({ sourceAnchor: 'del/1+x==', deleted: true });
    expect((del.json as SourceView).deletedAt).not.toBeNull();
    // A signal, not an erasure: still readable until the cycle.
    expect(((await getSource('del/1+x==')).json as SourceView).deleted).toBe(true);
    expect(((await getCloud(linked.objectId ?? '')).json as CloudView).deletedDateTime).toBeNull();

    expect(await cycle()).toMatchObject({ softDeleted: 1 });
    const cloud = (await getCloud(linked.objectId ?? '')).json as CloudView;
    expect(cloud.deletedDateTime).not.toBeNull();
    expect(await cloudIds()).not.toContain(linked.objectId);
    expect(await cloudIds('&includeDeleted=true')).toContain(linked.objectId);
    expect(((await getSource('stay-2')).json as SourceView).deleted).toBe(false);
  });

  test('DELETE of an unknown anchor is 404 SourceObjectNotFound', async () => {
    const { api, putSources } = await client();
    expectProblem(await api('DELETE', 'source-objects/no-such-anchor'), 404, 'SourceObjectNotFound');
    expectProblem(await api('GET', 'source-objects/no-such-anchor'), 404, 'SourceObjectNotFound');
    // Another tenant's anchor is unknown too.
    const other = await client();
    await other.putSources([group('theirs')]);
    await putSources([group('mine')]);
    expectProblem(await api('DELETE', 'source-objects/theirs'), 404, 'SourceObjectNotFound');
    expect(((await other.getSource('theirs')).json as SourceView).deleted).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
describe('PUT /api/cloud-objects (import)', () => {
  test('objects keep the objectId they are given (lower-cased) and are readable by it', async () => {
    const { putClouds, getCloud } = await client();
    const id = guid(1).toUpperCase();
    const res = await putClouds([cloudUser(id, { sourceAnchor: 'an/chor+1==' })]);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ created: 1, objectIds: [id.toLowerCase()] });
    const read = await getCloud(id);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      objectId: id.toLowerCase(),
      sourceAnchor: 'an/chor+1==',
      dirSyncEnabled: true,
      deletedDateTime: null,
    });
  });

  test('bounds and rules hold for imports: UPN, anchor, display name, proxy addresses, object type', async () => {
    const { putClouds, cloudIds } = await client();
    const upn114 = `${'a'.repeat(1013)}@contoso.com`; // 1,025 characters: past AD's bound
    expectValidation(
      await putClouds([cloudUser(guid(1)), cloudUser(guid(2), { userPrincipalName: upn114 })]),
      'body.objects.1.userPrincipalName',
    );
    expectValidation(
      await putClouds([cloudUser(guid(1), { sourceAnchor: 'A'.repeat(60) })]),
      'body.objects.0.sourceAnchor',
    );
    expectValidation(
      await putClouds([cloudUser(guid(1), { displayName: 'D'.repeat(257) })]),
      'body.objects.0.displayName',
    );
    expectValidation(
      await putClouds([cloudUser(guid(1), { proxyAddresses: ['SMTP:a@contoso.com', 'SMTP:b@contoso.com'] })]),
      'body.objects.0.proxyAddresses',
    );
    expectValidation(
      await putClouds([{ objectId: guid(1), objectType: 'User', displayName: 'No UPN' }]),
      'body.objects.0.userPrincipalName',
    );
    expectValidation(
      await putClouds([{ objectId: guid(1), objectType: 'Group', userPrincipalName: 'g@contoso.com' }]),
      'body.objects.0.userPrincipalName',
    );
    expectValidation(
      await putClouds([cloudUser(guid(1), { deletedDateTime: 'yesterday' })]),
      'body.objects.0.deletedDateTime',
    );
    expect(await cloudIds('&includeDeleted=true')).toEqual([]);

    const atLimit = cloudUser(guid(3), {
      userPrincipalName: `${'a'.repeat(101)}@contoso.com`,
      sourceAnchor: 'A'.repeat(59),
      displayName: 'D'.repeat(256),
    });
    expect((await putClouds([atLimit])).status).toBe(200);
    expect(await cloudIds()).toEqual([guid(3)]);
  });

  test('an objectId that is not a GUID is 400 naming it', async () => {
    const { putClouds, cloudIds } = await client();
    expectValidation(
      await putClouds([cloudUser(guid(1)), cloudUser('not-a-guid')]),
      'body.objects.1.objectId',
    );
    expectValidation(
      await putClouds([{ ...cloudUser(guid(2)), objectId: `${guid(2)}x` }]),
      'body.objects.0.objectId',
    );
    expect(await cloudIds('&includeDeleted=true')).toEqual([]);
  });

  test.each([
    'PartitionKey',
    'RowKey',
    'tenantId',
    'etag',
    'connectorState',
    'sequence',
    'createdDateTime',
    'upnLower',
  ])('an import carrying %s is refused and nothing is written', async (key) => {
    const { putClouds, cloudIds } = await client();
    const problem = expectValidation(
      await putClouds([cloudUser(guid(1)), { ...cloudUser(guid(2)), [key]: 'x' }]),
    );
    expect(
      problem.errors?.some(
        (e) =>
          e.field === `body.objects.1.${key}` || (e.field === 'body.objects.1' && e.message.includes(key)),
      ),
    ).toBe(true);
    expect(await cloudIds('&includeDeleted=true')).toEqual([]);
  });

  test('duplicate objectIds in one request (in any case) are 400, and nothing is written', async () => {
    const { putClouds, cloudIds } = await client();
    const dup = await putClouds([cloudUser(guid(1)), cloudUser(guid(2)), cloudUser(guid(1).toUpperCase())]);
    const problem = expectProblem(dup, 400, 'DuplicateObjectId');
    expect(problem.detail).toMatch(/body\.objects\.2.*body\.objects\.0/);
    const anchors = await putClouds([
      cloudUser(guid(3), { sourceAnchor: 'same' }),
      cloudUser(guid(4), { sourceAnchor: 'same' }),
    ]);
    expectProblem(anchors, 400, 'DuplicateSourceAnchor');
    expect(await cloudIds('&includeDeleted=true')).toEqual([]);
  });

  test('an import whose sourceAnchor another cloud object holds is 409 SourceAnchorInUse, and nothing is written', async () => {
    const { putClouds, cloudIds, getCloud } = await client();
    expect((await putClouds([cloudUser(guid(1), { sourceAnchor: 'held/by+one==' })])).status).toBe(200);
    const res = await putClouds([
      cloudUser(guid(2)),
      cloudUser(guid(3), { sourceAnchor: 'held/by+one==' }),
      cloudUser(guid(4)),
    ]);
    const problem = expectProblem(res, 409, 'SourceAnchorInUse');
    expect(problem.detail).toMatch(/body\.objects\.1/);
    expect(problem.objectId).toBe(guid(1));
    expect(await cloudIds('&includeDeleted=true')).toEqual([guid(1)]);
    expectProblem(await getCloud(guid(2)), 404, 'CloudObjectNotFound');
    // Re-importing the holder itself with its own anchor is no conflict.
    const same = await putClouds([
      cloudUser(guid(1), { sourceAnchor: 'held/by+one==', displayName: 'Again' }),
    ]);
    expect(same.status).toBe(200);
    expect(same.json).toMatchObject({ created: 0, updated: 1 });
  });

  test('an anchor held by a soft-deleted object, or by an object a cycle provisioned, is in use too', async () => {
    const { putClouds, putSources, cycle, api, getSource, cloudIds } = await client();
    await putClouds([cloudUser(guid(1), { sourceAnchor: 'deleted-holder' })]);
    expect((await api('DELETE', `cloud-objects/${guid(1)}`)).status).toBe(200);
    expectProblem(
      await putClouds([cloudUser(guid(2), { sourceAnchor: 'deleted-holder' })]),
      409,
      'SourceAnchorInUse',
    );
    await putSources([user('synced-1')]);
    await cycle();
    const provisioned = ((await getSource('synced-1')).json as SourceView).objectId;
    const res = await putClouds([cloudUser(guid(3), { sourceAnchor: 'synced-1' })]);
    expect(expectProblem(res, 409, 'SourceAnchorInUse').objectId).toBe(provisioned);
    expect((await cloudIds('&includeDeleted=true')).sort()).toEqual([guid(1), provisioned].sort());
  });

  test('1,000 objects are accepted in one import; 1,001 are refused and none written', async () => {
    const { putClouds, cloudIds } = await client();
    const thousand = Array.from({ length: 1000 }, (_, i) => ({
      objectId: guid(i + 1),
      objectType: 'Group',
      displayName: `G${i}`,
    }));
    const ok = await putClouds(thousand);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ created: 1000 });
    expect(await cloudIds()).toHaveLength(999);

    const other = await client();
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({
      objectId: guid(i + 1),
      objectType: 'Group',
    }));
    expectValidation(await other.putClouds(tooMany), 'body.objects');
    expect(await other.cloudIds('&includeDeleted=true')).toEqual([]);
  });

  test('a body that is not JSON is 415', async () => {
    const { token } = await client();
    const res = await call(`${service.url}/api/cloud-objects`, 'PUT', {
      token,
      rawBody: JSON.stringify({ objects: [cloudUser(guid(1))] }),
      headers: { 'content-type': 'text/plain' },
    });
    expectProblem(res, 415, 'UnsupportedMediaType');
  });
});

// ---------------------------------------------------------------------------------------------
describe('cloud objects: read, soft delete, hard delete', () => {
  test.each(['not-a-guid', '12345', `${guid(1)}0`, "x'%20or%20'1'%20eq%20'1"])(
    'GET and DELETE with the non-GUID id %s are 404',
    async (id) => {
      const { api, putClouds } = await client();
      await putClouds([cloudUser(guid(1))]);
      expectProblem(await api('GET', `cloud-objects/${id}`), 404, 'CloudObjectNotFound');
      expectProblem(await api('DELETE', `cloud-objects/${id}`), 404, 'CloudObjectNotFound');
      expectProblem(await api('DELETE', `deleted-objects/${id}`), 404, 'CloudObjectNotFound');
    },
  );

  test('an unknown GUID, or another tenant’s object, is 404', async () => {
    const { api } = await client();
    const other = await client();
    await other.putClouds([cloudUser(guid(7))]);
    expectProblem(await api('GET', `cloud-objects/${guid(7)}`), 404, 'CloudObjectNotFound');
    expectProblem(await api('DELETE', `cloud-objects/${guid(7)}`), 404, 'CloudObjectNotFound');
    expectProblem(await api('DELETE', `deleted-objects/${guid(7)}`), 404, 'CloudObjectNotFound');
    expect(((await other.getCloud(guid(7))).json as CloudView).deletedDateTime).toBeNull();
  });

  test('soft delete, then hard delete through /api/deleted-objects (204); an active object is 409 ObjectNotDeleted', async () => {
    const { api, putClouds, getCloud, cloudIds } = await client();
    await putClouds([cloudUser(guid(1)), cloudUser(guid(2))]);

    expectProblem(await api('DELETE', `deleted-objects/${guid(1)}`), 409, 'ObjectNotDeleted');
    expect((await getCloud(guid(1))).status).toBe(200);

    const soft = await api('DELETE', `cloud-objects/${guid(1)}`);
    expect(soft.status).toBe(200);
    expect((soft.json as CloudView).deletedDateTime).not.toBeNull();
    expectProblem(await api('DELETE', `cloud-objects/${guid(1)}`), 409, 'ObjectAlreadyDeleted');
    expect(((await getCloud(guid(1))).json as CloudView).deletedDateTime).not.toBeNull();
    expect(await cloudIds()).toEqual([guid(2)]);
    expect(await cloudIds('&includeDeleted=true')).toEqual([guid(1), guid(2)]);

    const hard = await api('DELETE', `deleted-objects/${guid(1).toUpperCase()}`);
    expect(hard.status).toBe(204);
    expect(hard.text).toBe('');
    expectProblem(await getCloud(guid(1)), 404, 'CloudObjectNotFound');
    expectProblem(await api('DELETE', `deleted-objects/${guid(1)}`), 404, 'CloudObjectNotFound');
    expect(await cloudIds('&includeDeleted=true')).toEqual([guid(2)]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('GET /api/cloud-objects filters', () => {
  test('userPrincipalName matches case-insensitively; includeDeleted adds soft-deleted objects', async () => {
    const { api, putClouds, cloudIds } = await client();
    await putClouds([
      cloudUser(guid(1), { userPrincipalName: 'Mixed.Case@Contoso.com' }),
      cloudUser(guid(2), { userPrincipalName: 'other@contoso.com' }),
      cloudUser(guid(3), { userPrincipalName: 'gone@contoso.com', deletedDateTime: '2030-01-01T00:00:00Z' }),
    ]);
    const q = (upn: string) => `&userPrincipalName=${encodeURIComponent(upn)}`;
    expect(await cloudIds(q('mixed.case@contoso.com'))).toEqual([guid(1)]);
    expect(await cloudIds(q('MIXED.CASE@CONTOSO.COM'))).toEqual([guid(1)]);
    expect(await cloudIds(q('mixed.case'))).toEqual([]);
    expect(await cloudIds(q('GONE@contoso.com'))).toEqual([]);
    expect(await cloudIds(`${q('GONE@contoso.com')}&includeDeleted=true`)).toEqual([guid(3)]);
    expect(await cloudIds()).toEqual([guid(1), guid(2)]);
    expect(await cloudIds('&includeDeleted=false')).toEqual([guid(1), guid(2)]);
    expect(await cloudIds('&includeDeleted=true')).toEqual([guid(1), guid(2), guid(3)]);
    expectValidation(await api('GET', 'cloud-objects?includeDeleted=yes'), 'query.includeDeleted');
    expectValidation(await api('GET', 'cloud-objects?userPrincipalName='), 'query.userPrincipalName');
    expectValidation(await api('GET', 'cloud-objects?tenantId=x'));
    expectValidation(await api('GET', 'cloud-objects?top=0'), 'query.top');
    expectValidation(await api('GET', 'cloud-objects?top=1000'), 'query.top');
    expectValidation(await api('GET', 'source-objects?top=abc'), 'query.top');
  });

  test('a provisioned user is found by UPN in any case', async () => {
    const { putSources, cycle, cloudIds, getSource } = await client();
    await putSources([user('prov-1', { userPrincipalName: 'Pat.Prov@Contoso.com' })]);
    await cycle();
    const id = ((await getSource('prov-1')).json as SourceView).objectId;
    expect(await cloudIds('&userPrincipalName=pat.prov%40contoso.com')).toEqual([id]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('paging', () => {
  async function walk(api: Api, path: string, field: 'sourceAnchor' | 'objectId'): Promise<string[]> {
    const seen: string[] = [];
    let token: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const sep = path.includes('?') ? '&' : '?';
      const url: string = `${path}${sep}top=1${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
      const res = await api('GET', url);
      expect(res.status).toBe(200);
      const page = res.json as ListPage<Record<string, unknown>>;
      expect(page.value.length).toBeLessThanOrEqual(1);
      seen.push(...page.value.map((item) => String(item[field])));
      token = page.continuationToken;
      if (token === null) return seen;
    }
    throw new Error(`paging over ${path} did not end`);
  }

  test('top=1 over source objects walks every object exactly once', async () => {
    const { api, putSources } = await client();
    const anchors = ['a/1', 'B+2', 'c3==', 'd-4', 'e/5+'];
    await putSources(anchors.map((a) => group(a)));
    await api('DELETE', `source-objects/${encodeURIComponent('c3==')}`);
    const seen = await walk(api, 'source-objects', 'sourceAnchor');
    expect(seen).toHaveLength(anchors.length);
    expect([...seen].sort()).toEqual([...anchors].sort());
  });

  test('top=1 over cloud objects walks every object exactly once, with and without deleted ones', async () => {
    const { api, putClouds } = await client();
    const ids = [1, 2, 3, 4, 5, 6].map(guid);
    await putClouds(ids.map((id) => cloudUser(id)));
    await api('DELETE', `cloud-objects/${guid(2)}`);
    await api('DELETE', `cloud-objects/${guid(6)}`);
    // Each exactly once, in partition order (sorted here to compare).
    const live = await walk(api, 'cloud-objects', 'objectId');
    expect([...live].sort()).toEqual([guid(1), guid(3), guid(4), guid(5)]);
    const all = await walk(api, 'cloud-objects?includeDeleted=true', 'objectId');
    expect([...all].sort()).toEqual(ids);
    const byUpn = await walk(
      api,
      `cloud-objects?userPrincipalName=${encodeURIComponent(`CLOUD-${guid(4).slice(-6)}@contoso.com`)}`,
      'objectId',
    );
    expect(byUpn).toEqual([guid(4)]);
  });

  test('a tampered, foreign or mismatched continuationToken is 400 InvalidContinuationToken', async () => {
    const { api, putSources, putClouds, tenant } = await client();
    await putSources(['s1', 's2', 's3'].map((a) => group(a)));
    await putClouds([1, 2, 3].map((n) => cloudUser(guid(n))));
    const sourcePage = (await api('GET', 'source-objects?top=1')).json as ListPage<SourceView>;
    const cloudPage = (await api('GET', 'cloud-objects?top=1')).json as ListPage<CloudView>;
    const sourceToken = sourcePage.continuationToken ?? '';
    const cloudToken = cloudPage.continuationToken ?? '';
    expect(sourceToken).not.toBe('');
    expect(cloudToken).not.toBe('');
    const [body = '', tag = ''] = sourceToken.split('.');

    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
    const forged = Buffer.from(
      JSON.stringify({ ...(JSON.parse(Buffer.from(body, 'base64url').toString()) as object), k: 'src_' }),
    ).toString('base64url');
    const tampered = [
      `${flip(body, 3)}.${tag}`,
      `${body}.${flip(tag, 5)}`,
      `${forged}.${tag}`,
      body,
      `${sourceToken}.extra`,
      'garbage',
    ];
    for (const bad of tampered) {
      const res = await api('GET', `source-objects?top=1&continuationToken=${encodeURIComponent(bad)}`);
      expect({ bad, ...expectProblemShape(res) }).toEqual({
        bad,
        status: 400,
        code: 'InvalidContinuationToken',
      });
    }
    // A source list's token on the cloud list, and a cloud token with other filters.
    const crossed = await api(
      'GET',
      `cloud-objects?top=1&continuationToken=${encodeURIComponent(sourceToken)}`,
    );
    expectProblem(crossed, 400, 'InvalidContinuationToken');
    const refiltered = await api(
      'GET',
      `cloud-objects?top=1&includeDeleted=true&continuationToken=${encodeURIComponent(cloudToken)}`,
    );
    expectProblem(refiltered, 400, 'InvalidContinuationToken');
    // Another tenant replaying this tenant's token.
    const other = await client();
    expect(other.tenant).not.toBe(tenant);
    expectProblem(
      await other.api('GET', `source-objects?top=1&continuationToken=${encodeURIComponent(sourceToken)}`),
      400,
      'InvalidContinuationToken',
    );
    // The genuine token still works.
    expect(
      (await api('GET', `source-objects?top=1&continuationToken=${encodeURIComponent(sourceToken)}`)).status,
    ).toBe(200);
  });
});

function expectProblemShape(res: CallResult): { status: number; code: string | undefined } {
  return { status: res.status, code: (res.json as Problem | null)?.code };
}

// ---------------------------------------------------------------------------------------------
describe('directory roles of cloud objects (directoryRoleTemplateIds)', () => {
  const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
  const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
  const rolesOf = async (getCloud: (id: string) => Promise<CallResult>, id: string) => {
    const res = await getCloud(id);
    expect(res.status).toBe(200);
    return (res.json as CloudView).directoryRoleTemplateIds;
  };

  test('an import keeps them, lower-cased and in order; GET one and the list show them; none is []', async () => {
    const { api, putClouds, getCloud } = await client();
    const res = await putClouds([
      cloudUser(guid(1), { directoryRoleTemplateIds: [USER_ADMIN.toUpperCase(), GLOBAL_ADMIN] }),
      cloudUser(guid(2)),
      { objectId: guid(3), objectType: 'Group', displayName: 'No roles', directoryRoleTemplateIds: [] },
    ]);
    expect(res.status).toBe(200);
    expect(await rolesOf(getCloud, guid(1))).toEqual([USER_ADMIN, GLOBAL_ADMIN]);
    expect(await rolesOf(getCloud, guid(2))).toEqual([]);
    expect(await rolesOf(getCloud, guid(3))).toEqual([]);
    const list = (await api('GET', 'cloud-objects?top=999')).json as ListPage<CloudView>;
    const byId = [...list.value].sort((a, b) => a.objectId.localeCompare(b.objectId));
    expect(byId.map((c) => [c.objectId, c.directoryRoleTemplateIds])).toEqual([
      [guid(1), [USER_ADMIN, GLOBAL_ADMIN]],
      [guid(2), []],
      [guid(3), []],
    ]);
    // PUT replaces the whole object: a re-import without roles leaves none.
    expect((await putClouds([cloudUser(guid(1))])).status).toBe(200);
    expect(await rolesOf(getCloud, guid(1))).toEqual([]);
  });

  test('only a User holds roles: a Group or Contact with one is 400 naming the field, and nothing is written', async () => {
    const { putClouds, cloudIds } = await client();
    for (const objectType of ['Group', 'Contact']) {
      expectValidation(
        await putClouds([
          cloudUser(guid(1), { directoryRoleTemplateIds: [GLOBAL_ADMIN] }),
          { objectId: guid(2), objectType, displayName: 'X', directoryRoleTemplateIds: [GLOBAL_ADMIN] },
        ]),
        'body.objects.1.directoryRoleTemplateIds',
      );
    }
    expect(await cloudIds('&includeDeleted=true')).toEqual([]);
  });

  test('role ids must be GUIDs, each given once, at most 100', async () => {
    const { putClouds, cloudIds, getCloud } = await client();
    expectValidation(
      await putClouds([
        cloudUser(guid(1), { directoryRoleTemplateIds: [GLOBAL_ADMIN, 'Global Administrator'] }),
      ]),
      'body.objects.0.directoryRoleTemplateIds.1',
    );
    expectValidation(
      await putClouds([
        cloudUser(guid(1), { directoryRoleTemplateIds: [GLOBAL_ADMIN, GLOBAL_ADMIN.toUpperCase()] }),
      ]),
      'body.objects.0.directoryRoleTemplateIds.1',
    );
    expectValidation(
      await putClouds([cloudUser(guid(1), { directoryRoleTemplateIds: GLOBAL_ADMIN })]),
      'body.objects.0.directoryRoleTemplateIds',
    );
    const hundred = Array.from({ length: 101 }, (_, i) => guid(1000 + i));
    expectValidation(
      await putClouds([cloudUser(guid(1), { directoryRoleTemplateIds: hundred })]),
      'body.objects.0.directoryRoleTemplateIds',
    );
    expect(await cloudIds('&includeDeleted=true')).toEqual([]);
    expect(
      (await putClouds([cloudUser(guid(1), { directoryRoleTemplateIds: hundred.slice(0, 100) })])).status,
    ).toBe(200);
    expect(await rolesOf(getCloud, guid(1))).toEqual(hundred.slice(0, 100));
  });

  test('a cycle keeps the roles of the object it rewrites from its source; a provisioned object has none', async () => {
    const { putClouds, putSources, getCloud, getSource, cycle } = await client();
    await putClouds([
      cloudUser(guid(1), {
        sourceAnchor: 'admin-1',
        displayName: 'Old name',
        directoryRoleTemplateIds: [GLOBAL_ADMIN],
      }),
    ]);
    await putSources([user('admin-1', { displayName: 'New name' }), user('plain-1')]);
    expect(await cycle()).toMatchObject({ provisioned: 1, updated: 1 });
    expect((await getCloud(guid(1))).json).toMatchObject({
      displayName: 'New name',
      directoryRoleTemplateIds: [GLOBAL_ADMIN],
    });
    const provisioned = ((await getSource('plain-1')).json as SourceView).objectId ?? '';
    expect(await rolesOf(getCloud, provisioned)).toEqual([]);

    // Deleted on-premises: the user is soft-deleted, roles and all; back in scope, it is restored with them.
    await putSources([user('admin-1', { displayName: 'New name', inScope: false })]);
    expect(await cycle()).toMatchObject({ softDeleted: 1 });
    expect((await getCloud(guid(1))).json).toMatchObject({ directoryRoleTemplateIds: [GLOBAL_ADMIN] });
    await putSources([user('admin-1', { displayName: 'New name' })]);
    await cycle();
    expect((await getCloud(guid(1))).json).toMatchObject({
      deletedDateTime: null,
      directoryRoleTemplateIds: [GLOBAL_ADMIN],
    });
  });

  test('a row stored before roles were kept reads as []; a cycle and a re-import work on it', async () => {
    const { tenant, putClouds, putSources, getCloud, cycle } = await client();
    await putClouds([cloudUser(guid(1), { sourceAnchor: 'old-row' })]);
    // What a row written by the previous version looks like: no directoryRoleTemplateIds at all.
    const table = dataTable();
    // Where the store keeps it: the cloud object's directory partition.
    const partition = partitionOf.cloud(await storeOf(table, tenant).layout(), guid(1));
    const stored: Record<string, unknown> = await table.getEntity(partition, cloudRowKey(guid(1)));
    expect(stored.directoryRoleTemplateIds).toBe('[]');
    const old = Object.fromEntries(
      Object.entries(stored).filter(
        ([key]) => !['etag', 'timestamp', 'directoryRoleTemplateIds'].includes(key),
      ),
    );
    await table.updateEntity({ ...old, partitionKey: partition, rowKey: cloudRowKey(guid(1)) }, 'Replace');
    const rewritten: Record<string, unknown> = await table.getEntity(partition, cloudRowKey(guid(1)));
    expect(rewritten.directoryRoleTemplateIds).toBeUndefined();

    expect(await rolesOf(getCloud, guid(1))).toEqual([]);
    await putSources([user('old-row', { displayName: 'Renamed' })]);
    expect(await cycle()).toMatchObject({ updated: 1 });
    expect((await getCloud(guid(1))).json).toMatchObject({
      displayName: 'Renamed',
      directoryRoleTemplateIds: [],
    });
    await putClouds([
      cloudUser(guid(1), { sourceAnchor: 'old-row', directoryRoleTemplateIds: [USER_ADMIN] }),
    ]);
    expect(await rolesOf(getCloud, guid(1))).toEqual([USER_ADMIN]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('who may call the directory routes', () => {
  test('SyncAgent may PUT, GET and DELETE source objects', async () => {
    const agent = await client('SyncAgent');
    expect((await agent.putSources([group('agent/1+')])).status).toBe(200);
    expect((await agent.getSource('agent/1+')).status).toBe(200);
    expect((await agent.api('GET', 'source-objects')).status).toBe(200);
    expect((await agent.api('DELETE', `source-objects/${encodeURIComponent('agent/1+')}`)).status).toBe(200);
  });

  test('SyncAgent gets 403 on cloud objects, deleted objects, settings and sync cycles', async () => {
    const tenant = newTenantId();
    const admin = await client('GlobalAdministrator', tenant);
    await admin.putClouds([cloudUser(guid(1))]);
    const agent = await client('SyncAgent', tenant);
    const refused: [string, string, unknown?][] = [
      ['GET', 'cloud-objects'],
      ['GET', `cloud-objects/${guid(1)}`],
      ['PUT', 'cloud-objects', { objects: [cloudUser(guid(2))] }],
      ['DELETE', `cloud-objects/${guid(1)}`],
      ['DELETE', `deleted-objects/${guid(1)}`],
      ['GET', 'settings'],
      ['PATCH', 'settings', { deletionThreshold: null }],
      ['GET', 'sync-cycles'],
      ['POST', 'sync-cycles'],
    ];
    for (const [method, path, body] of refused) {
      const res = await agent.api(method, path, body);
      expect({ method, path, ...expectProblemShape(res) }).toEqual({
        method,
        path,
        status: 403,
        code: 'InsufficientRole',
      });
    }
    expect(await admin.cloudIds('&includeDeleted=true')).toEqual([guid(1)]);
    expect(((await admin.getCloud(guid(1))).json as CloudView).deletedDateTime).toBeNull();
    expect((await admin.api('GET', 'settings')).json).toMatchObject({ deletionThreshold: 500 });
  });

  test('Contributor may use every directory route; a caller without a role may use none', async () => {
    const tenant = newTenantId();
    const contributor = await client('Contributor', tenant);
    expect((await contributor.putClouds([cloudUser(guid(1))])).status).toBe(200);
    expect((await contributor.putSources([group('c-1')])).status).toBe(200);
    expect((await contributor.api('PATCH', 'settings', { blockSoftMatchEnabled: true })).status).toBe(200);
    const nobody = await client('None', tenant);
    expectProblem(await nobody.api('GET', 'source-objects'), 403, 'InsufficientRole');
    expectProblem(await nobody.putSources([group('n-1')]), 403, 'InsufficientRole');
    expect(await contributor.sourceAnchors()).toEqual(['c-1']);
  });
});

// ---------------------------------------------------------------------------------------------
describe('PATCH /api/settings validation', () => {
  test('deletionThreshold: 0 is 400, null disables it, 1 is accepted', async () => {
    const { api } = await client();
    expectValidation(await api('PATCH', 'settings', { deletionThreshold: 0 }), 'body.deletionThreshold');
    expectValidation(await api('PATCH', 'settings', { deletionThreshold: 1.5 }), 'body.deletionThreshold');
    expectValidation(await api('PATCH', 'settings', { deletionThreshold: '10' }), 'body.deletionThreshold');
    expect((await api('GET', 'settings')).json).toMatchObject({ deletionThreshold: 500 });
    const off = await api('PATCH', 'settings', { deletionThreshold: null });
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ deletionThreshold: null });
    expect((await api('GET', 'settings')).json).toMatchObject({ deletionThreshold: null });
    expect((await api('PATCH', 'settings', { deletionThreshold: 1 })).json).toMatchObject({
      deletionThreshold: 1,
    });
  });

  test('an unknown field is 400 and nothing of the patch is applied', async () => {
    const { api } = await client();
    const before = (await api('GET', 'settings')).json as Record<string, unknown>;
    for (const key of ['tenantId', 'PartitionKey', 'etag', 'deletionthreshold']) {
      const res = await api('PATCH', 'settings', { blockSoftMatchEnabled: true, [key]: 1 });
      const problem = expectValidation(res);
      expect(JSON.stringify(problem.errors)).toContain(key);
    }
    expect((await api('GET', 'settings')).json).toEqual(before);
  });

  test('an empty body {} is 400; a non-object body is 400; a non-JSON body is 415', async () => {
    const { api, token } = await client();
    expectValidation(await api('PATCH', 'settings', {}));
    expectValidation(await api('PATCH', 'settings', null));
    expectValidation(await api('PATCH', 'settings', [{ blockSoftMatchEnabled: true }]));
    const res = await call(`${service.url}/api/settings`, 'PATCH', {
      token,
      rawBody: '{"blockSoftMatchEnabled":false}',
    });
    expectProblem(res, 415, 'UnsupportedMediaType');
  });

  test('other settings are bounded too', async () => {
    const { api } = await client();
    expectValidation(await api('PATCH', 'settings', { syncIntervalMinutes: 4 }), 'body.syncIntervalMinutes');
    expectValidation(
      await api('PATCH', 'settings', { syncIntervalMinutes: 1441 }),
      'body.syncIntervalMinutes',
    );
    expectValidation(await api('PATCH', 'settings', { initialDomain: 'not a domain' }), 'body.initialDomain');
    expectValidation(
      await api('PATCH', 'settings', { blockSoftMatchEnabled: 'true' }),
      'body.blockSoftMatchEnabled',
    );
    const ok = await api('PATCH', 'settings', {
      syncIntervalMinutes: 5,
      initialDomain: 'Contoso.OnMicrosoft.com',
    });
    expect(ok.json).toMatchObject({ syncIntervalMinutes: 5, initialDomain: 'contoso.onmicrosoft.com' });
  });
});
