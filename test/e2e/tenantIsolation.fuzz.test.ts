import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { startTestService, type TestService } from '../support/service';
import { COMMON, ORPHANED } from '../support/seedScenarios';
import { awaitCycle } from '../support/syncCycles';
import {
  describeRequest,
  fuzzTenant,
  LIST_PATHS,
  listAll,
  ok,
  rawRows,
  readState,
  type FuzzTenant as Tenant,
  type Listed,
  QUERY_KEYS,
  operationKey,
  requestArbitrary,
  RequestCounter,
  sendRaw,
  truncate,
  visibleText,
  type FuzzPools,
  type FuzzRequest,
  type FuzzRole,
  type RawResult,
  type ServedRoute,
} from '../support/fuzzArbitraries';

/**
 * Tenant isolation, fuzzed: tenant B has a full history (objects, open and resolved errors, answers,
 * a fix, audit events, cycles, settings); tenant A sends thousands of requests to every served route
 * with B's real ids, tokens and values, decorated with OData syntax, path characters, control
 * characters and very long strings. No answer may be a 5xx or hold a byte of B's data, and B's
 * records must be exactly as they were.
 */

/** Fixed for reproducibility; FUZZ_SEED=<n> explores another run. */
const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
/** FUZZ_KEEP_GOING=1 lists every violation of the run instead of stopping at the first one. */
const KEEP_GOING = process.env.FUZZ_KEEP_GOING === '1';
const keptGoing: string[] = [];
const RUNS = 2200;

let service: TestService;
const counter = new RequestCounter();

const B_DOMAIN = 'bravo-canary-q7x.onmicrosoft.com';
const B_ADMIN = { oid: 'oid-bravo-canary-5519', name: 'Bravo Canary Admin' };
const B_IDEMPOTENCY_KEY = 'bravo-cycle-key-1';
/** A B object whose values are never sent by A: any of them in an answer to A is a leak. */
const B_SECRET = {
  sourceAnchor: 'WmVkL0NhbmFyeStCcmF2bz09',
  objectType: 'User',
  userPrincipalName: 'zed.canary@bravo-secret.example',
  displayName: 'Zed Canaryman',
  distinguishedName: 'CN=Zed Canaryman,OU=Secret,DC=bravo,DC=example',
  proxyAddresses: ['SMTP:zed.canary@bravo-secret.example'],
  sipProxyAddress: 'SIP:zed.canary.sip@bravo-secret.example',
  onPremisesSecurityIdentifier: 'S-1-5-21-7770-8880-9990-4242',
} as const;

const A_SOURCES = [
  {
    sourceAnchor: 'QWxpY2UvQWxwaGErMQ==',
    objectType: 'User',
    userPrincipalName: 'alice@alpha-own.example',
    displayName: 'Alice Alpha',
    proxyAddresses: ['SMTP:alice@alpha-own.example'],
  },
  {
    sourceAnchor: 'QWxhbi9BbHBoYSsyPT0=',
    objectType: 'User',
    userPrincipalName: 'alice@alpha-own.example',
    displayName: 'Alan Alpha',
    proxyAddresses: ['SMTP:alan@alpha-own.example'],
  },
];
const A_CLOUD = {
  objectId: '0a1b2c3d-0000-4000-8000-00000000a11a',
  objectType: 'User',
  userPrincipalName: 'cloudonly@alpha-own.example',
  displayName: 'Alpha Cloud Only',
};

interface ErrorView {
  id: string;
  attribute: string;
  value: string;
  existingObject: { objectId: string | null };
}
interface SourceView {
  sourceAnchor: string;
  userPrincipalName: string | null;
  displayName: string | null;
  distinguishedName: string | null;
  proxyAddresses: string[];
  objectId: string | null;
}
interface CloudView {
  objectId: string;
  sourceAnchor: string | null;
  userPrincipalName: string | null;
  displayName: string | null;
  proxyAddresses: string[];
}

let A: Tenant;
let B: Tenant;
let pools: FuzzPools;
/** B's strings that A never sends: finding one in an answer to A is a leak, whatever A did. */
let canaries: string[];
/** B's ids and values that A does send: one in an answer is a leak unless A stored it itself. */
let probes: string[];
let bStateBefore: Record<string, unknown>;
let bCommonErrorId: string;
let bRowsBefore: Map<string, string>;
const started = Date.now();

beforeAll(async () => {
  service = await startTestService({ RATE_LIMIT_PER_MINUTE: '1000000' });
  B = await fuzzTenant(service, counter, B_ADMIN);
  A = await fuzzTenant(service, counter, { oid: 'oid-alpha-admin-1', name: 'Alpha Admin' });

  // ---- B: the seed's two scenarios, a cycle, a closed diagnosis, an applied fix, history.
  await ok(B.api('PATCH', 'settings', { initialDomain: B_DOMAIN }), 'B settings');
  await ok(B.api('PUT', 'cloud-objects', { objects: [ORPHANED.existingCloud] }), 'B cloud');
  await ok(
    B.api('PUT', 'source-objects', {
      objects: [COMMON.johnson, COMMON.jackson, ORPHANED.recreatedSource, B_SECRET],
    }),
    'B sources',
  );
  await B.cycle({ 'idempotency-key': B_IDEMPOTENCY_KEY });
  const firstErrors = await listAll<ErrorView>(B, 'sync-errors');
  const orphanUpn = firstErrors.find(
    (e) =>
      e.attribute === 'UserPrincipalName' && e.existingObject.objectId === ORPHANED.existingCloud.objectId,
  );
  if (!orphanUpn) throw new Error('B: no orphaned-object error');
  const answer = (id: string, questionId: string, value: string) =>
    ok(B.api('POST', `sync-errors/${id}/diagnosis/answers`, { questionId, answer: value }), 'B answer');
  await answer(orphanUpn.id, 'userExistsOnPremises', 'no');
  await answer(orphanUpn.id, 'sameUser', 'yes');
  await ok(B.api('POST', `sync-errors/${orphanUpn.id}/apply-fix`), 'B apply-fix');
  await B.cycle();
  const common = (await listAll<ErrorView>(B, 'sync-errors')).find(
    (e) => e.value.toLowerCase() === COMMON.johnson.userPrincipalName.toLowerCase(),
  );
  if (!common) throw new Error('B: no common-scenario error');
  await answer(common.id, 'userExistsOnPremises', 'yes');
  await ok(B.api('POST', `sync-errors/${common.id}/close`), 'B close');
  bCommonErrorId = common.id;

  // ---- B's ids and values.
  const sources = await listAll<SourceView>(B, 'source-objects');
  const clouds = await listAll<CloudView>(B, 'cloud-objects?includeDeleted=true');
  const openErrors = await listAll<ErrorView>(B, 'sync-errors?state=open');
  const resolvedErrors = await listAll<ErrorView>(B, 'sync-errors?state=resolved');
  const events = await listAll<{ eventId: string }>(B, 'audit-events');
  const cycles = await listAll<{ cycleId: string }>(B, 'sync-cycles');
  expect(resolvedErrors.length).toBeGreaterThan(0);
  expect(openErrors.length).toBeGreaterThan(0);
  expect(events.length).toBeGreaterThanOrEqual(5);

  const secretObjectIds = clouds
    .filter((c) => c.sourceAnchor === B_SECRET.sourceAnchor)
    .map((c) => c.objectId);
  canaries = [
    B_DOMAIN,
    B_ADMIN.oid,
    B_ADMIN.name,
    ...Object.values(B_SECRET).flat(),
    ...secretObjectIds,
    ...cycles.map((c) => c.cycleId),
  ].filter((c) => c !== 'User');

  const tokens: string[] = [];
  for (const path of [...LIST_PATHS, 'sync-errors', 'cloud-objects']) {
    const sep = path.includes('?') ? '&' : '?';
    const page = (await ok(B.api('GET', `${path}${sep}top=1`), `B ${path}`)).json as Listed<unknown>;
    if (page.continuationToken) tokens.push(page.continuationToken);
  }
  expect(tokens.length).toBeGreaterThanOrEqual(5);

  const notCanary = (v: string | null | undefined): v is string =>
    typeof v === 'string' &&
    v.length >= 8 &&
    !canaries.some(
      (c) => v.toLowerCase().includes(c.toLowerCase()) || c.toLowerCase().includes(v.toLowerCase()),
    );
  const uniq = (values: (string | null | undefined)[]) => [...new Set(values.filter(notCanary))];
  pools = {
    foreignIds: {
      id: uniq([...openErrors, ...resolvedErrors].map((e) => e.id)),
      eventId: uniq(events.map((e) => e.eventId)),
      objectId: uniq([...clouds.map((c) => c.objectId), ...sources.map((s) => s.objectId)]),
      sourceAnchor: uniq([...sources.map((s) => s.sourceAnchor), ...clouds.map((c) => c.sourceAnchor)]),
    },
    foreignTokens: uniq(tokens),
    foreignValues: uniq([
      ...sources.flatMap((s) => [
        s.userPrincipalName,
        s.displayName,
        s.distinguishedName,
        ...s.proxyAddresses,
      ]),
      ...clouds.flatMap((c) => [c.userPrincipalName, c.displayName, ...c.proxyAddresses]),
      ...[...openErrors, ...resolvedErrors].map((e) => e.value),
    ]),
    // A may store the orphaned scenario's ids and values as its own; the common scenario's never.
    storable: {
      sourceAnchor: [ORPHANED.existingCloud.sourceAnchor, ORPHANED.recreatedSource.sourceAnchor],
      objectId: [ORPHANED.existingCloud.objectId],
      values: [
        ORPHANED.existingCloud.userPrincipalName,
        ORPHANED.existingCloud.displayName,
        ...ORPHANED.existingCloud.proxyAddresses,
      ],
    },
    neverInBodies: NEVER_STORED_BY_A,
    foreignIdempotencyKeys: [B_IDEMPOTENCY_KEY],
    ownIds: {},
  };
  probes = uniq([...Object.values(pools.foreignIds).flat(), ...pools.foreignTokens, ...pools.foreignValues]);

  // ---- A: a few objects of its own, one conflict, one cycle.
  await ok(A.api('PUT', 'source-objects', { objects: A_SOURCES }), 'A sources');
  await ok(A.api('PUT', 'cloud-objects', { objects: [A_CLOUD] }), 'A cloud');
  await A.cycle();
  const aErrors = await listAll<ErrorView>(A, 'sync-errors');
  expect(aErrors.length).toBeGreaterThan(0);
  const aEvent = await ok(
    A.api('POST', `sync-errors/${aErrors[0]?.id ?? ''}/diagnosis/answers`, {
      questionId: 'userExistsOnPremises',
      answer: 'yes',
    }),
    'A answer',
  );
  expect(aEvent.status).toBe(200);
  // A second answer, so that A's audit trail has a second page at top=1.
  await ok(
    A.api('POST', `sync-errors/${aErrors[0]?.id ?? ''}/diagnosis/answers`, {
      questionId: 'userExistsOnPremises',
      answer: 'no',
    }),
    'A answer again',
  );
  const aClouds = await listAll<CloudView>(A, 'cloud-objects?includeDeleted=true');
  const aEvents = await listAll<{ eventId: string }>(A, 'audit-events');
  pools.ownIds = {
    id: aErrors.map((e) => e.id),
    eventId: aEvents.map((e) => e.eventId),
    objectId: aClouds.map((c) => c.objectId),
    sourceAnchor: A_SOURCES.map((s) => s.sourceAnchor),
  };
  // A's own data must not already look like B's, or the checks below would prove nothing.
  const aText = JSON.stringify(await readState(A)).toLowerCase();
  for (const p of [...probes, ...canaries]) expect(aText).not.toContain(p.toLowerCase());

  bStateBefore = await readState(B);
  bRowsBefore = await rawRows(B.id);
}, 60_000);

afterAll(async () => {
  await service.stop();
  const table = [...statuses].map(
    ([route, byClass]) => `  ${route}: ${[...byClass].map(([c, n]) => `${c}×${n}`).join(' ')}`,
  );
  console.log(
    `${table.join('\n')}\ntenantIsolation.fuzz: ${counter.sent} requests sent (${counter.refusedByClient} refused by fetch itself), seed ${SEED}, ${Math.round((Date.now() - started) / 100) / 10}s`,
  );
});

function servedRoutes(): ServedRoute[] {
  // The dev token route is anonymous by design and knows no tenant data: it is fuzzed as hostile input.
  return service.host.served.filter((r) => r.route !== 'api/dev/token');
}

/** Status classes per route, printed once: a fuzz that only ever hits validation proves little. */
const statuses = new Map<string, Map<string, number>>();
function tally(request: FuzzRequest, status: number): void {
  const key = `${request.method} ${request.template}`;
  const byClass = statuses.get(key) ?? new Map<string, number>();
  const cls = status < 300 ? '2xx' : String(status);
  byClass.set(cls, (byClass.get(cls) ?? 0) + 1);
  statuses.set(key, byClass);
}

/** Lower-cased text of everything A successfully wrote: B's values in it are A's own from then on. */
let aStored = '';
/** B's values no fuzzed body carries: the detector's own check below looks for them. */
const NEVER_STORED_BY_A = [
  COMMON.johnson.userPrincipalName,
  COMMON.jackson.displayName,
  COMMON.jackson.distinguishedName,
  COMMON.johnson.distinguishedName,
];

function violations(request: FuzzRequest, result: RawResult): string[] {
  const found: string[] = [];
  const seen = visibleText(result).toLowerCase();
  if (result.status >= 500) found.push(`status ${result.status}`);
  for (const c of canaries) if (seen.includes(c.toLowerCase())) found.push(`B's secret value ${c}`);
  const success = result.status >= 200 && result.status < 300;
  const sent = [...Object.values(request.params), ...request.query.map(([, v]) => v)].map((v) =>
    v.toLowerCase(),
  );
  for (const p of probes) {
    const lower = p.toLowerCase();
    if (!seen.includes(lower) || aStored.includes(lower)) continue;
    // A 2xx may name an id A asked for (the path it requested); a problem never echoes what was sent.
    if (success && sent.some((s) => s === lower)) continue;
    if (!success && request.pathAndQuery.toLowerCase().includes(lower.slice(0, 40)))
      found.push(`the problem echoes a value A sent (${truncate(p, 60)})`);
    else if (!success && (request.body ?? '').toLowerCase().includes(lower))
      found.push(`the problem echoes a value A sent (${truncate(p, 60)})`);
    else found.push(`B's value ${truncate(p, 60)} in the answer`);
  }
  if (success) {
    for (const value of Object.values(request.params)) {
      const lower = value.toLowerCase();
      if (probes.some((p) => p.toLowerCase() === lower) && !aStored.includes(lower))
        found.push(`2xx for B's id ${truncate(value, 60)} that A never stored`);
    }
    // The CSV export ignores paging altogether (SPEC decision 20): a token there is not read.
    const csv = /text\/csv/.test(request.headers.accept ?? '');
    const takesToken =
      request.method === 'GET' &&
      !csv &&
      (QUERY_KEYS[operationKey(request.method, request.template)] ?? []).includes('continuationToken');
    for (const [key, value] of request.query) {
      if (takesToken && key === 'continuationToken' && pools.foreignTokens.includes(value))
        found.push("B's continuation token accepted");
    }
    // A replay of B's answer would show B's cycle id, a canary: the check above covers it.
  }
  if (/problem\+json/.test(result.headers.get('content-type') ?? '')) {
    const problem = result.json as { code?: unknown } | undefined;
    if (typeof problem?.code !== 'string') found.push('problem without a code');
  }
  return found;
}

// Before the fuzz, which sends B's key as A too (A's own later uses of it are then A's own replays).
describe('idempotency keys are per tenant', () => {
  test("A's POST with B's Idempotency-Key runs A's own request and replays nothing of B", async () => {
    const res = await A.api('POST', 'sync-cycles', undefined, { 'idempotency-key': B_IDEMPOTENCY_KEY });
    expect(res.status).toBe(202);
    expect(res.headers.get('idempotent-replay')).toBeNull();
    const text = visibleText(res).toLowerCase();
    for (const c of canaries) expect(text).not.toContain(c.toLowerCase());
    // A's own cycle, which runs before the fuzz starts.
    const { cycleId } = res.json as { cycleId: string };
    expect(res.headers.get('location')).toBe(`/api/sync-cycles/${cycleId}`);
    expect(await awaitCycle(service, A.tokens.GlobalAdministrator, cycleId)).toMatchObject({
      status: 'succeeded',
    });
  });
});

describe('tenant isolation under fuzz', () => {
  test(`${RUNS} requests as tenant A with B's ids, tokens and values: no 5xx, no byte of B`, async () => {
    const routes = servedRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const roles = fc.oneof(
      { arbitrary: fc.constant<FuzzRole>('GlobalAdministrator'), weight: 6 },
      { arbitrary: fc.constant<FuzzRole>('Contributor'), weight: 2 },
      { arbitrary: fc.constant<FuzzRole>('SyncAgent'), weight: 2 },
    );
    await fc.assert(
      fc.asyncProperty(requestArbitrary({ routes, pools, roles }), async (request) => {
        const result = await sendRaw(service.url, counter, request.method, request.pathAndQuery, {
          token: A.tokens[request.role],
          headers: request.headers,
          body: request.body,
        });
        if (!result) return;
        tally(request, result.status);
        const success = result.status >= 200 && result.status < 300;
        if (success && (request.method === 'PUT' || request.method === 'PATCH'))
          aStored += `\n${(request.body ?? '').toLowerCase()}`;
        const found = violations(request, result);
        if (found.length > 0 && KEEP_GOING) {
          keptGoing.push(
            `${found.join('; ')} ← ${describeRequest(request)} → ${result.status} ${truncate(result.text, 300)}`,
          );
        } else if (found.length > 0) {
          throw new Error(
            `${found.join('; ')}\n  request: ${describeRequest(request)}\n  response: ${result.status} ${truncate(visibleText(result), 600)}`,
          );
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(keptGoing).toEqual([]);
    expect(counter.sent).toBeGreaterThanOrEqual(2000);
  }, 180_000);

  test("the checks see B's data when it is there (the fuzz is not vacuous)", async () => {
    // The common scenario's values are never stored by A, whatever the fuzz did.
    for (const v of NEVER_STORED_BY_A) expect(aStored).not.toContain(v.toLowerCase());
    const bError = bCommonErrorId;
    const request: FuzzRequest = {
      role: 'GlobalAdministrator',
      method: 'GET',
      template: 'api/sync-errors/{id}',
      pathAndQuery: `api/sync-errors/${bError}`,
      params: { id: bError },
      query: [],
      headers: {},
    };
    // B's own answer, judged as if A had received it.
    const asB = await B.api('GET', `sync-errors/${bError}`);
    expect(asB.status).toBe(200);
    expect(violations(request, asB)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^2xx for B's id/), expect.stringMatching(/^B's value/)]),
    );
    const settings = await B.api('GET', 'settings');
    expect(violations({ ...request, template: 'api/settings', params: {} }, settings)).toEqual([
      `B's secret value ${B_DOMAIN}`,
    ]);
  });

  test("B's records are exactly as they were: no read, write or delete of A reached them", async () => {
    expect(await readState(B)).toEqual(bStateBefore);
    expect(await rawRows(B.id)).toEqual(bRowsBefore);
  });
});

describe('continuation tokens cannot cross tenants or be forged', () => {
  const lists = [
    'source-objects',
    'cloud-objects',
    'sync-errors?state=resolved',
    'audit-events',
    'sync-cycles',
  ] as const;

  test.each(lists)("B's %s token used by A: 400 InvalidContinuationToken, none of B's data", async (path) => {
    const sep = path.includes('?') ? '&' : '?';
    const bPage = (await ok(B.api('GET', `${path}${sep}top=1`), path)).json as Listed<unknown>;
    expect(bPage.continuationToken).toEqual(expect.any(String));
    for (const role of ['GlobalAdministrator', 'Contributor'] as const) {
      const res = await sendRaw(
        service.url,
        counter,
        'GET',
        `api/${path}${sep}continuationToken=${encodeURIComponent(bPage.continuationToken ?? '')}`,
        { token: A.tokens[role] },
      );
      expect(res?.status).toBe(400);
      expect(res?.json).toMatchObject({ code: 'InvalidContinuationToken' });
      const text = visibleText(res!).toLowerCase();
      for (const p of [...probes, ...canaries]) expect(text).not.toContain(p.toLowerCase());
    }
  });

  test('edited, spliced and replayed-elsewhere tokens: 400, never a 5xx', async () => {
    // A needs more than one row in each list to get a token of its own.
    const own = (await ok(A.api('GET', 'audit-events?top=1'), 'A audit')).json as Listed<unknown>;
    const bToken = ((await ok(B.api('GET', 'audit-events?top=1'), 'B audit')).json as Listed<unknown>)
      .continuationToken!;
    const aToken = own.continuationToken!;
    expect(aToken).toEqual(expect.any(String));
    const [aBody, aTag] = aToken.split('.') as [string, string];
    const [bBody, bTag] = bToken.split('.') as [string, string];
    const flip = (s: string) => `${s.slice(0, -2)}${s.at(-2) === 'A' ? 'B' : 'A'}${s.at(-1) ?? ''}`;
    const tampered = [
      `${bBody}.${aTag}`,
      `${aBody}.${bTag}`,
      `${flip(aBody)}.${aTag}`,
      `${aBody}.${flip(aTag)}`,
      `${aToken}.`,
      `${aToken}.${aTag}`,
      aBody,
      `.${aTag}`,
      `${aBody}.`,
      `${Buffer.from(JSON.stringify({ k: 'cld_', f: 'x' })).toString('base64url')}.${aTag}`,
      `${aToken}'`,
      `${aToken} or PartitionKey ne ''`,
    ];
    for (const token of tampered) {
      const res = await A.api('GET', `audit-events?continuationToken=${encodeURIComponent(token)}`);
      expect({ token, status: res.status }).toEqual({ token, status: 400 });
      expect(res.json).toMatchObject({ code: 'InvalidContinuationToken' });
    }
    // A's own token is good for its own list only, with the same filters.
    expect((await A.api('GET', `audit-events?continuationToken=${encodeURIComponent(aToken)}`)).status).toBe(
      200,
    );
    for (const other of [
      'sync-cycles',
      'source-objects',
      'cloud-objects',
      'sync-errors',
      `audit-events?errorId=${'0'.repeat(32)}`,
    ]) {
      const sep = other.includes('?') ? '&' : '?';
      const res = await A.api('GET', `${other}${sep}continuationToken=${encodeURIComponent(aToken)}`);
      expect({ other, status: res.status }).toEqual({ other, status: 400 });
    }
  });

  /**
   * What an attacker knows without any secret: the token format (base64url JSON `{k, f}` and an
   * HMAC-SHA256 tag) and their own tenant id. A token built from that alone must be refused; if the
   * seal's key is derivable, A can at least point its own list at any row key of its partition.
   */
  test('a token sealed with only public knowledge is refused, and never a 5xx', async () => {
    const publicMac = (tenantId: string, body: string) =>
      createHmac('sha256', `continuation-v1:${tenantId}`).update(body).digest('base64url');
    const fingerprint = (filters: Record<string, unknown>) => {
      const keys = Object.keys(filters).sort();
      const canonical = JSON.stringify(keys.map((k) => [k, filters[k] ?? null]));
      return createHmac('sha256', 'filters').update(canonical).digest('base64url').slice(0, 22);
    };
    const forge = (tenantId: string, list: Record<string, unknown>, k: string) => {
      const body = Buffer.from(JSON.stringify({ k, f: fingerprint(list) })).toString('base64url');
      return `${body}.${publicMac(tenantId, body)}`;
    };
    const cases: [string, Record<string, unknown>][] = [
      ['source-objects', { list: 'source' }],
      ['cloud-objects', { list: 'cloud', upnLower: undefined, includeDeleted: false }],
      ['audit-events', { list: 'audit', errorId: undefined }],
      ['sync-cycles', { list: 'cycles' }],
    ];
    const outcomes: string[] = [];
    for (const [path, list] of cases) {
      // Row keys before the list's prefix: the range would start in another kind of record.
      for (const k of ['', 'a', 'aud_', 'settings']) {
        const res = await A.api(
          'GET',
          `${path}?continuationToken=${encodeURIComponent(forge(A.id, list, k))}`,
        );
        outcomes.push(
          `${path} k=${JSON.stringify(k)} → ${res.status} ${(res.json as { code?: string } | undefined)?.code ?? ''}`,
        );
      }
    }
    expect(outcomes.filter((o) => /→ 5\d\d/.test(o))).toEqual([]);
    // The correct answer to a token A could not have been given is 400, as for any forged token.
    expect(outcomes.filter((o) => !/→ 400 InvalidContinuationToken$/.test(o))).toEqual([]);
  });
});
