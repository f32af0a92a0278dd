import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { runCycle } from '../support/syncCycles';
import { COMMON, ORPHANED } from '../support/seedScenarios';

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

interface Summary {
  provisioned: number;
  errorsCreated: number;
  errorsResolved: number;
  softDeleted: number;
  deletionThresholdExceeded: boolean;
  deletionsHeldBack: number;
}
interface CloudView {
  objectId: string;
  userPrincipalName: string;
  sourceAnchor: string | null;
  proxyAddresses: string[];
  deletedDateTime: string | null;
}

async function admin(tenant: string) {
  const token = await service.token(tenant, 'GlobalAdministrator');
  const api = (method: string, path: string, body?: unknown) =>
    call(`${service.url}/api/${path}`, method, { token, ...(body === undefined ? {} : { body }) });
  return {
    api,
    cycle: async () => (await runCycle(service, token)) as unknown as Summary,
    cloudByUpn: async (upn: string) =>
      (
        (await api('GET', `cloud-objects?userPrincipalName=${encodeURIComponent(upn)}`)).json as {
          value: CloudView[];
        }
      ).value,
  };
}

describe('the seed common scenario through HTTP', () => {
  test('two on-premises users with one UPN: the second is quarantined, then restored once fixed on-premises', async () => {
    const tenant = newTenantId();
    const { api, cycle, cloudByUpn } = await admin(tenant);
    expect((await api('PATCH', 'settings', { initialDomain: 'contoso.onmicrosoft.com' })).status).toBe(200);
    const put = await api('PUT', 'source-objects', { objects: [COMMON.johnson, COMMON.jackson] });
    expect(put.status).toBe(200);
    const first = await cycle();
    expect(first).toMatchObject({ provisioned: 2, errorsCreated: 1 });

    const holders = await cloudByUpn('joe.j@contoso.com');
    expect(holders).toHaveLength(1);
    expect(holders[0]?.sourceAnchor).toBe(COMMON.johnson.sourceAnchor);
    const all = (await api('GET', 'cloud-objects')).json as { value: CloudView[] };
    const jackson = all.value.find((c) => c.sourceAnchor === COMMON.jackson.sourceAnchor);
    expect(jackson?.userPrincipalName).toMatch(/^Joe\.J\d{4}@contoso\.onmicrosoft\.com$/);

    const source = await api('GET', `source-objects/${COMMON.jackson.sourceAnchor}`);
    expect(source.status).toBe(200);
    expect(source.json).toMatchObject({ connectorState: 'Exported', objectId: jackson?.objectId });

    // Unchanged: the quarantine keeps its placeholder and nothing new is reported.
    const second = await cycle();
    expect(second).toMatchObject({ provisioned: 0, errorsCreated: 0, errorsResolved: 0 });
    const again = (await api('GET', `cloud-objects/${jackson?.objectId ?? ''}`)).json as CloudView;
    expect(again.userPrincipalName).toBe(jackson?.userPrincipalName);

    // The admin fixes it on-premises: Joe Jackson gets his own UPN.
    await api('PUT', 'source-objects', {
      objects: [{ ...COMMON.jackson, userPrincipalName: 'Joe.Jackson@contoso.com' }],
    });
    expect(await cycle()).toMatchObject({ errorsResolved: 1 });
    expect((await cloudByUpn('joe.jackson@contoso.com'))[0]?.objectId).toBe(jackson?.objectId);
  });

  test('an anchor with / and + works raw and percent-encoded in catch-all routes', async () => {
    const tenant = newTenantId();
    const { api } = await admin(tenant);
    await api('PUT', 'source-objects', { objects: [COMMON.jackson] });
    const raw = await api('GET', `source-objects/${COMMON.jackson.sourceAnchor}`);
    const encoded = await api('GET', `source-objects/${encodeURIComponent(COMMON.jackson.sourceAnchor)}`);
    expect(raw.status).toBe(200);
    expect(encoded.status).toBe(200);
    expect(encoded.json).toEqual(raw.json);
  });
});

describe('the seed orphaned scenario through HTTP', () => {
  test('the recreated user collides with his own old cloud object on UPN and proxy address', async () => {
    const tenant = newTenantId();
    const { api, cycle } = await admin(tenant);
    expect((await api('PUT', 'cloud-objects', { objects: [ORPHANED.existingCloud] })).status).toBe(200);
    expect((await api('PUT', 'source-objects', { objects: [ORPHANED.recreatedSource] })).status).toBe(200);
    const summary = await cycle();
    // Not a soft match: the old object has an anchor. A new object is provisioned, quarantined.
    expect(summary).toMatchObject({ provisioned: 1, errorsCreated: 2 });
    const old = (await api('GET', `cloud-objects/${ORPHANED.existingCloud.objectId}`)).json as CloudView;
    expect(old).toMatchObject({ sourceAnchor: ORPHANED.existingCloud.sourceAnchor, deletedDateTime: null });
  });
});

describe('deletes and the deletion threshold', () => {
  test('deleting more source objects than the threshold deletes none and says so; lifting it deletes them', async () => {
    const tenant = newTenantId();
    const { api, cycle } = await admin(tenant);
    await api('PATCH', 'settings', { deletionThreshold: 2 });
    // Users, which go to deleted items (groups and contacts are removed for good: entraRules.test.ts).
    const objects = [1, 2, 3].map((i) => ({
      sourceAnchor: `anchor-${i}`,
      objectType: 'User',
      userPrincipalName: `user${i}@contoso.com`,
      displayName: `User ${i}`,
      proxyAddresses: [`SMTP:user${i}@contoso.com`],
    }));
    await api('PUT', 'source-objects', { objects });
    expect(await cycle()).toMatchObject({ provisioned: 3 });
    for (const o of objects)
      expect((await api('DELETE', `source-objects/${o.sourceAnchor}`)).status).toBe(200);
    expect(await cycle()).toMatchObject({
      softDeleted: 0,
      deletionThresholdExceeded: true,
      deletionsHeldBack: 3,
    });
    await api('PATCH', 'settings', { deletionThreshold: null });
    expect(await cycle()).toMatchObject({ softDeleted: 3, deletionThresholdExceeded: false });
    const live = (await api('GET', 'cloud-objects')).json as { value: unknown[] };
    expect(live.value).toHaveLength(0);
    const withDeleted = (await api('GET', 'cloud-objects?includeDeleted=true')).json as { value: unknown[] };
    expect(withDeleted.value).toHaveLength(3);
    expect((await api('GET', 'source-objects/anchor-1')).status).toBe(404);
  });
});
