import { tenantPartitionsFilter } from '../../shared/store/tenantLayout';
import { releaseLease, tryAcquireLease } from '../../shared/store/tenantLease';
import { call, dataTable, newTenantId, startTestService, type TestService } from '../support/service';
import { COMMON } from '../support/seedScenarios';
import { awaitCycle, runCycle } from '../support/syncCycles';

/**
 * POST /api/sync-cycles?dryRun=true (SPEC "Preflight", last point): the summary and the errors the
 * next cycle would create and resolve, nothing written. Each case compares the dry run with the
 * real cycle that follows it.
 */

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

interface ErrorView {
  id: string;
  errorType: string;
  attribute: string;
  value: string;
  conflictingObject: { sourceAnchor: string | null };
}
interface DryRun {
  dryRun: true;
  summary: Record<string, unknown> & { startedAt: string };
  errorsCreated: ErrorView[];
  errorsResolved: ErrorView[];
}

async function admin(tenant: string) {
  const token = await service.token(tenant, 'GlobalAdministrator');
  const api = (method: string, path: string, body?: unknown) =>
    call(`${service.url}/api/${path}`, method, { token, ...(body === undefined ? {} : { body }) });
  return Object.assign(api, { token, cycle: () => runCycle(service, token) });
}

/** Every row the tenant has, in every partition, with its ETag: "nothing written" means this does not change. */
async function tenantRows(tenant: string): Promise<string[]> {
  const rows: string[] = [];
  const entities = dataTable().listEntities({
    queryOptions: { filter: tenantPartitionsFilter(tenant) },
  });
  for await (const entity of entities)
    rows.push(`${entity.partitionKey ?? ''} ${entity.rowKey ?? ''} ${entity.etag}`);
  return rows.sort();
}

/** The counts of a summary, without what differs between any two runs (ids and times). */
function countsOf(summary: Record<string, unknown>): Record<string, unknown> {
  const varying = new Set(['cycleId', 'trigger', 'outcome', 'startedAt', 'finishedAt']);
  return Object.fromEntries(Object.entries(summary).filter(([key]) => !varying.has(key)));
}

const comparable = (e: ErrorView) => ({
  id: e.id,
  errorType: e.errorType,
  attribute: e.attribute,
  value: e.value,
  conflicting: e.conflictingObject.sourceAnchor,
});

describe('the dry run of the next cycle', () => {
  test('says what the cycle will create, writes nothing, and the real cycle then does exactly that', async () => {
    const tenant = newTenantId();
    const api = await admin(tenant);
    expect((await api('PATCH', 'settings', { initialDomain: 'contoso.onmicrosoft.com' })).status).toBe(200);
    expect((await api('PUT', 'source-objects', { objects: [COMMON.johnson, COMMON.jackson] })).status).toBe(
      200,
    );
    const before = await tenantRows(tenant);

    const dry = await api('POST', 'sync-cycles?dryRun=true');
    expect(dry.status).toBe(200);
    const plan = dry.json as DryRun;
    expect(plan.dryRun).toBe(true);
    expect(plan.summary).toMatchObject({
      objectsRead: 2,
      provisioned: 2,
      errorsCreated: 1,
      errorsResolved: 0,
    });
    expect(plan.errorsCreated).toHaveLength(1);
    expect(plan.errorsCreated[0]).toMatchObject({
      errorType: 'QuarantinedAttributeValueMustBeUnique',
      attribute: 'UserPrincipalName',
      conflictingObject: { sourceAnchor: COMMON.jackson.sourceAnchor },
    });

    // Nothing written: not a row, not an ETag, no summary in the history, no error in the list.
    expect(await tenantRows(tenant)).toEqual(before);
    expect(((await api('GET', 'sync-cycles')).json as { value: unknown[] }).value).toEqual([]);
    expect(((await api('GET', 'sync-errors')).json as { value: unknown[] }).value).toEqual([]);
    expect(((await api('GET', 'cloud-objects')).json as { value: unknown[] }).value).toEqual([]);

    const real = await api.cycle();
    expect(countsOf({ ...real })).toEqual(countsOf(plan.summary));
    const listed = ((await api('GET', 'sync-errors')).json as { value: ErrorView[] }).value;
    expect(listed.map(comparable)).toEqual(plan.errorsCreated.map(comparable));
  });

  test('says what the cycle will resolve once the admin fixes the value on-premises', async () => {
    const tenant = newTenantId();
    const api = await admin(tenant);
    await api('PATCH', 'settings', { initialDomain: 'contoso.onmicrosoft.com' });
    await api('PUT', 'source-objects', { objects: [COMMON.johnson, COMMON.jackson] });
    await api.cycle();
    const open = ((await api('GET', 'sync-errors')).json as { value: ErrorView[] }).value;
    expect(open).toHaveLength(1);

    await api('PUT', 'source-objects', {
      objects: [{ ...COMMON.jackson, userPrincipalName: 'Joe.Jackson@contoso.com' }],
    });
    const plan = (await api('POST', 'sync-cycles?dryRun=true')).json as DryRun;
    expect(plan.summary).toMatchObject({ errorsCreated: 0, errorsResolved: 1, provisioned: 0 });
    expect(plan.errorsResolved.map((e) => e.id)).toEqual(open.map((e) => e.id));
    expect(plan.errorsCreated).toEqual([]);

    const real = await api.cycle();
    expect(countsOf({ ...real })).toEqual(countsOf(plan.summary));
    const resolved = ((await api('GET', 'sync-errors?state=resolved')).json as { value: ErrorView[] }).value;
    expect(resolved.map((e) => e.id)).toEqual(plan.errorsResolved.map((e) => e.id));
  });

  test('is refused while a cycle holds the tenant, as a cycle would be, and works once it ends', async () => {
    const tenant = newTenantId();
    const api = await admin(tenant);
    await api('PUT', 'source-objects', { objects: [COMMON.johnson] });
    const taken = await tryAcquireLease(dataTable(), tenant, 'a-running-cycle', 'cycle', new Date(), 60);
    if (!taken.acquired) throw new Error('the test could not take the lease');
    try {
      const refused = await api('POST', 'sync-cycles?dryRun=true');
      expect(refused.status).toBe(409);
      expect(refused.json).toMatchObject({ code: 'SyncCycleInProgress' });
    } finally {
      await releaseLease(dataTable(), taken.lease);
    }
    expect((await api('POST', 'sync-cycles?dryRun=true')).status).toBe(200);
  });

  test('checks the caller and its input like the cycle it previews', async () => {
    const tenant = newTenantId();
    const agent = await service.token(tenant, 'SyncAgent');
    const forbidden = await call(`${service.url}/api/sync-cycles?dryRun=true`, 'POST', { token: agent });
    expect(forbidden.status).toBe(403);
    expect((await call(`${service.url}/api/sync-cycles?dryRun=true`, 'POST')).status).toBe(401);
    const api = await admin(tenant);
    const bad = await api('POST', 'sync-cycles?dryRun=yes');
    expect(bad.status).toBe(400);
    // dryRun=false is the ordinary cycle: queued (202), then run.
    const queued = await api('POST', 'sync-cycles?dryRun=false');
    expect(queued.status).toBe(202);
    const { cycleId } = queued.json as { cycleId: string };
    expect(queued.json).toEqual({ cycleId, status: 'queued' });
    expect(queued.headers.get('location')).toBe(`/api/sync-cycles/${cycleId}`);
    expect(await awaitCycle(service, api.token, cycleId)).toMatchObject({
      status: 'succeeded',
      summary: { cycleId, outcome: 'completed' },
    });
  });
});
