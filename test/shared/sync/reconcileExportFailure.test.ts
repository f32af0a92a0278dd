import { reconcile } from '../../../shared/sync/reconcile';
import {
  cloud,
  cycle,
  exported,
  input,
  isEmptyPlan,
  settings,
  source,
  syncedCloud,
} from './reconcileFixtures';

/** SPEC decision 16: a SIP or SID conflict rejects the whole export of the object. */

const sipHolder = cloud('sip-holder', { sipProxyAddress: 'sip:joe@contoso.com', sequence: 1 });
const sidHolder = cloud('sid-holder', { onPremisesSecurityIdentifier: 'S-1-5-21-1-500', sequence: 2 });
const upnHolder = cloud('upn-holder', {
  userPrincipalName: 'joe@contoso.com',
  proxyAddresses: ['SMTP:joe@contoso.com'],
  sequence: 3,
});
const noSoftMatch = settings({ blockSoftMatchEnabled: true });

function attributesOf(errors: readonly { attribute: string; errorType: string }[]): string[][] {
  return errors.map((e) => [e.attribute, e.errorType]);
}

describe('reconcile: SIP/SID conflict on a new object', () => {
  test.each([
    ['SIP', { sipProxyAddress: 'SIP:JOE@contoso.com' }, 'SipProxyAddress'],
    ['SID', { onPremisesSecurityIdentifier: 's-1-5-21-1-500' }, 'OnPremiseSecurityIdentifier'],
  ])(
    '%s: not provisioned, stays PendingAdd, and its UPN and proxy conflicts are still reported',
    (_l, ask, attr) => {
      const incoming = source('A', {
        userPrincipalName: 'joe@contoso.com',
        proxyAddresses: ['SMTP:joe@contoso.com'],
        ...ask,
      });
      const plan = reconcile(
        input({
          sourceObjects: [incoming],
          cloudObjects: [sipHolder, sidHolder, upnHolder],
          settings: noSoftMatch,
        }),
      );
      expect(plan.cloudCreates).toEqual([]);
      expect(plan.sourceUpdates).toEqual([]);
      expect(attributesOf(plan.errorsToWrite)).toEqual([
        ['UserPrincipalName', 'QuarantinedAttributeValueMustBeUnique'],
        ['ProxyAddresses', 'QuarantinedAttributeValueMustBeUnique'],
        [attr, 'AttributeValueMustBeUnique'],
      ]);
      for (const error of plan.errorsToWrite) {
        expect(error.conflictingObject).toMatchObject({
          objectId: null,
          sourceAnchor: 'A',
          softDeleted: false,
        });
      }
    },
  );

  test('a source object stored as Exported goes back to PendingAdd with no objectId', () => {
    const incoming = {
      ...source('A', { sipProxyAddress: 'sip:joe@contoso.com' }),
      connectorState: 'Exported' as const,
      objectId: 'gone',
    };
    const plan = reconcile(input({ sourceObjects: [incoming], cloudObjects: [sipHolder] }));
    expect(plan.sourceUpdates).toEqual([{ ...incoming, connectorState: 'PendingAdd', objectId: null }]);
  });

  // Decision 16: its proxy conflicts are still reported, against the values as everyone holds them
  // after the cycle, so that the next cycle finds nothing new (found by reconcileProperties.test.ts).
  test('claims nothing: a later object gets a value the failed one asked for, and the failed one reports it', () => {
    const failing = source('A', {
      sequence: 1,
      sipProxyAddress: 'sip:joe@contoso.com',
      proxyAddresses: ['SMTP:free@contoso.com'],
    });
    const later = source('B', { sequence: 2, proxyAddresses: ['SMTP:free@contoso.com'] });
    const plan = reconcile(
      input({ sourceObjects: [failing, later], cloudObjects: [sipHolder], newObjectId: () => 'b-id' }),
    );
    expect(plan.cloudCreates.map((c) => [c.sourceAnchor, c.proxyAddresses])).toEqual([
      ['B', ['SMTP:free@contoso.com']],
    ]);
    expect(attributesOf(plan.errorsToWrite)).toEqual([
      ['ProxyAddresses', 'QuarantinedAttributeValueMustBeUnique'],
      ['SipProxyAddress', 'AttributeValueMustBeUnique'],
    ]);
    const first = cycle(
      input({ sourceObjects: [failing, later], cloudObjects: [sipHolder], newObjectId: () => 'b-id' }),
    );
    expect(isEmptyPlan(reconcile(first.after))).toBe(true);
  });

  test('the next cycle writes nothing while the conflict lasts', () => {
    const incoming = source('A', { sipProxyAddress: 'sip:joe@contoso.com' });
    const first = cycle(input({ sourceObjects: [incoming], cloudObjects: [sipHolder] }));
    expect(isEmptyPlan(reconcile(first.after))).toBe(true);
  });

  test('is provisioned by the first cycle after the conflict is gone', () => {
    const incoming = source('A', { sipProxyAddress: 'sip:joe@contoso.com' });
    const first = cycle(input({ sourceObjects: [incoming], cloudObjects: [sipHolder] }));
    const plan = reconcile({ ...first.after, cloudObjects: [] });
    expect(plan.cloudCreates.map((c) => c.sipProxyAddress)).toEqual(['sip:joe@contoso.com']);
    expect(plan.counts.errorsResolved).toBe(1);
  });
});

describe('reconcile: SIP/SID conflict on an existing object', () => {
  const before = source('A', {
    userPrincipalName: 'a@contoso.com',
    displayName: 'Before',
    proxyAddresses: ['SMTP:a@contoso.com'],
    onPremisesSecurityIdentifier: 'S-1-5-21-1-1001',
  });
  const linked = syncedCloud('c-a', before, { sequence: 10 });

  test('the whole update is rejected; its UPN and proxy conflicts are reported too', () => {
    const changed = {
      ...exported(before, 'c-a'),
      displayName: 'After',
      userPrincipalName: 'joe@contoso.com',
      proxyAddresses: ['SMTP:a@contoso.com', 'smtp:joe@contoso.com'],
      onPremisesSecurityIdentifier: 'S-1-5-21-1-500',
    };
    const plan = reconcile(input({ sourceObjects: [changed], cloudObjects: [linked, sidHolder, upnHolder] }));
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.sourceUpdates).toEqual([]);
    expect(attributesOf(plan.errorsToWrite)).toEqual([
      ['UserPrincipalName', 'QuarantinedAttributeValueMustBeUnique'],
      ['ProxyAddresses', 'QuarantinedAttributeValueMustBeUnique'],
      ['OnPremiseSecurityIdentifier', 'AttributeValueMustBeUnique'],
    ]);
    expect(plan.errorsToWrite[0]!.conflictingObject).toMatchObject({
      objectId: 'c-a',
      displayName: 'After',
      userPrincipalName: 'joe@contoso.com',
    });
  });

  test('a soft-deleted object whose update fails stays soft-deleted (nothing of the update applies)', () => {
    const deletedLinked = { ...linked, deletedDateTime: '2026-05-30T00:00:00.000Z' };
    const changed = { ...exported(before, 'c-a'), sipProxyAddress: 'sip:joe@contoso.com' };
    const plan = reconcile(input({ sourceObjects: [changed], cloudObjects: [deletedLinked, sipHolder] }));
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.errorsToWrite[0]!.conflictingObject).toMatchObject({ objectId: 'c-a', softDeleted: true });
  });

  test('it keeps the values it stopped asking for, so nobody else gets them this cycle', () => {
    // A drops its address and asks for a taken SID: its export fails, so it still holds the address.
    const changed = {
      ...exported(before, 'c-a'),
      proxyAddresses: [],
      onPremisesSecurityIdentifier: 'S-1-5-21-1-500',
    };
    const taker = source('B', { sequence: 0, proxyAddresses: ['smtp:A@contoso.com'] });
    const plan = reconcile(
      input({
        sourceObjects: [taker, changed],
        cloudObjects: [linked, sidHolder],
        newObjectId: () => 'b-id',
      }),
    );
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.cloudCreates.map((c) => [c.objectId, c.proxyAddresses])).toEqual([['b-id', []]]);
    expect(
      plan.errorsToWrite.map((e) => [e.conflictingSourceAnchor, e.attribute, e.existingObject?.objectId]),
    ).toEqual([
      ['B', 'ProxyAddresses', 'c-a'],
      ['A', 'OnPremiseSecurityIdentifier', 'sid-holder'],
    ]);
  });

  test('once the conflict is gone the pending update is applied in full', () => {
    const changed = {
      ...exported(before, 'c-a'),
      displayName: 'After',
      onPremisesSecurityIdentifier: 'S-1-5-21-1-500',
    };
    const plan = reconcile(input({ sourceObjects: [changed], cloudObjects: [linked] }));
    expect(plan.cloudUpdates).toEqual([syncedCloud('c-a', changed, { sequence: 10 })]);
  });

  test('a soft match whose export fails does not happen: the candidate stays cloud-only', () => {
    const incoming = source('A', {
      userPrincipalName: 'joe@contoso.com',
      sipProxyAddress: 'sip:joe@contoso.com',
    });
    const candidate = cloud('cand', { userPrincipalName: 'joe@contoso.com', sequence: 5 });
    const plan = reconcile(input({ sourceObjects: [incoming], cloudObjects: [candidate, sipHolder] }));
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.cloudCreates).toEqual([]);
    expect(plan.sourceUpdates).toEqual([]);
    // No conflict with the very object it matched: only the SIP error.
    expect(attributesOf(plan.errorsToWrite)).toEqual([['SipProxyAddress', 'AttributeValueMustBeUnique']]);
  });
});
