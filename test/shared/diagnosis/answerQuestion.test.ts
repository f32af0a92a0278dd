import { answerQuestion } from '../../../shared/diagnosis/answerQuestion';
import { FIXED_MESSAGES } from '../../../shared/diagnosis/refusals';
import { answers, orphanedFacts, refusalOf, valueOf, withError } from './fixtures';

const factsWith = (over: Parameters<typeof withError>[1]) => withError(orphanedFacts(), over);

describe('answerQuestion: transitions', () => {
  it('Q1 from the start', () => {
    expect(valueOf(answerQuestion(orphanedFacts(), 'userExistsOnPremises', 'no'))).toEqual(
      answers({ userExistsOnPremises: 'no' }),
    );
    expect(valueOf(answerQuestion(orphanedFacts(), 'userExistsOnPremises', 'yes'))).toEqual(
      answers({ userExistsOnPremises: 'yes' }),
    );
  });

  it('Q2 after Q1 = no', () => {
    const facts = factsWith({ answers: answers({ userExistsOnPremises: 'no' }) });
    expect(valueOf(answerQuestion(facts, 'sameUser', 'yes'))).toEqual(
      answers({ userExistsOnPremises: 'no', sameUser: 'yes' }),
    );
    expect(valueOf(answerQuestion(facts, 'sameUser', 'no'))).toEqual(
      answers({ userExistsOnPremises: 'no', sameUser: 'no' }),
    );
  });

  it('the admin decides: an answer against the suggestion is taken', () => {
    // The orphaned scenario suggests "no" for Q1.
    expect(valueOf(answerQuestion(orphanedFacts(), 'userExistsOnPremises', 'yes')).userExistsOnPremises).toBe(
      'yes',
    );
  });

  it('decision 5: answering Q1 again clears Q2, from an outcome', () => {
    const facts = factsWith({ answers: answers({ userExistsOnPremises: 'no', sameUser: 'yes' }) });
    expect(valueOf(answerQuestion(facts, 'userExistsOnPremises', 'yes'))).toEqual(
      answers({ userExistsOnPremises: 'yes' }),
    );
  });

  it('decision 5: answering Q1 again with the same answer still clears Q2', () => {
    const facts = factsWith({ answers: answers({ userExistsOnPremises: 'no', sameUser: 'no' }) });
    expect(valueOf(answerQuestion(facts, 'userExistsOnPremises', 'no'))).toEqual(
      answers({ userExistsOnPremises: 'no' }),
    );
  });

  it('answering Q1 again while Q2 is the current question', () => {
    const facts = factsWith({ answers: answers({ userExistsOnPremises: 'no' }) });
    expect(valueOf(answerQuestion(facts, 'userExistsOnPremises', 'yes'))).toEqual(
      answers({ userExistsOnPremises: 'yes' }),
    );
  });

  it('decision 5: Q2 once answered is no longer the current question', () => {
    const facts = factsWith({ answers: answers({ userExistsOnPremises: 'no', sameUser: 'no' }) });
    const refusal = refusalOf(answerQuestion(facts, 'sameUser', 'yes'));
    expect(refusal.code).toBe('DiagnosisStepMismatch');
    expect(refusal.message).toMatch(/answer .*userExistsOnPremises.* again/);
  });

  it('decision 2: answering never touches the status (it returns answers only, closed stays false)', () => {
    expect(valueOf(answerQuestion(orphanedFacts(), 'userExistsOnPremises', 'yes')).closed).toBe(false);
  });
});

describe('answerQuestion: refusals', () => {
  it('DiagnosisStepMismatch: Q2 before Q1 was answered', () => {
    const refusal = refusalOf(answerQuestion(orphanedFacts(), 'sameUser', 'yes'));
    expect(refusal.code).toBe('DiagnosisStepMismatch');
    expect(refusal.message).toBe(
      '"Do both of these accounts belong to the same user?" (sameUser) is asked only after ' +
        '"Does the user exist in your on-premises Active Directory?" (userExistsOnPremises) was answered "no".',
    );
  });

  it('DiagnosisStepMismatch: Q2 after Q1 = yes', () => {
    const facts = factsWith({ answers: answers({ userExistsOnPremises: 'yes' }) });
    expect(refusalOf(answerQuestion(facts, 'sameUser', 'yes')).code).toBe('DiagnosisStepMismatch');
  });

  it('DiagnosisClosed: after close', () => {
    const facts = factsWith({ diagnoseStatus: 'ManualFixRequired', answers: answers({ closed: true }) });
    expect(refusalOf(answerQuestion(facts, 'userExistsOnPremises', 'no'))).toEqual({
      ok: false,
      code: 'DiagnosisClosed',
      message: FIXED_MESSAGES.DiagnosisClosed,
    });
    expect(refusalOf(answerQuestion(facts, 'sameUser', 'no')).code).toBe('DiagnosisClosed');
  });

  it('DiagnosisClosed outranks a step mismatch', () => {
    const facts = factsWith({ diagnoseStatus: 'ManualFixRequired', answers: answers({ closed: true }) });
    expect(refusalOf(answerQuestion(facts, 'sameUser', 'yes')).code).toBe('DiagnosisClosed');
  });

  it('ErrorResolved: a resolved error', () => {
    const facts = factsWith({ resolvedAt: '2025-03-01T11:00:00.000Z' });
    expect(refusalOf(answerQuestion(facts, 'userExistsOnPremises', 'no'))).toMatchObject({
      code: 'ErrorResolved',
      message: FIXED_MESSAGES.ErrorResolved,
    });
  });

  it('ErrorResolved outranks every other refusal', () => {
    const facts = factsWith({
      resolvedAt: '2025-03-01T11:00:00.000Z',
      diagnoseStatus: 'PendingSync',
      existingObject: { ...orphanedFacts().error.existingObject!, objectType: 'Group' },
    });
    expect(refusalOf(answerQuestion(facts, 'sameUser', 'no')).code).toBe('ErrorResolved');
  });

  it('FixAlreadyApplied: PendingSync', () => {
    const facts = factsWith({
      diagnoseStatus: 'PendingSync',
      answers: answers({ userExistsOnPremises: 'no', sameUser: 'yes' }),
    });
    expect(refusalOf(answerQuestion(facts, 'userExistsOnPremises', 'no'))).toMatchObject({
      code: 'FixAlreadyApplied',
      message: FIXED_MESSAGES.FixAlreadyApplied,
    });
  });

  it('DiagnosisStepMismatch: a non-user pair has no questions', () => {
    const facts = factsWith({
      diagnoseStatus: 'ManualFixRequired',
      conflictingObject: { ...orphanedFacts().error.conflictingObject, objectType: 'Contact' },
    });
    expect(refusalOf(answerQuestion(facts, 'userExistsOnPremises', 'no'))).toMatchObject({
      code: 'DiagnosisStepMismatch',
      message: expect.stringMatching(/no questions/) as unknown,
    });
  });
});
