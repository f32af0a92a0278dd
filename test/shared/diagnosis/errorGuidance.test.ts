import { diagnosisStep, type DiagnosisStep } from '../../../shared/diagnosis/diagnosisStep';
import {
  GLOBAL_ADMINISTRATOR_TEMPLATE_ID,
  directoryRoleName,
} from '../../../shared/diagnosis/directoryRoles';
import { GUIDANCE_SOURCES, errorGuidance } from '../../../shared/diagnosis/errorGuidance';
import type { DiagnosisFacts } from '../../../shared/diagnosis/facts';
import { answerQuestion } from '../../../shared/diagnosis/answerQuestion';
import type { CloudObject } from '../../../shared/directory/model';
import {
  ANCHOR_CONFLICTING,
  ANCHOR_EXISTING,
  CONFLICTING_ID,
  EXISTING_ID,
  cloudUser,
  commonFacts,
  orphanedFacts,
  quarantinedConflicting,
  refusalOf,
  settings,
  sourceUser,
  summaryOf,
  syncError,
} from './fixtures';

/**
 * Every error outside the two-question diagnosis gets an outcome with its evidence and the remedy
 * Microsoft documents for its type (SPEC "Errors beyond duplicates"). Each test names its source.
 */

const TSHOOT = 'https://learn.microsoft.com/entra/identity/hybrid/connect/tshoot-connect-sync-errors';

function outcomeOf(facts: DiagnosisFacts) {
  const step: DiagnosisStep = diagnosisStep(facts);
  if (step.kind !== 'outcome') throw new Error(`expected an outcome, got ${step.questionId}`);
  return step;
}

const group = (over: Partial<CloudObject> = {}): CloudObject =>
  cloudUser({
    objectId: EXISTING_ID,
    objectType: 'Group',
    sourceAnchor: null,
    userPrincipalName: null,
    displayName: 'Tax',
    proxyAddresses: ['SMTP:tax@contoso.com'],
    ...over,
  });

/** Microsoft's example case: a cloud-only mail-enabled group, and a new on-premises contact with its address. */
function typeMismatchFacts(): DiagnosisFacts {
  const existingCloud = group();
  const conflictingSource = sourceUser({
    objectType: 'Contact',
    userPrincipalName: null,
    displayName: 'Tax (contact)',
    proxyAddresses: ['SMTP:tax@contoso.com'],
  });
  return {
    error: syncError({
      errorType: 'ObjectTypeMismatch',
      attribute: 'ProxyAddresses',
      value: 'SMTP:tax@contoso.com',
      normalizedValue: 'smtp:tax@contoso.com',
      existingObject: summaryOf(existingCloud),
      conflictingObject: summaryOf(conflictingSource),
      diagnoseStatus: 'ManualFixRequired',
    }),
    existingCloud,
    existingSource: null,
    conflictingCloud: null,
    conflictingSource,
    settings: settings(),
  };
}

function singleObjectFacts(over: Partial<DiagnosisFacts['error']>, source = sourceUser()): DiagnosisFacts {
  return {
    error: syncError({
      existingObject: null,
      conflictingObject: summaryOf(source),
      diagnoseStatus: 'ManualFixRequired',
      ...over,
    }),
    existingCloud: null,
    existingSource: null,
    conflictingCloud: null,
    conflictingSource: source,
    settings: settings(),
  };
}

describe('ObjectTypeMismatch (Microsoft Learn, tshoot-connect-sync-errors, "ObjectTypeMismatch")', () => {
  it('shows both objects side by side and says: same class, or remove the address from one', () => {
    const step = outcomeOf(typeMismatchFacts());
    expect(step).toMatchObject({
      outcome: 'notApplicable',
      diagnoseStatus: 'ManualFixRequired',
      learnMore: { url: `${TSHOOT}#objecttypemismatch` },
    });
    const { guidance } = step;
    expect(guidance).toMatchObject({
      errorType: 'ObjectTypeMismatch',
      category: 'DataMismatch',
      brokenRule: null,
      guidedFix: null,
      existing: { objectType: 'Group', objectId: EXISTING_ID, sourceAnchor: null, dirSyncEnabled: true },
      conflicting: { objectType: 'Contact', objectId: null, dirSyncEnabled: null },
    });
    expect(guidance.summary).toContain('found the cloud-only group "Tax"');
    expect(guidance.summary).toContain('contact is not provisioned');
    expect(guidance.remedy.join(' ')).toMatch(/make them the same class/);
    expect(guidance.remedy.join(' ')).toMatch(/remove the value from one of them/);
    expect(step.message).toContain(guidance.summary);
    expect(step.message).toContain('What to do:');
  });
});

describe('AttributeValueMustBeUnique (Microsoft Learn, tshoot "AttributeValueMustBeUnique"; duplicate attribute resiliency)', () => {
  it('an X500 proxy between a user and a group: export fails, remove the duplicate value from one object (decision 1 reason kept)', () => {
    const facts = typeMismatchFacts();
    const step = outcomeOf({
      ...facts,
      error: {
        ...facts.error,
        errorType: 'AttributeValueMustBeUnique',
        value: 'X500:/o=Contoso/cn=tax',
        conflictingObject: { ...facts.error.conflictingObject, objectType: 'User' },
      },
    });
    // A duplicate between non-users keeps today's outcome (decision 1): its reason and the KB link.
    expect(step).toMatchObject({
      outcome: 'notApplicable',
      learnMore: { url: 'https://support.microsoft.com/help/2647098' },
    });
    expect(step.message).toMatch(/^The diagnosis supports user objects only/);
    expect(step.guidance.summary).toContain('covers only UserPrincipalName and SMTP addresses');
    expect(step.guidance.remedy.join(' ')).toMatch(
      /Remove the duplicate value from the object that should not have it/,
    );
    expect(step.guidance.source.url).toBe(`${TSHOOT}#attributevaluemustbeunique`);
  });

  it('an SMTP address across classes: the known issue, said as such', () => {
    const facts = typeMismatchFacts();
    const guidance = errorGuidance({
      ...facts,
      error: { ...facts.error, errorType: 'AttributeValueMustBeUnique' },
    });
    expect(guidance.summary).toContain('held by a group and asked for by a contact');
    expect(guidance.summary).toContain('only between objects of the same class');
  });

  it('between two users the two questions still come first, with the guidance beside them', () => {
    const facts = orphanedFacts();
    const step = diagnosisStep({
      ...facts,
      error: {
        ...facts.error,
        errorType: 'AttributeValueMustBeUnique',
        attribute: 'SipProxyAddress',
        value: 'sip:joe@contoso.com',
      },
    });
    expect(step).toMatchObject({ kind: 'question', questionId: 'userExistsOnPremises' });
    expect(step.guidance.errorType).toBe('AttributeValueMustBeUnique');
  });
});

describe('QuarantinedAttributeValueMustBeUnique (Microsoft Learn, duplicate attribute resiliency)', () => {
  it('the seed flow is unchanged; the guidance names the placeholder and the diagnosis', () => {
    const step = diagnosisStep(orphanedFacts());
    expect(step).toMatchObject({ kind: 'question', questionId: 'userExistsOnPremises' });
    expect(step.guidance).toMatchObject({
      category: 'DuplicateAttribute',
      source: GUIDANCE_SOURCES.duplicateAttributeResiliency,
      conflicting: { cloudUserPrincipalName: quarantinedConflicting().userPrincipalName },
    });
    expect(step.guidance.summary).toContain('quarantined');
    expect(step.guidance.remedy[0]).toMatch(/Answer the two diagnosis questions/);
  });
});

describe('ExistingAdminRoleConflict (Microsoft Learn, tshoot "Existing Admin Role Conflict")', () => {
  function adminFacts(): DiagnosisFacts {
    const base = commonFacts();
    const existingCloud = cloudUser({
      sourceAnchor: null,
      directoryRoleTemplateIds: [GLOBAL_ADMINISTRATOR_TEMPLATE_ID, '0000aaaa-0000-4000-8000-000000000000'],
    });
    return {
      ...base,
      existingCloud,
      existingSource: null,
      error: {
        ...base.error,
        errorType: 'ExistingAdminRoleConflict',
        existingObject: summaryOf(existingCloud),
        diagnoseStatus: 'ManualFixRequired',
      },
    };
  }

  it('has no questions; the remedy is the four documented steps, and Apply Fix is said to do them', () => {
    const step = outcomeOf(adminFacts());
    expect(step).toMatchObject({
      outcome: 'notApplicable',
      learnMore: { url: `${TSHOOT}#existing-admin-role-conflict` },
    });
    const { guidance } = step;
    expect(guidance.existing).toMatchObject({
      directoryRoleTemplateIds: [GLOBAL_ADMINISTRATOR_TEMPLATE_ID, '0000aaaa-0000-4000-8000-000000000000'],
      directoryRoles: ['Global Administrator', '0000aaaa-0000-4000-8000-000000000000'],
    });
    expect(guidance.summary).toContain('holds directory roles (Global Administrator,');
    expect(guidance.remedy).toHaveLength(4);
    expect(guidance.remedy[0]).toMatch(/^Remove the cloud user .* from all its admin roles/);
    expect(guidance.remedy[1]).toContain(`Delete the quarantined object ${CONFLICTING_ID} permanently`);
    expect(guidance.remedy[2]).toMatch(/sync cycle/);
    expect(guidance.remedy[3]).toMatch(/roles back/);
    expect(guidance.guidedFix).toMatch(/^Apply Fix does these steps/);
  });

  it('after the guided fix, names the roles waiting for the next cycle to give them back', () => {
    const facts = adminFacts();
    const guidance = errorGuidance({
      ...facts,
      existingCloud: {
        ...facts.existingCloud!,
        directoryRoleTemplateIds: [],
        directoryRolesToRestore: [GLOBAL_ADMINISTRATOR_TEMPLATE_ID],
      },
    });
    expect(guidance.existing?.directoryRoles).toEqual([]);
    expect(guidance.summary).toContain(
      'which held directory roles (Global Administrator; Apply Fix took them off, and the next sync cycle gives them back)',
    );
  });

  it('refuses answers: the two questions are for duplicates only', () => {
    const refusal = refusalOf(answerQuestion(adminFacts(), 'userExistsOnPremises', 'no'));
    expect(refusal.code).toBe('DiagnosisStepMismatch');
  });
});

describe('InvalidHardMatch (Microsoft Learn, tshoot "InvalidHardMatch"; existing-tenant "Hard-match vs Soft-match")', () => {
  it('the cloud object is not managed by sync: turn the block off only after confirming, or clear the ImmutableId', () => {
    const existingCloud = cloudUser({ sourceAnchor: ANCHOR_CONFLICTING, dirSyncEnabled: false });
    const conflictingSource = sourceUser();
    const step = outcomeOf({
      error: syncError({
        errorType: 'InvalidHardMatch',
        attribute: 'SourceAnchor',
        value: ANCHOR_CONFLICTING,
        normalizedValue: ANCHOR_CONFLICTING,
        existingObject: summaryOf(existingCloud),
        conflictingObject: summaryOf(conflictingSource),
        diagnoseStatus: 'ManualFixRequired',
      }),
      existingCloud,
      existingSource: null,
      conflictingCloud: null,
      conflictingSource,
      settings: settings({ blockCloudObjectTakeoverThroughHardMatchEnabled: true }),
    });
    expect(step).toMatchObject({ learnMore: { url: `${TSHOOT}#invalidhardmatch` } });
    expect(step.guidance.existing).toMatchObject({ dirSyncEnabled: false, softDeleted: false });
    expect(step.guidance.summary).toContain('which sync does not manage');
    expect(step.guidance.summary).toContain('blockCloudObjectTakeoverThroughHardMatchEnabled is on');
    expect(step.guidance.remedy[0]).toMatch(/^Confirm/);
    expect(step.guidance.remedy[1]).toMatch(/turn blockCloudObjectTakeoverThroughHardMatchEnabled off/);
    expect(step.guidance.remedy[2]).toMatch(/clear the cloud object’s ImmutableId/);
  });
});

describe('IdentityDataValidationFailed (Microsoft Learn, tshoot "IdentityDataValidationFailed"; UPN formatting requirements)', () => {
  it('one object alone: the offending UPN and the rule it breaks, from upnRefusal', () => {
    const upn = 'jo&e@contoso.com';
    const source = sourceUser({ userPrincipalName: upn });
    const step = outcomeOf(
      singleObjectFacts(
        { errorType: 'IdentityDataValidationFailed', value: upn, normalizedValue: upn },
        source,
      ),
    );
    expect(step).toMatchObject({
      outcome: 'notApplicable',
      learnMore: { url: `${TSHOOT}#identitydatavalidationfailed` },
      guidance: {
        category: 'DataValidationFailure',
        existing: null,
        conflicting: { sourceAnchor: ANCHOR_CONFLICTING, objectId: null },
        brokenRule: {
          text: "a character before the @ outside A–Z a–z 0–9 ' . - _ ! # ^ ~",
          limit: null,
          actual: null,
        },
      },
    });
    expect(step.message).toContain(`refuses the UserPrincipalName "${upn}"`);
    expect(step.guidance.remedy[0]).toMatch(/^Fix the user’s UPN in your on-premises Active Directory/);
  });

  it('a length rule carries its limit and the count', () => {
    const upn = `${'a'.repeat(65)}@contoso.com`;
    const guidance = errorGuidance(
      singleObjectFacts(
        { errorType: 'IdentityDataValidationFailed', value: upn },
        sourceUser({ userPrincipalName: upn }),
      ),
    );
    expect(guidance.brokenRule).toEqual({
      text: 'more than 64 characters before the @',
      limit: 64,
      actual: 65,
    });
  });
});

describe('LargeObject (Microsoft Learn, tshoot "LargeObject or ExceededAllowedLength")', () => {
  it('the count against 332, and how many to remove', () => {
    const source = sourceUser({
      proxyAddresses: Array.from({ length: 333 }, (_, i) => `smtp:a${i}@contoso.com`),
    });
    const step = outcomeOf(
      singleObjectFacts(
        { errorType: 'LargeObject', attribute: 'ProxyAddresses', value: '333 proxy addresses' },
        source,
      ),
    );
    expect(step).toMatchObject({
      learnMore: { url: `${TSHOOT}#largeobject-or-exceededallowedlength` },
      guidance: {
        category: 'LargeAttribute',
        existing: null,
        brokenRule: { text: 'more than 332 proxy addresses', limit: 332, actual: 333 },
      },
    });
    expect(step.guidance.summary).toContain('333 proxy addresses, more than 332');
    expect(step.guidance.remedy[0]).toContain('(at least 1)');
    expect(step.guidance.remedy[0]).toContain('332 or fewer');
  });

  it('without the source object, the count comes from the error value', () => {
    const facts = singleObjectFacts({ errorType: 'LargeObject', value: '400 proxy addresses' });
    expect(errorGuidance({ ...facts, conflictingSource: null }).brokenRule?.actual).toBe(400);
  });
});

describe('directory roles', () => {
  it('names the Global Administrator template, and keeps an unknown id as it is', () => {
    expect(directoryRoleName('62e90394-69f5-4237-9190-012177145e10')).toBe('Global Administrator');
    expect(directoryRoleName('62E90394-69F5-4237-9190-012177145E10')).toBe('Global Administrator');
    expect(directoryRoleName('not-a-role')).toBe('not-a-role');
  });

  it('the guidance shows the roles the cloud objects hold now, not the snapshot', () => {
    const facts = orphanedFacts({
      existingCloud: cloudUser({ directoryRoleTemplateIds: [GLOBAL_ADMINISTRATOR_TEMPLATE_ID] }),
    });
    expect(errorGuidance(facts).existing).toMatchObject({
      sourceAnchor: ANCHOR_EXISTING,
      directoryRoles: ['Global Administrator'],
    });
  });
});
