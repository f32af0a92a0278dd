// @ts-check
// Sign-in. Two modes, chosen by config.json:
// - "dev" (AUTH_MODE=dev on the service): a tenant and role picker; the service's dev-only route
//   POST /api/dev/token signs the token. The route does not exist in entra mode.
// - "entra": Microsoft Entra ID through MSAL for the browser (authorization code flow with PKCE,
//   redirect). The MSAL bundle is vendored under vendor/ and loaded only in this mode.

/** @import { Role } from './apiTypes.js' */
/** @import { Api, Auth, DevCredentials, MsalAccount, MsalClient, MsalModule, PortalConfig, Session } from './types.js' */

const SESSION_KEY = 'portal.session';
const RECENT_KEY = 'portal.recentTenants';
const DEFAULT_MSAL_BUNDLE = 'vendor/msal-browser/msal-browser.min.js';

/**
 * The dev sign-in's words for each role; the roles themselves, and their order, are the service's
 * (apiEnums.js). Keyed by the generated union, so a role the service adds or drops fails the type-check.
 * @type {Record<Role, string>}
 */
export const DEV_ROLE_LABELS = {
  GlobalAdministrator: 'Global Administrator',
  Contributor: 'Contributor',
  SyncAgent: 'SyncAgent (source objects only)',
  None: 'None (no role)',
};

/**
 * config.json beside index.html; dev mode when it is missing or unreadable.
 * @returns {Promise<PortalConfig>}
 */
export async function loadConfig() {
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    if (!response.ok) return { mode: 'dev', apiBaseUrl: '' };
    const config = await response.json();
    return { apiBaseUrl: '', ...config, mode: config.mode === 'entra' ? 'entra' : 'dev' };
  } catch {
    return { mode: 'dev', apiBaseUrl: '' };
  }
}

/**
 * @param {PortalConfig} config
 * @returns {Auth}
 */
export function createAuth(config) {
  return config.mode === 'entra' ? entraAuth(config) : devAuth();
}

// ---------------------------------------------------------------- dev

/** @returns {Auth} */
function devAuth() {
  let session = readSession();

  return {
    mode: 'dev',
    async init() {
      if (session && Date.now() > (session.expiresAt ?? 0) - 60_000) session = clearSession();
      return session;
    },
    get session() {
      return session;
    },
    async getToken() {
      if (!session) return null;
      if (Date.now() > (session.expiresAt ?? 0) - 30_000) return null;
      return session.accessToken ?? null;
    },
    /**
     * Asks the dev service for a token (api.devToken), then keeps it for this browser tab.
     * @param {Api} [api]
     * @param {DevCredentials} [credentials]
     */
    async signIn(api, credentials) {
      if (!api || !credentials) throw new Error('Dev sign-in needs the API and a tenant and role.');
      const { tenantId, role, name } = credentials;
      const answer = await api.devToken(tenantId, role, name);
      const expiresIn = typeof answer.expiresIn === 'number' ? answer.expiresIn : 3600;
      const tenant = tenantId.toLowerCase();
      session = {
        mode: 'dev',
        accessToken: answer.accessToken,
        tenantId: tenant,
        role,
        name: name || null,
        expiresAt: Date.now() + expiresIn * 1000,
      };
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
      rememberTenant(tenant);
      return session;
    },
    async signOut() {
      session = clearSession();
    },
  };
}

/** @returns {Session | null} */
function readSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    return stored && typeof stored.accessToken === 'string' ? stored : null;
  } catch {
    return null;
  }
}

function clearSession() {
  sessionStorage.removeItem(SESSION_KEY);
  return null;
}

/** @returns {string[]} */
export function recentTenants() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((t) => typeof t === 'string').slice(0, 8) : [];
  } catch {
    return [];
  }
}

/** @param {string} tenantId */
function rememberTenant(tenantId) {
  const list = [tenantId, ...recentTenants().filter((t) => t !== tenantId)].slice(0, 8);
  localStorage.setItem(RECENT_KEY, JSON.stringify(list));
}

// ---------------------------------------------------------------- entra

/**
 * config.json for entra mode:
 *   { "mode": "entra", "clientId": "<SPA app registration's client id>",
 *     "authority": "https://login.microsoftonline.com/organizations",
 *     "scopes": ["api://entra-sync-remediation/user_impersonation"],
 *     "apiBaseUrl": "https://<function app>.azurewebsites.net",
 *     "msalBundle": "vendor/msal-browser/msal-browser.min.js" }
 * The token's audience must be the service's AUTH_AUDIENCE and its tenant one of AUTH_ALLOWED_TENANTS.
 * @param {PortalConfig} config
 * @returns {Auth}
 */
function entraAuth(config) {
  const scopes = Array.isArray(config.scopes) && config.scopes.length ? config.scopes : [];
  /** @type {MsalModule | null} */
  let msal = null;
  /** @type {MsalClient | null} */
  let client = null;
  /** @type {Session | null} */
  let session = null;

  /** @param {MsalAccount | null} account @returns {Session | null} */
  const sessionOf = (account) =>
    account
      ? {
          mode: 'entra',
          tenantId: account.tenantId ?? account.idTokenClaims?.tid ?? null,
          name: account.name ?? account.username ?? null,
          username: account.username ?? null,
          role: rolesOf(account.idTokenClaims),
        }
      : null;

  return {
    mode: 'entra',
    async init() {
      if (!config.clientId) throw new Error('config.json (entra mode) has no clientId.');
      msal = await loadMsal(config.msalBundle ?? DEFAULT_MSAL_BUNDLE);
      client = new msal.PublicClientApplication({
        auth: {
          clientId: config.clientId,
          authority: config.authority ?? 'https://login.microsoftonline.com/organizations',
          redirectUri: config.redirectUri ?? new URL('./', window.location.href).href,
          ...(config.knownAuthorities ? { knownAuthorities: config.knownAuthorities } : {}),
        },
        cache: { cacheLocation: 'sessionStorage' },
      });
      const started = client;
      await started.initialize();
      const result = await started.handleRedirectPromise();
      const account = result?.account ?? started.getActiveAccount() ?? started.getAllAccounts()[0] ?? null;
      if (account) started.setActiveAccount(account);
      session = sessionOf(account);
      return session;
    },
    get session() {
      return session;
    },
    async getToken() {
      const account = client?.getActiveAccount();
      if (!client || !account) return null;
      try {
        return (await client.acquireTokenSilent({ scopes, account })).accessToken;
      } catch (error) {
        if (msal && error instanceof msal.InteractionRequiredAuthError) {
          await client.acquireTokenRedirect({ scopes, account });
          return null;
        }
        throw error;
      }
    },
    /** Leaves the page for the Microsoft sign-in page; init() finishes the sign-in on the way back. */
    async signIn() {
      await client?.loginRedirect({ scopes, prompt: 'select_account' });
    },
    async signOut() {
      const account = client?.getActiveAccount();
      session = null;
      await client?.logoutRedirect(account ? { account } : undefined);
    },
  };
}

/** @param {MsalAccount['idTokenClaims']} claims */
function rolesOf(claims) {
  if (!claims) return null;
  const roles = [];
  if (Array.isArray(claims.wids) && claims.wids.includes('62e90394-69f5-4237-9190-012177145e10')) {
    roles.push('GlobalAdministrator');
  }
  if (Array.isArray(claims.roles)) {
    roles.push(.../** @type {unknown[]} */ (claims.roles).filter((r) => typeof r === 'string'));
  }
  return roles.length ? roles.join(', ') : null;
}

/**
 * The UMD bundle of @azure/msal-browser sets globalThis.msal; loaded once, only in entra mode.
 * @param {string} src
 * @returns {Promise<MsalModule>}
 */
function loadMsal(src) {
  if (globalThis.msal?.PublicClientApplication) return Promise.resolve(globalThis.msal);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () =>
      globalThis.msal?.PublicClientApplication
        ? resolve(globalThis.msal)
        : reject(new Error(`${src} did not define msal.PublicClientApplication.`));
    script.onerror = () => reject(new Error(`The MSAL bundle ${src} could not be loaded.`));
    document.head.append(script);
  });
}
