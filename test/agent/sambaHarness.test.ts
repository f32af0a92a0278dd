import { Client, InvalidCredentialsError } from 'ldapts';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isPortListening } from '../../scripts/lib/azuriteProcess';
import { SAMBA_LDAP_PORT, startSambaDomain, type SambaDomain } from '../../scripts/lib/sambaDomain';
import {
  bulkCreateUsers,
  createContact,
  createGroup,
  createOuPath,
  createUser,
  deleteObject,
  modifyObject,
  moveObject,
  readIdentity,
  readObject,
  runLdapModify,
  withAdminClient,
} from '../../scripts/lib/sambaSeed';

/** The harness every Samba-backed test uses: a real AD domain controller, provisioned, seeded, stopped. */
let domain: SambaDomain;
const outputLines: string[] = [];

beforeAll(async () => {
  domain = await startSambaDomain({ log: (line) => outputLines.push(line) });
}, 90_000);

afterAll(async () => {
  await domain?.stop();
});

test('a fresh domain answers a simple bind as its Administrator on 127.0.0.1:389', async () => {
  expect(domain.url).toBe('ldap://127.0.0.1:389');
  expect(domain.baseDn).toBe('DC=contoso,DC=test');
  expect(domain.adminDn).toBe('CN=Administrator,CN=Users,DC=contoso,DC=test');
  expect(domain.realm).toBe('CONTOSO.TEST');
  expect(domain.supportsSipAttribute).toBe(true);
  const rootDse = await withAdminClient(domain, (client) =>
    client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['defaultNamingContext'] }),
  );
  expect(rootDse.searchEntries[0]?.defaultNamingContext).toBe(domain.baseDn);
  // The random password never reaches the output we collected, nor is it a fixed one.
  expect(outputLines.length).toBeGreaterThan(0);
  expect(outputLines.join('\n')).not.toContain(domain.adminPassword);
  expect(statSync(domain.passwordFile).mode & 0o777).toBe(0o600);
  expect(readFileSync(domain.caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
});

test('a wrong password is refused', async () => {
  const client = new Client({ url: domain.url });
  try {
    await expect(client.bind(domain.adminDn, `${domain.adminPassword}x`)).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
  } finally {
    await client.unbind();
  }
});

test('seeds a nested OU, a user with two proxy addresses and a consistency GUID, and reads them back', async () => {
  const consistencyGuid = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  await withAdminClient(domain, async (client) => {
    const ou = await createOuPath(client, domain.baseDn, ['Harness', 'People']);
    expect(ou).toBe(`OU=People,OU=Harness,${domain.baseDn}`);
    const dn = await createUser(client, ou, {
      cn: 'Jane Doe',
      sAMAccountName: 'jdoe',
      userPrincipalName: 'jdoe@contoso.test',
      displayName: 'Jane Doe',
      givenName: 'Jane',
      sn: 'Doe',
      mailNickname: 'jdoe',
      proxyAddresses: ['SMTP:jane.doe@contoso.test', 'smtp:jdoe@contoso.test'],
      sipAddress: 'sip:jane.doe@contoso.test',
      consistencyGuid,
    });
    const user = await readObject(client, dn);
    expect(user.sAMAccountName).toBe('jdoe');
    expect(user.userPrincipalName).toBe('jdoe@contoso.test');
    expect(user.mailNickname).toBe('jdoe');
    expect(user['msRTCSIP-PrimaryUserAddress']).toBe('sip:jane.doe@contoso.test');
    expect([...(user.proxyAddresses as string[])].sort()).toEqual([
      'SMTP:jane.doe@contoso.test',
      'smtp:jdoe@contoso.test',
    ]);
    expect(user['mS-DS-ConsistencyGuid']).toEqual(consistencyGuid);
    const identity = await readIdentity(client, dn);
    expect(identity.objectGUID).toHaveLength(16);
    // S-1-5-21-…: revision 1, five sub-authorities after the 21 (three domain, one RID).
    expect(identity.objectSid?.[0]).toBe(1);
    expect(identity.objectSid?.readUInt32LE(8)).toBe(21);
    expect(identity.uSNChanged).toBeGreaterThan(0);

    const contact = await createContact(client, ou, {
      cn: 'External Partner',
      mailNickname: 'partner',
      proxyAddresses: ['SMTP:partner@fabrikam.test'],
    });
    expect((await readIdentity(client, contact)).objectSid).toBeUndefined();
    const group = await createGroup(client, ou, {
      cn: 'Harness Group',
      sAMAccountName: 'harness-group',
      mailNickname: 'harnessgroup',
      members: [dn],
    });
    expect((await readObject(client, group, ['member'])).member).toBe(dn);

    // Modify, move (the GUID follows the object), delete (the object is gone from its place).
    await modifyObject(client, dn, { displayName: 'Jane Q. Doe', mailNickname: null });
    const modified = await readIdentity(client, dn);
    expect(modified.uSNChanged).toBeGreaterThan(identity.uSNChanged);
    const after = await readObject(client, dn, ['displayName', 'mailNickname']);
    expect(after.displayName).toBe('Jane Q. Doe');
    // ldapts lists a requested attribute the entry lacks as an empty list.
    expect(after.mailNickname ?? []).toEqual([]);
    const elsewhere = await createOuPath(client, domain.baseDn, ['Elsewhere']);
    const moved = await moveObject(client, contact, elsewhere);
    expect(moved).toBe(`CN=External Partner,${elsewhere}`);
    await deleteObject(client, moved);
    await expect(readObject(client, moved)).rejects.toThrow();
  });
});

test('ldapmodify applies an LDIF to the domain, and reports a failing one', async () => {
  const ou = await withAdminClient(domain, (client) => createOuPath(client, domain.baseDn, ['Ldif']));
  const dn = await withAdminClient(domain, (client) =>
    createUser(client, ou, {
      cn: 'ldif1',
      sAMAccountName: 'ldif1',
      userPrincipalName: 'ldif1@contoso.local',
    }),
  );
  const applied = await runLdapModify(
    domain,
    `dn: ${dn}\nchangetype: modify\nreplace: userPrincipalName\nuserPrincipalName: ldif1@contoso.test\n-\n`,
  );
  expect(applied.exitCode).toBe(0);
  const upn = await withAdminClient(domain, (client) => readObject(client, dn, ['userPrincipalName']));
  expect(upn.userPrincipalName).toBe('ldif1@contoso.test');

  const refused = await runLdapModify(domain, `dn: CN=nobody,${ou}\nchangetype: delete\n`);
  expect(refused.exitCode).not.toBe(0);
  expect(refused.stderr).toMatch(/No such object/i);
});

test('bulk creation makes every user it was asked for', async () => {
  const ou = await withAdminClient(domain, (client) => createOuPath(client, domain.baseDn, ['Bulk']));
  const dns = await bulkCreateUsers(domain, ou, 200);
  expect(new Set(dns).size).toBe(200);
  const found = await withAdminClient(domain, (client) =>
    client.search(ou, { scope: 'one', filter: '(objectClass=user)', attributes: ['1.1'], paged: true }),
  );
  expect(found.searchEntries).toHaveLength(200);
});

test('stop() ends samba by its pid, frees port 389, removes the folder, and may be called again', async () => {
  const { pid, folder } = domain;
  await domain.stop();
  expect(() => process.kill(pid, 0)).toThrow();
  expect(await isPortListening(SAMBA_LDAP_PORT)).toBe(false);
  expect(existsSync(folder)).toBe(false);
  await domain.stop();
});
