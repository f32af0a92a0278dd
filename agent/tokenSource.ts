import { EnvironmentCredential } from '@azure/identity';
import { AgentStop } from './errors';
import { fetchWithRetry, type RetryDeps } from './httpRetry';
import type { TokenOptions } from './options';

/**
 * The SyncAgent token: a dev token from the service (AUTH_MODE=dev) or a client credential from
 * Entra (AUTH_MODE=entra). Kept until five minutes before it expires; `refresh` after a 401.
 */
export interface TokenSource {
  get(): Promise<string>;
  refresh(): Promise<string>;
}

interface Token {
  value: string;
  expiresAt: number;
}

const EARLY_MS = 5 * 60_000;

function cached(fetchToken: () => Promise<Token>, now: () => number): TokenSource {
  let current: Token | null = null;
  const refresh = async (): Promise<string> => {
    current = await fetchToken();
    return current.value;
  };
  return {
    get: async () => (current !== null && current.expiresAt - EARLY_MS > now() ? current.value : refresh()),
    refresh,
  };
}

export function devTokenSource(serviceUrl: string, tenantId: string, retry: RetryDeps): TokenSource {
  return cached(async () => {
    const what = 'POST /api/dev/token';
    const response = await fetchWithRetry(
      what,
      (signal) =>
        fetch(`${serviceUrl}/api/dev/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ tenantId, role: 'SyncAgent' }),
          signal,
        }),
      retry,
    ).catch((error: unknown) => {
      throw error instanceof AgentStop
        ? new AgentStop(`the service at ${serviceUrl}: ${error.message}`)
        : error;
    });
    const text = await response.text();
    if (response.status === 404) {
      throw new AgentStop(
        `the service at ${serviceUrl} gives no dev tokens (404 on /api/dev/token): it is not in ` +
          'AUTH_MODE=dev; use --scope with an app credential instead of --dev-tenant',
      );
    }
    if (response.status !== 200) throw new AgentStop(`${what} answered ${response.status}`);
    const body = JSON.parse(text) as { accessToken?: unknown; expiresIn?: unknown };
    if (typeof body.accessToken !== 'string') throw new AgentStop(`${what} answered no accessToken`);
    const expiresIn = typeof body.expiresIn === 'number' ? body.expiresIn : 3600;
    return { value: body.accessToken, expiresAt: retry.now() + expiresIn * 1000 };
  }, retry.now);
}

export function entraTokenSource(scope: string, now: () => number): TokenSource {
  let credential: EnvironmentCredential | null = null;
  return cached(async () => {
    try {
      credential ??= new EnvironmentCredential();
      const token = await credential.getToken(scope);
      return { value: token.token, expiresAt: token.expiresOnTimestamp };
    } catch (error) {
      // @azure/identity's messages name the missing variables or Entra's error code, never a secret.
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new AgentStop(`no token for ${scope} from AZURE_TENANT_ID/AZURE_CLIENT_ID: ${message ?? ''}`);
    }
  }, now);
}

export function tokenSourceFor(token: TokenOptions, serviceUrl: string, retry: RetryDeps): TokenSource {
  return token.mode === 'dev'
    ? devTokenSource(serviceUrl, token.tenantId, retry)
    : entraTokenSource(token.scope, retry.now);
}

/** The tenant a token is for (its `tid`), read without verifying it: the service verifies it. */
export function tenantOfToken(token: string): string {
  const payload = token.split('.')[1];
  if (payload === undefined) throw new AgentStop('the token is not a JWT');
  const tid = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid?: unknown }).tid;
  if (typeof tid !== 'string') throw new AgentStop('the token carries no tenant (tid)');
  return tid.toLowerCase();
}
