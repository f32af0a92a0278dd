import { spawn } from 'node:child_process';
import { Attribute, Change, Client } from 'ldapts';
import type { SambaDomain } from './sambaDomain';

/**
 * Seeding a Samba test domain through LDAP, as an admin would shape a real directory: OUs, users,
 * contacts, groups; modify, delete, move; reading back the values AD generates (objectGUID,
 * objectSid, uSNChanged). Everything binds as the domain's Administrator.
 */

/** An attribute value as written: text, or bytes for binary attributes (objectGUID-like). */
export type SeedValue = string | Buffer | readonly string[] | readonly Buffer[];

/** Attributes common to the seeded objects; anything else goes in `attributes`. */
export interface SeedObject {
  /** The relative name: the object is created as `CN=<cn>,<parentDn>`. */
  cn: string;
  displayName?: string;
  mailNickname?: string;
  proxyAddresses?: readonly string[];
  /** Needs the harness's schema extension (SambaDomain.supportsSipAttribute). */
  sipAddress?: string;
  mail?: string;
  /** Any other attribute, by its LDAP name. */
  attributes?: Record<string, SeedValue>;
}

export interface SeedUser extends SeedObject {
  sAMAccountName: string;
  userPrincipalName?: string;
  givenName?: string;
  sn?: string;
  /** mS-DS-ConsistencyGuid: 16 bytes. */
  consistencyGuid?: Buffer;
}

export type SeedContact = SeedObject & { givenName?: string; sn?: string };

export interface SeedGroup extends SeedObject {
  sAMAccountName: string;
  /** Member DNs. */
  members?: readonly string[];
}

/** A client bound as the domain's Administrator; the caller unbinds it (or use withAdminClient). */
export async function connectAsAdmin(domain: SambaDomain): Promise<Client> {
  const client = new Client({ url: domain.url, timeout: 60_000, connectTimeout: 5_000 });
  try {
    await client.bind(domain.adminDn, domain.adminPassword);
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw error;
  }
  return client;
}

export async function withAdminClient<T>(
  domain: SambaDomain,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = await connectAsAdmin(domain);
  try {
    return await work(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** Escapes a value for use in an RDN (RFC 4514), so names with commas or plus signs stay one RDN. */
export function escapeRdnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

function toAttributes(values: Record<string, SeedValue | undefined>): Attribute[] {
  const attributes: Attribute[] = [];
  for (const [type, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const list = (Array.isArray(value) ? value : [value]) as (string | Buffer)[];
    if (list.length === 0) continue;
    attributes.push(
      new Attribute({
        type,
        values: Buffer.isBuffer(list[0]) ? (list as Buffer[]) : (list as string[]),
      }),
    );
  }
  return attributes;
}

function commonAttributes(object: SeedObject): Record<string, SeedValue | undefined> {
  return {
    cn: object.cn,
    displayName: object.displayName,
    mailNickname: object.mailNickname,
    proxyAddresses: object.proxyAddresses,
    'msRTCSIP-PrimaryUserAddress': object.sipAddress,
    mail: object.mail,
    ...object.attributes,
  };
}

/** Creates one OU under parentDn and returns its DN. */
export async function createOu(client: Client, parentDn: string, name: string): Promise<string> {
  const dn = `OU=${escapeRdnValue(name)},${parentDn}`;
  await client.add(dn, toAttributes({ objectClass: ['top', 'organizationalUnit'], ou: name }));
  return dn;
}

/** Creates nested OUs, outermost first (['Sync', 'Users'] → OU=Users,OU=Sync,<baseDn>); returns the innermost DN. */
export async function createOuPath(
  client: Client,
  baseDn: string,
  names: readonly string[],
): Promise<string> {
  let dn = baseDn;
  for (const name of names) dn = await createOu(client, dn, name);
  return dn;
}

/**
 * Creates a user with no password (Samba then creates it disabled, which a directory read does not
 * mind) and returns its DN.
 */
export async function createUser(client: Client, parentDn: string, user: SeedUser): Promise<string> {
  const dn = `CN=${escapeRdnValue(user.cn)},${parentDn}`;
  await client.add(
    dn,
    toAttributes({
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      ...commonAttributes(user),
      sAMAccountName: user.sAMAccountName,
      userPrincipalName: user.userPrincipalName,
      givenName: user.givenName,
      sn: user.sn,
      'mS-DS-ConsistencyGuid': user.consistencyGuid,
    }),
  );
  return dn;
}

export async function createContact(client: Client, parentDn: string, contact: SeedContact): Promise<string> {
  const dn = `CN=${escapeRdnValue(contact.cn)},${parentDn}`;
  await client.add(
    dn,
    toAttributes({
      objectClass: ['top', 'person', 'organizationalPerson', 'contact'],
      ...commonAttributes(contact),
      givenName: contact.givenName,
      sn: contact.sn,
    }),
  );
  return dn;
}

/** Creates a global security group (AD's default group type). */
export async function createGroup(client: Client, parentDn: string, group: SeedGroup): Promise<string> {
  const dn = `CN=${escapeRdnValue(group.cn)},${parentDn}`;
  await client.add(
    dn,
    toAttributes({
      objectClass: ['top', 'group'],
      ...commonAttributes(group),
      sAMAccountName: group.sAMAccountName,
      member: group.members,
    }),
  );
  return dn;
}

/** Replaces each named attribute's values; null (or an empty list) removes the attribute. */
export async function modifyObject(
  client: Client,
  dn: string,
  values: Record<string, SeedValue | null>,
): Promise<void> {
  const changes = Object.entries(values).map(([type, value]) => {
    const list = value === null ? [] : ((Array.isArray(value) ? value : [value]) as (string | Buffer)[]);
    return new Change({
      operation: 'replace',
      modification: new Attribute({
        type,
        values: list.length > 0 && Buffer.isBuffer(list[0]) ? (list as Buffer[]) : (list as string[]),
      }),
    });
  });
  await client.modify(dn, changes);
}

/** Deletes a leaf object; AD keeps a tombstone under CN=Deleted Objects. */
export async function deleteObject(client: Client, dn: string): Promise<void> {
  await client.del(dn);
}

/** Moves an object under another parent, keeping its RDN (AD keeps its objectGUID); returns the new DN. */
export async function moveObject(client: Client, dn: string, newParentDn: string): Promise<string> {
  const rdn = dn.match(/^((?:\\.|[^,\\])+),/)?.[1];
  if (!rdn) throw new Error(`Not a DN with a parent: ${dn}`);
  const newDn = `${rdn},${newParentDn}`;
  await client.modifyDN(dn, newDn);
  return newDn;
}

/** AD's binary attributes, which ldapts would otherwise decode as (mangled) text. */
export const BINARY_ATTRIBUTES = ['objectGUID', 'objectSid', 'mS-DS-ConsistencyGuid'] as const;

export type ReadValue = string | string[] | Buffer | Buffer[];

/** Reads one object; binary attributes come back as Buffers. Throws NoSuchObjectError when absent. */
export async function readObject(
  client: Client,
  dn: string,
  attributes: readonly string[] = ['*', 'uSNChanged'],
): Promise<Record<string, ReadValue>> {
  const { searchEntries } = await client.search(dn, {
    scope: 'base',
    filter: '(objectClass=*)',
    attributes: [...attributes],
    explicitBufferAttributes: [...BINARY_ATTRIBUTES],
  });
  const entry = searchEntries[0];
  if (!entry) throw new Error(`No entry at ${dn}`);
  return entry;
}

export interface ObjectIdentity {
  dn: string;
  objectGUID: Buffer;
  /** Absent for contacts, which are not security principals. */
  objectSid?: Buffer;
  uSNChanged: number;
}

/** The values AD generates for an object: its GUID (16 bytes as AD stores them), SID and uSNChanged. */
export async function readIdentity(client: Client, dn: string): Promise<ObjectIdentity> {
  const entry = await readObject(client, dn, ['objectGUID', 'objectSid', 'uSNChanged']);
  const guid = entry.objectGUID;
  if (!Buffer.isBuffer(guid)) throw new Error(`${dn} has no single objectGUID`);
  const sid = entry.objectSid;
  return {
    dn: String(entry.dn),
    objectGUID: guid,
    objectSid: Buffer.isBuffer(sid) ? sid : undefined,
    uSNChanged: Number(entry.uSNChanged),
  };
}

/**
 * Samba's single process applies one write at a time, so more connections only add contention
 * (measured, 1,000 users: 1 connection × 8 in flight 2.6 s, 4 × 4 3.3 s, 8 × 1 4.3 s); keeping a
 * few requests in flight on one connection hides the round trips.
 */
export interface BulkOptions {
  /** Parallel LDAP connections, default 1. */
  connections?: number;
  /** Requests in flight per connection, default 8. */
  inFlightPerConnection?: number;
}

/**
 * Creates `count` users under parentDn, user i described by make(i) (default: `bulk-<i>` with a
 * UPN, display name, mail nickname and two proxy addresses). Returns the DNs in order of i.
 */
export async function bulkCreateUsers(
  domain: SambaDomain,
  parentDn: string,
  count: number,
  make: (index: number) => SeedUser = defaultBulkUser(domain.realm),
  options: BulkOptions = {},
): Promise<string[]> {
  const connections = Math.max(1, Math.min(options.connections ?? 1, count));
  const inFlight = Math.max(1, options.inFlightPerConnection ?? 8);
  const dns = new Array<string>(count);
  let next = 0;
  const clients = await Promise.all(Array.from({ length: connections }, () => connectAsAdmin(domain)));
  try {
    // Each worker takes the next index until none is left; workers share clients round robin.
    const worker = async (client: Client): Promise<void> => {
      for (let i = next++; i < count; i = next++) dns[i] = await createUser(client, parentDn, make(i));
    };
    await Promise.all(clients.flatMap((client) => Array.from({ length: inFlight }, () => worker(client))));
  } finally {
    await Promise.all(clients.map((client) => client.unbind().catch(() => undefined)));
  }
  return dns;
}

export function defaultBulkUser(realm: string): (index: number) => SeedUser {
  const suffix = realm.toLowerCase();
  return (i) => {
    const name = `bulk${String(i).padStart(5, '0')}`;
    return {
      cn: name,
      sAMAccountName: name,
      userPrincipalName: `${name}@${suffix}`,
      displayName: `Bulk User ${i}`,
      givenName: 'Bulk',
      sn: `User ${i}`,
      mailNickname: name,
      proxyAddresses: [`SMTP:${name}@${suffix}`, `smtp:${name}.alias@${suffix}`],
    };
  };
}

export interface LdapModifyResult {
  /** ldapmodify's exit code (0: every change applied). */
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Applies an LDIF to the domain with the real ldapmodify (ldap-utils), the way an admin applies the
 * service's fix LDIF. The LDIF goes on stdin; the bind password comes from the domain's 0600
 * password file (-y), never from the command line. `continueOnError` is ldapmodify's -c.
 */
export function runLdapModify(
  domain: SambaDomain,
  ldif: string,
  options: { continueOnError?: boolean; timeoutMs?: number } = {},
): Promise<LdapModifyResult> {
  const args = ['-x', '-H', domain.url, '-D', domain.adminDn, '-y', domain.passwordFile];
  if (options.continueOnError) args.push('-c');
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/ldapmodify', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.end(ldif);
  });
}
