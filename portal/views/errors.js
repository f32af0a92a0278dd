// @ts-check
import { apiEnums } from '../apiEnums.js';
import { loadDemo } from '../demo.js';
import { h, notice, problemNotice, replace, saveFile, spinner, statusOf, withBusy } from '../dom.js';
import { errorFilterForm, filtersOf } from './errorFilters.js';
import { errorPager, PAGE_SIZES } from './errorPager.js';
import { errorTable, noErrors } from './errorTable.js';
import { errorTiles } from './errorTiles.js';

/** @import { Ctx } from '../types.js' */

/** Tiles count at most this many errors (5 pages of 999); past it they say "5000+". */
const COUNT_LIMIT = 5000;

/**
 * The error list: tiles with counts, filters, search, paging, status badges, CSV export. The filters'
 * values (categories, attributes, types, statuses) are the service's, from its OpenAPI document.
 * @param {Ctx} ctx
 * @param {HTMLElement} container
 * @param {URLSearchParams} query
 */
export async function renderErrorList(ctx, container, query) {
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

  const enums = await apiEnums(ctx.api);
  const filters = filtersOf(query, enums);
  const topAsked = Number(query.get('top'));
  let top = PAGE_SIZES.includes(topAsked) ? topAsked : 25;
  /** The continuation token of each page seen, page 0's undefined. @type {(string | undefined)[]} */
  let tokens = [undefined];
  let page = 0;

  // ---- tiles, filters, results
  const tiles = errorTiles({
    filters,
    enums,
    onChange: () => {
      syncControls();
      applyFilters();
    },
  });
  const filterForm = errorFilterForm({
    filters,
    enums,
    onChange: (key) => {
      if (key === 'state') refreshCounts();
      else if (key !== 'search') syncControls();
      applyFilters();
    },
    onClear: () => clearFilters(),
  });
  const resultStatus = h('p', { class: 'results__status', role: 'status', 'aria-live': 'polite' });
  const tableHolder = h('div', { class: 'results__table', 'aria-busy': 'true' });
  const pager = errorPager({
    top,
    onSize: (size) => {
      top = size;
      applyFilters();
    },
    onPrevious: () => {
      if (page > 0) {
        page -= 1;
        loadPage();
      }
    },
    onNext: () => {
      if (tokens[page + 1]) {
        page += 1;
        loadPage();
      }
    },
  });
  container.append(
    tiles.section,
    filterForm.form,
    h(
      'section',
      { class: 'results', 'aria-labelledby': 'results-title' },
      h('h2', { id: 'results-title', class: 'visually-hidden' }, 'Errors'),
      resultStatus,
      tableHolder,
      pager.nav,
    ),
  );

  // ---- behaviour
  function syncControls() {
    filterForm.sync();
    tiles.sync();
  }

  /** The filters as the list and CSV routes take them. */
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
    filterForm.searchInput.focus();
  }

  let loadSeq = 0;
  async function loadPage() {
    const seq = ++loadSeq;
    tableHolder.setAttribute('aria-busy', 'true');
    pager.busy();
    if (!tableHolder.firstChild) tableHolder.append(spinner('Loading errors…'));
    try {
      const result = await ctx.api.listSyncErrors({ ...listQuery(), top, continuationToken: tokens[page] });
      if (seq !== loadSeq) return;
      tokens[page + 1] = result.continuationToken ?? undefined;
      replace(
        tableHolder,
        result.value.length === 0
          ? noErrors(filters, ctx.isDev)
          : errorTable(result.value, filters.state === 'resolved'),
      );
      const first = page * top + 1;
      const last = page * top + result.value.length;
      resultStatus.textContent =
        result.value.length === 0
          ? ''
          : `Showing ${first}–${last}${result.continuationToken ? ' (more on the next page)' : ''}.`;
      pager.show(page, Boolean(result.continuationToken));
    } catch (error) {
      if (seq !== loadSeq) return;
      replace(tableHolder, problemNotice(error, 'The sync errors could not be loaded.'));
      resultStatus.textContent = '';
    } finally {
      if (seq === loadSeq) tableHolder.setAttribute('aria-busy', 'false');
    }
  }

  async function refreshCounts() {
    tiles.counting();
    try {
      const { items, truncated } = await ctx.api.allSyncErrors({ state: filters.state }, COUNT_LIMIT);
      tiles.show(items, truncated);
    } catch (error) {
      tiles.failed(statusOf(error) === 403);
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
