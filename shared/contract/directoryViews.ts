import { z } from 'zod';
import { CONNECTOR_STATES, OBJECT_TYPES, type CloudObject, type SourceObject } from '../directory/model';

/** The attributes both views show, as stored: null where the object has none. */
const attributes = {
  objectType: z.enum(OBJECT_TYPES),
  userPrincipalName: z.string().nullable(),
  mailNickname: z.string().nullable(),
  displayName: z.string().nullable(),
  proxyAddresses: z.array(z.string()),
  sipProxyAddress: z.string().nullable(),
  onPremisesSecurityIdentifier: z.string().nullable(),
};

/** What the API shows of a source object: its attributes and its connector-space entry. */
export const sourceObjectViewSchema = z.object({
  sourceAnchor: z.string(),
  distinguishedName: z.string().nullable(),
  ...attributes,
  inScope: z.boolean(),
  deleted: z.boolean().meta({ description: 'Deleted on-premises; the next cycle acts on it.' }),
  deletedAt: z.string().nullable(),
  connectorState: z.enum(CONNECTOR_STATES),
  objectId: z.string().nullable().meta({ description: 'The cloud object it is joined to, if any.' }),
  updatedAt: z.string(),
});
export type SourceObjectView = z.infer<typeof sourceObjectViewSchema>;

export const cloudObjectViewSchema = z.object({
  objectId: z.string(),
  ...attributes,
  sourceAnchor: z.string().nullable().meta({ description: 'Null for a cloud-only object.' }),
  dirSyncEnabled: z.boolean(),
  deletedDateTime: z.string().nullable().meta({ description: 'Set when soft-deleted (deleted items).' }),
  directoryRoleTemplateIds: z.array(z.string()).meta({
    description:
      'The directory roles the object holds, by role template id (lower-case); empty when none. Every ' +
      'directory role is an admin role.',
  }),
  directoryRolesToRestore: z.array(z.string()).meta({
    description:
      'Roles the ExistingAdminRoleConflict fix took off this admin, given back by the next sync cycle; empty when none.',
  }),
  createdDateTime: z.string(),
});
export type CloudObjectView = z.infer<typeof cloudObjectViewSchema>;

export function sourceObjectView(source: SourceObject): SourceObjectView {
  return {
    sourceAnchor: source.sourceAnchor,
    distinguishedName: source.distinguishedName,
    objectType: source.objectType,
    userPrincipalName: source.userPrincipalName,
    mailNickname: source.mailNickname,
    displayName: source.displayName,
    proxyAddresses: source.proxyAddresses,
    sipProxyAddress: source.sipProxyAddress,
    onPremisesSecurityIdentifier: source.onPremisesSecurityIdentifier,
    inScope: source.inScope,
    deleted: source.deletedAt !== null,
    deletedAt: source.deletedAt,
    connectorState: source.connectorState,
    objectId: source.objectId,
    updatedAt: source.updatedAt,
  };
}

export function cloudObjectView(cloud: CloudObject): CloudObjectView {
  return {
    objectId: cloud.objectId,
    objectType: cloud.objectType,
    userPrincipalName: cloud.userPrincipalName,
    mailNickname: cloud.mailNickname,
    displayName: cloud.displayName,
    proxyAddresses: cloud.proxyAddresses,
    sipProxyAddress: cloud.sipProxyAddress,
    onPremisesSecurityIdentifier: cloud.onPremisesSecurityIdentifier,
    sourceAnchor: cloud.sourceAnchor,
    dirSyncEnabled: cloud.dirSyncEnabled,
    deletedDateTime: cloud.deletedDateTime,
    directoryRoleTemplateIds: cloud.directoryRoleTemplateIds,
    directoryRolesToRestore: cloud.directoryRolesToRestore ?? [],
    createdDateTime: cloud.createdDateTime,
  };
}
