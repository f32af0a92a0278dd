// @ts-check
import { h, notice, problemNotice, withBusy } from '../dom.js';
import { sameUserEvidence, userExistsEvidence } from './wizardEvidence.js';

/** @import { Answer, QuestionId } from '../apiTypes.js' */
/** @import { WizardFlow, WizardQuestion } from '../types.js' */

/**
 * The seed's "How to answer the diagnosis questions", shown beside each question.
 * @type {Record<QuestionId, string[]>}
 */
const HOW_TO = {
  userExistsOnPremises: [
    'Check whether Microsoft Entra ID has an object with the provided UserPrincipalName. If not, answer No.',
    'If it does, check whether the object is still in scope for syncing: search the Microsoft Entra connector space by the DN.',
    'If the object is found in the Pending Add state, answer No: Microsoft Entra Connect cannot connect it to the right Microsoft Entra object.',
    "If it isn't found, answer Yes.",
  ],
  sameUser: [
    'Compare the objects’ display name, UserPrincipalName and object ID.',
    'If Microsoft Entra ID fails to compare them, check whether Active Directory has objects with the provided UserPrincipalNames. Answer No if you find both.',
  ],
};

/**
 * Questions 1 and 2: the question, the service's suggested answer and its evidence, how to answer,
 * and Yes/No with Next, Back and Cancel. `chosen`: the answer to mark (a question shown again by Back).
 * @param {WizardFlow} flow
 * @param {WizardQuestion} q
 * @param {HTMLHeadingElement} title
 * @param {Answer | null} [chosen]
 */
export function questionView(flow, q, title, chosen = null) {
  const { ctx, id, errorHref } = flow;
  title.textContent = q.text;
  const name = `answer-${q.questionId}`;
  /**
   * @param {Answer} value
   * @param {string} label
   */
  const radio = (value, label) =>
    h(
      'label',
      { class: 'choice' },
      h('input', {
        type: 'radio',
        name,
        value,
        required: true,
        checked: chosen === value,
        'aria-describedby': q.suggestedAnswer === value ? 'suggestion' : null,
      }),
      h(
        'span',
        null,
        label,
        q.suggestedAnswer === value ? h('span', { class: 'choice__hint' }, ' (suggested)') : null,
      ),
    );
  const message = h('div', { class: 'form__message' });
  const next = h('button', { type: 'submit', class: 'button' }, 'Next');
  const form = h(
    'form',
    { class: 'wizard__form', novalidate: true },
    h(
      'fieldset',
      { class: 'choices' },
      h('legend', null, 'Your answer'),
      radio('yes', 'Yes'),
      radio('no', 'No'),
    ),
    h(
      'div',
      { class: 'commandbar' },
      next,
      flow.backTarget(q)
        ? h(
            'button',
            { type: 'button', class: 'button button--secondary', onclick: () => flow.goBack(q) },
            'Back',
          )
        : null,
      h('a', { class: 'button button--subtle', href: errorHref }, 'Cancel'),
    ),
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const checked = /** @type {HTMLInputElement | null} */ (
      form.querySelector(`input[name="${name}"]:checked`)
    );
    const answer = /** @type {Answer | undefined} */ (checked?.value);
    if (!answer) {
      message.replaceChildren(notice('error', null, h('p', null, 'Choose Yes or No.')));
      form.querySelector('input')?.focus();
      return;
    }
    withBusy(next, 'Saving…', async () => {
      try {
        // Q2 is answerable only while it is the current question (SPEC decision 5): changing an
        // earlier Q2 answer goes back through Q1, which the service clears Q2 for.
        if (q.questionId === 'sameUser' && q.answers?.sameUser) {
          await ctx.api.answer(id, 'userExistsOnPremises', q.answers.userExistsOnPremises ?? 'no');
        }
        flow.show(await ctx.api.answer(id, q.questionId, answer));
      } catch (failure) {
        message.replaceChildren(problemNotice(failure, 'The answer was not accepted.'), flow.reloadButton());
      }
    });
  });
  if (!q.suggestedAnswer) {
    // Shown again by Back without having been seen in this visit: no suggestion or evidence to show.
    return [title, form];
  }
  return [
    title,
    h(
      'p',
      { id: 'suggestion', class: 'suggestion' },
      'Suggested answer: ',
      h('strong', { dataset: { testid: 'suggested-answer' } }, q.suggestedAnswer === 'yes' ? 'Yes' : 'No'),
      '. The service suggests it from the evidence below; your answer decides.',
    ),
    h(
      'section',
      { class: 'evidence', 'aria-labelledby': 'evidence-title' },
      h('h3', { id: 'evidence-title' }, 'Evidence'),
      q.questionId === 'userExistsOnPremises'
        ? userExistsEvidence(q.evidence)
        : sameUserEvidence(flow.error, flow.current().guidance, q.evidence),
    ),
    h(
      'details',
      { class: 'howto' },
      h('summary', null, 'How to answer this question'),
      h(
        'ol',
        null,
        (HOW_TO[q.questionId] ?? []).map((line) => h('li', null, line)),
      ),
    ),
    form,
  ];
}
