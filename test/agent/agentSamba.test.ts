import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { immutableIdFromObjectGuid } from '../../shared/directory/immutableId';
import type { SambaDomain } from '../../scripts/lib/sambaDomain';
import {
  bulkCreateUsers,
  createContact,
  createGroup,
  createOu,
  createUser,
  deleteObject,
  modifyObject,
  moveObject,
  readIdentity,
  withAdminClient,
} from '../../scripts/lib/sambaSeed';
import { guidStringFromBytes } from '../../agent/directoryIds';
import type { AgentOptions } from '../../agent/options';
import { call, newTenantId, startTestService, type TestService } from '../support/service';
import {
  agentOptions,
  byDn,
  runIn,
  sourceObjects,
  startDomainWhenFree,
  stateFileIn,
  type SourceView,
} from './agentHarness';

/**
 * The agent against a real AD domain controller (Samba) and the real service: one domain for the
 * whole file, seeded once, then full, dry, delta, lost-state and --full runs in order.
 */
let domain: SambaDomain;
let service: TestService;
let domainSid = '';
const tenantId = newTenantId();
const stateFile = stateFileIn('.agent-state.json');
const dns: Record<string, string> = {};
const BULK = 1_050;
let syncOu = '';
let outsideOu = '';
const bobConsistency = randomBytes(16);

const options = (overrides: Partial<AgentOptions> = {}): AgentOptions =>
  agentOptions(domain, service, tenantId, { baseDns: [syncOu], stateFile, ...overrides });
const run = (overrides: Partial<AgentOptions> = {}) => runIn(options(overrides), domain.adminPassword);
const anchorOfDn = async (dn: string): Promise<string> => {
  const identity = await withAdminClient(domain, (client) => readIdentity(client, dn));
  return immutableIdFromObjectGuid(guidStringFromBytes(identity.objectGUID));
};

beforeAll(async () => {
  domain = await startDomainWhenFree({
    log: (line) => {
      domainSid = /DOMAIN SID:\s+(S-1-5-21-[\d-]+)/.exec(line)?.[1] ?? domainSid;
    },
  });
  service = await startTestService();
  await withAdminClient(domain, async (client) => {
    syncOu = await createOu(client, domain.baseDn, 'Sync');
    outsideOu = await createOu(client, domain.baseDn, 'Outside');
    const people = await createOu(client, syncOu, 'People');
    dns.alice = await createUser(client, people, {
      cn: 'Alice Adams',
      sAMAccountName: 'alice',
      userPrincipalName: 'alice@contoso.test',
      displayName: 'Alice Adams',
      mailNickname: 'alice',
      proxyAddresses: [
        'SMTP:alice@contoso.test',
        'smtp:aa@contoso.test',
        'X500:/o=Contoso/ou=First/cn=alice',
      ],
      sipAddress: 'sip:alice@contoso.test',
    });
    dns.bob = await createUser(client, people, {
      cn: 'Bob Brown',
      sAMAccountName: 'bob',
      userPrincipalName: 'bob@contoso.test',
      displayName: 'Bob Brown',
      consistencyGuid: bobConsistency,
    });
    dns.carol = await createUser(client, people, {
      cn: 'Carol Clark',
      sAMAccountName: 'carol',
      userPrincipalName: 'carol@contoso.test',
    });
    dns.dave = await createUser(client, people, {
      cn: 'Dave Dunn',
      sAMAccountName: 'dave',
      userPrincipalName: 'dave@contoso.test',
    });
    dns.contact = await createContact(client, people, {
      cn: 'Vendor Contact',
      displayName: 'Vendor Contact',
      proxyAddresses: ['SMTP:vendor@fabrikam.test'],
    });
    dns.group = await createGroup(client, people, {
      cn: 'Sales Team',
      sAMAccountName: 'sales-team',
      displayName: 'Sales Team',
      mailNickname: 'sales',
      members: [dns.alice],
    });
    dns.outsider = await createUser(client, outsideOu, {
      cn: 'Olive Outside',
      sAMAccountName: 'olive',
      userPrincipalName: 'olive@contoso.test',
    });
  });
  const bulkOu = await withAdminClient(domain, (client) => createOu(client, syncOu, 'Bulk'));
  await bulkCreateUsers(domain, bulkOu, BULK);
}, 360_000);

afterAll(async () => {
  await service?.stop();
  await domain?.stop();
});

describe('the agent against a Samba AD domain controller', () => {
  let first: SourceView[];

  it('reads everything under the base DN on its first run, past 1,000 objects (paging)', async () => {
    const { result, stdout } = await run();
    expect(result).toMatchObject({
      mode: 'full',
      fullReason: 'no state file yet',
      exitCode: 0,
      notDelivered: [],
    });
    expect(result.read).toBe(BULK + 6);
    expect(result.sent).toBe(BULK + 6);
    expect(stdout).toEqual([]);
    first = await sourceObjects(service, tenantId);
    expect(first).toHaveLength(BULK + 6);
    expect(new Set(first.map((o) => o.sourceAnchor)).size).toBe(BULK + 6);
    expect(byDn(first, dns.outsider!)).toBeUndefined();
    expect(first.every((o) => o.distinguishedName?.endsWith(syncOu))).toBe(true);
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
      identity: { dsServiceName: string };
      highestCommittedUSN: string;
    };
    expect(state.identity.dsServiceName).toMatch(/^CN=NTDS Settings,CN=DC1,/);
    expect(BigInt(state.highestCommittedUSN)).toBeGreaterThan(0n);
  });

  it('anchors each object with the ImmutableId of its objectGUID, and a consistency GUID wins when set', async () => {
    for (const name of ['alice', 'carol', 'dave', 'contact', 'group']) {
      expect(byDn(first, dns[name]!)?.sourceAnchor).toBe(await anchorOfDn(dns[name]!));
    }
    expect(byDn(first, dns.bob!)?.sourceAnchor).toBe(bobConsistency.toString('base64'));
    expect(byDn(first, dns.bob!)?.sourceAnchor).not.toBe(await anchorOfDn(dns.bob!));
  });

  it('maps SIDs to S-1-5-21-… of the domain, proxy addresses whole, SIP, types and names', () => {
    expect(domainSid).toMatch(/^S-1-5-21-\d+-\d+-\d+$/);
    const alice = byDn(first, dns.alice!)!;
    expect(alice.onPremisesSecurityIdentifier).toMatch(new RegExp(`^${domainSid}-\\d{4,}$`));
    expect(byDn(first, dns.group!)!.onPremisesSecurityIdentifier).toMatch(
      new RegExp(`^${domainSid}-\\d{4,}$`),
    );
    expect(alice.onPremisesSecurityIdentifier).not.toBe(byDn(first, dns.bob!)!.onPremisesSecurityIdentifier);
    expect([...alice.proxyAddresses].sort()).toEqual(
      ['SMTP:alice@contoso.test', 'smtp:aa@contoso.test', 'X500:/o=Contoso/ou=First/cn=alice'].sort(),
    );
    expect(alice).toMatchObject({
      objectType: 'User',
      userPrincipalName: 'alice@contoso.test',
      displayName: 'Alice Adams',
      mailNickname: 'alice',
      sipProxyAddress: 'sip:alice@contoso.test',
    });
    expect(byDn(first, dns.contact!)).toMatchObject({
      objectType: 'Contact',
      userPrincipalName: null,
      onPremisesSecurityIdentifier: null,
      proxyAddresses: ['SMTP:vendor@fabrikam.test'],
    });
    expect(byDn(first, dns.group!)).toMatchObject({ objectType: 'Group', mailNickname: 'sales' });
  });

  it('--dry-run prints what it would send, and sends and saves nothing', async () => {
    await withAdminClient(domain, (client) =>
      modifyObject(client, dns.alice!, { displayName: 'Alice (dry)' }),
    );
    const before = readFileSync(stateFile, 'utf8');
    const { result, stdout } = await run({ dryRun: true });
    expect(result).toMatchObject({ mode: 'delta', dryRun: true, exitCode: 0 });
    const lines = stdout.map((l) => JSON.parse(l) as { op: string; object?: { displayName: string } });
    expect(lines).toContainEqual(
      expect.objectContaining({ op: 'put', object: expect.objectContaining({ displayName: 'Alice (dry)' }) }),
    );
    expect(byDn(await sourceObjects(service, tenantId), dns.alice!)?.displayName).toBe('Alice Adams');
    expect(readFileSync(stateFile, 'utf8')).toBe(before);
  });

  it('a delta run sends only what changed: a modify, a new user, a delete (tombstone) and a move out of scope', async () => {
    const people = dns.alice!.slice(dns.alice!.indexOf(',') + 1);
    const bobAnchor = byDn(first, dns.bob!)!.sourceAnchor;
    const carolAnchor = byDn(first, dns.carol!)!.sourceAnchor;
    const daveAnchor = byDn(first, dns.dave!)!.sourceAnchor;
    await withAdminClient(domain, async (client) => {
      await modifyObject(client, dns.alice!, {
        displayName: 'Alice Adams-Smith',
        proxyAddresses: ['SMTP:alice@contoso.test', 'smtp:alice.smith@contoso.test'],
      });
      dns.erin = await createUser(client, people, {
        cn: 'Erin Evans',
        sAMAccountName: 'erin',
        userPrincipalName: 'erin@contoso.test',
      });
      await deleteObject(client, dns.carol!);
      // Bob's tombstone loses mS-DS-ConsistencyGuid: the state file remembers the anchor it was sent with.
      await deleteObject(client, dns.bob!);
      dns.dave = await moveObject(client, dns.dave!, outsideOu);
      await modifyObject(client, dns.outsider!, { displayName: 'Olive, still outside' });
    });
    const { result, stderr } = await run();
    expect(result).toMatchObject({ mode: 'delta', exitCode: 0, deleted: 3 });
    expect(result.read).toBeLessThanOrEqual(3);
    expect(stderr.join('\n')).toMatch(/delta run: changes since USN \d+/);
    const after = await sourceObjects(service, tenantId);
    expect(byDn(after, dns.alice!)).toMatchObject({
      displayName: 'Alice Adams-Smith',
      proxyAddresses: ['SMTP:alice@contoso.test', 'smtp:alice.smith@contoso.test'],
      deleted: false,
    });
    expect(byDn(after, dns.erin!)?.sourceAnchor).toBe(await anchorOfDn(dns.erin!));
    const anchor = (a: string) => after.find((o) => o.sourceAnchor === a);
    expect(anchor(carolAnchor)?.deleted).toBe(true);
    expect(anchor(bobAnchor)?.deleted).toBe(true);
    expect(anchor(daveAnchor)?.deleted).toBe(true);
    expect(byDn(after, dns.outsider!)).toBeUndefined();
    expect(after.filter((o) => o.deleted)).toHaveLength(3);

    const again = await run();
    expect(again.result).toMatchObject({ mode: 'delta', read: 0, sent: 0, deleted: 0, exitCode: 0 });
  });

  it('a lost state file means one full run, and nothing lost', async () => {
    const before = await sourceObjects(service, tenantId);
    rmSync(stateFile);
    const gone = await withAdminClient(domain, async (client) => {
      const dn = `CN=bulk00007,OU=Bulk,${syncOu}`;
      await deleteObject(client, dn);
      return dn;
    });
    const goneAnchor = byDn(before, gone)!.sourceAnchor;
    await withAdminClient(domain, (client) =>
      modifyObject(client, dns.erin!, { displayName: 'Erin after the loss' }),
    );
    const { result } = await run();
    // What was deleted while the state file was lost is deleted too: the full run compares.
    expect(result).toMatchObject({ mode: 'full', fullReason: 'no state file yet', exitCode: 0, deleted: 1 });
    expect(result.read).toBe(BULK + 3);
    const after = await sourceObjects(service, tenantId);
    expect(after).toHaveLength(before.length);
    expect(
      after
        .filter((o) => !o.deleted)
        .map((o) => o.sourceAnchor)
        .sort(),
    ).toEqual(
      before
        .filter((o) => !o.deleted && o.sourceAnchor !== goneAnchor)
        .map((o) => o.sourceAnchor)
        .sort(),
    );
    expect(after.find((o) => o.sourceAnchor === goneAnchor)?.deleted).toBe(true);
    expect(byDn(after, dns.erin!)?.displayName).toBe('Erin after the loss');
    expect(existsSync(stateFile)).toBe(true);
    expect((await run()).result).toMatchObject({ mode: 'delta', read: 0 });
  });

  it('--full deletes what the service holds under the base DNs that AD no longer has, and nothing elsewhere', async () => {
    const token = await service.token(tenantId, 'SyncAgent');
    const ghost = (name: string, dn: string) => ({
      sourceAnchor: randomBytes(16).toString('base64'),
      distinguishedName: dn,
      objectType: 'User',
      userPrincipalName: `${name}@contoso.test`,
    });
    const inScope = ghost('ghost', `CN=Ghost,OU=People,${syncOu}`);
    const elsewhere = ghost('other', 'CN=Other,OU=Paris,DC=fabrikam,DC=test');
    expect(
      (
        await call(`${service.url}/api/source-objects`, 'PUT', {
          token,
          body: { objects: [inScope, elsewhere] },
        })
      ).status,
    ).toBe(200);
    const { result } = await run({ full: true });
    expect(result).toMatchObject({ mode: 'full', fullReason: '--full', deleted: 1, exitCode: 0 });
    const after = await sourceObjects(service, tenantId);
    expect(after.find((o) => o.sourceAnchor === inScope.sourceAnchor)?.deleted).toBe(true);
    expect(after.find((o) => o.sourceAnchor === elsewhere.sourceAnchor)?.deleted).toBe(false);
  });

  it('two runs with two base DNs (two forests) feed one tenant, and neither deletes the other\u2019s objects', async () => {
    const tenant = newTenantId();
    const stateA = stateFileIn('a.json');
    const stateB = stateFileIn('b.json');
    const runFor = (baseDn: string, file: string, full = false) =>
      runIn(
        agentOptions(domain, service, tenant, { baseDns: [baseDn], stateFile: file, full }),
        domain.adminPassword,
      );
    expect((await runFor(syncOu, stateA)).result.sent).toBe(BULK + 3);
    expect((await runFor(outsideOu, stateB)).result.sent).toBe(2);
    expect((await runFor(syncOu, stateA, true)).result).toMatchObject({ deleted: 0, exitCode: 0 });
    expect((await runFor(outsideOu, stateB, true)).result).toMatchObject({ deleted: 0, exitCode: 0 });
    // A change in B's scope is outside A's: A's delta reads it and leaves it to B.
    await withAdminClient(domain, (client) =>
      modifyObject(client, dns.outsider!, { displayName: 'Olive again' }),
    );
    expect((await runFor(syncOu, stateA)).result).toMatchObject({ read: 0, deleted: 0 });
    const all = await sourceObjects(service, tenant);
    expect(all.filter((o) => !o.deleted)).toHaveLength(BULK + 5);
  });

  it('an unreachable directory or a wrong password stops the run with a clear message, and sends nothing', async () => {
    const tenant = newTenantId();
    const lonely = stateFileIn('x.json');
    const unreachable = runIn(
      agentOptions(domain, service, tenant, { ldapUrl: 'ldap://127.0.0.1:1', stateFile: lonely }),
      domain.adminPassword,
    );
    await expect(unreachable).rejects.toThrow(
      /cannot reach the directory at ldap:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
    const wrong = `${domain.adminPassword}-wrong`;
    const refused = await runIn(agentOptions(domain, service, tenant, { stateFile: lonely }), wrong).catch(
      (e: unknown) => e as Error,
    );
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(
      /refused the bind of CN=Administrator,CN=Users,DC=contoso,DC=test: wrong DN or password/,
    );
    expect((refused as Error).message).not.toContain(wrong);
    expect(await sourceObjects(service, tenant)).toEqual([]);
    expect(existsSync(lonely)).toBe(false);
  });

  it('reports an object the service would refuse, sends the rest, and exits 1', async () => {
    await withAdminClient(domain, (client) =>
      createUser(client, `OU=People,${syncOu}`, { cn: 'No Upn', sAMAccountName: 'noupn' }),
    );
    const { result, stderr } = await run();
    expect(result.exitCode).toBe(1);
    expect(result.notDelivered).toEqual([
      expect.objectContaining({
        dn: `CN=No Upn,OU=People,${syncOu}`,
        reason: expect.stringMatching(/a User needs a userPrincipalName/),
      }),
    ]);
    expect(stderr.join('\n')).toMatch(
      /not delivered: CN=No Upn,OU=People,OU=Sync,DC=contoso,DC=test: userPrincipalName/,
    );
  });

  it('a consistency GUID set on an object already sent moves it to that anchor: the old one is deleted, not kept twice', async () => {
    const before = await sourceObjects(service, tenantId);
    const erin = byDn(before, dns.erin!)!;
    expect(erin.sourceAnchor).toBe(await anchorOfDn(dns.erin!));
    // As an admin does to hard-match a user to an existing cloud object (its ImmutableId).
    const consistency = randomBytes(16);
    await withAdminClient(domain, (client) =>
      modifyObject(client, dns.erin!, { 'mS-DS-ConsistencyGuid': consistency }),
    );
    const { result } = await run();
    expect(result).toMatchObject({ mode: 'delta', deleted: 1 });
    const after = await sourceObjects(service, tenantId);
    const copies = after.filter((o) => o.distinguishedName === dns.erin && !o.deleted);
    expect(copies.map((o) => o.sourceAnchor)).toEqual([consistency.toString('base64')]);
    expect(after.find((o) => o.sourceAnchor === erin.sourceAnchor)?.deleted).toBe(true);
  });
});
