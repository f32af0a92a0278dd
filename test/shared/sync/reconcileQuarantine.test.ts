import { placeholderUpn } from '../../../shared/directory/upnQuarantine';
import { reconcile } from '../../../shared/sync/reconcile';
import {
  TENANT_ID,
  byAnchor,
  cloud,
  cycle,
  exported,
  input,
  isEmptyPlan,
  settings,
  source,
  syncedCloud,
} from './reconcileFixtures';

const PLACEHOLDER = /^joe[0-9]{4}@contoso\.onmicrosoft\.com$/;
const holder = cloud('holder', {
  userPrincipalName: 'joe@contoso.com',
  proxyAddresses: ['SMTP:joe@contoso.com'],
});
const joe = source('A', {
  userPrincipalName: 'joe@contoso.com',
  displayName: 'Joe',
  proxyAddresses: ['SMTP:joe@contoso.com', 'smtp:joe.a@contoso.com'],
});
const noSoftMatch = settings({ blockSoftMatchEnabled: true });

describe('reconcile: UPN quarantine', () => {
  test('the incoming user gets <prefix><4 digits>@<initialDomain> and the rest of its attributes', () => {
    const plan = reconcile(input({ sourceObjects: [joe], cloudObjects: [holder], settings: noSoftMatch }));
    const [created] = plan.cloudCreates;
    expect(created!.userPrincipalName).toMatch(PLACEHOLDER);
    expect(created!.displayName).toBe('Joe');
    expect(created!.proxyAddresses).toEqual(['smtp:joe.a@contoso.com']);
    expect(plan.sourceUpdates).toEqual([exported(joe, created!.objectId)]);
    expect(plan.errorsToWrite.map((e) => [e.attribute, e.errorType, e.value, e.normalizedValue])).toEqual([
      ['UserPrincipalName', 'QuarantinedAttributeValueMustBeUnique', 'joe@contoso.com', 'joe@contoso.com'],
      ['ProxyAddresses', 'QuarantinedAttributeValueMustBeUnique', 'SMTP:joe@contoso.com', 'joe@contoso.com'],
    ]);
  });

  test('the placeholder digits are the deterministic ones for (tenant, anchor)', () => {
    const plan = reconcile(input({ sourceObjects: [joe], cloudObjects: [holder], settings: noSoftMatch }));
    const expected = placeholderUpn({
      tenantId: TENANT_ID,
      sourceAnchor: 'A',
      sourceUpn: 'joe@contoso.com',
      initialDomain: 'contoso.onmicrosoft.com',
      isTaken: () => false,
    });
    expect(plan.cloudCreates[0]!.userPrincipalName).toBe(expected);
  });

  test('uses tenant-<8 hex>.onmicrosoft.com while no initial domain is set', () => {
    const plan = reconcile(
      input({
        sourceObjects: [joe],
        cloudObjects: [holder],
        settings: settings({ initialDomain: '', blockSoftMatchEnabled: true }),
      }),
    );
    expect(plan.cloudCreates[0]!.userPrincipalName).toMatch(
      /^joe[0-9]{4}@tenant-8f0e6c1a\.onmicrosoft\.com$/,
    );
  });

  test('skips a placeholder another object already holds', () => {
    const wanted = placeholderUpn({
      tenantId: TENANT_ID,
      sourceAnchor: 'A',
      sourceUpn: 'joe@contoso.com',
      initialDomain: 'contoso.onmicrosoft.com',
      isTaken: () => false,
    });
    const squatter = cloud('squatter', { userPrincipalName: wanted.toUpperCase() });
    const plan = reconcile(
      input({ sourceObjects: [joe], cloudObjects: [holder, squatter], settings: noSoftMatch }),
    );
    const upn = plan.cloudCreates[0]!.userPrincipalName;
    expect(upn).toMatch(PLACEHOLDER);
    expect(upn).not.toBe(wanted);
  });

  test('two quarantined users with the same prefix get different placeholders', () => {
    const twin = source('B', { sequence: 2, userPrincipalName: 'joe@contoso.com' });
    const plan = reconcile(
      input({ sourceObjects: [joe, twin], cloudObjects: [holder], settings: noSoftMatch }),
    );
    const upns = plan.cloudCreates.map((c) => c.userPrincipalName);
    expect(upns).toHaveLength(2);
    expect(new Set(upns).size).toBe(2);
  });

  test('the placeholder is stable across cycles, even when other attributes change', () => {
    const first = cycle(input({ sourceObjects: [joe], cloudObjects: [holder], settings: noSoftMatch }));
    const placeholder = first.plan.cloudCreates[0]!.userPrincipalName;

    const second = cycle(first.after);
    expect(isEmptyPlan(second.plan)).toBe(true);

    const renamed = { ...first.after.sourceObjects[0]!, displayName: 'Joe A.' };
    const third = reconcile({ ...second.after, sourceObjects: [renamed] });
    expect(third.cloudUpdates.map((c) => [c.displayName, c.userPrincipalName])).toEqual([
      ['Joe A.', placeholder],
    ]);
  });

  test('a placeholder of another prefix is not kept: a renamed user still in conflict gets a new one', () => {
    const first = cycle(input({ sourceObjects: [joe], cloudObjects: [holder], settings: noSoftMatch }));
    const otherHolder = cloud('holder2', { userPrincipalName: 'johnny@contoso.com', sequence: 2 });
    const renamed = { ...first.after.sourceObjects[0]!, userPrincipalName: 'johnny@contoso.com' };
    const plan = reconcile({
      ...first.after,
      sourceObjects: [renamed],
      cloudObjects: [...first.after.cloudObjects, otherHolder],
    });
    expect(plan.cloudUpdates[0]!.userPrincipalName).toMatch(/^johnny[0-9]{4}@contoso\.onmicrosoft\.com$/);
  });

  test('restores the UPN and the proxy address once the holder is gone', () => {
    const first = cycle(input({ sourceObjects: [joe], cloudObjects: [holder], settings: noSoftMatch }));
    const withoutHolder = first.after.cloudObjects.filter((c) => c.objectId !== 'holder');
    const plan = reconcile({ ...first.after, cloudObjects: withoutHolder });
    const restored = plan.cloudUpdates[0]!;
    expect(restored.userPrincipalName).toBe('joe@contoso.com');
    expect(restored.proxyAddresses).toEqual(['SMTP:joe@contoso.com', 'smtp:joe.a@contoso.com']);
    expect(plan.errorsResolved.map((e) => e.attribute).sort()).toEqual([
      'ProxyAddresses',
      'UserPrincipalName',
    ]);
    expect(plan.counts.errorsResolved).toBe(2);
  });

  test('restores only what is free: the proxy comes back while the UPN stays quarantined', () => {
    const first = cycle(input({ sourceObjects: [joe], cloudObjects: [holder], settings: noSoftMatch }));
    const placeholder = first.plan.cloudCreates[0]!.userPrincipalName;
    const holderWithoutProxy = { ...holder, proxyAddresses: [] };
    const cloudObjects = first.after.cloudObjects.map((c) =>
      c.objectId === 'holder' ? holderWithoutProxy : c,
    );
    const plan = reconcile({ ...first.after, cloudObjects });
    expect(plan.cloudUpdates.map((c) => [c.userPrincipalName, c.proxyAddresses])).toEqual([
      [placeholder, ['SMTP:joe@contoso.com', 'smtp:joe.a@contoso.com']],
    ]);
    expect(plan.errorsResolved.map((e) => e.attribute)).toEqual(['ProxyAddresses']);
    expect(plan.errorsToWrite).toEqual([]);
  });

  test("restores in the same cycle the holder's source gives the value up, even when the holder comes later", () => {
    const holderSource = source('H', { sequence: 9, userPrincipalName: 'joe@contoso.com' });
    const quarantined = source('Q', { sequence: 1, userPrincipalName: 'joe@contoso.com' });
    const first = cycle(
      input({
        sourceObjects: [exported(holderSource, 'c-h'), quarantined],
        cloudObjects: [syncedCloud('c-h', holderSource)],
      }),
    );
    expect(byAnchor(first.after.cloudObjects, 'Q')!.userPrincipalName).toMatch(PLACEHOLDER);

    const renamedHolder = {
      ...byAnchorSource(first.after.sourceObjects, 'H'),
      userPrincipalName: 'joe.h@contoso.com',
    };
    const others = first.after.sourceObjects.filter((s) => s.sourceAnchor !== 'H');
    const second = cycle({ ...first.after, sourceObjects: [...others, renamedHolder] });
    expect(second.plan.cloudUpdates.map((c) => [c.sourceAnchor, c.userPrincipalName])).toEqual([
      ['Q', 'joe@contoso.com'],
      ['H', 'joe.h@contoso.com'],
    ]);
    expect(second.plan.counts.errorsResolved).toBe(1);
    expect(isEmptyPlan(reconcile(second.after))).toBe(true);
  });

  test('an existing object updated to a taken UPN is the conflicting one, and gets a placeholder', () => {
    const before = source('A', { userPrincipalName: 'a@contoso.com' });
    const changed = { ...exported(before, 'c-a'), userPrincipalName: 'joe@contoso.com' };
    const plan = reconcile(
      input({ sourceObjects: [changed], cloudObjects: [holder, syncedCloud('c-a', before)] }),
    );
    expect(plan.cloudUpdates.map((c) => c.userPrincipalName)).toEqual([expect.stringMatching(PLACEHOLDER)]);
    expect(plan.errorsToWrite.map((e) => [e.conflictingSourceAnchor, e.existingObject?.objectId])).toEqual([
      ['A', 'holder'],
    ]);
  });

  test('a placeholder is held like any UPN: a newcomer asking for it literally conflicts', () => {
    const first = cycle(input({ sourceObjects: [joe], cloudObjects: [holder], settings: noSoftMatch }));
    const placeholder = first.plan.cloudCreates[0]!.userPrincipalName!;
    const newcomer = source('0-first', { sequence: 0, userPrincipalName: placeholder });
    const plan = reconcile({ ...first.after, sourceObjects: [newcomer, ...first.after.sourceObjects] });
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.errorsToWrite.map((e) => [e.conflictingSourceAnchor, e.existingObject?.objectId])).toEqual([
      ['0-first', first.plan.cloudCreates[0]!.objectId],
    ]);
  });
});

function byAnchorSource<T extends { sourceAnchor: string }>(objects: readonly T[], anchor: string): T {
  const found = objects.find((o) => o.sourceAnchor === anchor);
  if (found === undefined) throw new Error(`no ${anchor}`);
  return found;
}
