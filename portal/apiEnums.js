// @ts-check
// The service's enums (error types, categories, attributes, statuses...), read from its OpenAPI
// document (GET /api/openapi.json, anonymous) once, rather than copied here: a value the service adds
// shows in the filters without a portal change. Their types come from the same document
// (apiTypes.d.ts), so a label map keyed by one of them is checked against it.

/** @import * as T from './apiTypes.js' */
/** @import { Api } from './types.js' */

/**
 * @typedef {object} ApiEnums
 * @property {T.Category[]} category Connect Health's categories, in its order
 * @property {T.ErrorType[]} errorType
 * @property {T.ErrorAttribute[]} attribute
 * @property {T.DiagnoseStatus[]} diagnoseStatus
 * @property {T.OperationQueries['listSyncErrors']['state'][]} errorListState
 * @property {T.PreflightAttribute[]} preflightAttribute the attributes preflight checks (AD's names)
 * @property {T.Role[]} role the roles a dev token can carry (empty when the service is not in dev mode)
 */

/** @type {Promise<ApiEnums> | null} */
let loading = null;

/**
 * The enums, fetched on the first call and kept; a failed fetch is not kept, so the next view asks again.
 * @param {Api} api
 * @returns {Promise<ApiEnums>}
 */
export function apiEnums(api) {
  loading ??= api.openApi().then(enumsOf, (error) => {
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * Where each enum sits in the document: the places scripts/portalTypes.ts reads for the types.
 * @param {T.OpenApiDocument} document
 * @returns {ApiEnums}
 */
function enumsOf(document) {
  const at = enumAt(document);
  return {
    category: /** @type {T.Category[]} */ (at('SyncError', 'category')),
    errorType: /** @type {T.ErrorType[]} */ (at('SyncError', 'errorType')),
    attribute: /** @type {T.ErrorAttribute[]} */ (at('SyncError', 'attribute')),
    diagnoseStatus: /** @type {T.DiagnoseStatus[]} */ (at('SyncError', 'diagnoseStatus')),
    errorListState: /** @type {ApiEnums['errorListState']} */ (
      queryEnum(document, '/api/sync-errors', 'state')
    ),
    preflightAttribute: /** @type {T.PreflightAttribute[]} */ (at('PreflightRow', 'attribute')),
    // DevTokenRequest is in the document only where POST /api/dev/token exists (AUTH_MODE=dev).
    role: /** @type {T.Role[]} */ (at('DevTokenRequest', 'role', { optional: true })),
  };
}

/**
 * @param {T.OpenApiDocument} document
 * @returns {(schema: string, property: string, options?: { optional?: boolean }) => string[]}
 */
function enumAt(document) {
  const schemas = /** @type {Record<string, { properties?: Record<string, { enum?: unknown[] }> }>} */ (
    /** @type {{ schemas?: object }} */ (document.components ?? {}).schemas ?? {}
  );
  return (schema, property, { optional = false } = {}) => {
    const values = schemas[schema]?.properties?.[property]?.enum;
    if (Array.isArray(values)) return values.map(String);
    if (optional && !schemas[schema]) return [];
    throw new Error(`The service's OpenAPI document has no enum at ${schema}.${property}.`);
  };
}

/**
 * A GET operation's query parameter's enum.
 * @param {T.OpenApiDocument} document
 * @param {string} path
 * @param {string} name
 */
function queryEnum(document, path, name) {
  const paths =
    /** @type {Record<string, { get?: { parameters?: { in?: string, name?: string, schema?: { enum?: unknown[] } }[] } }>} */ (
      document.paths ?? {}
    );
  const parameter = paths[path]?.get?.parameters?.find((p) => p.in === 'query' && p.name === name);
  const values = parameter?.schema?.enum;
  if (!Array.isArray(values))
    throw new Error(`The service's OpenAPI document has no enum for ${path}?${name}.`);
  return values.map(String);
}
