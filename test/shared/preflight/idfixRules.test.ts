import { checkRfc2822 } from '../../../shared/preflight/rfc2822';
import { commonNameOf } from '../../../shared/preflight/commonName';
import {
  checkDisplayName,
  checkMailNickname,
  checkProxyAddress,
  checkUpn,
} from '../../../shared/preflight/valueChecks';
import { preflight, rowOf, source } from './preflightFixtures';

/**
 * IdFix's multi-tenant rules, value by value, as its v2.6 source runs them (github.com/microsoft/idfix,
 * `src/IdFix/...`; each test names the file and line it follows). `checks.value` is what IdFix itself
 * proposes; `suggestedValue` is the row's suggestion, which finishes that where IdFix leaves a value
 * that still fails.
 */

describe('userPrincipalName (IdFix Rules/MultiTenantRuleCollection.cs:132-137)', () => {
  it('upnTooLong: StringMaxLengthRule(113) flags a longer UPN and cuts it to 113 (Rules/Shared/StringMaxLengthRule.cs)', () => {
    const upn = `${'a'.repeat(60)}@${'b'.repeat(44)}.contoso.com`; // 60 + 1 + 56 = 117
    const result = checkUpn(upn, null);
    expect(result.rules).toContain('upnTooLong');
    expect(result.value).toBe(upn.slice(0, 113));
  });

  it('upnPrefixTooLong: more than 64 before the @, as IdFix docs "Errors supported by the IdFix tool.md" promise', () => {
    const upn = `${'j'.repeat(65)}@contoso.com`;
    expect(checkUpn(upn, null).rules).toEqual(['upnPrefixTooLong', 'identityDataValidationFailed']);
    expect(checkUpn(`${'j'.repeat(64)}@contoso.com`, null).rules).toEqual([]);
    const row = rowOf(preflight([source('A', { userPrincipalName: upn })]), 'A', 'userPrincipalName');
    expect(row.suggestedValue).toBe(`${'j'.repeat(64)}@contoso.com`);
  });

  it('upnDomainTooLong: more than 48 after the @, as IdFix docs "Errors supported by the IdFix tool.md" promise', () => {
    const domain = `${'d'.repeat(45)}.com`; // 49
    expect(checkUpn(`jdoe@${domain}`, null).rules).toContain('upnDomainTooLong');
    expect(checkUpn(`jdoe@${domain.slice(1)}`, null).rules).not.toContain('upnDomainTooLong');
  });

  it('upnInvalidCharacter: Settings/Constants.cs:31 removes whitespace, \\ % & * + / = ? \' { } | < > ( ) ; : , [ ] " and umlauts', () => {
    // Entra refuses the space too: the engine's verdict comes with IdFix's.
    expect(checkUpn('j doe@contoso.com', null)).toEqual({
      rules: ['upnInvalidCharacter', 'identityDataValidationFailed'],
      value: 'jdoe@contoso.com',
    });
    expect(checkUpn('jöe@contoso.com', null).value).toBe('je@contoso.com');
    for (const char of [
      '\\',
      '%',
      '&',
      '*',
      '+',
      '/',
      '=',
      '?',
      "'",
      '{',
      '}',
      '|',
      '<',
      '>',
      '(',
      ')',
      ';',
      ':',
      ',',
      '[',
      ']',
      '"',
    ]) {
      expect(checkUpn(`a${char}b@contoso.com`, null).rules).toContain('upnInvalidCharacter');
    }
    expect(checkUpn('a_b-c@contoso.com', null).rules).toEqual([]);
  });

  it('RegexRule.cs:26: nothing left after the removal → the CN', () => {
    const result = checkUpn('%%%', 'jdoe');
    expect(result.rules[0]).toBe('upnInvalidCharacter');
    expect(result.value).toBe('jdoe');
  });
});

describe('RFC 2822 (IdFix Rules/Shared/RFC2822Rule.cs, Settings/Constants.cs:28-30)', () => {
  it('topLevelDomain: jdoe@contoso.local → a top-level domain that does not route (RFC2822Rule.cs:16-27)', () => {
    expect(checkRfc2822('jdoe@contoso.local')).toEqual({
      rules: ['topLevelDomain'],
      value: 'jdoe@contoso.local',
    });
    for (const tld of ['lan', 'corp', 'internal', 'home', 'localdomain', 'test']) {
      expect(checkRfc2822(`jdoe@contoso.${tld}`).rules).toEqual(['topLevelDomain']);
    }
    expect(checkRfc2822('jdoe@contoso.com').rules).toEqual([]);
    expect(checkRfc2822('jdoe@contoso.app').rules).toEqual([]);
    // The row: nothing IdFix can remove fixes it, so there is no suggestion.
    const row = rowOf(
      preflight([source('A', { userPrincipalName: 'jdoe@contoso.local' })]),
      'A',
      'userPrincipalName',
    );
    expect(row).toMatchObject({ rules: ['topLevelDomain'], suggestedValue: null, action: 'Edit' });
  });

  it('domainPart: what a domain cannot hold is removed after the last @ (RFC2822Rule.cs:29-38)', () => {
    expect(checkRfc2822('jdoe@contoso_corp.com')).toEqual({
      rules: ['domainPart'],
      value: 'jdoe@contosocorp.com',
    });
  });

  it('localPart: jdoe.@contoso.com → jdoe@contoso.com (RFC2822Rule.cs:40-49, `.@` → `@`)', () => {
    expect(checkRfc2822('jdoe.@contoso.com')).toEqual({ rules: ['localPart'], value: 'jdoe@contoso.com' });
    const row = rowOf(
      preflight([source('A', { userPrincipalName: 'jdoe.@contoso.com' })]),
      'A',
      'userPrincipalName',
    );
    expect(row).toMatchObject({
      rules: ['localPart', 'identityDataValidationFailed'],
      suggestedValue: 'jdoe@contoso.com',
    });
  });

  it('localPart: a@b@contoso.com → ab@contoso.com (RFC2822Rule.cs:40: more than one @; line 46 removes it)', () => {
    expect(checkRfc2822('a@b@contoso.com')).toEqual({ rules: ['localPart'], value: 'ab@contoso.com' });
    const row = rowOf(
      preflight([source('A', { userPrincipalName: 'a@b@contoso.com' })]),
      'A',
      'userPrincipalName',
    );
    expect(row.suggestedValue).toBe('ab@contoso.com');
  });

  it('format: john..doe@contoso.com breaks Rfc2822Regex (RFC2822Rule.cs:51-55); the dots are trimmed in the suggestion', () => {
    expect(checkRfc2822('john..doe@contoso.com')).toEqual({
      rules: ['localPart', 'format'],
      value: 'john..doe@contoso.com',
    });
    const row = rowOf(
      preflight([source('A', { userPrincipalName: 'john..doe@contoso.com' })]),
      'A',
      'userPrincipalName',
    );
    expect(row.rules).toContain('format');
    expect(row.suggestedValue).toBe('john.doe@contoso.com');
  });

  it('an SMTP address is checked without its prefix and keeps it (RFC2822Rule.cs:14, 63-65)', () => {
    expect(checkRfc2822('smtp:jdoe.@contoso.com')).toEqual({
      rules: ['localPart'],
      value: 'smtp:jdoe@contoso.com',
    });
  });
});

describe('proxyAddresses (IdFix Rules/MultiTentant/ProxyAddressComposedRule.cs, MultiTenantRuleCollection.cs:97-101)', () => {
  it('proxyAddressTooLong: StringMaxLengthRule(256) cuts a value to 256', () => {
    const address = `smtp:${'a'.repeat(60)}@${'b'.repeat(200)}.com`;
    const result = checkProxyAddress(address);
    expect(result.rules[0]).toBe('proxyAddressTooLong');
    expect(checkProxyAddress(`smtp:jdoe@contoso.com`).rules).toEqual([]);
  });

  it('proxyAddressColon: a colon after the type is removed (Rules/Shared/FixProxyTargetAddressRule.cs:10-19)', () => {
    expect(checkProxyAddress('smtp:jdoe:x@contoso.com')).toEqual({
      rules: ['proxyAddressColon'],
      value: 'smtp:jdoex@contoso.com',
    });
  });

  it('proxyAddressInvalidCharacter: each address type its own set (Settings/Constants.cs:32-39)', () => {
    expect(checkProxyAddress('SMTP:j doe@contoso.com')).toEqual({
      rules: ['proxyAddressInvalidCharacter'],
      value: 'SMTP:jdoe@contoso.com',
    });
    // `;` is invalid in an SMTP address (Constants.cs:32) but not in other types (Constants.cs:33).
    expect(checkProxyAddress('smtp:j;doe@contoso.com').rules).toContain('proxyAddressInvalidCharacter');
    expect(checkProxyAddress('EUM:1234;phone-context=contoso.com').rules).toEqual([]);
    expect(checkProxyAddress('EUM:12 34;phone-context=contoso.com').rules).toEqual([
      'proxyAddressInvalidCharacter',
    ]);
    // X.500: control characters, [ ] " ' only (Constants.cs:39), so spaces are fine there.
    expect(
      checkProxyAddress('X500:/o=Contoso/ou=Exchange Administrative Group/cn=Recipients/cn=jdoe').rules,
    ).toEqual([]);
    expect(checkProxyAddress("X500:/o=Contoso/cn=j'doe").value).toBe('X500:/o=Contoso/cn=jdoe');
  });

  it('an SMTP address also goes through RFC2822Rule: topLevelDomain on smtp:jdoe@contoso.local', () => {
    expect(checkProxyAddress('smtp:jdoe@contoso.local').rules).toEqual(['topLevelDomain']);
    expect(checkProxyAddress('X400:c=US;a= ;p=Contoso;o=Exchange;s=Doe;g=John;').rules).toEqual([]);
  });
});

describe('mailNickname (IdFix MultiTenantRuleCollection.cs:80-84)', () => {
  it('mailNicknameTooLong: StringMaxLengthRule(64) cuts to 64', () => {
    expect(checkMailNickname('n'.repeat(65), null)).toEqual({
      rules: ['mailNicknameTooLong'],
      value: 'n'.repeat(64),
    });
  });

  it('mailNicknameLeadingPeriod: RegexRule ^[.]+ removes the leading periods, else the CN (RegexRule.cs:26)', () => {
    expect(checkMailNickname('..jdoe', null)).toEqual({
      rules: ['mailNicknameLeadingPeriod'],
      value: 'jdoe',
    });
    expect(checkMailNickname('...', 'John Doe').value).toBe('John Doe');
    expect(checkMailNickname('j.doe.', null).rules).toEqual([]);
  });
});

describe('displayName (IdFix MultiTenantRuleCollection.cs:58-61)', () => {
  it('displayNameTooLong: cut to 256, the limit of AD and Entra (IdFix cuts at 255)', () => {
    expect(checkDisplayName('d'.repeat(257), null)).toEqual({
      rules: ['displayNameTooLong'],
      value: 'd'.repeat(256),
    });
    expect(checkDisplayName('d'.repeat(256), null).rules).toEqual([]);
  });

  it('displayNameBlank: BlankStringRule proposes the CN (Rules/Shared/BlankStringRule.cs)', () => {
    expect(checkDisplayName(null, 'Doe, John')).toEqual({ rules: ['displayNameBlank'], value: 'Doe, John' });
    expect(commonNameOf('CN=Doe\\, John,OU=Users,DC=contoso,DC=com')).toBe('Doe, John');
    expect(commonNameOf('CN=Ren\\C3\\A9e,DC=contoso,DC=com')).toBe('Renée');
    const rows = preflight([
      source('A', { displayName: null, distinguishedName: 'CN=Doe\\, John,OU=Users,DC=contoso,DC=com' }),
      source('B', { displayName: '  ', distinguishedName: null }),
    ]);
    expect(rowOf(rows, 'A', 'displayName')).toMatchObject({
      value: '',
      suggestedValue: 'Doe, John',
      action: 'Edit',
    });
    // No DN, no CN: a blank to fill, with nothing to suggest.
    expect(rowOf(rows, 'B', 'displayName')).toMatchObject({ suggestedValue: null, action: 'Complete' });
  });
});
