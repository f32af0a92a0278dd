import { upnRefusal } from '../sync/entraValidation';
import {
  INVALID_OTHER_PROXY_CHARACTER,
  INVALID_SMTP_PROXY_CHARACTER,
  INVALID_UPN_CHARACTER,
  INVALID_X400_X500_CHARACTER,
  LEADING_PERIODS,
  matches,
  removeAll,
  SMTP_PREFIX,
  X400_OR_X500,
} from './idfixPatterns';
import { checkRfc2822, type CheckResult } from './rfc2822';
import type { RuleId } from './ruleCatalog';

/**
 * IdFix's composed rules for one value (src/IdFix/Rules/MultiTenantRuleCollection.cs:51-138), run as
 * IdFix runs them: in order, each failing rule handing its proposed value to the next one
 * (ComposedRule.cs:174-186). What IdFix proposes is `value`; `cleanUp` then finishes the job where
 * IdFix leaves a value that still fails (doubled dots, a prefix longer than 64).
 *
 * Lengths are counted in code points, as the sync engine counts them (shared/sync/entraValidation.ts),
 * so a cut never splits a surrogate pair.
 */

export const MAX_UPN = 113;
export const MAX_UPN_PREFIX = 64;
export const MAX_UPN_DOMAIN = 48;
export const MAX_PROXY_ADDRESS = 256;
export const MAX_MAIL_NICKNAME = 64;
export const MAX_DISPLAY_NAME = 256;

const lengthOf = (value: string): number => Array.from(value).length;
const cut = (value: string, max: number): string => Array.from(value).slice(0, max).join('');

class Chain {
  readonly rules: RuleId[] = [];
  constructor(public value: string) {}

  /** StringMaxLengthRule.cs: too long → cut to the limit. */
  maxLength(rule: RuleId, max: number): void {
    if (lengthOf(this.value) > max) this.fail(rule, cut(this.value, max));
  }

  /** RegexRule.cs: a match → every match removed (IdFix then falls back to the CN; see `fallback`). */
  remove(rule: RuleId, pattern: RegExp, fallback: string | null): void {
    if (!matches(pattern, this.value)) return;
    const removed = removeAll(pattern, this.value);
    this.fail(rule, removed === '' ? (fallback ?? '') : removed);
  }

  merge(result: CheckResult): void {
    for (const rule of result.rules) this.fail(rule, result.value);
  }

  fail(rule: RuleId, value: string): void {
    this.rules.push(rule);
    this.value = value;
  }
}

/** Splits at the last `@` (IdFix's RFC2822Rule reads the domain after the last one too). */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  return at < 0 ? null : { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** Entra's characters before the @ (shared/sync/entraValidation.ts); what else is left is removed. */
const NOT_ENTRA_UPN_PREFIX_CHARACTER = /[^A-Za-z0-9'.\-_!#^~]/g;

/** Trims the dots RFC 2822 refuses: first, last and doubled ones of the local part. */
function trimDots(local: string): string {
  return local.replace(/\.{2,}/g, '.').replace(/^\.+|\.+$/g, '');
}

/**
 * userPrincipalName, MultiTenantRuleCollection.cs:132-137: StringMaxLengthRule(113), RegexRule
 * (InvalidUpnRegExRegex), RFC2822Rule; and the 64/48 split IdFix documents (docs "Errors supported by
 * the IdFix tool": "less than 64 before @", "less than 48 after @") but dropped from its code; and the
 * engine's own verdict (IdentityDataValidationFailed), which is what the next cycle will say.
 */
export function checkUpn(upn: string, commonName: string | null): CheckResult {
  const chain = new Chain(upn);
  chain.maxLength('upnTooLong', MAX_UPN);
  const parts = splitAddress(upn);
  if (parts && lengthOf(parts.local) > MAX_UPN_PREFIX) chain.rules.push('upnPrefixTooLong');
  if (parts && lengthOf(parts.domain) > MAX_UPN_DOMAIN) chain.rules.push('upnDomainTooLong');
  chain.remove('upnInvalidCharacter', INVALID_UPN_CHARACTER, commonName);
  chain.merge(checkRfc2822(chain.value));
  if (upnRefusal(upn) !== null) chain.rules.push('identityDataValidationFailed');
  return { rules: chain.rules, value: chain.value };
}

/** Finishes a UPN IdFix leaves invalid: Entra's prefix characters only, dots trimmed, 64 before the @. */
export function cleanUpUpn(proposed: string): string {
  const parts = splitAddress(proposed);
  if (!parts) return proposed;
  const local = cut(trimDots(parts.local.replace(NOT_ENTRA_UPN_PREFIX_CHARACTER, '')), MAX_UPN_PREFIX);
  return `${local}@${parts.domain}`;
}

/** The address-type set a proxy address is checked against (ProxyAddressComposedRule.cs:38-57). */
function invalidCharactersOf(address: string): RegExp {
  if (SMTP_PREFIX.test(address)) return INVALID_SMTP_PROXY_CHARACTER;
  return X400_OR_X500.test(address) ? INVALID_X400_X500_CHARACTER : INVALID_OTHER_PROXY_CHARACTER;
}

/**
 * One proxyAddresses value, ProxyAddressComposedRule.cs and MultiTenantRuleCollection.cs:97-101:
 * StringMaxLengthRule(256), FixProxyTargetAddressRule (a colon after the type prefix is removed), then
 * by address type the invalid characters, and for SMTP addresses RFC2822Rule.
 */
export function checkProxyAddress(address: string): CheckResult {
  const chain = new Chain(address);
  chain.maxLength('proxyAddressTooLong', MAX_PROXY_ADDRESS);
  // FixProxyTargetAddressRule.cs:10-19: the first colon ends the type; later ones are removed.
  const colon = chain.value.indexOf(':');
  if (colon > 0 && chain.value.slice(colon + 1).includes(':')) {
    const value = chain.value;
    chain.fail('proxyAddressColon', value.slice(0, colon) + ':' + value.slice(colon + 1).replace(/:/g, ''));
  }
  // Nothing left is no address at all (IdFix would put the CN there, which is no address either).
  chain.remove('proxyAddressInvalidCharacter', invalidCharactersOf(chain.value), '');
  if (SMTP_PREFIX.test(chain.value)) chain.merge(checkRfc2822(chain.value));
  return { rules: chain.rules, value: chain.value };
}

/** Finishes an SMTP address IdFix leaves invalid: dots trimmed before the @. */
export function cleanUpProxyAddress(proposed: string): string {
  if (!SMTP_PREFIX.test(proposed)) return proposed;
  const colon = proposed.indexOf(':');
  const parts = splitAddress(proposed.slice(colon + 1));
  if (!parts) return proposed;
  return `${proposed.slice(0, colon + 1)}${trimDots(parts.local)}@${parts.domain}`;
}

/**
 * mailNickname, MultiTenantRuleCollection.cs:80-84: StringMaxLengthRule(64), RegexRule `^[.]+` (the
 * leading periods are removed; nothing left → the CN).
 */
export function checkMailNickname(nickname: string, commonName: string | null): CheckResult {
  const chain = new Chain(nickname);
  chain.maxLength('mailNicknameTooLong', MAX_MAIL_NICKNAME);
  chain.remove('mailNicknameLeadingPeriod', LEADING_PERIODS, commonName);
  return { rules: chain.rules, value: chain.value };
}

/**
 * displayName, MultiTenantRuleCollection.cs:58-61: StringMaxLengthRule and BlankStringRule, whose fixer
 * proposes the CN. Blank is IdFix's `string.IsNullOrEmpty`, widened to whitespace only, which Entra
 * shows as blank too. IdFix's code cuts at 255; AD's schema (rangeUpper) and Entra both take 256.
 */
export function checkDisplayName(displayName: string | null, commonName: string | null): CheckResult {
  if (displayName === null || displayName.trim() === '') {
    return { rules: ['displayNameBlank'], value: commonName ?? '' };
  }
  const chain = new Chain(displayName);
  chain.maxLength('displayNameTooLong', MAX_DISPLAY_NAME);
  return { rules: chain.rules, value: chain.value };
}
