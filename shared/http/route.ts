import {
  app,
  HttpRequest,
  HttpResponse,
  type HttpFunctionOptions,
  type HttpMethod,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import { isAllowed, type Access, type Principal } from '../auth/principal';
import type { AppConfig } from '../config';
import { AppError, conflict } from '../errors';
import { isStatus } from '../store/partitionQueries';
import { getServices, type Services } from '../services';
import { MAX_BODY_BYTES, readBodyBytes, refuseBody, tooLarge } from './body';
import { withIdempotency } from './idempotency';
import { internalErrorResponse, problemResponse } from './problem';
import { requestCost, ROWS_PER_UNIT } from './requestCost';
import { createTenantConcurrency, type TenantConcurrency } from './tenantConcurrency';

// Request bodies reach the app as streams (read only after the caller is authenticated, and only up
// to the limit) and response bodies leave as streams (a CSV export is sent as it is read), on the
// Functions host (v4.28+) as on the local host. Every HTTP function's file imports this module, so this
// runs while the worker loads the app, before the host asks for its capabilities.
app.setup({ enableHttpStream: true });

/**
 * Requests in flight per tenant in this process, made with the first request's settings. Like the
 * token bucket in Services it is process state by nature: it bounds what one tenant can make this
 * instance do at once.
 */
let inFlight: TenantConcurrency | undefined;

function concurrency(config: AppConfig): TenantConcurrency {
  inFlight ??= createTenantConcurrency({
    perTenant: config.CONCURRENT_REQUESTS_PER_TENANT,
    heavyPerTenant: config.CONCURRENT_HEAVY_REQUESTS_PER_TENANT,
  });
  return inFlight;
}

/** A tenant's requests in flight in this process (all, heavy): for diagnostics and tests. */
export const inFlightOf = (tenantId: string): { all: number; heavy: number } =>
  inFlight?.inFlight(tenantId) ?? { all: 0, heavy: 0 };

export interface AnonymousContext {
  request: HttpRequest;
  invocation: InvocationContext;
  services: () => Promise<Services>;
}

export interface AuthorizedContext {
  request: HttpRequest;
  invocation: InvocationContext;
  services: Services;
  principal: Principal;
  /** Tells the rate limit how many rows the request read, beyond what its route declared. */
  rowsRead: (count: number) => void;
}

type Handler<C> = (context: C) => Promise<HttpResponseInit>;

export type RouteDefinition =
  | { route: string; methods: HttpMethod[]; access: 'anonymous'; handler: Handler<AnonymousContext> }
  | {
      route: string;
      methods: HttpMethod[];
      access: Exclude<Access, 'anonymous'>;
      /** The route takes no body: anything but none or `{}` is refused with 400 UnexpectedBody. */
      bodyless?: true;
      handler: Handler<AuthorizedContext>;
    };

/**
 * Every HTTP function goes through here: the caller is authenticated and authorized before
 * the handler runs (no route can forget it), AppErrors become problem+json, and anything
 * else is logged with the invocation id and answered with a bare 500.
 * In this order, so that nobody can make the service read what it would refuse: the token, the
 * role, a place among the tenant's requests in flight, the route's cost from the tenant's bucket
 * (429 for either), and only then the body, at most 1 MiB of it (64 bytes on a body-less route).
 * Function keys are not used (authLevel anonymous): the token guard knows who is calling.
 */
export function httpRoute(definition: RouteDefinition): HttpFunctionOptions {
  return {
    route: definition.route,
    methods: definition.methods,
    authLevel: 'anonymous',
    handler: async (request, invocation) => {
      try {
        if (definition.access === 'anonymous') {
          return await definition.handler({ request, invocation, services: getServices });
        }
        const services = await getServices();
        const principal = await authenticate(request, services, invocation);
        if (!isAllowed(principal, definition.access)) {
          throw new AppError('Forbidden', 'InsufficientRole', forbiddenDetail(definition.access));
        }
        const tenantId = principal.tenantId;
        const cost = requestCost(definition.route, request.method, request);
        const release = concurrency(services.config).tryEnter(tenantId, cost.heavy);
        if (!release) throw tooManyInFlight(services.config);
        let handedOff = false;
        try {
          const wait = services.rateLimiter.take(tenantId, Date.now(), cost.units);
          if (wait > 0) throw rateLimited(wait);
          // Only now, with the caller known and within its limits, is a body read, and never past its limit.
          const body = definition.bodyless
            ? await refuseBody(request)
            : hasBody(request.method)
              ? await readBodyBytes(request, MAX_BODY_BYTES, tooLarge)
              : null;
          const bounded = body === null ? request : withBody(request, body);
          const rowsRead = (count: number) =>
            services.rateLimiter.charge(tenantId, Date.now(), count / ROWS_PER_UNIT);
          const run = () =>
            definition.handler({ request: bounded, invocation, services, principal, rowsRead });
          // Every state-changing POST honours Idempotency-Key (PUT and DELETE are idempotent by nature).
          const response = await (bounded.method === 'POST'
            ? withIdempotency(services.store.tenant(tenantId).idempotency, bounded, run, services.now)
            : run());
          const streamed = releasedAfter(response, release);
          handedOff = streamed !== response;
          return streamed;
        } finally {
          if (!handedOff) release();
        }
      } catch (error) {
        return errorResponse(error, invocation);
      }
    },
  };
}

function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError('TooManyRequests', 'RateLimited', 'Too many requests for this tenant; slow down.', {
    retryAfterSeconds,
  });
}

function tooManyInFlight(config: AppConfig): AppError {
  return new AppError(
    'TooManyRequests',
    'RateLimited',
    `Too many requests of this tenant are running: at most ${config.CONCURRENT_REQUESTS_PER_TENANT} at once, ` +
      `and ${config.CONCURRENT_HEAVY_REQUESTS_PER_TENANT} CSV export, search of the history or sync cycle. ` +
      'Retry when one has ended.',
    { retryAfterSeconds: 1 },
  );
}

const hasBody = (method: string): boolean =>
  !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(method.toUpperCase());

/** The same request with its body read already (bounded): handlers and Idempotency-Key may read it again. */
function withBody(request: HttpRequest, body: Uint8Array): HttpRequest {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  return new HttpRequest({
    method: request.method,
    url: request.url,
    headers,
    query: Object.fromEntries(request.query),
    params: request.params,
    body: body.byteLength > 0 ? { bytes: body } : undefined,
  });
}

/**
 * A streamed body (a CSV export) is still being read from storage after the handler returns: the
 * request keeps its place among the tenant's requests in flight until the body ends, fails or is
 * abandoned by the client. Any other response has been produced whole, and gives it back at once.
 */
function releasedAfter(response: HttpResponseInit, release: () => void): HttpResponseInit {
  if (response instanceof HttpResponse) return response;
  const body = response.body;
  if (body === null || body === undefined || typeof body !== 'object' || !(Symbol.asyncIterator in body)) {
    return response;
  }
  const source = body as AsyncIterable<Uint8Array>;
  const releasing: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() {
      const inner = source[Symbol.asyncIterator]();
      return {
        async next() {
          try {
            const result = await inner.next();
            if (result.done) release();
            return result;
          } catch (error) {
            release();
            throw error;
          }
        },
        // Called when the reader stops early (the client went away): even if it never began.
        async return(value?: unknown) {
          release();
          await inner.return?.(value);
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { ...response, body: releasing };
}

function forbiddenDetail(access: Exclude<Access, 'anonymous'>): string {
  return access === 'admin'
    ? 'This requires the Global Administrator role or the Contributor role of this tenant.'
    : 'This requires the Global Administrator, Contributor or SyncAgent role of this tenant.';
}

async function authenticate(
  request: HttpRequest,
  services: Services,
  invocation: InvocationContext,
): Promise<Principal> {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer\s+([A-Za-z0-9\-_.]+={0,2})\s*$/i.exec(header) : null;
  if (!match?.[1]) {
    throw new AppError(
      'Unauthenticated',
      'MissingToken',
      'Send a bearer token: Authorization: Bearer <token>.',
    );
  }
  const result = await services.authenticate(match[1]);
  if (!result.ok) {
    invocation.warn(`Token refused: ${result.reason}`);
    throw new AppError(
      'Unauthenticated',
      'InvalidToken',
      'The bearer token is invalid, expired or not for this API.',
    );
  }
  return result.principal;
}

export function errorResponse(error: unknown, invocation: InvocationContext): HttpResponseInit {
  if (error instanceof AppError) {
    const headers: Record<string, string> =
      error.kind === 'Unauthenticated' ? { 'www-authenticate': 'Bearer' } : {};
    const retryAfter = error.extensions.retryAfterSeconds;
    if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
    return problemResponse(error, headers);
  }
  if (isStatus(error, 412)) {
    // An ETag-guarded write lost a race: the caller may simply retry.
    return problemResponse(conflict('ConcurrentUpdate', 'The record changed while this request ran; retry.'));
  }
  invocation.error(`Unhandled error in ${invocation.functionName} (${invocation.invocationId})`, error);
  return internalErrorResponse(invocation.invocationId);
}
