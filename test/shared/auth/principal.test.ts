import {
  GLOBAL_ADMIN_TEMPLATE_ID,
  isAllowed,
  issuersFor,
  principalFromClaims,
} from '../../../shared/auth/principal';

const tid = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('principal from claims', () => {
  test('Global Administrator comes from wids, Contributor and SyncAgent from roles', () => {
    const p = principalFromClaims({
      tid,
      oid: 'o',
      wids: [GLOBAL_ADMIN_TEMPLATE_ID.toUpperCase()],
      roles: ['SyncAgent'],
    });
    expect([...(p?.roles ?? [])].sort()).toEqual(['GlobalAdministrator', 'SyncAgent']);
    expect(principalFromClaims({ tid, oid: 'o', roles: ['Contributor'] })?.roles.has('Contributor')).toBe(
      true,
    );
  });

  test('other directory roles and role names do not count', () => {
    const p = principalFromClaims({
      tid,
      oid: 'o',
      wids: ['fe930be7-5e62-47db-91af-98c3a49a38b1'],
      roles: ['contributor'],
    });
    expect(p?.roles.size).toBe(0);
  });

  test('no tid, a non-GUID tid, or no caller id: no principal', () => {
    expect(principalFromClaims({ oid: 'o' })).toBeNull();
    expect(principalFromClaims({ tid: 'contoso', oid: 'o' })).toBeNull();
    expect(principalFromClaims({ tid })).toBeNull();
    expect(principalFromClaims('nonsense')).toBeNull();
  });

  test('tenant ids are normalized to lower case; sub stands in for a missing oid', () => {
    const p = principalFromClaims({ tid: tid.toUpperCase(), sub: 's' });
    expect(p).toMatchObject({ tenantId: tid, oid: 's' });
  });

  test('access: admin needs GA or Contributor; source objects also take SyncAgent', () => {
    const of = (roles: string[]) => principalFromClaims({ tid, oid: 'o', roles })!;
    expect(isAllowed(of(['Contributor']), 'admin')).toBe(true);
    expect(isAllowed(of(['SyncAgent']), 'admin')).toBe(false);
    expect(isAllowed(of(['SyncAgent']), 'sourceObjects')).toBe(true);
    expect(isAllowed(of([]), 'sourceObjects')).toBe(false);
  });

  test('issuers are v1 and v2 of the same tenant', () => {
    expect(issuersFor(tid)).toEqual([
      `https://sts.windows.net/${tid}/`,
      `https://login.microsoftonline.com/${tid}/v2.0`,
    ]);
  });
});
