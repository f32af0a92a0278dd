// @ts-check
import { h, replace } from '../dom.js';

/** @import { WizardStep } from '../types.js' */

const STEP_LABELS = ['User on-premises?', 'Same user?', 'Result'];

/**
 * Steps 1–3 with the current one marked; a question the path skipped says so.
 * @param {HTMLElement} list
 * @param {WizardStep} step
 */
export function renderStepper(list, step) {
  const answers = step.answers ?? {};
  /** @type {number} */
  let current;
  if (step.kind === 'question') current = step.questionId === 'userExistsOnPremises' ? 0 : 1;
  else current = 2;
  /** @param {number} i */
  const skipped = (i) =>
    (i === 1 && step.kind === 'outcome' && answers.userExistsOnPremises !== 'no') ||
    (i < 2 && step.kind === 'outcome' && step.outcome === 'notApplicable') ||
    // An error that is not a duplicate (an admin role conflict, after its guided fix too) has no questions.
    (i < 2 && step.guidance !== undefined && step.guidance.category !== 'DuplicateAttribute');
  replace(
    list,
    STEP_LABELS.map((label, i) => {
      const state = i === current ? 'current' : skipped(i) ? 'skipped' : i < current ? 'done' : 'todo';
      const stateText = { current: 'current step', done: 'done', skipped: 'skipped', todo: 'not yet' }[state];
      return h(
        'li',
        {
          class: `stepper__item stepper__item--${state}`,
          'aria-current': state === 'current' ? 'step' : null,
        },
        h('span', { class: 'stepper__num', 'aria-hidden': 'true' }, state === 'done' ? '✓' : String(i + 1)),
        h('span', { class: 'stepper__label' }, label),
        h('span', { class: 'visually-hidden' }, ` (${stateText})`),
      );
    }),
  );
}
