// @ts-check
import { h, isRefusal, notice, problemNotice, withBusy } from '../dom.js';

/** @import { ApplyFixResult } from '../apiTypes.js' */
/** @import { OutcomeStep, WizardFlow } from '../types.js' */

/**
 * "Fix applied": what the fix did (`extra`, Apply Fix's answer, when it was applied in this visit),
 * that the next sync cycle finishes it and ends the chance to undo, and Undo.
 * @param {WizardFlow} flow
 * @param {OutcomeStep} o
 * @param {HTMLHeadingElement} title
 * @param {ApplyFixResult | null} extra
 * @param {{ message: HTMLElement, statusLine: HTMLElement, toError: HTMLAnchorElement }} parts
 */
export function fixAppliedView(flow, o, title, extra, { message, statusLine, toError }) {
  const { ctx, id } = flow;
  title.textContent = 'Fix applied';
  const adminRole = o.guidance?.errorType === 'ExistingAdminRoleConflict';
  const siblings = (extra?.pendingSyncErrorIds ?? []).filter((e) => e !== id);
  const eventId = extra?.auditEventId;
  // Applied in this visit: Undo here. Otherwise the audit trail has it (and says whether it still can).
  const undo = eventId
    ? undoButton(flow, eventId, message)
    : h('a', { class: 'button button--secondary', href: '#/audit' }, 'Audit trail (undo)');
  return [
    title,
    statusLine,
    h('p', null, o.message),
    extra
      ? notice(
          'success',
          adminRole
            ? 'The admin roles were removed and the quarantined object deleted.'
            : 'The source anchor was moved.',
          h(
            'p',
            null,
            extra.deletedObjectId
              ? `The conflicting object ${extra.deletedObjectId} was deleted permanently. `
              : '',
            siblings.length
              ? `${siblings.length} other error${siblings.length === 1 ? '' : 's'} of the same object moved to Pending Sync too.`
              : '',
          ),
        )
      : null,
    h(
      'p',
      { class: 'muted' },
      adminRole
        ? 'The next sync cycle soft matches the on-premises user to the cloud user, gives its roles back and clears the error.'
        : 'The next sync cycle matches the on-premises object to the existing object and clears the error.',
    ),
    notice(
      'warning',
      'Undo ends with the next sync cycle',
      h(
        'p',
        { dataset: { testid: 'undo-window' } },
        'You can undo this fix until the next sync cycle runs. The next sync cycle ends the chance to undo: after it, the fix stays.',
      ),
    ),
    h('div', { class: 'commandbar' }, ctx.cycleButton(), undo, toError),
    message,
  ];
}

/**
 * Undo of the fix just applied; refused, it goes (the service will not undo it now) and its message stays.
 * @param {WizardFlow} flow
 * @param {string} eventId the applyFix audit event
 * @param {HTMLElement} message
 */
function undoButton(flow, eventId, message) {
  const { ctx, id } = flow;
  const undo = h(
    'button',
    { type: 'button', class: 'button button--secondary', dataset: { action: 'undo' } },
    'Undo fix',
  );
  undo.addEventListener('click', () =>
    withBusy(undo, 'Undoing…', async () => {
      message.replaceChildren();
      try {
        await ctx.api.undo(eventId);
        flow.show(await ctx.api.getDiagnosis(id));
        ctx.announce('The fix was undone.');
      } catch (failure) {
        message.replaceChildren(problemNotice(failure, 'The fix could not be undone.'));
        // Refused: the service will not undo it now, so the button goes; its message stays.
        if (isRefusal(failure)) undo.hidden = true;
      }
    }),
  );
  return undo;
}
