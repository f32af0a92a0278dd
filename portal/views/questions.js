// @ts-check

/** @import { QuestionTexts } from '../apiTypes.js' */

/**
 * The diagnosis questions as the service asks them (shown where no step carries the text: the audit
 * trail, the error page, a question shown again by Back). Typed by the generated wording, so a change
 * of words on the service fails the type-check until they change here too.
 * @type {QuestionTexts}
 */
export const QUESTIONS = {
  userExistsOnPremises: 'Does the user exist in your on-premises Active Directory?',
  sameUser: 'Do both of these accounts belong to the same user?',
};
