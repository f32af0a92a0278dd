// @ts-check
import { h, isRefusal, notice, problemNotice, replace, spinner, time, withBusy } from '../dom.js';
import { QUESTIONS } from './questions.js';

/** @import { AuditEvent } from '../apiTypes.js' */
/** @import { AuditAction, Child, Ctx } from '../types.js' */

/**
 * An event's id: `id`, or `eventId`, its deprecated alias, from a service older than `id`.
 * @param {AuditEvent} event
 */
export function eventIdOf(event) {
  return event.id ?? event.eventId;
}

/**
 * @param {AuditEvent} event
 * @returns {Child}
 */
function describe(event) {
  switch (event.action) {
    case 'answer': {
      const d = event.details;
      return [
        'Answered ',
        h('q', null, QUESTIONS[d.questionId] ?? d.questionId ?? 'a question'),
        `: ${d.answer === 'yes' ? 'Yes' : d.answer === 'no' ? 'No' : String(d.answer)}`,
      ];
    }
    case 'close':
      return 'Closed the diagnosis (Manual Fix Required)';
    case 'applyFix': {
      const d = event.details;
      const moved = d.existingAfter?.sourceAnchor;
      const deleted = d.conflictingDeleted?.objectId;
      return [
        'Applied the fix',
        moved
          ? h(
              'span',
              { class: 'audit__sub' },
              'Source anchor ',
              h('code', null, moved),
              ' moved to ',
              h('code', null, d.existingAfter?.objectId ?? '?'),
            )
          : null,
        deleted
          ? h('span', { class: 'audit__sub' }, 'Deleted the conflicting object ', h('code', null, deleted))
          : null,
      ];
    }
    case 'undo': {
      const d = event.details;
      return [
        'Undid a fix',
        d.undoneEventId
          ? h('span', { class: 'audit__sub' }, 'Event ', h('code', null, d.undoneEventId))
          : null,
      ];
    }
    default:
      return String(/** @type {{ action: unknown }} */ (event).action);
  }
}

/** @type {Record<AuditAction, string>} */
const ACTION_LABELS = { answer: 'Answer', close: 'Close', applyFix: 'Apply fix', undo: 'Undo' };

/**
 * Audit events as a table, Undo on applied fixes not yet undone. `onChange()` runs after an undo.
 * `showError`: whether to link each event's error.
 * @param {Ctx} ctx
 * @param {AuditEvent[]} events
 * @param {() => void} onChange
 * @param {{ showError?: boolean }} [options]
 */
export function auditTable(ctx, events, onChange, { showError = true } = {}) {
  const message = h('div', { class: 'audit__message' });
  const table = h(
    'table',
    { class: 'table table--stack', dataset: { testid: 'audit-table' } },
    h('caption', { class: 'visually-hidden' }, 'Audit events, newest first'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'When'),
        h('th', { scope: 'col' }, 'Action'),
        h('th', { scope: 'col' }, 'What'),
        h('th', { scope: 'col' }, 'Who'),
        showError ? h('th', { scope: 'col' }, 'Error') : null,
        h('th', { scope: 'col' }, 'Undo'),
      ),
    ),
    h(
      'tbody',
      null,
      events.map((event) => row(ctx, event, message, onChange, showError)),
    ),
  );
  return h('div', { class: 'audit' }, message, h('div', { class: 'table-scroll' }, table));
}

/**
 * @param {Ctx} ctx
 * @param {AuditEvent} event
 * @param {HTMLElement} message
 * @param {() => void} onChange
 * @param {boolean} showError
 */
function row(ctx, event, message, onChange, showError) {
  const eventId = eventIdOf(event);
  /** @type {Node} */
  let undoCell;
  if (event.action === 'applyFix' && !event.undoneBy) {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'button button--secondary button--small',
        dataset: { action: 'undo', eventId },
      },
      'Undo',
    );
    button.addEventListener('click', () =>
      withBusy(button, 'Undoing…', async () => {
        message.replaceChildren();
        try {
          const result = await ctx.api.undo(eventId);
          message.replaceChildren(
            notice(
              'success',
              'The fix was undone.',
              h(
                'p',
                null,
                `The existing object's source anchor is back, and ${result.errorIds?.length ?? 0} error(s) have their status and answers again.`,
              ),
            ),
          );
          ctx.announce('The fix was undone.');
          window.setTimeout(onChange, 1200);
        } catch (error) {
          const refusal = problemNotice(error, 'The fix could not be undone.');
          refusal.dataset.testid = 'undo-refused';
          message.replaceChildren(refusal);
          // Refused: the service will not undo this event now, so its button goes; the message stays.
          if (isRefusal(error)) {
            cell.replaceChildren(h('span', { class: 'muted' }, 'Not undone (refused)'));
            refusal.tabIndex = -1;
            refusal.focus();
          }
        }
      }),
    );
    undoCell = button;
  } else if (event.undoneBy) {
    undoCell = h('span', { class: 'pill' }, 'Undone');
  } else {
    undoCell = h('span', { class: 'muted' }, '—');
  }
  const cell = h('td', { dataset: { label: 'Undo' } }, undoCell);
  const actor = event.actor?.name ?? event.actor?.oid ?? 'unknown';
  return h(
    'tr',
    { dataset: { eventId, action: event.action } },
    h('td', { dataset: { label: 'When' } }, time(event.at)),
    h('td', { dataset: { label: 'Action' } }, ACTION_LABELS[event.action] ?? String(event.action)),
    h('td', { dataset: { label: 'What' }, class: 'audit__what' }, describe(event)),
    h(
      'td',
      { dataset: { label: 'Who' } },
      actor,
      event.actor?.name && event.actor?.oid ? h('span', { class: 'audit__sub' }, event.actor.oid) : null,
    ),
    showError
      ? h(
          'td',
          { dataset: { label: 'Error' } },
          event.errorId
            ? h('a', { href: `#/errors/${encodeURIComponent(event.errorId)}` }, 'Open error')
            : '—',
        )
      : null,
    cell,
  );
}

/**
 * The tenant's audit trail, newest first, a page at a time.
 * @param {Ctx} ctx
 * @param {HTMLElement} container
 */
export async function renderAudit(ctx, container) {
  const holder = h('div', null, spinner('Loading the audit trail…'));
  const more = h('button', { type: 'button', class: 'button button--secondary', hidden: true }, 'Load more');
  container.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, 'Audit trail'),
      h(
        'p',
        { class: 'lead' },
        'Every answer, close, applied fix and undo, newest first. An applied fix can be undone while neither object has changed since.',
      ),
    ),
    holder,
    h('div', { class: 'pager' }, more),
  );
  /** @type {AuditEvent[]} */
  const events = [];
  /** @type {string | undefined} */
  let token;
  const load = async () => {
    try {
      const page = await ctx.api.listAuditEvents({ top: 50, continuationToken: token });
      events.push(...page.value);
      token = page.continuationToken ?? undefined;
      replace(
        holder,
        events.length
          ? auditTable(ctx, events, () => ctx.refresh())
          : h('p', { class: 'empty' }, 'No audit events yet.'),
      );
      more.hidden = !token;
    } catch (error) {
      replace(holder, problemNotice(error, 'The audit trail could not be loaded.'));
    }
  };
  more.addEventListener('click', () => withBusy(more, 'Loading…', load));
  await load();
}
