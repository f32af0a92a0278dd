/** The diagnosis core: pure rules, no I/O. Use cases and handlers import from here. */
export type { DiagnosisFacts } from './facts';
export { connectorSpaceDn } from './connectorSpaceDn';
export { QUESTION_IDS, QUESTION_TEXT } from './questions';
export type { QuestionId } from './questions';
export type { ComparedValue, SameUserEvidence } from './sameUserEvidence';
export type { UserExistsOnPremisesEvidence } from './userExistsOnPremisesEvidence';
export { ON_PREMISES_FIX_LINK } from './guidance';
export type { Link } from './guidance';
export { diagnosisStep, OUTCOMES } from './diagnosisStep';
export { errorGuidance, GUIDANCE_SOURCES } from './errorGuidance';
export type { BrokenRule, ErrorGuidance, GuidanceObject } from './errorGuidance';
export { directoryRoleName, GLOBAL_ADMINISTRATOR_TEMPLATE_ID } from './directoryRoles';
export type {
  DiagnosisStep,
  FixAvailableStep,
  FixPreview,
  OutcomeKind,
  OutcomeStep,
  QuestionStep,
  SameUserQuestion,
  UserExistsOnPremisesQuestion,
} from './diagnosisStep';
export { answerQuestion } from './answerQuestion';
export { closeDiagnosis } from './closeDiagnosis';
export { planApplyFix } from './planApplyFix';
export type { FixPlan } from './planApplyFix';
export { planUndo, undoAnchors } from './planUndo';
export type { UndoCurrentState, UndoPlan } from './planUndo';
export {
  AUDIT_ACTIONS,
  answerAuditEvent,
  applyFixAuditEvent,
  closeAuditEvent,
  undoAuditEvent,
} from './auditEvent';
export type {
  AnswerAuditEvent,
  ApplyFixAuditEvent,
  AuditAction,
  AuditActor,
  AuditContext,
  AuditEvent,
  CloseAuditEvent,
  UndoAuditEvent,
} from './auditEvent';
export { DIAGNOSIS_REFUSAL_CODES, FIX_CHECK_MESSAGES, FIXED_MESSAGES } from './refusals';
export type { DiagnosisRefusal, DiagnosisRefusalCode, FixCheckCode } from './refusals';
