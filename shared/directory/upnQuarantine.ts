import { createHash } from 'node:crypto';

/**
 * The placeholder UPN a user gets while its own UPN is quarantined:
 * `<original UPN prefix><4 digits>@<initialDomain>` (`john@contoso.com` → `john1234@contoso.onmicrosoft.com`).
 *
 * Entra picks the digits at random; here they come from a hash of (tenant, source anchor, attempt), so a
 * replayed cycle picks the same ones and tests can predict them. A quarantined object keeps the
 * placeholder it already has (SPEC decision 13): see `isPlaceholderFor`.
 */

/** Entra's limit for a UPN, which the placeholder must respect too. */
export const MAX_UPN_LENGTH = 113;
/**
 * The original prefix is cut to 60 characters, so that with its 4 digits the part before the `@`
 * stays within Entra's 64 (SPEC decision 13; Microsoft, "Identity synchronization and duplicate
 * attribute resiliency": the UPN prefix is truncated to fit).
 */
export const MAX_PLACEHOLDER_PREFIX = 60;
const DIGIT_COUNT = 4;
const DIGIT_SPACE = 10 ** DIGIT_COUNT;
/** Hashed attempts before the generator falls back to scanning every suffix in turn. */
const HASHED_ATTEMPTS = 32;

/** The initial domain a tenant has until an admin sets one (SPEC decision 13). */
export function defaultInitialDomain(tenantId: string): string {
  const hex = tenantId
    .replace(/[^0-9a-f]/gi, '')
    .toLowerCase()
    .slice(0, 8);
  return `tenant-${hex}.onmicrosoft.com`;
}

/** The tenant's initial domain, or the default one when the setting is empty. */
export function initialDomainOf(tenantId: string, initialDomain: string | null | undefined): string {
  const domain = initialDomain?.trim() ?? '';
  return domain === '' ? defaultInitialDomain(tenantId) : domain;
}

/** Everything before the last `@` (a UPN with no `@` is all prefix). */
export function upnPrefix(upn: string): string {
  const at = upn.lastIndexOf('@');
  return at < 0 ? upn : upn.slice(0, at);
}

/**
 * At most 60 characters, and less where a long initial domain leaves less room within 113.
 * Counted in code points, so a shortened prefix never ends in half a surrogate pair.
 */
function placeholderPrefix(sourceUpn: string, initialDomain: string): string {
  const room = MAX_UPN_LENGTH - DIGIT_COUNT - 1 - Array.from(initialDomain).length;
  return Array.from(upnPrefix(sourceUpn))
    .slice(0, Math.max(Math.min(room, MAX_PLACEHOLDER_PREFIX), 0))
    .join('');
}

function hashedDigits(tenantId: string, sourceAnchor: string, attempt: number): number {
  const digest = createHash('sha256')
    .update(JSON.stringify([tenantId.toLowerCase(), sourceAnchor, attempt]))
    .digest();
  return digest.readUInt32BE(0) % DIGIT_SPACE;
}

/** Hashed suffixes first; past those, every suffix in turn, so a free one is always found if any is. */
function* candidateDigits(tenantId: string, sourceAnchor: string): Generator<number> {
  for (let attempt = 0; attempt < HASHED_ATTEMPTS; attempt += 1) {
    yield hashedDigits(tenantId, sourceAnchor, attempt);
  }
  const first = hashedDigits(tenantId, sourceAnchor, 0);
  for (let step = 0; step < DIGIT_SPACE; step += 1) yield (first + step) % DIGIT_SPACE;
}

export interface PlaceholderRequest {
  tenantId: string;
  sourceAnchor: string;
  sourceUpn: string;
  initialDomain: string;
  /** Whether a normalized (lower-case) UPN is already held by another object. */
  isTaken: (normalizedUpn: string) => boolean;
}

/**
 * A placeholder no other object holds. Throws only when all 10,000 suffixes of this prefix are taken,
 * which no real tenant reaches.
 */
export function placeholderUpn(request: PlaceholderRequest): string {
  const prefix = placeholderPrefix(request.sourceUpn, request.initialDomain);
  for (const digits of candidateDigits(request.tenantId, request.sourceAnchor)) {
    const candidate = `${prefix}${String(digits).padStart(DIGIT_COUNT, '0')}@${request.initialDomain}`;
    if (!request.isTaken(candidate.toLowerCase())) return candidate;
  }
  throw new Error(`No free placeholder UPN for prefix '${prefix}' in ${request.initialDomain}`);
}

/**
 * Whether `upn` is a placeholder for `sourceUpn` in `initialDomain` (whatever its digits), i.e. one
 * this object may keep from cycle to cycle while its UPN stays quarantined.
 */
export function isPlaceholderFor(upn: string, sourceUpn: string, initialDomain: string): boolean {
  const candidate = upn.toLowerCase();
  const prefix = placeholderPrefix(sourceUpn, initialDomain).toLowerCase();
  const suffix = `@${initialDomain.toLowerCase()}`;
  if (!candidate.startsWith(prefix) || !candidate.endsWith(suffix)) return false;
  const digits = candidate.slice(prefix.length, candidate.length - suffix.length);
  return /^[0-9]{4}$/.test(digits);
}
