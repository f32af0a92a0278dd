/**
 * IdFix's patterns, from microsoft/idfix v2.6 `src/IdFix/Settings/Constants.cs` (line numbers there),
 * as JavaScript regular expressions. IdFix compiles each with IgnoreCase | CultureInvariant: the `i`
 * flag here. The character classes are copied as they are, quirks included (the UPN set lists `'`,
 * which Entra itself accepts); where Preflight departs from IdFix it says so beside the rule.
 */

/** Constants.cs:28 DomainPartRegex: `@`, dot-separated labels, a 2–17 letter TLD, to the end. */
export const DOMAIN_PART = /@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:[a-z]{2,17})$/i;
/** Constants.cs:29 LocalPartRegex: dot-atoms of RFC 2822's atext, then `@`, from the start. */
export const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@/i;
/** Constants.cs:30 Rfc2822Regex: the two above as one whole address. */
export const RFC2822 =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:[a-z]{2,17})$/i;

/** RFC2822Rule.cs:36: what the domain part keeps when it is rebuilt. */
export const NOT_DOMAIN_CHARACTER = /[^a-z0-9.-]/gi;
/** RFC2822Rule.cs:46: what the local part keeps when it is rebuilt. */
export const NOT_LOCAL_CHARACTER = /[^a-z0-9.!#$%&'*+/=?^_`{|}~-]/gi;

/** Constants.cs:31 InvalidUpnRegExRegex: whitespace \ % & * + / = ? ' { } | < > ( ) ; : , [ ] " and umlauts. */
export const INVALID_UPN_CHARACTER = /[\s\\%&*+/=?'{}|<>();:,[\]"äëïöüÿÄËÏÖÜŸ]/gi;
/** Constants.cs:32 InvalidProxyAddressSMTPRegex: whitespace < > ( ) ; , [ ] ". */
export const INVALID_SMTP_PROXY_CHARACTER = /[\s<>();,[\]"]/gi;
/** Constants.cs:33 InvalidProxyAddressRegex, for other address types: as SMTP's, without `;`. */
export const INVALID_OTHER_PROXY_CHARACTER = /[\s<>(),[\]"]/gi;
/** Constants.cs:38-39 InvalidX400/X500ProxyAddressRegex (after RFC 2253): control whitespace [ ] " '. */
export const INVALID_X400_X500_CHARACTER = /[\f\n\r\t\v[\]"']/gi;
/** ProxyAddressComposedRule.cs:48,52: which addresses take the X.400 / X.500 set. */
export const X400_OR_X500 = /^x\.?[45]00/i;

/** MultiTenantRuleCollection.cs:82: a mailNickname may not start with periods (they are removed). */
export const LEADING_PERIODS = /^[.]+/;

/**
 * An SMTP address: `SMTP:`/`smtp:` first. IdFix's Constants.cs:26 SMTPRegex finds `smtp:` anywhere in
 * the value; Preflight reads the prefix, as the sync engine does (shared/sync/uniqueness.ts), so an
 * X.500 address that happens to hold `smtp:` is not taken for an e-mail address.
 */
export const SMTP_PREFIX = /^smtp:/i;

const sticky = new Map<RegExp, { test: RegExp; all: RegExp }>();

/** A pattern's non-global form (a global one keeps state between `test` calls) and its global form. */
function forms(pattern: RegExp): { test: RegExp; all: RegExp } {
  let found = sticky.get(pattern);
  if (!found) {
    const flags = pattern.flags.replace('g', '');
    found = { test: new RegExp(pattern.source, flags), all: new RegExp(pattern.source, `${flags}g`) };
    sticky.set(pattern, found);
  }
  return found;
}

export function matches(pattern: RegExp, value: string): boolean {
  return forms(pattern).test.test(value);
}

/** RegexRule.cs:25: IdFix removes every match. */
export function removeAll(pattern: RegExp, value: string): string {
  return value.replace(forms(pattern).all, '');
}
