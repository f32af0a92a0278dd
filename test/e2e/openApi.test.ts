import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openApiDocument } from '../../shared/contract/openApiDocument';
import { ORPHANED } from '../support/seedScenarios';
import {
  call,
  newTenantId,
  ROOT,
  startTestService,
  type CallOptions,
  type TestService,
} from '../support/service';
import { awaitCycle } from '../support/syncCycles';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is walked as plain JSON
type Doc = Record<string, any>;

interface Sample {
  method: string;
  path: string;
  status: number;
  mediaType: string;
  body: unknown;
}

interface ValidationOutput {
  documents: { valid: boolean; errors?: unknown }[];
  samples: (unknown[] | null)[];
}

/**
 * The validator runs as it ships, an ES module, in a child node (jest's CommonJS runtime cannot load
 * it). It validates each document against the OpenAPI 3.1 schema and checks its $refs; then each
 * response sample is checked against the first document's schema for it, with the JSON Schema
 * 2020-12 validator (ajv) the OpenAPI validator itself is built on.
 */
const VALIDATE = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Validator } from '@seriousme/openapi-schema-validator';
const { documents, samples } = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const document of documents) results.push(await new Validator().validate(structuredClone(document)));
const fromValidator = createRequire(createRequire(process.cwd() + '/').resolve('@seriousme/openapi-schema-validator'));
const Ajv2020 = fromValidator('ajv/dist/2020.js').default;
const addFormats = fromValidator('ajv-formats').default;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(documents[0], 'https://api.example/openapi.json');
const compiled = new Map();
const checked = samples.map(({ pointer, body }) => {
  if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({ $ref: 'https://api.example/openapi.json' + pointer }));
  const check = compiled.get(pointer);
  return check(body) ? null : check.errors;
});
process.stdout.write(JSON.stringify({ documents: results, samples: checked }));
`;

function validate(documents: Doc[], samples: { pointer: string; body: unknown }[] = []): ValidationOutput {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', VALIDATE], {
    cwd: ROOT,
    input: JSON.stringify({ documents, samples }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as ValidationOutput;
}

/** A route template as the host serves it (`api/x/{*rest}`) as an OpenAPI path (`/api/x/{rest}`). */
const servedAsPath = (route: string): string => `/${route.replace(/\{\*?(\w+)\??\}/g, '{$1}')}`;

/** The document's path template a request path falls under; a catch-all anchor spans segments. */
function templateOf(doc: Doc, method: string, path: string): string {
  const matches = Object.keys(doc.paths as Doc).filter((template) => {
    if (!(doc.paths as Doc)[template][method]) return false;
    const parts = template.split(/\{(\w+)\}/);
    const pattern = parts
      .map((part, i) =>
        i % 2 === 0 ? part.replace(/[.*+?^$()|[\]\\]/g, '\\$&') : part === 'sourceAnchor' ? '.+' : '[^/]+',
      )
      .join('');
    return new RegExp(`^${pattern}$`).test(path);
  });
  if (matches.length !== 1)
    throw new Error(`${method.toUpperCase()} ${path} matches ${matches.length} documented paths`);
  return matches[0]!;
}

const pointerPart = (s: string): string => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));

let service: TestService;
let served: Doc;
let fetched: Awaited<ReturnType<typeof call>>;

beforeAll(async () => {
  // A low rate limit, so that a real 429 is among the samples.
  service = await startTestService({ RATE_LIMIT_PER_MINUTE: '100' });
  fetched = await call(`${service.url}/api/openapi.json`, 'GET');
  served = fetched.json as Doc;
});
afterAll(() => service.stop());

describe('GET /api/openapi.json', () => {
  test('is anonymous JSON', () => {
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toMatch(/^application\/json\b/);
    expect(served.openapi).toMatch(/^3\.1\./);
  });

  test('is a valid OpenAPI 3.1 document, in dev mode and without it; the validator does refuse a broken one', () => {
    const broken = structuredClone(served);
    delete broken.info;
    broken.paths['/api/health'].get.responses['200'].content['application/json'].schema = {
      $ref: '#/components/schemas/Nope',
    };
    const { documents } = validate([served, openApiDocument({ devMode: false }), broken]);
    expect(documents[0]).toEqual({ valid: true });
    expect(documents[1]).toEqual({ valid: true });
    expect(documents[2]?.valid).toBe(false);
  });

  test('POST /api/sync-cycles: 202 with Location and the queued cycle, 200 only for a dry run, 409 while one runs', () => {
    const op = (served.paths as Doc)['/api/sync-cycles'].post as Doc;
    const responses = op.responses as Doc;
    expect(Object.keys(responses).filter((status) => Number(status) < 300)).toEqual(['200', '202']);
    expect(Object.keys(responses['202'].headers as Doc)).toEqual(['Location', 'Idempotent-Replay']);
    expect(responses['202'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/QueuedCycle',
    });
    expect(responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/DryRunResult',
    });
    expect(responses['409'].content['application/problem+json'].schema.allOf[1].properties.code).toEqual({
      enum: ['IdempotentRequestInProgress', 'SyncCycleInProgress'],
    });
    const status = (served.components as Doc).schemas.CycleStatus as Doc;
    expect(status.properties.status.enum).toEqual(['queued', 'running', 'succeeded', 'failed']);
  });

  test('documents every registered route and method, and nothing else', () => {
    const documented = Object.entries(served.paths as Doc)
      .flatMap(([path, item]) => Object.keys(item as Doc).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const registered = service.host.served
      .flatMap((fn) => fn.methods.map((method) => `${method.toUpperCase()} ${servedAsPath(fn.route)}`))
      .sort();
    expect(registered).toContain('POST /api/dev/token');
    expect(registered).toContain('GET /api/source-objects/{sourceAnchor}');
    expect(documented).toEqual(registered);
    // Each operation is named after the function that serves it.
    const byName = (entries: [string, string][]) => entries.map(([name, key]) => `${name}: ${key}`).sort();
    const operations = Object.entries(served.paths as Doc).flatMap(([path, item]) =>
      Object.entries(item as Doc).map(([method, op]): [string, string] => [
        (op as Doc).operationId as string,
        `${method.toUpperCase()} ${path}`,
      ]),
    );
    const functions = service.host.served.flatMap((fn) =>
      fn.methods.map((method): [string, string] => [
        fn.name,
        `${method.toUpperCase()} ${servedAsPath(fn.route)}`,
      ]),
    );
    expect(byName(operations)).toEqual(byName(functions));
  });

  test('the documented security is what each route enforces', async () => {
    const fill = (template: string) =>
      template
        .replace('{id}', '0'.repeat(32))
        .replace('{objectId}', randomUUID())
        .replace('{cycleId}', randomUUID())
        .replace('{eventId}', `0000000000000-${'0'.repeat(12)}`)
        .replace('{sourceAnchor}', 'probe/anchor');
    const agent = await service.token(newTenantId(), 'SyncAgent');
    for (const [template, item] of Object.entries(served.paths as Doc)) {
      for (const [method, op] of Object.entries(item as Doc)) {
        const url = `${service.url}${fill(template)}`;
        const anonymous = await call(url, method.toUpperCase());
        const access = (op as Doc)['x-access'] as string;
        const secured = ((op as Doc).security as unknown[]).length > 0;
        expect({
          op: (op as Doc).operationId,
          secured,
          anonymousStatus: anonymous.status === 401 ? 401 : 'let in',
        }).toEqual({
          op: (op as Doc).operationId,
          secured: access !== 'anonymous',
          anonymousStatus: secured ? 401 : 'let in',
        });
        if (!secured) continue;
        const asAgent = await call(url, method.toUpperCase(), { token: agent });
        expect({ op: (op as Doc).operationId, agent: asAgent.status === 403 ? 403 : 'let in' }).toEqual({
          op: (op as Doc).operationId,
          agent: access === 'admin' ? 403 : 'let in',
        });
      }
    }
  });

  test('real responses of every operation match the document: status, media type and schema', async () => {
    const samples: Sample[] = [];
    const record = async (method: string, path: string, options: CallOptions = {}) => {
      const res = await call(`${service.url}${path}`, method, options);
      const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      samples.push({
        method: method.toLowerCase(),
        path: path.split('?')[0]!,
        status: res.status,
        mediaType,
        body: res.json ?? res.text,
      });
      return res;
    };
    samples.push({
      method: 'get',
      path: '/api/openapi.json',
      status: 200,
      mediaType: 'application/json',
      body: served,
    });

    const tenant = newTenantId();
    const admin = await service.token(tenant, 'GlobalAdministrator', { oid: 'admin-oid', name: 'Ada Admin' });
    const agent = await service.token(tenant, 'SyncAgent');
    const api = (method: string, path: string, options: CallOptions = {}) =>
      record(method, path, { token: admin, ...options });
    const anchor = ORPHANED.recreatedSource.sourceAnchor;
    const cloudOnly = randomUUID();

    await record('GET', '/api/health');
    await record('POST', '/api/dev/token', { body: { tenantId: tenant, role: 'Contributor' } });
    await api('PUT', '/api/cloud-objects', {
      body: {
        objects: [
          ORPHANED.existingCloud,
          {
            objectId: cloudOnly,
            objectType: 'User',
            userPrincipalName: 'cloud.only@fabrikam.com',
            displayName: 'Cloud Only',
          },
        ],
      },
    });
    await api('PUT', '/api/source-objects', { token: agent, body: { objects: [ORPHANED.recreatedSource] } });
    await api('GET', '/api/source-objects', { token: agent });
    await api('GET', `/api/source-objects/${anchor}`);
    const queued = (await api('POST', '/api/sync-cycles')).json as { cycleId: string };
    await awaitCycle(service, admin, queued.cycleId, { intervalMs: 200 });
    await api('GET', '/api/sync-cycles');
    const list = (await api('GET', '/api/sync-errors')).json as {
      value: { id: string; attribute: string }[];
    };
    const upn = list.value.find((e) => e.attribute === 'UserPrincipalName')!.id;
    const proxy = list.value.find((e) => e.attribute === 'ProxyAddresses')!.id;
    await api('GET', '/api/sync-errors?state=open', { headers: { accept: 'text/csv' } });
    await api('GET', `/api/sync-errors/${upn}`);
    await api('GET', `/api/sync-errors/${upn}/diagnosis`);
    await api('POST', `/api/sync-errors/${upn}/diagnosis/answers`, {
      body: { questionId: 'userExistsOnPremises', answer: 'no' },
    });
    await api('POST', `/api/sync-errors/${upn}/diagnosis/answers`, {
      body: { questionId: 'sameUser', answer: 'yes' },
    });
    const fix = await api('POST', `/api/sync-errors/${upn}/apply-fix`, {
      headers: { 'idempotency-key': 'fix-1' },
    });
    await api('POST', `/api/sync-errors/${upn}/apply-fix`, { headers: { 'idempotency-key': 'fix-1' } });
    await api('POST', `/api/sync-errors/${upn}/apply-fix`);
    await api('GET', '/api/audit-events');
    await api('GET', `/api/audit-events?errorId=${upn}`);
    const fixEvent = (fix.json as { auditEventId: string }).auditEventId;
    await api('POST', `/api/audit-events/${fixEvent}/undo`);
    await api('POST', `/api/audit-events/${fixEvent}/undo`);
    await api('GET', '/api/audit-events');
    await api('POST', `/api/sync-errors/${proxy}/close`);
    await api('POST', `/api/sync-errors/${proxy}/diagnosis/answers`, {
      body: { questionId: 'sameUser', answer: 'no' },
    });
    await api('GET', `/api/sync-errors/${proxy}/diagnosis`);
    await api('GET', '/api/settings');
    await api('PATCH', '/api/settings', { body: { blockSoftMatchEnabled: true, deletionThreshold: null } });
    await api('PATCH', '/api/settings', { body: {} });
    await api('GET', '/api/cloud-objects?includeDeleted=true&top=1');
    await api('GET', `/api/cloud-objects/${cloudOnly}`);
    await api('DELETE', `/api/cloud-objects/${cloudOnly}`);
    await api('DELETE', `/api/cloud-objects/${cloudOnly}`);
    await api('DELETE', `/api/deleted-objects/${cloudOnly}`);
    await api('GET', `/api/cloud-objects/${cloudOnly}`);
    await api('DELETE', `/api/source-objects/${anchor}`);
    await api('GET', '/api/sync-errors?continuationToken=forged');
    await api('GET', '/api/sync-errors?top=0&colour=red');
    await api('PUT', '/api/source-objects', {
      rawBody: 'objects',
      headers: { 'content-type': 'text/plain' },
    });
    await api('PUT', '/api/source-objects', {
      rawBody: `{"objects":[${'0,'.repeat(600_000)}0]}`,
      headers: { 'content-type': 'application/json' },
    });
    const answers = `/api/sync-errors/${upn}/diagnosis/answers`;
    await api('POST', answers, {
      headers: { 'idempotency-key': 'k' },
      body: { questionId: 'sameUser', answer: 'no' },
    });
    await api('POST', answers, {
      headers: { 'idempotency-key': 'k' },
      body: { questionId: 'sameUser', answer: 'yes' },
    });
    await record('GET', '/api/settings');
    await record('GET', '/api/settings', { token: agent });
    // A cycle's status, in a tenant of its own too: the calls above use up their budget.
    const cycleAdmin = await service.token(newTenantId(), 'GlobalAdministrator');
    await record('POST', '/api/sync-cycles?dryRun=true', { token: cycleAdmin });
    const cycle = (await record('POST', '/api/sync-cycles', { token: cycleAdmin })).json as {
      cycleId: string;
    };
    await record('GET', `/api/sync-cycles/${cycle.cycleId}`, { token: cycleAdmin });
    await awaitCycle(service, cycleAdmin, cycle.cycleId, { intervalMs: 200 });
    await record('GET', `/api/sync-cycles/${cycle.cycleId}`, { token: cycleAdmin });
    await record('GET', `/api/sync-cycles/${randomUUID()}`, { token: cycleAdmin });
    // Preflight costs as much as a cycle: a tenant of its own, so that the calls above keep their budget.
    const preflightTenant = newTenantId();
    const preflightAdmin = await service.token(preflightTenant, 'GlobalAdministrator');
    const preflightAgent = await service.token(preflightTenant, 'SyncAgent');
    const preflight = (method: string, path: string, options: CallOptions = {}) =>
      record(method, path, { token: preflightAdmin, ...options });
    await preflight('PUT', '/api/source-objects', {
      token: preflightAgent,
      body: { objects: [{ ...ORPHANED.recreatedSource, userPrincipalName: 'jdoe.@contoso.local' }] },
    });
    await preflight('GET', '/api/preflight');
    await preflight('GET', '/api/preflight?attribute=userPrincipalName', { headers: { accept: 'text/csv' } });
    await preflight('GET', '/api/preflight/rules');
    await preflight('POST', '/api/preflight/ldif?undo=true', { body: { all: true } });
    await preflight('POST', '/api/preflight/ldif', { body: { ids: ['0'.repeat(32)] } });
    const busy = await service.token(newTenantId(), 'GlobalAdministrator');
    for (let i = 0; i < 150; i++) {
      if ((await record('GET', '/api/settings', { token: busy })).status === 429) break;
    }

    const undocumented: string[] = [];
    const checks: { pointer: string; body: unknown; sample: Sample }[] = [];
    for (const sample of samples) {
      const template = templateOf(served, sample.method, sample.path);
      const where = `${sample.method.toUpperCase()} ${sample.path} → ${sample.status} ${sample.mediaType}`;
      const response = (served.paths as Doc)[template][sample.method].responses[String(sample.status)] as
        Doc | undefined;
      if (!response) undocumented.push(`${where}: status not documented`);
      else if (sample.status === 204) {
        if (response.content !== undefined || sample.body !== '')
          undocumented.push(`${where}: 204 with content`);
      } else if (!response.content?.[sample.mediaType])
        undocumented.push(`${where}: media type not documented`);
      else {
        const pointer = [
          '',
          'paths',
          template,
          sample.method,
          'responses',
          String(sample.status),
          'content',
          sample.mediaType,
          'schema',
        ]
          .map(pointerPart)
          .join('/');
        checks.push({ pointer: `#${pointer}`, body: sample.body, sample });
      }
    }
    expect(undocumented).toEqual([]);

    const result = validate(
      [served],
      checks.map(({ pointer, body }) => ({ pointer, body })),
    );
    const failures = result.samples.flatMap((errors, i) => {
      const { sample } = checks[i]!;
      return errors === null
        ? []
        : [{ request: `${sample.method.toUpperCase()} ${sample.path} → ${sample.status}`, errors }];
    });
    expect(failures).toEqual([]);

    // Every documented operation answered with success at least once, and every problem status the
    // issue names (but the 500s and 503 no request can provoke) came up.
    const succeeded = new Set(
      samples
        .filter((s) => s.status < 300)
        .map(
          (s) => (served.paths as Doc)[templateOf(served, s.method, s.path)][s.method].operationId as string,
        ),
    );
    const operationIds = Object.values(served.paths as Doc).flatMap((item) =>
      Object.values(item as Doc).map((op) => (op as Doc).operationId as string),
    );
    expect([...succeeded].sort()).toEqual(operationIds.sort());
    expect([...new Set(samples.filter((s) => s.status >= 400).map((s) => s.status))].sort()).toEqual([
      400, 401, 403, 404, 409, 413, 415, 422, 429,
    ]);
  });
});
