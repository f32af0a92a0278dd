import type { SourceObject } from '../directory/model';
import { MAX_UPN_LENGTH } from '../directory/upnQuarantine';
import type { ErrorType, SyncAttribute } from './model';

export { MAX_UPN_LENGTH };

/**
 * What Entra refuses to export however unique it is (SPEC "Error categories"): the engine's verdict
 * on a value AD can hold but Entra cannot, raised as a sync error instead of refused as input.
 *
 * - IdentityDataValidationFailed (DataValidationFailure): a user's UPN that Entra refuses. Microsoft
 *   Learn, "Prepare for directory synchronization" / "UserPrincipalName formatting requirements":
 *   at most 113 characters, at most 64 before the `@` and 48 after it, exactly one `@`, before it only
 *   `A–Z a–z 0–9 ' . - _ ! # ^ ~`, no dot first, last or doubled before it, and a DNS domain after it.
 * - LargeObject (LargeAttribute): more than 332 proxy addresses, the ceiling Microsoft measured for a
 *   plain user (Microsoft Learn, "Troubleshooting errors during synchronization", LargeObject).
 */
export const MAX_UPN_PREFIX = 64;
export const MAX_UPN_DOMAIN = 48;
export const MAX_PROXY_ADDRESSES = 332;

const PREFIX_CHARACTERS = /^[A-Za-z0-9'.\-_!#^~]+$/;
const DNS_NAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export interface ValidationFailure {
  errorType: Extract<ErrorType, 'IdentityDataValidationFailed' | 'LargeObject'>;
  attribute: SyncAttribute;
  /** The offending value as the source holds it, or what it breaks (a count). */
  value: string;
  /** Which of Entra's rules it breaks, in words, for the error's evidence. */
  reason: string;
}

/** Why Entra refuses this UPN, or null when it takes it. Counted in code points. */
export function upnRefusal(upn: string): string | null {
  const length = Array.from(upn).length;
  if (length > MAX_UPN_LENGTH) return `longer than ${MAX_UPN_LENGTH} characters (${length})`;
  const parts = upn.split('@');
  if (parts.length !== 2) return 'not exactly one @';
  const [prefix = '', domain = ''] = parts;
  if (prefix === '') return 'nothing before the @';
  if (Array.from(prefix).length > MAX_UPN_PREFIX)
    return `more than ${MAX_UPN_PREFIX} characters before the @`;
  if (Array.from(domain).length > MAX_UPN_DOMAIN) return `more than ${MAX_UPN_DOMAIN} characters after the @`;
  if (!PREFIX_CHARACTERS.test(prefix)) return "a character before the @ outside A–Z a–z 0–9 ' . - _ ! # ^ ~";
  if (prefix.startsWith('.') || prefix.endsWith('.') || prefix.includes('..'))
    return 'a dot first, last or doubled before the @';
  if (!DNS_NAME.test(domain)) return 'a domain that is not a DNS name';
  return null;
}

/** Every reason Entra refuses to export this source object, in a stable order. */
export function validationFailuresOf(source: SourceObject): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  if (source.objectType === 'User' && source.userPrincipalName !== null) {
    const reason = upnRefusal(source.userPrincipalName);
    if (reason !== null) {
      failures.push({
        errorType: 'IdentityDataValidationFailed',
        attribute: 'UserPrincipalName',
        value: source.userPrincipalName,
        reason,
      });
    }
  }
  if (source.proxyAddresses.length > MAX_PROXY_ADDRESSES) {
    failures.push({
      errorType: 'LargeObject',
      attribute: 'ProxyAddresses',
      // Constant, because the error's id is built from its value: the count, which changes as an admin
      // removes addresses, is in the reason and in the object itself.
      value: `more than ${MAX_PROXY_ADDRESSES} proxy addresses`,
      reason: `more than ${MAX_PROXY_ADDRESSES} proxy addresses (${source.proxyAddresses.length})`,
    });
  }
  return failures;
}
