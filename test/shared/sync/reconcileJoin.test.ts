import { reconcile } from '../../../shared/sync/reconcile';
import {
  NOW,
  cloud,
  cycle,
  daysBefore,
  exported,
  input,
  settings,
  source,
  syncedCloud,
} from './reconcileFixtures';

describe('reconcile: hard match', () => {
  test('joins a source object to the cloud object holding its anchor, without rewriting an object in sync', () => {
    const a = source('A', { proxyAddresses: ['SMTP:a@contoso.com'] });
    const plan = reconcile(input({ sourceObjects: [a], cloudObjects: [syncedCloud('c-a', a)] }));
    expect(plan.cloudCreates).toEqual([]);
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.sourceUpdates).toEqual([exported(a, 'c-a')]);
    expect(plan.counts).toMatchObject({ provisioned: 0, updated: 0, objectsRead: 2 });
  });

  test('recomputes the cloud state from the source', () => {
    const a = source('A', {
      displayName: 'Joe Johnson',
      mailNickname: 'joej',
      proxyAddresses: ['SMTP:a@contoso.com'],
    });
    const stale = syncedCloud('c-a', a, { displayName: 'Old', mailNickname: null, proxyAddresses: [] });
    const plan = reconcile(input({ sourceObjects: [exported(a, 'c-a')], cloudObjects: [stale] }));
    expect(plan.cloudUpdates).toEqual([syncedCloud('c-a', a)]);
    expect(plan.sourceUpdates).toEqual([]);
    expect(plan.counts.updated).toBe(1);
  });

  test('compares anchors case-sensitively: another case is another object', () => {
    const a = source('abc');
    const other = cloud('c-upper', { sourceAnchor: 'ABC', dirSyncEnabled: true });
    const plan = reconcile(input({ sourceObjects: [a], cloudObjects: [other] }));
    expect(plan.cloudCreates).toHaveLength(1);
    expect(plan.cloudCreates[0]!.sourceAnchor).toBe('abc');
    expect(plan.cloudUpdates).toEqual([]);
  });

  test('refuses to join objects of different classes: the source waits, the cloud object is untouched', () => {
    const group = cloud('c-g', {
      objectType: 'Group',
      userPrincipalName: null,
      sourceAnchor: 'A',
      dirSyncEnabled: true,
    });
    const user = exported(source('A', { objectType: 'User', userPrincipalName: 'a@contoso.com' }), 'c-g');
    const plan = reconcile(input({ sourceObjects: [user], cloudObjects: [group] }));
    expect(plan.cloudCreates).toEqual([]);
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.sourceUpdates).toEqual([{ ...user, connectorState: 'PendingAdd', objectId: null }]);
  });

  test("ignores the source's stored objectId: the join is recomputed from anchors", () => {
    const a = exported(source('A'), 'stale-id');
    const plan = reconcile(input({ sourceObjects: [a], cloudObjects: [syncedCloud('c-a', a)] }));
    expect(plan.sourceUpdates).toEqual([exported(a, 'c-a')]);
  });

  test('restores a soft-deleted cloud object whose source is in scope (decision 17)', () => {
    const a = exported(source('A'), 'c-a');
    const deleted = syncedCloud('c-a', a, { deletedDateTime: daysBefore(NOW, 2) });
    const plan = reconcile(input({ sourceObjects: [a], cloudObjects: [deleted] }));
    expect(plan.cloudUpdates).toEqual([{ ...deleted, deletedDateTime: null }]);
    expect(plan.cloudCreates).toEqual([]);
    expect(plan.counts.updated).toBe(1);
  });

  test('prefers the active object when an anchor is held twice', () => {
    const a = exported(source('A', { displayName: 'new' }), 'c-2');
    const deleted = syncedCloud('c-1', a, {
      deletedDateTime: daysBefore(NOW, 1),
      sequence: 1,
      userPrincipalName: 'old@contoso.com',
    });
    const active = syncedCloud('c-2', a, { sequence: 2 });
    const plan = reconcile(input({ sourceObjects: [a], cloudObjects: [deleted, active] }));
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.sourceUpdates).toEqual([]);
  });
});

describe('reconcile: provisioning', () => {
  test('provisions a new cloud object with an injected id, the next sequence and now', () => {
    const a = source('A', {
      displayName: 'Joe',
      proxyAddresses: ['SMTP:a@contoso.com'],
      sipProxyAddress: 'sip:a@contoso.com',
    });
    const plan = reconcile(
      input({ sourceObjects: [a], cloudObjects: [cloud('x', { sequence: 7 })], newObjectId: () => 'new-id' }),
    );
    expect(plan.cloudCreates).toEqual([
      {
        objectId: 'new-id',
        objectType: 'User',
        userPrincipalName: 'a@contoso.com',
        mailNickname: null,
        displayName: 'Joe',
        proxyAddresses: ['SMTP:a@contoso.com'],
        sipProxyAddress: 'sip:a@contoso.com',
        onPremisesSecurityIdentifier: null,
        sourceAnchor: 'A',
        dirSyncEnabled: true,
        deletedDateTime: null,
        directoryRoleTemplateIds: [],
        sequence: 8,
        createdDateTime: NOW.toISOString(),
      },
    ]);
    expect(plan.sourceUpdates).toEqual([exported(a, 'new-id')]);
    expect(plan.counts.provisioned).toBe(1);
  });

  test('processes source objects by sequence, then anchor by ordinal, whatever the input order', () => {
    const sources = [
      source('b', { sequence: 2 }),
      source('a', { sequence: 2 }),
      source('B', { sequence: 2 }),
      source('z', { sequence: 1 }),
    ];
    let n = 0;
    const plan = reconcile(input({ sourceObjects: sources, newObjectId: () => `id-${++n}` }));
    expect(plan.cloudCreates.map((c) => [c.sourceAnchor, c.objectId, c.sequence])).toEqual([
      ['z', 'id-1', 1],
      ['B', 'id-2', 2],
      ['a', 'id-3', 3],
      ['b', 'id-4', 4],
    ]);
  });

  test('provisions groups and contacts too, with no UPN', () => {
    const group = source('G', { objectType: 'Group', proxyAddresses: ['SMTP:team@contoso.com'] });
    const contact = source('K', {
      objectType: 'Contact',
      sequence: 2,
      proxyAddresses: ['SMTP:ext@fabrikam.com'],
    });
    const plan = reconcile(input({ sourceObjects: [group, contact] }));
    expect(plan.cloudCreates.map((c) => [c.objectType, c.userPrincipalName])).toEqual([
      ['Group', null],
      ['Contact', null],
    ]);
  });
});

describe('reconcile: soft match', () => {
  const joe = source('A', { userPrincipalName: 'Joe@contoso.com', proxyAddresses: ['SMTP:joe@contoso.com'] });

  test('matches an active cloud-only user by UPN, ignoring case; it takes the anchor and dirSyncEnabled', () => {
    const target = cloud('c-1', {
      userPrincipalName: 'joe@CONTOSO.com',
      proxyAddresses: ['SMTP:joe@contoso.com'],
    });
    const plan = reconcile(input({ sourceObjects: [joe], cloudObjects: [target] }));
    expect(plan.cloudCreates).toEqual([]);
    expect(plan.cloudUpdates).toEqual([syncedCloud('c-1', joe)]);
    expect(plan.sourceUpdates).toEqual([exported(joe, 'c-1')]);
    expect(plan.errorsToWrite).toEqual([]);
  });

  test('matches by primary SMTP address when no UPN matches', () => {
    const target = cloud('c-1', {
      userPrincipalName: 'other@contoso.com',
      proxyAddresses: ['SMTP:JOE@contoso.com'],
    });
    const plan = reconcile(input({ sourceObjects: [joe], cloudObjects: [target] }));
    expect(plan.cloudUpdates.map((c) => [c.objectId, c.sourceAnchor, c.userPrincipalName])).toEqual([
      ['c-1', 'A', 'Joe@contoso.com'],
    ]);
  });

  test('a secondary address is no match', () => {
    const target = cloud('c-1', {
      userPrincipalName: 'other@contoso.com',
      proxyAddresses: ['SMTP:other@contoso.com', 'smtp:joe@contoso.com'],
    });
    const plan = reconcile(input({ sourceObjects: [joe], cloudObjects: [target] }));
    expect(plan.cloudCreates).toHaveLength(1);
  });

  test('does nothing when disabled: a new object is provisioned and its UPN quarantined', () => {
    const target = cloud('c-1', { userPrincipalName: 'joe@contoso.com' });
    const plan = reconcile(
      input({
        sourceObjects: [joe],
        cloudObjects: [target],
        settings: settings({ blockSoftMatchEnabled: true }),
      }),
    );
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.cloudCreates).toHaveLength(1);
    expect(plan.errorsToWrite.map((e) => [e.attribute, e.existingObject?.objectId])).toEqual([
      ['UserPrincipalName', 'c-1'],
    ]);
  });

  // Issue 12, rule 1. Microsoft Learn, "How to use UPN soft matching to synchronize objects": "UPN
  // matching can be run only when SMTP matching fails". SPEC step 1 and decision 15.
  test('a primary-SMTP match beats a UPN match, even when the UPN candidate is older', () => {
    const byUpn = cloud('c-upn', { sequence: 1, userPrincipalName: 'joe@contoso.com' });
    const bySmtp = cloud('c-smtp', {
      sequence: 2,
      userPrincipalName: 'x@contoso.com',
      proxyAddresses: ['SMTP:joe@contoso.com'],
    });
    const plan = reconcile(input({ sourceObjects: [joe], cloudObjects: [byUpn, bySmtp] }));
    expect(plan.cloudUpdates.map((c) => c.objectId)).toEqual(['c-smtp']);
    // The UPN candidate stays cloud-only and keeps its UPN: the matched object's UPN is quarantined.
    expect(plan.errorsToWrite.map((e) => [e.attribute, e.existingObject?.objectId])).toEqual([
      ['UserPrincipalName', 'c-upn'],
    ]);
  });

  // Issue 12, rule 2: Entra's switch under its Graph name (onPremisesDirectorySynchronizationFeature
  // softMatchOnUpnEnabled; Microsoft Learn, "How to use UPN soft matching").
  test('with softMatchOnUpnEnabled off, no UPN soft match: the object is provisioned and its UPN quarantined', () => {
    const byUpn = cloud('c-upn', { userPrincipalName: 'joe@contoso.com' });
    const plan = reconcile(
      input({
        sourceObjects: [joe],
        cloudObjects: [byUpn],
        settings: settings({ softMatchOnUpnEnabled: false }),
      }),
    );
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.errorsToWrite.map((e) => [e.attribute, e.existingObject?.objectId])).toEqual([
      ['UserPrincipalName', 'c-upn'],
    ]);
  });

  test('with softMatchOnUpnEnabled off, the primary SMTP address still soft-matches', () => {
    const bySmtp = cloud('c-smtp', {
      userPrincipalName: 'x@contoso.com',
      proxyAddresses: ['SMTP:joe@contoso.com'],
    });
    const plan = reconcile(
      input({
        sourceObjects: [joe],
        cloudObjects: [bySmtp],
        settings: settings({ softMatchOnUpnEnabled: false }),
      }),
    );
    expect(plan.cloudUpdates.map((c) => c.objectId)).toEqual(['c-smtp']);
  });

  test('the UPN is tried when no primary SMTP address matches', () => {
    const byUpn = cloud('c-upn', { userPrincipalName: 'joe@contoso.com' });
    const plan = reconcile(input({ sourceObjects: [joe], cloudObjects: [byUpn] }));
    expect(plan.cloudUpdates.map((c) => c.objectId)).toEqual(['c-upn']);
  });

  // Issue 12, rule 5. SPEC "Error categories": a new object's soft-match value matches a cloud object
  // with no source anchor of another class: not provisioned, reported every cycle. Microsoft Learn,
  // "Troubleshooting errors during synchronization", ObjectTypeMismatch.
  test('a candidate of another class is ObjectTypeMismatch (DataMismatch): nothing provisioned, every cycle', () => {
    const contact = source('K', { objectType: 'Contact', proxyAddresses: ['SMTP:ext@fabrikam.com'] });
    const group = cloud('c-g', { objectType: 'Group', proxyAddresses: ['SMTP:ext@fabrikam.com'] });
    const first = cycle(input({ sourceObjects: [contact], cloudObjects: [group] }));
    expect(first.plan.cloudUpdates).toEqual([]);
    expect(first.plan.cloudCreates).toEqual([]);
    expect(
      first.plan.errorsToWrite.map((e) => [
        e.errorType,
        e.attribute,
        e.value,
        e.existingObject?.objectId,
        e.diagnoseStatus,
      ]),
    ).toEqual([
      ['ObjectTypeMismatch', 'ProxyAddresses', 'SMTP:ext@fabrikam.com', 'c-g', 'ManualFixRequired'],
    ]);
    const again = reconcile(first.after);
    expect(again.errorsResolved).toEqual([]);
    expect(again.cloudCreates).toEqual([]);
    expect(first.after.sourceObjects[0]).toMatchObject({ connectorState: 'PendingAdd', objectId: null });
  });

  test('never takes an object that already has a source anchor (an orphan stays an orphan)', () => {
    const orphan = cloud('c-o', {
      sourceAnchor: 'OLD',
      dirSyncEnabled: true,
      userPrincipalName: 'joe@contoso.com',
    });
    const plan = reconcile(input({ sourceObjects: [joe], cloudObjects: [orphan] }));
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.cloudCreates).toHaveLength(1);
  });

  test('never takes a soft-deleted object', () => {
    const deleted = cloud('c-d', {
      userPrincipalName: 'joe@contoso.com',
      deletedDateTime: daysBefore(NOW, 1),
    });
    const plan = reconcile(input({ sourceObjects: [joe], cloudObjects: [deleted] }));
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.cloudCreates).toHaveLength(1);
  });

  test('among several candidates takes the one imported first (lowest sequence, then objectId)', () => {
    const later = cloud('c-a', { sequence: 5, userPrincipalName: 'joe@contoso.com' });
    const first = cloud('c-z', { sequence: 3, userPrincipalName: 'joe@contoso.com' });
    const tieA = cloud('c-b', { sequence: 3, userPrincipalName: 'joe@contoso.com' });
    expect(
      reconcile(input({ sourceObjects: [joe], cloudObjects: [later, first] })).cloudUpdates[0]!.objectId,
    ).toBe('c-z');
    expect(
      reconcile(input({ sourceObjects: [joe], cloudObjects: [later, first, tieA] })).cloudUpdates[0]!
        .objectId,
    ).toBe('c-b');
  });

  test('a candidate is taken once per cycle, by the first source object in order', () => {
    const second = source('B', { sequence: 2, userPrincipalName: 'joe@contoso.com' });
    const target = cloud('c-1', { userPrincipalName: 'joe@contoso.com' });
    const plan = reconcile(
      input({ sourceObjects: [second, joe], cloudObjects: [target], newObjectId: () => 'n-1' }),
    );
    expect(plan.cloudUpdates.map((c) => [c.objectId, c.sourceAnchor])).toEqual([['c-1', 'A']]);
    expect(plan.cloudCreates.map((c) => [c.objectId, c.sourceAnchor])).toEqual([['n-1', 'B']]);
    expect(plan.errorsToWrite.map((e) => [e.conflictingSourceAnchor, e.existingObject?.objectId])).toEqual([
      ['B', 'c-1'],
    ]);
  });

  test('a hard match is never replaced by a soft match', () => {
    const a = exported(source('A', { userPrincipalName: 'joe@contoso.com' }), 'c-a');
    const linked = syncedCloud('c-a', a);
    const cloudOnly = cloud('c-1', {
      sequence: 0,
      userPrincipalName: 'someone@contoso.com',
      proxyAddresses: [],
    });
    const plan = reconcile(input({ sourceObjects: [a], cloudObjects: [cloudOnly, linked] }));
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.sourceUpdates).toEqual([]);
  });
});
