import type { CloudObject, SourceObject } from '../directory/model';
import { sourceObjectSchema } from '../records/sourceObjectSchema';
import { cloudRowKey, sourceRowKey } from './keys';
import type { TableRow } from './entityFields';
import { recordEntity, type Versioned } from './recordEntity';
import { storedCloudObject } from './storedRecords';

export type { Versioned } from './recordEntity';

/** The records, with the one check the store adds: the field a row key is made of is never empty. */
const sourceEntity = recordEntity(
  sourceObjectSchema.extend({ sourceAnchor: sourceObjectSchema.shape.sourceAnchor.min(1) }),
);
const cloudEntity = recordEntity(
  storedCloudObject.extend({ objectId: storedCloudObject.shape.objectId.min(1) }),
);

export function parseSourceEntity(entity: unknown): Versioned<SourceObject> {
  return sourceEntity.readVersioned(entity);
}

export function parseCloudEntity(entity: unknown): Versioned<CloudObject> {
  const { record, etag } = cloudEntity.readVersioned(entity);
  const { directoryRolesToRestore, directoryRolesToRestoreFor, ...rest } = record;
  // Stored only while roles wait to be given back; absent otherwise, as in the record.
  return {
    record:
      directoryRolesToRestore !== undefined &&
      directoryRolesToRestore.length > 0 &&
      directoryRolesToRestoreFor !== undefined
        ? { ...rest, directoryRolesToRestore, directoryRolesToRestoreFor }
        : rest,
    etag,
  };
}

export function sourceToEntity(partitionKey: string, source: SourceObject): TableRow {
  return sourceEntity.row({ partitionKey, rowKey: sourceRowKey(source.sourceAnchor) }, source);
}

/**
 * `upnLower` is stored beside the UPN so that the UPN filter of the list route is an exact
 * server-side match, case-insensitively, without a scan.
 */
export function cloudToEntity(partitionKey: string, cloud: CloudObject): TableRow {
  const { directoryRolesToRestore, ...rest } = cloud;
  return {
    ...cloudEntity.row(
      { partitionKey, rowKey: cloudRowKey(cloud.objectId) },
      // An empty list is not kept: the row holds roles only while some wait.
      directoryRolesToRestore && directoryRolesToRestore.length > 0 ? cloud : rest,
    ),
    ...(cloud.userPrincipalName === null ? {} : { upnLower: cloud.userPrincipalName.toLowerCase() }),
  };
}
