// @ts-check
import { h, STATUS_LABELS } from '../dom.js';
import { categoryLabel } from './guidance.js';

/** @import { Category, DiagnoseStatus, ErrorAttribute, ErrorType } from '../apiTypes.js' */
/** @import { ApiEnums } from '../apiEnums.js' */

/**
 * The error list's filters, as the URL and the list route take them ('' = any).
 * @typedef {object} ErrorFilters
 * @property {Category | ''} category
 * @property {ErrorAttribute | ''} attribute
 * @property {ErrorType | ''} errorType
 * @property {DiagnoseStatus | ''} diagnoseStatus
 * @property {string} search
 * @property {'open' | 'resolved'} state
 */

/** The filters a select sets. @typedef {'category' | 'attribute' | 'errorType' | 'diagnoseStatus' | 'state'} SelectKey */

/**
 * A value of the URL's query when the service has it, '' otherwise (a stale bookmark, a hand edit).
 * @template {string} V
 * @param {string | null} value
 * @param {readonly V[]} allowed
 * @returns {V | ''}
 */
const pick = (value, allowed) => allowed.find((v) => v === value) ?? '';

/**
 * The filters a link to the list asks for; the values it may name are the service's (`enums`).
 * @param {URLSearchParams} query
 * @param {ApiEnums} enums
 * @returns {ErrorFilters}
 */
export function filtersOf(query, enums) {
  return {
    category: pick(query.get('category'), enums.category),
    attribute: pick(query.get('attribute'), enums.attribute),
    errorType: pick(query.get('errorType'), enums.errorType),
    diagnoseStatus: pick(query.get('diagnoseStatus'), enums.diagnoseStatus),
    search: (query.get('search') ?? '').slice(0, 256),
    state: query.get('state') === 'resolved' ? 'resolved' : 'open',
  };
}

/**
 * The filter form: search, a select per filter (its options the service's values), Clear. It changes
 * `filters` and says so: `onChange(key)` after a select (`key`) or the search changed, `onClear()`.
 * @param {{ filters: ErrorFilters, enums: ApiEnums, onChange: (key: SelectKey | 'search') => void, onClear: () => void }} options
 */
export function errorFilterForm({ filters, enums, onChange, onClear }) {
  /**
   * @param {string} id
   * @param {string} label
   * @param {string} name
   * @param {[string, string][]} options
   */
  const select = (id, label, name, options) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      h(
        'select',
        { id, name, class: 'input' },
        options.map(([value, text]) => h('option', { value }, text)),
      ),
    );
  const searchInput = h('input', {
    id: 'filter-search',
    name: 'search',
    type: 'search',
    class: 'input',
    maxlength: '256',
    placeholder: 'Value, UPN or name',
    value: filters.search,
  });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter sync errors' },
    h(
      'div',
      { class: 'field field--search' },
      h('label', { for: 'filter-search' }, 'Search'),
      h(
        'div',
        { class: 'field__row' },
        searchInput,
        h('button', { type: 'submit', class: 'button button--secondary' }, 'Search'),
      ),
    ),
    select('filter-category', 'Category', 'category', [
      ['', 'All categories'],
      ...enums.category.map(
        (category) => /** @type {[string, string]} */ ([category, categoryLabel(category)]),
      ),
    ]),
    select('filter-attribute', 'Attribute', 'attribute', [
      ['', 'All attributes'],
      ...enums.attribute.map((a) => /** @type {[string, string]} */ ([a, a])),
    ]),
    select('filter-errorType', 'Error type', 'errorType', [
      ['', 'All error types'],
      ...enums.errorType.map((t) => /** @type {[string, string]} */ ([t, t])),
    ]),
    select('filter-diagnoseStatus', 'Diagnose status', 'diagnoseStatus', [
      ['', 'All statuses'],
      ...enums.diagnoseStatus.map((s) => /** @type {[string, string]} */ ([s, STATUS_LABELS[s] ?? s])),
    ]),
    select('filter-state', 'Show', 'state', [
      ['open', 'Open errors'],
      ['resolved', 'Resolved (history)'],
    ]),
    h(
      'button',
      { type: 'button', class: 'button button--subtle filters__clear', onclick: onClear },
      'Clear filters',
    ),
  );
  /** @param {string} id */
  const selectOf = (id) => /** @type {HTMLSelectElement} */ (form.querySelector(`#${id}`));
  /** @type {Record<SelectKey, HTMLSelectElement>} */
  const selects = {
    category: selectOf('filter-category'),
    attribute: selectOf('filter-attribute'),
    errorType: selectOf('filter-errorType'),
    diagnoseStatus: selectOf('filter-diagnoseStatus'),
    state: selectOf('filter-state'),
  };
  for (const [key, el] of /** @type {[SelectKey, HTMLSelectElement][]} */ (Object.entries(selects))) {
    el.addEventListener('change', () => {
      // The option values are the service's (or '', any): what the select holds is what it offered.
      Object.assign(filters, { [key]: el.value });
      onChange(key);
    });
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters.search = searchInput.value.trim();
    onChange('search');
  });
  /** @type {number | undefined} */
  let searchTimer;
  searchInput.addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => {
      if (searchInput.value.trim() !== filters.search) {
        filters.search = searchInput.value.trim();
        onChange('search');
      }
    }, 400);
  });
  return {
    form,
    searchInput,
    /** Shows `filters` in the controls (after a tile or Clear changed them). */
    sync() {
      for (const [key, el] of /** @type {[SelectKey, HTMLSelectElement][]} */ (Object.entries(selects))) {
        el.value = filters[key];
      }
      searchInput.value = filters.search;
    },
  };
}
