import type { SourceObject } from '../../../shared/directory/model';
import { reconcile } from '../../../shared/sync/reconcile';
import {
  NOW,
  cloud,
  cycle,
  daysBefore,
  exported,
  input,
  isEmptyPlan,
  settings,
  source,
  syncedCloud,
} from './reconcileFixtures';

const nowIso = NOW.toISOString();

function linkedPair(anchor: string, sequence: number, overrides: Partial<SourceObject> = {}) {
  const src = exported(source(anchor, { sequence, ...overrides }), `c-${anchor}`);
  return { src, obj: syncedCloud(`c-${anchor}`, src, { sequence }) };
}

describe('reconcile: deletions', () => {
  // SPEC step 3: "their linked users are soft-deleted (dirSyncEnabled becomes false)".
  test('a source deleted on-premises soft-deletes its cloud user (no longer synced) and is removed', () => {
    const { src, obj } = linkedPair('A', 1, { deletedAt: daysBefore(NOW, 0, 1000) });
    const plan = reconcile(input({ sourceObjects: [src], cloudObjects: [obj] }));
    expect(plan.cloudUpdates).toEqual([{ ...obj, deletedDateTime: nowIso, dirSyncEnabled: false }]);
    expect(plan.sourceRemovals).toEqual(['A']);
    expect(plan.sourceUpdates).toEqual([]);
    expect(plan.counts).toMatchObject({
      softDeleted: 1,
      updated: 0,
      deletionThresholdExceeded: false,
      deletionsHeldBack: 0,
    });
  });

  test('an out-of-scope source soft-deletes its cloud object and stays, PendingAdd with no objectId', () => {
    const { src, obj } = linkedPair('A', 1, { inScope: false });
    const plan = reconcile(input({ sourceObjects: [src], cloudObjects: [obj] }));
    expect(plan.cloudUpdates).toEqual([{ ...obj, deletedDateTime: nowIso, dirSyncEnabled: false }]);
    expect(plan.sourceRemovals).toEqual([]);
    expect(plan.sourceUpdates).toEqual([{ ...src, connectorState: 'PendingAdd', objectId: null }]);
  });

  test('an out-of-scope source with nothing linked changes nothing', () => {
    const plan = reconcile(input({ sourceObjects: [source('A', { inScope: false })] }));
    expect(isEmptyPlan(plan)).toBe(true);
  });

  test('a deleted source with nothing to delete (never provisioned, or already soft-deleted) is removed', () => {
    const never = source('N', { deletedAt: nowIso });
    const { src, obj } = linkedPair('A', 2, { deletedAt: nowIso });
    const already = { ...obj, deletedDateTime: daysBefore(NOW, 1) };
    const plan = reconcile(input({ sourceObjects: [never, src], cloudObjects: [already] }));
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.sourceRemovals).toEqual(['N', 'A']);
    expect(plan.counts.softDeleted).toBe(0);
  });

  test('never deletes a cloud object whose anchor has no source object', () => {
    const orphan = cloud('orphan', { sourceAnchor: 'GONE', dirSyncEnabled: true });
    const plan = reconcile(input({ cloudObjects: [orphan] }));
    expect(isEmptyPlan(plan)).toBe(true);
  });

  // Issue 12, rule 3: a soft-deleted object holds no value (SPEC uniqueness table), also the one this
  // very cycle soft-deletes.
  test('the object a cycle soft-deletes holds no value: a new object asking for one takes it', () => {
    const { src, obj } = linkedPair('A', 1, { deletedAt: nowIso, userPrincipalName: 'joe@contoso.com' });
    const newcomer = source('B', { sequence: 2, userPrincipalName: 'joe@contoso.com' });
    const plan = reconcile(input({ sourceObjects: [src, newcomer], cloudObjects: [obj] }));
    expect(plan.errorsToWrite).toEqual([]);
    expect(plan.cloudCreates.map((c) => [c.sourceAnchor, c.userPrincipalName])).toEqual([
      ['B', 'joe@contoso.com'],
    ]);
  });

  // Issue 12, rule 3: back from deleted items, it claims its values again as the incoming object.
  test('a restored user whose UPN an active user took meanwhile is the incoming object: quarantined', () => {
    const { src, obj } = linkedPair('A', 1, { userPrincipalName: 'joe@contoso.com' });
    const gone = { ...obj, deletedDateTime: daysBefore(NOW, 2), dirSyncEnabled: false };
    const taker = cloud('c-T', { sequence: 5, userPrincipalName: 'joe@contoso.com' });
    const plan = reconcile(input({ sourceObjects: [src], cloudObjects: [gone, taker] }));
    const restored = plan.cloudUpdates.find((c) => c.objectId === 'c-A');
    expect(restored?.deletedDateTime).toBeNull();
    expect(restored?.userPrincipalName).toMatch(/^joe[0-9]{4}@contoso\.onmicrosoft\.com$/);
    expect(
      plan.errorsToWrite.map((e) => [e.attribute, e.existingObject?.objectId, e.conflictingObject.objectId]),
    ).toEqual([['UserPrincipalName', 'c-T', 'c-A']]);
  });

  // Issue 12, rule 7. SPEC step 3: only users have a recycle bin; Microsoft Learn, "Restore or remove
  // a recently deleted user" (users) and "Restore a deleted group" (only Microsoft 365 groups, which
  // sync does not create, can be restored).
  test.each(['Group', 'Contact'] as const)(
    'a %s deleted on-premises is removed for good, not soft-deleted',
    (objectType) => {
      const { src, obj } = linkedPair('G', 1, { objectType, userPrincipalName: null, deletedAt: nowIso });
      const plan = reconcile(input({ sourceObjects: [src], cloudObjects: [obj] }));
      expect(plan.cloudUpdates).toEqual([]);
      expect(plan.cloudPurges).toEqual(['c-G']);
      expect(plan.sourceRemovals).toEqual(['G']);
      expect(plan.counts).toMatchObject({ softDeleted: 0, purged: 1 });
    },
  );

  test('a source back in scope after its object was soft-deleted restores it', () => {
    const { src, obj } = linkedPair('A', 1, { inScope: false });
    const first = cycle(input({ sourceObjects: [src], cloudObjects: [obj] }));
    const back = { ...first.after.sourceObjects[0]!, inScope: true };
    const plan = reconcile({ ...first.after, sourceObjects: [back] });
    expect(plan.cloudUpdates).toEqual([obj]);
    expect(plan.sourceUpdates).toEqual([exported(back, 'c-A')]);
  });
});

describe('reconcile: deletion threshold', () => {
  const pairs = ['A', 'B', 'C'].map((anchor, i) => linkedPair(anchor, i + 1, { deletedAt: nowIso }));
  const outOfScope = linkedPair('D', 4, { inScope: false });
  const sourceObjects = [...pairs.map((p) => p.src), outOfScope.src];
  const cloudObjects = [...pairs.map((p) => p.obj), outOfScope.obj];

  test('deletes all when the deletes equal the threshold', () => {
    const plan = reconcile(
      input({ sourceObjects, cloudObjects, settings: settings({ deletionThreshold: 4 }) }),
    );
    expect(plan.counts).toMatchObject({
      softDeleted: 4,
      deletionThresholdExceeded: false,
      deletionsHeldBack: 0,
    });
    expect(plan.sourceRemovals).toEqual(['A', 'B', 'C']);
  });

  test('deletes none when they exceed it, and keeps the source objects as they are', () => {
    const plan = reconcile(
      input({ sourceObjects, cloudObjects, settings: settings({ deletionThreshold: 3 }) }),
    );
    expect(plan.counts).toMatchObject({
      softDeleted: 0,
      deletionThresholdExceeded: true,
      deletionsHeldBack: 4,
    });
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.sourceRemovals).toEqual([]);
    expect(plan.sourceUpdates).toEqual([]);
  });

  // Issue 12, rule 6. SPEC step 3; Microsoft Learn, "Prevent accidental deletes": "the export stops
  // before deleting any object … no objects were exported".
  test('past the threshold nothing is exported: not even removing a source that had nothing to delete', () => {
    const nothing = source('N', { sequence: 9, deletedAt: nowIso });
    const plan = reconcile(
      input({
        sourceObjects: [...sourceObjects, nothing],
        cloudObjects,
        settings: settings({ deletionThreshold: 1 }),
      }),
    );
    expect(plan.sourceRemovals).toEqual([]);
    expect(plan.counts.deletionsHeldBack).toBe(4);
  });

  test('a held-back cycle writes nothing and says so again next time', () => {
    const tenant = input({ sourceObjects, cloudObjects, settings: settings({ deletionThreshold: 3 }) });
    const first = cycle(tenant);
    const second = reconcile(first.after);
    expect(isEmptyPlan(second)).toBe(true);
    expect(second.counts).toMatchObject({ deletionThresholdExceeded: true, deletionsHeldBack: 4 });
  });

  test('null disables the threshold', () => {
    const plan = reconcile(
      input({ sourceObjects, cloudObjects, settings: settings({ deletionThreshold: null }) }),
    );
    expect(plan.counts).toMatchObject({
      softDeleted: 4,
      deletionThresholdExceeded: false,
      deletionsHeldBack: 0,
    });
  });

  test('past the threshold nothing is provisioned or updated, and errors stay as they were', () => {
    const newcomer = source('X', { sequence: 9, userPrincipalName: 'a@contoso.com' });
    const renamed = { ...outOfScope.src, inScope: true, displayName: 'Renamed' };
    const plan = reconcile(
      input({
        sourceObjects: [...pairs.map((p) => p.src), renamed, newcomer],
        cloudObjects,
        settings: settings({ deletionThreshold: 1 }),
      }),
    );
    expect(plan.cloudCreates).toEqual([]);
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.errorsToWrite).toEqual([]);
    expect(plan.errorsResolved).toEqual([]);
    expect(plan.counts).toMatchObject({ provisioned: 0, updated: 0, deletionThresholdExceeded: true });
  });
});

describe('reconcile: purge', () => {
  test('keeps an object soft-deleted exactly 30 days ago', () => {
    const orphan = cloud('o', { sourceAnchor: 'GONE', deletedDateTime: daysBefore(NOW, 30) });
    expect(isEmptyPlan(reconcile(input({ cloudObjects: [orphan] })))).toBe(true);
  });

  test('purges one soft-deleted more than 30 days ago, and does not update it otherwise', () => {
    const old = cloud('old', { sourceAnchor: 'GONE', deletedDateTime: daysBefore(NOW, 30, 1) });
    const cloudOnly = cloud('cloud-only', { deletedDateTime: daysBefore(NOW, 45) });
    const active = cloud('active');
    const plan = reconcile(input({ cloudObjects: [active, cloudOnly, old] }));
    expect(plan.cloudPurges.sort()).toEqual(['cloud-only', 'old']);
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.counts.purged).toBe(2);
  });

  test("frees a purged object's values in the same cycle", () => {
    const old = cloud('old', { userPrincipalName: 'joe@contoso.com', deletedDateTime: daysBefore(NOW, 31) });
    const plan = reconcile(
      input({ sourceObjects: [source('A', { userPrincipalName: 'joe@contoso.com' })], cloudObjects: [old] }),
    );
    expect(plan.errorsToWrite).toEqual([]);
    expect(plan.cloudCreates[0]!.userPrincipalName).toBe('joe@contoso.com');
  });

  test('a purged object is not restored: its source, back in scope, gets a new object', () => {
    const { src, obj } = linkedPair('A', 1);
    const old = { ...obj, deletedDateTime: daysBefore(NOW, 31) };
    const plan = reconcile(input({ sourceObjects: [src], cloudObjects: [old], newObjectId: () => 'fresh' }));
    expect(plan.cloudPurges).toEqual(['c-A']);
    expect(plan.cloudCreates.map((c) => c.objectId)).toEqual(['fresh']);
    expect(plan.sourceUpdates).toEqual([exported(src, 'fresh')]);
  });
});
