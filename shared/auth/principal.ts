import { z } from 'zod';
import { UNSTORABLE_CLASS } from '../store/storableText';

const SEPARATORS = new RegExp(`[${UNSTORABLE_CLASS}]`, 'g');

/** Global Administrator's role template id, as Entra puts it in the `wids` claim. */
export const GLOBAL_ADMIN_TEMPLATE_ID = '62e90394-69f5-4237-9190-012177145e10';

export const ROLES = ['GlobalAdministrator', 'Contributor', 'SyncAgent'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, derived from a verified token only. */
export interface Principal {
  tenantId: string;
  /** The caller's object id (`oid`), or the token's `sub` when it has none. */
  oid: string;
  name: string | null;
  roles: ReadonlySet<Role>;
}

/**
 * Who may call a route:
 * - `admin`: Global Administrator or Contributor (the seed's rule);
 * - `sourceObjects`: admins, or the SyncAgent app role (SPEC: source-object reads and writes);
 * - `anonymous`: health and the OpenAPI document only.
 */
export type Access = 'admin' | 'sourceObjects' | 'anonymous';

export function isAllowed(principal: Principal, access: Exclude<Access, 'anonymous'>): boolean {
  const admin = principal.roles.has('GlobalAdministrator') || principal.roles.has('Contributor');
  return access === 'admin' ? admin : admin || principal.roles.has('SyncAgent');
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const claimsSchema = z.object({
  tid: z.string().regex(GUID_PATTERN),
  // Entra's oid is a GUID and sub is base64url: printable ASCII, as the audit trail stores them.
  oid: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7E]+$/)
    .optional(),
  sub: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[\x21-\x7E]+$/)
    .optional(),
  name: z.string().max(256).optional(),
  preferred_username: z.string().max(256).optional(),
  wids: z.array(z.string()).max(500).optional(),
  roles: z.array(z.string()).max(500).optional(),
});

export type TokenClaims = z.infer<typeof claimsSchema>;

/** Claims of a verified token → a Principal, or null when the token names no caller. */
export function principalFromClaims(payload: unknown): Principal | null {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) return null;
  const claims = parsed.data;
  const oid = claims.oid ?? claims.sub;
  if (!oid) return null;
  const roles = new Set<Role>();
  if (claims.wids?.some((w) => w.toLowerCase() === GLOBAL_ADMIN_TEMPLATE_ID))
    roles.add('GlobalAdministrator');
  if (claims.roles?.includes('Contributor')) roles.add('Contributor');
  if (claims.roles?.includes('SyncAgent')) roles.add('SyncAgent');
  return {
    tenantId: claims.tid.toLowerCase(),
    oid,
    name: printable(claims.name ?? claims.preferred_username ?? null),
    roles,
  };
}

/** The issuers Entra uses for a tenant: v1 (sts.windows.net) and v2 (login.microsoftonline.com). */
export function issuersFor(tenantId: string): string[] {
  return [`https://sts.windows.net/${tenantId}/`, `https://login.microsoftonline.com/${tenantId}/v2.0`];
}

/**
 * The name goes into audit events and logs: control characters and broken Unicode are dropped, and
 * line and paragraph separators (which the store refuses: shared/store/storableText.ts) become spaces.
 */
function printable(name: string | null): string | null {
  if (name === null) return null;
  // With the u flag, the surrogate range matches only lone surrogates: pairs are one code point.
  const cleaned = name
    .replace(/[\p{Cc}\uD800-\uDFFF]/gu, '')
    .replace(SEPARATORS, ' ')
    .trim();
  return cleaned.length > 0 ? cleaned : null;
}
