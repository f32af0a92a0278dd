import type { CloudObject, SourceObject } from '../directory/model';

/** What the API shows of a source object: its attributes and its connector-space entry. */
export function sourceObjectView(source: SourceObject) {
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

export function cloudObjectView(cloud: CloudObject) {
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
    createdDateTime: cloud.createdDateTime,
  };
}
