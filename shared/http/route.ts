import type {
  HttpFunctionOptions,
  HttpMethod,
  HttpRequest,
  HttpResponseInit,
  InvocationContext,
} from '@azure/functions';
import { isAllowed, type Access, type Principal } from '../auth/principal';
import { AppError, conflict } from '../errors';
import { isStatus } from '../store/partitionQueries';
import { getServices, type Services } from '../services';
import { refuseBody } from './body';
import { withIdempotency } from './idempotency';
import { internalErrorResponse, problemResponse } from './problem';

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
        const wait = services.rateLimiter.take(principal.tenantId, Date.now());
        if (wait > 0) {
          throw new AppError(
            'TooManyRequests',
            'RateLimited',
            'Too many requests for this tenant; slow down.',
            {
              retryAfterSeconds: wait,
            },
          );
        }
        if (definition.bodyless) await refuseBody(request);
        const run = () => definition.handler({ request, invocation, services, principal });
        // Every state-changing POST honours Idempotency-Key (PUT and DELETE are idempotent by nature).
        return await (request.method === 'POST'
          ? withIdempotency(services.data, principal.tenantId, request, run, services.now)
          : run());
      } catch (error) {
        return errorResponse(error, invocation);
      }
    },
  };
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
