import { z } from 'zod';
import { CONNECTOR_STATES, OBJECT_TYPES, type CloudObject, type SourceObject } from '../directory/model';
import { cloudRowKey, sourceRowKey } from './keys';
import { etagField, type TableRow, jsonStringArray, nullableString, withoutNulls } from './entityFields';

const attributes = {
  objectType: z.enum(OBJECT_TYPES),
  userPrincipalName: nullableString,
  mailNickname: nullableString,
  displayName: nullableString,
  proxyAddresses: jsonStringArray,
  sipProxyAddress: nullableString,
  onPremisesSecurityIdentifier: nullableString,
};

const sourceEntity = z.object({
  ...attributes,
  sourceAnchor: z.string().min(1),
  distinguishedName: nullableString,
  inScope: z.boolean(),
  sequence: z.number().int(),
  deletedAt: nullableString,
  connectorState: z.enum(CONNECTOR_STATES),
  objectId: nullableString,
  updatedAt: z.string(),
  etag: etagField,
});

const cloudEntity = z.object({
  ...attributes,
  objectId: z.string().min(1),
  sourceAnchor: nullableString,
  dirSyncEnabled: z.boolean(),
  deletedDateTime: nullableString,
  /** Rows written before roles were kept have none: they read as []. */
  directoryRoleTemplateIds: jsonStringArray,
  directoryRolesToRestore: jsonStringArray,
  directoryRolesToRestoreFor: z.string().optional(),
  sequence: z.number().int(),
  createdDateTime: z.string(),
  etag: etagField,
});

export interface Versioned<T> {
  record: T;
  etag: string;
}

export function parseSourceEntity(entity: unknown): Versioned<SourceObject> {
  const { etag, ...record } = sourceEntity.parse(entity);
  return { record, etag };
}

export function parseCloudEntity(entity: unknown): Versioned<CloudObject> {
  const { etag, directoryRolesToRestore, directoryRolesToRestoreFor, ...record } = cloudEntity.parse(entity);
  // Stored only while roles wait to be given back; absent otherwise, as in the record.
  return {
    record:
      directoryRolesToRestore.length > 0 && directoryRolesToRestoreFor !== undefined
        ? { ...record, directoryRolesToRestore, directoryRolesToRestoreFor }
        : record,
    etag,
  };
}

/**
 * `upnLower` is stored beside the UPN so that the UPN filter of the list route is an exact
 * server-side match, case-insensitively, without a scan.
 */
export function sourceToEntity(tenantId: string, source: SourceObject): TableRow {
  return withoutNulls({
    partitionKey: tenantId,
    rowKey: sourceRowKey(source.sourceAnchor),
    ...source,
    proxyAddresses: JSON.stringify(source.proxyAddresses),
  });
}

export function cloudToEntity(tenantId: string, cloud: CloudObject): TableRow {
  return withoutNulls({
    partitionKey: tenantId,
    rowKey: cloudRowKey(cloud.objectId),
    ...cloud,
    proxyAddresses: JSON.stringify(cloud.proxyAddresses),
    directoryRoleTemplateIds: JSON.stringify(cloud.directoryRoleTemplateIds),
    directoryRolesToRestore:
      cloud.directoryRolesToRestore && cloud.directoryRolesToRestore.length > 0
        ? JSON.stringify(cloud.directoryRolesToRestore)
        : null,
    directoryRolesToRestoreFor: cloud.directoryRolesToRestoreFor ?? null,
    upnLower: cloud.userPrincipalName?.toLowerCase() ?? null,
  });
}
