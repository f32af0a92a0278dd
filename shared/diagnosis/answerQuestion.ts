import type { Outcome } from '../errors';
import { succeed } from '../errors';
import type { DiagnosisAnswers, YesNo } from '../sync/model';
import { refusalIfEnded } from './refusalIfEnded';
import type { DiagnosisFacts } from './facts';
import { isClosed, isUserPair } from './pair';
import type { QuestionId } from './questions';
import { refuseWith, stepMismatch } from './refusals';

/**
 * The admin's answer to one question, as the new answers to store. Answers change no status
 * (decision 2). Q1 may be answered again at any time while the diagnosis is open, and that clears Q2
 * (decision 5), so the path always follows the latest answer; Q2 only while it is the current
 * question (Q1 is "no" and Q2 unanswered).
 *
 * Refusals, in order: ErrorResolved, FixAlreadyApplied, DiagnosisStepMismatch (a non-user pair has no
 * questions), DiagnosisClosed, DiagnosisStepMismatch (not the current question).
 */
export function answerQuestion(
  facts: DiagnosisFacts,
  questionId: QuestionId,
  answer: YesNo,
): Outcome<DiagnosisAnswers> {
  const { error } = facts;
  const ended = refusalIfEnded(error);
  if (ended) return ended;
  if (!isUserPair(error)) return stepMismatch.noQuestions();
  if (isClosed(error)) return refuseWith('DiagnosisClosed');
  if (questionId === 'userExistsOnPremises') {
    return succeed({ userExistsOnPremises: answer, sameUser: null, closed: false });
  }
  if (error.answers.userExistsOnPremises !== 'no') return stepMismatch.sameUserBeforeNo();
  if (error.answers.sameUser !== null) return stepMismatch.sameUserAnswered();
  return succeed({ ...error.answers, sameUser: answer });
}
