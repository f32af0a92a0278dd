import type { CloudObject, SourceObject } from '../../../shared/directory/model';
import { reconcile, type ReconcilePlan } from '../../../shared/sync/reconcile';
import { NOW, cloud, daysBefore, exported, input, settings, source, syncedCloud } from './reconcileFixtures';

/** Soft match off: these tests are about holders, not joins. */
function run(sourceObjects: SourceObject[], cloudObjects: CloudObject[] = []): ReconcilePlan {
  let n = 0;
  return reconcile(
    input({
      sourceObjects,
      cloudObjects,
      settings: settings({ blockSoftMatchEnabled: true }),
      newObjectId: () => `new-${++n}`,
    }),
  );
}

function errorsOf(plan: ReconcilePlan): [string, string, string, string | null][] {
  return plan.errorsToWrite.map((e) => [
    e.attribute,
    e.errorType,
    e.value,
    e.existingObject?.objectId ?? null,
  ]);
}

const deleted = daysBefore(NOW, 3);

describe('uniqueness table: UserPrincipalName', () => {
  test.each([['an active cloud user', {}]])(
    'is quarantined when %s holds it, ignoring case',
    (_label, holder) => {
      const plan = run(
        [source('A', { userPrincipalName: 'Joe@Contoso.com' })],
        [cloud('h', { userPrincipalName: 'joe@contoso.COM', ...holder })],
      );
      expect(errorsOf(plan)).toEqual([
        ['UserPrincipalName', 'QuarantinedAttributeValueMustBeUnique', 'Joe@Contoso.com', 'h'],
      ]);
      expect(plan.cloudCreates[0]!.userPrincipalName).toMatch(/^Joe[0-9]{4}@contoso\.onmicrosoft\.com$/);
    },
  );

  test('is unique among users only: a non-user holding the same string is no conflict', () => {
    const plan = run(
      [source('A', { userPrincipalName: 'joe@contoso.com' })],
      [cloud('g', { objectType: 'Contact', userPrincipalName: 'joe@contoso.com' })],
    );
    expect(plan.errorsToWrite).toEqual([]);
    expect(plan.cloudCreates[0]!.userPrincipalName).toBe('joe@contoso.com');
  });

  test('a UPN does not collide with a proxy address (cross-attribute collisions are out of scope)', () => {
    const plan = run(
      [source('A', { userPrincipalName: 'joe@contoso.com' })],
      [cloud('h', { proxyAddresses: ['SMTP:joe@contoso.com'] })],
    );
    expect(plan.errorsToWrite).toEqual([]);
  });
});

describe('uniqueness table: ProxyAddresses', () => {
  test.each([
    ['User', 'User'],
    ['Group', 'Group'],
    ['Contact', 'Contact'],
  ] as const)(
    'an SMTP value a %s holds is left off the incoming %s, prefix and case ignored',
    (holderType, incomingType) => {
      const holder = cloud('h', { objectType: holderType, proxyAddresses: ['smtp:JOE@contoso.com'] });
      const incoming = source('A', {
        objectType: incomingType,
        userPrincipalName: incomingType === 'User' ? 'a@contoso.com' : null,
        proxyAddresses: ['SMTP:joe@contoso.com', 'smtp:j@contoso.com'],
      });
      const plan = run([incoming], [holder]);
      expect(errorsOf(plan)).toEqual([
        ['ProxyAddresses', 'QuarantinedAttributeValueMustBeUnique', 'SMTP:joe@contoso.com', 'h'],
      ]);
      expect(plan.cloudCreates[0]!.proxyAddresses).toEqual(['smtp:j@contoso.com']);
    },
  );

  // Issue 12, rule 4. Microsoft Learn, "Identity synchronization and duplicate attribute resiliency",
  // known issues: an SMTP conflict between objects of different classes is not resilient; the export
  // fails with AttributeValueMustBeUnique.
  test.each([
    ['Group', 'User'],
    ['Contact', 'User'],
    ['User', 'Group'],
    ['Group', 'Contact'],
  ] as const)('an SMTP value a %s holds fails the export of the incoming %s', (holderType, incomingType) => {
    const holder = cloud('h', { objectType: holderType, proxyAddresses: ['smtp:JOE@contoso.com'] });
    const incoming = source('A', {
      objectType: incomingType,
      userPrincipalName: incomingType === 'User' ? 'a@contoso.com' : null,
      proxyAddresses: ['smtp:joe@contoso.com', 'smtp:j@contoso.com'],
    });
    const plan = run([incoming], [holder]);
    expect(errorsOf(plan)).toEqual([
      ['ProxyAddresses', 'AttributeValueMustBeUnique', 'smtp:joe@contoso.com', 'h'],
    ]);
    expect(plan.cloudCreates).toEqual([]);
  });

  // Issue 12, rule 4: resiliency covers SMTP addresses only; X500, SIP, EUM … conflicts fail the export.
  test.each([
    'X500:/o=Contoso/ou=First/cn=Recipients/cn=joe',
    'SIP:joe@contoso.com',
    'EUM:1234;phone-context=x',
  ])('a %s proxy address another object holds fails the export, case ignored', (address) => {
    const plan = run(
      [source('A', { proxyAddresses: ['SMTP:a@contoso.com', address.toUpperCase()] })],
      [cloud('h', { proxyAddresses: [address.toLowerCase()] })],
    );
    expect(errorsOf(plan)).toEqual([
      ['ProxyAddresses', 'AttributeValueMustBeUnique', address.toUpperCase(), 'h'],
    ]);
    expect(plan.cloudCreates).toEqual([]);
  });

  test('an update whose X500 address collides is not applied: the object keeps its cloud state', () => {
    const before = source('A', { proxyAddresses: ['SMTP:a@contoso.com'] });
    const synced = syncedCloud('c-a', before);
    const after = {
      ...exported(before, 'c-a'),
      displayName: 'Renamed',
      proxyAddresses: ['SMTP:a@contoso.com', 'X500:/o=x'],
    };
    const plan = run([after], [synced, cloud('h', { proxyAddresses: ['x500:/O=X'] })]);
    expect(plan.cloudUpdates).toEqual([]);
    expect(errorsOf(plan)).toEqual([['ProxyAddresses', 'AttributeValueMustBeUnique', 'X500:/o=x', 'h']]);
  });

  test('a bare address and an smtp: address are the same value', () => {
    const plan = run(
      [source('A', { proxyAddresses: ['joe@contoso.com'] })],
      [cloud('h', { proxyAddresses: ['SMTP:joe@contoso.com'] })],
    );
    expect(errorsOf(plan)).toHaveLength(1);
  });

  test('another address type with the same address is another value', () => {
    const plan = run(
      [source('A', { proxyAddresses: ['SIP:joe@contoso.com'] })],
      [cloud('h', { proxyAddresses: ['SMTP:joe@contoso.com'], sipProxyAddress: 'sip:joe@contoso.com' })],
    );
    expect(plan.errorsToWrite).toEqual([]);
    expect(plan.cloudCreates[0]!.proxyAddresses).toEqual(['SIP:joe@contoso.com']);
  });

  test('one error per conflicting value', () => {
    const plan = run(
      [source('A', { proxyAddresses: ['SMTP:a@contoso.com', 'smtp:b@contoso.com', 'smtp:c@contoso.com'] })],
      [
        cloud('h1', { proxyAddresses: ['smtp:a@contoso.com'] }),
        cloud('h2', { proxyAddresses: ['smtp:c@contoso.com'] }),
      ],
    );
    expect(errorsOf(plan).map(([, , value, holder]) => [value, holder])).toEqual([
      ['SMTP:a@contoso.com', 'h1'],
      ['smtp:c@contoso.com', 'h2'],
    ]);
    expect(new Set(plan.errorsToWrite.map((e) => e.id)).size).toBe(2);
    expect(plan.cloudCreates[0]!.proxyAddresses).toEqual(['smtp:b@contoso.com']);
  });

  test('an address listed twice by one object is no conflict with itself', () => {
    const plan = run([source('A', { proxyAddresses: ['SMTP:a@contoso.com', 'smtp:A@contoso.com'] })]);
    expect(plan.errorsToWrite).toEqual([]);
    expect(plan.cloudCreates[0]!.proxyAddresses).toEqual(['SMTP:a@contoso.com', 'smtp:A@contoso.com']);
  });

  test('an address listed twice and held by another gives one error', () => {
    const plan = run(
      [source('A', { proxyAddresses: ['SMTP:a@contoso.com', 'smtp:A@contoso.com'] })],
      [cloud('h', { proxyAddresses: ['smtp:a@contoso.com'] })],
    );
    expect(plan.errorsToWrite).toHaveLength(1);
    expect(plan.cloudCreates[0]!.proxyAddresses).toEqual([]);
  });
});

describe.each([
  ['SipProxyAddress', 'sipProxyAddress', 'SIP:Joe@Contoso.com', 'sip:joe@contoso.com'],
  ['OnPremiseSecurityIdentifier', 'onPremisesSecurityIdentifier', 'S-1-5-21-7-1001', 's-1-5-21-7-1001'],
] as const)('uniqueness table: %s', (attribute, field, asked, held) => {
  test.each([
    ['a user', 'User', null],
    ['a group', 'Group', null],
  ] as const)(
    'fails the export with AttributeValueMustBeUnique when %s holds it, case ignored',
    (_l, objectType, at) => {
      const plan = run(
        [source('A', { [field]: asked })],
        [cloud('h', { objectType, [field]: held, deletedDateTime: at })],
      );
      expect(errorsOf(plan)).toEqual([[attribute, 'AttributeValueMustBeUnique', asked, 'h']]);
      expect(plan.cloudCreates).toEqual([]);
      expect(plan.sourceUpdates).toEqual([]);
    },
  );

  test('a free value is exported as the source wrote it', () => {
    const plan = run([source('A', { [field]: asked })]);
    expect(plan.cloudCreates[0]![field]).toBe(asked);
  });
});

describe('who keeps a value', () => {
  test('values of a cloud-only object and of an orphan are fixed claims, even against the first in order', () => {
    const plan = run(
      [source('A', { sequence: 1, proxyAddresses: ['SMTP:a@contoso.com', 'smtp:b@contoso.com'] })],
      [
        cloud('cloud-only', { sequence: 9, proxyAddresses: ['smtp:a@contoso.com'] }),
        cloud('orphan', {
          sequence: 9,
          sourceAnchor: 'GONE',
          dirSyncEnabled: true,
          proxyAddresses: ['smtp:b@contoso.com'],
        }),
      ],
    );
    expect(errorsOf(plan).map(([, , , holder]) => holder)).toEqual(['cloud-only', 'orphan']);
  });

  test('a managed object keeps a value it already holds, even against a source object earlier in order (decision 11)', () => {
    const holder = source('H', { sequence: 5, proxyAddresses: ['SMTP:shared@contoso.com'] });
    const incoming = source('N', { sequence: 1, proxyAddresses: ['SMTP:shared@contoso.com'] });
    const plan = run([exported(holder, 'c-h'), incoming], [syncedCloud('c-h', holder)]);
    expect(plan.cloudUpdates).toEqual([]);
    expect(errorsOf(plan)).toEqual([
      ['ProxyAddresses', 'QuarantinedAttributeValueMustBeUnique', 'SMTP:shared@contoso.com', 'c-h'],
    ]);
    expect(plan.errorsToWrite[0]!.conflictingSourceAnchor).toBe('N');
  });

  test('a value its holder no longer asks for is free in the same cycle, whatever the order', () => {
    const before = source('H', { sequence: 5, proxyAddresses: ['SMTP:shared@contoso.com'] });
    const holder = { ...exported(before, 'c-h'), proxyAddresses: ['SMTP:h@contoso.com'] };
    const incoming = source('N', { sequence: 1, proxyAddresses: ['SMTP:shared@contoso.com'] });
    const plan = run([holder, incoming], [syncedCloud('c-h', before)]);
    expect(plan.errorsToWrite).toEqual([]);
    expect(plan.cloudCreates[0]!.proxyAddresses).toEqual(['SMTP:shared@contoso.com']);
    expect(plan.cloudUpdates.map((c) => c.proxyAddresses)).toEqual([['SMTP:h@contoso.com']]);
  });

  test('two source objects asking for the same new value: the first in order gets it', () => {
    const first = source('Z', { sequence: 1, displayName: 'First', sipProxyAddress: 'sip:x@contoso.com' });
    const second = source('A', { sequence: 2, sipProxyAddress: 'SIP:X@contoso.com' });
    const plan = run([second, first]);
    expect(plan.cloudCreates.map((c) => c.sourceAnchor)).toEqual(['Z']);
    const [error] = plan.errorsToWrite;
    expect(error!.conflictingSourceAnchor).toBe('A');
    expect(error!.existingObject).toEqual({
      objectId: 'new-1',
      sourceAnchor: 'Z',
      objectType: 'User',
      displayName: 'First',
      userPrincipalName: 'z@contoso.com',
      cloudUserPrincipalName: 'z@contoso.com',
      distinguishedName: 'CN=Z,OU=Users,DC=contoso,DC=com',
      softDeleted: false,
    });
  });

  test('an object never conflicts with itself when the case of its value changes', () => {
    const before = source('A', {
      userPrincipalName: 'joe@contoso.com',
      proxyAddresses: ['SMTP:joe@contoso.com'],
    });
    const after = {
      ...exported(before, 'c-a'),
      userPrincipalName: 'Joe@Contoso.com',
      proxyAddresses: ['SMTP:Joe@Contoso.com'],
    };
    const plan = run([after], [syncedCloud('c-a', before)]);
    expect(plan.errorsToWrite).toEqual([]);
    expect(plan.cloudUpdates).toEqual([syncedCloud('c-a', after)]);
  });

  test('when a value a managed object holds is also held by a fixed object, the fixed one keeps it', () => {
    const a = source('A', { proxyAddresses: ['SMTP:dup@contoso.com'] });
    const plan = run(
      [exported(a, 'c-a')],
      [
        syncedCloud('c-a', a, { sequence: 1 }),
        cloud('cloud-only', { sequence: 2, proxyAddresses: ['smtp:dup@contoso.com'] }),
      ],
    );
    expect(errorsOf(plan)).toEqual([
      ['ProxyAddresses', 'QuarantinedAttributeValueMustBeUnique', 'SMTP:dup@contoso.com', 'cloud-only'],
    ]);
    expect(plan.cloudUpdates.map((c) => c.proxyAddresses)).toEqual([[]]);
  });
});

// Issue 12, rule 3. SPEC uniqueness table: "A soft-deleted object holds none of these values: an active
// object may take them." Microsoft Learn, "Identity synchronization and duplicate attribute resiliency"
// checks uniqueness among the active objects of the directory.
describe('a soft-deleted object holds no unique value', () => {
  const cases: [keyof SourceObject, Partial<SourceObject>, Partial<CloudObject>][] = [
    ['userPrincipalName', { userPrincipalName: 'Joe@Contoso.com' }, { userPrincipalName: 'joe@contoso.com' }],
    [
      'proxyAddresses',
      { proxyAddresses: ['SMTP:joe@contoso.com'] },
      { proxyAddresses: ['smtp:JOE@contoso.com'] },
    ],
    [
      'sipProxyAddress',
      { sipProxyAddress: 'SIP:joe@contoso.com' },
      { sipProxyAddress: 'sip:joe@contoso.com' },
    ],
    [
      'onPremisesSecurityIdentifier',
      { onPremisesSecurityIdentifier: 'S-1-5-21-7-1001' },
      { onPremisesSecurityIdentifier: 's-1-5-21-7-1001' },
    ],
  ];
  test.each(cases)(
    '%s held by a soft-deleted user goes to the incoming object, with no error',
    (field, asked, held) => {
      const plan = run([source('A', asked)], [cloud('h', { ...held, deletedDateTime: deleted })]);
      expect(plan.errorsToWrite).toEqual([]);
      expect(plan.cloudCreates).toHaveLength(1);
      expect(plan.cloudCreates[0]![field as keyof CloudObject]).toEqual(asked[field]);
    },
  );
});
