/**
 * An entry as ldapts returns it, and reading its attributes whatever case the server spelled
 * their names in (AD answers with the schema's lDAPDisplayName, Samba sometimes in another case).
 */
export type LdapValue = string | string[] | Buffer | Buffer[];
export interface LdapEntry {
  dn: string;
  [attribute: string]: LdapValue;
}

/** The attributes the agent reads (SPEC "What it reads"); the last three only on tombstones. */
export const READ_ATTRIBUTES = [
  'objectGUID',
  'mS-DS-ConsistencyGuid',
  'userPrincipalName',
  'proxyAddresses',
  'msRTCSIP-PrimaryUserAddress',
  'objectSid',
  'displayName',
  'mailNickname',
  'distinguishedName',
  'uSNChanged',
  'isDeleted',
  'objectClass',
  'lastKnownParent',
] as const;

/** Binary attributes: ldapts must hand them over as Buffers, or their bytes are lost to UTF-8. */
export const BINARY_ATTRIBUTES = ['objectGUID', 'mS-DS-ConsistencyGuid', 'objectSid'] as const;

/** ldapts matches explicitBufferAttributes case-sensitively against the server's spelling. */
export const BUFFER_ATTRIBUTE_SPELLINGS = BINARY_ATTRIBUTES.flatMap((name) => [
  name,
  name.toLowerCase(),
  name.charAt(0).toUpperCase() + name.slice(1),
  name.replace(/^mS-DS-/, 'ms-DS-'),
]).filter((name, index, all) => all.indexOf(name) === index);

function rawValue(entry: LdapEntry, name: string): LdapValue | undefined {
  if (name in entry) return entry[name];
  const lower = name.toLowerCase();
  const key = Object.keys(entry).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : entry[key];
}

/** Every value as text (an empty list when the attribute is absent). */
export function textValues(entry: LdapEntry, name: string): string[] {
  const raw = rawValue(entry, name);
  if (raw === undefined) return [];
  const list: (string | Buffer)[] = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v));
}

/** The first value as text, or null when absent or empty. */
export function textValue(entry: LdapEntry, name: string): string | null {
  const first = textValues(entry, name)[0];
  return first === undefined || first === '' ? null : first;
}

/** The first value's bytes, or null when absent. */
export function binaryValue(entry: LdapEntry, name: string): Buffer | null {
  const raw = rawValue(entry, name);
  if (raw === undefined) return null;
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined) return null;
  if (!Buffer.isBuffer(first)) {
    throw new Error(`${name} came back as text, not bytes: ask ldapts for it as a Buffer`);
  }
  return first.length === 0 ? null : first;
}
