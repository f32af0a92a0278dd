import { readFile } from 'node:fs/promises';
import { Client, Control, InvalidCredentialsError, NoSuchObjectError, ResultCodeError } from 'ldapts';
import { guidStringFromBytes } from './directoryIds';
import { isUnderDn } from './dnScope';
import { AgentStop } from './errors';
import {
  BUFFER_ATTRIBUTE_SPELLINGS,
  READ_ATTRIBUTES,
  textValue,
  textValues,
  type LdapEntry,
} from './ldapEntry';

/** LDAP_SERVER_SHOW_DELETED_OID: the search also returns tombstones. */
export const SHOW_DELETED_OID = '1.2.840.113556.1.4.417';
export const PAGE_SIZE = 1000;

/** Entra Connect's object types: users that are people (not computers), contacts, groups. */
const OBJECT_CLASSES =
  '(|(&(objectCategory=person)(objectClass=user))(objectClass=contact)(objectClass=group))';
/**
 * Entra Connect's default rules leave out critical system objects (Administrator, Guest, krbtgt,
 * the built-in groups): they are never synchronized.
 */
const NOT_SYSTEM = '(!(isCriticalSystemObject=TRUE))';

export function liveFilter(minUsn: bigint | null): string {
  return `(&${OBJECT_CLASSES}${NOT_SYSTEM}${minUsn === null ? '' : `(uSNChanged>=${minUsn})`})`;
}

/** Tombstones lose objectCategory, so they are told apart by objectClass alone. */
export function tombstoneFilter(minUsn: bigint): string {
  return `(&(isDeleted=TRUE)(uSNChanged>=${minUsn})(|(objectClass=user)(objectClass=contact)(objectClass=group))(!(objectClass=computer)))`;
}

export interface RootDse {
  dsServiceName: string;
  highestCommittedUSN: bigint;
  namingContexts: string[];
  defaultNamingContext: string | null;
}

export interface ConnectOptions {
  ldapUrl: string;
  bindDn: string;
  password: string;
  caFile: string | null;
  startTls: boolean;
  connectTimeoutMs?: number;
}

/** An open, bound connection to one domain controller. */
export class DirectoryConnection {
  private constructor(private readonly client: Client) {}

  /** Connects (TLS or StartTLS as asked) and binds; every failure is an AgentStop that says which. */
  static async open(options: ConnectOptions): Promise<DirectoryConnection> {
    let ca: Buffer | undefined;
    if (options.caFile !== null) {
      ca = await readFile(options.caFile).catch((error: unknown) => {
        throw new AgentStop(`cannot read --ca-file ${options.caFile ?? ''}: ${(error as Error).message}`);
      });
    }
    const tlsOptions = ca === undefined ? {} : { ca };
    const client = new Client({
      url: options.ldapUrl,
      connectTimeout: options.connectTimeoutMs ?? 15_000,
      timeout: 300_000,
      tlsOptions,
    });
    try {
      if (options.startTls) await client.startTLS(tlsOptions);
      await client.bind(options.bindDn, options.password);
    } catch (error) {
      await client.unbind().catch(() => undefined);
      if (error instanceof InvalidCredentialsError) {
        throw new AgentStop(
          `the directory at ${options.ldapUrl} refused the bind of ${options.bindDn}: wrong DN or password (LDAP result 49)`,
        );
      }
      if (error instanceof ResultCodeError) {
        throw new AgentStop(
          `the directory at ${options.ldapUrl} refused the bind: ${error.message} (LDAP result ${error.code})`,
        );
      }
      throw new AgentStop(`cannot reach the directory at ${options.ldapUrl}: ${describe(error)}`);
    }
    return new DirectoryConnection(client);
  }

  async rootDse(): Promise<RootDse> {
    const { searchEntries } = await this.client.search('', {
      scope: 'base',
      filter: '(objectClass=*)',
      attributes: ['dsServiceName', 'highestCommittedUSN', 'namingContexts', 'defaultNamingContext'],
    });
    const entry = searchEntries[0];
    const usn = entry === undefined ? null : textValue(entry, 'highestCommittedUSN');
    const dsServiceName = entry === undefined ? null : textValue(entry, 'dsServiceName');
    if (entry === undefined || usn === null || !/^\d+$/.test(usn) || dsServiceName === null) {
      throw new AgentStop(
        'the directory has no highestCommittedUSN or dsServiceName in its rootDSE: is it Active Directory?',
      );
    }
    return {
      dsServiceName,
      highestCommittedUSN: BigInt(usn),
      namingContexts: textValues(entry, 'namingContexts'),
      defaultNamingContext: textValue(entry, 'defaultNamingContext'),
    };
  }

  /** The DC's invocationId (it changes when its database is restored), or null when unreadable. */
  async invocationId(dsServiceName: string): Promise<string | null> {
    try {
      const { searchEntries } = await this.client.search(dsServiceName, {
        scope: 'base',
        attributes: ['invocationId'],
        explicitBufferAttributes: ['invocationId', 'invocationID'],
      });
      const raw = Object.entries(searchEntries[0] ?? {}).find(
        ([k]) => k.toLowerCase() === 'invocationid',
      )?.[1];
      const bytes = Array.isArray(raw) ? raw[0] : raw;
      return Buffer.isBuffer(bytes) && bytes.length === 16 ? guidStringFromBytes(bytes) : null;
    } catch {
      return null;
    }
  }

  /** Live users, contacts and groups under `baseDn`, a page (up to 1,000) at a time. */
  async *searchLive(baseDn: string, minUsn: bigint | null): AsyncGenerator<LdapEntry[]> {
    yield* this.paged(baseDn, liveFilter(minUsn), [], `--base-dn ${baseDn}`);
  }

  /** Tombstones of users, contacts and groups changed since `minUsn`, through the Show Deleted control. */
  async *searchTombstones(namingContext: string, minUsn: bigint): AsyncGenerator<LdapEntry[]> {
    yield* this.paged(
      namingContext,
      tombstoneFilter(minUsn),
      [new Control(SHOW_DELETED_OID, { critical: true })],
      namingContext,
    );
  }

  /**
   * Whether this account may list the Deleted Objects container: without "List Contents" and
   * "Read Property" on it, AD answers tombstone searches with nothing rather than an error.
   */
  async canListDeletedObjects(namingContext: string): Promise<boolean> {
    try {
      const { searchEntries } = await this.client.search(
        `CN=Deleted Objects,${namingContext}`,
        { scope: 'base', attributes: ['objectGUID'], explicitBufferAttributes: ['objectGUID'] },
        new Control(SHOW_DELETED_OID, { critical: true }),
      );
      return searchEntries.length === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.client.unbind().catch(() => undefined);
  }

  private async *paged(
    base: string,
    filter: string,
    controls: Control[],
    what: string,
  ): AsyncGenerator<LdapEntry[]> {
    try {
      for await (const page of this.client.searchPaginated(
        base,
        {
          scope: 'sub',
          filter,
          attributes: [...READ_ATTRIBUTES],
          explicitBufferAttributes: BUFFER_ATTRIBUTE_SPELLINGS,
          paged: { pageSize: PAGE_SIZE },
        },
        controls,
      )) {
        yield page.searchEntries;
      }
    } catch (error) {
      if (error instanceof NoSuchObjectError) throw new AgentStop(`${what} does not exist in the directory`);
      if (error instanceof ResultCodeError)
        throw new AgentStop(`searching ${what} failed: ${error.message} (LDAP result ${error.code})`);
      throw new AgentStop(`the directory stopped answering while reading ${what}: ${describe(error)}`);
    }
  }
}

/** The naming context (domain partition) holding `baseDn`: the longest one it lies under. */
export function namingContextOf(baseDn: string, rootDse: RootDse): string {
  const candidates = [...rootDse.namingContexts, rootDse.defaultNamingContext ?? ''].filter(
    (nc) => nc !== '' && isUnderDn(baseDn, nc),
  );
  candidates.sort((a, b) => b.length - a.length);
  // No fallback to the default naming context: a delta would search a partition the base DN is
  // not in, and see none of its changes.
  const found = candidates[0];
  if (found === undefined) throw new AgentStop(`--base-dn ${baseDn} is in no naming context of this DC`);
  return found;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message;
  }
  return String(error);
}
