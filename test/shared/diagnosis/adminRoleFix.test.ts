import { planApplyFix } from '../../../shared/diagnosis/planApplyFix';
import {
  ACTOR,
  NOW,
  cloudUser,
  orphanedFacts,
  quarantinedConflicting,
  refusalOf,
  settings,
  sourceUser,
  valueOf,
  withError,
} from './fixtures';

/**
 * Issue 12: the ExistingAdminRoleConflict guided fix as a pure plan (SPEC "Errors beyond duplicates";
 * Microsoft Learn, "Troubleshooting errors during synchronization", ExistingAdminRoleConflict: remove
 * the roles, delete the quarantined user, sync, give the roles back).
 */
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

const adminFacts = (over: Parameters<typeof orphanedFacts>[0] = {}) =>
  withError(
    orphanedFacts({
      existingCloud: cloudUser({
        sourceAnchor: null,
        dirSyncEnabled: false,
        directoryRoleTemplateIds: [GLOBAL_ADMIN],
      }),
      ...over,
    }),
    { errorType: 'ExistingAdminRoleConflict', diagnoseStatus: 'ManualFixRequired' },
  );

const plan = (facts: ReturnType<typeof adminFacts>) => planApplyFix(facts, [], ACTOR, NOW, 'evt-admin');

test('no questions: records the roles, removes them, deletes the quarantined object, PendingSync', () => {
  const facts = adminFacts();
  const fix = valueOf(plan(facts));
  expect(fix.existingAfter).toEqual({
    ...facts.existingCloud,
    directoryRoleTemplateIds: [],
    directoryRolesToRestore: [GLOBAL_ADMIN],
    directoryRolesToRestoreFor: facts.error.conflictingSourceAnchor,
  });
  expect(fix.conflictingDeleted).toEqual(quarantinedConflicting());
  expect(fix.errorsAfter.map((e) => e.diagnoseStatus)).toEqual(['PendingSync']);
  expect(fix.auditEvent.details.existingBefore.directoryRoleTemplateIds).toEqual([GLOBAL_ADMIN]);
});

test.each([
  [
    'the quarantined object is soft-deleted',
    { conflictingCloud: quarantinedConflicting({ deletedDateTime: NOW.toISOString() }) },
    'ConflictingUserSoftDeleted',
    /soft deleted/,
  ],
  [
    'the admin gained a source anchor',
    { existingCloud: cloudUser({ directoryRoleTemplateIds: [GLOBAL_ADMIN] }) },
    'FixNotAvailable',
    /source anchor now/,
  ],
  [
    'the admin lost its roles',
    { existingCloud: cloudUser({ sourceAnchor: null, directoryRoleTemplateIds: [] }) },
    'FixNotAvailable',
    /no directory role/,
  ],
  ['the admin is gone', { existingCloud: null }, 'FixNotAvailable', /no longer in Microsoft Entra ID/],
  [
    'the incoming user was never provisioned',
    { conflictingCloud: null },
    'FixNotAvailable',
    /never provisioned/,
  ],
] as const)('refused when %s', (_label, over, code, message) => {
  const refusal = refusalOf(plan(adminFacts(over)));
  expect(refusal.code).toBe(code);
  expect(refusal.message).toMatch(message);
});

test('a fix applied already, or an error resolved, is refused as for any fix', () => {
  expect(refusalOf(plan(withError(adminFacts(), { diagnoseStatus: 'PendingSync' }))).code).toBe(
    'FixAlreadyApplied',
  );
  expect(refusalOf(plan(withError(adminFacts(), { resolvedAt: NOW.toISOString() }))).code).toBe(
    'ErrorResolved',
  );
});

// Found by review: a fix the next cycle cannot complete would strand the admin without its roles.
test.each([
  [
    'soft match is blocked',
    { settings: settings({ blockSoftMatchEnabled: true }) },
    /blockSoftMatchEnabled is on/,
  ],
  [
    'the UPN no longer matches and there is no SMTP match',
    { conflictingSource: sourceUser({ userPrincipalName: 'someone.else@contoso.com', proxyAddresses: [] }) },
    /neither its primary SMTP address nor its UPN/,
  ],
  [
    'UPN matching is off and no primary SMTP address matches',
    {
      settings: settings({ softMatchOnUpnEnabled: false }),
      conflictingSource: sourceUser({ proxyAddresses: [] }),
    },
    /softMatchOnUpnEnabled is off/,
  ],
  [
    'the on-premises user left the sync scope',
    { conflictingSource: sourceUser({ inScope: false }) },
    /left the sync scope/,
  ],
] as const)('refused when the next cycle would not match: %s', (_label, over, message) => {
  const refusal = refusalOf(plan(adminFacts(over)));
  expect(refusal.code).toBe('FixNotAvailable');
  expect(refusal.message).toMatch(message);
});
