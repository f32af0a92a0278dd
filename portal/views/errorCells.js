// @ts-check
import { breakable, h, value } from '../dom.js';
import { categoryLabel } from './guidance.js';

/** @import { SyncError, SyncErrorObject } from '../apiTypes.js' */

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

/** The headers of the cells below, in their order. */
export const ERROR_CELL_HEADERS = [
  'Value',
  'Attribute',
  'Error type',
  'Existing object',
  'Conflicting object',
];

/**
 * The cells every table of errors starts with (the error list, the dry run): the value, linked to
 * the error's page when it exists, its attribute, its type and category, and both objects.
 * @param {Pick<SyncError, 'id' | 'value' | 'attribute' | 'errorType' | 'category' | 'existingObject' | 'conflictingObject'>} error
 * @param {boolean} linked
 */
export function errorCells(error, linked) {
  return [
    h(
      'td',
      { dataset: { label: 'Value' }, class: 'cell--value' },
      linked
        ? h('a', { href: `#/errors/${encodeURIComponent(error.id)}` }, value(error.value))
        : value(error.value),
    ),
    h('td', { dataset: { label: 'Attribute' } }, breakable(error.attribute)),
    h(
      'td',
      { dataset: { label: 'Error type' }, class: 'cell--type' },
      breakable(error.errorType),
      error.category ? h('span', { class: 'cell__category' }, categoryLabel(error.category)) : null,
    ),
    h('td', { dataset: { label: 'Existing object' } }, objectCell(error.existingObject)),
    h('td', { dataset: { label: 'Conflicting object' } }, objectCell(error.conflictingObject)),
  ];
}
