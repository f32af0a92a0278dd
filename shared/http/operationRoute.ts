import type { HttpFunctionOptions, HttpRequest, HttpResponseInit } from '@azure/functions';
import type { z } from 'zod';
import { notFound } from '../errors';
import { API_CONTRACT, type FunctionName } from '../contract/apiContract';
import { readJsonBody } from './body';
import type { ApiOperation } from '../contract/operation';
import { httpRoute, type AnonymousContext, type AuthorizedContext } from './route';
import { routeValues } from './routeValues';
import { parseQuery, validationError } from './validation';

type Operation<N extends FunctionName> = (typeof API_CONTRACT)[N];

/** What the contract's schemas parse a request to; `{}` or `undefined` where the operation takes none. */
export interface ParsedRequest<O> {
  params: O extends { params: infer P extends z.ZodType } ? z.output<P> : Record<string, never>;
  query: O extends { query: infer Q extends z.ZodType } ? z.output<Q> : Record<string, never>;
  body: O extends { body: { schema: infer B extends z.ZodType } } ? z.output<B> : undefined;
}

export type OperationContext<N extends FunctionName> = (Operation<N>['access'] extends 'anonymous'
  ? AnonymousContext
  : AuthorizedContext) &
  ParsedRequest<Operation<N>>;

export type OperationHandler<N extends FunctionName> = (
  context: OperationContext<N>,
) => Promise<HttpResponseInit>;

/**
 * Registers a contract operation: its route, method and access come from API_CONTRACT, and the
 * handler gets its query, body and route values already parsed by the contract's schemas, so what
 * the OpenAPI document says is what the function reads. Parsed in the order the handlers always
 * did (query, body, then route values), inside the pipeline of shared/http/route.ts: after the
 * caller is authenticated and within its limits, and inside Idempotency-Key's replay.
 */
export function operationRoute<N extends FunctionName>(
  name: N,
  handler: OperationHandler<N>,
): HttpFunctionOptions {
  const operation: ApiOperation = API_CONTRACT[name];
  const run = handler as (context: object) => Promise<HttpResponseInit>;
  const route = operation.route;
  const methods = [operation.method];
  if (operation.access === 'anonymous') {
    return httpRoute({
      route,
      methods,
      access: 'anonymous',
      handler: async (context) => run({ ...context, ...(await parseRequest(operation, context.request)) }),
    });
  }
  return httpRoute({
    route,
    methods,
    access: operation.access,
    ...(takesNoBody(operation) ? { bodyless: true as const } : {}),
    handler: async (context) => run({ ...context, ...(await parseRequest(operation, context.request)) }),
  });
}

/** Authenticated POSTs and DELETEs without a body schema refuse any body but `{}` (route.ts). */
const takesNoBody = (operation: ApiOperation): boolean =>
  !operation.body && (operation.method === 'POST' || operation.method === 'DELETE');

async function parseRequest(
  operation: ApiOperation,
  request: HttpRequest,
): Promise<{ params: unknown; query: unknown; body: unknown }> {
  const query = operation.query ? parseQuery(request.query, operation.query) : {};
  const body = operation.body ? await readJsonBody(request, operation.body.schema) : undefined;
  const params = operation.params ? parseParams(operation, operation.params, request) : {};
  return { params, query, body };
}

function parseParams(operation: ApiOperation, schema: z.ZodObject, request: HttpRequest): unknown {
  const parsed = schema.safeParse(routeValues(operation.route, request));
  if (parsed.success) return parsed.data;
  const unknown = operation.paramsNotFound;
  throw unknown ? notFound(unknown.code, unknown.detail) : validationError(parsed.error, 'route');
}
