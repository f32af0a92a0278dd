// @ts-check
// The public HTTP API, and nothing else: every call the portal makes goes through here. The
// answers' types are generated from the service's OpenAPI document (apiTypes.d.ts).

/** @import * as T from './apiTypes.js' */
/** @import { Progress } from './types.js' */
/** @typedef {import('./apiTypes.js').OperationQueries} Queries */

/**
 * @typedef {object} SendOptions
 * @property {unknown} [body] sent as JSON
 * @property {{ [name: string]: string | number | boolean | null | undefined }} [query] empty values left out
 * @property {string} [accept]
 * @property {boolean} [auth] whether to send the bearer token
 */

/** A file the service answered: its bytes and the name it gave. @typedef {{ blob: Blob, filename: string }} ApiFile */

/** A refusal or failure: `status`, and the problem+json `code`, `title` and `detail` when there is one. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {Partial<T.Problem> | null} problem
   */
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

/**
 * A sync cycle that was queued and then failed (or outran the portal's wait): the problem its status
 * answered, `code` and `detail`, as an ApiError without an HTTP status of its own.
 */
export class CycleFailedError extends ApiError {
  /**
   * @param {string} cycleId
   * @param {{ code: string, detail: string } | null} problem
   */
  constructor(cycleId, problem) {
    super(0, problem ?? { detail: 'The sync cycle failed; the service gave no reason.' });
    this.name = 'CycleFailedError';
    this.cycleId = cycleId;
  }
}

const enc = encodeURIComponent;

/** A cycle's status is read after this wait, then half as long again each time, up to the longest. */
const FIRST_POLL_MS = 250;
const LONGEST_POLL_MS = 2000;
/** How long the portal follows one cycle before it stops waiting (a large tenant's cycle takes minutes). */
const CYCLE_DEADLINE_MS = 15 * 60_000;

/** @typedef {{ baseUrl?: string, getToken: () => Promise<string | null>, onUnauthorized?: (error: ApiError) => void }} ApiOptions */

/**
 * `baseUrl`: where the API lives ('' = this origin). `getToken()`: the bearer token, or null.
 * `onUnauthorized(error)`: called on a 401 (the token expired or was refused).
 * @param {ApiOptions} options
 */
export function createApi({ baseUrl = '', getToken, onUnauthorized = () => undefined }) {
  const root = baseUrl.replace(/\/+$/, '');

  /**
   * @param {string} method
   * @param {string} path
   * @param {SendOptions} [options]
   * @returns {Promise<Response>}
   */
  async function send(method, path, { body, query, accept = 'application/json', auth = true } = {}) {
    const url = new URL(`${root}/api/${path}`, window.location.href);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    /** @type {Record<string, string>} */
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

  /**
   * A file the service answers (CSV, LDIF): its bytes, and its name from content-disposition.
   * @param {string} method
   * @param {string} path
   * @param {SendOptions} options
   * @param {string} fallbackName
   * @returns {Promise<ApiFile>}
   */
  async function file(method, path, options, fallbackName) {
    const response = await send(method, path, options);
    return { blob: await response.blob(), filename: filenameOf(response) ?? fallbackName };
  }

  /**
   * The answer's JSON, typed by the method that asks (see the object below); null for a 204.
   * @param {string} method
   * @param {string} path
   * @param {SendOptions} [options]
   * @returns {Promise<any>}
   */
  async function json(method, path, options) {
    const response = await send(method, path, options);
    return response.status === 204 ? null : readJson(response);
  }

  /**
   * Every page of a list, up to `maxItems`; `truncated` says whether more were left.
   * @template Item
   * @param {string} path
   * @param {SendOptions['query']} query
   * @param {number} maxItems
   * @returns {Promise<{ items: Item[], truncated: boolean }>}
   */
  async function all(path, query = {}, maxItems = 5000) {
    /** @type {Item[]} */
    const items = [];
    /** @type {string | undefined} */
    let continuationToken;
    do {
      /** @type {{ value: Item[], continuationToken?: string | null }} */
      const page = await json('GET', path, {
        query: { ...query, top: Math.min(999, maxItems - items.length), continuationToken },
      });
      items.push(...page.value);
      continuationToken = page.continuationToken ?? undefined;
    } while (continuationToken && items.length < maxItems);
    return { items, truncated: Boolean(continuationToken) };
  }

  return {
    /** @returns {Promise<T.Health>} */
    health: () => json('GET', 'health', { auth: false }),
    /** The API's own description, anonymous: the portal takes the service's enums from it (apiEnums.js). */
    openApi: () => /** @type {Promise<T.OpenApiDocument>} */ (json('GET', 'openapi.json', { auth: false })),
    /**
     * @param {string} tenantId
     * @param {T.Role} role
     * @param {string} [name]
     * @returns {Promise<T.DevToken>}
     */
    devToken: (tenantId, role, name) =>
      json('POST', 'dev/token', { body: { tenantId, role, ...(name ? { name } : {}) }, auth: false }),

    /**
     * @param {Queries['listSyncErrors']} query
     * @returns {Promise<T.SyncErrorPage>}
     */
    listSyncErrors: (query) => json('GET', 'sync-errors', { query }),
    /**
     * @param {Queries['listSyncErrors']} query
     * @param {number} maxItems
     * @returns {Promise<{ items: T.SyncError[], truncated: boolean }>}
     */
    allSyncErrors: (query, maxItems) => all('sync-errors', query, maxItems),
    /** @param {Queries['listSyncErrors']} query */
    exportSyncErrorsCsv: (query) =>
      file('GET', 'sync-errors', { query, accept: 'text/csv' }, 'sync-errors.csv'),
    /**
     * @param {string} id
     * @returns {Promise<T.SyncError>}
     */
    getSyncError: (id) => json('GET', `sync-errors/${enc(id)}`),
    /**
     * @param {string} id
     * @returns {Promise<T.DiagnosisStep>}
     */
    getDiagnosis: (id) => json('GET', `sync-errors/${enc(id)}/diagnosis`),
    /**
     * @param {string} id
     * @param {T.QuestionId} questionId
     * @param {T.Answer} answer
     * @returns {Promise<T.DiagnosisStep>}
     */
    answer: (id, questionId, answer) =>
      json('POST', `sync-errors/${enc(id)}/diagnosis/answers`, { body: { questionId, answer } }),
    /**
     * @param {string} id
     * @returns {Promise<T.CloseResult>}
     */
    close: (id) => json('POST', `sync-errors/${enc(id)}/close`),
    /**
     * @param {string} id
     * @returns {Promise<T.ApplyFixResult>}
     */
    applyFix: (id) => json('POST', `sync-errors/${enc(id)}/apply-fix`),

    /**
     * Requests a sync cycle (202 Accepted) and follows its status at `Location` until it has run:
     * its summary, or a CycleFailedError with the problem it failed with. `progress` is told
     * "Queued…" and "Running…" as the status moves.
     * @param {Progress} [progress]
     * @returns {Promise<T.CycleSummary>}
     */
    runSyncCycle: async (progress = () => undefined) => {
      const response = await send('POST', 'sync-cycles');
      const queued = /** @type {T.QueuedCycle} */ (await readJson(response));
      // Where the service says the status is, under its /api/ (the portal may be served elsewhere).
      const location = response.headers.get('location') ?? `/api/sync-cycles/${enc(queued.cycleId)}`;
      const path = location.replace(/^.*?\/api\//, '');
      const deadline = Date.now() + CYCLE_DEADLINE_MS;
      let told = '';
      for (let wait = FIRST_POLL_MS; ; wait = Math.min(LONGEST_POLL_MS, wait * 1.5)) {
        /** @type {T.CycleStatus} */
        const status = await json('GET', path);
        if (status.status === 'succeeded' && status.summary) return status.summary;
        if (status.status === 'failed' || status.status === 'succeeded') {
          throw new CycleFailedError(queued.cycleId, status.problem ?? null);
        }
        if (status.status !== told) progress(status.status === 'queued' ? 'Queued…' : 'Running…');
        told = status.status;
        if (Date.now() + wait > deadline) {
          throw new CycleFailedError(queued.cycleId, {
            code: 'CycleStillRunning',
            detail: `The sync cycle was still ${status.status} after ${CYCLE_DEADLINE_MS / 60_000} minutes; its summary will be in the history when it ends.`,
          });
        }
        await new Promise((resolve) => window.setTimeout(resolve, wait));
      }
    },
    /**
     * @param {string} cycleId
     * @returns {Promise<T.CycleStatus>}
     */
    getSyncCycle: (cycleId) => json('GET', `sync-cycles/${enc(cycleId)}`),
    /**
     * @param {Queries['listSyncCycles']} query
     * @returns {Promise<T.CycleHistoryPage>}
     */
    listSyncCycles: (query) => json('GET', 'sync-cycles', { query }),
    /**
     * What the next cycle would create and resolve; the service writes nothing.
     * @returns {Promise<T.DryRunResult>}
     */
    dryRunSyncCycle: () => json('POST', 'sync-cycles', { query: { dryRun: 'true' } }),

    /**
     * @param {Queries['listPreflight']} query
     * @returns {Promise<T.PreflightPage>}
     */
    listPreflight: (query) => json('GET', 'preflight', { query }),
    /** @returns {Promise<T.PreflightRulePage>} */
    listPreflightRules: () => json('GET', 'preflight/rules'),
    /** @param {Queries['listPreflight']} query */
    exportPreflightCsv: (query) => file('GET', 'preflight', { query, accept: 'text/csv' }, 'preflight.csv'),
    /**
     * `selection`: `{ ids }` or `{ all: true, ...filters }`; `undo` asks for the LDIF that reverses the fix.
     * @param {T.PreflightLdifRequest} selection
     * @param {{ undo?: boolean }} [options]
     */
    preflightLdif: (selection, { undo = false } = {}) =>
      file(
        'POST',
        'preflight/ldif',
        { body: selection, query: { undo: undo ? 'true' : undefined }, accept: 'text/plain' },
        undo ? 'preflight-undo.ldif' : 'preflight-fix.ldif',
      ),

    /**
     * @param {Queries['listAuditEvents']} query
     * @returns {Promise<T.AuditEventPage>}
     */
    listAuditEvents: (query) => json('GET', 'audit-events', { query }),
    /**
     * @param {string} eventId
     * @returns {Promise<T.UndoResult>}
     */
    undo: (eventId) => json('POST', `audit-events/${enc(eventId)}/undo`),

    /** @returns {Promise<T.TenantSettings>} */
    getSettings: () => json('GET', 'settings'),
    /**
     * @param {T.SettingsPatch} patch
     * @returns {Promise<T.TenantSettings>}
     */
    patchSettings: (patch) => json('PATCH', 'settings', { body: patch }),

    /**
     * @param {T.SourceObjectInput[]} objects
     * @returns {Promise<T.UpsertResult>}
     */
    putSourceObjects: (objects) => json('PUT', 'source-objects', { body: { objects } }),
    /**
     * @param {T.CloudObjectInput[]} objects
     * @returns {Promise<T.ImportResult>}
     */
    putCloudObjects: (objects) => json('PUT', 'cloud-objects', { body: { objects } }),
    /**
     * @param {string} objectId
     * @returns {Promise<T.CloudObject>}
     */
    getCloudObject: (objectId) => json('GET', `cloud-objects/${enc(objectId)}`),
    /**
     * @param {string} sourceAnchor
     * @returns {Promise<T.SourceObject>}
     */
    getSourceObject: (sourceAnchor) => json('GET', `source-objects/${enc(sourceAnchor)}`),
  };
}

/**
 * @param {Response} response
 * @returns {Promise<any>} the body's JSON, or null when it has none
 */
async function readJson(response) {
  const type = response.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** @param {Response} response */
function filenameOf(response) {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename="?([^";]+)"?/i.exec(disposition);
  return match ? match[1] : null;
}
