// @ts-check
import { definitionList, h, notice, orDash, problemCodeOf, problemNotice, value, withBusy } from '../dom.js';
import { field } from './detail.js';
import { askToConfirm } from './wizardConfirm.js';

/** @import { ProblemCode } from '../apiTypes.js' */
/** @import { OutcomeStep, WizardFlow } from '../types.js' */

/**
 * What the outcome views around a fix share: the message area, the status line, Back (when the
 * diagnosis can go back) and the link back to the error.
 * @typedef {{ message: HTMLElement, statusLine: HTMLElement, back: HTMLButtonElement | null, toError: HTMLAnchorElement }} OutcomeParts
 */

/**
 * What to do about each refusal of Apply Fix (the seed's "Failures and error messages"): the
 * service's `detail` says what happened, this what to do. Keyed by the service's problem codes, so a
 * code it renames fails the type-check.
 * @type {Partial<Record<ProblemCode, string>>}
 */
const FIX_GUIDANCE = {
  ConflictingUserSoftDeleted:
    'Delete the conflicting user permanently in Microsoft Entra ID before you retry. A soft-deleted user is also deleted permanently by itself after 30 days.',
  CloudOnlyUserNotSupported:
    'A cloud-based user should not have a source anchor, so this fix does not apply. A manual fix from on-premises is required.',
  UserWritebackEnabled:
    'Settings such as user writeback are not supported by this fix. Turn user writeback off in Settings, then retry.',
  ExistingObjectStillSynced:
    'The existing object is still synced from an on-premises object in scope: moving its source anchor would take that user’s cloud object away. Fix the duplicate on-premises.',
  SyncCycleInProgress: 'A sync cycle is running for this tenant. Retry when it has finished.',
};

/**
 * Adds what to do about a refusal of Apply Fix to its message box, when there is advice for its code.
 * @param {HTMLElement} box
 * @param {unknown} failure
 */
export function appendFixGuidance(box, failure) {
  const code = problemCodeOf(failure);
  const guidance = code && code !== 'NetworkError' ? FIX_GUIDANCE[code] : undefined;
  if (guidance) box.append(h('p', { class: 'notice__guidance' }, guidance));
}

/**
 * "Fix available": the orphaned object's fix (move the source anchor, delete the conflicting object),
 * which asks first, naming the object it deletes permanently.
 * @param {WizardFlow} flow
 * @param {Extract<OutcomeStep, { outcome: 'fixAvailable' }>} o
 * @param {HTMLHeadingElement} title
 * @param {OutcomeParts} parts
 */
export function fixAvailableView(flow, o, title, { message, statusLine, back, toError }) {
  const { ctx, id, error } = flow;
  title.textContent = 'Fix available: orphaned object';
  const fix = o.fix;
  const apply = h(
    'button',
    { type: 'button', class: 'button', dataset: { action: 'apply-fix' } },
    'Apply Fix',
  );
  const commands = h('div', { class: 'commandbar' }, apply, back, toError);
  const confirmation = h('div', { hidden: true });
  const closeConfirmation = () => {
    confirmation.hidden = true;
    confirmation.replaceChildren();
    commands.hidden = false;
  };
  /** @param {HTMLButtonElement} button */
  const applyFix = (button) =>
    withBusy(button, 'Applying the fix…', async () => {
      message.replaceChildren();
      try {
        const result = await ctx.api.applyFix(id);
        const after = await ctx.api.getDiagnosis(id);
        flow.show(after, { extra: result });
        ctx.announce('The fix was applied. The error is Pending Sync.');
      } catch (failure) {
        closeConfirmation();
        const box = problemNotice(failure, 'The fix was not applied.');
        box.dataset.testid = 'fix-refused';
        appendFixGuidance(box, failure);
        if (problemCodeOf(failure) === 'UserWritebackEnabled') {
          box.append(h('p', null, h('a', { href: '#/settings' }, 'Open the settings')));
        }
        message.replaceChildren(box);
      }
    });
  // Apply Fix first asks: it names the object the fix deletes permanently.
  apply.addEventListener('click', () => {
    message.replaceChildren();
    askToConfirm({
      confirmation,
      commands,
      apply,
      close: closeConfirmation,
      title: 'Apply the fix?',
      onConfirm: (confirm) => applyFix(confirm),
      body: [
        fix.conflictingObjectIdToDelete
          ? [
              h(
                'p',
                null,
                'This object will be deleted permanently from Microsoft Entra ID. Only Undo, before the next sync cycle, brings it back.',
              ),
              definitionList([
                ['Display name', orDash(field(error.conflictingObject, 'displayName'))],
                ['Object ID', h('span', { class: 'mono' }, fix.conflictingObjectIdToDelete)],
                ['Cloud UPN (now)', value(orDash(field(error.conflictingObject, 'cloudUserPrincipalName')))],
              ]),
            ]
          : h(
              'p',
              null,
              'No object will be deleted: the conflicting object was never provisioned in Microsoft Entra ID.',
            ),
        h(
          'p',
          null,
          'The existing object ',
          h('span', { class: 'mono' }, orDash(fix.existingObjectId)),
          ' takes the source anchor ',
          h('span', { class: 'mono' }, orDash(fix.newSourceAnchor)),
          '.',
        ),
      ],
    });
  });
  return [
    title,
    h('p', null, o.message),
    definitionList([
      [
        'Existing object (keeps its data and licenses)',
        h('span', { class: 'mono' }, orDash(fix.existingObjectId)),
      ],
      ['Its new source anchor', h('span', { class: 'mono' }, orDash(fix.newSourceAnchor))],
      [
        'Conflicting object deleted permanently',
        fix.conflictingObjectIdToDelete
          ? h('span', { class: 'mono' }, fix.conflictingObjectIdToDelete)
          : 'none (it was never provisioned)',
      ],
    ]),
    notice(
      'info',
      null,
      h(
        'p',
        null,
        'Apply Fix changes only the source anchor and deletes the conflicting object. You can undo it from the audit trail until the next sync cycle, while neither object has changed since.',
      ),
    ),
    statusLine,
    commands,
    confirmation,
    message,
  ];
}
