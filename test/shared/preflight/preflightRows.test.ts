import type { PreflightRow } from '../../../shared/preflight/model';
import { RULE_CATALOG, RULE_IDS, type RuleId } from '../../../shared/preflight/ruleCatalog';
import { preflightRowId } from '../../../shared/preflight/rowId';
import { reconcile } from '../../../shared/sync/reconcile';
import { cloud, NOW, preflight, rowOf, settings, source, syncedCloud, TENANT_ID } from './preflightFixtures';

/**
 * Rows over a whole tenant: IdFix's duplicate rule (Rules/Shared/NoDuplicatesRule.cs, DuplicateStore.cs)
 * and what IdFix could not know, the cloud side, predicted by the sync engine itself.
 */

describe('duplicates among source objects (IdFix Rules/Shared/NoDuplicatesRule.cs, DuplicateStore.cs)', () => {
  it('duplicateInSource: case-insensitive, on both objects; the first keeps it, the other gets a free value', () => {
    const rows = preflight([
      source('A', { userPrincipalName: 'Joe.J@contoso.com', sequence: 1 }),
      source('B', { userPrincipalName: 'joe.j@CONTOSO.com', sequence: 2 }),
    ]);
    const a = rowOf(rows, 'A', 'userPrincipalName');
    const b = rowOf(rows, 'B', 'userPrincipalName');
    expect(a).toMatchObject({ rules: ['duplicateInSource'], suggestedValue: null, predictedSyncError: null });
    // The cycle quarantines B's UPN (SPEC uniqueness table): A is not provisioned yet, so no object id.
    expect(b).toMatchObject({
      rules: ['duplicateInSource'],
      suggestedValue: 'joe.j2@CONTOSO.com',
      action: 'Edit',
      predictedSyncError: {
        errorType: 'QuarantinedAttributeValueMustBeUnique',
        category: 'DuplicateAttribute',
        otherObjectId: null,
        otherSourceAnchor: 'A',
      },
    });
  });

  it('duplicateInSource on proxy addresses compares as the engine does (smtp: prefix ignored); a secondary one is removed', () => {
    const rows = preflight([
      source('A', { proxyAddresses: ['SMTP:shared@contoso.com'], sequence: 1 }),
      source('B', { proxyAddresses: ['SMTP:b@contoso.com', 'smtp:Shared@contoso.com'], sequence: 2 }),
    ]);
    expect(rowOf(rows, 'B', 'proxyAddresses', 'smtp:Shared@contoso.com')).toMatchObject({
      rules: ['duplicateInSource'],
      action: 'Remove',
      suggestedValue: null,
      predictedSyncError: { errorType: 'QuarantinedAttributeValueMustBeUnique', otherSourceAnchor: 'A' },
    });
  });

  it('duplicateInSource on mailNickname, which Entra does not hold unique: the first in source order keeps it', () => {
    const rows = preflight([
      source('A', { mailNickname: 'jdoe', sequence: 1 }),
      source('B', { mailNickname: 'JDoe', sequence: 2 }),
    ]);
    expect(rowOf(rows, 'A', 'mailNickname').suggestedValue).toBeNull();
    expect(rowOf(rows, 'B', 'mailNickname')).toMatchObject({
      suggestedValue: 'JDoe2',
      predictedSyncError: null,
    });
  });

  it('deleted and out-of-scope source objects are not checked, nor counted as duplicates', () => {
    const rows = preflight([
      source('A', { userPrincipalName: 'jdoe@contoso.local', sequence: 1 }),
      source('B', { userPrincipalName: 'jdoe@contoso.local', sequence: 2, inScope: false }),
      source('C', {
        userPrincipalName: 'jdoe@contoso.local',
        sequence: 3,
        deletedAt: '2026-05-31T00:00:00.000Z',
      }),
    ]);
    expect(rows.map((r) => r.sourceAnchor)).toEqual(['A']);
    expect(rows[0]!.rules).toEqual(['topLevelDomain']);
  });
});

describe('the cloud side, predicted by the engine (shared/sync/reconcile.ts)', () => {
  it('duplicateInCloud: an orphaned cloud object holds the UPN → quarantine predicted, with its object id and anchor', () => {
    const orphan = cloud('11111111-1111-4111-8111-111111111111', {
      sourceAnchor: 'gone',
      dirSyncEnabled: true,
      userPrincipalName: 'jdoe@contoso.com',
    });
    const rows = preflight([source('A', { userPrincipalName: 'jdoe@contoso.com' })], [orphan]);
    expect(rowOf(rows, 'A', 'userPrincipalName')).toMatchObject({
      rules: ['duplicateInCloud'],
      suggestedValue: 'jdoe2@contoso.com',
      predictedSyncError: {
        errorType: 'QuarantinedAttributeValueMustBeUnique',
        category: 'DuplicateAttribute',
        otherObjectId: orphan.objectId,
        otherSourceAnchor: 'gone',
      },
    });
  });

  it('a cloud-only user with the same UPN is soft-matched, not a duplicate (Microsoft Learn, soft match by UPN)', () => {
    const cloudOnly = cloud('22222222-2222-4222-8222-222222222222', {
      userPrincipalName: 'jdoe@contoso.com',
    });
    expect(preflight([source('A', { userPrincipalName: 'jdoe@contoso.com' })], [cloudOnly])).toEqual([]);
  });

  it("a source object's own cloud object never counts against it", () => {
    const a = source('A', {
      userPrincipalName: 'jdoe@contoso.com',
      proxyAddresses: ['SMTP:jdoe@contoso.com'],
    });
    expect(preflight([a], [syncedCloud('33333333-3333-4333-8333-333333333333', a)])).toEqual([]);
  });

  it('the prediction is what the cycle raises: every predicted error is one reconcile opens', () => {
    const sources = [
      source('A', {
        userPrincipalName: 'x@contoso.com',
        sequence: 1,
        proxyAddresses: ['SMTP:x@contoso.com'],
      }),
      source('B', {
        userPrincipalName: 'x@contoso.com',
        sequence: 2,
        proxyAddresses: ['SMTP:x@contoso.com'],
      }),
      source('C', { userPrincipalName: 'bad$@contoso.com', sequence: 3 }),
    ];
    const rows = preflight(sources);
    let id = 0;
    const plan = reconcile({
      tenantId: TENANT_ID,
      sourceObjects: sources,
      cloudObjects: [],
      openErrors: [],
      settings: settings(),
      now: NOW,
      newObjectId: () => `00000000-0000-4000-8000-${String((id += 1)).padStart(12, '0')}`,
    });
    const raised = plan.errorsToWrite
      .map((e) => `${e.conflictingSourceAnchor} ${e.errorType} ${e.value}`)
      .sort();
    const predicted = rows
      .filter((r) => r.predictedSyncError !== null)
      .map((r) => `${r.sourceAnchor} ${r.predictedSyncError!.errorType} ${r.value}`)
      .sort();
    expect(predicted).toEqual(raised);
    expect(raised.length).toBe(3);
  });
});

describe('beyond IdFix', () => {
  it("upnMatchesProxyAddress: a warning when the UPN is another object's address (Microsoft Learn, proxyAddresses population)", () => {
    const rows = preflight([
      source('A', { userPrincipalName: 'jdoe@contoso.com', sequence: 1 }),
      source('B', {
        userPrincipalName: 'b@contoso.com',
        proxyAddresses: ['SMTP:b@contoso.com', 'smtp:JDoe@contoso.com'],
        sequence: 2,
      }),
    ]);
    expect(rowOf(rows, 'A', 'userPrincipalName')).toMatchObject({
      rules: ['upnMatchesProxyAddress'],
      suggestedValue: null,
    });
    // Only what holds the address now: not a soft-deleted cloud object, nor an out-of-scope source
    // (SPEC decision 14: a soft-deleted object holds no value).
    const gone = preflight(
      [
        source('A', { userPrincipalName: 'jdoe@contoso.com', sequence: 1 }),
        source('C', { proxyAddresses: ['SMTP:JDoe@contoso.com'], inScope: false, sequence: 2 }),
      ],
      [
        cloud('55555555-5555-4555-8555-555555555555', {
          proxyAddresses: ['SMTP:jdoe@contoso.com'],
          deletedDateTime: '2026-11-01T00:00:00.000Z',
        }),
      ],
    );
    expect(gone.filter((r) => r.rules.includes('upnMatchesProxyAddress'))).toEqual([]);
    const warning = RULE_CATALOG.find((rule) => rule.id === 'upnMatchesProxyAddress');
    expect(warning?.severity).toBe('warning');
    // Its own addresses never count.
    expect(
      preflight([
        source('C', { userPrincipalName: 'c@contoso.com', proxyAddresses: ['SMTP:c@contoso.com'] }),
      ]),
    ).toEqual([]);
  });

  it('multiplePrimarySmtp: a second SMTP: address is demoted to smtp: (Microsoft Learn, proxyAddresses population)', () => {
    const rows = preflight([source('A', { proxyAddresses: ['SMTP:a@contoso.com', 'SMTP:a2@contoso.com'] })]);
    expect(rows).toHaveLength(1);
    expect(rowOf(rows, 'A', 'proxyAddresses', 'SMTP:a2@contoso.com')).toMatchObject({
      rules: ['multiplePrimarySmtp'],
      suggestedValue: 'smtp:a2@contoso.com',
      action: 'Edit',
    });
  });

  it('identityDataValidationFailed: a UPN IdFix passes but Entra refuses (shared/sync/entraValidation.ts; Microsoft Learn UPN requirements)', () => {
    const row = rowOf(
      preflight([source('A', { userPrincipalName: 'jo$hn@contoso.com' })]),
      'A',
      'userPrincipalName',
    );
    expect(row).toMatchObject({
      rules: ['identityDataValidationFailed'],
      suggestedValue: 'john@contoso.com',
      predictedSyncError: {
        errorType: 'IdentityDataValidationFailed',
        category: 'DataValidationFailure',
        otherObjectId: null,
      },
    });
  });

  it('largeObject: more than 332 proxy addresses (Microsoft Learn, LargeObject; shared/sync/entraValidation.ts)', () => {
    const proxyAddresses = Array.from({ length: 333 }, (_, i) => `smtp:a${i}@contoso.com`);
    const row = rowOf(preflight([source('A', { proxyAddresses })]), 'A', 'proxyAddresses');
    expect(row).toMatchObject({
      rules: ['largeObject'],
      value: 'more than 332 proxy addresses',
      suggestedValue: null,
      predictedSyncError: { errorType: 'LargeObject', category: 'LargeAttribute' },
    });
    expect(preflight([source('B', { proxyAddresses: proxyAddresses.slice(1) })])).toEqual([]);
  });
});

describe('suggestions never collide', () => {
  it("IdFix's fix is taken by another object: a number is added before the @", () => {
    const rows = preflight([
      source('A', { userPrincipalName: 'jdoe@contoso.com', sequence: 1 }),
      source('B', { userPrincipalName: 'jdoe.@contoso.com', sequence: 2 }),
      source('C', { userPrincipalName: 'jdoe..@contoso.com', sequence: 3 }),
    ]);
    expect(rowOf(rows, 'B', 'userPrincipalName').suggestedValue).toBe('jdoe2@contoso.com');
    // Two rows never get one suggestion either.
    expect(rowOf(rows, 'C', 'userPrincipalName').suggestedValue).toBe('jdoe3@contoso.com');
  });

  it('a value held in the cloud only (a cloud-only user) is avoided too', () => {
    const rows = preflight(
      [source('A', { userPrincipalName: 'jdoe.@contoso.com' })],
      [
        cloud('44444444-4444-4444-8444-444444444444', {
          userPrincipalName: 'jdoe@contoso.com',
          sourceAnchor: 'other',
          dirSyncEnabled: true,
        }),
      ],
    );
    expect(rowOf(rows, 'A', 'userPrincipalName').suggestedValue).toBe('jdoe2@contoso.com');
  });
});

describe('rows', () => {
  it('one row per (object, attribute, value) with all its rules, its id a stable hash of them', () => {
    const rows = preflight([source('A', { userPrincipalName: 'j doe@contoso.local' })]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.rules).toEqual(['upnInvalidCharacter', 'topLevelDomain', 'identityDataValidationFailed']);
    expect(rows[0]!.id).toBe(preflightRowId('A', 'userPrincipalName', 'j doe@contoso.local'));
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{32}$/);
    expect(preflightRowId('A', 'userPrincipalName', 'J doe@contoso.local')).not.toBe(rows[0]!.id);
  });

  it('every rule of the catalog has a description, attributes, a severity and a source', () => {
    for (const rule of RULE_CATALOG) {
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.attributes.length).toBeGreaterThan(0);
      expect(['error', 'warning']).toContain(rule.severity);
      expect(rule.source).toMatch(/microsoft\/idfix|Microsoft Learn|shared\/sync/);
    }
  });
});

describe('SIP and SID duplicates (the engine refuses them: SPEC uniqueness table)', () => {
  it('duplicateInSource on msRTCSIP-PrimaryUserAddress and objectSid, with the export failure predicted', () => {
    const sid = 'S-1-5-21-1-2-3-1001';
    const rows = preflight([
      source('G1', { objectType: 'Group', sipProxyAddress: 'SIP:sales@contoso.com', sequence: 1 }),
      source('G2', { objectType: 'Group', sipProxyAddress: 'sip:Sales@contoso.com', sequence: 2 }),
      source('U1', { onPremisesSecurityIdentifier: sid, sequence: 3 }),
      source('U2', { onPremisesSecurityIdentifier: sid.toLowerCase(), sequence: 4 }),
    ]);
    expect(rowOf(rows, 'G1', 'msRTCSIP-PrimaryUserAddress')).toMatchObject({
      suggestedValue: null,
      predictedSyncError: null,
    });
    expect(rowOf(rows, 'G2', 'msRTCSIP-PrimaryUserAddress')).toMatchObject({
      rules: ['duplicateInSource'],
      suggestedValue: 'sip:Sales2@contoso.com',
      predictedSyncError: { errorType: 'AttributeValueMustBeUnique', otherSourceAnchor: 'G1' },
    });
    // AD writes objectSid itself: flagged, with nothing to suggest.
    expect(rowOf(rows, 'U2', 'objectSid')).toMatchObject({
      rules: ['duplicateInSource'],
      suggestedValue: null,
      predictedSyncError: { errorType: 'AttributeValueMustBeUnique', otherSourceAnchor: 'U1' },
    });
  });
});

/** One input per rule that makes it fire: the Record makes a rule without an example a compile error. */
const FIRES: Record<RuleId, () => PreflightRow[]> = {
  upnTooLong: () =>
    preflight([source('A', { userPrincipalName: `${'a'.repeat(70)}@${'b'.repeat(40)}.com` })]),
  upnPrefixTooLong: () => preflight([source('A', { userPrincipalName: `${'a'.repeat(65)}@contoso.com` })]),
  upnDomainTooLong: () => preflight([source('A', { userPrincipalName: `a@${'b'.repeat(46)}.com` })]),
  upnInvalidCharacter: () => preflight([source('A', { userPrincipalName: 'a b@contoso.com' })]),
  proxyAddressTooLong: () =>
    preflight([source('A', { proxyAddresses: [`smtp:${'a'.repeat(64)}@${'b'.repeat(190)}.com`] })]),
  proxyAddressColon: () => preflight([source('A', { proxyAddresses: ['smtp:a:b@contoso.com'] })]),
  proxyAddressInvalidCharacter: () => preflight([source('A', { proxyAddresses: ['smtp:a(b)@contoso.com'] })]),
  topLevelDomain: () => preflight([source('A', { userPrincipalName: 'jdoe@contoso.local' })]),
  domainPart: () => preflight([source('A', { userPrincipalName: 'jdoe@contoso_x.com' })]),
  localPart: () => preflight([source('A', { userPrincipalName: 'jdoe.@contoso.com' })]),
  format: () => preflight([source('A', { userPrincipalName: 'john..doe@contoso.com' })]),
  mailNicknameTooLong: () => preflight([source('A', { mailNickname: 'n'.repeat(65) })]),
  mailNicknameLeadingPeriod: () => preflight([source('A', { mailNickname: '.jdoe' })]),
  displayNameTooLong: () => preflight([source('A', { displayName: 'd'.repeat(257) })]),
  displayNameBlank: () => preflight([source('A', { displayName: null })]),
  duplicateInSource: () =>
    preflight([source('A', { mailNickname: 'x' }), source('B', { mailNickname: 'X' })]),
  duplicateInCloud: () =>
    preflight(
      [source('A', { userPrincipalName: 'x@contoso.com' })],
      [
        cloud('55555555-5555-4555-8555-555555555555', {
          userPrincipalName: 'X@contoso.com',
          sourceAnchor: 'gone',
          dirSyncEnabled: true,
        }),
      ],
    ),
  upnMatchesProxyAddress: () =>
    preflight([
      source('A', { userPrincipalName: 'x@contoso.com' }),
      source('B', { proxyAddresses: ['SMTP:x@contoso.com'] }),
    ]),
  multiplePrimarySmtp: () =>
    preflight([source('A', { proxyAddresses: ['SMTP:a@contoso.com', 'SMTP:b@contoso.com'] })]),
  identityDataValidationFailed: () => preflight([source('A', { userPrincipalName: 'a$b@contoso.com' })]),
  largeObject: () =>
    preflight([
      source('A', { proxyAddresses: Array.from({ length: 333 }, (_, i) => `smtp:p${i}@contoso.com`) }),
    ]),
};

describe('the catalog', () => {
  it.each(RULE_IDS.map((id) => [id]))('%s fires on its example', (id) => {
    expect(FIRES[id]().flatMap((row) => row.rules)).toContain(id);
  });
});
