import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { runCycle } from '../support/syncCycles';

/**
 * Issue 12: the engine's rules that imitate Entra, each shown end to end over HTTP on the running
 * service (the unit tests in test/shared/sync and test/shared/directory name the same sources).
 */
let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

async function session() {
  const tenant = newTenantId();
  const token = await service.token(tenant, 'GlobalAdministrator');
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await call(`${service.url}/api/${path}`, method, {
      token,
      ...(body === undefined ? {} : { body }),
    });
    return res;
  };
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await api(method, path, body);
    expect([method, path, res.status]).toEqual([method, path, 200]);
    return res.json as Record<string, unknown>;
  };
  await ok('PATCH', 'settings', { initialDomain: 'contoso.onmicrosoft.com' });
  const cycle = () => runCycle(service, token);
  return { api, ok, cycle };
}

interface Cloud {
  objectId: string;
  sourceAnchor: string | null;
  userPrincipalName: string | null;
}

// Microsoft Learn, "How to use UPN soft matching to synchronize objects": "UPN matching can be run
// only when SMTP matching fails".
test('rule 1: soft match takes the primary-SMTP candidate over an older UPN candidate', async () => {
  const s = await session();
  await s.ok('PUT', 'cloud-objects', {
    objects: [
      {
        objectId: '00000000-0000-4000-8000-00000000a001',
        objectType: 'User',
        userPrincipalName: 'joe@contoso.com',
      },
      {
        objectId: '00000000-0000-4000-8000-00000000a002',
        objectType: 'User',
        userPrincipalName: 'someone.else@contoso.com',
        proxyAddresses: ['SMTP:joe@contoso.com'],
      },
    ],
  });
  await s.ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: 'am9lLWFuY2hvcg==',
        objectType: 'User',
        userPrincipalName: 'joe@contoso.com',
        proxyAddresses: ['SMTP:joe@contoso.com'],
      },
    ],
  });
  await s.cycle();
  const clouds = (await s.ok('GET', 'cloud-objects')).value as Cloud[];
  expect(clouds.find((c) => c.sourceAnchor === 'am9lLWFuY2hvcg==')?.objectId).toBe(
    '00000000-0000-4000-8000-00000000a002',
  );
});

// SPEC decision 13; Microsoft Learn, "Identity synchronization and duplicate attribute resiliency".
test('rule 8: a quarantined UPN keeps 60 characters of its prefix, 64 with its digits', async () => {
  const s = await session();
  // 63 characters before the @: Entra takes it (64 at most); its placeholder keeps 60 of them.
  const long = `${'x'.repeat(63)}@contoso.com`;
  await s.ok('PUT', 'cloud-objects', {
    objects: [
      { objectId: '00000000-0000-4000-8000-00000000b001', objectType: 'User', userPrincipalName: long },
    ],
  });
  await s.ok('PATCH', 'settings', { initialDomain: 'contoso.onmicrosoft.com' });
  await s.ok('PUT', 'source-objects', {
    objects: [
      { sourceAnchor: 'bG9uZy1hbmNob3I=', objectType: 'User', userPrincipalName: long, proxyAddresses: [] },
    ],
  });
  // The cloud-only user with that UPN is soft-matched unless blocked; a second one collides.
  await s.ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: 'c2Vjb25kLWFuY2hvcg==',
        objectType: 'User',
        userPrincipalName: long,
        proxyAddresses: [],
      },
    ],
  });
  await s.cycle();
  const clouds = (await s.ok('GET', 'cloud-objects')).value as Cloud[];
  const quarantined = clouds.find((c) => c.sourceAnchor === 'c2Vjb25kLWFuY2hvcg==');
  expect(quarantined?.userPrincipalName).toMatch(/^x{60}[0-9]{4}@contoso\.onmicrosoft\.com$/);
});

// SPEC step 3; Microsoft Learn, "Prevent accidental deletes": the export stops before deleting any
// object, and no objects are exported.
test('rule 6: past the deletion threshold nothing is exported, not only the deletes', async () => {
  const s = await session();
  await s.ok('PATCH', 'settings', { deletionThreshold: 1 });
  const users = [1, 2].map((i) => ({
    sourceAnchor: `dGhyZXNob2xk${i}`,
    objectType: 'User',
    userPrincipalName: `t${i}@contoso.com`,
    proxyAddresses: [],
  }));
  await s.ok('PUT', 'source-objects', { objects: users });
  await s.cycle();
  for (const u of users) await s.ok('DELETE', `source-objects/${u.sourceAnchor}`);
  await s.ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: 'bmV3Y29tZXI=',
        objectType: 'User',
        userPrincipalName: 'new@contoso.com',
        proxyAddresses: [],
      },
    ],
  });
  const summary = await s.cycle();
  expect(summary).toMatchObject({
    provisioned: 0,
    softDeleted: 0,
    deletionThresholdExceeded: true,
    deletionsHeldBack: 2,
  });
  const clouds = (await s.ok('GET', 'cloud-objects')).value as Cloud[];
  expect(clouds.map((c) => c.userPrincipalName).sort()).toEqual(['t1@contoso.com', 't2@contoso.com']);
});

// SPEC step 3: only users have a recycle bin.
test('rule 7: a group or contact deleted on-premises is removed for good; a user goes to deleted items', async () => {
  const s = await session();
  await s.ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: 'Z3JvdXA=',
        objectType: 'Group',
        displayName: 'Team',
        proxyAddresses: ['SMTP:team@contoso.com'],
      },
      {
        sourceAnchor: 'Y29udGFjdA==',
        objectType: 'Contact',
        displayName: 'Ext',
        proxyAddresses: ['SMTP:ext@fabrikam.com'],
      },
      {
        sourceAnchor: 'dXNlcg==',
        objectType: 'User',
        userPrincipalName: 'u@contoso.com',
        proxyAddresses: [],
      },
    ],
  });
  await s.cycle();
  for (const anchor of ['Z3JvdXA=', 'Y29udGFjdA==', 'dXNlcg=='])
    await s.ok('DELETE', `source-objects/${anchor}`);
  expect(await s.cycle()).toMatchObject({ softDeleted: 1, purged: 2 });
  const all = (await s.ok('GET', 'cloud-objects?includeDeleted=true')).value as (Cloud & {
    deletedDateTime: string | null;
  })[];
  expect(all.map((c) => [c.sourceAnchor, c.deletedDateTime !== null])).toEqual([['dXNlcg==', true]]);
});

// SPEC uniqueness table: a soft-deleted object holds none of the unique values.
test('rule 3: a value held only by a soft-deleted user is free for an active one', async () => {
  const s = await session();
  await s.ok('PUT', 'cloud-objects', {
    objects: [
      {
        objectId: '00000000-0000-4000-8000-00000000c001',
        objectType: 'User',
        userPrincipalName: 'gone@contoso.com',
        deletedDateTime: new Date(Date.now() - 86_400_000).toISOString(),
      },
    ],
  });
  await s.ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: 'YWN0aXZl',
        objectType: 'User',
        userPrincipalName: 'gone@contoso.com',
        proxyAddresses: [],
      },
    ],
  });
  expect(await s.cycle()).toMatchObject({ provisioned: 1, errorsCreated: 0 });
  const clouds = (await s.ok('GET', 'cloud-objects')).value as Cloud[];
  expect(clouds.map((c) => c.userPrincipalName)).toEqual(['gone@contoso.com']);
});

interface ErrorView {
  errorType: string;
  category: string;
  attribute: string;
  value: string;
  diagnoseStatus: string;
  existingObject: { objectId: string | null };
}

// Microsoft Learn, "Identity synchronization and duplicate attribute resiliency": resiliency covers
// UserPrincipalName and SMTP ProxyAddresses; its known issues: an SMTP conflict between objects of
// different classes is not resilient.
test('rule 4: an X500 conflict, and an SMTP conflict with another class, fail the export', async () => {
  const s = await session();
  await s.ok('PUT', 'cloud-objects', {
    objects: [
      {
        objectId: '00000000-0000-4000-8000-00000000d001',
        objectType: 'User',
        userPrincipalName: 'holder@contoso.com',
        proxyAddresses: ['SMTP:holder@contoso.com', 'X500:/o=Contoso/cn=Recipients/cn=joe'],
      },
      {
        objectId: '00000000-0000-4000-8000-00000000d002',
        objectType: 'Group',
        displayName: 'Sales',
        proxyAddresses: ['SMTP:sales@contoso.com', 'smtp:team@contoso.com'],
      },
    ],
  });
  await s.ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: 'eDUwMA==',
        objectType: 'User',
        userPrincipalName: 'x500@contoso.com',
        proxyAddresses: ['SMTP:x500@contoso.com', 'x500:/O=CONTOSO/cn=Recipients/cn=joe'],
      },
      {
        sourceAnchor: 'Y2xhc3M=',
        objectType: 'User',
        userPrincipalName: 'team.user@contoso.com',
        proxyAddresses: ['SMTP:team.user@contoso.com', 'smtp:team@contoso.com'],
      },
    ],
  });
  expect(await s.cycle()).toMatchObject({ provisioned: 0, errorsCreated: 2 });
  const errors = (await s.ok('GET', 'sync-errors')).value as ErrorView[];
  expect(errors.map((e) => [e.errorType, e.category, e.value]).sort()).toEqual([
    ['AttributeValueMustBeUnique', 'DuplicateAttribute', 'smtp:team@contoso.com'],
    ['AttributeValueMustBeUnique', 'DuplicateAttribute', 'x500:/O=CONTOSO/cn=Recipients/cn=joe'],
  ]);
});

// SPEC "Error categories"; Microsoft Learn, "Troubleshooting errors during synchronization":
// ObjectTypeMismatch.
test('rule 5: a soft match on an object of another class is ObjectTypeMismatch, DataMismatch, every cycle', async () => {
  const s = await session();
  await s.ok('PUT', 'cloud-objects', {
    objects: [
      {
        objectId: '00000000-0000-4000-8000-00000000e001',
        objectType: 'Group',
        displayName: 'Partners',
        proxyAddresses: ['SMTP:partners@contoso.com'],
      },
    ],
  });
  await s.ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: 'Y29udGFjdA==',
        objectType: 'Contact',
        displayName: 'Partners (contact)',
        proxyAddresses: ['SMTP:partners@contoso.com'],
      },
    ],
  });
  expect(await s.cycle()).toMatchObject({ provisioned: 0, errorsCreated: 1 });
  expect(await s.cycle()).toMatchObject({
    provisioned: 0,
    errorsCreated: 0,
    errorsResolved: 0,
  });
  const errors = (await s.ok('GET', 'sync-errors?category=DataMismatch')).value as ErrorView[];
  expect(errors.map((e) => [e.errorType, e.attribute, e.diagnoseStatus, e.existingObject.objectId])).toEqual([
    ['ObjectTypeMismatch', 'ProxyAddresses', 'ManualFixRequired', '00000000-0000-4000-8000-00000000e001'],
  ]);
  const source = await s.ok('GET', 'source-objects/Y29udGFjdA==');
  expect(source).toMatchObject({ connectorState: 'PendingAdd', objectId: null });
});

// SPEC "Tenant settings": Entra's switches under their Graph names (onPremisesDirectorySynchronizationFeature).
test('rule 2: the settings carry blockSoftMatchEnabled, softMatchOnUpnEnabled and the hard-match takeover block; softMatchEnabled is gone', async () => {
  const s = await session();
  expect(await s.ok('GET', 'settings')).toMatchObject({
    blockSoftMatchEnabled: false,
    softMatchOnUpnEnabled: true,
    blockCloudObjectTakeoverThroughHardMatchEnabled: false,
  });
  expect((await s.api('PATCH', 'settings', { softMatchEnabled: false })).status).toBe(400);
  await s.ok('PATCH', 'settings', { softMatchOnUpnEnabled: false });
  await s.ok('PUT', 'cloud-objects', {
    objects: [
      {
        objectId: '00000000-0000-4000-8000-00000000f001',
        objectType: 'User',
        userPrincipalName: 'upn@contoso.com',
      },
    ],
  });
  await s.ok('PUT', 'source-objects', {
    objects: [
      { sourceAnchor: 'dXBu', objectType: 'User', userPrincipalName: 'upn@contoso.com', proxyAddresses: [] },
    ],
  });
  expect(await s.cycle()).toMatchObject({ provisioned: 1, errorsCreated: 1 });
  await s.ok('PATCH', 'settings', { blockSoftMatchEnabled: true, softMatchOnUpnEnabled: true });
  expect(await s.ok('GET', 'settings')).toMatchObject({
    blockSoftMatchEnabled: true,
    softMatchOnUpnEnabled: true,
  });
});

// Microsoft Learn, "Troubleshooting errors during synchronization": ExistingAdminRoleConflict.
test('rule 5: a soft match onto a cloud admin is ExistingAdminRoleConflict; the user is provisioned, quarantined', async () => {
  const s = await session();
  await s.ok('PUT', 'cloud-objects', {
    objects: [
      {
        objectId: '00000000-0000-4000-8000-0000000a0001',
        objectType: 'User',
        userPrincipalName: 'admin@contoso.com',
        directoryRoleTemplateIds: ['62e90394-69f5-4237-9190-012177145e10'],
      },
    ],
  });
  await s.ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: 'YWRtaW4=',
        objectType: 'User',
        userPrincipalName: 'admin@contoso.com',
        proxyAddresses: [],
      },
    ],
  });
  expect(await s.cycle()).toMatchObject({ provisioned: 1, errorsCreated: 1 });
  const [error] = (await s.ok('GET', 'sync-errors')).value as ErrorView[];
  expect(error).toMatchObject({
    errorType: 'ExistingAdminRoleConflict',
    category: 'DataMismatch',
    attribute: 'UserPrincipalName',
    diagnoseStatus: 'ManualFixRequired',
    existingObject: { objectId: '00000000-0000-4000-8000-0000000a0001' },
  });
});

// SPEC step 1: InvalidHardMatch while blockCloudObjectTakeoverThroughHardMatchEnabled is on.
test('rule 5: with the takeover block on, a hard match onto a cloud-managed object is InvalidHardMatch', async () => {
  const s = await session();
  await s.ok('PATCH', 'settings', { blockCloudObjectTakeoverThroughHardMatchEnabled: true });
  await s.ok('PUT', 'cloud-objects', {
    objects: [
      {
        objectId: '00000000-0000-4000-8000-0000000b0001',
        objectType: 'User',
        userPrincipalName: 'cloud.managed@contoso.com',
        sourceAnchor: 'Y2xvdWQ=',
        dirSyncEnabled: false,
      },
    ],
  });
  await s.ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: 'Y2xvdWQ=',
        objectType: 'User',
        userPrincipalName: 'onprem@contoso.com',
        proxyAddresses: [],
      },
    ],
  });
  expect(await s.cycle()).toMatchObject({ provisioned: 0, updated: 0, errorsCreated: 1 });
  const [error] = (await s.ok('GET', 'sync-errors?category=DataMismatch')).value as ErrorView[];
  expect(error).toMatchObject({
    errorType: 'InvalidHardMatch',
    attribute: 'SourceAnchor',
    value: 'Y2xvdWQ=',
  });
  const cloudObject = await s.ok('GET', 'cloud-objects/00000000-0000-4000-8000-0000000b0001');
  expect(cloudObject).toMatchObject({
    userPrincipalName: 'cloud.managed@contoso.com',
    dirSyncEnabled: false,
  });
});

// SPEC "Error categories": IdentityDataValidationFailed and LargeObject, end to end.
test('rule 5 and 9: an AD value Entra refuses is accepted as input and becomes an error, not a 400', async () => {
  const s = await session();
  await s.ok('PUT', 'source-objects', {
    objects: [
      { sourceAnchor: 'YW1w', objectType: 'User', userPrincipalName: 'jo&e@contoso.com', proxyAddresses: [] },
      {
        sourceAnchor: 'bGFyZ2U=',
        objectType: 'User',
        userPrincipalName: 'large@contoso.com',
        proxyAddresses: Array.from({ length: 333 }, (_, i) => `smtp:large${i}@contoso.com`),
      },
    ],
  });
  expect(await s.cycle()).toMatchObject({ provisioned: 0, errorsCreated: 2 });
  const errors = (await s.ok('GET', 'sync-errors')).value as (ErrorView & { existingObject: unknown })[];
  expect(errors.map((e) => [e.errorType, e.category, e.existingObject]).sort()).toEqual([
    ['IdentityDataValidationFailed', 'DataValidationFailure', null],
    ['LargeObject', 'LargeAttribute', null],
  ]);
});
