import fc from 'fast-check';
import { TENANT_PARTITION } from '../../shared/store/tenantLayout';
import { API_OPERATIONS } from '../../shared/contract/apiContract';
import { startTestService, type TestService } from '../support/service';
import { ORPHANED } from '../support/seedScenarios';
import { awaitCycle } from '../support/syncCycles';
import {
  describeRequest,
  fieldName,
  fuzzTenant,
  hostileString,
  JSON_CONTENT_TYPES,
  listAll,
  MALFORMED_JSON,
  NON_JSON_CONTENT_TYPES,
  ok,
  rawEntities,
  answeredByHost,
  readState,
  RequestCounter,
  routeParams,
  fillTemplate,
  sendRaw,
  STORAGE_FIELDS,
  truncate,
  visibleText,
  type FuzzTenant,
  type Listed,
  type RawResult,
  type ServedRoute,
} from '../support/fuzzArbitraries';

/**
 * Hostile input on every write route: wrong types, extra fields (PartitionKey, RowKey, tenantId,
 * diagnoseStatus, etag...), huge arrays, deep nesting, non-JSON, wrong content types, lone
 * surrogates, control characters, no or weak credentials. Every answer must be a 4xx problem with a
 * code that does not reflect the input, and afterwards the tenant's records — read through the API
 * and raw from the table — must be exactly as before: nothing of a refused request is stored.
 */

/** Fixed for reproducibility; FUZZ_SEED=<n> explores another run. */
const SEED = Number(process.env.FUZZ_SEED ?? 97531);
/** FUZZ_KEEP_GOING=1 lists every violation of the run instead of stopping at the first one. */
const KEEP_GOING = process.env.FUZZ_KEEP_GOING === '1';
const RUNS = 1600;

let service: TestService;
const counter = new RequestCounter();
const started = Date.now();

const A_SOURCES = [
  {
    sourceAnchor: 'SG9zdGlsZS9BbGljZSsx',
    objectType: 'User',
    userPrincipalName: 'alice@alpha-hostile.example',
    displayName: 'Alice Hostile',
    proxyAddresses: ['SMTP:alice@alpha-hostile.example'],
  },
  {
    sourceAnchor: 'SG9zdGlsZS9BbGFuKzI=',
    objectType: 'User',
    userPrincipalName: 'alice@alpha-hostile.example',
    displayName: 'Alan Hostile',
    proxyAddresses: ['SMTP:alan@alpha-hostile.example'],
  },
  {
    sourceAnchor: 'SG9zdGlsZS9Hcm91cCsz',
    objectType: 'Group',
    displayName: 'Hostile Group',
    proxyAddresses: ['SMTP:group@alpha-hostile.example'],
  },
];
const A_CLOUD = [
  {
    objectId: '0a1b2c3d-0000-4000-8000-0000000b0001',
    objectType: 'User',
    userPrincipalName: 'cloudonly@alpha-hostile.example',
    displayName: 'Hostile Cloud Only',
  },
  {
    objectId: '0a1b2c3d-0000-4000-8000-0000000b0002',
    objectType: 'Contact',
    displayName: 'Soon Deleted Contact',
  },
];

let A: FuzzTenant;
let noRoleToken: string;
let ownErrorId: string;

beforeAll(async () => {
  service = await startTestService({ RATE_LIMIT_PER_MINUTE: '1000000' });
  A = await fuzzTenant(service, counter, { oid: 'oid-hostile-admin', name: 'Hostile Admin' });
  noRoleToken = await service.token(A.id, 'None');
  await ok(A.api('PATCH', 'settings', { initialDomain: 'alpha-hostile.onmicrosoft.com' }), 'settings');
  await ok(A.api('PUT', 'source-objects', { objects: A_SOURCES }), 'sources');
  await ok(A.api('PUT', 'cloud-objects', { objects: A_CLOUD }), 'clouds');
  await A.cycle();
  const errors = await listAll<{ id: string }>(A, 'sync-errors');
  ownErrorId = errors[0]?.id ?? '';
  expect(ownErrorId).toMatch(/^[0-9a-f]{32}$/);
  await ok(
    A.api('POST', `sync-errors/${ownErrorId}/diagnosis/answers`, {
      questionId: 'userExistsOnPremises',
      answer: 'no',
    }),
    'answer',
  );
  await ok(A.api('DELETE', `cloud-objects/${A_CLOUD[1]?.objectId ?? ''}`), 'soft-delete');
}, 60_000);

afterAll(async () => {
  await service.stop();
  const table = [...statuses].map(
    ([route, byStatus]) => `  ${route}: ${[...byStatus].map(([c, n]) => `${c}×${n}`).join(' ')}`,
  );
  console.log(
    `${table.join('\n')}\nhostileInput.fuzz: ${counter.sent} requests sent (${counter.refusedByClient} refused by fetch itself), seed ${SEED}, ${Math.round((Date.now() - started) / 100) / 10}s`,
  );
});

// ---------------------------------------------------------------- what each write route takes

const BODY_ROUTES = [
  'PUT api/source-objects',
  'PUT api/cloud-objects',
  'PATCH api/settings',
  'POST api/sync-errors/{id}/diagnosis/answers',
  'POST api/dev/token',
  'POST api/preflight/ldif',
] as const;
type BodyRoute = (typeof BODY_ROUTES)[number];
const isBodyRoute = (key: string): key is BodyRoute => (BODY_ROUTES as readonly string[]).includes(key);

/** Fields each body route accepts: an injected field is extra only when it is none of these. */
const KNOWN_FIELDS = new Set([
  'objects',
  'ids',
  'all',
  'rule',
  'search',
  'sourceAnchor',
  'objectGuid',
  'objectId',
  'distinguishedName',
  'inScope',
  'objectType',
  'userPrincipalName',
  'mailNickname',
  'displayName',
  'proxyAddresses',
  'sipProxyAddress',
  'onPremisesSecurityIdentifier',
  'dirSyncEnabled',
  'deletedDateTime',
  'initialDomain',
  'userWritebackEnabled',
  'blockSoftMatchEnabled',
  'deletionThreshold',
  'syncIntervalMinutes',
  'questionId',
  'answer',
  'tenantId',
  'role',
  'name',
]);
// tenantId is a field of the dev token body only; everywhere else it is an extra field.
const extraFieldFor = (route: BodyRoute, name: string) =>
  route === 'POST api/dev/token' ? !KNOWN_FIELDS.has(name) : name === 'tenantId' || !KNOWN_FIELDS.has(name);

const anchorOf = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64');

/** A body the route would accept (and act on): every mutation below makes it one it must refuse. */
function validBody(route: BodyRoute): fc.Arbitrary<Record<string, unknown>> {
  switch (route) {
    case 'PUT api/source-objects':
      return fc.uuid().map((u) => ({
        objects: [
          {
            sourceAnchor: anchorOf(u),
            objectType: 'User',
            userPrincipalName: `new.${u.slice(0, 8)}@alpha-hostile.example`,
            displayName: 'New Person',
            proxyAddresses: [`SMTP:new.${u.slice(0, 8)}@alpha-hostile.example`],
          },
        ],
      }));
    case 'PUT api/cloud-objects':
      return fc.uuid().map((u) => ({
        objects: [{ objectId: u, objectType: 'Group', displayName: 'New Group', proxyAddresses: [] }],
      }));
    case 'PATCH api/settings':
      return fc.constantFrom<Record<string, unknown>>(
        { blockSoftMatchEnabled: true },
        { initialDomain: 'changed.example.com' },
        { deletionThreshold: null },
        { syncIntervalMinutes: 60 },
        { userWritebackEnabled: true },
      );
    case 'POST api/sync-errors/{id}/diagnosis/answers':
      return fc.constant({ questionId: 'userExistsOnPremises', answer: 'yes' });
    case 'POST api/dev/token':
      return fc.uuid().map((tenantId) => ({ tenantId, role: 'GlobalAdministrator', name: 'Dev User' }));
    case 'POST api/preflight/ldif':
      return fc.constantFrom<Record<string, unknown>>(
        { all: true },
        { all: true, attribute: 'userPrincipalName' },
      );
  }
}

/** Where a string field sits in each route's body: [object path, field]. */
const STRING_FIELDS: Record<BodyRoute, [string, number][]> = {
  'PUT api/source-objects': [
    ['sourceAnchor', 59],
    ['displayName', 256],
    ['userPrincipalName', 1024],
    ['distinguishedName', 2048],
    ['mailNickname', 64],
  ],
  'PUT api/cloud-objects': [
    ['displayName', 256],
    ['mailNickname', 64],
    ['sipProxyAddress', 256],
  ],
  'PATCH api/settings': [['initialDomain', 255]],
  'POST api/sync-errors/{id}/diagnosis/answers': [['questionId', 32]],
  'POST api/dev/token': [['name', 256]],
  'POST api/preflight/ldif': [['search', 256]],
};

/** Values of the wrong type or out of range, per route: [field, value] on the body or its first object. */
const WRONG_VALUES: Record<BodyRoute, [string, unknown][]> = {
  'PUT api/source-objects': [
    ['objectType', 42],
    ['objectType', 'user'],
    ['objectType', ['User']],
    ['inScope', 'true'],
    ['proxyAddresses', 'SMTP:x@y.com'],
    ['proxyAddresses', [1, 2]],
    ['proxyAddresses', ['SMTP:a@b.com', 'SMTP:c@d.com']],
    ['sourceAnchor', { $ne: null }],
    ['sourceAnchor', ''],
    ['objectGuid', 'not-a-guid'],
    ['objectGuid', '0a1b2c3d-0000-4000-8000-000000000001'],
    ['userPrincipalName', null],
    // (A UPN with no @ is what AD may hold: the engine's verdict, IdentityDataValidationFailed.)
    ['userPrincipalName', 'x'.repeat(1025)],
    ['onPremisesSecurityIdentifier', 'SID-1'],
    // Dot segments: no URL can address them (issue 11, defect 7).
    ['sourceAnchor', '..'],
    ['sourceAnchor', '.'],
    ['sourceAnchor', 'x/../victim'],
    ['sourceAnchor', 'a/./b'],
  ],
  'PUT api/cloud-objects': [
    ['objectId', 'not-a-guid'],
    ['objectId', 123],
    ['objectId', "0a1b2c3d-0000-4000-8000-0000000b0001' or '1' eq '1"],
    ['objectType', null],
    ['dirSyncEnabled', 'yes'],
    ['deletedDateTime', 'yesterday'],
    ['deletedDateTime', '2023-02-31T00:00:00Z'],
    ['userPrincipalName', 'group@has.none'],
  ],
  'PATCH api/settings': [
    ['blockSoftMatchEnabled', 'false'],
    ['userWritebackEnabled', 1],
    ['deletionThreshold', 0],
    ['deletionThreshold', 1.5],
    ['deletionThreshold', '500'],
    ['syncIntervalMinutes', 4],
    ['syncIntervalMinutes', 1441],
    ['initialDomain', 'not a domain'],
    ['initialDomain', "contoso.com' or PartitionKey ne '"],
    ['initialDomain', ['a.com']],
  ],
  'POST api/sync-errors/{id}/diagnosis/answers': [
    ['questionId', 'somethingElse'],
    ['questionId', null],
    ['answer', true],
    ['answer', 'YES'],
    ['answer', ['yes']],
  ],
  'POST api/dev/token': [
    ['tenantId', 'not-a-guid'],
    ['tenantId', 42],
    ['role', 'Owner'],
    ['role', ['GlobalAdministrator']],
    ['name', ''],
    ['name', 42],
  ],
  'POST api/preflight/ldif': [
    ['all', 'true'],
    ['all', false],
    ['ids', []],
    ['ids', ['not-a-row-id']],
    ['rule', 'noSuchRule'],
    ['attribute', 'mail'],
    ['search', ''],
  ],
};

const hasObjects = (route: BodyRoute) =>
  route === 'PUT api/source-objects' || route === 'PUT api/cloud-objects';

/** Sets a field on the body, or on its first object for the object routes. */
function withField(route: BodyRoute, body: Record<string, unknown>, field: string, value: unknown) {
  const copy = structuredClone(body);
  const target = hasObjects(route) ? ((copy.objects as Record<string, unknown>[])[0] ?? copy) : copy;
  Object.defineProperty(target, field, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

interface HostileRequest {
  method: string;
  template: string;
  pathAndQuery: string;
  auth: 'admin' | 'contributor' | 'syncAgent' | 'noRole' | 'none' | 'garbage';
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** What makes it invalid, for the report. */
  why: string;
  /** Strings of the request that a problem must not reflect. */
  sent: string[];
}

const json = (value: unknown) => JSON.stringify(value) ?? 'null';

/** Every string in a JSON value, keys included. */
function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsOf(v, out);
    }
  }
  return out;
}

type Encoded = { body: string | Uint8Array; contentType: string | null; why: string; sent: unknown };

/** A body the route must refuse, by construction. */
function invalidBody(route: BodyRoute): fc.Arbitrary<Encoded> {
  const base = validBody(route);
  const jsonBody = (b: Record<string, unknown>, why: string): Encoded => ({
    body: json(b),
    contentType: 'application/json',
    why,
    sent: b,
  });
  const extraName = fc
    .oneof(
      { arbitrary: fc.constantFrom(...STORAGE_FIELDS), weight: 4 },
      { arbitrary: fieldName(), weight: 1 },
      { arbitrary: hostileString(), weight: 1 },
    )
    .filter((name) => name.length > 0 && extraFieldFor(route, name));
  const extraValue = fc.oneof(
    fc.constantFrom<unknown>('00000000-0000-0000-0000-000000000000', 'NotStarted', '*', 'W/"x"', null, 0),
    hostileString(),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  );
  const extraTop = fc.tuple(base, extraName, extraValue).map(([b, name, value]) => {
    const copy = structuredClone(b);
    Object.defineProperty(copy, name, { value, enumerable: true, writable: true, configurable: true });
    return jsonBody(copy, `extra field ${truncate(JSON.stringify(name), 40)}`);
  });
  const extraNested = fc
    .tuple(base, extraName, extraValue)
    .map(([b, name, value]) =>
      jsonBody(
        withField(route, b, name, value),
        `extra field ${truncate(JSON.stringify(name), 40)} in the object`,
      ),
    );
  const wrongValue = fc
    .tuple(base, fc.constantFrom(...WRONG_VALUES[route]))
    .map(([b, [field, value]]) =>
      jsonBody(withField(route, b, field, value), `${field} = ${truncate(json(value), 40)}`),
    );
  const strings = STRING_FIELDS[route];
  const badText = fc
    .tuple(
      base,
      fc.constantFrom(...strings),
      fc.constantFrom(
        '\ud800',
        '\udc00',
        'a\ud83d',
        '\u0000',
        '\u0007',
        '\u001b[31m',
        '\u007f',
        '\u0085',
        '\r\n',
        // Line and paragraph separators: Azurite fails any batch holding one (issue 11, defect 4).
        '\u2028',
        '\u2029',
      ),
    )
    .map(([b, [field], bad]) => {
      const current = hasObjects(route)
        ? ((b.objects as Record<string, unknown>[])[0]?.[field] as string | undefined)
        : (b[field] as string | undefined);
      const value = `${current ?? 'Valid Text'}${bad}`;
      return jsonBody(withField(route, b, field, value), `${field} with ${JSON.stringify(bad)}`);
    });
  const tooLong = fc
    .tuple(base, fc.constantFrom(...strings), fc.constantFrom('a', 'é', '😀'))
    .map(([b, [field, max], unit]) =>
      jsonBody(withField(route, b, field, unit.repeat(max + 1)), `${field} of ${max + 1} × ${unit}`),
    );
  const wrongContentType = fc
    .tuple(base, fc.constantFrom(...NON_JSON_CONTENT_TYPES))
    .map(([b, contentType]): Encoded => ({
      body: json(b),
      contentType: contentType === '' ? null : contentType,
      why: `valid body as ${contentType || 'no content type'}`,
      sent: b,
    }));
  const malformed = fc
    .tuple(fc.constantFrom(...MALFORMED_JSON), fc.constantFrom(...JSON_CONTENT_TYPES))
    .map(([body, contentType]): Encoded => ({ body, contentType, why: 'malformed JSON', sent: null }));
  const topLevel = fc
    .constantFrom<unknown>(null, [], 'objects', 1, true, {}, [{}], { objects: [] }, { objects: {} })
    .map((value): Encoded => ({
      body: json(value),
      contentType: 'application/json',
      why: `body ${json(value)}`,
      sent: value,
    }));
  const huge = base.map((b): Encoded => {
    if (hasObjects(route)) {
      const [first] = b.objects as Record<string, unknown>[];
      const objects = Array.from({ length: 1001 }, (_, i) => ({
        ...first,
        ...('sourceAnchor' in (first ?? {}) ? { sourceAnchor: `bulk${i}` } : {}),
        ...('objectId' in (first ?? {})
          ? { objectId: `0b0b0b0b-0000-4000-8000-${String(i).padStart(12, '0')}` }
          : {}),
        ...('userPrincipalName' in (first ?? {})
          ? { userPrincipalName: `bulk${i}@alpha-hostile.example` }
          : {}),
        proxyAddresses: [],
      }));
      return { body: json({ objects }), contentType: 'application/json', why: '1,001 objects', sent: null };
    }
    const [field] = Object.keys(b);
    return jsonBody({ ...b, [field ?? 'x']: Array.from({ length: 5000 }, () => 'x') }, 'a 5,000-item array');
  });
  // A 400 KB array of 200,000 numbers overflowed the stack of the body walk (issue 11, defect 3).
  const wide = fc
    .tuple(base, fc.constantFrom(...strings), fc.constantFrom(100_000, 200_000))
    .map(([b, [field], length]): Encoded => ({
      body: json(withField(route, b, field, new Array(length).fill(0))),
      contentType: 'application/json',
      why: `${field} as a ${length}-element array`,
      sent: null,
    }));
  const tooLarge = base.map((b): Encoded => ({
    body: json({ ...b, padding: 'p'.repeat(1024 * 1024 + 16) }),
    contentType: 'application/json',
    why: 'over 1 MiB',
    sent: null,
  }));
  const deep = fc
    .tuple(base, fc.constantFrom(...strings), fc.constantFrom(1000, 50_000, 200_000))
    .map(([b, [field], depth]): Encoded => {
      const marker = '"__DEEP__"';
      const text = json(withField(route, b, field, '__DEEP__')).replace(
        marker,
        `${'['.repeat(depth)}1${']'.repeat(depth)}`,
      );
      return {
        body: text,
        contentType: 'application/json',
        why: `${field} nested ${depth} deep`,
        sent: null,
      };
    });
  const duplicateKeys = base.map((b): Encoded => {
    const text = json(b);
    return {
      body: `{"PartitionKey":"00000000-0000-0000-0000-000000000000",${text.slice(1, -1)},${text.slice(1, -1)}}`,
      contentType: 'application/json',
      why: 'duplicate keys and PartitionKey',
      sent: null,
    };
  });
  return fc.oneof(
    { arbitrary: extraTop, weight: 4 },
    { arbitrary: extraNested, weight: hasObjects(route) ? 4 : 1 },
    { arbitrary: wrongValue, weight: 4 },
    { arbitrary: badText, weight: 3 },
    { arbitrary: tooLong, weight: 2 },
    { arbitrary: wrongContentType, weight: 3 },
    { arbitrary: malformed, weight: 2 },
    { arbitrary: topLevel, weight: 2 },
    { arbitrary: wide, weight: 1 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: tooLarge, weight: 1 },
    { arbitrary: deep, weight: 1 },
    { arbitrary: duplicateKeys, weight: 1 },
  );
}

/** A route value that names none of A's records. */
function foreignRouteValue(): fc.Arbitrary<string> {
  const hex = (n: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: n, maxLength: n });
  return fc.oneof(
    hostileString(),
    fc.uuid(),
    hex(32),
    fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 13, maxLength: 13 }),
        hex(12),
      )
      .map(([t, h]) => `${t}-${h}`),
    fc.constantFrom(`${ownErrorIdPlaceholder}'`, `${ownErrorIdPlaceholder} or PartitionKey ne '`),
  );
}
/** Replaced by A's error id at run time: a decoration of it is not it. */
const ownErrorIdPlaceholder = '{ownErrorId}';

function junkBody(): fc.Arbitrary<Encoded | null> {
  return fc.oneof(
    fc.constant(null),
    fc
      .dictionary(fc.constantFrom(...STORAGE_FIELDS), fc.oneof(fc.string(), fc.constant(null)), {
        minKeys: 1,
        maxKeys: 4,
      })
      .map((b): Encoded => ({ body: json(b), contentType: 'application/json', why: 'junk JSON', sent: b })),
    fc.constantFrom(...MALFORMED_JSON).map((body): Encoded => ({
      body,
      contentType: 'application/json',
      why: 'malformed JSON',
      sent: null,
    })),
    fc.constant<Encoded>({
      body: 'tenantId=x',
      contentType: 'application/x-www-form-urlencoded',
      why: 'form',
      sent: null,
    }),
  );
}

const AUTHS = ['admin', 'contributor', 'syncAgent', 'noRole', 'none', 'garbage'] as const;

function requestFor(route: ServedRoute, method: string): fc.Arbitrary<HostileRequest> {
  const key = `${method} ${route.route}`;
  const names = routeParams(route.route);
  if (isBodyRoute(key)) {
    const values = fc.oneof(
      { arbitrary: fc.constant(ownErrorIdPlaceholder), weight: 4 },
      { arbitrary: foreignRouteValue(), weight: 1 },
    );
    // A valid body with weak or no credentials must be refused too (the dev token route is anonymous).
    const auth =
      key === 'POST api/dev/token'
        ? fc.constant<HostileRequest['auth']>('none')
        : fc.oneof(
            { arbitrary: fc.constant<HostileRequest['auth']>('admin'), weight: 8 },
            { arbitrary: fc.constant<HostileRequest['auth']>('contributor'), weight: 2 },
            { arbitrary: fc.constantFrom<HostileRequest['auth']>('noRole', 'none', 'garbage'), weight: 1 },
          );
    // Weak credentials with a valid body: SyncAgent may write source objects, so it is no refusal there.
    const weak = fc.constantFrom<HostileRequest['auth']>(
      ...(key === 'PUT api/source-objects' ? [] : (['syncAgent'] as const)),
      'noRole',
      'none',
      'garbage',
    );
    const bodies = fc.oneof(
      { arbitrary: fc.tuple(invalidBody(key), auth), weight: 9 },
      {
        arbitrary: fc.tuple(
          validBody(key).map((b): Encoded => ({
            body: json(b),
            contentType: 'application/json',
            why: 'valid body, weak credentials',
            sent: b,
          })),
          weak,
        ),
        weight: key === 'POST api/dev/token' ? 0 : 1,
      },
    );
    return fc.tuple(fc.tuple(...names.map(() => values)), bodies).map(([vs, [e, a]]) => {
      const params = Object.fromEntries(names.map((n, i) => [n, vs[i] ?? '']));
      return build(method, route.route, params, a, e);
    });
  }
  // Routes that take no body: route values that name nothing of A's, with or without junk.
  const auth = fc.oneof(
    { arbitrary: fc.constant<HostileRequest['auth']>('admin'), weight: 6 },
    { arbitrary: fc.constantFrom(...AUTHS), weight: 2 },
  );
  return fc
    .tuple(fc.tuple(...names.map(() => foreignRouteValue())), auth, junkBody())
    .map(([vs, a, e]) =>
      build(method, route.route, Object.fromEntries(names.map((n, i) => [n, vs[i] ?? ''])), a, e),
    );
}

function build(
  method: string,
  template: string,
  params: Record<string, string>,
  auth: HostileRequest['auth'],
  e: Encoded | null,
): HostileRequest {
  const resolved = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, v.replace(ownErrorIdPlaceholder, ownErrorId)]),
  );
  const headers: Record<string, string> = {};
  if (e?.contentType) headers['content-type'] = e.contentType;
  return {
    method,
    template,
    pathAndQuery: fillTemplate(template, resolved, 'component'),
    auth,
    headers,
    ...(e ? { body: e.body } : {}),
    why: e?.why ?? 'no body',
    sent: [...Object.values(resolved), ...(e ? stringsOf(e.sent) : [])],
  };
}

function tokenFor(auth: HostileRequest['auth']): string | undefined {
  switch (auth) {
    case 'admin':
      return A.tokens.GlobalAdministrator;
    case 'contributor':
      return A.tokens.Contributor;
    case 'syncAgent':
      return A.tokens.SyncAgent;
    case 'noRole':
      return noRoleToken;
    case 'garbage':
      return `${A.tokens.GlobalAdministrator.slice(0, -4)}AAAA`;
    case 'none':
      return undefined;
  }
}

/** Field names may be named in a problem (`body.PartitionKey`); anything else sent must not come back. */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_.$-]{0,63}$/;

function problemViolations(request: HostileRequest, result: RawResult): string[] {
  if (result.status < 400 || result.status >= 500) return [`status ${result.status}, not a 4xx`];
  const found: string[] = [];
  if (!answeredByHost(result)) {
    if (!/^application\/problem\+json/.test(result.headers.get('content-type') ?? ''))
      found.push(`content-type ${result.headers.get('content-type') ?? 'none'}`);
    const problem = result.json as { code?: unknown; status?: unknown } | undefined;
    if (typeof problem?.code !== 'string' || problem.code.length === 0) found.push('problem without a code');
    else if (problem.status !== result.status) found.push('problem status differs from the HTTP status');
  }
  const text = visibleText(result);
  for (const s of request.sent) {
    if (s.length < 10 || IDENTIFIER.test(s)) continue;
    const escaped = JSON.stringify(s).slice(1, -1);
    if (text.includes(s) || text.includes(escaped))
      found.push(`problem reflects the input ${truncate(JSON.stringify(s), 80)}`);
  }
  return found;
}

const statuses = new Map<string, Map<number, number>>();

/** Properties that must never be stored on any row, whatever the route. */
const NEVER_STORED = [
  'tenantId',
  'tid',
  'PartitionKey',
  'RowKey',
  'Timestamp',
  'odata.etag',
  'odata.metadata',
  '__proto__',
  'padding',
];
/** Properties only sync error rows carry. */
const ERROR_ONLY = ['diagnoseStatus', 'answers', 'searchText', 'claim', 'normalizedValue'];

function forbiddenProperties(rows: Map<string, Record<string, unknown>>): string[] {
  const found: string[] = [];
  for (const [key, row] of rows) {
    const rowKey = String(row.rowKey);
    const names = Object.keys(row);
    for (const name of names) {
      if (NEVER_STORED.includes(name)) found.push(`${key}: ${name}`);
      if (ERROR_ONLY.includes(name) && !/^(err|erh)_/.test(rowKey))
        found.push(`${key}: ${name} on a non-error row`);
    }
    if (typeof row.etag !== 'string' || !/^W\/"datetime'/.test(row.etag))
      found.push(`${key}: etag ${String(row.etag)}`);
    if (rowKey.startsWith('idem_')) {
      const extra = names.filter(
        (n) =>
          ![
            'partitionKey',
            'rowKey',
            'etag',
            'timestamp',
            'fingerprint',
            'state',
            'createdAt',
            'outcomeChunks',
          ].includes(n) && !/^outcome\d+$/.test(n),
      );
      if (extra.length > 0) found.push(`${key}: ${extra.join(', ')}`);
    }
  }
  return found;
}

/** Rows and their ETags, idempotency records aside (a refusal with an Idempotency-Key is kept for replay by design). */
async function rowVersions(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [key, row] of await rawEntities())
    if (!String(row.rowKey).startsWith('idem_')) out[key] = String(row.etag);
  return out;
}

describe('hostile input on every write route', () => {
  test(`${RUNS} invalid requests: only 4xx problems with a code, nothing stored`, async () => {
    const routes = service.host.served;
    const writes = routes.flatMap((r) =>
      r.methods
        .filter((m) => m !== 'GET' && m !== 'HEAD')
        // POST /api/sync-cycles takes no route value: refusing its body is tested on its own below.
        .filter((m) => !(m === 'POST' && r.route === 'api/sync-cycles'))
        .map((m) => ({ route: r, method: m })),
    );
    // Every write the contract lists is fuzzed here (the cycle's POST aside, as above).
    const expected = API_OPERATIONS.filter(([, op]) => op.method !== 'GET')
      .map(([, op]) => `${op.method} api/${op.route}`)
      .filter((key) => key !== 'POST api/sync-cycles');
    expect(writes.map((w) => `${w.method} ${w.route.route}`)).toEqual(expect.arrayContaining(expected));
    // And every write that takes a body has hostile bodies of its own above.
    const withBody = API_OPERATIONS.filter(([, op]) => op.body !== undefined).map(
      ([, op]) => `${op.method} api/${op.route}`,
    );
    expect([...BODY_ROUTES].sort()).toEqual(withBody.sort());

    const stateBefore = await readState(A);
    const rowsBefore = await rowVersions();
    const kept: string[] = [];
    const arbitrary = fc.oneof(...writes.map((w) => requestFor(w.route, w.method)));
    await fc.assert(
      fc.asyncProperty(arbitrary, async (request) => {
        const result = await sendRaw(service.url, counter, request.method, request.pathAndQuery, {
          token: tokenFor(request.auth),
          headers: request.headers,
          body: request.body,
        });
        if (!result) return;
        const key = `${request.method} ${request.template}`;
        const byStatus = statuses.get(key) ?? new Map<number, number>();
        byStatus.set(result.status, (byStatus.get(result.status) ?? 0) + 1);
        statuses.set(key, byStatus);
        const found = problemViolations(request, result);
        if (found.length === 0) return;
        const report = `${found.join('; ')} (${request.why})\n  request: ${describeRequest({ ...request, role: request.auth })}\n  response: ${result.status} ${truncate(visibleText(result), 500)}`;
        if (KEEP_GOING) kept.push(report);
        else throw new Error(report);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(kept).toEqual([]);

    // Nothing persisted: the API shows the same tenant, and no row of the table was written.
    expect(await readState(A)).toEqual(stateBefore);
    expect(await rowVersions()).toEqual(rowsBefore);
  }, 180_000);

  test('no stored row carries a field a caller sent (PartitionKey, RowKey, tenantId, diagnoseStatus, etag...)', async () => {
    const rows = await rawEntities();
    expect(rows.size).toBeGreaterThan(10);
    expect(forbiddenProperties(rows)).toEqual([]);
    // Only the tenants this file made, the registry and the deployment's own rows (the paging key)
    // own rows: no write was steered elsewhere.
    const partitions = new Set([...rows.values()].map((r) => String(r.partitionKey)));
    for (const p of partitions) {
      expect(p === '_tenants' || p === '_system' || TENANT_PARTITION.test(p)).toBe(true);
    }
  });
});

describe('targeted hostile input', () => {
  /**
   * A JSON string may escape a lone surrogate (`"\\ud800"`). Anchors are hex-encoded from UTF-8 for
   * their row keys, where every lone surrogate becomes U+FFFD: `\\ud800x` and `\\ud801x` would be one
   * record. And an OData filter holding one cannot be put in a URL (URIError), so the fix would fail.
   */
  test('lone surrogates are refused: no record for them, no 5xx further on', async () => {
    const t = await fuzzTenant(service, counter, { oid: 'oid-surrogate', name: 'Surrogate Admin' });
    const writes = [
      await t.api('PUT', 'cloud-objects', {
        objects: [{ ...ORPHANED.existingCloud, sourceAnchor: 'old\ud800' }],
      }),
      await t.api('PUT', 'source-objects', {
        objects: [{ ...ORPHANED.recreatedSource, sourceAnchor: 'new\ud800' }],
      }),
      await t.api('PUT', 'source-objects', {
        objects: [{ ...ORPHANED.recreatedSource, sourceAnchor: 'new\ud801', displayName: 'Someone Else' }],
      }),
    ];
    // Had they been stored, the orphaned-object flow must still never fail with a 5xx.
    const flow: string[] = [];
    if (writes.some((w) => w.status === 200)) {
      const step = async (method: string, path: string, body?: unknown) => {
        const res = await t.api(method, path, body);
        flow.push(`${method} ${path.replace(/[0-9a-f]{32}/, '{id}')} → ${res.status}`);
        return res;
      };
      const requested = await step('POST', 'sync-cycles');
      if (requested.status === 202) {
        const { cycleId } = requested.json as { cycleId: string };
        const done = await awaitCycle(service, t.tokens.GlobalAdministrator, cycleId);
        // A cycle that failed in the queue's worker is the 500 it would have been in the request.
        flow.push(`cycle ${done.problem?.code ?? ''} → ${done.status === 'failed' ? 500 : 200}`);
      }
      const errors = ((await step('GET', 'sync-errors')).json as Listed<{ id: string; attribute: string }>)
        .value;
      const upn = errors.find((e) => e.attribute === 'UserPrincipalName');
      if (upn) {
        await step('POST', `sync-errors/${upn.id}/diagnosis/answers`, {
          questionId: 'userExistsOnPremises',
          answer: 'no',
        });
        await step('POST', `sync-errors/${upn.id}/diagnosis/answers`, {
          questionId: 'sameUser',
          answer: 'yes',
        });
        await step('POST', `sync-errors/${upn.id}/apply-fix`);
      }
    }
    expect(flow.filter((f) => / → 5\d\d$/.test(f))).toEqual([]);
    expect(writes.map((w) => w.status)).toEqual([400, 400, 400]);
    expect(await readState(t)).toMatchObject({
      'source-objects': [],
      'cloud-objects?includeDeleted=true': [],
    });
  });

  test('a dev token name with control characters or a lone surrogate is refused', async () => {
    const names = ['Dev\u0000User', 'Dev\u001b[31mUser', 'Dev\r\nUser', 'Dev\u0085User', 'Dev\ud800User'];
    const outcomes: string[] = [];
    for (const name of names) {
      const res = await sendRaw(service.url, counter, 'POST', 'api/dev/token', {
        headers: { 'content-type': 'application/json' },
        body: json({ tenantId: '0a1b2c3d-0000-4000-8000-00000000d001', role: 'GlobalAdministrator', name }),
      });
      outcomes.push(`${JSON.stringify(name)} → ${res?.status ?? 'not sent'}`);
    }
    expect(outcomes.filter((o) => !/ → 400$/.test(o))).toEqual([]);
  });

  test('a problem names a refused field but does not reflect arbitrary input', async () => {
    const markup = '<img src=x onerror=alert(1)>';
    const long = `k${'x'.repeat(300)}`;
    const res = await A.api('PATCH', 'settings', {
      blockSoftMatchEnabled: false,
      [markup]: 1,
      [long]: 2,
      PartitionKey: 'p',
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'ValidationFailed' });
    expect(res.text).toContain('PartitionKey');
    expect(res.text).not.toContain(markup);
    expect(res.text).not.toContain(long);
  });
});

/**
 * Routes whose action takes no body: a body sent anyway (which may say tenantId, PartitionKey,
 * diagnoseStatus...) must be refused, not ignored while the action runs. A missing body or `{}` is fine.
 */
describe('routes that take no body refuse one', () => {
  const junk: [string, string, string | null][] = [
    [
      'fields',
      json({
        tenantId: '00000000-0000-0000-0000-000000000000',
        PartitionKey: 'x',
        diagnoseStatus: 'NotStarted',
        etag: '*',
      }),
      'application/json',
    ],
    ['array', '[1,2,3]', 'application/json'],
    ['not JSON', 'tenantId=00000000-0000-0000-0000-000000000000', 'text/plain'],
  ];

  async function orphanTenant(applyFix: boolean) {
    const t = await fuzzTenant(service, counter, { oid: 'oid-bodyless', name: 'Bodyless Admin' });
    await ok(t.api('PUT', 'cloud-objects', { objects: [ORPHANED.existingCloud, A_CLOUD[1]] }), 'cloud');
    await ok(t.api('PUT', 'source-objects', { objects: [ORPHANED.recreatedSource] }), 'source');
    await t.cycle();
    const errors = await listAll<{ id: string; attribute: string }>(t, 'sync-errors');
    const upn = errors.find((e) => e.attribute === 'UserPrincipalName')!;
    await ok(
      t.api('POST', `sync-errors/${upn.id}/diagnosis/answers`, {
        questionId: 'userExistsOnPremises',
        answer: 'no',
      }),
      'q1',
    );
    await ok(
      t.api('POST', `sync-errors/${upn.id}/diagnosis/answers`, { questionId: 'sameUser', answer: 'yes' }),
      'q2',
    );
    await ok(t.api('DELETE', `cloud-objects/${A_CLOUD[1]?.objectId ?? ''}`), 'soft-delete');
    let eventId = '';
    if (applyFix)
      eventId = (
        (await ok(t.api('POST', `sync-errors/${upn.id}/apply-fix`), 'fix')).json as { auditEventId: string }
      ).auditEventId;
    return { t, errorId: upn.id, eventId };
  }

  const cases: [string, (s: Awaited<ReturnType<typeof orphanTenant>>) => string, boolean][] = [
    ['POST sync-cycles', () => 'sync-cycles', false],
    ['POST sync-errors/{id}/close', (s) => `sync-errors/${s.errorId}/close`, false],
    ['POST sync-errors/{id}/apply-fix', (s) => `sync-errors/${s.errorId}/apply-fix`, false],
    ['POST audit-events/{eventId}/undo', (s) => `audit-events/${s.eventId}/undo`, true],
    [
      'DELETE source-objects/{*sourceAnchor}',
      () => `source-objects/${ORPHANED.recreatedSource.sourceAnchor}`,
      false,
    ],
    ['DELETE cloud-objects/{objectId}', () => `cloud-objects/${ORPHANED.existingCloud.objectId}`, false],
    ['DELETE deleted-objects/{objectId}', () => `deleted-objects/${A_CLOUD[1]?.objectId ?? ''}`, false],
  ];

  test.each(cases)('%s with a body: 4xx problem, nothing done', async (name, path, withFix) => {
    const s = await orphanTenant(withFix);
    const method = name.split(' ')[0] ?? 'POST';
    const before = await readState(s.t);
    const outcomes: string[] = [];
    for (const [what, body, contentType] of junk) {
      const res = await sendRaw(service.url, counter, method, `api/${path(s)}`, {
        token: s.t.tokens.GlobalAdministrator,
        headers: contentType ? { 'content-type': contentType } : {},
        body,
      });
      const problem = /problem\+json/.test(res?.headers.get('content-type') ?? '');
      outcomes.push(`${what}: ${res?.status ?? 'not sent'}${problem ? '' : ' (not a problem)'}`);
    }
    expect(outcomes.filter((o) => !/: 4\d\d$/.test(o))).toEqual([]);
    expect(await readState(s.t)).toEqual(before);
  });
});
