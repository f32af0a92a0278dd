// @ts-check
import { breakable, h, value } from '../dom.js';
import { categoryLabel } from './guidance.js';

/** @import { PreflightAction, PreflightRow, PreflightRule } from '../apiTypes.js' */

/**
 * How a table of rows is wired: the ids picked (`selected`), each rule's words by id, and what to do
 * after a checkbox changes.
 * @typedef {{ selected: Set<string>, rulesById: Map<string, PreflightRule>, onToggle: () => void }} RowOptions
 */

/**
 * Where the portal shows one object: the source object by anchor, the cloud object by id (views/objects.js).
 * @param {string} anchor
 */
export const sourceObjectHref = (anchor) => `#/objects/source/${encodeURIComponent(anchor)}`;
/** @param {string} objectId */
export const cloudObjectHref = (objectId) => `#/objects/cloud/${encodeURIComponent(objectId)}`;

/** @type {Record<PreflightAction, string>} */
const ACTION_TEXT = {
  Edit: 'Edit the value',
  Remove: 'Remove the value',
  Complete: 'Fill in the value',
};

/**
 * The preflight rows as a table (one card per row on a phone), each with a checkbox that puts its id
 * in `selected`. `rulesById` gives each rule id its description: the rule's words are the
 * service's (GET /api/preflight/rules), never written here. `onToggle` runs after a checkbox changes.
 * @param {PreflightRow[]} rows
 * @param {RowOptions} options
 */
export function preflightTable(rows, { selected, rulesById, onToggle }) {
  return h(
    'table',
    { class: 'table table--stack preflight-table', dataset: { testid: 'preflight-table' } },
    h('caption', { class: 'visually-hidden' }, 'Values that break a preflight rule'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Select')),
        ['Object', 'Attribute', 'Value', 'Rules', 'Suggested value', 'Action', 'Predicted sync error'].map(
          (text) => h('th', { scope: 'col' }, text),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((row) => rowOf(row, { selected, rulesById, onToggle })),
    ),
  );
}

/**
 * @param {PreflightRow} row
 * @param {RowOptions} options
 */
function rowOf(row, { selected, rulesById, onToggle }) {
  const checkboxId = `preflight-select-${row.id}`;
  const checkbox = h('input', {
    type: 'checkbox',
    id: checkboxId,
    class: 'preflight-select',
    checked: selected.has(row.id),
    dataset: { rowId: row.id },
  });
  checkbox.addEventListener('change', () => {
    if (checkbox.checked) selected.add(row.id);
    else selected.delete(row.id);
    onToggle();
  });
  return h(
    'tr',
    { dataset: { rowId: row.id } },
    h(
      'td',
      { dataset: { label: 'Select' }, class: 'cell--select' },
      checkbox,
      h(
        'label',
        { for: checkboxId, class: 'visually-hidden' },
        `Select ${row.attribute} ${row.value ?? '(empty)'} of ${row.distinguishedName ?? row.sourceAnchor}`,
      ),
    ),
    h('td', { dataset: { label: 'Object' } }, objectOf(row)),
    h('td', { dataset: { label: 'Attribute' }, class: 'cell--attribute' }, breakable(row.attribute)),
    h(
      'td',
      { dataset: { label: 'Value' }, class: 'cell--value' },
      row.value === null || row.value === '' ? h('span', { class: 'muted' }, '(empty)') : value(row.value),
    ),
    h(
      'td',
      { dataset: { label: 'Rules' } },
      h(
        'ul',
        { class: 'rule-list' },
        row.rules.map((id) => {
          const rule = rulesById.get(id);
          return h(
            'li',
            { dataset: { rule: id } },
            rule?.severity === 'warning' ? h('span', { class: 'pill pill--warn' }, 'warning') : null,
            // Descriptions name error types (IdentityDataValidationFailed): they break between words.
            breakable(rule ? rule.description : id),
          );
        }),
      ),
    ),
    h(
      'td',
      { dataset: { label: 'Suggested value' }, class: 'cell--suggested' },
      row.suggestedValue === null ? h('span', { class: 'muted' }, 'none') : value(row.suggestedValue),
    ),
    h('td', { dataset: { label: 'Action' } }, h('span', { class: 'preflight-action' }, actionText(row))),
    h(
      'td',
      { dataset: { label: 'Predicted sync error' }, class: 'cell--type' },
      predicted(row.predictedSyncError),
    ),
  );
}

/**
 * What to do, in words. An edit without a suggestion (a domain that does not route, say) needs the
 * admin's choice, and the LDIF leaves it out: say so.
 * @param {PreflightRow} row
 */
function actionText(row) {
  if (row.action === 'Edit' && row.suggestedValue === null) return 'Edit the value: choose one';
  return ACTION_TEXT[row.action] ?? row.action;
}

/**
 * The object: its DN (or anchor when the agent sent none), its type, a link to the object itself.
 * @param {PreflightRow} row
 */
function objectOf(row) {
  return h(
    'span',
    { class: 'object-cell' },
    h(
      'a',
      { href: sourceObjectHref(row.sourceAnchor), class: 'object-cell__name' },
      value(row.distinguishedName ?? row.sourceAnchor),
    ),
    h('span', { class: 'object-cell__upn' }, row.objectType),
  );
}

/**
 * The error the next cycle would raise for this value, and the object it would collide with.
 * @param {PreflightRow['predictedSyncError']} error
 */
function predicted(error) {
  if (!error) return h('span', { class: 'muted' }, 'none');
  const links = [];
  if (error.otherObjectId) {
    links.push(
      h(
        'a',
        { href: cloudObjectHref(error.otherObjectId), class: 'predicted__other' },
        'cloud object ',
        value(error.otherObjectId),
      ),
    );
  }
  if (error.otherSourceAnchor) {
    links.push(
      h(
        'a',
        { href: sourceObjectHref(error.otherSourceAnchor), class: 'predicted__other' },
        'source object ',
        value(error.otherSourceAnchor),
      ),
    );
  }
  return h(
    'span',
    { class: 'predicted', dataset: { testid: 'predicted-sync-error' } },
    h('span', { class: 'predicted__type' }, breakable(error.errorType)),
    error.category ? h('span', { class: 'cell__category' }, categoryLabel(error.category)) : null,
    links.length
      ? h(
          'span',
          { class: 'predicted__with' },
          'with ',
          links.flatMap((link, i) => (i === 0 ? [link] : [' and ', link])),
        )
      : null,
  );
}
