import { answerAuditEvent, closeAuditEvent } from '../../../shared/diagnosis/auditEvent';
import { ACTOR, NOW, answers, syncError } from './fixtures';

describe('audit events for answers and close', () => {
  it('answer: the question, the answer and the answers before and after', () => {
    const error = syncError();
    const event = answerAuditEvent(
      error,
      { eventId: 'evt-1', actor: ACTOR, now: NOW },
      {
        questionId: 'userExistsOnPremises',
        answer: 'yes',
        answersBefore: answers({ userExistsOnPremises: 'no', sameUser: 'yes' }),
        answersAfter: answers({ userExistsOnPremises: 'yes' }),
      },
    );
    expect(event).toEqual({
      eventId: 'evt-1',
      errorId: 'err-upn',
      action: 'answer',
      actor: ACTOR,
      at: '2025-03-01T10:00:00.000Z',
      undoneBy: null,
      details: {
        questionId: 'userExistsOnPremises',
        answer: 'yes',
        answersBefore: answers({ userExistsOnPremises: 'no', sameUser: 'yes' }),
        answersAfter: answers({ userExistsOnPremises: 'yes' }),
      },
    });
  });

  it('close: the status and answers before, the answers after', () => {
    const before = syncError({ answers: answers({ userExistsOnPremises: 'yes' }) });
    const closed = {
      ...before,
      diagnoseStatus: 'ManualFixRequired' as const,
      answers: answers({ userExistsOnPremises: 'yes', closed: true }),
    };
    expect(closeAuditEvent(before, closed, { eventId: 'evt-2', actor: ACTOR, now: NOW })).toMatchObject({
      action: 'close',
      errorId: 'err-upn',
      details: {
        statusBefore: 'NotStarted',
        answersBefore: answers({ userExistsOnPremises: 'yes' }),
        answersAfter: answers({ userExistsOnPremises: 'yes', closed: true }),
      },
    });
  });
});
