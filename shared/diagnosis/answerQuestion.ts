import type { Outcome } from '../errors';
import { succeed } from '../errors';
import type { DiagnosisAnswers, YesNo } from '../sync/model';
import { refusalIfEnded } from './endedGuards';
import type { DiagnosisFacts } from './facts';
import { isClosed, isUserPair } from './pair';
import type { QuestionId } from './questions';
import { refuseWith, stepMismatch } from './refusals';

/**
 * The admin's answer to one question, as the new answers to store. Answers change no status
 * (decision 2). Q1 may be answered again at any time while the diagnosis is open, and that clears Q2
 * (decision 5), so the path always follows the latest answer; Q2 is answerable once Q1 is "no",
 * again included, since changing Q2 never invalidates an earlier answer.
 *
 * Refusals, in order: ErrorResolved, FixAlreadyApplied, DiagnosisNotApplicable (non-user pair: there
 * are no questions), DiagnosisClosed, DiagnosisStepMismatch.
 */
export function answerQuestion(
  facts: DiagnosisFacts,
  questionId: QuestionId,
  answer: YesNo,
): Outcome<DiagnosisAnswers> {
  const { error } = facts;
  const ended = refusalIfEnded(error);
  if (ended) return ended;
  if (!isUserPair(error)) return refuseWith('DiagnosisNotApplicable');
  if (isClosed(error)) return refuseWith('DiagnosisClosed');
  if (questionId === 'userExistsOnPremises') {
    return succeed({ userExistsOnPremises: answer, sameUser: null, closed: false });
  }
  if (error.answers.userExistsOnPremises !== 'no') return stepMismatch.sameUserBeforeNo();
  return succeed({ ...error.answers, sameUser: answer });
}
