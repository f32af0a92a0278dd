import { spawn } from 'node:child_process';
import path from 'node:path';
import type { SambaDomain } from '../../scripts/lib/sambaDomain';
import { createOu, createUser, withAdminClient } from '../../scripts/lib/sambaSeed';
import { newTenantId, ROOT, startTestService, type TestService } from '../support/service';
import {
  agentOptions,
  openSyncErrors,
  PASSWORD_ENV,
  runIn,
  runSyncCycle,
  sourceObjects,
  startDomainWhenFree,
  stateFileIn,
} from './agentHarness';

/**
 * Two forests feeding one tenant, the usual source of duplicate UPNs: AD (and Samba) refuse a
 * duplicate UPN within a forest, even in case variants, so forest A and forest B are two real
 * domains (CONTOSO.TEST, then FABRIKAM.TEST), one after the other: Samba listens on port 389 only,
 * so only one runs at a time. Forest B is read by the real command line, node dist/agent/cli.js.
 */
let service: TestService;
const tenantId = newTenantId();
const stateA = stateFileIn('forest-a.json');
const stateB = stateFileIn('forest-b.json');
const SHARED_UPN = 'dup@contoso.test';
let forestAAnchors: string[] = [];

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI, as a scheduler starts it: password in the environment, nothing secret on the line. */
function cli(args: string[], password?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
    if (password !== undefined) env[PASSWORD_ENV] = password;
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'agent', 'cli.js'), ...args], { env });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsc', '-b', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`tsc -b tsconfig.build.json failed (${code ?? 'killed'}):\n${output}`));
    });
  });
}

beforeAll(async () => {
  service = await startTestService();
  await build();
}, 300_000);

afterAll(async () => {
  await service?.stop();
});

describe('forest A (CONTOSO.TEST)', () => {
  let domain: SambaDomain;
  let people = '';

  beforeAll(async () => {
    domain = await startDomainWhenFree();
    await withAdminClient(domain, async (client) => {
      people = await createOu(client, domain.baseDn, 'People');
      await createUser(client, people, {
        cn: 'Ann Archer',
        sAMAccountName: 'ann',
        userPrincipalName: SHARED_UPN,
        displayName: 'Ann Archer',
        proxyAddresses: ['SMTP:ann@contoso.test', 'smtp:shared@contoso.test'],
      });
      await createUser(client, people, {
        cn: 'Ben Baker',
        sAMAccountName: 'ben',
        userPrincipalName: 'ben@contoso.test',
        displayName: 'Ben Baker',
        proxyAddresses: ['SMTP:ben@contoso.test', 'smtp:shared@contoso.test'],
      });
    });
  }, 300_000);

  afterAll(async () => {
    await domain?.stop();
  });

  it('two AD users sharing a proxy address → agent → sync cycle → the proxy address error in the list', async () => {
    const { result } = await runIn(
      agentOptions(domain, service, tenantId, { baseDns: [people], stateFile: stateA }),
      domain.adminPassword,
    );
    expect(result).toMatchObject({ mode: 'full', sent: 2, exitCode: 0 });
    forestAAnchors = (await sourceObjects(service, tenantId)).map((o) => o.sourceAnchor);
    expect(forestAAnchors).toHaveLength(2);
    await runSyncCycle(service, tenantId);
    const errors = await openSyncErrors(service, tenantId);
    const proxy = errors.filter((e) => e.attribute === 'ProxyAddresses');
    expect(proxy).toHaveLength(1);
    expect(proxy[0]!.value.toLowerCase()).toContain('shared@contoso.test');
    expect(proxy[0]!.errorType).toBe('QuarantinedAttributeValueMustBeUnique');
    expect(
      [proxy[0]!.existingObject?.sourceAnchor, proxy[0]!.conflictingObject?.sourceAnchor].sort(),
    ).toEqual([...forestAAnchors].sort());
  });
});

describe('forest B (FABRIKAM.TEST), through the real command line', () => {
  let domain: SambaDomain;
  let people = '';
  const args = (extra: string[] = []): string[] => [
    '--ldap-url',
    domain.url,
    '--bind-dn',
    domain.adminDn,
    '--password-env',
    PASSWORD_ENV,
    '--base-dn',
    people,
    '--state-file',
    stateB,
    '--url',
    service.url,
    '--dev-tenant',
    tenantId,
    ...extra,
  ];

  beforeAll(async () => {
    domain = await startDomainWhenFree({ realm: 'FABRIKAM.TEST' });
    await withAdminClient(domain, async (client) => {
      people = await createOu(client, domain.baseDn, 'People');
      await createUser(client, people, {
        cn: 'Cai Chen',
        sAMAccountName: 'cai',
        userPrincipalName: SHARED_UPN,
        displayName: 'Cai Chen',
        proxyAddresses: ['SMTP:cai@fabrikam.test'],
      });
    });
  }, 300_000);

  afterAll(async () => {
    await domain?.stop();
  });

  it('prints its usage with --help, and refuses bad input with exit code 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run -s agent -- --ldap-url/);
    const bad = await cli(args(['--source-anchor', 'upn']), domain.adminPassword);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/^agent: --source-anchor must be mS-DS-ConsistencyGuid or objectGUID\n$/);
    const noPassword = await cli(args());
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/AGENT_TEST_BIND_PASSWORD \(--password-env\) is not set/);
  });

  it('a wrong password: a clear message, exit code 3, nothing sent, no password in the output', async () => {
    const wrong = `${domain.adminPassword}-nope`;
    const result = await cli(args(), wrong);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /stopped, nothing more sent: the directory at ldap:\/\/127\.0\.0\.1:389 refused the bind .*wrong DN or password/,
    );
    expect(result.stderr).not.toContain(wrong);
    expect(await sourceObjects(service, tenantId)).toHaveLength(2);
  });

  it('--dry-run prints JSON lines and a summary, and sends nothing', async () => {
    const result = await cli(args(['--dry-run']), domain.adminPassword);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ op: 'put', object: { userPrincipalName: SHARED_UPN } });
    expect(lines[1]).toMatch(
      /^agent: dry run, full run: read 1, would send 1, would delete 0, not delivered 0/,
    );
    expect(await sourceObjects(service, tenantId)).toHaveLength(2);
  });

  it('feeds the same tenant, neither run deleting the other forest\u2019s objects, and the duplicate UPN is an error', async () => {
    const first = await cli(args(), domain.adminPassword);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^agent: full run: read 1, sent 1, deleted 0, not delivered 0 in [\d.]+ s \(\d+ objects\/s\)\n$/,
    );
    expect(first.stderr).toMatch(/full run \(no state file yet\)/);
    expect(first.stderr).not.toContain(domain.adminPassword);
    const full = await cli(args(['--full']), domain.adminPassword);
    expect(full.code).toBe(0);
    expect(full.stdout).toMatch(/full run: read 1, sent 1, deleted 0/);
    const delta = await cli(args(), domain.adminPassword);
    expect(delta.stdout).toMatch(/^agent: delta run: read 0, sent 0, deleted 0/);

    const all = await sourceObjects(service, tenantId);
    expect(all.filter((o) => !o.deleted)).toHaveLength(3);
    for (const anchor of forestAAnchors)
      expect(all.find((o) => o.sourceAnchor === anchor)?.deleted).toBe(false);

    await runSyncCycle(service, tenantId);
    const upn = (await openSyncErrors(service, tenantId)).filter((e) => e.attribute === 'UserPrincipalName');
    expect(upn).toHaveLength(1);
    expect(upn[0]).toMatchObject({ errorType: 'QuarantinedAttributeValueMustBeUnique' });
    expect(upn[0]!.value.toLowerCase()).toBe(SHARED_UPN);
  });
});
