import { reconcile } from '../../../shared/sync/reconcile';
import { cloud, exported, input, settings, source, syncedCloud } from './reconcileFixtures';

/**
 * The allocation works out which exports fail from SIP and SID values alone before it hands out
 * anything, and skips claiming again what an object in sync already holds. These pin the cases where
 * that ordering could show: a failure known only after another one, and values kept or freed by a
 * failed object.
 */

const noSoftMatch = settings({ blockSoftMatchEnabled: true });
const sipHolder = cloud('sip-holder', { sipProxyAddress: 'sip:taken@contoso.com', sequence: 1 });
const sidHolder = cloud('sid-holder', { onPremisesSecurityIdentifier: 'S-1-5-21-1-500', sequence: 2 });

function errorsOf(errors: readonly { conflictingSourceAnchor: string; attribute: string }[]): string[][] {
  return errors.map((e) => [e.conflictingSourceAnchor, e.attribute]);
}

describe('reconcile allocation: objects whose export fails', () => {
  const before = source('A', {
    sequence: 1,
    userPrincipalName: 'a@contoso.com',
    sipProxyAddress: 'sip:a@contoso.com',
  });
  const linked = syncedCloud('c-a', before, { sequence: 10 });

  test('a failed object claims the UPN it asks for no more than it gives up the one it has', () => {
    // A moves to a new UPN and to a SIP address another object holds: its export fails.
    const changed = {
      ...exported(before, 'c-a'),
      userPrincipalName: 'new@contoso.com',
      sipProxyAddress: 'sip:taken@contoso.com',
    };
    const takesNew = source('B', { sequence: 2, userPrincipalName: 'new@contoso.com' });
    const takesOld = source('C', { sequence: 3, userPrincipalName: 'a@contoso.com' });
    const ids = ['b-id', 'c-id'];
    const plan = reconcile(
      input({
        sourceObjects: [changed, takesNew, takesOld],
        cloudObjects: [linked, sipHolder],
        settings: noSoftMatch,
        newObjectId: () => ids.shift() ?? 'extra',
      }),
    );
    expect(plan.cloudUpdates).toEqual([]);
    // B gets the UPN A asked for; C does not get the one A still has, so it is quarantined.
    expect(plan.cloudCreates.map((c) => [c.sourceAnchor, c.userPrincipalName])).toEqual([
      ['B', 'new@contoso.com'],
      ['C', expect.stringMatching(/^a[0-9]{4}@contoso\.onmicrosoft\.com$/)],
    ]);
    // A reports the UPN B took too (decision 16: a failed object's UPN and proxy conflicts are still
    // reported), against the values as held after the cycle, so the next cycle finds nothing new.
    expect(errorsOf(plan.errorsToWrite)).toEqual([
      ['A', 'UserPrincipalName'],
      ['A', 'SipProxyAddress'],
      ['C', 'UserPrincipalName'],
    ]);
    expect(plan.errorsToWrite[2]!.existingObject?.objectId).toBe('c-a');
  });

  test('a failed object keeps the SIP address it dropped, so an earlier claimant of it fails too', () => {
    // A drops its SIP address and asks for a taken SID: it fails, and so keeps the SIP address. B,
    // served before A, asked for that address: it fails too, and C then gets the address B asked for.
    const changed = {
      ...exported(before, 'c-a'),
      sipProxyAddress: null,
      onPremisesSecurityIdentifier: 'S-1-5-21-1-500',
    };
    const earlier = source('B', {
      sequence: 0,
      sipProxyAddress: 'sip:a@contoso.com',
      proxyAddresses: ['SMTP:b@contoso.com'],
    });
    const later = source('C', { sequence: 2, proxyAddresses: ['SMTP:b@contoso.com'] });
    const plan = reconcile(
      input({
        sourceObjects: [earlier, changed, later],
        cloudObjects: [linked, sidHolder],
        settings: noSoftMatch,
        newObjectId: () => 'c-id',
      }),
    );
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.cloudCreates.map((c) => [c.sourceAnchor, c.proxyAddresses])).toEqual([
      ['C', ['SMTP:b@contoso.com']],
    ]);
    // B reports the address C took after it too (see above).
    expect(errorsOf(plan.errorsToWrite)).toEqual([
      ['B', 'ProxyAddresses'],
      ['B', 'SipProxyAddress'],
      ['A', 'OnPremiseSecurityIdentifier'],
    ]);
    expect(plan.errorsToWrite[1]!.existingObject?.objectId).toBe('c-a');
  });
});

describe('reconcile allocation: objects in sync', () => {
  test('of two objects holding the same address, the first keeps it and the other is quarantined', () => {
    const first = source('A', { sequence: 1, proxyAddresses: ['SMTP:shared@contoso.com'] });
    const second = source('B', {
      sequence: 2,
      proxyAddresses: ['SMTP:b@contoso.com', 'smtp:shared@contoso.com'],
    });
    const plan = reconcile(
      input({
        sourceObjects: [exported(first, 'c-a'), exported(second, 'c-b')],
        cloudObjects: [syncedCloud('c-a', first), syncedCloud('c-b', second)],
      }),
    );
    expect(plan.cloudUpdates.map((c) => [c.objectId, c.proxyAddresses])).toEqual([
      ['c-b', ['SMTP:b@contoso.com']],
    ]);
    expect(errorsOf(plan.errorsToWrite)).toEqual([['B', 'ProxyAddresses']]);
  });

  test('a placeholder given back goes to a later object that holds it too and asks for it', () => {
    // A's UPN is free again, so A gives back its placeholder; B (an import gone wrong) holds the
    // same UPN as its own and keeps it without a conflict.
    const placeholder = 'joe1234@contoso.onmicrosoft.com';
    const a = source('A', { sequence: 1, userPrincipalName: 'joe@contoso.com' });
    const b = source('B', { sequence: 2, userPrincipalName: placeholder });
    const plan = reconcile(
      input({
        sourceObjects: [exported(a, 'c-a'), exported(b, 'c-b')],
        cloudObjects: [syncedCloud('c-a', a, { userPrincipalName: placeholder }), syncedCloud('c-b', b)],
      }),
    );
    expect(plan.cloudUpdates.map((c) => [c.objectId, c.userPrincipalName])).toEqual([
      ['c-a', 'joe@contoso.com'],
    ]);
    expect(plan.errorsToWrite).toEqual([]);
  });
});
