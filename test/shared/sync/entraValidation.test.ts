import { upnRefusal, validationFailuresOf } from '../../../shared/sync/entraValidation';
import { reconcile } from '../../../shared/sync/reconcile';
import { cloud, exported, input, source, syncedCloud } from './reconcileFixtures';

/**
 * Issue 12, rule 5 (IdentityDataValidationFailed, LargeObject) and rule 9 (what Entra refuses is the
 * engine's verdict, not a 400). Sources: SPEC "Error categories"; Microsoft Learn, "Prepare for
 * directory synchronization to Microsoft 365" (UPN formatting: 113 characters, 64 before the @, 48
 * after it, the allowed characters), and "Troubleshooting errors during synchronization" (LargeObject:
 * 332 proxy addresses for a plain user).
 */
describe("Entra's UPN rules", () => {
  test.each([
    ['joe@contoso.com'],
    ["o'brien.j-x_y!z#a^b~c@contoso.com"],
    [`${'a'.repeat(64)}@contoso.com`],
    [`a@${'d'.repeat(44)}.com`],
  ])('takes %s', (upn) => {
    expect(upnRefusal(upn)).toBeNull();
  });

  test.each([
    [`${'a'.repeat(64)}@${'d'.repeat(44)}.com`.padEnd(114, 'x'), /longer than 113/],
    ['joe', /exactly one @/],
    ['joe@x@contoso.com', /exactly one @/],
    ['@contoso.com', /nothing before/],
    [`${'a'.repeat(65)}@contoso.com`, /more than 64 characters before/],
    [`a@${'d'.repeat(45)}.com`, /more than 48 characters after/],
    ['jo&e@contoso.com', /outside/],
    ['jo e@contoso.com', /outside/],
    ['jöe@contoso.com', /outside/],
    ['.joe@contoso.com', /dot first, last or doubled/],
    ['joe.@contoso.com', /dot first, last or doubled/],
    ['jo..e@contoso.com', /dot first, last or doubled/],
    ['joe@contoso', /not a DNS name/],
    ['joe@-contoso.com', /not a DNS name/],
  ])('refuses %s', (upn, reason) => {
    expect(upnRefusal(upn)).toMatch(reason);
  });
});

describe('the engine raises what Entra refuses as errors, and the export fails', () => {
  test('an invalid UPN: IdentityDataValidationFailed (DataValidationFailure), nothing provisioned', () => {
    const plan = reconcile(
      input({ sourceObjects: [source('A', { userPrincipalName: 'jo&e@contoso.com' })] }),
    );
    expect(plan.cloudCreates).toEqual([]);
    expect(
      plan.errorsToWrite.map((e) => [e.errorType, e.attribute, e.value, e.existingObject, e.diagnoseStatus]),
    ).toEqual([
      ['IdentityDataValidationFailed', 'UserPrincipalName', 'jo&e@contoso.com', null, 'ManualFixRequired'],
    ]);
  });

  test('an update to an invalid UPN is not applied: the object keeps its cloud state', () => {
    const before = source('A', { userPrincipalName: 'joe@contoso.com' });
    const synced = syncedCloud('c-a', before);
    const after = { ...exported(before, 'c-a'), userPrincipalName: 'jo e@contoso.com', displayName: 'New' };
    const plan = reconcile(input({ sourceObjects: [after], cloudObjects: [synced] }));
    expect(plan.cloudUpdates).toEqual([]);
    expect(plan.errorsToWrite.map((e) => e.errorType)).toEqual(['IdentityDataValidationFailed']);
  });

  test('333 proxy addresses: LargeObject (LargeAttribute); 332 are fine', () => {
    const addresses = (n: number) => Array.from({ length: n }, (_, i) => `smtp:a${i}@contoso.com`);
    const ok = reconcile(input({ sourceObjects: [source('A', { proxyAddresses: addresses(332) })] }));
    expect(ok.errorsToWrite).toEqual([]);
    const large = reconcile(input({ sourceObjects: [source('A', { proxyAddresses: addresses(333) })] }));
    expect(large.cloudCreates).toEqual([]);
    expect(large.errorsToWrite.map((e) => [e.errorType, e.attribute, e.value])).toEqual([
      ['LargeObject', 'ProxyAddresses', 'more than 332 proxy addresses'],
    ]);
  });

  // The interaction the issue names: a SIP conflict and an invalid UPN on one object.
  test('an object with a SIP conflict and an invalid UPN reports both, and its export fails', () => {
    const holder = cloud('h', { sipProxyAddress: 'sip:joe@contoso.com' });
    const both = source('A', {
      userPrincipalName: 'jo&e@contoso.com',
      sipProxyAddress: 'SIP:joe@contoso.com',
    });
    const plan = reconcile(input({ sourceObjects: [both], cloudObjects: [holder] }));
    expect(plan.cloudCreates).toEqual([]);
    expect(
      plan.errorsToWrite.map((e) => [e.errorType, e.attribute, e.existingObject?.objectId ?? null]),
    ).toEqual([
      ['IdentityDataValidationFailed', 'UserPrincipalName', null],
      ['AttributeValueMustBeUnique', 'SipProxyAddress', 'h'],
    ]);
  });

  test('an invalid UPN another user holds is reported once, as the validation failure', () => {
    const holder = cloud('h', { userPrincipalName: 'jo&e@contoso.com' });
    const plan = reconcile(
      input({
        sourceObjects: [source('A', { userPrincipalName: 'jo&e@contoso.com' })],
        cloudObjects: [holder],
      }),
    );
    expect(plan.errorsToWrite.map((e) => e.errorType)).toEqual(['IdentityDataValidationFailed']);
  });

  test('a LargeObject keeps its error (and id) while the count changes but stays too high', () => {
    const addresses = (n: number) => Array.from({ length: n }, (_, i) => `smtp:a${i}@contoso.com`);
    const first = reconcile(input({ sourceObjects: [source('A', { proxyAddresses: addresses(400) })] }));
    const second = reconcile(input({ sourceObjects: [source('A', { proxyAddresses: addresses(350) })] }));
    expect(second.errorsToWrite.map((e) => e.id)).toEqual(first.errorsToWrite.map((e) => e.id));
  });

  test('groups and contacts have no UPN to validate', () => {
    expect(validationFailuresOf(source('G', { objectType: 'Group', userPrincipalName: null }))).toEqual([]);
  });
});
