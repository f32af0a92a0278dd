import { errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { issuersFor, principalFromClaims, type Principal } from './principal';

export interface VerifierOptions {
  audience: string;
  /** Resolves the signing key from the token's header (JWKS). */
  keys: JWTVerifyGetKey;
  /** null = any tenant (dev); else only these (lower-case GUIDs). */
  allowedTenants: ReadonlySet<string> | null;
  /** Clock skew tolerated on exp/nbf, in seconds. */
  clockToleranceSeconds?: number;
}

export type VerifyResult = { ok: true; principal: Principal } | { ok: false; reason: string };

/**
 * The longest an access token Entra issues can live: 60–90 minutes by default, up to 28 hours for
 * clients that support continuous access evaluation (Microsoft identity platform, "Access token
 * lifetime"). A token issued in the future, older than this, or meant to outlive it is refused.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 28 * 3600;

/**
 * Verifies a bearer token: RS256 only, signature against the key set, audience, expiry,
 * not-before, issued-at (not in the future, at most MAX_TOKEN_LIFETIME_SECONDS ago, with a lifetime
 * no longer than that), and an issuer that belongs to the token's own `tid`. The reason is for
 * logs, never for the caller.
 */
export async function verifyBearerToken(token: string, options: VerifierOptions): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(token, options.keys, {
      algorithms: ['RS256'],
      audience: options.audience,
      requiredClaims: ['exp', 'iat', 'iss', 'tid'],
      clockTolerance: options.clockToleranceSeconds ?? 60,
      maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
    });
    if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number') {
      return { ok: false, reason: 'exp or iat is not a number' };
    }
    if (payload.exp - payload.iat > MAX_TOKEN_LIFETIME_SECONDS) {
      return { ok: false, reason: 'token lifetime exceeds the longest Entra issues' };
    }
    const principal = principalFromClaims(payload);
    if (!principal) return { ok: false, reason: 'token names no tenant or caller' };
    if (
      typeof payload.iss !== 'string' ||
      !issuersFor(principal.tenantId).includes(payload.iss.toLowerCase())
    ) {
      return { ok: false, reason: 'issuer does not belong to the token tenant' };
    }
    if (options.allowedTenants && !options.allowedTenants.has(principal.tenantId)) {
      return { ok: false, reason: 'tenant not allowed' };
    }
    return { ok: true, principal };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return { ok: false, reason: error.code };
    throw error;
  }
}
