// @ts-check
import { breakable, h, notice, problemNotice, replace, spinner, withBusy } from '../dom.js';

/** @import { SettingsPatch, TenantSettings } from '../apiTypes.js' */
/** @import { Ctx } from '../types.js' */

/**
 * The tenant's settings (GET/PATCH /api/settings); only the changed ones are sent.
 * @param {Ctx} ctx
 * @param {HTMLElement} container
 */
export async function renderSettings(ctx, container) {
  const holder = h('div', null, spinner('Loading the settings…'));
  container.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, 'Settings'),
      h('p', { class: 'lead' }, 'How sync cycles treat this tenant.'),
    ),
    holder,
  );
  /** @type {TenantSettings} */
  let settings;
  try {
    settings = await ctx.api.getSettings();
  } catch (error) {
    replace(holder, problemNotice(error, 'The settings could not be loaded.'));
    return;
  }

  /**
   * @param {string} id
   * @param {string} label
   * @param {HTMLInputElement} input
   * @param {string} [hint]
   */
  const field = (id, label, input, hint) =>
    h(
      'div',
      { class: input.type === 'checkbox' ? 'field field--check' : 'field' },
      input.type === 'checkbox' ? input : null,
      // Graph names (blockCloudObjectTakeoverThroughHardMatchEnabled) may wrap between their words.
      h('label', { for: id }, breakable(label)),
      input.type === 'checkbox' ? null : input,
      hint ? h('p', { class: 'field__hint', id: `${id}-hint` }, hint) : null,
    );
  const domain = h('input', {
    id: 'set-domain',
    type: 'text',
    class: 'input',
    value: settings.initialDomain ?? '',
    'aria-describedby': 'set-domain-hint',
  });
  const writeback = h('input', {
    id: 'set-writeback',
    type: 'checkbox',
    checked: Boolean(settings.userWritebackEnabled),
    'aria-describedby': 'set-writeback-hint',
  });
  /**
   * @param {string} id
   * @param {boolean | undefined} checked
   */
  const checkbox = (id, checked) =>
    h('input', { id, type: 'checkbox', checked: Boolean(checked), 'aria-describedby': `${id}-hint` });
  const blockSoftMatch = checkbox('set-block-softmatch', settings.blockSoftMatchEnabled);
  const softMatchOnUpn = checkbox('set-softmatch-upn', settings.softMatchOnUpnEnabled);
  const blockTakeover = checkbox(
    'set-block-takeover',
    settings.blockCloudObjectTakeoverThroughHardMatchEnabled,
  );
  const threshold = h('input', {
    id: 'set-threshold',
    type: 'number',
    min: '1',
    step: '1',
    class: 'input input--small',
    value: settings.deletionThreshold ?? '',
    'aria-describedby': 'set-threshold-hint',
  });
  const interval = h('input', {
    id: 'set-interval',
    type: 'number',
    min: '5',
    max: '1440',
    step: '1',
    class: 'input input--small',
    value: settings.syncIntervalMinutes ?? 30,
    'aria-describedby': 'set-interval-hint',
  });
  const message = h('div', { class: 'form__message' });
  const save = h('button', { type: 'submit', class: 'button' }, 'Save');
  const form = h(
    'form',
    { class: 'form card', novalidate: true, 'aria-label': 'Tenant settings' },
    field(
      'set-domain',
      'Initial domain',
      domain,
      'Quarantined user principal names are moved to this domain.',
    ),
    field(
      'set-writeback',
      'User writeback enabled',
      writeback,
      'While it is on, Apply Fix is refused ("The fix process failed to update the values.").',
    ),
    field(
      'set-block-softmatch',
      'Block soft match (blockSoftMatchEnabled)',
      blockSoftMatch,
      'On: new on-premises objects are never joined to cloud-only objects by primary SMTP address or UPN.',
    ),
    field(
      'set-softmatch-upn',
      'Soft match on UPN (softMatchOnUpnEnabled)',
      softMatchOnUpn,
      'Try the UPN when the primary SMTP address finds no cloud object.',
    ),
    field(
      'set-block-takeover',
      'Block cloud object takeover through hard match (blockCloudObjectTakeoverThroughHardMatchEnabled)',
      blockTakeover,
      'On: a source anchor never takes over a cloud object that sync does not manage (InvalidHardMatch).',
    ),
    field(
      'set-threshold',
      'Deletion threshold',
      threshold,
      'A cycle that would delete more objects deletes none. Empty: no threshold.',
    ),
    field('set-interval', 'Sync interval (minutes)', interval, 'From 5 to 1440.'),
    save,
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = {
      initialDomain: domain.value.trim(),
      userWritebackEnabled: writeback.checked,
      blockSoftMatchEnabled: blockSoftMatch.checked,
      softMatchOnUpnEnabled: softMatchOnUpn.checked,
      blockCloudObjectTakeoverThroughHardMatchEnabled: blockTakeover.checked,
      deletionThreshold: threshold.value === '' ? null : Number(threshold.value),
      syncIntervalMinutes: Number(interval.value),
    };
    /** @type {SettingsPatch} */
    const patch = Object.fromEntries(
      Object.entries(next).filter(
        ([key, value]) => settings[/** @type {keyof TenantSettings} */ (key)] !== value,
      ),
    );
    if (Object.keys(patch).length === 0) {
      message.replaceChildren(notice('info', null, h('p', null, 'Nothing changed.')));
      return;
    }
    withBusy(save, 'Saving…', async () => {
      try {
        settings = await ctx.api.patchSettings(patch);
        message.replaceChildren(notice('success', null, h('p', null, 'Settings saved.')));
      } catch (error) {
        message.replaceChildren(problemNotice(error, 'The settings were not saved.'));
      }
    });
  });
  replace(holder, form);
}
