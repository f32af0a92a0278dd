import { cloudObjectInput, MAX_DIRECTORY_ROLES } from '../../../shared/contract/directorySchemas';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const roleId = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const user = (extra: Record<string, unknown> = {}) => ({
  objectId: '00000000-0000-4000-8000-0000000000aa',
  objectType: 'User',
  userPrincipalName: 'ada@contoso.com',
  ...extra,
});

/** The paths (dot-joined) of the issues a refused input raises. */
function refusedPaths(value: unknown): string[] {
  const parsed = cloudObjectInput.safeParse(value);
  expect(parsed.success).toBe(false);
  return (parsed.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('cloudObjectInput: directoryRoleTemplateIds', () => {
  test('defaults to none', () => {
    expect(cloudObjectInput.parse(user()).directoryRoleTemplateIds).toEqual([]);
  });

  test('role template ids are kept in order, lower-cased', () => {
    const parsed = cloudObjectInput.parse(
      user({ directoryRoleTemplateIds: [USER_ADMIN, GLOBAL_ADMIN.toUpperCase()] }),
    );
    expect(parsed.directoryRoleTemplateIds).toEqual([USER_ADMIN, GLOBAL_ADMIN]);
  });

  test.each([
    ['not a GUID', ['Global Administrator'], 'directoryRoleTemplateIds.0'],
    ['a GUID with braces', [`{${GLOBAL_ADMIN}}`], 'directoryRoleTemplateIds.0'],
    ['an empty string', [''], 'directoryRoleTemplateIds.0'],
    ['not a string', [42], 'directoryRoleTemplateIds.0'],
    ['null', null, 'directoryRoleTemplateIds'],
    ['a string, not an array', GLOBAL_ADMIN, 'directoryRoleTemplateIds'],
  ])('%s is refused, naming the value', (_, roles, path) => {
    expect(refusedPaths(user({ directoryRoleTemplateIds: roles }))).toContain(path);
  });

  test('a role given twice is refused, in any case', () => {
    expect(
      refusedPaths(
        user({ directoryRoleTemplateIds: [GLOBAL_ADMIN, USER_ADMIN, GLOBAL_ADMIN.toUpperCase()] }),
      ),
    ).toEqual(['directoryRoleTemplateIds.2']);
  });

  test(`at most ${MAX_DIRECTORY_ROLES} roles`, () => {
    const atLimit = Array.from({ length: MAX_DIRECTORY_ROLES }, (_, i) => roleId(i + 1));
    expect(
      cloudObjectInput.parse(user({ directoryRoleTemplateIds: atLimit })).directoryRoleTemplateIds,
    ).toEqual(atLimit);
    expect(
      refusedPaths(user({ directoryRoleTemplateIds: [...atLimit, roleId(MAX_DIRECTORY_ROLES + 1)] })),
    ).toEqual(['directoryRoleTemplateIds']);
  });

  test.each(['Group', 'Contact'])('a %s holding a role is refused, naming the field', (objectType) => {
    const object = { objectId: roleId(1), objectType, displayName: 'Not a user' };
    expect(
      cloudObjectInput.parse({ ...object, directoryRoleTemplateIds: [] }).directoryRoleTemplateIds,
    ).toEqual([]);
    expect(refusedPaths({ ...object, directoryRoleTemplateIds: [GLOBAL_ADMIN] })).toEqual([
      'directoryRoleTemplateIds',
    ]);
  });
});
