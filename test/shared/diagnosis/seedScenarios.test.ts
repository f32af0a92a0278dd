import { answerQuestion } from '../../../shared/diagnosis/answerQuestion';
import { closeDiagnosis } from '../../../shared/diagnosis/closeDiagnosis';
import { diagnosisStep } from '../../../shared/diagnosis/diagnosisStep';
import type { DiagnosisFacts } from '../../../shared/diagnosis/facts';
import { planApplyFix } from '../../../shared/diagnosis/planApplyFix';
import type { QuestionId } from '../../../shared/diagnosis/questions';
import type { YesNo } from '../../../shared/sync/model';
import {
  ACTOR,
  ANCHOR_CONFLICTING,
  ANCHOR_EXISTING_DN,
  CONFLICTING_ID,
  EXISTING_ID,
  NOW,
  commonFacts,
  orphanedFacts,
  syncError,
  valueOf,
  withError,
} from './fixtures';

/** What the answer use case does: store the new answers, then show the next step. */
function answer(facts: DiagnosisFacts, questionId: QuestionId, value: YesNo): DiagnosisFacts {
  return withError(facts, { answers: valueOf(answerQuestion(facts, questionId, value)) });
}

describe('seed: the common scenario (two users, Joe Johnson and Joe Jackson, both on-premises)', () => {
  it('suggests "yes" for Q1 with the evidence; answering yes closes with the on-premises fix', () => {
    let facts = commonFacts();
    const first = diagnosisStep(facts);
    expect(first).toMatchObject({
      questionId: 'userExistsOnPremises',
      suggestedAnswer: 'yes',
      evidence: {
        sourceObjectFound: true,
        distinguishedName: 'CN=Joe Jackson,OU=Users,DC=contoso,DC=com',
        connectorState: 'Exported',
        connectorSpaceDn: ANCHOR_EXISTING_DN,
      },
    });

    facts = answer(facts, 'userExistsOnPremises', 'yes');
    expect(diagnosisStep(facts)).toMatchObject({
      outcome: 'closedFixOnPremises',
      diagnoseStatus: 'NotStarted',
      learnMore: { url: 'https://support.microsoft.com/help/2647098' },
    });

    const closed = valueOf(closeDiagnosis(facts));
    expect(closed.diagnoseStatus).toBe('ManualFixRequired');
    expect(diagnosisStep({ ...facts, error: closed })).toMatchObject({ outcome: 'closed' });
    expect(answerQuestion({ ...facts, error: closed }, 'userExistsOnPremises', 'no')).toMatchObject({
      ok: false,
      code: 'DiagnosisClosed',
    });
  });

  it('even if the admin pushes through to "fix available", the guard protects Joe Jackson', () => {
    let facts = answer(commonFacts(), 'userExistsOnPremises', 'no');
    expect(diagnosisStep(facts)).toMatchObject({ questionId: 'sameUser', suggestedAnswer: 'no' });
    facts = answer(facts, 'sameUser', 'yes');
    expect(diagnosisStep(facts)).toMatchObject({ outcome: 'fixAvailable' });
    expect(planApplyFix(facts, [], ACTOR, NOW, 'evt')).toMatchObject({
      ok: false,
      code: 'ExistingObjectStillSynced',
    });
  });
});

describe('seed: the orphaned object scenario (only Joe Johnson on-premises, re-created)', () => {
  it('Q1 suggested no, Q2 suggested yes, fix available, then the plan: both errors PendingSync', () => {
    let facts = orphanedFacts();
    expect(diagnosisStep(facts)).toMatchObject({
      questionId: 'userExistsOnPremises',
      suggestedAnswer: 'no',
      evidence: { sourceObjectFound: false, connectorSpaceDn: ANCHOR_EXISTING_DN },
    });

    facts = answer(facts, 'userExistsOnPremises', 'no');
    expect(diagnosisStep(facts)).toMatchObject({
      questionId: 'sameUser',
      suggestedAnswer: 'yes',
      evidence: {
        displayName: { existing: 'Joe Johnson', conflicting: 'Joe Johnson', equal: true },
        userPrincipalName: { existing: 'Joe.J@contoso.com', conflicting: 'Joe.J@contoso.com', equal: true },
        objectId: { existing: EXISTING_ID, conflicting: CONFLICTING_ID, equal: false },
      },
    });

    facts = answer(facts, 'sameUser', 'yes');
    expect(diagnosisStep(facts)).toMatchObject({ outcome: 'fixAvailable', diagnoseStatus: 'NotStarted' });

    // The orphaned case usually raises a second error for the same pair: the proxy address.
    const proxy = syncError({
      id: 'err-proxy',
      attribute: 'ProxyAddresses',
      value: 'SMTP:Joe.J@contoso.com',
    });
    const fix = valueOf(planApplyFix(facts, [proxy], ACTOR, NOW, 'evt-fix'));
    expect(fix.existingAfter).toMatchObject({ objectId: EXISTING_ID, sourceAnchor: ANCHOR_CONFLICTING });
    expect(fix.conflictingDeleted?.objectId).toBe(CONFLICTING_ID);
    expect(fix.errorsAfter.map((e) => [e.id, e.diagnoseStatus])).toEqual([
      ['err-upn', 'PendingSync'],
      ['err-proxy', 'PendingSync'],
    ]);

    const after = withError(facts, fix.errorsAfter[0]!);
    expect(diagnosisStep(after)).toMatchObject({ outcome: 'fixApplied' });
    expect(planApplyFix(after, [], ACTOR, NOW, 'evt-2')).toMatchObject({
      ok: false,
      code: 'FixAlreadyApplied',
    });
  });

  it('the same scenario where the old source object is known but was deleted on-premises', () => {
    const deleted = {
      ...commonFacts().existingSource!,
      displayName: 'Joe Johnson',
      deletedAt: '2025-01-15T00:00:00.000Z',
    };
    let facts = orphanedFacts({ existingSource: deleted });
    expect(diagnosisStep(facts)).toMatchObject({
      suggestedAnswer: 'no',
      evidence: { deletedOnPremises: true },
    });
    facts = answer(answer(facts, 'userExistsOnPremises', 'no'), 'sameUser', 'yes');
    expect(planApplyFix(facts, [], ACTOR, NOW, 'evt').ok).toBe(true);
  });
});
