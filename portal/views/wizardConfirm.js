// @ts-check
import { h, replace } from '../dom.js';

/** @import { Child } from '../types.js' */

/**
 * The confirmation step of a fix, shown in `confirmation` in place of `commands`: a heading, what the
 * fix will do (`body`), Confirm (given to `onConfirm`) and Cancel, which gives focus back to `apply`.
 * @param {{ confirmation: HTMLElement, commands: HTMLElement, apply: HTMLButtonElement, close: () => void, title: string, body: Child[], onConfirm: (confirm: HTMLButtonElement) => unknown }} options
 */
export function askToConfirm({ confirmation, commands, apply, close, title, body, onConfirm }) {
  const cancel = h(
    'button',
    { type: 'button', class: 'button button--secondary', dataset: { action: 'cancel-fix' } },
    'Cancel',
  );
  const confirm = h(
    'button',
    { type: 'button', class: 'button', dataset: { action: 'confirm-fix' } },
    'Confirm',
  );
  cancel.addEventListener('click', () => {
    close();
    apply.focus();
  });
  confirm.addEventListener('click', () => onConfirm(confirm));
  const heading = h('h3', { id: 'confirm-fix-title', class: 'confirm__title', tabindex: '-1' }, title);
  replace(
    confirmation,
    h(
      'section',
      {
        class: 'confirm',
        role: 'group',
        'aria-labelledby': 'confirm-fix-title',
        dataset: { testid: 'confirm-fix' },
      },
      heading,
      ...body,
      h('div', { class: 'commandbar' }, confirm, cancel),
    ),
  );
  confirmation.hidden = false;
  commands.hidden = true;
  heading.focus();
}
