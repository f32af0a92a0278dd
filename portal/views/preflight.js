// @ts-check
import { apiEnums } from '../apiEnums.js';
import { breakable, h, notice, problemNotice, replace, saveFile, spinner, withBusy } from '../dom.js';
import { dryRunControl } from './dryRun.js';
import { preflightTable } from './preflightRows.js';

/** @import { PreflightAttribute, PreflightLdifRequest, PreflightRow, PreflightRule } from '../apiTypes.js' */
/** @import { ApiFile } from '../api.js' */
/** @import { Ctx } from '../types.js' */

const PAGE_SIZE = 100;
const MAX_LDIF_IDS = 1000;

/**
 * Preflight, IdFix's job on the source objects the service holds: the rule catalog with how many rows
 * break each rule (a rule filters the rows), filters, the rows with their suggested values and the
 * sync error each would cause, CSV, and LDIF files that fix (or undo the fix of) the selected rows or
 * every row the filters match. The rules, their words and their counts come from the service.
 * @param {Ctx} ctx
 * @param {HTMLElement} container
 * @param {URLSearchParams} query
 */
export async function renderPreflight(ctx, container, query) {
  /** @type {Set<string>} The rows picked for the LDIF, by id; kept across filters and pages until cleared. */
  const selected = new Set();
  /** @type {PreflightRule[]} */
  let rules = [];
  /** @type {Map<string, PreflightRule>} */
  let rulesById = new Map();
  /** @type {PreflightRow[]} */
  let rows = [];
  /** @type {string | undefined} */
  let token;

  // ---- header and commands
  const csvButton = h('button', { type: 'button', class: 'button button--secondary' }, 'Download CSV');
  const allFixButton = h(
    'button',
    { type: 'button', class: 'button button--secondary', dataset: { ldif: 'all-fix' } },
    'Fix LDIF, all rows',
  );
  const allUndoButton = h(
    'button',
    { type: 'button', class: 'button button--secondary', dataset: { ldif: 'all-undo' } },
    'Undo LDIF, all rows',
  );
  const dryRun = dryRunControl(ctx);
  const commandMessage = h('div', { class: 'commandbar__message' });
  container.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, 'Preflight'),
      h(
        'p',
        { class: 'lead' },
        'What in your on-premises directory will fail or collide in Microsoft Entra ID, checked against the objects already in the cloud: each value that breaks a rule, the value to put instead and the sync error it would cause. Nothing is changed on-premises: download the LDIF and apply it with ldifde -i or ldapmodify; the undo LDIF reverses it.',
      ),
    ),
    h(
      'div',
      { class: 'commandbar' },
      ctx.cycleButton(),
      dryRun.button,
      csvButton,
      allFixButton,
      allUndoButton,
    ),
    commandMessage,
    dryRun.panel,
  );

  // The attributes preflight checks, under the API's (AD's) names: the filter's values, the service's
  // (objectSid only comes with a predicted duplicate; AD writes it itself, so no LDIF changes it).
  /** @type {string[]} */
  const attributes = (await apiEnums(ctx.api)).preflightAttribute;
  const filters = {
    attribute: attributes.includes(query.get('attribute') ?? '') ? (query.get('attribute') ?? '') : '',
    rule: (query.get('rule') ?? '').slice(0, 128),
    search: (query.get('search') ?? '').slice(0, 256),
  };

  // ---- the rule catalog
  const catalog = h('div', { class: 'rules__body', 'aria-busy': 'true' }, spinner('Loading the rules…'));
  container.append(
    h(
      'section',
      { class: 'rules', 'aria-labelledby': 'rules-title' },
      h('h2', { id: 'rules-title' }, 'Rules'),
      h(
        'p',
        { class: 'muted rules__hint' },
        'Each rule with the number of values that break it. Choose a rule to show only its rows.',
      ),
      catalog,
    ),
  );

  // ---- filters
  const searchInput = h('input', {
    id: 'preflight-search',
    name: 'search',
    type: 'search',
    class: 'input',
    maxlength: '256',
    placeholder: 'Value, DN or anchor',
    value: filters.search,
  });
  const attributeSelect = h(
    'select',
    { id: 'preflight-attribute', name: 'attribute', class: 'input' },
    h('option', { value: '' }, 'All attributes'),
    attributes.map((a) => h('option', { value: a }, a)),
  );
  const ruleSelect = h(
    'select',
    { id: 'preflight-rule', name: 'rule', class: 'input' },
    h('option', { value: '' }, 'All rules'),
  );
  const form = h(
    'form',
    { class: 'filters filters--preflight', role: 'search', 'aria-label': 'Filter preflight rows' },
    h(
      'div',
      { class: 'field field--search' },
      h('label', { for: 'preflight-search' }, 'Search'),
      h(
        'div',
        { class: 'field__row' },
        searchInput,
        h('button', { type: 'submit', class: 'button button--secondary' }, 'Search'),
      ),
    ),
    h('div', { class: 'field' }, h('label', { for: 'preflight-attribute' }, 'Attribute'), attributeSelect),
    h('div', { class: 'field' }, h('label', { for: 'preflight-rule' }, 'Rule'), ruleSelect),
    h(
      'button',
      { type: 'button', class: 'button button--subtle filters__clear', onclick: () => clearFilters() },
      'Clear filters',
    ),
  );
  attributeSelect.addEventListener('change', () => {
    filters.attribute = attributeSelect.value;
    applyFilters();
  });
  ruleSelect.addEventListener('change', () => {
    filters.rule = ruleSelect.value;
    syncControls();
    applyFilters();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters.search = searchInput.value.trim();
    applyFilters();
  });
  container.append(form);

  // ---- the rows
  const resultStatus = h('p', { class: 'results__status', role: 'status', 'aria-live': 'polite' });
  const tableHolder = h('div', { class: 'results__table', 'aria-busy': 'true' });
  const selectAll = h('input', { type: 'checkbox', id: 'preflight-select-all' });
  const selectedCount = h('span', { class: 'selection__count', dataset: { testid: 'selected-count' } });
  const fixButton = h(
    'button',
    { type: 'button', class: 'button button--secondary', dataset: { ldif: 'selected-fix' } },
    'Fix LDIF, selected',
  );
  const undoButton = h(
    'button',
    { type: 'button', class: 'button button--secondary', dataset: { ldif: 'selected-undo' } },
    'Undo LDIF, selected',
  );
  const clearSelection = h('button', { type: 'button', class: 'button button--subtle' }, 'Clear selection');
  const more = h('button', { type: 'button', class: 'button button--secondary', hidden: true }, 'More');
  container.append(
    h(
      'section',
      { class: 'results', 'aria-labelledby': 'preflight-results-title' },
      h('h2', { id: 'preflight-results-title' }, 'Rows'),
      h(
        'div',
        { class: 'selection', role: 'group', 'aria-label': 'Selection' },
        h(
          'span',
          { class: 'field--check selection__all' },
          selectAll,
          h('label', { for: 'preflight-select-all' }, 'Select all shown'),
        ),
        selectedCount,
        fixButton,
        undoButton,
        clearSelection,
      ),
      resultStatus,
      tableHolder,
      h('div', { class: 'pager' }, more),
    ),
  );

  // ---- behaviour
  function syncControls() {
    attributeSelect.value = filters.attribute;
    ruleSelect.value = rules.some((r) => r.id === filters.rule) ? filters.rule : '';
    searchInput.value = filters.search;
    for (const button of /** @type {NodeListOf<HTMLElement>} */ (catalog.querySelectorAll('[data-rule]'))) {
      button.setAttribute('aria-pressed', String(button.dataset.rule === filters.rule));
    }
  }

  /** The filters as the list, CSV and LDIF routes take them (the service checks the values). */
  function listQuery() {
    return {
      attribute: /** @type {PreflightAttribute | undefined} */ (filters.attribute || undefined),
      rule: /** @type {PreflightRule['id'] | undefined} */ (filters.rule || undefined),
      search: filters.search || undefined,
    };
  }

  function applyFilters() {
    const params = new URLSearchParams();
    for (const [key, v] of Object.entries(listQuery())) if (v) params.set(key, v);
    const search = params.toString();
    window.history.replaceState(null, '', `#/preflight${search ? `?${search}` : ''}`);
    rows = [];
    token = undefined;
    loadRows();
  }

  function clearFilters() {
    Object.assign(filters, { attribute: '', rule: '', search: '' });
    syncControls();
    applyFilters();
    searchInput.focus();
  }

  function syncSelection() {
    const shown = rows.map((r) => r.id);
    const shownSelected = shown.filter((id) => selected.has(id)).length;
    selectAll.checked = shown.length > 0 && shownSelected === shown.length;
    selectAll.indeterminate = shownSelected > 0 && shownSelected < shown.length;
    selectAll.disabled = shown.length === 0;
    // The LDIF route takes at most 1,000 ids: past that, the filters and "all rows" make the file.
    const tooMany = selected.size > MAX_LDIF_IDS;
    selectedCount.textContent = tooMany
      ? `${selected.size} selected: at most ${MAX_LDIF_IDS} for an LDIF; filter and use "all rows" instead`
      : `${selected.size} selected`;
    fixButton.disabled = selected.size === 0 || tooMany;
    undoButton.disabled = selected.size === 0 || tooMany;
    clearSelection.disabled = selected.size === 0;
  }

  function renderRows() {
    if (rows.length === 0) {
      const filtered = filters.attribute || filters.rule || filters.search;
      replace(
        tableHolder,
        h(
          'div',
          { class: 'empty' },
          h(
            'p',
            { class: 'empty__title' },
            filtered ? 'No rows match these filters.' : 'Nothing to fix: no value breaks a rule.',
          ),
        ),
      );
    } else {
      replace(tableHolder, preflightTable(rows, { selected, rulesById, onToggle: syncSelection }));
    }
    syncSelection();
  }

  let loadSeq = 0;
  async function loadRows() {
    const seq = ++loadSeq;
    tableHolder.setAttribute('aria-busy', 'true');
    if (!tableHolder.firstChild) tableHolder.append(spinner('Loading the rows…'));
    try {
      const page = await ctx.api.listPreflight({ ...listQuery(), top: PAGE_SIZE, continuationToken: token });
      if (seq !== loadSeq) return;
      const firstNew = rows.length;
      rows.push(...page.value);
      token = page.continuationToken ?? undefined;
      more.hidden = !token;
      renderRows();
      resultStatus.textContent =
        rows.length === 0
          ? ''
          : `Showing ${rows.length} ${rows.length === 1 ? 'row' : 'rows'}${token ? ', more to load' : ''}.`;
      return firstNew;
    } catch (error) {
      if (seq !== loadSeq) return;
      replace(tableHolder, problemNotice(error, 'The preflight rows could not be loaded.'));
      resultStatus.textContent = '';
      more.hidden = true;
    } finally {
      if (seq === loadSeq) tableHolder.setAttribute('aria-busy', 'false');
    }
  }

  async function loadRules() {
    try {
      const page = await ctx.api.listPreflightRules();
      rules = page.value;
      rulesById = new Map(rules.map((r) => [r.id, r]));
      replace(
        ruleSelect,
        h('option', { value: '' }, 'All rules'),
        rules.map((r) => h('option', { value: r.id }, r.description)),
      );
      renderCatalog();
    } catch (error) {
      replace(catalog, problemNotice(error, 'The rules could not be loaded.'));
    } finally {
      catalog.setAttribute('aria-busy', 'false');
    }
  }

  /** The rules that some row breaks first, as buttons; the others listed under a disclosure. */
  function renderCatalog() {
    const broken = rules.filter((r) => r.count > 0).sort((a, b) => b.count - a.count);
    const clean = rules.filter((r) => !(r.count > 0));
    const total = broken.reduce((sum, r) => sum + r.count, 0);
    replace(
      catalog,
      broken.length === 0
        ? h('p', { class: 'empty' }, 'No value breaks any rule.')
        : h(
            'ul',
            { class: 'rule-tiles', dataset: { testid: 'rule-catalog' } },
            broken.map((rule) => h('li', null, ruleButton(rule))),
          ),
      h(
        'p',
        { class: 'tiles__total' },
        `${rules.length} rules; ${broken.length} broken (${total} ${total === 1 ? 'finding' : 'findings'}: a row breaking two rules counts under each).`,
      ),
      clean.length
        ? h(
            'details',
            { class: 'rules__clean' },
            h('summary', null, `Rules nothing breaks (${clean.length})`),
            h(
              'ul',
              { class: 'rules__clean-list' },
              clean.map((rule) =>
                h(
                  'li',
                  { dataset: { cleanRule: rule.id } },
                  breakable(rule.description),
                  ' ',
                  h('code', null, breakable(rule.id)),
                ),
              ),
            ),
          )
        : null,
    );
    syncControls();
  }

  /** @param {PreflightRule} rule */
  function ruleButton(rule) {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'tile rule-tile',
        'aria-pressed': String(filters.rule === rule.id),
        dataset: { rule: rule.id },
      },
      h('span', { class: 'tile__label' }, breakable(rule.description)),
      h(
        'span',
        { class: 'rule-tile__meta' },
        h('code', { class: 'rule-tile__id' }, breakable(rule.id)),
        h(
          'span',
          { class: ['pill', rule.severity === 'warning' ? 'pill--warn' : 'pill--error'] },
          rule.severity,
        ),
        h('span', { class: 'rule-tile__attributes' }, breakable((rule.attributes ?? []).join(', '))),
      ),
      h('span', { class: 'tile__count' }, String(rule.count)),
    );
    button.addEventListener('click', () => {
      filters.rule = filters.rule === rule.id ? '' : rule.id;
      syncControls();
      applyFilters();
    });
    return button;
  }

  /** The rows' checkboxes, in the order shown. */
  const checkboxes = () =>
    /** @type {NodeListOf<HTMLInputElement>} */ (tableHolder.querySelectorAll('input.preflight-select'));

  // ---- commands
  selectAll.addEventListener('change', () => {
    for (const row of rows) {
      if (selectAll.checked) selected.add(row.id);
      else selected.delete(row.id);
    }
    for (const box of checkboxes()) box.checked = selectAll.checked;
    syncSelection();
  });
  clearSelection.addEventListener('click', () => {
    selected.clear();
    for (const box of checkboxes()) box.checked = false;
    syncSelection();
    selectAll.focus();
  });
  more.addEventListener('click', () =>
    withBusy(more, 'Loading…', async () => {
      const firstNew = await loadRows();
      // Focus the first row that came in, so that a keyboard user continues where the list grew.
      const box = checkboxes()[firstNew ?? -1];
      box?.focus();
    }),
  );

  /**
   * Downloads a file from the service and says so; a failure shows under the commands.
   * @param {HTMLButtonElement} button
   * @param {string} busyText
   * @param {string} failure
   * @param {() => Promise<ApiFile>} fetchFile
   */
  const download = (button, busyText, failure, fetchFile) =>
    withBusy(button, busyText, async () => {
      commandMessage.replaceChildren();
      try {
        const { blob, filename } = await fetchFile();
        saveFile(blob, filename);
        ctx.announce(`Downloaded ${filename}.`);
      } catch (error) {
        commandMessage.replaceChildren(problemNotice(error, failure));
      }
    });
  csvButton.addEventListener('click', () =>
    download(csvButton, 'Exporting…', 'The CSV export failed.', () =>
      ctx.api.exportPreflightCsv(listQuery()),
    ),
  );
  /**
   * @param {HTMLButtonElement} button
   * @param {() => PreflightLdifRequest} selection
   * @param {boolean} undo
   */
  const ldif = (button, selection, undo) =>
    download(button, 'Preparing…', 'The LDIF could not be made.', () =>
      ctx.api.preflightLdif(selection(), { undo }),
    );
  /** @returns {PreflightLdifRequest} */
  const allRows = () => ({ all: true, ...listQuery() });
  /** @returns {PreflightLdifRequest} */
  const selectedRows = () => ({ ids: [...selected] });
  allFixButton.addEventListener('click', () => ldif(allFixButton, allRows, false));
  allUndoButton.addEventListener('click', () => ldif(allUndoButton, allRows, true));
  fixButton.addEventListener('click', () => ldif(fixButton, selectedRows, false));
  undoButton.addEventListener('click', () => ldif(undoButton, selectedRows, true));

  syncControls();
  syncSelection();
  await Promise.all([loadRules(), loadRows()]);
  if (ctx.session?.role === 'SyncAgent' || ctx.session?.role === 'None') {
    commandMessage.replaceChildren(
      notice(
        'warning',
        null,
        h('p', null, 'Your role cannot read preflight: the service refuses these requests with 403.'),
      ),
    );
  }
}
