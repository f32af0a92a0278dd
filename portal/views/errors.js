import { loadDemo } from '../demo.js';
import {
  breakable,
  h,
  notice,
  problemNotice,
  replace,
  saveFile,
  spinner,
  STATUS_LABELS,
  statusBadge,
  time,
  value,
  withBusy,
} from '../dom.js';
import { CATEGORIES, CATEGORY_LABELS } from './guidance.js';

/** The attributes with a tile; the filter also offers SourceAnchor (InvalidHardMatch). */
export const ATTRIBUTES = [
  'UserPrincipalName',
  'ProxyAddresses',
  'SipProxyAddress',
  'OnPremiseSecurityIdentifier',
];
const FILTER_ATTRIBUTES = [...ATTRIBUTES, 'SourceAnchor'];
/** The duplicate-attribute types have tiles of their own; the filter offers every type. */
const DUPLICATE_TYPES = ['QuarantinedAttributeValueMustBeUnique', 'AttributeValueMustBeUnique'];
export const ERROR_TYPES = [
  ...DUPLICATE_TYPES,
  'ObjectTypeMismatch',
  'ExistingAdminRoleConflict',
  'InvalidHardMatch',
  'IdentityDataValidationFailed',
  'LargeObject',
];
const CATEGORY_VALUES = CATEGORIES.map(([category]) => category);
const STATUSES = ['NotStarted', 'ManualFixRequired', 'PendingSync'];
const PAGE_SIZES = [10, 25, 50, 100];
/** Tiles count at most this many errors (5 pages of 999); past it they say "5000+". */
const COUNT_LIMIT = 5000;

const pick = (value, allowed) => (allowed.includes(value) ? value : '');

/** The error list: tiles with counts, filters, search, paging, status badges, CSV export. */
export async function renderErrorList(ctx, container, query) {
  const filters = {
    category: pick(query.get('category'), CATEGORY_VALUES),
    attribute: pick(query.get('attribute'), FILTER_ATTRIBUTES),
    errorType: pick(query.get('errorType'), ERROR_TYPES),
    diagnoseStatus: pick(query.get('diagnoseStatus'), STATUSES),
    search: (query.get('search') ?? '').slice(0, 256),
    state: query.get('state') === 'resolved' ? 'resolved' : 'open',
  };
  let top = PAGE_SIZES.includes(Number(query.get('top'))) ? Number(query.get('top')) : 25;
  let tokens = [undefined];
  let page = 0;

  // ---- header and commands
  const csvButton = h('button', { type: 'button', class: 'button button--secondary' }, 'Download CSV');
  const refreshButton = h('button', { type: 'button', class: 'button button--secondary' }, 'Refresh');
  const demoButton = ctx.isDev
    ? h(
        'button',
        { type: 'button', class: 'button button--secondary', dataset: { action: 'load-demo' } },
        'Load demo data',
      )
    : null;
  const commandMessage = h('div', { class: 'commandbar__message' });
  container.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, 'Sync errors'),
      h(
        'p',
        { class: 'lead' },
        'Sync errors between your on-premises Active Directory and Microsoft Entra ID: duplicated attributes, data mismatches, data validation failures and large objects. Open an error to see its objects, what it means and what to do.',
      ),
    ),
    h('div', { class: 'commandbar' }, ctx.cycleButton(), refreshButton, csvButton, demoButton),
    commandMessage,
  );

  // ---- tiles
  const tileButtons = new Map();
  const tile = (kind, value, label = value) => {
    const count = h('span', { class: 'tile__count' }, '…');
    const button = h(
      'button',
      {
        type: 'button',
        class: 'tile',
        'aria-pressed': String(filters[kind] === value),
        dataset: { tile: value },
      },
      h('span', { class: 'tile__label' }, breakable(label)),
      count,
    );
    button.addEventListener('click', () => {
      filters[kind] = filters[kind] === value ? '' : value;
      syncControls();
      applyFilters();
    });
    tileButtons.set(`${kind}:${value}`, { button, count, kind, value });
    return button;
  };
  const totalLine = h('p', { class: 'tiles__total' }, spinner('Counting errors…'));
  container.append(
    h(
      'section',
      { class: 'tiles', 'aria-labelledby': 'tiles-title' },
      h(
        'h2',
        { id: 'tiles-title', class: 'visually-hidden' },
        'Errors by category, attribute and error type',
      ),
      h(
        'div',
        {
          class: 'tiles__group tiles__group--categories',
          role: 'group',
          'aria-labelledby': 'tiles-category',
        },
        h('h3', { id: 'tiles-category', class: 'tiles__heading' }, 'Category'),
        h(
          'div',
          { class: 'tiles__row tiles__row--categories' },
          CATEGORIES.map(([category, label]) => tile('category', category, label)),
        ),
      ),
      h(
        'div',
        { class: 'tiles__group', role: 'group', 'aria-labelledby': 'tiles-attr' },
        h('h3', { id: 'tiles-attr', class: 'tiles__heading' }, 'Attribute'),
        h(
          'div',
          { class: 'tiles__row' },
          ATTRIBUTES.map((a) => tile('attribute', a)),
        ),
      ),
      h(
        'div',
        { class: 'tiles__group', role: 'group', 'aria-labelledby': 'tiles-type' },
        h('h3', { id: 'tiles-type', class: 'tiles__heading' }, 'Duplicate attribute error type'),
        h(
          'div',
          { class: 'tiles__row tiles__row--types' },
          DUPLICATE_TYPES.map((t) => tile('errorType', t)),
        ),
      ),
      totalLine,
    ),
  );

  // ---- filters
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
      ...CATEGORIES.map(([category, label]) => [category, label]),
    ]),
    select('filter-attribute', 'Attribute', 'attribute', [
      ['', 'All attributes'],
      ...FILTER_ATTRIBUTES.map((a) => [a, a]),
    ]),
    select('filter-errorType', 'Error type', 'errorType', [
      ['', 'All error types'],
      ...ERROR_TYPES.map((t) => [t, t]),
    ]),
    select('filter-diagnoseStatus', 'Diagnose status', 'diagnoseStatus', [
      ['', 'All statuses'],
      ...STATUSES.map((s) => [s, STATUS_LABELS[s]]),
    ]),
    select('filter-state', 'Show', 'state', [
      ['open', 'Open errors'],
      ['resolved', 'Resolved (history)'],
    ]),
    h(
      'button',
      { type: 'button', class: 'button button--subtle filters__clear', onclick: () => clearFilters() },
      'Clear filters',
    ),
  );
  const selects = {
    category: form.querySelector('#filter-category'),
    attribute: form.querySelector('#filter-attribute'),
    errorType: form.querySelector('#filter-errorType'),
    diagnoseStatus: form.querySelector('#filter-diagnoseStatus'),
    state: form.querySelector('#filter-state'),
  };
  for (const [key, el] of Object.entries(selects)) {
    el.addEventListener('change', () => {
      filters[key] = el.value;
      if (key === 'state') refreshCounts();
      else syncControls();
      applyFilters();
    });
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters.search = searchInput.value.trim();
    applyFilters();
  });
  let searchTimer;
  searchInput.addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => {
      if (searchInput.value.trim() !== filters.search) {
        filters.search = searchInput.value.trim();
        applyFilters();
      }
    }, 400);
  });
  container.append(form);

  // ---- results
  const resultStatus = h('p', { class: 'results__status', role: 'status', 'aria-live': 'polite' });
  const tableHolder = h('div', { class: 'results__table', 'aria-busy': 'true' });
  const prevButton = h('button', { type: 'button', class: 'button button--secondary' }, 'Previous page');
  const nextButton = h('button', { type: 'button', class: 'button button--secondary' }, 'Next page');
  const pageLabel = h('span', { class: 'pager__page' });
  const sizeSelect = h(
    'select',
    { id: 'page-size', class: 'input input--small' },
    PAGE_SIZES.map((n) => h('option', { value: String(n) }, String(n))),
  );
  sizeSelect.value = String(top);
  sizeSelect.addEventListener('change', () => {
    top = Number(sizeSelect.value);
    applyFilters();
  });
  prevButton.addEventListener('click', () => {
    if (page > 0) {
      page -= 1;
      loadPage();
    }
  });
  nextButton.addEventListener('click', () => {
    if (tokens[page + 1]) {
      page += 1;
      loadPage();
    }
  });
  container.append(
    h(
      'section',
      { class: 'results', 'aria-labelledby': 'results-title' },
      h('h2', { id: 'results-title', class: 'visually-hidden' }, 'Errors'),
      resultStatus,
      tableHolder,
      h(
        'nav',
        { class: 'pager', 'aria-label': 'Pages' },
        h('span', { class: 'pager__size' }, h('label', { for: 'page-size' }, 'Rows per page'), sizeSelect),
        prevButton,
        pageLabel,
        nextButton,
      ),
    ),
  );

  // ---- behaviour
  function syncControls() {
    for (const [key, el] of Object.entries(selects)) el.value = filters[key];
    searchInput.value = filters.search;
    for (const { button, kind, value } of tileButtons.values()) {
      button.setAttribute('aria-pressed', String(filters[kind] === value));
    }
  }

  function listQuery() {
    return {
      category: filters.category || undefined,
      attribute: filters.attribute || undefined,
      errorType: filters.errorType || undefined,
      diagnoseStatus: filters.diagnoseStatus || undefined,
      search: filters.search || undefined,
      state: filters.state,
    };
  }

  function applyFilters() {
    tokens = [undefined];
    page = 0;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(listQuery())) {
      if (value && !(key === 'state' && value === 'open')) params.set(key, value);
    }
    if (top !== 25) params.set('top', String(top));
    const search = params.toString();
    window.history.replaceState(null, '', `#/errors${search ? `?${search}` : ''}`);
    loadPage();
  }

  function clearFilters() {
    Object.assign(filters, { category: '', attribute: '', errorType: '', diagnoseStatus: '', search: '' });
    syncControls();
    applyFilters();
    searchInput.focus();
  }

  let loadSeq = 0;
  async function loadPage() {
    const seq = ++loadSeq;
    tableHolder.setAttribute('aria-busy', 'true');
    prevButton.disabled = true;
    nextButton.disabled = true;
    if (!tableHolder.firstChild) tableHolder.append(spinner('Loading errors…'));
    try {
      const result = await ctx.api.listSyncErrors({ ...listQuery(), top, continuationToken: tokens[page] });
      if (seq !== loadSeq) return;
      tokens[page + 1] = result.continuationToken ?? undefined;
      renderRows(result.value);
      const first = page * top + 1;
      const last = page * top + result.value.length;
      resultStatus.textContent =
        result.value.length === 0
          ? ''
          : `Showing ${first}–${last}${result.continuationToken ? ' (more on the next page)' : ''}.`;
      pageLabel.textContent = `Page ${page + 1}`;
      prevButton.disabled = page === 0;
      nextButton.disabled = !result.continuationToken;
    } catch (error) {
      if (seq !== loadSeq) return;
      replace(tableHolder, problemNotice(error, 'The sync errors could not be loaded.'));
      resultStatus.textContent = '';
    } finally {
      if (seq === loadSeq) tableHolder.setAttribute('aria-busy', 'false');
    }
  }

  function renderRows(errors) {
    if (errors.length === 0) {
      const filtered =
        filters.category ||
        filters.attribute ||
        filters.errorType ||
        filters.diagnoseStatus ||
        filters.search;
      replace(
        tableHolder,
        h(
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
          !filtered && filters.state === 'open' && ctx.isDev
            ? h(
                'p',
                null,
                'Use "Load demo data" to load the two scenarios of the diagnosis guide into this tenant.',
              )
            : null,
        ),
      );
      return;
    }
    const resolved = filters.state === 'resolved';
    const headers = [
      'Value',
      'Attribute',
      'Error type',
      'Existing object',
      'Conflicting object',
      'Diagnose status',
      resolved ? 'Resolved' : 'Detected',
    ];
    replace(
      tableHolder,
      h(
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
              h(
                'td',
                { dataset: { label: 'Value' }, class: 'cell--value' },
                h('a', { href: `#/errors/${encodeURIComponent(error.id)}` }, value(error.value)),
              ),
              h('td', { dataset: { label: 'Attribute' } }, breakable(error.attribute)),
              h(
                'td',
                { dataset: { label: 'Error type' }, class: 'cell--type' },
                breakable(error.errorType),
                error.category
                  ? h('span', { class: 'cell__category' }, CATEGORY_LABELS[error.category] ?? error.category)
                  : null,
              ),
              h('td', { dataset: { label: 'Existing object' } }, objectCell(error.existingObject)),
              h('td', { dataset: { label: 'Conflicting object' } }, objectCell(error.conflictingObject)),
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
      ),
    );
  }

  async function refreshCounts() {
    replace(totalLine, spinner('Counting errors…'));
    try {
      const { items, truncated } = await ctx.api.allSyncErrors({ state: filters.state }, COUNT_LIMIT);
      const plus = truncated ? '+' : '';
      for (const { count, kind, value } of tileButtons.values()) {
        count.textContent = `${items.filter((e) => e[kind] === value).length}${plus}`;
      }
      totalLine.textContent = `${items.length}${plus} ${filters.state === 'open' ? 'open' : 'resolved'} ${
        items.length === 1 && !truncated ? 'error' : 'errors'
      } in this tenant.`;
    } catch (error) {
      for (const { count } of tileButtons.values()) count.textContent = '–';
      replace(totalLine, error?.status === 403 ? '' : 'The counts could not be loaded.');
    }
  }

  // ---- commands
  refreshButton.addEventListener('click', () =>
    withBusy(refreshButton, 'Refreshing…', () => Promise.all([refreshCounts(), loadPage()])),
  );
  csvButton.addEventListener('click', () =>
    withBusy(csvButton, 'Exporting…', async () => {
      commandMessage.replaceChildren();
      try {
        const { blob, filename } = await ctx.api.exportSyncErrorsCsv(listQuery());
        saveFile(blob, filename);
        ctx.announce(`Downloaded ${filename}.`);
      } catch (error) {
        commandMessage.replaceChildren(problemNotice(error, 'The CSV export failed.'));
      }
    }),
  );
  demoButton?.addEventListener('click', async () => {
    commandMessage.replaceChildren();
    demoButton.disabled = true;
    const summary = await ctx.runCycle({
      run: (progress) => loadDemo(ctx.api, progress),
      label: 'Loading demo data',
    });
    demoButton.disabled = false;
    if (summary) ctx.announce('Demo data loaded.');
  });

  syncControls();
  await Promise.all([refreshCounts(), loadPage()]);
  if (ctx.session?.role === 'SyncAgent' || ctx.session?.role === 'None') {
    commandMessage.replaceChildren(
      notice(
        'warning',
        null,
        h(
          'p',
          null,
          'Your role cannot read or fix sync errors: the service refuses these requests with 403.',
        ),
      ),
    );
  }
}

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
