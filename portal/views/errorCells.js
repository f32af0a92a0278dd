// @ts-check
import { h, value } from '../dom.js';

/** @import { SyncErrorObject } from '../apiTypes.js' */

/**
 * One side of an error in a table cell (the error list, the dry run): its name, UPN or type, and
 * whether it is soft-deleted.
 * @param {SyncErrorObject | null | undefined} object
 */
export function objectCell(object) {
  // An error about one object alone (IdentityDataValidationFailed, LargeObject) has no existing object.
  if (!object) return h('span', { class: 'muted' }, 'none (one object alone)');
  return h(
    'span',
    { class: 'object-cell' },
    h('span', { class: 'object-cell__name' }, object.displayName ?? '(no display name)'),
    value(object.userPrincipalName ?? object.objectType ?? '', 'object-cell__upn'),
    object.softDeleted ? h('span', { class: 'pill pill--warn' }, 'soft-deleted') : null,
  );
}
