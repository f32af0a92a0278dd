// @ts-check
import {
  breakable,
  definitionList,
  h,
  notice,
  problemNotice,
  replace,
  spinner,
  statusBadge,
  statusOf,
  time,
  value,
} from '../dom.js';
import { auditTable } from './audit.js';
import { categoryLabel, guidanceSection, rolesText } from './guidance.js';
import { QUESTIONS } from './questions.js';

/** @import { Answer, DiagnosisStep, SyncError, SyncErrorObject } from '../apiTypes.js' */
/** @import { Child, Ctx, Guidance, GuidanceObject } from '../types.js' */

/**
 * A row of the comparison: `compare` says who decides whether the two values differ (the service,
 * this view exactly or ignoring case, or nobody).
 * @typedef {{ label: string, field: keyof SyncErrorObject, compare: 'exact' | 'service' | 'ignoreCase' | 'none', mono?: boolean }} Row
 */

/** @type {Row[]} */
const ROWS = [
  { label: 'Object type', field: 'objectType', compare: 'exact' },
  { label: 'Display name', field: 'displayName', compare: 'service' },
  { label: 'On-premises UPN', field: 'userPrincipalName', compare: 'service' },
  { label: 'Cloud UPN (now)', field: 'cloudUserPrincipalName', compare: 'none' },
  { label: 'Object ID', field: 'objectId', compare: 'service' },
  { label: 'Source anchor', field: 'sourceAnchor', compare: 'exact', mono: true },
  { label: 'Distinguished name', field: 'distinguishedName', compare: 'ignoreCase' },
  { label: 'Soft-deleted', field: 'softDeleted', compare: 'exact' },
];

/** @type {Record<Answer, string>} */
const ANSWER_TEXT = { yes: 'Yes', no: 'No' };

/** @param {Answer | null | undefined} answer */
const answerText = (answer) => (answer ? ANSWER_TEXT[answer] : 'Not answered');

/**
 * A field of one side of an error. `cloudUserPrincipalName` (the UPN the linked cloud object has now:
 * for a quarantined object, the placeholder to search Microsoft Entra ID for) is null while the object
 * is not in the cloud, and missing from services older than the field: missing reads as null.
 * @template {keyof SyncErrorObject} K
 * @param {SyncErrorObject | null | undefined} object
 * @param {K} name
 * @returns {SyncErrorObject[K] | null}
 */
export function field(object, name) {
  return object?.[name] ?? null;
}

/**
 * Whether the row's two values differ: the service says for the compared fields, the rest here. A row
 * that is not a comparison (the cloud UPN, which differs whenever a value is quarantined) never does.
 * @param {Row} row
 * @param {SyncError} error
 */
function differs(row, error) {
  if (row.compare === 'none') return false;
  if (row.compare === 'service') return (error.differences ?? []).some((field) => field === row.field);
  const a = field(error.existingObject, row.field);
  const b = field(error.conflictingObject, row.field);
  if (a === null || b === null) return a !== b;
  return row.compare === 'ignoreCase' ? String(a).toLowerCase() !== String(b).toLowerCase() : a !== b;
}

/** @param {unknown} data */
function display(data) {
  if (data === null || data === undefined || data === '') return h('span', { class: 'muted' }, '—');
  if (typeof data === 'boolean') return data ? 'Yes' : 'No';
  return value(String(data));
}

/**
 * The directory roles row: from the diagnosis's guidance (the cloud objects as they are now).
 * @param {Guidance | null} guidance
 * @param {string[]} sides
 */
function rolesRow(guidance, sides) {
  if (!guidance) return null;
  /** @type {Record<string, GuidanceObject | null>} */
  const objects = { 'Existing object': guidance.existing, 'Conflicting object': guidance.conflicting };
  if (sides.length === 1) objects['The object'] = guidance.conflicting;
  return h(
    'tr',
    { dataset: { field: 'directoryRoles', differs: 'false' } },
    h('th', { scope: 'row' }, 'Directory roles'),
    sides.map((side) =>
      h('td', { dataset: { label: side } }, objects[side] ? rolesText(objects[side]) : '—'),
    ),
    sides.length > 1
      ? h('td', { dataset: { label: 'Comparison' } }, h('span', { class: 'muted' }, 'Not compared'))
      : null,
  );
}

/**
 * An error about one object alone (IdentityDataValidationFailed, LargeObject): that object, no comparison.
 * @param {SyncError} error
 * @param {Guidance | null} guidance
 */
function singleObjectTable(error, guidance) {
  return h(
    'table',
    { class: 'table compare', dataset: { testid: 'single-object' } },
    h('caption', null, 'The object this error is about. No other object is involved.'),
    h(
      'thead',
      null,
      h('tr', null, h('th', { scope: 'col' }, 'Attribute'), h('th', { scope: 'col' }, 'The object')),
    ),
    h(
      'tbody',
      null,
      ROWS.map((row) =>
        h(
          'tr',
          { dataset: { field: row.field } },
          h('th', { scope: 'row' }, row.label),
          h(
            'td',
            { class: row.mono ? 'mono' : null, dataset: { label: 'The object' } },
            display(field(error.conflictingObject, row.field)),
          ),
        ),
      ),
      rolesRow(guidance, ['The object']),
    ),
  );
}

/**
 * The existing and conflicting objects side by side, the differing values highlighted; the one object
 * alone when there is no other. `guidance` (from the diagnosis) adds each cloud object's directory roles.
 * @param {SyncError} error
 * @param {Guidance | null} [guidance]
 */
export function comparisonTable(error, guidance = null) {
  if (!error.existingObject) return singleObjectTable(error, guidance);
  return h(
    'table',
    { class: 'table compare', dataset: { testid: 'object-comparison' } },
    h('caption', null, 'Both objects side by side. Highlighted rows hold different values.'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Attribute'),
        h('th', { scope: 'col' }, 'Existing object', h('span', { class: 'th-hint' }, 'holds the value')),
        h('th', { scope: 'col' }, 'Conflicting object', h('span', { class: 'th-hint' }, 'incoming')),
        h('th', { scope: 'col' }, 'Comparison'),
      ),
    ),
    h(
      'tbody',
      null,
      ROWS.map((row) => {
        const diff = differs(row, error);
        return h(
          'tr',
          { class: diff ? 'compare__diff' : null, dataset: { field: row.field, differs: String(diff) } },
          h('th', { scope: 'row' }, row.label),
          h(
            'td',
            { class: row.mono ? 'mono' : null, dataset: { label: 'Existing object' } },
            display(field(error.existingObject, row.field)),
          ),
          h(
            'td',
            { class: row.mono ? 'mono' : null, dataset: { label: 'Conflicting object' } },
            display(field(error.conflictingObject, row.field)),
          ),
          h(
            'td',
            { dataset: { label: 'Comparison' } },
            row.compare === 'none'
              ? h('span', { class: 'muted' }, 'Not compared')
              : diff
                ? h('span', { class: 'diff-mark' }, h('span', { 'aria-hidden': 'true' }, '≠ '), 'Differs')
                : h('span', { class: 'same-mark' }, 'Same'),
          ),
        );
      }),
      rolesRow(guidance, ['Existing object', 'Conflicting object']),
    ),
  );
}

/**
 * Whether the diagnosis step is the outcome of an error that has no questions (not a duplicate between users).
 * @param {DiagnosisStep | null} step
 */
export function hasNoQuestions(step) {
  return step?.kind === 'outcome' && step.outcome === 'notApplicable';
}

/**
 * The trail to a page: [text, href] links, the last (no href) the page itself.
 * @param {([string, string] | [string])[]} items
 */
export function breadcrumb(items) {
  return h(
    'nav',
    { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
    h(
      'ol',
      null,
      items.map(([text, href], i) =>
        h(
          'li',
          null,
          href
            ? h('a', { href }, text)
            : h('span', { 'aria-current': i === items.length - 1 ? 'page' : null }, text),
        ),
      ),
    ),
  );
}

/**
 * One error: its status, guidance, both objects, the diagnosis so far and its audit trail.
 * @param {Ctx} ctx
 * @param {HTMLElement} container
 * @param {string} id
 */
export async function renderErrorDetail(ctx, container, id) {
  const heading = h('h1', null, 'Sync error');
  const crumbs = h('div', null, breadcrumb([['Sync errors', '#/errors'], ['Error']]));
  const body = h('div', { class: 'detail' }, spinner('Loading the error…'));
  container.append(crumbs, heading, body);

  /** @type {SyncError} */
  let error;
  /** @type {DiagnosisStep | null} */
  let step;
  try {
    // The diagnosis carries the error type's guidance and the cloud objects' roles; an error loads without it.
    [error, step] = await Promise.all([ctx.api.getSyncError(id), ctx.api.getDiagnosis(id).catch(() => null)]);
  } catch (failure) {
    replace(
      body,
      problemNotice(
        failure,
        statusOf(failure) === 404
          ? 'This sync error does not exist in your tenant.'
          : 'The error could not be loaded.',
      ),
    );
    return;
  }
  const resolved = error.resolvedAt !== null && error.resolvedAt !== undefined;
  const guidance = step?.guidance ?? null;
  // No questions: the outcome says so, or (after a guided fix, say) the guidance's type is no duplicate.
  const noQuestions =
    hasNoQuestions(step) || (guidance !== null && guidance.category !== 'DuplicateAttribute');
  const duplicate = (error.category ?? 'DuplicateAttribute') === 'DuplicateAttribute';
  replace(crumbs, breadcrumb([['Sync errors', '#/errors'], [error.value]]));
  heading.replaceChildren(breakable(error.value));

  const answers = error.diagnosis?.answers ?? {};
  const diagnoseLink = h(
    'a',
    {
      class: 'button',
      href: `#/errors/${encodeURIComponent(error.id)}/diagnose`,
      dataset: { action: 'diagnose' },
    },
    resolved ? 'View diagnosis' : noQuestions ? 'Open the diagnosis' : 'Diagnose',
  );
  const auditHolder = h('div', null, spinner('Loading the audit trail…'));

  replace(
    body,
    h(
      'div',
      { class: 'detail__status' },
      resolved ? statusBadge('Resolved') : statusBadge(error.diagnoseStatus),
      error.category
        ? h(
            'span',
            { class: 'detail__attr', dataset: { testid: 'error-category' } },
            categoryLabel(error.category),
          )
        : null,
      h('span', { class: 'detail__attr' }, error.attribute),
      h('span', { class: 'detail__type' }, breakable(error.errorType)),
    ),
    resolved
      ? notice(
          'info',
          'Resolved',
          h('p', null, 'A sync cycle no longer sees this conflict; it is kept as history.'),
        )
      : null,
    definitionList([
      [duplicate ? 'Duplicated value' : 'Value', h('span', { class: 'mono' }, error.value)],
      ['Detected', time(error.detectedAt)],
      ['Last seen', time(error.lastSeenAt)],
      resolved ? ['Resolved', time(error.resolvedAt)] : null,
    ]),
    h(
      'div',
      { class: 'commandbar' },
      diagnoseLink,
      h('a', { class: 'button button--secondary', href: '#/errors' }, 'Back to the list'),
    ),
    guidanceSection(guidance),
    h(
      'section',
      { 'aria-labelledby': 'objects-title' },
      h('h2', { id: 'objects-title' }, error.existingObject ? 'Objects' : 'Object'),
      h(
        'p',
        { class: 'muted' },
        error.existingObject
          ? 'The existing object already holds the value in Microsoft Entra ID and keeps it; the conflicting object is the incoming one. Its on-premises UPN is the one it asks for; its cloud UPN (now) is the one its cloud object has now, for a quarantined object the placeholder to search Microsoft Entra ID for (— while it is not in the cloud).'
          : 'This error is about one object alone: Microsoft Entra ID refuses one of its values, whatever other objects hold. Its on-premises UPN is the one it asks for; its cloud UPN (now) is — while it is not in the cloud.',
      ),
      h('div', { class: 'table-scroll' }, comparisonTable(error, guidance)),
    ),
    h(
      'section',
      { 'aria-labelledby': 'diag-title' },
      h('h2', { id: 'diag-title' }, 'Diagnosis'),
      noQuestions
        ? h(
            'p',
            { dataset: { testid: 'no-questions' } },
            'The diagnosis questions are for duplicated values between two users. This error has none: what to do is above.',
          )
        : definitionList([
            [QUESTIONS.userExistsOnPremises, answerText(answers.userExistsOnPremises)],
            [QUESTIONS.sameUser, answerText(answers.sameUser)],
            ['Closed', error.diagnosis?.closed ? 'Yes (Manual Fix Required)' : 'No'],
          ]),
    ),
    h(
      'section',
      { 'aria-labelledby': 'audit-title' },
      h('h2', { id: 'audit-title' }, 'Audit trail of this error'),
      auditHolder,
    ),
  );

  try {
    const page = await ctx.api.listAuditEvents({ errorId: error.id, top: 50 });
    replace(
      auditHolder,
      page.value.length
        ? auditTable(ctx, page.value, () => ctx.refresh(), { showError: false })
        : h('p', { class: 'muted' }, 'Nothing was done on this error yet.'),
    );
  } catch (failure) {
    replace(auditHolder, problemNotice(failure, 'The audit trail could not be loaded.'));
  }
}
