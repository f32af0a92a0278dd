// @ts-check
import { h, problemNotice, replace, spinner, statusOf } from '../dom.js';
import { breadcrumb } from './detail.js';
import { QUESTIONS } from './questions.js';
import { outcomeView } from './wizardOutcome.js';
import { questionView } from './wizardQuestion.js';
import { renderStepper } from './wizardStepper.js';

/** @import { QuestionId, SyncError } from '../apiTypes.js' */
/** @import { Ctx, WizardFlow, WizardQuestion, WizardStep } from '../types.js' */

// The diagnosis wizard. This file holds the flow (the step shown, Back, the stepper); each step's view
// is in a module of its own: wizardQuestion.js (questions 1 and 2, with wizardEvidence.js),
// wizardOutcome.js (where it ends), wizardFix.js (Apply Fix and its confirmation), wizardFixApplied.js.

/**
 * The diagnosis as the seed's wizard: each question with the suggestion and evidence, then the outcome.
 * @param {Ctx} ctx
 * @param {HTMLElement} container
 * @param {string} id
 */
export async function renderWizard(ctx, container, id) {
  const errorHref = `#/errors/${encodeURIComponent(id)}`;
  const crumbs = h(
    'div',
    null,
    breadcrumb([['Sync errors', '#/errors'], ['Error', errorHref], ['Diagnose']]),
  );
  const heading = h('h1', null, 'Diagnose sync error');
  const sub = h('p', { class: 'lead' });
  const stepper = h('ol', { class: 'stepper', 'aria-label': 'Diagnosis steps' });
  const panel = h(
    'section',
    { class: 'card wizard__panel', 'aria-live': 'off' },
    spinner('Loading the diagnosis…'),
  );
  container.append(crumbs, heading, sub, stepper, panel);

  /** @type {SyncError} */
  let error;
  /** @type {WizardStep} */
  let step;
  try {
    [error, step] = await Promise.all([ctx.api.getSyncError(id), ctx.api.getDiagnosis(id)]);
  } catch (failure) {
    replace(
      panel,
      problemNotice(
        failure,
        statusOf(failure) === 404
          ? 'This sync error does not exist in your tenant.'
          : 'The diagnosis could not be loaded.',
      ),
    );
    return;
  }
  replace(crumbs, breadcrumb([['Sync errors', '#/errors'], [error.value, errorHref], ['Diagnose']]));
  replace(sub, h('span', { class: 'mono' }, error.value), ` · ${error.attribute} · ${error.errorType}`);

  /** @type {Partial<Record<QuestionId, WizardQuestion>>} Question steps seen so far, so that Back can show them again. */
  const seen = {};

  /** @type {WizardFlow} */
  const flow = {
    ctx,
    id,
    error,
    errorHref,
    current: () => step,
    show,
    backTarget,
    goBack,
    reloadButton,
  };

  /** @type {WizardFlow['show']} */
  function show(next, { extra = null, focus = true } = {}) {
    step = next;
    if (step.kind === 'question') seen[step.questionId] = step;
    renderStepper(stepper, step);
    const title = h('h2', { class: 'wizard__title', tabindex: '-1' });
    replace(
      panel,
      step.kind === 'question' ? questionView(flow, step, title) : outcomeView(flow, step, title, extra),
    );
    panel.dataset.step = step.kind === 'question' ? step.questionId : step.outcome;
    if (focus) title.focus();
  }

  /**
   * The question Back returns to from `from` (a question or an outcome), if the diagnosis is still open.
   * @param {WizardStep} from
   * @returns {QuestionId | null}
   */
  function backTarget(from) {
    const answers = from.answers ?? {};
    if (answers.closed) return null;
    if (from.kind === 'question') return from.questionId === 'sameUser' ? 'userExistsOnPremises' : null;
    if (!['fixAvailable', 'closedFixOnPremises', 'closedNotSameUser'].includes(from.outcome)) return null;
    return answers.sameUser ? 'sameUser' : answers.userExistsOnPremises ? 'userExistsOnPremises' : null;
  }

  /**
   * Shows an earlier question again, its stored answer chosen; answering it again is allowed (decision 5).
   * @param {WizardStep} from
   */
  function goBack(from) {
    const target = backTarget(from);
    if (!target) return;
    /** @type {WizardQuestion} */
    const q = seen[target] ?? {
      kind: 'question',
      questionId: target,
      text: QUESTIONS[target],
      suggestedAnswer: null,
      evidence: {},
      answers: from.answers,
    };
    const shown = /** @type {WizardQuestion} */ ({ ...q, answers: from.answers });
    step = shown;
    renderStepper(stepper, shown);
    const title = h('h2', { class: 'wizard__title', tabindex: '-1' });
    replace(panel, questionView(flow, shown, title, from.answers?.[target] ?? null));
    panel.dataset.step = target;
    title.focus();
  }

  function reloadButton() {
    return h(
      'button',
      {
        type: 'button',
        class: 'button button--secondary',
        onclick: async () => show(await ctx.api.getDiagnosis(id)),
      },
      'Reload the diagnosis',
    );
  }

  show(step, { focus: false });
}
