import {
  compareOrdinal,
  isPrimarySmtpAddress,
  normalizeProxyAddress,
  normalizeSecurityIdentifier,
  normalizeSipProxyAddress,
  normalizeUserPrincipalName,
  primarySmtpAddress,
} from '../../../shared/directory/normalize';

describe('normalize', () => {
  test('a UPN compares lower-cased', () => {
    expect(normalizeUserPrincipalName('Joe.J@Contoso.COM')).toBe('joe.j@contoso.com');
  });

  test.each(['SMTP:Joe@Contoso.com', 'smtp:joe@contoso.com', 'SmTp:JOE@contoso.com', 'joe@CONTOSO.com'])(
    'proxy address %s normalizes to the bare lower-case address',
    (address) => {
      expect(normalizeProxyAddress(address)).toBe('joe@contoso.com');
    },
  );

  test('other proxy address types keep their prefix, so they never equal an SMTP address', () => {
    expect(normalizeProxyAddress('SIP:joe@contoso.com')).toBe('sip:joe@contoso.com');
    expect(normalizeProxyAddress('X500:/o=Contoso/cn=Joe')).toBe('x500:/o=contoso/cn=joe');
  });

  test('only a leading prefix is stripped', () => {
    expect(normalizeProxyAddress('joe.smtp:x@contoso.com')).toBe('joe.smtp:x@contoso.com');
  });

  test.each(['SIP:Joe@Contoso.com', 'sip:joe@contoso.com', 'Sip:JOE@contoso.com', 'joe@contoso.com'])(
    'SIP address %s normalizes to the bare lower-case address',
    (sip) => {
      expect(normalizeSipProxyAddress(sip)).toBe('joe@contoso.com');
    },
  );

  test('a SID compares lower-cased', () => {
    expect(normalizeSecurityIdentifier('S-1-5-21-1004336348-1177238915-682003330-512')).toBe(
      's-1-5-21-1004336348-1177238915-682003330-512',
    );
  });

  test('the primary SMTP address is the one with an upper-case SMTP: prefix', () => {
    expect(isPrimarySmtpAddress('SMTP:joe@contoso.com')).toBe(true);
    expect(isPrimarySmtpAddress('smtp:joe@contoso.com')).toBe(false);
    expect(isPrimarySmtpAddress('Smtp:joe@contoso.com')).toBe(false);
    expect(primarySmtpAddress(['smtp:a@contoso.com', 'SMTP:Joe@Contoso.com'])).toBe('joe@contoso.com');
    expect(primarySmtpAddress(['smtp:a@contoso.com'])).toBeNull();
    expect(primarySmtpAddress([])).toBeNull();
  });

  test('anchors order by ordinal, case-sensitively, whatever the locale', () => {
    const anchors = ['b', 'B', 'a', 'A+/', 'A'];
    expect([...anchors].sort(compareOrdinal)).toEqual(['A', 'A+/', 'B', 'a', 'b']);
    expect(compareOrdinal('x', 'x')).toBe(0);
  });
});
