import type { HttpRequest } from '@azure/functions';
import { acceptsCsv } from '../syncErrors/acceptsCsv';

/**
 * What a request costs the tenant's token bucket up front (units; the bucket refills
 * RATE_LIMIT_PER_MINUTE units a minute), and whether it is heavy: heavy requests have their own,
 * small concurrency bound per tenant (tenantConcurrency.ts). Rows a request reads are charged on top
 * as it reads them, one unit per ROWS_PER_UNIT, so an export of 9,000 errors costs 10 + 90.
 */
export interface RequestCost {
  units: number;
  heavy: boolean;
}

export const COSTS = {
  /** One entity, or a page served from memory. */
  pointRead: { units: 1, heavy: false },
  /** One page of a list, up to 999 rows. */
  list: { units: 2, heavy: false },
  /** A write of one record (an answer, a fix, settings, a delete). */
  write: { units: 2, heavy: false },
  /** A PUT of up to 1,000 objects. */
  bulkWrite: { units: 5, heavy: false },
  /** A search of the history, which may walk all of it to fill a page. */
  scan: { units: 5, heavy: true },
  /** The whole filtered error list as CSV. */
  export: { units: 10, heavy: true },
  /** A sync cycle reads and reconciles the whole tenant. */
  cycle: { units: 10, heavy: true },
  /**
   * A page or the rule counts of Preflight: it reads the whole tenant and plans a cycle on it, as much
   * as a cycle costs, plus the rows it reads; not heavy, because the portal asks for the rule counts
   * and a page at once and heavy requests go one at a time. Its CSV and LDIF files cost an export.
   */
  preflight: { units: 10, heavy: false },
} as const satisfies Record<string, RequestCost>;

/** Rows read per unit charged after the fact. */
export const ROWS_PER_UNIT = 100;

type CostRule = RequestCost | ((request: HttpRequest) => RequestCost);

/**
 * Every route's cost, declared in one place so that they are weighed against each other; keyed by
 * `METHOD route` as the functions register them. A route not listed costs a point read (GET) or a
 * write (any other method).
 */
const ROUTE_COSTS: Record<string, CostRule> = {
  'GET sync-errors': syncErrorListCost,
  'GET source-objects': COSTS.list,
  'GET cloud-objects': COSTS.list,
  'GET audit-events': COSTS.list,
  'GET sync-cycles': COSTS.list,
  'PUT source-objects': COSTS.bulkWrite,
  'PUT cloud-objects': COSTS.bulkWrite,
  'POST sync-cycles': COSTS.cycle,
  'GET preflight': (request) => (acceptsCsv(request.headers.get('accept')) ? COSTS.export : COSTS.preflight),
  'GET preflight/rules': COSTS.preflight,
  'POST preflight/ldif': COSTS.export,
};

/**
 * GET /api/sync-errors: open errors are served from memory, searched or not, and a page of the
 * history reads at most `top` rows (a list; rows read are charged as read); a search of the history
 * may walk every row of it to fill a page (a scan); `Accept: text/csv` reads every row of the filters
 * (an export). Judged on the raw query, before it is validated: a query the route then refuses has
 * cost what it claimed.
 */
function syncErrorListCost(request: HttpRequest): RequestCost {
  if (acceptsCsv(request.headers.get('accept'))) return COSTS.export;
  const state = request.query.get('state');
  if (state !== null && state !== 'open' && request.query.get('search')) return COSTS.scan;
  return COSTS.list;
}

export function requestCost(route: string, method: string, request: HttpRequest): RequestCost {
  const rule = ROUTE_COSTS[`${method.toUpperCase()} ${route}`];
  if (rule === undefined) return method.toUpperCase() === 'GET' ? COSTS.pointRead : COSTS.write;
  return typeof rule === 'function' ? rule(request) : rule;
}
