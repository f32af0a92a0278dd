import { SMTP_PREFIX } from './idfixPatterns';
import type { PreflightAttribute } from './model';
import {
  MAX_MAIL_NICKNAME,
  MAX_PROXY_ADDRESS,
  MAX_UPN,
  MAX_UPN_DOMAIN,
  MAX_UPN_PREFIX,
  splitAddress,
} from './valueChecks';
import type { Namespace } from './valueIndex';

/**
 * A suggestion never names a value another object holds, nor one suggested to another row: when the
 * value IdFix would propose is taken, a number is added where an admin would add it, before the `@`
 * of an address (`jdoe@contoso.com` → `jdoe2@contoso.com`) or at the end of an alias (`jdoe2`), the
 * first free one from 2 up, shortening the part it is added to so that the limits still hold.
 */

/** How far the suffix search goes before it gives up (and suggests nothing). */
const MAX_SUFFIX = 9999;

const cut = (value: string, max: number): string => Array.from(value).slice(0, Math.max(max, 0)).join('');
const lengthOf = (value: string): number => Array.from(value).length;

/** An address's type prefix (`SMTP:`, `sip:`) set aside; none for a UPN. */
function typePrefix(attribute: PreflightAttribute, value: string): string {
  if (attribute === 'proxyAddresses' && SMTP_PREFIX.test(value)) return value.slice(0, 5);
  if (attribute === 'msRTCSIP-PrimaryUserAddress' && /^sip:/i.test(value)) return value.slice(0, 4);
  return '';
}

/** The value with `n` added, or null when the attribute takes no such suffix. */
export function withSuffix(attribute: PreflightAttribute, value: string, n: number): string | null {
  const digits = String(n);
  if (attribute === 'mailNickname') return cut(value, MAX_MAIL_NICKNAME - digits.length) + digits;
  if (attribute === 'displayName' || attribute === 'objectSid') return null;
  const prefix = typePrefix(attribute, value);
  const parts = splitAddress(value.slice(prefix.length));
  if (!parts) {
    // An address type without an @ (X500:, X400:…): the number goes at the end.
    return attribute === 'proxyAddresses' ? cut(value, MAX_PROXY_ADDRESS - digits.length) + digits : null;
  }
  const total = attribute === 'userPrincipalName' ? MAX_UPN : MAX_PROXY_ADDRESS;
  const room = Math.min(MAX_UPN_PREFIX, total - prefix.length - 1 - lengthOf(parts.domain)) - digits.length;
  if (attribute === 'userPrincipalName' && lengthOf(parts.domain) > MAX_UPN_DOMAIN) return null;
  const local = cut(parts.local, room).replace(/\.+$/, '');
  return local === '' ? null : `${prefix}${local}${digits}@${parts.domain}`;
}

export interface UniqueRequest {
  attribute: PreflightAttribute;
  candidate: string;
  /** Whether a value (as suggested, before normalizing) is free for this row. */
  isFree: (value: string) => boolean;
  /** Whether a value still passes every rule of its attribute. */
  isValid: (value: string) => boolean;
}

/** The candidate if free, else the first free numbered form of it; null when none is. */
export function uniqueSuggestion(request: UniqueRequest): string | null {
  if (request.isFree(request.candidate)) return request.candidate;
  for (let n = 2; n <= MAX_SUFFIX; n += 1) {
    const next = withSuffix(request.attribute, request.candidate, n);
    if (next === null) return null;
    if (request.isValid(next) && request.isFree(next)) return next;
  }
  return null;
}

/** The namespaces a suggestion for this attribute must be free in. */
export function namespacesOf(attribute: PreflightAttribute, value: string): Namespace[] {
  switch (attribute) {
    case 'userPrincipalName':
      // A UPN equal to another object's address is flagged (upnMatchesProxyAddress): never suggest one.
      return ['upn', 'proxy'];
    case 'proxyAddresses':
      return SMTP_PREFIX.test(value) ? ['proxy', 'upn'] : ['proxy'];
    case 'mailNickname':
      return ['mailNickname'];
    case 'msRTCSIP-PrimaryUserAddress':
      return ['sip'];
    case 'objectSid':
      return ['sid'];
    case 'displayName':
      return [];
  }
}
