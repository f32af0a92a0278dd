import {
  DOMAIN_PART,
  LOCAL_PART,
  matches,
  NOT_DOMAIN_CHARACTER,
  NOT_LOCAL_CHARACTER,
  RFC2822,
  removeAll,
  SMTP_PREFIX,
} from './idfixPatterns';
import type { RuleId } from './ruleCatalog';
import { isNonRoutableDomain } from './topLevelDomains';

export interface CheckResult {
  rules: RuleId[];
  /** The value as the failing rules leave it (IdFix's proposed value); the input when nothing failed. */
  value: string;
}

/**
 * IdFix's RFC2822Rule (src/IdFix/Rules/Shared/RFC2822Rule.cs), step by step, on a UPN or an SMTP proxy
 * address (its `smtp:` prefix set aside and put back). Each failing step also rebuilds the value the
 * way IdFix does, and the later steps check the rebuilt value:
 * - top-level domain (lines 16-27): one that does not route (topLevelDomains.ts); nothing to rebuild;
 * - domain part (29-38): the characters a domain cannot hold are removed after the last `@`;
 * - local part (40-49): before the last `@`, what RFC 2822's atext cannot hold is removed (another `@`
 *   included, so `a@b@contoso.com` → `ab@contoso.com`), then `.@` becomes `@` (`jdoe.@x` → `jdoe@x`);
 * - format (51-55): what is left is still not an address.
 */
export function checkRfc2822(original: string): CheckResult {
  const smtp = SMTP_PREFIX.test(original);
  const prefix = smtp ? original.slice(0, original.indexOf(':') + 1).trim() : '';
  let value = smtp ? original.slice(original.indexOf(':') + 1) : original;
  const rules: RuleId[] = [];

  const lastAt = value.lastIndexOf('@');
  const domain = lastAt < 0 ? value : value.slice(lastAt + 1);
  // IdFix reads the TLD after the last dot, and only when there is one.
  if (lastAt >= 0 || value.includes('.')) {
    if (isNonRoutableDomain(domain)) rules.push('topLevelDomain');
  }

  if (!matches(DOMAIN_PART, value)) {
    rules.push('domainPart');
    const at = value.lastIndexOf('@');
    if (at >= 0) value = value.slice(0, at + 1) + removeAll(NOT_DOMAIN_CHARACTER, value.slice(at + 1));
  }

  if (!matches(LOCAL_PART, value) || value.split('@').length - 1 > 1) {
    rules.push('localPart');
    const at = value.lastIndexOf('@');
    if (at >= 0) {
      const local = removeAll(NOT_LOCAL_CHARACTER, value.slice(0, at));
      value = (local + value.slice(at)).replace('.@', '@');
    }
  }

  if (!matches(RFC2822, value)) rules.push('format');

  return rules.length === 0 ? { rules, value: original } : { rules, value: prefix + value };
}
