import { createLocalJWKSet, createRemoteJWKSet } from 'jose';
import { parseConfig, type AppConfig } from './config';
import { loadOrCreateDevKey, type DevKeyPair } from './auth/devKeys';
import { verifyBearerToken, type VerifyResult } from './auth/verifyToken';
import { openServiceStores } from './store/serviceStores';
import type { TenantStores } from './store/tenantStores';
import { createRateLimiter, type RateLimiter } from './http/rateLimiter';
import { createOpenErrorCache, type OpenErrorCache } from './syncErrors/openErrorCache';

/** Entra's signing keys, common to every tenant (the issuer check ties a token to its own tenant). */
const ENTRA_JWKS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/** What a function invocation needs from the process: built once, shared by concurrent invocations. */
export interface Services {
  config: AppConfig;
  /** Every tenant's records, through the store: one tenant's at a time, and the registry of tenants. */
  store: TenantStores;
  authenticate(token: string): Promise<VerifyResult>;
  /** Only in AUTH_MODE=dev. */
  devKey: DevKeyPair | null;
  rateLimiter: RateLimiter;
  /** Tenants' open errors, served while their errors version is current. */
  openErrors: OpenErrorCache;
  now: () => Date;
}

export async function buildServices(env: NodeJS.ProcessEnv): Promise<Services> {
  const config = parseConfig(env);
  const devKey = config.AUTH_MODE === 'dev' ? await loadOrCreateDevKey(config.DEV_KEY_DIR) : null;
  const keys = devKey
    ? createLocalJWKSet({ keys: [devKey.publicJwk] })
    : createRemoteJWKSet(new URL(ENTRA_JWKS_URL), { cacheMaxAge: 6 * 3600_000, cooldownDuration: 30_000 });
  const allowedTenants = config.AUTH_MODE === 'entra' ? new Set(config.AUTH_ALLOWED_TENANTS ?? []) : null;
  // Errors changed through this instance's store are forgotten at once; the cache asks storage
  // again only after REVALIDATE_MS for changes made elsewhere.
  const openErrors = createOpenErrorCache();
  return {
    config,
    store: await openServiceStores(config, (tenantId) => openErrors.forget(tenantId)),
    devKey,
    rateLimiter: createRateLimiter(config.RATE_LIMIT_PER_MINUTE),
    openErrors,
    authenticate: (token) =>
      verifyBearerToken(token, { audience: config.AUTH_AUDIENCE, keys, allowedTenants }),
    now: () => new Date(),
  };
}

// One per process, like the SDK clients it holds: a lazy, immutable value, not shared mutable state.
let shared: Promise<Services> | undefined;

export function getServices(): Promise<Services> {
  shared ??= buildServices(process.env).catch((error: unknown) => {
    shared = undefined; // a storage outage at start must not poison every later invocation
    throw error;
  });
  return shared;
}
