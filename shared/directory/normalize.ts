/**
 * How the service compares directory values (SPEC decision 14): everything lower-cased, and the
 * address-type prefix stripped where it carries no meaning for uniqueness. Two values are duplicates
 * exactly when their normalized forms are equal, so every index and every error id is built from these.
 *
 * `toLowerCase` (not `toLocaleLowerCase`) on purpose: the result must not depend on the host's locale.
 */

const SMTP_PREFIX = /^smtp:/i;
const SIP_PREFIX = /^sip:/i;
/** Case matters here: Exchange marks the primary address with an upper-case `SMTP:`. */
const PRIMARY_SMTP_PREFIX = 'SMTP:';

export function normalizeUserPrincipalName(upn: string): string {
  return upn.toLowerCase();
}

/**
 * `SMTP:joe@x` (primary), `smtp:joe@x` (secondary) and a bare `joe@x` are one address. Other address
 * types (`x500:`, `sip:`...) keep their prefix, so they never collide with an SMTP address.
 */
export function normalizeProxyAddress(address: string): string {
  return address.replace(SMTP_PREFIX, '').toLowerCase();
}

export function normalizeSipProxyAddress(sip: string): string {
  return sip.replace(SIP_PREFIX, '').toLowerCase();
}

export function normalizeSecurityIdentifier(sid: string): string {
  return sid.toLowerCase();
}

export function isPrimarySmtpAddress(address: string): boolean {
  return address.startsWith(PRIMARY_SMTP_PREFIX);
}

/** The normalized primary SMTP address (soft match compares these), or null when there is none. */
export function primarySmtpAddress(proxyAddresses: readonly string[]): string | null {
  const primary = proxyAddresses.find(isPrimarySmtpAddress);
  return primary === undefined ? null : normalizeProxyAddress(primary);
}

/** Ordinal comparison: source anchors are base64 and case-sensitive, and the order must not depend on a locale. */
export function compareOrdinal(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
