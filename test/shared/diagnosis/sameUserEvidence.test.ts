import { assessSameUser } from '../../../shared/diagnosis/sameUserEvidence';
import {
  CONFLICTING_ID,
  EXISTING_ID,
  cloudUser,
  commonFacts,
  orphanedFacts,
  sourceUser,
  summaryOf,
  syncError,
} from './fixtures';

describe('Q2 sameUser: evidence', () => {
  it('puts display name, UPN and object id side by side, marking each equal or not', () => {
    expect(assessSameUser(orphanedFacts()).evidence).toEqual({
      displayName: { existing: 'Joe Johnson', conflicting: 'Joe Johnson', equal: true },
      userPrincipalName: { existing: 'Joe.J@contoso.com', conflicting: 'Joe.J@contoso.com', equal: true },
      objectId: { existing: EXISTING_ID, conflicting: CONFLICTING_ID, equal: false },
    });
  });

  it("compares against the conflicting object's source UPN, not its quarantined cloud UPN", () => {
    const { evidence } = assessSameUser(orphanedFacts());
    expect(evidence.userPrincipalName.conflicting).toBe('Joe.J@contoso.com');
  });

  it('compares names and UPNs ignoring case', () => {
    const facts = orphanedFacts({
      conflictingSource: sourceUser({ displayName: 'JOE JOHNSON', userPrincipalName: 'joe.j@CONTOSO.com' }),
    });
    const { evidence } = assessSameUser(facts);
    expect(evidence.displayName.equal).toBe(true);
    expect(evidence.userPrincipalName.equal).toBe(true);
  });

  it('compares object ids ignoring case', () => {
    const facts = orphanedFacts({ conflictingCloud: cloudUser({ objectId: EXISTING_ID.toUpperCase() }) });
    expect(assessSameUser(facts).evidence.objectId.equal).toBe(true);
  });

  it('never marks a missing value equal, even to another missing value', () => {
    const facts = orphanedFacts({
      existingCloud: cloudUser({ displayName: null }),
      conflictingSource: sourceUser({ displayName: null }),
    });
    expect(assessSameUser(facts).evidence.displayName).toEqual({
      existing: null,
      conflicting: null,
      equal: false,
    });
  });

  it('shows a null object id for a conflicting object that was never provisioned (PendingAdd)', () => {
    const facts = orphanedFacts({
      conflictingCloud: null,
      error: syncError({ conflictingObject: summaryOf(sourceUser(), { objectId: null }) }),
    });
    expect(assessSameUser(facts).evidence.objectId).toEqual({
      existing: EXISTING_ID,
      conflicting: null,
      equal: false,
    });
  });

  it("falls back to the error's snapshots when objects are missing", () => {
    const facts = orphanedFacts({ existingCloud: null, conflictingCloud: null, conflictingSource: null });
    const { evidence } = assessSameUser(facts);
    expect(evidence.displayName.existing).toBe(facts.error.existingObject?.displayName);
    expect(evidence.userPrincipalName.conflicting).toBe(facts.error.conflictingObject.userPrincipalName);
    expect(evidence.objectId.conflicting).toBe(facts.error.conflictingObject.objectId);
  });
});

describe('Q2 sameUser: suggestion (decision 3)', () => {
  it('suggests "yes" when display names and UPNs are equal ignoring case', () => {
    expect(assessSameUser(orphanedFacts()).suggestedAnswer).toBe('yes');
  });

  it('suggests "no" when only the UPNs are equal (the common scenario: two Joes)', () => {
    expect(assessSameUser(commonFacts()).suggestedAnswer).toBe('no');
  });

  it('suggests "no" when only the display names are equal', () => {
    const facts = orphanedFacts({
      conflictingSource: sourceUser({ userPrincipalName: 'joe.johnson@contoso.com' }),
    });
    expect(assessSameUser(facts).suggestedAnswer).toBe('no');
  });

  it('ignores the object ids, which always differ between the two objects', () => {
    const { suggestedAnswer, evidence } = assessSameUser(orphanedFacts());
    expect(evidence.objectId.equal).toBe(false);
    expect(suggestedAnswer).toBe('yes');
  });
});
