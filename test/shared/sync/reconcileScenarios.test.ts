import type { CloudObject, SourceObject } from '../../../shared/directory/model';
import { reconcile, type ReconcileInput } from '../../../shared/sync/reconcile';
import {
  NOW,
  byAnchor,
  cloud,
  cycle,
  daysBefore,
  exported,
  idGenerator,
  input,
  isEmptyPlan,
  settings,
  source,
  syncedCloud,
} from './reconcileFixtures';

/** The seed's two scenarios, end to end, and the properties every cycle must have. */

const JOHNSON = 'QF5HMK7n80qvdYsUPIHa9Q==';
const JACKSON = '1wfM9xV8fUSHbcAbDlqeOA==';

describe('seed: the common scenario', () => {
  const johnson = source(JOHNSON, {
    sequence: 1,
    displayName: 'Joe Johnson',
    userPrincipalName: 'Joe.J@contoso.com',
    distinguishedName: 'CN=Joe Johnson,OU=Sales,DC=contoso,DC=com',
    proxyAddresses: ['SMTP:joe.johnson@contoso.com'],
  });
  const jackson = source(JACKSON, {
    sequence: 2,
    displayName: 'Joe Jackson',
    userPrincipalName: 'Joe.J@contoso.com',
    distinguishedName: 'CN=Joe Jackson,OU=Sales,DC=contoso,DC=com',
    proxyAddresses: ['SMTP:joe.jackson@contoso.com'],
  });

  test('two on-premises users want Joe.J@contoso.com: the second is quarantined', () => {
    const plan = reconcile(input({ sourceObjects: [jackson, johnson] }));
    const [johnsonCloud, jacksonCloud] = plan.cloudCreates;
    expect(johnsonCloud!.userPrincipalName).toBe('Joe.J@contoso.com');
    expect(jacksonCloud!.userPrincipalName).toMatch(/^Joe\.J[0-9]{4}@contoso\.onmicrosoft\.com$/);
    expect(jacksonCloud!.proxyAddresses).toEqual(['SMTP:joe.jackson@contoso.com']);
    expect(plan.errorsToWrite).toHaveLength(1);
    const [error] = plan.errorsToWrite;
    expect(error).toMatchObject({
      errorType: 'QuarantinedAttributeValueMustBeUnique',
      attribute: 'UserPrincipalName',
      value: 'Joe.J@contoso.com',
      diagnoseStatus: 'NotStarted',
      existingObject: {
        objectId: johnsonCloud!.objectId,
        sourceAnchor: JOHNSON,
        displayName: 'Joe Johnson',
        userPrincipalName: 'Joe.J@contoso.com',
        distinguishedName: 'CN=Joe Johnson,OU=Sales,DC=contoso,DC=com',
      },
      conflictingObject: {
        objectId: jacksonCloud!.objectId,
        sourceAnchor: JACKSON,
        displayName: 'Joe Jackson',
        userPrincipalName: 'Joe.J@contoso.com',
        distinguishedName: 'CN=Joe Jackson,OU=Sales,DC=contoso,DC=com',
      },
    });
    expect(plan.sourceUpdates.map((s) => [s.sourceAnchor, s.connectorState])).toEqual([
      [JOHNSON, 'Exported'],
      [JACKSON, 'Exported'],
    ]);
  });

  test('fixing it on-premises resolves the error in the next cycle', () => {
    const first = cycle(input({ sourceObjects: [johnson, jackson] }));
    const fixed = first.after.sourceObjects.map((s) =>
      s.sourceAnchor === JACKSON ? { ...s, userPrincipalName: 'Joe.Jackson@contoso.com' } : s,
    );
    const plan = reconcile({ ...first.after, sourceObjects: fixed });
    expect(plan.cloudUpdates.map((c) => c.userPrincipalName)).toEqual(['Joe.Jackson@contoso.com']);
    expect(plan.counts.errorsResolved).toBe(1);
  });
});

describe('seed: the orphaned object scenario', () => {
  // Joe's original cloud object, synced long ago; its source object was lost, its anchor never seen since.
  const orphan = cloud('11111111-1111-4111-8111-111111111111', {
    sourceAnchor: 'b3JwaGFuZWQtYW5jaG9y',
    dirSyncEnabled: true,
    displayName: 'Joe Johnson',
    userPrincipalName: 'joe@contoso.com',
    proxyAddresses: ['SMTP:joe@contoso.com'],
  });
  const recreated = source(JOHNSON, {
    displayName: 'Joe Johnson',
    userPrincipalName: 'joe@contoso.com',
    proxyAddresses: ['SMTP:joe@contoso.com'],
  });

  test('the recreated user conflicts with its own orphan on UPN and proxy address; both are users', () => {
    const plan = reconcile(input({ sourceObjects: [recreated], cloudObjects: [orphan] }));
    expect(plan.cloudUpdates).toEqual([]);
    const [created] = plan.cloudCreates;
    expect(created!.sourceAnchor).toBe(JOHNSON);
    expect(created!.userPrincipalName).toMatch(/^joe[0-9]{4}@contoso\.onmicrosoft\.com$/);
    expect(created!.proxyAddresses).toEqual([]);
    expect(plan.errorsToWrite.map((e) => [e.attribute, e.errorType, e.diagnoseStatus])).toEqual([
      ['UserPrincipalName', 'QuarantinedAttributeValueMustBeUnique', 'NotStarted'],
      ['ProxyAddresses', 'QuarantinedAttributeValueMustBeUnique', 'NotStarted'],
    ]);
    for (const error of plan.errorsToWrite) {
      expect(error.existingObject).toEqual({
        objectId: orphan.objectId,
        sourceAnchor: 'b3JwaGFuZWQtYW5jaG9y',
        objectType: 'User',
        displayName: 'Joe Johnson',
        userPrincipalName: 'joe@contoso.com',
        cloudUserPrincipalName: 'joe@contoso.com',
        distinguishedName: null,
        softDeleted: false,
      });
      expect(error.conflictingObject).toMatchObject({
        objectId: created!.objectId,
        userPrincipalName: 'joe@contoso.com',
        cloudUserPrincipalName: created!.userPrincipalName,
      });
    }
  });

  test('after apply-fix (anchor moved, conflicting object deleted) the next cycle hard-matches and resolves both', () => {
    const first = cycle(input({ sourceObjects: [recreated], cloudObjects: [orphan] }));
    const conflicting = byAnchor(first.after.cloudObjects, JOHNSON)!;
    const fixedOrphan = { ...orphan, sourceAnchor: JOHNSON };
    const afterFix = {
      ...first.after,
      cloudObjects: [fixedOrphan],
      openErrors: first.after.openErrors.map((e) => ({ ...e, diagnoseStatus: 'PendingSync' as const })),
    };
    const plan = reconcile(afterFix);
    expect(plan.cloudCreates).toEqual([]);
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.sourceUpdates.map((s) => [s.objectId, s.connectorState])).toEqual([
      [orphan.objectId, 'Exported'],
    ]);
    expect(plan.counts.errorsResolved).toBe(2);
    expect(conflicting.objectId).not.toBe(orphan.objectId);
  });
});

/** A tenant with a bit of everything. */
function busyTenant(): ReconcileInput {
  const synced = source('S1', { sequence: 1, proxyAddresses: ['SMTP:s1@contoso.com'] });
  const moved = source('S2', { sequence: 2, displayName: 'renamed', userPrincipalName: 'dup@contoso.com' });
  const sources: SourceObject[] = [
    exported(synced, 'c-s1'),
    exported(moved, 'c-s2'),
    source('N1', {
      sequence: 3,
      userPrincipalName: 'dup@contoso.com',
      proxyAddresses: ['SMTP:shared@contoso.com'],
    }),
    source('N2', { sequence: 4, proxyAddresses: ['SMTP:shared@contoso.com', 'smtp:n2@contoso.com'] }),
    source('N3', {
      sequence: 5,
      sipProxyAddress: 'sip:taken@contoso.com',
      userPrincipalName: 'lost@contoso.com',
    }),
    source('G1', { sequence: 6, objectType: 'Group', proxyAddresses: ['SMTP:grp@contoso.com'] }),
    source('SM', { sequence: 7, userPrincipalName: 'soft@contoso.com' }),
    exported(source('DEL', { sequence: 8, deletedAt: NOW.toISOString() }), 'c-del'),
    exported(source('OUT', { sequence: 9, inScope: false }), 'c-out'),
  ];
  const clouds: CloudObject[] = [
    syncedCloud('c-s1', synced, { sequence: 1 }),
    syncedCloud('c-s2', { ...moved, userPrincipalName: 'old@contoso.com' }, { sequence: 2 }),
    cloud('cloud-only', {
      sequence: 3,
      userPrincipalName: 'cloud@contoso.com',
      sipProxyAddress: 'SIP:taken@contoso.com',
    }),
    cloud('grp-holder', { sequence: 4, objectType: 'Group', proxyAddresses: ['smtp:GRP@contoso.com'] }),
    cloud('soft-target', { sequence: 5, userPrincipalName: 'Soft@contoso.com' }),
    syncedCloud('c-del', source('DEL'), { sequence: 6 }),
    syncedCloud('c-out', source('OUT'), { sequence: 7 }),
    cloud('orphan', {
      sequence: 8,
      sourceAnchor: 'LOST',
      dirSyncEnabled: true,
      userPrincipalName: 'lost@contoso.com',
    }),
    cloud('expired', { sequence: 9, deletedDateTime: daysBefore(NOW, 40) }),
  ];
  return input({ sourceObjects: sources, cloudObjects: clouds, newObjectId: idGenerator() });
}

describe('reconcile: properties', () => {
  test('a second cycle on the output of the first writes nothing', () => {
    const first = cycle(busyTenant(), { now: new Date(NOW.getTime() + 1800_000) });
    expect(first.plan.cloudCreates.length).toBeGreaterThan(0);
    expect(first.plan.errorsToWrite.length).toBeGreaterThan(0);
    const second = reconcile(first.after);
    expect(second.cloudCreates).toEqual([]);
    expect(second.cloudUpdates).toEqual([]);
    expect(second.cloudPurges).toEqual([]);
    expect(second.sourceUpdates).toEqual([]);
    expect(second.sourceRemovals).toEqual([]);
    expect(second.errorsToWrite).toEqual([]);
    expect(second.errorsResolved).toEqual([]);
    expect(second.counts).toMatchObject({
      provisioned: 0,
      updated: 0,
      softDeleted: 0,
      purged: 0,
      errorsReset: 0,
    });
  });

  test('the busy tenant gives the expected plan', () => {
    const plan = reconcile(busyTenant());
    expect(plan.counts).toEqual({
      objectsRead: 18,
      provisioned: 3, // N1, N2, G1 (N3 fails on SIP; SM soft-matches)
      updated: 2, // c-s2 renamed, soft-target matched
      softDeleted: 2,
      purged: 1,
      errorsCreated: 5,
      errorsResolved: 0,
      errorsReset: 0,
      deletionThresholdExceeded: false,
      deletionsHeldBack: 0,
    });
    expect(
      plan.errorsToWrite.map((e) => [e.conflictingSourceAnchor, e.attribute, e.existingObject?.objectId]),
    ).toEqual([
      ['N1', 'UserPrincipalName', 'c-s2'],
      ['N2', 'ProxyAddresses', '00000000-0000-4000-8000-000000000001'],
      ['N3', 'UserPrincipalName', 'orphan'],
      ['N3', 'SipProxyAddress', 'cloud-only'],
      ['G1', 'ProxyAddresses', 'grp-holder'],
    ]);
    expect(plan.cloudUpdates.map((c) => [c.objectId, c.deletedDateTime === null])).toEqual([
      ['c-s2', true],
      ['soft-target', true],
      ['c-del', false],
      ['c-out', false],
    ]);
    expect(plan.cloudPurges).toEqual(['expired']);
    expect(plan.sourceRemovals).toEqual(['DEL']);
  });

  test('the same input gives the same plan', () => {
    expect(reconcile(busyTenant())).toEqual(reconcile(busyTenant()));
  });

  test('the order of the input arrays does not matter', () => {
    const ordered = busyTenant();
    const shuffled = {
      ...busyTenant(),
      sourceObjects: [...ordered.sourceObjects].reverse(),
      cloudObjects: [...ordered.cloudObjects].reverse(),
    };
    expect(reconcile(shuffled)).toEqual(reconcile(ordered));
  });

  test('an empty tenant gives an empty plan', () => {
    const plan = reconcile(input());
    expect(isEmptyPlan(plan)).toBe(true);
    expect(plan.counts.objectsRead).toBe(0);
  });

  test('does not mutate its input', () => {
    const tenant = busyTenant();
    const snapshot = JSON.stringify(tenant);
    reconcile(tenant);
    expect(JSON.stringify(tenant)).toBe(snapshot);
  });

  test('soft match off changes who matches, not the determinism', () => {
    const off = { ...busyTenant(), settings: settings({ blockSoftMatchEnabled: true }) };
    const plan = reconcile(off);
    expect(plan.cloudCreates.map((c) => c.sourceAnchor)).toContain('SM');
    expect(isEmptyPlan(reconcile(cycle(off).after))).toBe(true);
  });
});
