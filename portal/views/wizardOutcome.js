// @ts-check
import { externalLink, h, problemNotice, statusBadge, time, withBusy } from '../dom.js';
import { guidanceObjects, guidanceSection } from './guidance.js';
import { fixAvailableView } from './wizardFix.js';
import { adminRoleFixView, isAdminRoleFix } from './wizardGuidedFix.js';
import { fixAppliedView } from './wizardFixApplied.js';

/** @import { ApplyFixResult } from '../apiTypes.js' */
/** @import { Child, OutcomeStep, WizardFlow } from '../types.js' */

/**
 * Where the diagnosis ends: a fix to apply (or the guided one), no fix from Microsoft Entra ID (Close),
 * closed, no questions for this error type, fix applied (Undo), resolved. `extra`: Apply Fix's answer,
 * when the fix was applied in this visit.
 * @param {WizardFlow} flow
 * @param {OutcomeStep} o
 * @param {HTMLHeadingElement} title
 * @param {ApplyFixResult | null} extra
 * @returns {Child[]}
 */
export function outcomeView(flow, o, title, extra) {
  const { ctx, id } = flow;
  const message = h('div', { class: 'form__message' });
  const learnMore = o.learnMore?.url
    ? h('p', null, externalLink(o.learnMore.text || 'Learn more', o.learnMore.url))
    : null;
  const back = flow.backTarget(o)
    ? h(
        'button',
        { type: 'button', class: 'button button--secondary', onclick: () => flow.goBack(o) },
        'Back',
      )
    : null;
  const toError = h('a', { class: 'button button--secondary', href: flow.errorHref }, 'Back to the error');
  const statusLine = h(
    'p',
    { class: 'wizard__status' },
    'Diagnose status: ',
    statusBadge(o.outcome === 'resolved' ? 'Resolved' : o.diagnoseStatus),
  );

  // ExistingAdminRoleConflict: the service does Microsoft's four steps itself (guidance.guidedFix).
  if (isAdminRoleFix(o)) return adminRoleFixView(flow, o, title, { message, statusLine, toError });

  switch (o.outcome) {
    case 'fixAvailable':
      return fixAvailableView(flow, o, title, { message, statusLine, back, toError });
    case 'closedFixOnPremises':
    case 'closedNotSameUser': {
      title.textContent = 'No fix available from Microsoft Entra ID';
      const close = h('button', { type: 'button', class: 'button', dataset: { action: 'close' } }, 'Close');
      close.addEventListener('click', () =>
        withBusy(close, 'Closing…', async () => {
          message.replaceChildren();
          try {
            const result = await ctx.api.close(id);
            flow.show(result.diagnosis ?? (await ctx.api.getDiagnosis(id)));
            ctx.announce('Diagnosis closed: Manual Fix Required.');
          } catch (failure) {
            message.replaceChildren(problemNotice(failure, 'The diagnosis could not be closed.'));
          }
        }),
      );
      return [
        title,
        h('p', null, o.message),
        learnMore,
        h(
          'p',
          { class: 'muted' },
          'Closing sets the diagnose status to Manual Fix Required until the next sync cycle.',
        ),
        statusLine,
        h('div', { class: 'commandbar' }, close, back, toError),
        message,
      ];
    }
    case 'closed':
      title.textContent = 'Diagnosis closed';
      return [
        title,
        statusLine,
        h('p', null, o.message),
        learnMore,
        h(
          'div',
          { class: 'commandbar' },
          toError,
          ctx.cycleButton('Run sync cycle', 'button button--secondary'),
        ),
      ];
    case 'notApplicable':
      // No questions for this error: the service's reason, then its type's guidance and evidence.
      title.textContent = o.guidance
        ? `No diagnosis questions for this error: ${o.guidance.errorType}`
        : 'No diagnosis for this error';
      return [
        title,
        statusLine,
        o.guidance && o.guidance.category !== 'DuplicateAttribute'
          ? null
          : h('p', { dataset: { testid: 'not-applicable-reason' } }, o.message),
        o.guidance
          ? guidanceSection(o.guidance, { headingLevel: 'h3', idPrefix: 'wizard-guidance' })
          : learnMore,
        o.guidance
          ? h(
              'section',
              { class: 'evidence', 'aria-labelledby': 'evidence-title' },
              h('h3', { id: 'evidence-title' }, 'Evidence'),
              guidanceObjects(
                o.guidance,
                o.guidance.existing ? 'The two objects side by side' : 'The object this error is about',
              ),
            )
          : null,
        h('div', { class: 'commandbar' }, toError),
      ];
    case 'fixApplied':
      return fixAppliedView(flow, o, title, extra, { message, statusLine, toError });
    case 'resolved':
      title.textContent = 'Resolved';
      return [
        title,
        statusLine,
        // Its own sentence, so that the time reads like every other date here (dom.js formatDate).
        o.resolvedAt
          ? h(
              'p',
              { dataset: { testid: 'resolved-at' } },
              'The sync error was resolved by the sync cycle at ',
              time(o.resolvedAt),
              '.',
            )
          : h('p', null, o.message),
        h('div', { class: 'commandbar' }, h('a', { class: 'button', href: '#/errors' }, 'Back to the list')),
      ];
    default:
      // An outcome this portal does not know (a newer service): its message, as the service words it.
      title.textContent = 'Diagnosis';
      return [
        title,
        statusLine,
        h('p', null, /** @type {{ message?: string }} */ (o).message ?? ''),
        h('div', { class: 'commandbar' }, toError),
      ];
  }
}
