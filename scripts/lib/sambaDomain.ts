import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'ldapts';
import { isPortListening } from './azuriteProcess';
import { extendSchemaForAgent } from './sambaSchema';

/**
 * A throwaway Samba Active Directory domain controller for the agent's tests and benchmark: a real
 * directory server speaking LDAP with AD's schema (objectGUID, objectSid, proxyAddresses,
 * mS-DS-ConsistencyGuid, uSNChanged, tombstones), provisioned in its own temporary folder and
 * stopped by its own process id.
 */
export interface SambaDomain {
  url: string;
  baseDn: string;
  adminDn: string;
  /** Random per domain; never printed. */
  adminPassword: string;
  realm: string;
  /** The NetBIOS domain name, e.g. 'CONTOSO'. */
  domain: string;
  pid: number;
  /** The domain's temporary folder (database, configuration, logs); removed by stop(). */
  folder: string;
  /** A 0600 file in the folder holding adminPassword, for tools that read it from a file (ldapmodify -y). */
  passwordFile: string;
  /**
   * The CA of the self-signed certificate samba makes at its first start, for ldaps:// (port 636)
   * and StartTLS; the certificate names dc1.<realm>, not 127.0.0.1, so a client passes that name as
   * the TLS servername (checked: both bind with `{ ca, servername: 'dc1.contoso.test' }`).
   */
  caFile: string;
  /**
   * Whether users, contacts and groups can carry msRTCSIP-PrimaryUserAddress and mailNickname:
   * Samba's base schema lacks both (Lync and Exchange bring them on real AD); the harness adds them.
   */
  supportsSipAttribute: boolean;
  /** SIGTERM by its pid, SIGKILL after a few seconds, waits for the exit, removes the folder; idempotent. */
  stop(): Promise<void>;
}

export interface StartSambaDomainOptions {
  /** DNS realm, default 'CONTOSO.TEST'. */
  realm?: string;
  /** NetBIOS domain, default the realm's first label in capitals. */
  domain?: string;
  /** Receives samba-tool's and samba's output, one line at a time (never a password). */
  log?: (line: string) => void;
  /** How long provisioning and start-up may take together, default 60 s. */
  deadlineMs?: number;
  /** How long to wait for port 389 to be free before failing, default 30 s. */
  portWaitMs?: number;
}

/** Samba's LDAP port; we know of no way to move it, so one domain runs at a time. */
export const SAMBA_LDAP_PORT = 389;
const SAMBA = '/usr/sbin/samba';
const SAMBA_TOOL = '/usr/bin/samba-tool';
// Samba's Python bindings live in the system interpreter, not in whatever python3 is first on PATH.
const SYSTEM_PYTHON = '/usr/bin/python3';
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_LINES = 30;

export function baseDnOfRealm(realm: string): string {
  return realm
    .toLowerCase()
    .split('.')
    .map((label) => `DC=${label}`)
    .join(',');
}

/**
 * Who listens on a local TCP port, as `ss` names it (e.g. `samba (pid 1234)`), or undefined when
 * `ss` cannot say; used only to make the "port taken" message useful.
 */
export function portHolder(port: number): string | undefined {
  const result = spawnSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const holders = [...result.stdout.matchAll(/\("([^"]+)",pid=(\d+)/g)].map((m) => `${m[1]} (pid ${m[2]})`);
  return holders.length > 0 ? [...new Set(holders)].join(', ') : undefined;
}

/** The last lines a process wrote, for error messages; each line also goes to the caller's log. */
class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly log?: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  text(): string {
    if (this.partial) this.add(this.partial);
    this.partial = '';
    return this.lines.join('\n');
  }

  private add(raw: string): void {
    // Provisioning without --adminpass logs the random password it made up; it is replaced at once,
    // but it is still a password and must not reach a log.
    const line = /password/i.test(raw) ? '[a line naming a password, withheld]' : raw.trimEnd();
    if (line === '') return;
    this.log?.(line);
    this.lines.push(line);
    if (this.lines.length > OUTPUT_TAIL_LINES) this.lines.shift();
  }
}

interface RunResult {
  status: number | null;
  output: string;
}

function run(
  command: string,
  args: readonly string[],
  options: { input?: string; timeoutMs: number; tail: OutputTail },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.stdout.on('data', (c: Buffer) => options.tail.push(c));
    child.stderr.on('data', (c: Buffer) => options.tail.push(c));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output: options.tail.text() });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A password that meets AD's default complexity rule (three of four character classes, 7+ long). */
function randomAdminPassword(): string {
  return `Aa1-${randomBytes(18).toString('base64url')}`;
}

/**
 * Our settings in smb.conf's [global]: loopback only; simple binds over plain LDAP (tests bind
 * without TLS); only the LDAP service (no SMB, Kerberos, RPC, NBT... : fewer ports, faster start);
 * schema updates allowed so the harness can add msRTCSIP-PrimaryUserAddress; no fsync; logs in the folder.
 */
function patchSmbConf(file: string, folder: string): void {
  const ours = [
    'interfaces = lo',
    'bind interfaces only = yes',
    'ldap server require strong auth = no',
    'server services = ldap',
    'dsdb:schema update allowed = true',
    // A throwaway database need not survive a power cut: without an fsync per write, seeding
    // thousands of objects is several times faster (Samba's own test suite runs this way).
    'ldb:nosync = true',
    `log file = ${path.join(folder, 'samba.log')}`,
  ];
  const replaced = new Set(ours.map((line) => line.split('=')[0]?.trim()));
  const kept = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !replaced.has(line.split('=')[0]?.trim()));
  const global = kept.findIndex((line) => line.trim() === '[global]');
  if (global < 0) throw new Error(`Samba's provisioned ${file} has no [global] section`);
  kept.splice(global + 1, 0, ...ours.map((line) => `\t${line}`));
  writeFileSync(file, kept.join('\n'));
}

// Sets the Administrator's password through Samba's own Python API, reading it from stdin, so that
// it never appears on a command line (samba-tool's --adminpass would put it there).
const SET_PASSWORD_PY = `
import sys
from samba.samdb import SamDB
from samba.param import LoadParm
from samba.auth import system_session
lp = LoadParm()
lp.load(sys.argv[1])
db = SamDB(url=sys.argv[2], session_info=system_session(), lp=lp)
db.setpassword('(sAMAccountName=Administrator)', sys.stdin.read(), False)
`;

async function canBind(url: string, dn: string, password: string): Promise<boolean> {
  const client = new Client({ url, connectTimeout: 1_000, timeout: 2_000 });
  try {
    await client.bind(dn, password);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

const FOLDER_PREFIX = 'samba-dc-';
const OWNER_FILE = 'owner.pid';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A jest killed outright takes samba with it (samba ends on EOF on its stdin) but cannot remove the
 * domain's folder; the next start removes folders whose owning process is gone. Folders of live
 * processes (another test run on this machine) are left alone.
 */
function removeAbandonedFolders(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(FOLDER_PREFIX)) continue;
    const folder = path.join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(path.join(folder, OWNER_FILE), 'utf8'));
    } catch {
      continue; // Not one of ours, or still being created.
    }
    if (Number.isInteger(owner) && owner > 0 && !isAlive(owner))
      rmSync(folder, { recursive: true, force: true });
  }
}

/** A domain that could not be started; whatever was started for it is stopped and removed. */
export class SambaStartError extends Error {
  override name = 'SambaStartError';
}

/** Domains still running in this process: killed on the way out, whatever the reason for leaving. */
const running = new Map<number, { child: ChildProcess; folder: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [pid, { folder }] of running) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      rmSync(folder, { recursive: true, force: true });
    }
  });
}

/**
 * Provisions a fresh domain in a new temporary folder, starts samba on 127.0.0.1:389 and waits
 * until the Administrator can bind. On any failure, stops what it started, removes the folder and
 * throws with the last lines of samba's output. Samba reads a pipe on stdin and ends itself when
 * it closes, so even a jest that is killed outright leaves no samba behind.
 */
export async function startSambaDomain(options: StartSambaDomainOptions = {}): Promise<SambaDomain> {
  const realm = (options.realm ?? 'CONTOSO.TEST').toUpperCase();
  const domain = (options.domain ?? realm.split('.')[0] ?? 'CONTOSO').toUpperCase();

  // Another domain may be on its way out (a test file's afterAll, another developer's run): wait a
  // little for the port before naming what holds it.
  const portDeadline = Date.now() + (options.portWaitMs ?? 30_000);
  while ((await isPortListening(SAMBA_LDAP_PORT)) && Date.now() < portDeadline)
    await new Promise((r) => setTimeout(r, 250));
  if (await isPortListening(SAMBA_LDAP_PORT)) {
    const holder = portHolder(SAMBA_LDAP_PORT);
    throw new Error(
      `Cannot start a Samba domain: 127.0.0.1:${SAMBA_LDAP_PORT} is already in use` +
        `${holder ? ` by ${holder}` : ' (ss could not say by what)'}. Stop it first; only one test domain runs at a time.`,
    );
  }

  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  const remaining = (): number => Math.max(1, deadline - Date.now());
  removeAbandonedFolders();
  const folder = mkdtempSync(path.join(tmpdir(), FOLDER_PREFIX));
  writeFileSync(path.join(folder, OWNER_FILE), String(process.pid));
  const smbConf = path.join(folder, 'etc', 'smb.conf');
  const samLdb = path.join(folder, 'private', 'sam.ldb');
  const passwordFile = path.join(folder, 'admin-password');
  const adminPassword = randomAdminPassword();
  const baseDn = baseDnOfRealm(realm);
  const adminDn = `CN=Administrator,CN=Users,${baseDn}`;
  const url = `ldap://127.0.0.1:${SAMBA_LDAP_PORT}`;
  const tail = new OutputTail(options.log);
  let child: ChildProcess | undefined;

  const abandon = async (reason: string, cause?: unknown): Promise<never> => {
    if (child) await killAndWait(child);
    rmSync(folder, { recursive: true, force: true });
    const lines = tail.text();
    throw new SambaStartError(`${reason}${lines ? `\nLast lines of samba's output:\n${lines}` : ''}`, {
      cause,
    });
  };

  try {
    const provision = await run(
      SAMBA_TOOL,
      [
        'domain',
        'provision',
        `--realm=${realm}`,
        `--domain=${domain}`,
        '--server-role=dc',
        '--dns-backend=NONE',
        '--host-name=dc1',
        `--targetdir=${folder}`,
      ],
      { timeoutMs: remaining(), tail },
    );
    if (provision.status !== 0)
      return await abandon(`samba-tool domain provision failed (exit ${provision.status ?? 'killed'})`);
    patchSmbConf(smbConf, folder);
    const setPassword = await run(SYSTEM_PYTHON, ['-c', SET_PASSWORD_PY, smbConf, samLdb], {
      input: adminPassword,
      timeoutMs: remaining(),
      tail,
    });
    if (setPassword.status !== 0)
      return await abandon(
        `Setting the Administrator password failed (exit ${setPassword.status ?? 'killed'})`,
      );
    writeFileSync(passwordFile, adminPassword, { mode: 0o600 });

    // -i: stay in the foreground and log to stdout; -M single: one process, so its pid is all of it.
    child = spawn(SAMBA, ['-i', '-M', 'single', '-s', smbConf], { stdio: ['pipe', 'pipe', 'pipe'] });
    const started = child;
    started.stdout?.on('data', (c: Buffer) => tail.push(c));
    started.stderr?.on('data', (c: Buffer) => tail.push(c));
    const spawnError = new Promise<Error>((resolve) => started.once('error', resolve));
    const pid = started.pid;
    if (pid === undefined) return await abandon(`Could not start ${SAMBA}: ${(await spawnError).message}`);
    installExitHook();
    running.set(pid, { child: started, folder });

    while (!(await canBind(url, adminDn, adminPassword))) {
      if (started.exitCode !== null || started.signalCode !== null)
        return await abandon(
          `samba exited (${started.exitCode ?? started.signalCode}) before answering LDAP`,
        );
      if (Date.now() >= deadline)
        return await abandon(
          `samba did not accept a bind on ${url} within ${options.deadlineMs ?? 60_000} ms`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }

    // Samba lacks two attributes the agent reads; without them the domain still serves the rest.
    const supportsSipAttribute = await extendSchemaForAgent({ url, baseDn, adminDn, adminPassword }).then(
      () => true,
      (error: unknown) => {
        options.log?.(
          `mailNickname and msRTCSIP-PrimaryUserAddress could not be added to the schema: ${String(error)}`,
        );
        return false;
      },
    );

    let stopping: Promise<void> | undefined;
    return {
      url,
      baseDn,
      adminDn,
      adminPassword,
      realm,
      domain,
      pid,
      folder,
      passwordFile,
      caFile: path.join(folder, 'private', 'tls', 'ca.pem'),
      supportsSipAttribute,
      stop: () => {
        stopping ??= (async () => {
          await killAndWait(started);
          running.delete(pid);
          rmSync(folder, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (error instanceof SambaStartError) throw error;
    return abandon(
      `Starting the Samba domain failed: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
}

/** SIGTERM to the process's own pid, SIGKILL if it is still there after a grace period; resolves on exit. */
async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = waitForExit(child);
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(force);
  if (child.pid !== undefined) running.delete(child.pid);
}
