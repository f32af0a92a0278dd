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
  test('a source deleted on-premises soft-deletes its cloud object and is removed', () => {
    const { src, obj } = linkedPair('A', 1, { deletedAt: daysBefore(NOW, 0, 1000) });
    const plan = reconcile(input({ sourceObjects: [src], cloudObjects: [obj] }));
    expect(plan.cloudUpdates).toEqual([{ ...obj, deletedDateTime: nowIso }]);
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
    expect(plan.cloudUpdates).toEqual([{ ...obj, deletedDateTime: nowIso }]);
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

  test('a soft-deleted object still holds its values: a new object asking for one conflicts', () => {
    const { src, obj } = linkedPair('A', 1, { deletedAt: nowIso, userPrincipalName: 'joe@contoso.com' });
    const newcomer = source('B', { sequence: 2, userPrincipalName: 'joe@contoso.com' });
    const plan = reconcile(input({ sourceObjects: [src, newcomer], cloudObjects: [obj] }));
    expect(
      plan.errorsToWrite.map((e) => [e.attribute, e.existingObject.objectId, e.existingObject.softDeleted]),
    ).toEqual([['UserPrincipalName', 'c-A', true]]);
  });

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

  test('a held-back delete does not hold back removing a source that had nothing to delete', () => {
    const nothing = source('N', { sequence: 9, deletedAt: nowIso });
    const plan = reconcile(
      input({
        sourceObjects: [...sourceObjects, nothing],
        cloudObjects,
        settings: settings({ deletionThreshold: 1 }),
      }),
    );
    expect(plan.sourceRemovals).toEqual(['N']);
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

  test('held-back objects stay active and keep their values', () => {
    const newcomer = source('X', { sequence: 9, userPrincipalName: 'a@contoso.com' });
    const plan = reconcile(
      input({
        sourceObjects: [...sourceObjects, newcomer],
        cloudObjects,
        settings: settings({ deletionThreshold: 1 }),
      }),
    );
    expect(
      plan.errorsToWrite.map((e) => [e.attribute, e.existingObject.objectId, e.existingObject.softDeleted]),
    ).toEqual([['UserPrincipalName', 'c-A', false]]);
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
