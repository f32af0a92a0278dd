// @ts-check
import { definitionList, h, orDash, problemNotice, value, withBusy } from '../dom.js';
import { guidanceObjects, guidanceSection, rolesText } from './guidance.js';
import { askToConfirm } from './wizardConfirm.js';
import { appendFixGuidance } from './wizardFix.js';

/** @import { GuidanceObject, OutcomeStep, WizardFlow } from '../types.js' */
/** @import { OutcomeParts } from './wizardFix.js' */

/**
 * An error whose remedy the service does itself, not yet applied: the guided fix can be offered.
 * @param {OutcomeStep} o
 */
export function isAdminRoleFix(o) {
  return (
    o.guidance?.errorType === 'ExistingAdminRoleConflict' &&
    Boolean(o.guidance.guidedFix) &&
    (o.outcome === 'notApplicable' || o.outcome === 'fixAvailable')
  );
}

/**
 * The guided fix of an ExistingAdminRoleConflict: the guidance and both objects, then Apply Fix,
 * which asks first, naming the roles it removes (given back by the next cycle) and the quarantined
 * object it deletes permanently.
 * @param {WizardFlow} flow
 * @param {OutcomeStep} o
 * @param {HTMLHeadingElement} title
 * @param {Omit<OutcomeParts, 'back'>} parts
 */
export function adminRoleFixView(flow, o, title, { message, statusLine, toError }) {
  const { ctx, id } = flow;
  const g = o.guidance;
  /** @type {Partial<GuidanceObject>} */
  const admin = g.existing ?? {};
  /** @type {Partial<GuidanceObject>} */
  const quarantined = g.conflicting ?? {};
  title.textContent = 'Guided fix available: existing admin role conflict';
  const apply = h(
    'button',
    { type: 'button', class: 'button', dataset: { action: 'apply-fix' } },
    'Apply Fix',
  );
  const commands = h('div', { class: 'commandbar' }, apply, toError);
  const confirmation = h('div', { hidden: true });
  const closeConfirmation = () => {
    confirmation.hidden = true;
    confirmation.replaceChildren();
    commands.hidden = false;
  };
  apply.addEventListener('click', () => {
    message.replaceChildren();
    askToConfirm({
      confirmation,
      commands,
      apply,
      close: closeConfirmation,
      title: 'Apply the guided fix?',
      onConfirm: (confirm) =>
        withBusy(confirm, 'Applying the fix…', async () => {
          try {
            const result = await ctx.api.applyFix(id);
            flow.show(await ctx.api.getDiagnosis(id), { extra: result });
            ctx.announce('The fix was applied. The error is Pending Sync.');
          } catch (failure) {
            closeConfirmation();
            const box = problemNotice(failure, 'The fix was not applied.');
            box.dataset.testid = 'fix-refused';
            appendFixGuidance(box, failure);
            message.replaceChildren(box);
          }
        }),
      body: [
        definitionList([
          ['Roles removed from', value(orDash(admin.userPrincipalName ?? admin.displayName))],
          ['Roles (given back by the next sync cycle)', rolesText(admin)],
          [
            'Quarantined object deleted permanently',
            h('span', { class: 'mono' }, orDash(quarantined.objectId)),
          ],
          ['Its cloud UPN (now)', value(orDash(quarantined.cloudUserPrincipalName))],
        ]),
        h('p', null, 'Only Undo, before the next sync cycle, brings the object and the roles back.'),
      ],
    });
  });
  return [
    title,
    statusLine,
    guidanceSection(g, { headingLevel: 'h3', idPrefix: 'wizard-guidance' }),
    h(
      'section',
      { class: 'evidence', 'aria-labelledby': 'evidence-title' },
      h('h3', { id: 'evidence-title' }, 'Evidence'),
      guidanceObjects(g, 'The two objects side by side'),
    ),
    commands,
    confirmation,
    message,
  ];
}
