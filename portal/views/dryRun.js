// @ts-check
import { figureList, h, notice, problemCodeOf, problemNotice, replace, withBusy } from '../dom.js';
import { ERROR_CELL_HEADERS, errorCells } from './errorCells.js';

/** @import { DryRunResult } from '../apiTypes.js' */
/** @import { Ctx } from '../types.js' */
/** @typedef {DryRunResult['errorsCreated'][number]} DryRunError */

/**
 * "Dry run" beside "Run sync cycle": asks the service what the next cycle would do
 * (POST /api/sync-cycles?dryRun=true) and shows it in `panel`. The service writes nothing, so the
 * panel says so in words, and nothing else on the page (the cycle history, the error list) changes.
 * @param {Ctx} ctx
 */
export function dryRunControl(ctx) {
  const panel = h('div', { class: 'dry-run-holder' });
  const button = h(
    'button',
    { type: 'button', class: 'button button--secondary', dataset: { action: 'dry-run' } },
    'Dry run',
  );
  button.addEventListener('click', () =>
    withBusy(button, 'Running a dry run…', async () => {
      try {
        const result = await ctx.api.dryRunSyncCycle();
        showResult(result);
      } catch (error) {
        replace(
          panel,
          h(
            'section',
            { class: 'dry-run', 'aria-label': 'Dry run' },
            problemNotice(
              error,
              problemCodeOf(error) === 'SyncCycleInProgress'
                ? 'A sync cycle is running: try the dry run when it has finished.'
                : 'The dry run failed.',
            ),
            dismiss(),
          ),
        );
      }
    }),
  );

  function dismiss() {
    return h(
      'button',
      {
        type: 'button',
        class: 'button button--subtle',
        onclick: () => {
          replace(panel);
          button.focus();
        },
      },
      'Dismiss',
    );
  }

  /** @param {DryRunResult} result */
  function showResult(result) {
    /** @type {Partial<DryRunResult['summary']>} */
    const summary = result.summary ?? {};
    const created = result.errorsCreated ?? [];
    const resolved = result.errorsResolved ?? [];
    const heading = h('h2', { id: 'dry-run-title', tabindex: '-1' }, 'Dry run of the next sync cycle');
    /** @type {[string, number | undefined][]} */
    const figures = [
      ['Objects read', summary.objectsRead],
      ['Would provision', summary.provisioned],
      ['Would update', summary.updated],
      ['Would soft-delete', summary.softDeleted],
      ['Would purge', summary.purged],
      ['Errors it would create', summary.errorsCreated ?? created.length],
      ['Errors it would resolve', summary.errorsResolved ?? resolved.length],
      ['Errors it would reset', summary.errorsReset],
    ];
    replace(
      panel,
      h(
        'section',
        { class: 'dry-run', 'aria-labelledby': 'dry-run-title', dataset: { testid: 'dry-run' } },
        h('div', { class: 'dry-run__head' }, heading, dismiss()),
        notice(
          'info',
          'Nothing was written',
          h(
            'p',
            null,
            'This is what a sync cycle run now would do. No object changed, no error was created or resolved, and the dry run is not in the cycle history.',
          ),
        ),
        figureList(figures, 'dry-run-summary'),
        summary.deletionThresholdExceeded
          ? notice(
              'warning',
              'Deletion threshold exceeded',
              h(
                'p',
                null,
                `The cycle would want to delete more objects than the threshold allows, so it would delete none (${summary.deletionsHeldBack} held back).`,
              ),
            )
          : null,
        errorList('dry-run-created', 'Errors it would create', created, false),
        errorList('dry-run-resolved', 'Errors it would resolve', resolved, true),
      ),
    );
    heading.focus();
    ctx.announce(
      `Dry run: the next sync cycle would create ${created.length} errors and resolve ${resolved.length}. Nothing was written.`,
    );
  }

  return { button, panel };
}

/**
 * The errors as a table. Only an error that exists now (one the cycle would resolve) links to its
 * page: an error the cycle would create is not stored, so there is nothing to open yet.
 * @param {string} id
 * @param {string} title
 * @param {DryRunError[]} errors
 * @param {boolean} linked
 */
function errorList(id, title, errors, linked) {
  const headingId = `${id}-title`;
  return h(
    'div',
    { class: 'dry-run__list', dataset: { testid: id } },
    h('h3', { id: headingId }, `${title} (${errors.length})`),
    errors.length === 0
      ? h('p', { class: 'muted' }, 'None.')
      : h(
          'table',
          { class: 'table table--stack dry-run-table', 'aria-labelledby': headingId },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ERROR_CELL_HEADERS.map((text) => h('th', { scope: 'col' }, text)),
            ),
          ),
          h(
            'tbody',
            null,
            errors.map((error) => h('tr', { dataset: { errorId: error.id } }, ...errorCells(error, linked))),
          ),
        ),
  );
}
