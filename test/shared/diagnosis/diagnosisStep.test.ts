import { diagnosisStep } from '../../../shared/diagnosis/diagnosisStep';
import type { DiagnosisStep } from '../../../shared/diagnosis/diagnosisStep';
import {
  ANCHOR_CONFLICTING,
  ANCHOR_EXISTING_DN,
  CONFLICTING_ID,
  EXISTING_ID,
  answers,
  orphanedFacts,
  withError,
} from './fixtures';

const KB = { text: 'Read more about on-premises fixes', url: 'https://support.microsoft.com/help/2647098' };

const stepWith = (over: Parameters<typeof withError>[1]): DiagnosisStep =>
  diagnosisStep(withError(orphanedFacts(), over));

const groupSummary = () => ({ ...orphanedFacts().error.existingObject!, objectType: 'Group' as const });

describe('diagnosisStep: questions', () => {
  it('asks Q1 first, with the exact text, its suggestion and evidence', () => {
    const step = diagnosisStep(orphanedFacts());
    expect(step).toMatchObject({
      kind: 'question',
      questionId: 'userExistsOnPremises',
      text: 'Does the user exist in your on-premises Active Directory?',
      suggestedAnswer: 'no',
      errorId: 'err-upn',
      diagnoseStatus: 'NotStarted',
      answers: answers(),
    });
    expect(step.kind === 'question' && step.evidence).toMatchObject({ connectorSpaceDn: ANCHOR_EXISTING_DN });
  });

  it('asks Q2 after Q1 = no, with the exact text, its suggestion and evidence', () => {
    const step = stepWith({ answers: answers({ userExistsOnPremises: 'no' }) });
    expect(step).toMatchObject({
      kind: 'question',
      questionId: 'sameUser',
      text: 'Do both of these accounts belong to the same user?',
      suggestedAnswer: 'yes',
    });
    expect(step.kind === 'question' && step.questionId === 'sameUser' && step.evidence.objectId).toEqual({
      existing: EXISTING_ID,
      conflicting: CONFLICTING_ID,
      equal: false,
    });
  });
});

describe('diagnosisStep: outcomes', () => {
  it('Q1 = yes: closes with the on-premises guidance (common scenario) and the KB link', () => {
    const step = stepWith({ answers: answers({ userExistsOnPremises: 'yes' }) });
    expect(step).toMatchObject({ kind: 'outcome', outcome: 'closedFixOnPremises', learnMore: KB });
    expect(step.kind === 'outcome' && step.message).toBe(
      'Both users exist in your on-premises Active Directory, so there is no fix from Microsoft Entra ID. ' +
        'Update the conflicting source object on-premises so that it no longer uses the duplicated ' +
        'UserPrincipalName value "Joe.J@contoso.com". The sync error will be resolved after the next sync.',
    );
  });

  it('Q1 = yes ignores a stale Q2 answer', () => {
    const step = stepWith({ answers: answers({ userExistsOnPremises: 'yes', sameUser: 'yes' }) });
    expect(step).toMatchObject({ outcome: 'closedFixOnPremises' });
  });

  it('Q2 = no: closes with guidance and the KB link', () => {
    const step = stepWith({ answers: answers({ userExistsOnPremises: 'no', sameUser: 'no' }) });
    expect(step).toMatchObject({ kind: 'outcome', outcome: 'closedNotSameUser', learnMore: KB });
    expect(step.kind === 'outcome' && step.message).toMatch(/belong to different users/);
  });

  it('Q1 = no, Q2 = yes: fix available, saying what it will do', () => {
    const step = stepWith({ answers: answers({ userExistsOnPremises: 'no', sameUser: 'yes' }) });
    expect(step).toMatchObject({
      kind: 'outcome',
      outcome: 'fixAvailable',
      learnMore: null,
      fix: {
        existingObjectId: EXISTING_ID,
        newSourceAnchor: ANCHOR_CONFLICTING,
        conflictingObjectIdToDelete: CONFLICTING_ID,
      },
    });
    expect(step.kind === 'outcome' && step.message).toContain(
      `permanently deletes the conflicting object ${CONFLICTING_ID}`,
    );
  });

  it('fix available without a conflicting cloud object: nothing to delete', () => {
    const facts = withError(orphanedFacts({ conflictingCloud: null }), {
      answers: answers({ userExistsOnPremises: 'no', sameUser: 'yes' }),
    });
    const step = diagnosisStep(facts);
    expect(step).toMatchObject({ outcome: 'fixAvailable', fix: { conflictingObjectIdToDelete: null } });
    expect(step.kind === 'outcome' && step.message).not.toContain('deletes');
  });

  it('decision 2: reaching an outcome leaves the status as it is', () => {
    const step = stepWith({ answers: answers({ userExistsOnPremises: 'yes' }) });
    expect(step.diagnoseStatus).toBe('NotStarted');
  });

  it('closed: ManualFixRequired with answers.closed, with the on-premises guidance', () => {
    const step = stepWith({
      diagnoseStatus: 'ManualFixRequired',
      answers: answers({ userExistsOnPremises: 'yes', closed: true }),
    });
    expect(step).toMatchObject({ kind: 'outcome', outcome: 'closed', learnMore: KB });
    expect(step.kind === 'outcome' && step.message).toMatch(/^Manual fix required/);
  });

  it('closed outranks a fix-available path', () => {
    const step = stepWith({
      diagnoseStatus: 'ManualFixRequired',
      answers: answers({ userExistsOnPremises: 'no', sameUser: 'yes', closed: true }),
    });
    expect(step).toMatchObject({ outcome: 'closed' });
  });

  it('a user pair in ManualFixRequired reads as closed even without the flag', () => {
    expect(stepWith({ diagnoseStatus: 'ManualFixRequired' })).toMatchObject({ outcome: 'closed' });
  });

  it('the closed flag alone also reads as closed', () => {
    expect(stepWith({ answers: answers({ closed: true }) })).toMatchObject({ outcome: 'closed' });
  });

  it('PendingSync: fix applied', () => {
    const step = stepWith({
      diagnoseStatus: 'PendingSync',
      answers: answers({ userExistsOnPremises: 'no', sameUser: 'yes' }),
    });
    expect(step).toMatchObject({
      kind: 'outcome',
      outcome: 'fixApplied',
      message: 'A fix was applied. Waiting for the next sync cycle to clear the error.',
    });
  });

  it('resolved: outranks every status, and carries resolvedAt', () => {
    const step = stepWith({ diagnoseStatus: 'PendingSync', resolvedAt: '2025-03-01T11:00:00.000Z' });
    expect(step).toMatchObject({
      kind: 'outcome',
      outcome: 'resolved',
      resolvedAt: '2025-03-01T11:00:00.000Z',
    });
    expect(step.kind === 'outcome' && step.message).toContain('2025-03-01T11:00:00.000Z');
  });

  it('decision 1: a non-user pair has no questions; the outcome gives the reason', () => {
    const step = stepWith({ diagnoseStatus: 'ManualFixRequired', existingObject: groupSummary() });
    expect(step).toMatchObject({ kind: 'outcome', outcome: 'notApplicable', learnMore: KB });
    expect(step.kind === 'outcome' && step.message).toMatch(
      /^The diagnosis supports user objects only, and this error is between a Group \(existing\) and a User \(conflicting\)/,
    );
  });

  it('a non-user pair is notApplicable whatever its status and answers', () => {
    const step = stepWith({
      diagnoseStatus: 'NotStarted',
      conflictingObject: { ...orphanedFacts().error.conflictingObject, objectType: 'Contact' },
      answers: answers({ userExistsOnPremises: 'no', sameUser: 'yes' }),
    });
    expect(step).toMatchObject({ outcome: 'notApplicable' });
  });

  it('a resolved non-user pair reads as resolved', () => {
    const step = stepWith({ existingObject: groupSummary(), resolvedAt: '2025-03-01T11:00:00.000Z' });
    expect(step).toMatchObject({ outcome: 'resolved' });
  });
});
