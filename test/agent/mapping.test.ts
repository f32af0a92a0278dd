import { randomBytes } from 'node:crypto';
import type { LdapEntry } from '../../agent/ldapEntry';
import {
  mapEntry,
  mapTombstone,
  objectTypeOf,
  type MappedObject,
  type RefusedObject,
} from '../../agent/mapping';

const GUID = Buffer.from('d707ccf7157c7d44876dc01b0e5a9e38', 'hex');
const SID = Buffer.from('010500000000000515000000a065cf7e784b9b5fe77c8770f4010000', 'hex');

function user(overrides: Partial<LdapEntry> = {}): LdapEntry {
  return {
    dn: 'CN=Jane Doe,OU=Sales,DC=contoso,DC=com',
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    objectGUID: GUID,
    objectSid: SID,
    userPrincipalName: 'jane@contoso.com',
    displayName: 'Jane Doe',
    mailNickname: 'jane',
    proxyAddresses: ['SMTP:jane@contoso.com', 'smtp:jd@contoso.com', 'X500:/o=Contoso/cn=jane'],
    'msRTCSIP-PrimaryUserAddress': 'sip:jane@contoso.com',
    distinguishedName: 'CN=Jane Doe,OU=Sales,DC=contoso,DC=com',
    uSNChanged: '12345',
    ...overrides,
  };
}

const mapped = (entry: LdapEntry, mode: 'mS-DS-ConsistencyGuid' | 'objectGUID' = 'mS-DS-ConsistencyGuid') => {
  const result = mapEntry(entry, mode);
  if (result.kind !== 'object') throw new Error(`refused: ${result.reason}`);
  return result;
};
const refusedOf = (entry: LdapEntry): RefusedObject => {
  const result = mapEntry(entry, 'mS-DS-ConsistencyGuid');
  if (result.kind !== 'refused') throw new Error('was not refused');
  return result;
};

describe('mapEntry', () => {
  it('maps a user attribute by attribute', () => {
    const result: MappedObject = mapped(user());
    expect(result.object).toEqual({
      sourceAnchor: '1wfM9xV8fUSHbcAbDlqeOA==',
      distinguishedName: 'CN=Jane Doe,OU=Sales,DC=contoso,DC=com',
      objectType: 'User',
      userPrincipalName: 'jane@contoso.com',
      mailNickname: 'jane',
      displayName: 'Jane Doe',
      proxyAddresses: ['SMTP:jane@contoso.com', 'smtp:jd@contoso.com', 'X500:/o=Contoso/cn=jane'],
      sipProxyAddress: 'sip:jane@contoso.com',
      onPremisesSecurityIdentifier: 'S-1-5-21-2127521184-1604012920-1887927527-500',
    });
    expect(result.objectGuid).toBe('f7cc07d7-7c15-447d-876d-c01b0e5a9e38');
    expect(result.guidAnchor).toBe('1wfM9xV8fUSHbcAbDlqeOA==');
  });

  it('takes mS-DS-ConsistencyGuid as the anchor when set', () => {
    const consistency = randomBytes(16);
    const result = mapped(user({ 'mS-DS-ConsistencyGuid': consistency }));
    expect(result.object.sourceAnchor).toBe(consistency.toString('base64'));
    expect(result.guidAnchor).toBe('1wfM9xV8fUSHbcAbDlqeOA==');
  });

  it('takes objectGUID when --source-anchor objectGUID forces it', () => {
    const result = mapped(user({ 'mS-DS-ConsistencyGuid': randomBytes(16) }), 'objectGUID');
    expect(result.object.sourceAnchor).toBe('1wfM9xV8fUSHbcAbDlqeOA==');
  });

  it('treats an empty mS-DS-ConsistencyGuid as unset', () => {
    expect(mapped(user({ 'mS-DS-ConsistencyGuid': Buffer.alloc(0) })).object.sourceAnchor).toBe(
      '1wfM9xV8fUSHbcAbDlqeOA==',
    );
  });

  it('reads attribute names whatever their case', () => {
    const entry = user();
    delete entry.objectGUID;
    delete entry.userPrincipalName;
    entry.objectguid = GUID;
    entry.USERPRINCIPALNAME = 'jane@contoso.com';
    const result = mapped(entry);
    expect(result.object.sourceAnchor).toBe('1wfM9xV8fUSHbcAbDlqeOA==');
    expect(result.object.userPrincipalName).toBe('jane@contoso.com');
  });

  it('keeps a single proxy address as a list, and an absent one as an empty list', () => {
    expect(mapped(user({ proxyAddresses: 'SMTP:jane@contoso.com' })).object.proxyAddresses).toEqual([
      'SMTP:jane@contoso.com',
    ]);
    const entry = user();
    delete entry.proxyAddresses;
    expect(mapped(entry).object.proxyAddresses).toEqual([]);
  });

  it('sends null for what AD does not have, so that a PUT clears a removed value', () => {
    const entry = user({ displayName: [], mailNickname: [] });
    delete entry['msRTCSIP-PrimaryUserAddress'];
    const result = mapped(entry);
    expect(result.object.displayName).toBeNull();
    expect(result.object.mailNickname).toBeNull();
    expect(result.object.sipProxyAddress).toBeNull();
  });

  it('maps contacts (no SID) and groups, and gives neither a UPN', () => {
    const contact = mapped(
      user({ objectClass: ['top', 'person', 'organizationalPerson', 'contact'], objectSid: [] }),
    ).object;
    expect(contact.objectType).toBe('Contact');
    expect(contact.onPremisesSecurityIdentifier).toBeNull();
    expect(contact.userPrincipalName).toBeNull();
    const group = mapped(user({ objectClass: ['top', 'group'] })).object;
    expect(group.objectType).toBe('Group');
    expect(group.userPrincipalName).toBeNull();
    expect(group.onPremisesSecurityIdentifier).toBe('S-1-5-21-2127521184-1604012920-1887927527-500');
  });

  it('falls back on the entry DN when distinguishedName was not returned', () => {
    const entry = user();
    delete entry.distinguishedName;
    expect(mapped(entry).object.distinguishedName).toBe(entry.dn);
  });

  describe('refuses, with the reason and without sending, what the service would refuse', () => {
    it('a user without a UPN (the anchor is kept, so the object is never deleted for it)', () => {
      const entry = user();
      delete entry.userPrincipalName;
      const result = refusedOf(entry);
      expect(result.reason).toMatch(/userPrincipalName: a User needs a userPrincipalName/);
      expect(result.sourceAnchor).toBe('1wfM9xV8fUSHbcAbDlqeOA==');
      expect(result.objectGuid).toBe('f7cc07d7-7c15-447d-876d-c01b0e5a9e38');
    });

    it('a display name beyond AD bounds or with a control character', () => {
      expect(refusedOf(user({ displayName: 'x'.repeat(257) })).reason).toMatch(/^displayName:/);
      expect(refusedOf(user({ displayName: 'Jane\nDoe' })).reason).toMatch(/control characters/);
    });

    it('a mailNickname over 64 characters, a proxy address over 1,123, two primary SMTP addresses', () => {
      expect(refusedOf(user({ mailNickname: 'm'.repeat(65) })).reason).toMatch(/^mailNickname:/);
      expect(refusedOf(user({ proxyAddresses: [`smtp:${'a'.repeat(1120)}@x`] })).reason).toMatch(
        /^proxyAddresses\.0:/,
      );
      expect(refusedOf(user({ proxyAddresses: ['SMTP:a@x.com', 'SMTP:b@x.com'] })).reason).toMatch(
        /at most one primary SMTP/,
      );
    });

    it('more than 1,000 proxy addresses', () => {
      const many = Array.from({ length: 1001 }, (_, i) => `smtp:a${i}@contoso.com`);
      expect(refusedOf(user({ proxyAddresses: many })).reason).toMatch(/^proxyAddresses:/);
    });

    it('an anchor too long for the service (a consistency GUID of 48 bytes)', () => {
      expect(refusedOf(user({ 'mS-DS-ConsistencyGuid': randomBytes(48) })).reason).toMatch(/^sourceAnchor:/);
    });

    it('an entry without objectGUID, or with a malformed one or a malformed SID', () => {
      const entry = user();
      delete entry.objectGUID;
      expect(refusedOf(entry)).toMatchObject({ reason: 'it has no objectGUID', sourceAnchor: null });
      expect(refusedOf(user({ objectGUID: Buffer.alloc(8) })).reason).toMatch(/16 bytes, not 8/);
      expect(refusedOf(user({ objectSid: Buffer.alloc(9) })).reason).toMatch(/SID/);
    });

    it('a binary attribute that came back as text (its bytes are lost)', () => {
      expect(refusedOf(user({ objectGUID: 'not bytes' })).reason).toMatch(/came back as text/);
    });

    it('an entry that is no user, contact or group', () => {
      expect(refusedOf(user({ objectClass: ['top', 'person', 'user', 'computer'] })).reason).toMatch(
        /is no user, group or contact/,
      );
    });
  });
});

describe('objectTypeOf', () => {
  it.each([
    [['top', 'person', 'organizationalPerson', 'user'], 'User'],
    [['top', 'person', 'organizationalPerson', 'user', 'inetOrgPerson'], 'User'],
    [['top', 'person', 'organizationalPerson', 'contact'], 'Contact'],
    [['top', 'group'], 'Group'],
    [['TOP', 'GROUP'], 'Group'],
    [['top', 'person', 'organizationalPerson', 'user', 'computer'], null],
    [['top', 'organizationalUnit'], null],
  ])('%j → %s', (classes, expected) => {
    expect(objectTypeOf(classes)).toBe(expected);
  });
});

describe('mapTombstone', () => {
  const tombstone = (overrides: Partial<LdapEntry> = {}): LdapEntry => ({
    dn: 'CN=Jane Doe\\0ADEL:f7cc07d7-7c15-447d-876d-c01b0e5a9e38,CN=Deleted Objects,DC=contoso,DC=com',
    objectGUID: GUID,
    isDeleted: 'TRUE',
    lastKnownParent: 'OU=Sales,DC=contoso,DC=com',
    ...overrides,
  });

  it("uses the objectGUID's anchor when nothing else is known", () => {
    expect(mapTombstone(tombstone(), 'mS-DS-ConsistencyGuid', new Map())).toEqual({
      dn: expect.stringContaining('DEL:'),
      objectGuid: 'f7cc07d7-7c15-447d-876d-c01b0e5a9e38',
      guidAnchor: '1wfM9xV8fUSHbcAbDlqeOA==',
      anchor: '1wfM9xV8fUSHbcAbDlqeOA==',
      lastKnownParent: 'OU=Sales,DC=contoso,DC=com',
    });
  });

  it('uses the consistency GUID the tombstone kept', () => {
    const consistency = randomBytes(16);
    const result = mapTombstone(
      tombstone({ 'mS-DS-ConsistencyGuid': consistency }),
      'mS-DS-ConsistencyGuid',
      new Map(),
    );
    expect(result?.anchor).toBe(consistency.toString('base64'));
  });

  it('uses the anchor the state file recorded when the tombstone lost its consistency GUID', () => {
    const known = new Map([['1wfM9xV8fUSHbcAbDlqeOA==', 'AAAAAAAAAAAAAAAAAAAAAA==']]);
    expect(mapTombstone(tombstone(), 'mS-DS-ConsistencyGuid', known)?.anchor).toBe(
      'AAAAAAAAAAAAAAAAAAAAAA==',
    );
    expect(mapTombstone(tombstone(), 'objectGUID', known)?.anchor).toBe('1wfM9xV8fUSHbcAbDlqeOA==');
  });

  it('skips a tombstone without a usable objectGUID', () => {
    expect(mapTombstone(tombstone({ objectGUID: Buffer.alloc(3) }), 'objectGUID', new Map())).toBeNull();
  });
});
