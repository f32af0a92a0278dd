import type { SyncError } from '../../../shared/sync/model';
import { syncErrorId } from '../../../shared/sync/errorId';
import { reconcile, type ReconcileInput } from '../../../shared/sync/reconcile';
import { NOW, cloud, cycle, input, isEmptyPlan, settings, source } from './reconcileFixtures';

const LATER = new Date(NOW.getTime() + 30 * 60 * 1000);
const holder = cloud('holder', {
  userPrincipalName: 'joe@contoso.com',
  displayName: 'Joe Jackson',
  sequence: 1,
});
const joe = source('A/b+c=', {
  userPrincipalName: 'Joe@Contoso.com',
  displayName: 'Joe Johnson',
  distinguishedName: 'CN=Joe Johnson,OU=Users,DC=contoso,DC=com',
});

function firstCycle(): { error: SyncError; after: ReconcileInput } {
  const { plan, after } = cycle(
    input({
      sourceObjects: [joe],
      cloudObjects: [holder],
      settings: settings({ blockSoftMatchEnabled: true }),
    }),
    { now: LATER },
  );
  return { error: plan.errorsToWrite[0]!, after };
}

describe('reconcile: new errors', () => {
  test('carry a stable id, both snapshots, NotStarted for two users, empty answers and now', () => {
    const { plan } = cycle(
      input({
        sourceObjects: [joe],
        cloudObjects: [holder],
        settings: settings({ blockSoftMatchEnabled: true }),
      }),
    );
    expect(plan.errorsToWrite).toEqual([
      {
        id: syncErrorId({
          attribute: 'UserPrincipalName',
          normalizedValue: 'joe@contoso.com',
          conflictingSourceAnchor: 'A/b+c=',
        }),
        errorType: 'QuarantinedAttributeValueMustBeUnique',
        attribute: 'UserPrincipalName',
        value: 'Joe@Contoso.com',
        normalizedValue: 'joe@contoso.com',
        conflictingSourceAnchor: 'A/b+c=',
        existingObject: {
          objectId: 'holder',
          sourceAnchor: null,
          objectType: 'User',
          displayName: 'Joe Jackson',
          userPrincipalName: 'joe@contoso.com',
          cloudUserPrincipalName: 'joe@contoso.com',
          distinguishedName: null,
          softDeleted: false,
        },
        conflictingObject: {
          objectId: plan.cloudCreates[0]!.objectId,
          sourceAnchor: 'A/b+c=',
          objectType: 'User',
          displayName: 'Joe Johnson',
          userPrincipalName: 'Joe@Contoso.com',
          // The conflicting user is in the cloud under its quarantined placeholder: what an admin searches Entra for.
          cloudUserPrincipalName: plan.cloudCreates[0]!.userPrincipalName,
          distinguishedName: 'CN=Joe Johnson,OU=Users,DC=contoso,DC=com',
          softDeleted: false,
        },
        diagnoseStatus: 'NotStarted',
        answers: { userExistsOnPremises: null, sameUser: null, closed: false },
        detectedAt: NOW.toISOString(),
        lastSeenAt: NOW.toISOString(),
        resolvedAt: null,
      },
    ]);
    expect(plan.counts).toMatchObject({ errorsCreated: 1, errorsResolved: 0, errorsReset: 0 });
  });

  test.each([
    [
      'the existing object is a group',
      cloud('g', { objectType: 'Group', proxyAddresses: ['smtp:x@contoso.com'] }),
      'User',
    ],
    [
      'the conflicting object is a contact',
      cloud('u', { proxyAddresses: ['smtp:x@contoso.com'] }),
      'Contact',
    ],
  ] as const)('are ManualFixRequired from the start when %s (decision 1)', (_l, existing, type) => {
    const incoming = source('A', { objectType: type, proxyAddresses: ['SMTP:x@contoso.com'] });
    const plan = reconcile(input({ sourceObjects: [incoming], cloudObjects: [existing] }));
    expect(plan.errorsToWrite.map((e) => e.diagnoseStatus)).toEqual(['ManualFixRequired']);
  });

  test('the same conflict gives the same id in every cycle, even when only the case of the value changes', () => {
    const { error, after } = firstCycle();
    const recased = { ...after.sourceObjects[0]!, userPrincipalName: 'JOE@contoso.com' };
    const plan = reconcile({ ...after, sourceObjects: [recased] });
    expect(plan.errorsResolved).toEqual([]);
    expect(plan.errorsToWrite.map((e) => [e.id, e.value, e.detectedAt])).toEqual([
      [error.id, 'JOE@contoso.com', error.detectedAt],
    ]);
  });
});

describe('reconcile: persisting errors', () => {
  test('an unchanged error is not written and not counted', () => {
    const { after } = firstCycle();
    const plan = reconcile(after);
    expect(isEmptyPlan(plan)).toBe(true);
    expect(plan.counts).toMatchObject({ errorsCreated: 0, errorsResolved: 0, errorsReset: 0 });
  });

  test.each([
    [
      'ManualFixRequired after close',
      'ManualFixRequired',
      { userExistsOnPremises: 'no', sameUser: 'no', closed: true },
    ],
    [
      'PendingSync after apply-fix',
      'PendingSync',
      { userExistsOnPremises: 'no', sameUser: 'yes', closed: false },
    ],
    ['NotStarted with answers', 'NotStarted', { userExistsOnPremises: 'yes', sameUser: null, closed: false }],
  ] as const)(
    '%s is reset: NotStarted, answers cleared, lastSeenAt now, id and detectedAt kept',
    (_l, status, answers) => {
      const { error, after } = firstCycle();
      const touched: SyncError = { ...error, diagnoseStatus: status, answers: { ...answers } };
      const plan = reconcile({ ...after, openErrors: [touched] });
      expect(plan.errorsToWrite).toEqual([
        {
          ...error,
          diagnoseStatus: 'NotStarted',
          answers: { userExistsOnPremises: null, sameUser: null, closed: false },
          lastSeenAt: LATER.toISOString(),
        },
      ]);
      expect(plan.counts).toMatchObject({ errorsReset: 1, errorsCreated: 0 });
    },
  );

  test('a non-user error stays ManualFixRequired and is not rewritten', () => {
    const group = cloud('g', { objectType: 'Group', proxyAddresses: ['smtp:x@contoso.com'] });
    const incoming = source('A', { proxyAddresses: ['SMTP:x@contoso.com'] });
    const first = cycle(input({ sourceObjects: [incoming], cloudObjects: [group] }), { now: LATER });
    const plan = reconcile(first.after);
    expect(plan.errorsToWrite).toEqual([]);
    expect(plan.counts.errorsReset).toBe(0);
  });

  test('a changed snapshot rewrites the error without counting a reset', () => {
    const { error, after } = firstCycle();
    const renamedHolder = { ...holder, displayName: 'Joe Jackson (Sales)' };
    const cloudObjects = after.cloudObjects.map((c) => (c.objectId === 'holder' ? renamedHolder : c));
    const plan = reconcile({ ...after, cloudObjects });
    expect(plan.errorsToWrite).toEqual([
      {
        ...error,
        existingObject: { ...error.existingObject!, displayName: 'Joe Jackson (Sales)' },
        lastSeenAt: LATER.toISOString(),
      },
    ]);
    expect(plan.counts.errorsReset).toBe(0);
  });
});

describe('reconcile: resolution', () => {
  test('an open error not seen this cycle is resolved at now', () => {
    const { error, after } = firstCycle();
    const plan = reconcile({
      ...after,
      cloudObjects: after.cloudObjects.filter((c) => c.objectId !== 'holder'),
    });
    expect(plan.errorsResolved).toEqual([{ ...error, resolvedAt: LATER.toISOString() }]);
    expect(plan.counts.errorsResolved).toBe(1);
  });

  test('an open error about objects that no longer exist is resolved', () => {
    const { error } = firstCycle();
    const plan = reconcile(input({ openErrors: [error] }));
    expect(plan.errorsResolved.map((e) => e.id)).toEqual([error.id]);
  });

  test('an error that comes back keeps its id and gets a new detectedAt (decision 10)', () => {
    const { error, after } = firstCycle();
    const third = new Date(LATER.getTime() + 30 * 60 * 1000);
    const gone = cycle(
      { ...after, cloudObjects: after.cloudObjects.filter((c) => c.objectId !== 'holder') },
      { now: third },
    );
    expect(gone.plan.errorsResolved).toHaveLength(1);
    // The holder shows up again (say, restored): the conflict is back.
    const back = reconcile({ ...gone.after, cloudObjects: [...gone.after.cloudObjects, holder] });
    expect(back.errorsToWrite.map((e) => [e.id, e.detectedAt, e.lastSeenAt, e.resolvedAt])).toEqual([
      [error.id, third.toISOString(), third.toISOString(), null],
    ]);
    expect(back.counts.errorsCreated).toBe(1);
  });
});
