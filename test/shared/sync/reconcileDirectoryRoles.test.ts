import { reconcile } from '../../../shared/sync/reconcile';
import {
  NOW,
  cycle,
  daysBefore,
  exported,
  input,
  isEmptyPlan,
  source,
  syncedCloud,
} from './reconcileFixtures';

/**
 * Directory roles are cloud-only: the cycle recomputes a linked object's state from its source, but
 * never its roles. A provisioned object holds none.
 */

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

describe('reconcile: directory roles', () => {
  test('a provisioned object holds no role', () => {
    const plan = reconcile(input({ sourceObjects: [source('A'), source('G', { objectType: 'Group' })] }));
    expect(plan.cloudCreates.map((c) => c.directoryRoleTemplateIds)).toEqual([[], []]);
  });

  test('recomputing a linked object from its source keeps its roles', () => {
    const a = exported(source('A', { displayName: 'Joe Johnson' }), 'c-a');
    const stale = syncedCloud('c-a', a, {
      displayName: 'Old',
      directoryRoleTemplateIds: [GLOBAL_ADMIN, USER_ADMIN],
    });
    const plan = reconcile(input({ sourceObjects: [a], cloudObjects: [stale] }));
    expect(plan.cloudUpdates).toEqual([{ ...stale, displayName: 'Joe Johnson' }]);
  });

  test('roles are no drift: an object in sync with roles is not rewritten', () => {
    const a = exported(source('A'), 'c-a');
    const admin = syncedCloud('c-a', a, { directoryRoleTemplateIds: [GLOBAL_ADMIN] });
    const plan = reconcile(input({ sourceObjects: [a], cloudObjects: [admin] }));
    expect(isEmptyPlan(plan)).toBe(true);
  });

  test('restoring a soft-deleted object keeps its roles', () => {
    const a = exported(source('A'), 'c-a');
    const deleted = syncedCloud('c-a', a, {
      deletedDateTime: daysBefore(NOW, 2),
      directoryRoleTemplateIds: [GLOBAL_ADMIN],
    });
    const plan = reconcile(input({ sourceObjects: [a], cloudObjects: [deleted] }));
    expect(plan.cloudUpdates).toEqual([{ ...deleted, deletedDateTime: null }]);
  });

  test('cycle after cycle, the roles stay as they are', () => {
    const a = exported(source('A', { displayName: 'New' }), 'c-a');
    const admin = syncedCloud('c-a', a, { displayName: 'Old', directoryRoleTemplateIds: [USER_ADMIN] });
    const first = cycle(input({ sourceObjects: [a], cloudObjects: [admin] }));
    expect(first.plan.cloudUpdates).toHaveLength(1);
    const second = cycle(first.after);
    expect(isEmptyPlan(second.plan)).toBe(true);
    expect(second.after.cloudObjects.map((c) => c.directoryRoleTemplateIds)).toEqual([[USER_ADMIN]]);
  });
});
