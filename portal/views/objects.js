// @ts-check
import { definitionList, h, orDash, problemNotice, replace, spinner, time, value, yesNo } from '../dom.js';
import { breadcrumb } from './detail.js';
import { cloudObjectHref, sourceObjectHref } from './preflightRows.js';

/** @import { CloudObject, SourceObject } from '../apiTypes.js' */
/** @import { Child, Ctx } from '../types.js' */

/** @param {string[] | null | undefined} list */
const values = (list) =>
  list?.length
    ? h(
        'ul',
        { class: 'plain-list' },
        list.map((v) => h('li', null, value(v))),
      )
    : '—';
/** @param {string | null | undefined} v */
const valueOrDash = (v) => (v === null || v === undefined || v === '' ? '—' : value(v));

/**
 * One object, source (`kind` 'source', by anchor) or cloud (by object id), with its attributes: where
 * a preflight row's object and the object its predicted sync error collides with are shown.
 * @param {Ctx} ctx
 * @param {HTMLElement} container
 * @param {'source' | 'cloud'} kind
 * @param {string} id
 */
export async function renderObject(ctx, container, kind, id) {
  const cloud = kind === 'cloud';
  const heading = h('h1', null, cloud ? 'Cloud object' : 'Source object');
  const body = h('div', { class: 'card' }, spinner('Loading the object…'));
  container.append(
    breadcrumb([['Preflight', '#/preflight'], [cloud ? 'Cloud object' : 'Source object']]),
    heading,
    body,
  );
  try {
    // One shape for both kinds: each row below reads the fields of its kind only.
    const object = /** @type {Partial<SourceObject> & Partial<CloudObject>} */ (
      cloud ? await ctx.api.getCloudObject(id) : await ctx.api.getSourceObject(id)
    );
    heading.replaceChildren(
      cloud ? 'Cloud object ' : 'Source object ',
      value(object.displayName ?? object.userPrincipalName ?? id),
    );
    replace(
      body,
      definitionList(
        [
          ['Display name', orDash(object.displayName)],
          ['Object type', orDash(object.objectType)],
          cloud
            ? ['Object id', value(object.objectId)]
            : ['Distinguished name', valueOrDash(object.distinguishedName)],
          [
            'Source anchor',
            cloud && object.sourceAnchor
              ? h('a', { href: sourceObjectHref(object.sourceAnchor) }, value(object.sourceAnchor))
              : valueOrDash(object.sourceAnchor),
          ],
          ['User principal name', valueOrDash(object.userPrincipalName)],
          ['Mail nickname', valueOrDash(object.mailNickname)],
          ['Proxy addresses', values(object.proxyAddresses)],
          ['SIP address', valueOrDash(object.sipProxyAddress)],
          ['On-premises SID', valueOrDash(object.onPremisesSecurityIdentifier)],
          .../** @type {[string, Child][]} */ (
            cloud
              ? [
                  ['Managed by sync', yesNo(object.dirSyncEnabled)],
                  ['Soft-deleted', object.deletedDateTime ? time(object.deletedDateTime) : 'No'],
                  ['Created', time(object.createdDateTime)],
                ]
              : [
                  ['In scope', yesNo(object.inScope)],
                  ['Deleted on-premises', object.deleted ? time(object.deletedAt) : 'No'],
                  ['Connector state', orDash(object.connectorState)],
                  [
                    'Joined to',
                    object.objectId
                      ? h('a', { href: cloudObjectHref(object.objectId) }, value(object.objectId))
                      : 'no cloud object yet',
                  ],
                  ['Updated', time(object.updatedAt)],
                ]
          ),
        ],
        'object-facts',
      ),
    );
  } catch (error) {
    replace(body, problemNotice(error, 'The object could not be loaded.'));
  }
}
