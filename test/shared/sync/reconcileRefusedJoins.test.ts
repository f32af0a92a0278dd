import { reconcile } from '../../../shared/sync/reconcile';
import { cloud, cycle, exported, input, settings, source, syncedCloud } from './reconcileFixtures';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

/**
 * Issue 12, rule 5: joins Entra refuses. Sources: SPEC "Error categories" and step 1; Microsoft Learn,
 * "Troubleshooting errors during synchronization" (ExistingAdminRoleConflict), and "Microsoft Entra
 * Connect: hard match" / onPremisesDirectorySynchronizationFeature
 * blockCloudObjectTakeoverThroughHardMatchEnabled (InvalidHardMatch).
 */
describe('ExistingAdminRoleConflict (DataMismatch)', () => {
  const joe = source('A', { userPrincipalName: 'joe@contoso.com', proxyAddresses: ['SMTP:joe@contoso.com'] });
  const admin = cloud('c-admin', {
    userPrincipalName: 'joe@contoso.com',
    proxyAddresses: ['SMTP:joe@contoso.com'],
    directoryRoleTemplateIds: [GLOBAL_ADMIN],
  });

  test('a soft match onto an admin is refused: the user is provisioned, UPN quarantined, this error in its place', () => {
    const { plan, after } = cycle(input({ sourceObjects: [joe], cloudObjects: [admin] }));
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.cloudCreates).toHaveLength(1);
    expect(plan.cloudCreates[0]!.userPrincipalName).toMatch(/^joe[0-9]{4}@contoso\.onmicrosoft\.com$/);
    expect(
      plan.errorsToWrite.map((e) => [e.errorType, e.attribute, e.existingObject?.objectId, e.diagnoseStatus]),
    ).toEqual([
      ['ExistingAdminRoleConflict', 'UserPrincipalName', 'c-admin', 'ManualFixRequired'],
      // The address stays a duplicate between two users, with its two-question diagnosis.
      ['QuarantinedAttributeValueMustBeUnique', 'ProxyAddresses', 'c-admin', 'NotStarted'],
    ]);
    // Every cycle says so again, with the same error.
    const again = reconcile(after);
    expect(again.errorsResolved).toEqual([]);
    expect(again.cloudCreates).toEqual([]);
  });

  test('once the roles are gone, the next cycle soft-matches the admin object', () => {
    const plan = reconcile(
      input({ sourceObjects: [joe], cloudObjects: [{ ...admin, directoryRoleTemplateIds: [] }] }),
    );
    expect(plan.cloudUpdates.map((c) => [c.objectId, c.sourceAnchor])).toEqual([['c-admin', 'A']]);
    expect(plan.errorsToWrite).toEqual([]);
  });

  // SPEC "Errors beyond duplicates": after the guided fix took the roles off, the next cycle
  // soft-matches and gives them back in the same cycle.
  test('an admin whose roles the fix took off is soft-matched, and gets them back in the same cycle', () => {
    const prepared = {
      ...admin,
      directoryRoleTemplateIds: [],
      directoryRolesToRestore: [GLOBAL_ADMIN],
      directoryRolesToRestoreFor: 'A',
    };
    const { plan, after } = cycle(input({ sourceObjects: [joe], cloudObjects: [prepared] }));
    expect(plan.cloudUpdates).toHaveLength(1);
    const matched = plan.cloudUpdates[0]!;
    expect(matched).toMatchObject({
      objectId: 'c-admin',
      sourceAnchor: 'A',
      directoryRoleTemplateIds: [GLOBAL_ADMIN],
    });
    expect(matched.directoryRolesToRestore).toBeUndefined();
    expect(matched.directoryRolesToRestoreFor).toBeUndefined();
    expect(plan.errorsToWrite).toEqual([]);
    // Once joined it is an admin again, hard-matched from now on: nothing changes the next cycle.
    expect(reconcile(after).cloudUpdates).toEqual([]);
  });

  // Found by review: only the user the fix was for gets the roles back.
  test('another source that soft-matches the prepared admin does not get its roles', () => {
    const prepared = {
      ...admin,
      directoryRoleTemplateIds: [],
      directoryRolesToRestore: [GLOBAL_ADMIN],
      directoryRolesToRestoreFor: 'SOMEONE-ELSE',
    };
    const plan = reconcile(input({ sourceObjects: [joe], cloudObjects: [prepared] }));
    expect(plan.cloudUpdates[0]).toMatchObject({
      objectId: 'c-admin',
      sourceAnchor: 'A',
      directoryRoleTemplateIds: [],
    });
    expect(plan.cloudUpdates[0]!.directoryRolesToRestore).toEqual([GLOBAL_ADMIN]);
  });

  // Found by review: the error (and so its guided fix, which deletes the incoming object) must come
  // from a refused soft match only.
  test('a synced user renamed to an admin UPN is a plain quarantine, never ExistingAdminRoleConflict', () => {
    const bob = exported(source('B', { userPrincipalName: 'bob@contoso.com' }), 'c-bob');
    const renamed = { ...bob, userPrincipalName: 'joe@contoso.com' };
    const plan = reconcile(
      input({ sourceObjects: [renamed], cloudObjects: [syncedCloud('c-bob', bob), admin] }),
    );
    expect(plan.errorsToWrite.map((e) => [e.errorType, e.attribute])).toEqual([
      ['QuarantinedAttributeValueMustBeUnique', 'UserPrincipalName'],
    ]);
  });

  test('a user soft-matched by SMTP to another object keeps a plain UPN quarantine against the admin', () => {
    const mail = cloud('c-mail', {
      userPrincipalName: 'mail@contoso.com',
      proxyAddresses: ['SMTP:j@contoso.com'],
    });
    const j = source('J', { userPrincipalName: 'joe@contoso.com', proxyAddresses: ['SMTP:j@contoso.com'] });
    const adminByUpn = { ...admin, proxyAddresses: [] };
    const plan = reconcile(input({ sourceObjects: [j], cloudObjects: [mail, adminByUpn] }));
    expect(plan.cloudUpdates.map((c) => c.objectId)).toEqual(['c-mail']);
    expect(plan.errorsToWrite.map((e) => [e.errorType, e.attribute])).toEqual([
      ['QuarantinedAttributeValueMustBeUnique', 'UserPrincipalName'],
    ]);
  });

  // The interaction the issue names: a candidate of another class that is also an admin. Only users
  // hold roles, so a group or contact whose primary SMTP matches an admin user is a class mismatch.
  test('an ObjectTypeMismatch candidate that is also an admin: the class mismatch is what is reported', () => {
    const group = source('G', {
      objectType: 'Group',
      userPrincipalName: null,
      proxyAddresses: ['SMTP:joe@contoso.com'],
    });
    const plan = reconcile(input({ sourceObjects: [group], cloudObjects: [admin] }));
    expect(plan.cloudCreates).toEqual([]);
    expect(plan.errorsToWrite.map((e) => [e.errorType, e.existingObject?.objectId])).toEqual([
      ['ObjectTypeMismatch', 'c-admin'],
    ]);
  });
});

describe('InvalidHardMatch (DataMismatch)', () => {
  const block = settings({ blockCloudObjectTakeoverThroughHardMatchEnabled: true });

  test('with the block on, a cloud-managed object given the anchor is not taken over: the source waits', () => {
    const src = source('A', { userPrincipalName: 'joe@contoso.com' });
    const managedInCloud = cloud('c-m', {
      sourceAnchor: 'A',
      dirSyncEnabled: false,
      userPrincipalName: 'joe@contoso.com',
    });
    const { plan, after } = cycle(
      input({ sourceObjects: [src], cloudObjects: [managedInCloud], settings: block }),
    );
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.cloudCreates).toEqual([]);
    expect(
      plan.errorsToWrite.map((e) => [e.errorType, e.attribute, e.value, e.existingObject?.objectId]),
    ).toEqual([['InvalidHardMatch', 'SourceAnchor', 'A', 'c-m']]);
    expect(after.sourceObjects[0]).toMatchObject({ connectorState: 'PendingAdd', objectId: null });
  });

  test('a user soft-deleted when its source left scope is not restored by a hard match while the block is on', () => {
    const src = exported(source('A', { userPrincipalName: 'joe@contoso.com' }), 'c-a');
    const gone = {
      ...syncedCloud('c-a', src),
      deletedDateTime: '2026-05-30T00:00:00.000Z',
      dirSyncEnabled: false,
    };
    const plan = reconcile(input({ sourceObjects: [src], cloudObjects: [gone], settings: block }));
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.errorsToWrite.map((e) => e.errorType)).toEqual(['InvalidHardMatch']);
  });

  test('with the block off (the default) the same hard match takes the object over, as before', () => {
    const src = source('A', { userPrincipalName: 'joe@contoso.com' });
    const managedInCloud = cloud('c-m', {
      sourceAnchor: 'A',
      dirSyncEnabled: false,
      userPrincipalName: 'joe@contoso.com',
    });
    const plan = reconcile(input({ sourceObjects: [src], cloudObjects: [managedInCloud] }));
    expect(plan.cloudUpdates.map((c) => [c.objectId, c.dirSyncEnabled])).toEqual([['c-m', true]]);
    expect(plan.errorsToWrite).toEqual([]);
  });

  test('a synced object (dirSyncEnabled) is hard-matched whatever the block says', () => {
    const src = exported(source('A', { userPrincipalName: 'joe@contoso.com' }), 'c-a');
    const plan = reconcile(
      input({ sourceObjects: [src], cloudObjects: [syncedCloud('c-a', src)], settings: block }),
    );
    expect(plan.errorsToWrite).toEqual([]);
  });
});
