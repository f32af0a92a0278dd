import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { runCycle } from '../support/syncCycles';
import { COMMON, ORPHANED } from '../support/seedScenarios';

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

interface ErrorView {
  id: string;
  attribute: string;
  errorType: string;
  diagnoseStatus: string;
  conflictingObject: { objectId: string | null; sourceAnchor: string };
  existingObject: { objectId: string };
}
interface Step {
  kind: 'question' | 'outcome';
  questionId?: string;
  suggestedAnswer?: string;
  outcome?: string;
  evidence?: unknown;
}
interface Problem {
  code: string;
  detail: string;
}

async function tenantSession(role: 'GlobalAdministrator' | 'Contributor' = 'GlobalAdministrator') {
  const tenant = newTenantId();
  const token = await service.token(tenant, role, { oid: 'admin-oid-1', name: 'Ada Admin' });
  const api = (method: string, path: string, body?: unknown) =>
    call(`${service.url}/api/${path}`, method, { token, ...(body === undefined ? {} : { body }) });
  const errors = async (query = '') =>
    ((await api('GET', `sync-errors${query}`)).json as { value: ErrorView[] }).value;
  const cycle = async () => (await runCycle(service, token)) as unknown as Record<string, unknown>;
  const answer = (id: string, questionId: string, value: string) =>
    api('POST', `sync-errors/${id}/diagnosis/answers`, { questionId, answer: value });
  return { tenant, api, errors, cycle, answer };
}

async function loadOrphaned(s: Awaited<ReturnType<typeof tenantSession>>) {
  expect((await s.api('PUT', 'cloud-objects', { objects: [ORPHANED.existingCloud] })).status).toBe(200);
  expect((await s.api('PUT', 'source-objects', { objects: [ORPHANED.recreatedSource] })).status).toBe(200);
  await s.cycle();
  const list = await s.errors();
  const upn = list.find((e) => e.attribute === 'UserPrincipalName');
  expect(upn).toBeDefined();
  return { list, upn: upn! };
}

test("the error view shows the conflicting user's current cloud UPN (its quarantined placeholder) beside its on-premises UPN", async () => {
  const s = await tenantSession();
  const { upn } = await loadOrphaned(s);
  const view = (await s.api('GET', `sync-errors/${upn.id}`)).json as {
    conflictingObject: { objectId: string; userPrincipalName: string; cloudUserPrincipalName: string };
    existingObject: { userPrincipalName: string; cloudUserPrincipalName: string };
  };
  const cloud = (await s.api('GET', `cloud-objects/${view.conflictingObject.objectId}`)).json as {
    userPrincipalName: string;
  };
  expect(view.conflictingObject.userPrincipalName).toBe(ORPHANED.recreatedSource.userPrincipalName);
  expect(view.conflictingObject.cloudUserPrincipalName).toBe(cloud.userPrincipalName);
  expect(view.conflictingObject.cloudUserPrincipalName).toMatch(
    /^joe\.johnson[0-9]{4}@.*\.onmicrosoft\.com$/i,
  );
  expect(view.existingObject.cloudUserPrincipalName).toBe(ORPHANED.existingCloud.userPrincipalName);
});

describe('orphaned scenario: Not Started → (No, Yes) → Apply Fix → Pending Sync → next cycle → gone', () => {
  test('the whole seed flow through HTTP, with the audit trail', async () => {
    const s = await tenantSession();
    const { list, upn } = await loadOrphaned(s);
    expect(list.map((e) => e.attribute).sort()).toEqual(['ProxyAddresses', 'UserPrincipalName']);
    expect(upn).toMatchObject({
      diagnoseStatus: 'NotStarted',
      errorType: 'QuarantinedAttributeValueMustBeUnique',
    });

    const q1 = (await s.api('GET', `sync-errors/${upn.id}/diagnosis`)).json as Step;
    expect(q1).toMatchObject({ kind: 'question', questionId: 'userExistsOnPremises', suggestedAnswer: 'no' });
    expect(JSON.stringify(q1.evidence)).toContain('CN={');

    const q2 = (await s.answer(upn.id, 'userExistsOnPremises', 'no')).json as Step;
    expect(q2).toMatchObject({ kind: 'question', questionId: 'sameUser', suggestedAnswer: 'yes' });
    const outcome = (await s.answer(upn.id, 'sameUser', 'yes')).json as Step;
    expect(outcome).toMatchObject({ kind: 'outcome', outcome: 'fixAvailable' });
    // Reaching the outcome changes no status by itself (decision 2).
    expect((await s.errors()).find((e) => e.id === upn.id)?.diagnoseStatus).toBe('NotStarted');

    const fix = await s.api('POST', `sync-errors/${upn.id}/apply-fix`);
    expect(fix.status).toBe(200);
    expect(fix.json).toMatchObject({
      diagnoseStatus: 'PendingSync',
      existingObjectId: ORPHANED.existingCloud.objectId,
    });
    // The sibling proxy error moves with it (decision 8).
    expect((await s.errors()).every((e) => e.diagnoseStatus === 'PendingSync')).toBe(true);

    const existing = (await s.api('GET', `cloud-objects/${ORPHANED.existingCloud.objectId}`)).json as Record<
      string,
      unknown
    >;
    expect(existing).toMatchObject({
      sourceAnchor: ORPHANED.recreatedSource.sourceAnchor,
      displayName: 'Joe Johnson',
      userPrincipalName: ORPHANED.existingCloud.userPrincipalName,
    });
    const deleted = upn.conflictingObject.objectId ?? '';
    expect((await s.api('GET', `cloud-objects/${deleted}`)).status).toBe(404);

    const summary = await s.cycle();
    expect(summary).toMatchObject({ errorsResolved: 2, provisioned: 0 });
    expect(await s.errors()).toEqual([]);
    const after = (await s.api('GET', `cloud-objects/${ORPHANED.existingCloud.objectId}`)).json as Record<
      string,
      unknown
    >;
    expect(after).toMatchObject({
      objectId: ORPHANED.existingCloud.objectId,
      sourceAnchor: ORPHANED.recreatedSource.sourceAnchor,
    });
    const source = (await s.api('GET', `source-objects/${ORPHANED.recreatedSource.sourceAnchor}`))
      .json as Record<string, unknown>;
    expect(source).toMatchObject({ connectorState: 'Exported', objectId: ORPHANED.existingCloud.objectId });

    const audit = (await s.api('GET', `audit-events?errorId=${upn.id}`)).json as {
      value: { action: string; actor: { oid: string; name: string } }[];
    };
    expect(audit.value.map((e) => e.action)).toEqual(['applyFix', 'answer', 'answer']);
    expect(audit.value[0]?.actor).toEqual({ oid: 'admin-oid-1', name: 'Ada Admin' });
  });

  test('undo restores the exact prior state; a second undo is refused', async () => {
    const s = await tenantSession('Contributor');
    const { upn } = await loadOrphaned(s);
    const beforeObjects = (await s.api('GET', 'cloud-objects?includeDeleted=true')).json as {
      value: unknown[];
    };
    const beforeErrors = await s.errors();
    await s.answer(upn.id, 'userExistsOnPremises', 'no');
    await s.answer(upn.id, 'sameUser', 'yes');
    const fix = (await s.api('POST', `sync-errors/${upn.id}/apply-fix`)).json as { auditEventId: string };

    const undo = await s.api('POST', `audit-events/${fix.auditEventId}/undo`);
    expect(undo.status).toBe(200);
    const afterObjects = (await s.api('GET', 'cloud-objects?includeDeleted=true')).json as {
      value: unknown[];
    };
    expect(afterObjects.value).toEqual(beforeObjects.value);
    const afterErrors = await s.errors();
    expect(afterErrors.map((e) => [e.id, e.diagnoseStatus])).toEqual(
      beforeErrors.map((e) => [e.id, e.diagnoseStatus]),
    );
    const step = (await s.api('GET', `sync-errors/${upn.id}/diagnosis`)).json as Step;
    expect(step).toMatchObject({ kind: 'outcome', outcome: 'fixAvailable' });

    const again = await s.api('POST', `audit-events/${fix.auditEventId}/undo`);
    expect(again.status).toBe(409);
    expect((again.json as Problem).code).toBe('UndoConflict');
    const events = (await s.api('GET', 'audit-events')).json as {
      value: { action: string; eventId: string }[];
    };
    expect(events.value[0]?.action).toBe('undo');
    const notAFix = events.value.find((e) => e.action === 'answer')!;
    expect(((await s.api('POST', `audit-events/${notAFix.eventId}/undo`)).json as Problem).code).toBe(
      'NotUndoable',
    );
  });

  test("the audit trail's object records carry the existing user's directory roles, before and after, fix and undo", async () => {
    const roles = ['62e90394-69f5-4237-9190-012177145e10'];
    const s = await tenantSession();
    const admin = { ...ORPHANED.existingCloud, directoryRoleTemplateIds: roles };
    expect((await s.api('PUT', 'cloud-objects', { objects: [admin] })).status).toBe(200);
    expect((await s.api('PUT', 'source-objects', { objects: [ORPHANED.recreatedSource] })).status).toBe(200);
    await s.cycle();
    const upn = (await s.errors()).find((e) => e.attribute === 'UserPrincipalName')!;
    await s.answer(upn.id, 'userExistsOnPremises', 'no');
    await s.answer(upn.id, 'sameUser', 'yes');
    const fix = (await s.api('POST', `sync-errors/${upn.id}/apply-fix`)).json as { auditEventId: string };
    const rolesOf = (record: { directoryRoleTemplateIds: string[] } | null) =>
      record?.directoryRoleTemplateIds;
    interface Records {
      id: string;
      action: string;
      details: Record<string, { directoryRoleTemplateIds: string[] } | null>;
    }
    const fixEvent = ((await s.api('GET', 'audit-events')).json as { value: Records[] }).value[0]!;
    expect(fixEvent).toMatchObject({ id: fix.auditEventId, action: 'applyFix' });
    expect(rolesOf(fixEvent.details.existingBefore!)).toEqual(roles);
    expect(rolesOf(fixEvent.details.existingAfter!)).toEqual(roles);
    expect(rolesOf(fixEvent.details.conflictingDeleted!)).toEqual([]);
    const cloud = `cloud-objects/${ORPHANED.existingCloud.objectId}`;
    expect(
      ((await s.api('GET', cloud)).json as { directoryRoleTemplateIds: string[] }).directoryRoleTemplateIds,
    ).toEqual(roles);

    expect((await s.api('POST', `audit-events/${fix.auditEventId}/undo`)).status).toBe(200);
    const undoEvent = ((await s.api('GET', 'audit-events')).json as { value: Records[] }).value[0]!;
    expect(undoEvent.action).toBe('undo');
    expect(rolesOf(undoEvent.details.existingBefore!)).toEqual(roles);
    expect(rolesOf(undoEvent.details.existingAfter!)).toEqual(roles);
    expect(rolesOf(undoEvent.details.conflictingRestored!)).toEqual([]);
    expect(
      ((await s.api('GET', cloud)).json as { directoryRoleTemplateIds: string[] }).directoryRoleTemplateIds,
    ).toEqual(roles);
  });

  test('undo is refused once the existing object changed after the fix', async () => {
    const s = await tenantSession();
    const { upn } = await loadOrphaned(s);
    await s.answer(upn.id, 'userExistsOnPremises', 'no');
    await s.answer(upn.id, 'sameUser', 'yes');
    const fix = (await s.api('POST', `sync-errors/${upn.id}/apply-fix`)).json as { auditEventId: string };
    // On-premises renames Joe: the next cycle rewrites the existing object.
    await s.api('PUT', 'source-objects', {
      objects: [{ ...ORPHANED.recreatedSource, displayName: 'Joseph Johnson' }],
    });
    await s.cycle();
    const undo = await s.api('POST', `audit-events/${fix.auditEventId}/undo`);
    expect(undo.status).toBe(409);
    expect(undo.json).toMatchObject({ code: 'UndoConflict' });
    expect((undo.json as Problem).detail).toMatch(/displayName/);
  });

  test('undo is refused once a cycle resolved the fix errors: the duplicate never comes back unreported', async () => {
    const s = await tenantSession();
    const { upn } = await loadOrphaned(s);
    await s.answer(upn.id, 'userExistsOnPremises', 'no');
    await s.answer(upn.id, 'sameUser', 'yes');
    const fix = (await s.api('POST', `sync-errors/${upn.id}/apply-fix`)).json as { auditEventId: string };
    expect(await s.cycle()).toMatchObject({ errorsResolved: 2 });
    const objects = (await s.api('GET', 'cloud-objects?includeDeleted=true')).json as { value: unknown[] };
    const undo = await s.api('POST', `audit-events/${fix.auditEventId}/undo`);
    expect(undo.status).toBe(409);
    expect(undo.json).toMatchObject({ code: 'UndoConflict' });
    expect((undo.json as Problem).detail).toMatch(/resolved its errors/);
    expect(
      ((await s.api('GET', 'cloud-objects?includeDeleted=true')).json as { value: unknown[] }).value,
    ).toEqual(objects.value);
    expect(await s.errors()).toEqual([]);
  });
});

describe('refusals', () => {
  test('a fix on the wrong step is refused and changes nothing', async () => {
    const s = await tenantSession();
    const { upn } = await loadOrphaned(s);
    const early = await s.api('POST', `sync-errors/${upn.id}/apply-fix`);
    expect(early.status).toBe(409);
    expect(early.json).toMatchObject({ code: 'FixNotAvailable' });
    const outOfOrder = await s.answer(upn.id, 'sameUser', 'yes');
    expect(outOfOrder.status).toBe(409);
    expect(outOfOrder.json).toMatchObject({ code: 'DiagnosisStepMismatch' });
    expect((await s.errors()).every((e) => e.diagnoseStatus === 'NotStarted')).toBe(true);
  });

  const checks: [
    string,
    string,
    (s: Awaited<ReturnType<typeof tenantSession>>, upn: ErrorView) => Promise<void>,
  ][] = [
    [
      'ConflictingUserSoftDeleted',
      'User with conflicting attribute is soft deleted in the Microsoft Entra ID. Ensure the user is hard deleted before retry.',
      async (s, upn) => {
        expect((await s.api('DELETE', `cloud-objects/${upn.conflictingObject.objectId ?? ''}`)).status).toBe(
          200,
        );
      },
    ],
    [
      'UserWritebackEnabled',
      'The fix process failed to update the values.',
      async (s) => {
        expect((await s.api('PATCH', 'settings', { userWritebackEnabled: true })).status).toBe(200);
      },
    ],
  ];
  test.each(checks)('%s: its code and the seed message, nothing changed', async (code, message, arrange) => {
    const s = await tenantSession();
    const { upn } = await loadOrphaned(s);
    await s.answer(upn.id, 'userExistsOnPremises', 'no');
    await s.answer(upn.id, 'sameUser', 'yes');
    await arrange(s, upn);
    const before = (await s.api('GET', 'cloud-objects?includeDeleted=true')).json;
    const res = await s.api('POST', `sync-errors/${upn.id}/apply-fix`);
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code, detail: message });
    expect((await s.api('GET', 'cloud-objects?includeDeleted=true')).json).toEqual(before);
    expect((await s.errors()).every((e) => e.diagnoseStatus === 'NotStarted')).toBe(true);
  });

  test('CloudOnlyUserNotSupported: the existing object is cloud-only', async () => {
    const s = await tenantSession();
    const cloudOnly = { ...ORPHANED.existingCloud, sourceAnchor: null, dirSyncEnabled: false };
    await s.api('PATCH', 'settings', { blockSoftMatchEnabled: true });
    await s.api('PUT', 'cloud-objects', { objects: [cloudOnly] });
    await s.api('PUT', 'source-objects', { objects: [ORPHANED.recreatedSource] });
    await s.cycle();
    const upn = (await s.errors()).find((e) => e.attribute === 'UserPrincipalName')!;
    await s.answer(upn.id, 'userExistsOnPremises', 'no');
    await s.answer(upn.id, 'sameUser', 'yes');
    const res = await s.api('POST', `sync-errors/${upn.id}/apply-fix`);
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({
      code: 'CloudOnlyUserNotSupported',
      detail: 'Updating source anchor to cloud-based user in your tenant is not supported.',
    });
  });
});

describe('common scenario: (Yes) → Manual Fix Required → next cycle → Not Started', () => {
  test('close sets ManualFixRequired; answers are then refused; the next cycle resets it', async () => {
    const s = await tenantSession();
    await s.api('PUT', 'source-objects', { objects: [COMMON.johnson, COMMON.jackson] });
    await s.cycle();
    const [error] = await s.errors();
    expect(error).toBeDefined();
    const q1 = (await s.api('GET', `sync-errors/${error!.id}/diagnosis`)).json as Step;
    expect(q1).toMatchObject({ questionId: 'userExistsOnPremises', suggestedAnswer: 'yes' });
    const outcome = (await s.answer(error!.id, 'userExistsOnPremises', 'yes')).json as Step;
    expect(outcome).toMatchObject({ kind: 'outcome', outcome: 'closedFixOnPremises' });
    const closed = await s.api('POST', `sync-errors/${error!.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ diagnoseStatus: 'ManualFixRequired' });
    const late = await s.answer(error!.id, 'userExistsOnPremises', 'no');
    expect(late.json).toMatchObject({ code: 'DiagnosisClosed' });
    await s.cycle();
    const [reset] = await s.errors();
    expect(reset).toMatchObject({ id: error!.id, diagnoseStatus: 'NotStarted' });
    const step = (await s.api('GET', `sync-errors/${error!.id}/diagnosis`)).json as Step;
    expect(step).toMatchObject({ kind: 'question', questionId: 'userExistsOnPremises' });
  });

  test('a second close of a closed diagnosis changes nothing and writes no audit event', async () => {
    const s = await tenantSession();
    await s.api('PUT', 'source-objects', { objects: [COMMON.johnson, COMMON.jackson] });
    await s.cycle();
    const [error] = await s.errors();
    const first = await s.api('POST', `sync-errors/${error!.id}/close`);
    expect(first.status).toBe(200);
    const auditAfterFirst = (await s.api('GET', `audit-events?errorId=${error!.id}`)).json as {
      value: { id: string; eventId: string; action: string }[];
    };
    expect(auditAfterFirst.value.map((e) => e.action)).toEqual(['close']);
    const second = await s.api('POST', `sync-errors/${error!.id}/close`);
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    const auditAfterSecond = (await s.api('GET', `audit-events?errorId=${error!.id}`)).json as {
      value: unknown[];
    };
    expect(auditAfterSecond.value).toEqual(auditAfterFirst.value);
  });

  test("an audit event's id is `id`, like every other resource; `eventId` is its deprecated alias", async () => {
    const s = await tenantSession();
    await s.api('PUT', 'source-objects', { objects: [COMMON.johnson, COMMON.jackson] });
    await s.cycle();
    const [error] = await s.errors();
    await s.answer(error!.id, 'userExistsOnPremises', 'yes');
    const page = (await s.api('GET', 'audit-events')).json as { value: { id: string; eventId: string }[] };
    expect(page.value).toHaveLength(1);
    expect(page.value[0]!.id).toMatch(/\S/);
    expect(page.value[0]!.eventId).toBe(page.value[0]!.id);
  });

  test('another tenant cannot see or act on the error: 404', async () => {
    const s = await tenantSession();
    await s.api('PUT', 'source-objects', { objects: [COMMON.johnson, COMMON.jackson] });
    await s.cycle();
    const [error] = await s.errors();
    const other = await tenantSession();
    for (const [method, path] of [
      ['GET', `sync-errors/${error!.id}/diagnosis`],
      ['POST', `sync-errors/${error!.id}/close`],
      ['POST', `sync-errors/${error!.id}/apply-fix`],
    ] as const) {
      expect((await other.api(method, path)).status).toBe(404);
    }
    expect((await other.answer(error!.id, 'userExistsOnPremises', 'yes')).status).toBe(404);
  });
});
