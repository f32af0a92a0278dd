import type { SambaDomain } from '../../scripts/lib/sambaDomain';
import {
  createOu,
  createUser,
  readObject,
  runLdapModify,
  withAdminClient,
} from '../../scripts/lib/sambaSeed';
import type { PreflightRow } from '../../shared/preflight/model';
import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { agentOptions, runIn, startDomainWhenFree, stateFileIn } from './agentHarness';

/**
 * Preflight's whole loop against a real directory (issue 13, "The round trip"): objects that break
 * IdFix's rules are created in a Samba AD DC, read by the agent, reported by GET /api/preflight; the
 * fix LDIF from POST /api/preflight/ldif is applied to the domain by the real ldapmodify, as an admin
 * would; the agent's delta run carries the change, and the rows are gone. Then the undo LDIF, taken
 * before the fix, brings every value and row back.
 */

let domain: SambaDomain;
let service: TestService;
const tenantId = newTenantId();
const stateFile = stateFileIn('.agent-state.json');
let ou = '';
const dns: Record<string, string> = {};

beforeAll(async () => {
  domain = await startDomainWhenFree();
  service = await startTestService();
  await withAdminClient(domain, async (client) => {
    ou = await createOu(client, domain.baseDn, 'RoundTrip');
    const user = (cn: string, fields: Record<string, unknown>) =>
      createUser(client, ou, {
        cn,
        sAMAccountName: cn.toLowerCase().replace(/\W/g, ''),
        displayName: cn,
        ...fields,
      });
    // IdFix's own examples (SPEC "Preflight"): a dot before the @, two @, a space, a leading dot.
    dns.trailingDot = await user('John Doe', { userPrincipalName: 'jdoe.@contoso.com' });
    dns.twoAts = await user('A B', { userPrincipalName: 'a@b@contoso.com' });
    dns.space = await user('John Smith', {
      userPrincipalName: 'john smith@contoso.com',
      mailNickname: '.jsmith',
    });
    dns.proxy = await user('Mary Major', {
      userPrincipalName: 'mary@contoso.com',
      proxyAddresses: ['SMTP:mary@contoso.com', 'smtp:mary (sales)@contoso.com'],
    });
    // A top-level domain that does not route has no suggestion: the admin must choose, so it stays.
    dns.local = await user('Lee Local', { userPrincipalName: 'lee@contoso.local' });
    dns.clean = await user('Clean Carl', {
      userPrincipalName: 'carl@contoso.com',
      proxyAddresses: ['SMTP:carl@contoso.com'],
    });
  });
}, 180_000);

afterAll(async () => {
  await service?.stop();
  await domain?.stop();
});

async function admin(method: string, path: string, body?: unknown) {
  const token = await service.token(tenantId, 'GlobalAdministrator');
  return call(`${service.url}/api/${path}`, method, { token, ...(body === undefined ? {} : { body }) });
}

async function preflightRows(): Promise<PreflightRow[]> {
  const page = await admin('GET', 'preflight?top=999');
  expect(page.status).toBe(200);
  const body = page.json as { value: PreflightRow[]; continuationToken: string | null };
  expect(body.continuationToken).toBeNull();
  return body.value;
}

async function agentRun(): Promise<void> {
  const { result, stderr } = await runIn(
    agentOptions(domain, service, tenantId, { baseDns: [ou], stateFile }),
    domain.adminPassword,
  );
  expect({ exitCode: result.exitCode, stderr: stderr.filter((l) => /error|refused/i.test(l)) }).toEqual({
    exitCode: 0,
    stderr: [],
  });
}

const rowOf = (rows: PreflightRow[], dn: string, attribute: string) =>
  rows.filter((r) => r.distinguishedName?.toLowerCase() === dn.toLowerCase() && r.attribute === attribute);

/** The rows that matter to the loop: whose object, which attribute, value, suggestion. */
const shape = (rows: PreflightRow[]) =>
  rows
    .map(
      (r) => `${r.distinguishedName ?? ''} | ${r.attribute} | ${r.value ?? ''} -> ${r.suggestedValue ?? ''}`,
    )
    .sort();

async function adValues(dn: string) {
  return withAdminClient(domain, (client) =>
    readObject(client, dn, ['userPrincipalName', 'proxyAddresses', 'mailNickname']),
  );
}

test('fix LDIF → ldapmodify → agent delta clears the rows; the undo LDIF brings them back', async () => {
  await agentRun();
  const before = await preflightRows();
  expect(rowOf(before, dns.trailingDot!, 'userPrincipalName')).toMatchObject([
    { value: 'jdoe.@contoso.com', suggestedValue: 'jdoe@contoso.com', action: 'Edit' },
  ]);
  expect(rowOf(before, dns.twoAts!, 'userPrincipalName')).toMatchObject([
    { value: 'a@b@contoso.com', suggestedValue: 'ab@contoso.com' },
  ]);
  expect(rowOf(before, dns.space!, 'userPrincipalName')).toMatchObject([
    { value: 'john smith@contoso.com', suggestedValue: 'johnsmith@contoso.com' },
  ]);
  expect(rowOf(before, dns.space!, 'mailNickname')).toMatchObject([
    { value: '.jsmith', suggestedValue: 'jsmith' },
  ]);
  expect(rowOf(before, dns.proxy!, 'proxyAddresses')).toMatchObject([
    { value: 'smtp:mary (sales)@contoso.com', suggestedValue: 'smtp:marysales@contoso.com' },
  ]);
  expect(rowOf(before, dns.local!, 'userPrincipalName')).toMatchObject([
    { value: 'lee@contoso.local', suggestedValue: null, rules: expect.arrayContaining(['topLevelDomain']) },
  ]);
  expect(before.filter((r) => r.distinguishedName === dns.clean)).toEqual([]);

  // Both files are taken before the fix: afterwards the rows they describe are gone.
  const fix = await admin('POST', 'preflight/ldif', { all: true });
  const undo = await admin('POST', 'preflight/ldif?undo=true', { all: true });
  expect([fix.status, undo.status]).toEqual([200, 200]);

  const applied = await runLdapModify(domain, fix.text);
  expect({ exitCode: applied.exitCode, stderr: applied.stderr }).toEqual({ exitCode: 0, stderr: '' });
  expect(await adValues(dns.proxy!)).toMatchObject({
    proxyAddresses: expect.arrayContaining(['SMTP:mary@contoso.com', 'smtp:marysales@contoso.com']),
  });
  expect(await adValues(dns.space!)).toMatchObject({
    userPrincipalName: 'johnsmith@contoso.com',
    mailNickname: 'jsmith',
  });

  await agentRun();
  const after = await preflightRows();
  // Only what the admin must decide is left: the non-routable domain, which had no suggestion.
  expect(shape(after)).toEqual(shape(before.filter((r) => r.suggestedValue === null)));
  expect(after.map((r) => r.distinguishedName)).toEqual([dns.local]);

  const reverted = await runLdapModify(domain, undo.text);
  expect({ exitCode: reverted.exitCode, stderr: reverted.stderr }).toEqual({ exitCode: 0, stderr: '' });
  await agentRun();
  const restored = await preflightRows();
  expect(shape(restored)).toEqual(shape(before));
  // The same values give the same row ids: an LDIF made from the first report still addresses them.
  expect(restored.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
  expect(await adValues(dns.proxy!)).toMatchObject({
    proxyAddresses: expect.arrayContaining(['SMTP:mary@contoso.com', 'smtp:mary (sales)@contoso.com']),
  });
}, 180_000);
