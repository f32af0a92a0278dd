// @ts-check
import { h, statusBadge, time } from '../dom.js';
import { ERROR_CELL_HEADERS, errorCells } from './errorCells.js';

/** @import { SyncError } from '../apiTypes.js' */
/** @import { ErrorFilters } from './errorFilters.js' */

/**
 * A page of errors as a table (one card per row on a phone); `resolved`: the history, with the time
 * each was resolved.
 * @param {SyncError[]} errors
 * @param {boolean} resolved
 */
export function errorTable(errors, resolved) {
  const headers = [...ERROR_CELL_HEADERS, 'Diagnose status', resolved ? 'Resolved' : 'Detected'];
  return h(
    'table',
    { class: 'table table--stack errors-table', dataset: { testid: 'error-table' } },
    h('caption', { class: 'visually-hidden' }, resolved ? 'Resolved sync errors' : 'Open sync errors'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map((text) => h('th', { scope: 'col' }, text)),
      ),
    ),
    h(
      'tbody',
      null,
      errors.map((error) =>
        h(
          'tr',
          { dataset: { errorId: error.id } },
          ...errorCells(error, true),
          h(
            'td',
            { dataset: { label: 'Diagnose status' } },
            resolved ? statusBadge('Resolved') : statusBadge(error.diagnoseStatus),
          ),
          h(
            'td',
            { dataset: { label: resolved ? 'Resolved' : 'Detected' } },
            time(resolved ? error.resolvedAt : error.detectedAt),
          ),
        ),
      ),
    ),
  );
}

/**
 * What an empty page says: nothing matches the filters, or nothing is there (and, in dev mode, how
 * to load the demo's errors).
 * @param {ErrorFilters} filters
 * @param {boolean} isDev
 */
export function noErrors(filters, isDev) {
  const filtered =
    filters.category || filters.attribute || filters.errorType || filters.diagnoseStatus || filters.search;
  return h(
    'div',
    { class: 'empty' },
    h(
      'p',
      { class: 'empty__title' },
      filtered
        ? 'No sync errors match these filters.'
        : filters.state === 'open'
          ? 'No open sync errors.'
          : 'No resolved sync errors yet.',
    ),
    !filtered && filters.state === 'open' && isDev
      ? h(
          'p',
          null,
          'Use "Load demo data" to load the two scenarios of the diagnosis guide into this tenant.',
        )
      : null,
  );
}
