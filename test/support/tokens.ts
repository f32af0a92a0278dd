import { generateKeyPair, importJWK, SignJWT, type JWTPayload } from 'jose';
import { loadOrCreateDevKey } from '../../shared/auth/devKeys';
import { GLOBAL_ADMIN_TEMPLATE_ID } from '../../shared/auth/principal';

export const AUDIENCE = 'api://entra-sync-remediation';

export interface CraftOptions {
  tenantId: string;
  claims?: JWTPayload;
  issuer?: string;
  audience?: string;
  /** Seconds relative to now. */
  expiresIn?: number;
  notBeforeIn?: number;
  /** Seconds relative to now; null leaves iat out. Default: 10 s ago. */
  issuedAtIn?: number | null;
  /** Sign with a fresh key the service has never seen. */
  unknownKey?: boolean;
}

/** Tokens the service must refuse (or accept), signed like the dev tokens unless told otherwise. */
export async function craftToken(keyDir: string, options: CraftOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const dev = await loadOrCreateDevKey(keyDir);
  const key = options.unknownKey
    ? (await generateKeyPair('RS256')).privateKey
    : await importJWK(dev.privateJwk, 'RS256');
  const jwt = new SignJWT({
    tid: options.tenantId,
    oid: 'caller-1',
    wids: [GLOBAL_ADMIN_TEMPLATE_ID],
    ...options.claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: dev.kid })
    .setIssuer(options.issuer ?? `https://login.microsoftonline.com/${options.tenantId}/v2.0`)
    .setAudience(options.audience ?? AUDIENCE)
    .setNotBefore(now + (options.notBeforeIn ?? -10))
    .setExpirationTime(now + (options.expiresIn ?? 600));
  if (options.issuedAtIn !== null) jwt.setIssuedAt(now + (options.issuedAtIn ?? -10));
  return jwt.sign(key);
}

export function unsignedToken(tenantId: string): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({
    tid: tenantId,
    oid: 'x',
    iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
    aud: AUDIENCE,
    exp: now + 600,
    wids: [GLOBAL_ADMIN_TEMPLATE_ID],
  })}.`;
}
