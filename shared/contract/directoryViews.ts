import { z } from 'zod';
import type { CloudObject, DirectoryAttributes, SourceObject } from '../directory/model';
import { cloudObjectSchema } from '../records/cloudObjectSchema';
import { directoryAttributesShape } from '../records/directoryAttributesShape';
import { sourceObjectSchema } from '../records/sourceObjectSchema';

/**
 * The views name their fields one by one, each taking its record field's schema, and their
 * functions map them one by one: a field added to a record does not show in the API until a view
 * names it.
 */
const attributeField = directoryAttributesShape;
const sourceField = sourceObjectSchema.shape;
const cloudField = cloudObjectSchema.shape;

/** The attributes both views show, as stored: null where the object has none. */
const attributesShown = {
  objectType: attributeField.objectType,
  userPrincipalName: attributeField.userPrincipalName,
  mailNickname: attributeField.mailNickname,
  displayName: attributeField.displayName,
  proxyAddresses: attributeField.proxyAddresses,
  sipProxyAddress: attributeField.sipProxyAddress,
  onPremisesSecurityIdentifier: attributeField.onPremisesSecurityIdentifier,
};
type AttributesView = z.infer<z.ZodObject<typeof attributesShown>>;

function attributesView(object: DirectoryAttributes): AttributesView {
  return {
    objectType: object.objectType,
    userPrincipalName: object.userPrincipalName,
    mailNickname: object.mailNickname,
    displayName: object.displayName,
    proxyAddresses: object.proxyAddresses,
    sipProxyAddress: object.sipProxyAddress,
    onPremisesSecurityIdentifier: object.onPremisesSecurityIdentifier,
  };
}

/** What the API shows of a source object: its attributes and its connector-space entry. */
export const sourceObjectViewSchema = z.object({
  sourceAnchor: sourceField.sourceAnchor,
  distinguishedName: sourceField.distinguishedName,
  ...attributesShown,
  inScope: sourceField.inScope,
  deleted: z.boolean().meta({ description: 'Deleted on-premises; the next cycle acts on it.' }),
  deletedAt: sourceField.deletedAt,
  connectorState: sourceField.connectorState,
  objectId: sourceField.objectId.meta({ description: 'The cloud object it is joined to, if any.' }),
  updatedAt: sourceField.updatedAt,
});
export type SourceObjectView = z.infer<typeof sourceObjectViewSchema>;

export const cloudObjectViewSchema = z.object({
  objectId: cloudField.objectId,
  ...attributesShown,
  sourceAnchor: cloudField.sourceAnchor.meta({ description: 'Null for a cloud-only object.' }),
  dirSyncEnabled: cloudField.dirSyncEnabled,
  deletedDateTime: cloudField.deletedDateTime.meta({ description: 'Set when soft-deleted (deleted items).' }),
  directoryRoleTemplateIds: cloudField.directoryRoleTemplateIds.meta({
    description:
      'The directory roles the object holds, by role template id (lower-case); empty when none. Every ' +
      'directory role is an admin role.',
  }),
  // Optional in the record (absent when none wait); always a list here.
  directoryRolesToRestore: cloudField.directoryRolesToRestore.unwrap().meta({
    description:
      'Roles the ExistingAdminRoleConflict fix took off this admin, given back by the next sync cycle; empty when none.',
  }),
  createdDateTime: cloudField.createdDateTime,
});
export type CloudObjectView = z.infer<typeof cloudObjectViewSchema>;

export function sourceObjectView(source: SourceObject): SourceObjectView {
  return {
    sourceAnchor: source.sourceAnchor,
    distinguishedName: source.distinguishedName,
    ...attributesView(source),
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
    ...attributesView(cloud),
    sourceAnchor: cloud.sourceAnchor,
    dirSyncEnabled: cloud.dirSyncEnabled,
    deletedDateTime: cloud.deletedDateTime,
    directoryRoleTemplateIds: cloud.directoryRoleTemplateIds,
    directoryRolesToRestore: cloud.directoryRolesToRestore ?? [],
    createdDateTime: cloud.createdDateTime,
  };
}
