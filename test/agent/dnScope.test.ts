import { isInScope, isUnderDn, normalizeDn, outermostDns, rdnsOf } from '../../agent/dnScope';
import { BatchBuilder } from '../../agent/batches';
import { namingContextOf } from '../../agent/directoryReader';
import { AgentStop } from '../../agent/errors';
import type { SourceObjectPayload } from '../../agent/mapping';

describe('DN scope', () => {
  it('is under its base, and the base is under itself', () => {
    expect(isUnderDn('CN=Jane,OU=Sales,DC=contoso,DC=com', 'OU=Sales,DC=contoso,DC=com')).toBe(true);
    expect(isUnderDn('OU=Sales,DC=contoso,DC=com', 'OU=Sales,DC=contoso,DC=com')).toBe(true);
  });

  it('ignores case and spaces around separators', () => {
    expect(isUnderDn('cn=Jane, ou=SALES , dc=Contoso,dc=COM', 'OU = Sales,DC=contoso,DC=com')).toBe(true);
    expect(normalizeDn('CN=A, OU = B')).toBe('cn=a,ou=b');
  });

  it('compares whole RDNs, not text suffixes', () => {
    expect(isUnderDn('CN=Jane,OU=PreSales,DC=contoso,DC=com', 'OU=Sales,DC=contoso,DC=com')).toBe(false);
    expect(isUnderDn('CN=Jane,OU=Sales,DC=contoso,DC=com', 'CN=Jane,OU=Sales,DC=contoso,DC=com,DC=x')).toBe(
      false,
    );
  });

  it('keeps escaped commas inside their RDN', () => {
    expect(rdnsOf('CN=Doe\\, Jane,OU=Sales,DC=x')).toEqual(['cn=doe\\, jane', 'ou=sales', 'dc=x']);
    expect(isUnderDn('CN=x,OU=Sales\\,Paris,DC=x', 'OU=Paris,DC=x')).toBe(false);
  });

  it('is in scope under any base DN, never without a DN', () => {
    const bases = ['OU=A,DC=x', 'OU=B,DC=x'];
    expect(isInScope('CN=1,OU=B,DC=x', bases)).toBe(true);
    expect(isInScope('CN=1,OU=C,DC=x', bases)).toBe(false);
    expect(isInScope(null, bases)).toBe(false);
    expect(isInScope('CN=1,OU=A,DC=x', [])).toBe(false);
  });
});

describe('BatchBuilder', () => {
  const object = (i: number, size = 10): SourceObjectPayload => ({
    sourceAnchor: `a${i}`,
    distinguishedName: `CN=${i}`,
    objectType: 'Group',
    userPrincipalName: null,
    mailNickname: null,
    displayName: 'd'.repeat(size),
    proxyAddresses: [],
    sipProxyAddress: null,
    onPremisesSecurityIdentifier: null,
  });

  it('closes a batch at 1,000 objects', () => {
    const builder = new BatchBuilder();
    const full: number[] = [];
    for (let i = 0; i < 2500; i++) {
      const batch = builder.add(object(i));
      if (batch) full.push(batch.length);
    }
    expect(full).toEqual([1000, 1000]);
    expect(builder.take()).toHaveLength(500);
    expect(builder.take()).toHaveLength(0);
  });

  it('closes a batch before it passes the byte limit, the object that did not fit starting the next', () => {
    const one = Buffer.byteLength(JSON.stringify(object(0, 300))) + 1;
    const builder = new BatchBuilder(1000, Math.floor(one * 2.5));
    const sizes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const batch = builder.add(object(i, 300));
      if (batch) sizes.push(batch.length);
    }
    expect(sizes.every((n) => n === 2)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0) + builder.take().length).toBe(10);
  });
});

describe('namingContextOf', () => {
  const rootDse = {
    dsServiceName: 'CN=NTDS Settings,CN=DC1',
    highestCommittedUSN: 1n,
    namingContexts: ['DC=contoso,DC=com', 'CN=Configuration,DC=contoso,DC=com', 'DC=child,DC=contoso,DC=com'],
    defaultNamingContext: 'DC=contoso,DC=com',
  };
  it('is the longest naming context the base DN lies under', () => {
    expect(namingContextOf('OU=Sync,DC=child,DC=contoso,DC=com', rootDse)).toBe('DC=child,DC=contoso,DC=com');
    expect(namingContextOf('ou=sync,dc=CONTOSO,dc=com', rootDse)).toBe('DC=contoso,DC=com');
  });
  it('stops the run for a base DN in no naming context of this DC, rather than search another one', () => {
    expect(() => namingContextOf('OU=Sync,DC=fabrikam,DC=com', rootDse)).toThrow(AgentStop);
    expect(() => namingContextOf('OU=Sync,DC=fabrikam,DC=com', rootDse)).toThrow(/no naming context/);
  });
});

describe('outermostDns', () => {
  it('reads a base DN under another, or given twice, only with the outer one', () => {
    expect(
      outermostDns([
        'OU=People,OU=Sync,DC=contoso,DC=com',
        'OU=Sync,DC=contoso,DC=com',
        'ou=sync,dc=CONTOSO,dc=com',
        'OU=Groups,DC=contoso,DC=com',
      ]),
    ).toEqual(['OU=Sync,DC=contoso,DC=com', 'OU=Groups,DC=contoso,DC=com']);
    expect(outermostDns(['OU=A,DC=x', 'OU=B,DC=x'])).toEqual(['OU=A,DC=x', 'OU=B,DC=x']);
  });
});
