/** The two questions of the seed's diagnosis, in order, with its exact wording. */
export const QUESTION_IDS = ['userExistsOnPremises', 'sameUser'] as const;
export type QuestionId = (typeof QUESTION_IDS)[number];

export const QUESTION_TEXT: Readonly<Record<QuestionId, string>> = {
  userExistsOnPremises: 'Does the user exist in your on-premises Active Directory?',
  sameUser: 'Do both of these accounts belong to the same user?',
};
