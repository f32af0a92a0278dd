import { categoryOf, type DiagnoseStatus, type DiagnosisAnswers, type YesNo } from '../sync/model';
import { errorGuidance, guidanceMessage, type ErrorGuidance } from './errorGuidance';
import type { DiagnosisFacts } from './facts';
import type { Link } from './guidance';
import {
  FIX_APPLIED_MESSAGE,
  ON_PREMISES_FIX_LINK,
  closedGuidance,
  commonScenarioGuidance,
  fixAvailableDescription,
  notApplicableReason,
  notSameUserGuidance,
  resolvedMessage,
} from './guidance';
import { isClosed, isUserPair } from './pair';
import { QUESTION_TEXT } from './questions';
import type { SameUserEvidence } from './sameUserEvidence';
import { assessSameUser } from './sameUserEvidence';
import type { UserExistsOnPremisesEvidence } from './userExistsOnPremisesEvidence';
import { assessUserExistsOnPremises } from './userExistsOnPremisesEvidence';

interface StepBase {
  errorId: string;
  diagnoseStatus: DiagnoseStatus;
  answers: DiagnosisAnswers;
  /** What the error's type means and what to do, with the evidence: on every step, for every type. */
  guidance: ErrorGuidance;
}

export interface UserExistsOnPremisesQuestion extends StepBase {
  kind: 'question';
  questionId: 'userExistsOnPremises';
  text: string;
  suggestedAnswer: YesNo;
  evidence: UserExistsOnPremisesEvidence;
}

export interface SameUserQuestion extends StepBase {
  kind: 'question';
  questionId: 'sameUser';
  text: string;
  suggestedAnswer: YesNo;
  evidence: SameUserEvidence;
}

export type QuestionStep = UserExistsOnPremisesQuestion | SameUserQuestion;

export const OUTCOMES = [
  'notApplicable',
  'closedFixOnPremises',
  'closedNotSameUser',
  'fixAvailable',
  'closed',
  'fixApplied',
  'resolved',
] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

/** What apply-fix would do, so the admin sees it before confirming. */
export interface FixPreview {
  existingObjectId: string | null;
  newSourceAnchor: string;
  /** The conflicting cloud object to delete permanently; null when it was never provisioned. */
  conflictingObjectIdToDelete: string | null;
}

interface OutcomeBase<K extends OutcomeKind> extends StepBase {
  kind: 'outcome';
  outcome: K;
  /** The reason, guidance or status text to show. */
  message: string;
  learnMore: Link | null;
}

export type FixAvailableStep = OutcomeBase<'fixAvailable'> & { fix: FixPreview };
export type OutcomeStep =
  | OutcomeBase<Exclude<OutcomeKind, 'fixAvailable' | 'resolved'>>
  | (OutcomeBase<'resolved'> & { resolvedAt: string })
  | FixAvailableStep;

export type DiagnosisStep = QuestionStep | OutcomeStep;

const base = (facts: DiagnosisFacts): StepBase => ({
  errorId: facts.error.id,
  diagnoseStatus: facts.error.diagnoseStatus,
  answers: facts.error.answers,
  guidance: errorGuidance(facts),
});

/**
 * Outside the two-question diagnosis (decision 1, "Errors beyond duplicates"): a duplicate between
 * objects that are not both users keeps the seed's reason and knowledge-base link; every other type
 * gets its own remedy, in the message too, and its Microsoft Learn section.
 */
function notApplicable(facts: DiagnosisFacts): OutcomeStep {
  const { error } = facts;
  if (categoryOf(error.errorType) === 'DuplicateAttribute') {
    return outcome(facts, 'notApplicable', notApplicableReason(error), ON_PREMISES_FIX_LINK);
  }
  const guidance = errorGuidance(facts);
  return outcome(facts, 'notApplicable', guidanceMessage(guidance), guidance.source);
}

function outcome(
  facts: DiagnosisFacts,
  kind: Exclude<OutcomeKind, 'fixAvailable' | 'resolved'>,
  message: string,
  learnMore: Link | null,
): OutcomeStep {
  return { ...base(facts), kind: 'outcome', outcome: kind, message, learnMore };
}

function userExistsQuestion(facts: DiagnosisFacts): UserExistsOnPremisesQuestion {
  const { suggestedAnswer, evidence } = assessUserExistsOnPremises(facts);
  const text = QUESTION_TEXT.userExistsOnPremises;
  return {
    ...base(facts),
    kind: 'question',
    questionId: 'userExistsOnPremises',
    text,
    suggestedAnswer,
    evidence,
  };
}

function sameUserQuestion(facts: DiagnosisFacts): SameUserQuestion {
  const { suggestedAnswer, evidence } = assessSameUser(facts);
  const text = QUESTION_TEXT.sameUser;
  return { ...base(facts), kind: 'question', questionId: 'sameUser', text, suggestedAnswer, evidence };
}

function fixAvailable(facts: DiagnosisFacts): FixAvailableStep {
  const { error, existingCloud, conflictingCloud } = facts;
  const conflictingObjectId = conflictingCloud ? conflictingCloud.objectId : null;
  return {
    ...base(facts),
    kind: 'outcome',
    outcome: 'fixAvailable',
    message: fixAvailableDescription(error.conflictingSourceAnchor, conflictingObjectId),
    learnMore: null,
    fix: {
      existingObjectId: existingCloud ? existingCloud.objectId : (error.existingObject?.objectId ?? null),
      newSourceAnchor: error.conflictingSourceAnchor,
      conflictingObjectIdToDelete: conflictingObjectId,
    },
  };
}

function resolved(facts: DiagnosisFacts, resolvedAt: string): OutcomeStep {
  const message = resolvedMessage(resolvedAt);
  return { ...base(facts), kind: 'outcome', outcome: 'resolved', message, learnMore: null, resolvedAt };
}

/** The walk through the admin's answers once nothing (resolution, fix, close) has ended it. */
function answeredPath(facts: DiagnosisFacts): DiagnosisStep {
  const { error } = facts;
  const { userExistsOnPremises, sameUser } = error.answers;
  if (userExistsOnPremises === null) return userExistsQuestion(facts);
  if (userExistsOnPremises === 'yes') {
    return outcome(facts, 'closedFixOnPremises', commonScenarioGuidance(error), ON_PREMISES_FIX_LINK);
  }
  if (sameUser === null) return sameUserQuestion(facts);
  if (sameUser === 'no') {
    return outcome(facts, 'closedNotSameUser', notSameUserGuidance(error), ON_PREMISES_FIX_LINK);
  }
  return fixAvailable(facts);
}

/**
 * Where the diagnosis of one error stands: the next question with its suggestion and evidence, or the
 * outcome. The order matters: what ended the diagnosis (resolution, an applied fix, a non-user pair, a
 * close) outranks whatever answers are stored.
 */
export function diagnosisStep(facts: DiagnosisFacts): DiagnosisStep {
  const { error } = facts;
  if (error.resolvedAt !== null) return resolved(facts, error.resolvedAt);
  if (error.diagnoseStatus === 'PendingSync') return outcome(facts, 'fixApplied', FIX_APPLIED_MESSAGE, null);
  if (!isUserPair(error)) return notApplicable(facts);
  if (isClosed(error)) return outcome(facts, 'closed', closedGuidance(error), ON_PREMISES_FIX_LINK);
  return answeredPath(facts);
}
