// @ts-check
import { h, problemNotice, replace, spinner, time, withBusy } from '../dom.js';
import { dryRunControl } from './dryRun.js';

/** @import { CycleSummary } from '../apiTypes.js' */
/** @import { Child, Ctx } from '../types.js' */

/** @type {[string, (cycle: CycleSummary) => Child][]} */
const COLUMNS = [
  ['Started', (c) => time(c.startedAt)],
  [
    'Trigger',
    (c) => (c.trigger === 'timer' ? 'Schedule' : c.trigger === 'http' ? 'On request' : String(c.trigger)),
  ],
  ['Outcome', outcome],
  ['Duration', (c) => duration(c.startedAt, c.finishedAt)],
  ['Objects read', (c) => String(c.objectsRead)],
  ['Provisioned', (c) => String(c.provisioned)],
  ['Updated', (c) => String(c.updated)],
  ['Soft-deleted', (c) => String(c.softDeleted)],
  ['Errors created', (c) => String(c.errorsCreated)],
  ['Errors resolved', (c) => String(c.errorsResolved)],
  ['Errors reset', (c) => String(c.errorsReset)],
  [
    'Deletion threshold',
    (c) =>
      c.deletionThresholdExceeded
        ? h('span', { class: 'pill pill--warn' }, `exceeded, ${c.deletionsHeldBack} held back`)
        : 'held',
  ],
];

/**
 * `interrupted`: its process died or lost its lease; `failed`: it stopped on an error.
 * @param {CycleSummary} c
 */
function outcome(c) {
  if (c.outcome === 'interrupted') return h('span', { class: 'pill pill--warn' }, 'interrupted');
  if (c.outcome === 'failed') return h('span', { class: 'pill pill--warn' }, 'failed');
  return 'completed';
}

/**
 * @param {string} start
 * @param {string | null} end
 */
function duration(start, end) {
  if (!end) return '—';
  const ms = Date.parse(end) - Date.parse(start);
  if (!Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Run a cycle now, and the recent cycles' summaries.
 * @param {Ctx} ctx
 * @param {HTMLElement} container
 */
export async function renderCycles(ctx, container) {
  const holder = h('div', null, spinner('Loading the sync cycles…'));
  const more = h('button', { type: 'button', class: 'button button--secondary', hidden: true }, 'Load more');
  const dryRun = dryRunControl(ctx);
  container.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, 'Sync cycles'),
      h(
        'p',
        { class: 'lead' },
        'A sync cycle reconciles the on-premises objects into Microsoft Entra ID, resolves the errors it no longer sees and resets the diagnose status of the others. It also runs on a schedule. A dry run shows what the next cycle would do without writing anything.',
      ),
    ),
    h('div', { class: 'commandbar' }, ctx.cycleButton(), dryRun.button),
    dryRun.panel,
    h('h2', null, 'Recent cycles'),
    holder,
    h('div', { class: 'pager' }, more),
  );
  /** @type {CycleSummary[]} */
  const cycles = [];
  /** @type {string | undefined} */
  let token;
  const load = async () => {
    try {
      const page = await ctx.api.listSyncCycles({ top: 20, continuationToken: token });
      cycles.push(...page.value);
      token = page.continuationToken ?? undefined;
      more.hidden = !token;
      replace(
        holder,
        cycles.length === 0
          ? h('p', { class: 'empty' }, 'No sync cycle has run in this tenant yet.')
          : h(
              'div',
              { class: 'table-scroll' },
              h(
                'table',
                { class: 'table table--stack', dataset: { testid: 'cycle-table' } },
                h('caption', { class: 'visually-hidden' }, 'Recent sync cycles, newest first'),
                h(
                  'thead',
                  null,
                  h(
                    'tr',
                    null,
                    COLUMNS.map(([label]) => h('th', { scope: 'col' }, label)),
                  ),
                ),
                h(
                  'tbody',
                  null,
                  cycles.map((c) =>
                    h(
                      'tr',
                      null,
                      COLUMNS.map(([label, cell]) => h('td', { dataset: { label } }, cell(c))),
                    ),
                  ),
                ),
              ),
            ),
      );
    } catch (error) {
      replace(holder, problemNotice(error, 'The sync cycles could not be loaded.'));
    }
  };
  more.addEventListener('click', () => withBusy(more, 'Loading…', load));
  await load();
}
