import type { SourceObject } from '../directory/model';
import { isPrimarySmtpAddress } from '../directory/normalize';
import { validationFailuresOf } from '../sync/entraValidation';
import type { SyncAttribute } from '../sync/model';
import type { PreflightAttribute } from './model';
import type { CheckResult } from './rfc2822';
import type { RuleId } from './ruleCatalog';
import { commonNameOf } from './commonName';
import { checkDisplayName, checkMailNickname, checkProxyAddress, checkUpn } from './valueChecks';
import type { Namespace } from './valueIndex';

/** One value of a source object, with what IdFix's rules say of it on its own. */
export interface ObjectValue {
  attribute: PreflightAttribute;
  value: string;
  /** Where it must be unique; null for a value that need not be (displayName, LargeObject's count). */
  namespace: Namespace | null;
  /** The engine's name for it, to find the sync error the cycle would raise on it. */
  syncAttribute: SyncAttribute | null;
  /** Tells one value of a multi-valued attribute from another within the object. */
  ref: string;
  /** Rules that judge the value alone, and the value they leave (IdFix's proposal). */
  checks: CheckResult;
  /** Rules about the object's other values (a second primary SMTP address, too many addresses). */
  objectRules: RuleId[];
}

const NO_CHECKS = (value: string): CheckResult => ({ rules: [], value });

/** Every value Preflight looks at on one source object, in the order rows list them. */
export function objectValuesOf(source: SourceObject): ObjectValue[] {
  const cn = commonNameOf(source.distinguishedName);
  const values: ObjectValue[] = [];
  const upn = source.userPrincipalName;
  if (source.objectType === 'User' && upn !== null) {
    values.push({
      attribute: 'userPrincipalName',
      value: upn,
      namespace: 'upn',
      syncAttribute: 'UserPrincipalName',
      ref: 'upn',
      checks: checkUpn(upn, cn),
      objectRules: [],
    });
  }
  let primaries = 0;
  source.proxyAddresses.forEach((address, i) => {
    const primary = isPrimarySmtpAddress(address);
    if (primary) primaries += 1;
    values.push({
      attribute: 'proxyAddresses',
      value: address,
      namespace: 'proxy',
      syncAttribute: 'ProxyAddresses',
      ref: `proxy:${i}`,
      checks: checkProxyAddress(address),
      // The first primary address is the primary one; every later one is a second primary.
      objectRules: primary && primaries > 1 ? ['multiplePrimarySmtp'] : [],
    });
  });
  for (const failure of validationFailuresOf(source)) {
    if (failure.errorType !== 'LargeObject') continue;
    values.push({
      attribute: 'proxyAddresses',
      value: failure.value,
      namespace: null,
      syncAttribute: 'ProxyAddresses',
      ref: 'largeObject',
      checks: NO_CHECKS(failure.value),
      objectRules: ['largeObject'],
    });
  }
  if (source.mailNickname !== null) {
    values.push({
      attribute: 'mailNickname',
      value: source.mailNickname,
      namespace: 'mailNickname',
      syncAttribute: null,
      ref: 'mailNickname',
      checks: checkMailNickname(source.mailNickname, cn),
      objectRules: [],
    });
  }
  values.push({
    attribute: 'displayName',
    value: source.displayName ?? '',
    namespace: null,
    syncAttribute: null,
    ref: 'displayName',
    checks: checkDisplayName(source.displayName, cn),
    objectRules: [],
  });
  if (source.sipProxyAddress !== null) {
    values.push({
      attribute: 'msRTCSIP-PrimaryUserAddress',
      value: source.sipProxyAddress,
      namespace: 'sip',
      syncAttribute: 'SipProxyAddress',
      ref: 'sip',
      checks: NO_CHECKS(source.sipProxyAddress),
      objectRules: [],
    });
  }
  if (source.onPremisesSecurityIdentifier !== null) {
    values.push({
      attribute: 'objectSid',
      value: source.onPremisesSecurityIdentifier,
      namespace: 'sid',
      syncAttribute: 'OnPremiseSecurityIdentifier',
      ref: 'sid',
      checks: NO_CHECKS(source.onPremisesSecurityIdentifier),
      objectRules: [],
    });
  }
  return values;
}

/** Whether a value passes every rule that judges a value of this attribute alone. */
export function passesValueRules(attribute: PreflightAttribute, value: string): boolean {
  switch (attribute) {
    case 'userPrincipalName':
      return checkUpn(value, null).rules.length === 0;
    case 'proxyAddresses':
      return checkProxyAddress(value).rules.length === 0;
    case 'mailNickname':
      return checkMailNickname(value, null).rules.length === 0;
    case 'displayName':
      return checkDisplayName(value, null).rules.length === 0;
    case 'msRTCSIP-PrimaryUserAddress':
    case 'objectSid':
      return value !== '';
  }
}
