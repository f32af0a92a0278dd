import type { DirectoryAttributes, ObjectType } from '../shared/directory/model';
import { sourceObjectInput } from '../shared/contract/directorySchemas';
import { guidStringFromBytes, sidStringFromBytes } from './directoryIds';
import { binaryValue, textValue, textValues, type LdapEntry } from './ldapEntry';

/**
 * From an AD entry to the source object PUT /api/source-objects takes, as Entra Connect's import
 * maps it. Pure: everything here is decided by the entry and the anchor mode alone.
 */
export const SOURCE_ANCHOR_MODES = ['mS-DS-ConsistencyGuid', 'objectGUID'] as const;
export type SourceAnchorMode = (typeof SOURCE_ANCHOR_MODES)[number];

/** The body of one object in PUT /api/source-objects: every attribute given, null where AD has none. */
export interface SourceObjectPayload extends DirectoryAttributes {
  sourceAnchor: string;
  distinguishedName: string;
}

export interface MappedObject {
  kind: 'object';
  dn: string;
  /** objectGUID in string form: stable across renames and moves, kept by tombstones. */
  objectGuid: string;
  /** base64 of objectGUID's bytes, whatever the anchor mode. */
  guidAnchor: string;
  object: SourceObjectPayload;
}

/** An object the service would refuse, or that cannot be mapped: reported, never sent. */
export interface RefusedObject {
  kind: 'refused';
  dn: string;
  objectGuid: string | null;
  /** The anchor it would have, when it has one: it is still in AD, so it is never deleted for it. */
  sourceAnchor: string | null;
  reason: string;
}

export type MappingResult = MappedObject | RefusedObject;

/** objectType from objectClass: groups, contacts, and users that are not computers. */
export function objectTypeOf(objectClasses: readonly string[]): ObjectType | null {
  const classes = new Set(objectClasses.map((c) => c.toLowerCase()));
  if (classes.has('group')) return 'Group';
  if (classes.has('contact')) return 'Contact';
  if (classes.has('user') && !classes.has('computer')) return 'User';
  return null;
}

/**
 * The anchor Entra Connect uses: base64 of mS-DS-ConsistencyGuid when set (and the mode allows it),
 * else base64 of objectGUID's 16 bytes as AD stores them, which is the ImmutableId.
 */
export function anchorOf(objectGuid: Buffer, consistencyGuid: Buffer | null, mode: SourceAnchorMode): string {
  if (mode === 'mS-DS-ConsistencyGuid' && consistencyGuid !== null) return consistencyGuid.toString('base64');
  return objectGuid.toString('base64');
}

function refused(
  entry: LdapEntry,
  objectGuid: string | null,
  reason: string,
  sourceAnchor: string | null = null,
): RefusedObject {
  return { kind: 'refused', dn: entry.dn, objectGuid, sourceAnchor, reason };
}

/** Maps one live entry; an entry the service would refuse comes back as refused, with the reason. */
export function mapEntry(entry: LdapEntry, mode: SourceAnchorMode): MappingResult {
  let guidBytes: Buffer | null;
  let guid: string;
  try {
    guidBytes = binaryValue(entry, 'objectGUID');
    if (guidBytes === null) return refused(entry, null, 'it has no objectGUID');
    guid = guidStringFromBytes(guidBytes);
  } catch (error) {
    return refused(entry, null, `objectGUID: ${(error as Error).message}`);
  }
  let consistency: Buffer | null;
  try {
    consistency = binaryValue(entry, 'mS-DS-ConsistencyGuid');
  } catch (error) {
    return refused(entry, guid, (error as Error).message);
  }
  const sourceAnchor = anchorOf(guidBytes, consistency, mode);
  const objectType = objectTypeOf(textValues(entry, 'objectClass'));
  if (objectType === null) {
    const classes = textValues(entry, 'objectClass').join(', ');
    return refused(entry, guid, `objectClass ${classes} is no user, group or contact`, sourceAnchor);
  }
  let sid: string | null;
  try {
    const sidBytes = binaryValue(entry, 'objectSid');
    sid = sidBytes === null ? null : sidStringFromBytes(sidBytes);
  } catch (error) {
    return refused(entry, guid, (error as Error).message, sourceAnchor);
  }
  const object: SourceObjectPayload = {
    sourceAnchor,
    distinguishedName: textValue(entry, 'distinguishedName') ?? entry.dn,
    objectType,
    // Only users carry a UPN in the service (SPEC decision 21), as in Entra.
    userPrincipalName: objectType === 'User' ? textValue(entry, 'userPrincipalName') : null,
    mailNickname: textValue(entry, 'mailNickname'),
    displayName: textValue(entry, 'displayName'),
    proxyAddresses: textValues(entry, 'proxyAddresses').filter((p) => p !== ''),
    sipProxyAddress: textValue(entry, 'msRTCSIP-PrimaryUserAddress'),
    onPremisesSecurityIdentifier: sid,
  };
  const problem = serviceRefusal(object);
  if (problem !== null) return refused(entry, guid, problem, sourceAnchor);
  return { kind: 'object', dn: entry.dn, objectGuid: guid, guidAnchor: guidBytes.toString('base64'), object };
}

/**
 * What the service would answer 400 for, checked with its own schema before sending: one object
 * the service refuses would otherwise fail the whole batch of 1,000 it travels in.
 */
export function serviceRefusal(object: SourceObjectPayload): string | null {
  const parsed = sourceObjectInput.safeParse(object);
  if (parsed.success) return null;
  return parsed.error.issues
    .map((issue) => `${issue.path.join('.') || 'object'}: ${issue.message}`)
    .join('; ');
}

/** A tombstone (isDeleted): what identifies it, and where it lived before it was deleted. */
export interface Tombstone {
  dn: string;
  objectGuid: string;
  guidAnchor: string;
  /** The anchor the service knows the object by. */
  anchor: string;
  lastKnownParent: string | null;
}

/**
 * The anchor of a deleted object. AD keeps objectGUID on a tombstone but may strip
 * mS-DS-ConsistencyGuid (it is not preserved on deletion unless the recycle bin is on), so when it
 * is gone the anchor recorded for that objectGUID in the state file is used; else objectGUID's.
 */
export function mapTombstone(
  entry: LdapEntry,
  mode: SourceAnchorMode,
  knownAnchors: ReadonlyMap<string, string>,
): Tombstone | null {
  const guidBytes = binaryValue(entry, 'objectGUID');
  if (guidBytes === null || guidBytes.length !== 16) return null;
  const guidAnchor = guidBytes.toString('base64');
  const consistency = binaryValue(entry, 'mS-DS-ConsistencyGuid');
  const anchor =
    mode === 'mS-DS-ConsistencyGuid'
      ? consistency !== null
        ? consistency.toString('base64')
        : (knownAnchors.get(guidAnchor) ?? guidAnchor)
      : guidAnchor;
  return {
    dn: entry.dn,
    objectGuid: guidStringFromBytes(guidBytes),
    guidAnchor,
    anchor,
    lastKnownParent: textValue(entry, 'lastKnownParent'),
  };
}
