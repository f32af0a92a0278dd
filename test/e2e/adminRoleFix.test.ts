import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { runCycle } from '../support/syncCycles';

/**
 * Issue 12: the ExistingAdminRoleConflict guided fix over HTTP (SPEC "Errors beyond duplicates";
 * Microsoft Learn, "Troubleshooting errors during synchronization", ExistingAdminRoleConflict, whose
 * four manual steps it does as one audited action).
 */
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const ADMIN_ID = '00000000-0000-4000-8000-0000000ad001';
const ANCHOR = 'b25wcmVtLWFkbWlu';

interface Cloud {
  objectId: string;
  sourceAnchor: string | null;
  userPrincipalName: string;
  directoryRoleTemplateIds: string[];
  directoryRolesToRestore: string[];
}
interface ErrorView {
  id: string;
  errorType: string;
  diagnoseStatus: string;
  conflictingObject: { objectId: string | null };
}

async function adminConflict() {
  const tenant = newTenantId();
  const token = await service.token(tenant, 'GlobalAdministrator', { oid: 'oid-fixer', name: 'Fixer' });
  const api = (method: string, path: string, body?: unknown) =>
    call(`${service.url}/api/${path}`, method, { token, ...(body === undefined ? {} : { body }) });
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await api(method, path, body);
    expect([method, path, res.status, res.status === 200 ? '' : res.text]).toEqual([method, path, 200, '']);
    return res.json as Record<string, unknown>;
  };
  await ok('PATCH', 'settings', { initialDomain: 'contoso.onmicrosoft.com' });
  await ok('PUT', 'cloud-objects', {
    objects: [
      {
        objectId: ADMIN_ID,
        objectType: 'User',
        userPrincipalName: 'ada@contoso.com',
        proxyAddresses: ['SMTP:ada@contoso.com'],
        directoryRoleTemplateIds: [GLOBAL_ADMIN],
      },
    ],
  });
  await ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: ANCHOR,
        objectType: 'User',
        userPrincipalName: 'ada@contoso.com',
        displayName: 'Ada',
        proxyAddresses: ['SMTP:ada@contoso.com'],
      },
    ],
  });
  const cycle = () => runCycle(service, token);
  await cycle();
  const errors = (await ok('GET', 'sync-errors')).value as ErrorView[];
  const error = errors.find((e) => e.errorType === 'ExistingAdminRoleConflict');
  expect(error).toBeDefined();
  return { api, ok, cycle, error: error!, errors };
}

test('apply-fix takes the roles off, deletes the quarantined user, and the next cycle matches and gives the roles back', async () => {
  const s = await adminConflict();
  const quarantinedId = s.error.conflictingObject.objectId;
  expect(quarantinedId).not.toBeNull();
  const fix = await s.ok('POST', `sync-errors/${s.error.id}/apply-fix`);
  expect(fix).toMatchObject({
    diagnoseStatus: 'PendingSync',
    existingObjectId: ADMIN_ID,
    deletedObjectId: quarantinedId,
  });
  // Every error of the pair waits for the next cycle.
  expect(((await s.ok('GET', 'sync-errors')).value as ErrorView[]).map((e) => e.diagnoseStatus)).toEqual(
    s.errors.map(() => 'PendingSync'),
  );
  expect(await s.ok('GET', `cloud-objects/${ADMIN_ID}`)).toMatchObject({
    directoryRoleTemplateIds: [],
    directoryRolesToRestore: [GLOBAL_ADMIN],
  });
  expect((await s.api('GET', `cloud-objects/${quarantinedId}`)).status).toBe(404);

  const cycle = await s.cycle();
  expect(cycle).toMatchObject({ provisioned: 0, errorsResolved: s.errors.length });
  const admin = (await s.ok('GET', `cloud-objects/${ADMIN_ID}`)) as unknown as Cloud;
  expect(admin).toMatchObject({
    sourceAnchor: ANCHOR,
    userPrincipalName: 'ada@contoso.com',
    directoryRoleTemplateIds: [GLOBAL_ADMIN],
    directoryRolesToRestore: [],
  });
  expect((await s.ok('GET', 'sync-errors')).value).toEqual([]);
  // After that cycle, undo is refused.
  const events = (await s.ok('GET', 'audit-events')).value as { id: string; action: string }[];
  const fixEvent = events.find((e) => e.action === 'applyFix')!;
  const undo = await s.api('POST', `audit-events/${fixEvent.id}/undo`);
  expect([undo.status, (undo.json as { code: string }).code]).toEqual([409, 'UndoConflict']);
});

test('undo before the next cycle gives the roles back and re-creates the quarantined user', async () => {
  const s = await adminConflict();
  const before = (await s.ok('GET', 'cloud-objects?includeDeleted=true')).value;
  const fix = await s.ok('POST', `sync-errors/${s.error.id}/apply-fix`);
  const undo = await s.ok('POST', `audit-events/${String(fix.auditEventId)}/undo`);
  expect(undo).toMatchObject({ restoredObjectId: s.error.conflictingObject.objectId });
  expect((await s.ok('GET', 'cloud-objects?includeDeleted=true')).value).toEqual(before);
  expect(
    ((await s.ok('GET', 'sync-errors')).value as ErrorView[]).map((e) => e.diagnoseStatus).sort(),
  ).toEqual(s.errors.map((e) => e.diagnoseStatus).sort());
});

test('refusals: the admin lost its roles, or the quarantined user is soft-deleted', async () => {
  const s = await adminConflict();
  await s.ok('DELETE', `cloud-objects/${s.error.conflictingObject.objectId ?? ''}`);
  const soft = await s.api('POST', `sync-errors/${s.error.id}/apply-fix`);
  expect([soft.status, (soft.json as { code: string }).code]).toEqual([409, 'ConflictingUserSoftDeleted']);

  const t = await adminConflict();
  await t.ok('PUT', 'cloud-objects', {
    objects: [
      {
        objectId: ADMIN_ID,
        objectType: 'User',
        userPrincipalName: 'ada@contoso.com',
        proxyAddresses: ['SMTP:ada@contoso.com'],
      },
    ],
  });
  const lost = await t.api('POST', `sync-errors/${t.error.id}/apply-fix`);
  expect([lost.status, (lost.json as { code: string }).code]).toEqual([409, 'FixNotAvailable']);
  expect((lost.json as { detail: string }).detail).toMatch(/holds no directory role/);
});
