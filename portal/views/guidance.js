// @ts-check
/** @import { Category } from '../apiTypes.js' */
/** @import { Guidance, GuidanceObject } from '../types.js' */
import { definitionList, externalLink, h, notice, value } from '../dom.js';

/**
 * An error type explained, from the diagnosis step's `guidance` (GET .../diagnosis): the text is the
 * service's, never repeated here, so the portal and the API say the same thing.
 */

/**
 * The words Connect Health's sync error report shows for each category. The categories and their
 * order are the service's (apiEnums.js); keyed by the generated union, so a category the service
 * adds without words here fails the type-check.
 * @type {Record<Category, string>}
 */
export const CATEGORY_LABELS = {
  DuplicateAttribute: 'Duplicate attribute',
  DataMismatch: 'Data mismatch',
  DataValidationFailure: 'Data validation failure',
  LargeAttribute: 'Large attribute',
  FederatedDomainChange: 'Federated domain change',
  Other: 'Other',
};

/**
 * A category in words; one this portal has no words for (a newer service) as the service names it.
 * @param {string} category
 */
export function categoryLabel(category) {
  return Object.hasOwn(CATEGORY_LABELS, category)
    ? CATEGORY_LABELS[/** @type {Category} */ (category)]
    : category;
}

/**
 * A cloud object's directory roles in words (the service names them), or "None".
 * @param {(Partial<GuidanceObject> & { directoryRoleTemplateIds?: string[] }) | null | undefined} object
 */
export function rolesText(object) {
  const roles = object?.directoryRoles ?? object?.directoryRoleTemplateIds ?? [];
  return roles.length ? roles.join(', ') : 'None';
}

/**
 * The rule or limit an object breaks, with the count when there is one.
 * @param {Guidance['brokenRule']} rule
 */
function brokenRuleText(rule) {
  if (!rule) return null;
  const counts =
    rule.limit !== null && rule.limit !== undefined && rule.actual !== null && rule.actual !== undefined
      ? ` (${rule.actual}; the limit is ${rule.limit})`
      : '';
  return `${rule.text}${counts}`;
}

/**
 * "What this error means" and "What to do", with the rule broken, what Apply Fix does when the
 * service does the remedy itself, and Microsoft's page. `headingLevel` fits where it is shown.
 * @param {Guidance | null | undefined} guidance
 * @param {{ headingLevel?: 'h2' | 'h3', idPrefix?: string }} [options]
 */
export function guidanceSection(guidance, { headingLevel = 'h2', idPrefix = 'guidance' } = {}) {
  if (!guidance) return null;
  const meaningId = `${idPrefix}-meaning`;
  const remedyId = `${idPrefix}-remedy`;
  const rule = brokenRuleText(guidance.brokenRule);
  return h(
    'div',
    { class: 'guidance', dataset: { testid: 'error-guidance', errorType: guidance.errorType } },
    h(
      'section',
      { 'aria-labelledby': meaningId },
      h(headingLevel, { id: meaningId }, 'What this error means'),
      definitionList([
        ['Category', categoryLabel(guidance.category)],
        ['Error type', guidance.errorType],
        rule ? ['Rule it breaks', h('span', { dataset: { testid: 'broken-rule' } }, rule)] : null,
      ]),
      h('p', { dataset: { testid: 'guidance-summary' } }, guidance.summary),
    ),
    h(
      'section',
      { 'aria-labelledby': remedyId },
      h(headingLevel, { id: remedyId }, 'What to do'),
      h(
        'ol',
        { class: 'guidance__steps', dataset: { testid: 'guidance-remedy' } },
        (guidance.remedy ?? []).map((step) => h('li', null, step)),
      ),
      guidance.guidedFix ? notice('info', 'Guided fix', h('p', null, guidance.guidedFix)) : null,
      guidance.source?.url
        ? h('p', null, externalLink(guidance.source.text || 'Microsoft Learn', guidance.source.url))
        : null,
    ),
  );
}

/** @type {[string, keyof GuidanceObject][]} */
const OBJECT_ROWS = [
  ['Object type', 'objectType'],
  ['Display name', 'displayName'],
  ['UPN', 'userPrincipalName'],
  ['Cloud UPN (now)', 'cloudUserPrincipalName'],
  ['Object ID', 'objectId'],
  ['Source anchor', 'sourceAnchor'],
  ['Managed by sync', 'dirSyncEnabled'],
  ['Soft-deleted', 'softDeleted'],
  ['Directory roles', 'directoryRoles'],
];

/**
 * @param {GuidanceObject | null | undefined} object
 * @param {keyof GuidanceObject} field
 */
function shown(object, field) {
  if (!object) return h('span', { class: 'muted' }, '—');
  if (field === 'directoryRoles') return rolesText(object);
  const data = object[field];
  if (data === null || data === undefined || data === '') return h('span', { class: 'muted' }, '—');
  if (typeof data === 'boolean') return data ? 'Yes' : 'No';
  return value(String(data));
}

/**
 * The guidance's evidence: both objects side by side, or the one object alone, as the cloud holds
 * them now (directory roles and whether sync manages them included).
 * @param {Guidance | null | undefined} guidance
 * @param {string} caption
 */
export function guidanceObjects(guidance, caption) {
  if (!guidance) return null;
  /** @type {[string, GuidanceObject | null][]} */
  const sides = guidance.existing
    ? [
        ['Existing object', guidance.existing],
        ['Conflicting object', guidance.conflicting],
      ]
    : [['The object', guidance.conflicting]];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'table compare compare--guidance', dataset: { testid: 'guidance-objects' } },
      h('caption', { class: 'visually-hidden' }, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Attribute'),
          sides.map(([label]) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        null,
        OBJECT_ROWS.map(([label, field]) =>
          h(
            'tr',
            { dataset: { field } },
            h('th', { scope: 'row' }, label),
            sides.map(([sideLabel, object]) =>
              h('td', { dataset: { label: sideLabel } }, shown(object, field)),
            ),
          ),
        ),
      ),
    ),
  );
}
