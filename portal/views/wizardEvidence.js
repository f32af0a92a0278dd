// @ts-check
import { definitionList, h, orDash, value, yesNo } from '../dom.js';
import { field } from './detail.js';
import { rolesText } from './guidance.js';

/** @import { ConnectorState, SyncError } from '../apiTypes.js' */
/** @import { Guidance, SameUserEvidence, UserExistsEvidence } from '../types.js' */

/** @type {Record<ConnectorState, string>} */
const CONNECTOR_STATES = { PendingAdd: 'Pending Add', Exported: 'Exported' };

/**
 * The evidence for question 1: the existing object, and the on-premises object (and its connector
 * space state) the service found for it.
 * @param {Partial<UserExistsEvidence>} [e]
 */
export function userExistsEvidence(e = {}) {
  const copy = e.connectorSpaceDn ? copyButton(e.connectorSpaceDn, 'Copy the DN') : null;
  return [
    e.summary ? h('p', { class: 'evidence__summary' }, e.summary) : null,
    definitionList([
      ['Existing object’s user principal name', orDash(e.existingUserPrincipalName)],
      ['Existing object ID', h('span', { class: 'mono' }, orDash(e.existingObjectId))],
      ['Its source anchor', h('span', { class: 'mono' }, e.sourceAnchor ?? 'none (cloud-only object)')],
      [
        'Connector-space DN to search for',
        e.connectorSpaceDn
          ? h('span', { class: 'dn' }, h('code', { class: 'mono' }, e.connectorSpaceDn), copy)
          : '—',
      ],
      ['On-premises object found', yesNo(e.sourceObjectFound)],
      e.sourceObjectFound ? ['Its distinguished name', orDash(e.distinguishedName)] : null,
      e.sourceObjectFound
        ? [
            'Connector-space state',
            (e.connectorState && CONNECTOR_STATES[e.connectorState]) ?? orDash(e.connectorState),
          ]
        : null,
      e.sourceObjectFound ? ['In sync scope', yesNo(e.inScope)] : null,
      e.sourceObjectFound ? ['Deleted on-premises', yesNo(e.deletedOnPremises)] : null,
    ]),
  ];
}

/**
 * One row of the comparison: the two values, and whether the service compared them (and found them equal).
 * @typedef {{ existing: string | null, conflicting: string | null, equal?: boolean, compared?: false }} Compared
 */

/**
 * The evidence for question 2: the two accounts side by side, as the service compared them, with the
 * cloud UPN each has now and (from `guidance`) their directory roles, not compared.
 * @param {SyncError} error
 * @param {Guidance | undefined} g the step's guidance
 * @param {Partial<SameUserEvidence>} [e]
 */
export function sameUserEvidence(error, g, e = {}) {
  /** @type {[string, Compared | undefined, string?][]} */
  const rows = [
    ['Display name', e.displayName],
    ['On-premises UPN', e.userPrincipalName],
    // Not compared: the UPN each cloud object has now, the placeholder for a quarantined one.
    [
      'Cloud UPN (now)',
      {
        existing: field(error.existingObject, 'cloudUserPrincipalName'),
        conflicting: field(error.conflictingObject, 'cloudUserPrincipalName'),
        compared: false,
      },
      'cloudUserPrincipalName',
    ],
    ['Object ID', e.objectId],
  ];
  // The cloud objects' directory roles, from the step's guidance, when either holds one: not compared.
  if (g && ((g.existing?.directoryRoles ?? []).length || (g.conflicting?.directoryRoles ?? []).length)) {
    rows.push([
      'Directory roles',
      { existing: rolesText(g.existing), conflicting: rolesText(g.conflicting), compared: false },
      'directoryRoles',
    ]);
  }
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'table compare', dataset: { testid: 'same-user-evidence' } },
      h('caption', { class: 'visually-hidden' }, 'The two accounts compared'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Attribute'),
          h('th', { scope: 'col' }, 'Existing object'),
          h('th', { scope: 'col' }, 'Conflicting object'),
          h('th', { scope: 'col' }, 'Comparison'),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map(([label, compared, name]) => {
          const notCompared = compared?.compared === false;
          const equal = notCompared || Boolean(compared?.equal);
          /** @param {string | null | undefined} text */
          const shown = (text) => (text === null || text === undefined || text === '' ? '—' : value(text));
          return h(
            'tr',
            { class: equal ? null : 'compare__diff', dataset: { field: name ?? null } },
            h('th', { scope: 'row' }, label),
            h('td', { dataset: { label: 'Existing object' } }, shown(compared?.existing)),
            h('td', { dataset: { label: 'Conflicting object' } }, shown(compared?.conflicting)),
            h(
              'td',
              { dataset: { label: 'Comparison' } },
              notCompared
                ? h('span', { class: 'muted' }, 'Not compared')
                : equal
                  ? h('span', { class: 'same-mark' }, h('span', { 'aria-hidden': 'true' }, '= '), 'Equal')
                  : h(
                      'span',
                      { class: 'diff-mark' },
                      h('span', { 'aria-hidden': 'true' }, '≠ '),
                      'Different',
                    ),
            ),
          );
        }),
      ),
    ),
  );
}

/**
 * A button that copies `text` (the DN to search the connector space for) and says whether it could.
 * @param {string} text
 * @param {string} label
 */
function copyButton(text, label) {
  const button = h('button', { type: 'button', class: 'button button--subtle button--small' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Copy failed';
    }
    window.setTimeout(() => {
      button.textContent = label;
    }, 2000);
  });
  return button;
}
