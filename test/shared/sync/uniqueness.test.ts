import {
  ClaimIndex,
  failsExport,
  normalizeAttributeValue,
  uniqueValuesOf,
} from '../../../shared/sync/uniqueness';
import { cloud } from './reconcileFixtures';

describe('uniqueness rules', () => {
  test('each attribute normalizes its own way', () => {
    expect(normalizeAttributeValue('UserPrincipalName', 'Joe@Contoso.com')).toBe('joe@contoso.com');
    expect(normalizeAttributeValue('ProxyAddresses', 'SMTP:Joe@Contoso.com')).toBe('joe@contoso.com');
    expect(normalizeAttributeValue('SipProxyAddress', 'SIP:Joe@Contoso.com')).toBe('joe@contoso.com');
    expect(normalizeAttributeValue('OnPremiseSecurityIdentifier', 'S-1-5-21-1')).toBe('s-1-5-21-1');
  });

  // Issue 12, rule 4. Microsoft Learn, "Identity synchronization and duplicate attribute resiliency":
  // resiliency covers UserPrincipalName and SMTP ProxyAddresses; every other conflict fails the export.
  test('which conflicts fail the export: SIP, SID and non-SMTP proxy addresses; UPN and SMTP quarantine', () => {
    const user = cloud('u', {
      userPrincipalName: 'Joe@contoso.com',
      proxyAddresses: [
        'SMTP:Joe@contoso.com',
        'smtp:j@contoso.com',
        'X500:/o=Contoso/cn=Joe',
        'SIP:joe@contoso.com',
        'EUM:123',
      ],
      sipProxyAddress: 'sip:joe@contoso.com',
      onPremisesSecurityIdentifier: 'S-1-5-21-9',
    });
    expect(uniqueValuesOf(user).map((v) => [v.value, v.rule, failsExport(v)])).toEqual([
      ['Joe@contoso.com', 'quarantine', false],
      ['SMTP:Joe@contoso.com', 'smtp', false],
      ['smtp:j@contoso.com', 'smtp', false],
      ['X500:/o=Contoso/cn=Joe', 'failsExport', true],
      ['SIP:joe@contoso.com', 'failsExport', true],
      ['EUM:123', 'failsExport', true],
      ['sip:joe@contoso.com', 'failsExport', true],
      ['S-1-5-21-9', 'failsExport', true],
    ]);
  });

  test('uniqueValuesOf lists every unique value in the table order', () => {
    const user = cloud('u', {
      userPrincipalName: 'Joe@contoso.com',
      proxyAddresses: ['SMTP:Joe@contoso.com', 'smtp:j@contoso.com'],
      sipProxyAddress: 'sip:joe@contoso.com',
      onPremisesSecurityIdentifier: 'S-1-5-21-9',
    });
    expect(uniqueValuesOf(user).map((v) => [v.attribute, v.value, v.normalized])).toEqual([
      ['UserPrincipalName', 'Joe@contoso.com', 'joe@contoso.com'],
      ['ProxyAddresses', 'SMTP:Joe@contoso.com', 'joe@contoso.com'],
      ['ProxyAddresses', 'smtp:j@contoso.com', 'j@contoso.com'],
      ['SipProxyAddress', 'sip:joe@contoso.com', 'joe@contoso.com'],
      ['OnPremiseSecurityIdentifier', 'S-1-5-21-9', 's-1-5-21-9'],
    ]);
  });

  test('a UPN counts only on a user; empty values count nowhere', () => {
    const group = cloud('g', {
      objectType: 'Group',
      userPrincipalName: 'team@contoso.com',
      proxyAddresses: ['smtp:'],
    });
    expect(uniqueValuesOf(group)).toEqual([]);
  });

  test('ClaimIndex: the first holder keeps a value; an object never conflicts with itself', () => {
    const index = new ClaimIndex();
    expect(index.claim('ProxyAddresses', 'a@x', 'one')).toBe(true);
    expect(index.claim('ProxyAddresses', 'a@x', 'one')).toBe(true);
    expect(index.claim('ProxyAddresses', 'a@x', 'two')).toBe(false);
    expect(index.isHeldByOther('ProxyAddresses', 'a@x', 'one')).toBe(false);
    expect(index.isHeldByOther('ProxyAddresses', 'a@x', 'two')).toBe(true);
    // Namespaces are separate: the same string as a SIP address is free.
    expect(index.claim('SipProxyAddress', 'a@x', 'two')).toBe(true);
    index.release('ProxyAddresses', 'a@x', 'two');
    expect(index.holderOf('ProxyAddresses', 'a@x')).toBe('one');
    index.release('ProxyAddresses', 'a@x', 'one');
    expect(index.holderOf('ProxyAddresses', 'a@x')).toBeUndefined();
  });
});
