import { closeDiagnosis } from '../../../shared/diagnosis/closeDiagnosis';
import { diagnosisStep } from '../../../shared/diagnosis/diagnosisStep';
import { FIXED_MESSAGES } from '../../../shared/diagnosis/refusals';
import { answers, orphanedFacts, refusalOf, valueOf, withError } from './fixtures';

const factsWith = (over: Parameters<typeof withError>[1]) => withError(orphanedFacts(), over);

describe('closeDiagnosis', () => {
  it('sets ManualFixRequired and answers.closed, keeping the answers and everything else', () => {
    const facts = factsWith({ answers: answers({ userExistsOnPremises: 'yes' }) });
    expect(valueOf(closeDiagnosis(facts))).toEqual({
      ...facts.error,
      diagnoseStatus: 'ManualFixRequired',
      answers: answers({ userExistsOnPremises: 'yes', closed: true }),
    });
  });

  it('after close, the step is "closed"', () => {
    const closed = valueOf(
      closeDiagnosis(factsWith({ answers: answers({ userExistsOnPremises: 'no', sameUser: 'no' }) })),
    );
    expect(diagnosisStep({ ...orphanedFacts(), error: closed })).toMatchObject({ outcome: 'closed' });
  });

  it('may close before any answer (the admin gives up on the portal fix)', () => {
    expect(valueOf(closeDiagnosis(orphanedFacts())).diagnoseStatus).toBe('ManualFixRequired');
  });

  it('may close at "fix available" instead of applying it', () => {
    const facts = factsWith({ answers: answers({ userExistsOnPremises: 'no', sameUser: 'yes' }) });
    expect(valueOf(closeDiagnosis(facts)).answers).toEqual(
      answers({ userExistsOnPremises: 'no', sameUser: 'yes', closed: true }),
    );
  });

  it('closing again is a no-op that succeeds', () => {
    const closed = valueOf(closeDiagnosis(orphanedFacts()));
    expect(valueOf(closeDiagnosis({ ...orphanedFacts(), error: closed }))).toEqual(closed);
  });

  it('a non-user pair closes too: it already is ManualFixRequired', () => {
    const facts = factsWith({
      diagnoseStatus: 'ManualFixRequired',
      existingObject: { ...orphanedFacts().error.existingObject!, objectType: 'Group' },
    });
    expect(valueOf(closeDiagnosis(facts)).diagnoseStatus).toBe('ManualFixRequired');
  });

  it('ErrorResolved: a resolved error', () => {
    const refusal = refusalOf(closeDiagnosis(factsWith({ resolvedAt: '2025-03-01T11:00:00.000Z' })));
    expect(refusal).toMatchObject({ code: 'ErrorResolved', message: FIXED_MESSAGES.ErrorResolved });
  });

  it('FixAlreadyApplied: PendingSync', () => {
    const refusal = refusalOf(closeDiagnosis(factsWith({ diagnoseStatus: 'PendingSync' })));
    expect(refusal).toMatchObject({ code: 'FixAlreadyApplied', message: FIXED_MESSAGES.FixAlreadyApplied });
  });

  it('ErrorResolved outranks FixAlreadyApplied', () => {
    const facts = factsWith({ diagnoseStatus: 'PendingSync', resolvedAt: '2025-03-01T11:00:00.000Z' });
    expect(refusalOf(closeDiagnosis(facts)).code).toBe('ErrorResolved');
  });
});
