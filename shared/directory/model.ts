/**
 * The directory records a tenant holds. These are plain data: the store parses
 * them on the way in (zod) and the pure rules in directory/, sync/ and
 * diagnosis/ read them without any I/O.
 */

export const OBJECT_TYPES = ['User', 'Group', 'Contact'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export const CONNECTOR_STATES = ['PendingAdd', 'Exported'] as const;
/** Connector-space state of a source object: not provisioned yet (or blocked), or linked. */
export type ConnectorState = (typeof CONNECTOR_STATES)[number];

/** The attributes a source object and a cloud object share. */
export interface DirectoryAttributes {
  objectType: ObjectType;
  /** Users only; null for groups and contacts. */
  userPrincipalName: string | null;
  mailNickname: string | null;
  displayName: string | null;
  /** As given, with their `SMTP:`/`smtp:` prefixes; at most one primary `SMTP:`. */
  proxyAddresses: string[];
  sipProxyAddress: string | null;
  onPremisesSecurityIdentifier: string | null;
}

/** An on-premises object as the sync connector sees it, with its connector-space entry. */
export interface SourceObject extends DirectoryAttributes {
  /** Immutable, unique per tenant, compared case-sensitively. */
  sourceAnchor: string;
  distinguishedName: string | null;
  inScope: boolean;
  /** Order of first receipt (SPEC decision 12): the stable processing order. */
  sequence: number;
  /** Set when the object was deleted on-premises; the next cycle acts on it. */
  deletedAt: string | null;
  connectorState: ConnectorState;
  /** The cloud object this source object is linked to (joined), if any. */
  objectId: string | null;
  /** ISO time of the last write by an admin or sync agent. */
  updatedAt: string;
}

/** An Entra ID directory object. */
export interface CloudObject extends DirectoryAttributes {
  objectId: string;
  /** Null for a cloud-only object. */
  sourceAnchor: string | null;
  dirSyncEnabled: boolean;
  /** Set = soft-deleted (deleted items, purged after 30 days). */
  deletedDateTime: string | null;
  /**
   * The directory roles the object holds, by role template id (lower-case GUIDs; e.g. Global
   * Administrator `62e90394-69f5-4237-9190-012177145e10`). Users only; empty for groups and contacts.
   * Every directory role is an admin role. Cloud-only: a sync cycle never changes them.
   */
  directoryRoleTemplateIds: string[];
  /**
   * Roles the ExistingAdminRoleConflict guided fix took off this admin so that the next cycle can
   * soft-match the on-premises user to it; that cycle gives them back (SPEC "Errors beyond
   * duplicates"). Absent when none wait.
   */
  directoryRolesToRestore?: string[];
  /** The source anchor whose join gives them back: no other object's match may receive them. */
  directoryRolesToRestoreFor?: string;
  /** Order of import or provisioning; breaks soft-match ties (SPEC decision 15). */
  sequence: number;
  createdDateTime: string;
}

export interface TenantSettings {
  initialDomain: string;
  userWritebackEnabled: boolean;
  /**
   * Entra's directory-synchronization features under their Graph names
   * (onPremisesDirectorySynchronizationFeature; SPEC "Tenant settings"): no soft match at all;
   * soft match by UPN too (only when the primary SMTP address finds nothing); no hard match that takes
   * over a cloud object sync does not manage (InvalidHardMatch).
   */
  blockSoftMatchEnabled: boolean;
  softMatchOnUpnEnabled: boolean;
  blockCloudObjectTakeoverThroughHardMatchEnabled: boolean;
  /** Integer >= 1, or null: no threshold. */
  deletionThreshold: number | null;
  syncIntervalMinutes: number;
}

export const SOFT_DELETE_RETENTION_DAYS = 30;
