// The public HTTP API, and nothing else: every call the portal makes goes through here.

/** A refusal or failure: `status`, and the problem+json `code`, `title` and `detail` when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem?.detail ?? problem?.title ?? `The service answered ${status}.`;
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem?.code ?? null;
    this.title = problem?.title ?? null;
    this.detail = detail;
  }
}

const enc = encodeURIComponent;

/**
 * `baseUrl`: where the API lives ('' = this origin). `getToken()`: the bearer token, or null.
 * `onUnauthorized(error)`: called on a 401 (the token expired or was refused).
 */
export function createApi({ baseUrl = '', getToken, onUnauthorized = () => undefined }) {
  const root = baseUrl.replace(/\/+$/, '');

  async function send(method, path, { body, query, accept = 'application/json', auth = true } = {}) {
    const url = new URL(`${root}/api/${path}`, window.location.href);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    const headers = { accept };
    if (auth) {
      const token = await getToken();
      if (token) headers.authorization = `Bearer ${token}`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, {
        code: 'NetworkError',
        detail: `The service at ${url.origin} could not be reached. Is it running?`,
      });
    }
    if (response.ok) return response;
    const problem = await readJson(response);
    const error = new ApiError(response.status, problem);
    if (response.status === 401 && auth) onUnauthorized(error);
    throw error;
  }

  /** A file the service answers (CSV, LDIF): its bytes, and its name from content-disposition. */
  async function file(method, path, options, fallbackName) {
    const response = await send(method, path, options);
    return { blob: await response.blob(), filename: filenameOf(response) ?? fallbackName };
  }

  async function json(method, path, options) {
    const response = await send(method, path, options);
    return response.status === 204 ? null : readJson(response);
  }

  /** Every page of a list, up to `maxItems`; `truncated` says whether more were left. */
  async function all(path, query = {}, maxItems = 5000) {
    const items = [];
    let continuationToken;
    do {
      const page = await json('GET', path, {
        query: { ...query, top: Math.min(999, maxItems - items.length), continuationToken },
      });
      items.push(...page.value);
      continuationToken = page.continuationToken ?? undefined;
    } while (continuationToken && items.length < maxItems);
    return { items, truncated: Boolean(continuationToken) };
  }

  return {
    health: () => json('GET', 'health', { auth: false }),
    devToken: (tenantId, role, name) =>
      json('POST', 'dev/token', { body: { tenantId, role, ...(name ? { name } : {}) }, auth: false }),

    listSyncErrors: (query) => json('GET', 'sync-errors', { query }),
    allSyncErrors: (query, maxItems) => all('sync-errors', query, maxItems),
    exportSyncErrorsCsv: (query) =>
      file('GET', 'sync-errors', { query, accept: 'text/csv' }, 'sync-errors.csv'),
    getSyncError: (id) => json('GET', `sync-errors/${enc(id)}`),
    getDiagnosis: (id) => json('GET', `sync-errors/${enc(id)}/diagnosis`),
    answer: (id, questionId, answer) =>
      json('POST', `sync-errors/${enc(id)}/diagnosis/answers`, { body: { questionId, answer } }),
    close: (id) => json('POST', `sync-errors/${enc(id)}/close`),
    applyFix: (id) => json('POST', `sync-errors/${enc(id)}/apply-fix`),

    runSyncCycle: () => json('POST', 'sync-cycles'),
    listSyncCycles: (query) => json('GET', 'sync-cycles', { query }),
    /** What the next cycle would create and resolve; the service writes nothing. */
    dryRunSyncCycle: () => json('POST', 'sync-cycles', { query: { dryRun: 'true' } }),

    listPreflight: (query) => json('GET', 'preflight', { query }),
    listPreflightRules: () => json('GET', 'preflight/rules'),
    exportPreflightCsv: (query) => file('GET', 'preflight', { query, accept: 'text/csv' }, 'preflight.csv'),
    /** `selection`: `{ ids }` or `{ all: true, ...filters }`; `undo` asks for the LDIF that reverses the fix. */
    preflightLdif: (selection, { undo = false } = {}) =>
      file(
        'POST',
        'preflight/ldif',
        { body: selection, query: { undo: undo ? 'true' : undefined }, accept: 'text/plain' },
        undo ? 'preflight-undo.ldif' : 'preflight-fix.ldif',
      ),

    listAuditEvents: (query) => json('GET', 'audit-events', { query }),
    undo: (eventId) => json('POST', `audit-events/${enc(eventId)}/undo`),

    getSettings: () => json('GET', 'settings'),
    patchSettings: (patch) => json('PATCH', 'settings', { body: patch }),

    putSourceObjects: (objects) => json('PUT', 'source-objects', { body: { objects } }),
    putCloudObjects: (objects) => json('PUT', 'cloud-objects', { body: { objects } }),
    getCloudObject: (objectId) => json('GET', `cloud-objects/${enc(objectId)}`),
    getSourceObject: (sourceAnchor) => json('GET', `source-objects/${enc(sourceAnchor)}`),
  };
}

async function readJson(response) {
  const type = response.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function filenameOf(response) {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename="?([^";]+)"?/i.exec(disposition);
  return match ? match[1] : null;
}
