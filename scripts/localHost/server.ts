import {
  HttpRequest,
  HttpResponse,
  InvocationContext,
  type HttpRequestInit,
  type HttpResponseInit,
  type LogHandler,
} from '@azure/functions';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ReadableStream, type ReadableStreamDefaultReader } from 'node:stream/web';
import { inspect } from 'node:util';
import { consoleInvocationLog, logError, stampLines } from './logLine';
import { comparePrecedence, compileRoute, matchRoute, type CompiledRoute } from './routeTemplate';
import type { HttpFunction } from './registrations';

/** The Functions host's own default request size cap is 100 MB; this host stops earlier. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

/**
 * How long a client may take, in ms. Azure's front end gives a request 230 s at most; this host is
 * stricter on receiving it: the headers within 20 s and the whole request (headers and body, which
 * the app takes up to 1 MiB of) within 60 s, else Node answers 408 and closes the connection. A
 * connection on which nothing moves for 230 s (a stalled download, a handler silent that long) is
 * closed, as Azure would; an idle keep-alive connection after 5 s.
 */
export interface LocalHostTimeouts {
  headersMs: number;
  requestMs: number;
  idleMs: number;
  keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: LocalHostTimeouts = {
  headersMs: 20_000,
  requestMs: 60_000,
  idleMs: 230_000,
  keepAliveMs: 5_000,
};

/**
 * The timeouts, each overridable from the environment (LOCAL_HOST_HEADERS_TIMEOUT_MS,
 * LOCAL_HOST_REQUEST_TIMEOUT_MS, LOCAL_HOST_IDLE_TIMEOUT_MS, LOCAL_HOST_KEEP_ALIVE_TIMEOUT_MS), so a
 * test can make them short. The headers' timeout never exceeds the request's.
 */
export function timeoutsFrom(
  env: NodeJS.ProcessEnv,
  given: Partial<LocalHostTimeouts> = {},
): LocalHostTimeouts {
  const read = (name: string, fallback: number): number => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
  };
  const requestMs = given.requestMs ?? read('LOCAL_HOST_REQUEST_TIMEOUT_MS', DEFAULT_TIMEOUTS.requestMs);
  return {
    requestMs,
    headersMs: Math.min(
      requestMs,
      given.headersMs ?? read('LOCAL_HOST_HEADERS_TIMEOUT_MS', DEFAULT_TIMEOUTS.headersMs),
    ),
    idleMs: given.idleMs ?? read('LOCAL_HOST_IDLE_TIMEOUT_MS', DEFAULT_TIMEOUTS.idleMs),
    keepAliveMs: given.keepAliveMs ?? read('LOCAL_HOST_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_TIMEOUTS.keepAliveMs),
  };
}

interface ServedRoute {
  fn: HttpFunction;
  compiled: CompiledRoute;
  methods: ReadonlySet<string>;
}

export interface LocalHostOptions {
  functions: readonly HttpFunction[];
  routePrefix: string;
  /** Static files served at `/` (the reference portal), outside the route prefix. */
  staticDir?: string;
  /** Gets one line per request, starting with its ISO-8601 time. */
  log?: (line: string) => void;
  /** Where the functions' own context.log/warn/error go; the console (time-stamped) when omitted. */
  invocationLog?: LogHandler;
  /** Defaults: DEFAULT_TIMEOUTS, or what the environment sets (see timeoutsFrom). */
  timeouts?: Partial<LocalHostTimeouts>;
}

export interface ServedFunction {
  name: string;
  route: string;
  methods: readonly string[];
}

export function servedFunctions(options: LocalHostOptions): ServedFunction[] {
  return buildRoutes(options).map((r) => ({
    name: r.fn.name,
    route: r.compiled.template,
    methods: [...r.methods],
  }));
}

function buildRoutes(options: LocalHostOptions): ServedRoute[] {
  return options.functions
    .map((fn) => ({
      fn,
      compiled: compileRoute([options.routePrefix, fn.route].filter(Boolean).join('/')),
      methods: new Set(fn.methods.map((m) => m.toUpperCase())),
    }))
    .sort((a, b) => comparePrecedence(a.compiled, b.compiled));
}

/**
 * A small stand-in for the Functions host's HTTP front end: it turns requests into
 * `@azure/functions` HttpRequest objects, routes them with the registered templates and
 * writes back what the handler returned. Like the real host (azure-functions-host#9290), it
 * decodes `%2F` before matching, so a route that would 404 on Azure 404s here too.
 *
 * Bodies stream both ways, as on the Functions host with HTTP streaming on: the handler gets the
 * request body unread (it reads it, or not, after authenticating), and a response body is written
 * to the socket as the handler produces it, no faster than the client takes it.
 */
export function createLocalHost(options: LocalHostOptions): Server {
  const routes = buildRoutes(options);
  const log = options.log ?? (() => undefined);
  const timeouts = timeoutsFrom(process.env, options.timeouts);
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // How often the two request timeouts are checked (Node's default is every 30 s).
      connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(timeouts.headersMs / 4))),
    },
    (req, res) => {
      const started = Date.now();
      handle(req, res, routes, options)
        .catch((error: unknown) => {
          logError(`Local host failure: ${inspect(error)}`);
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('Local host failure');
        })
        .finally(() =>
          log(
            stampLines(`${req.method ?? '?'} ${req.url ?? ''} ${res.statusCode} ${Date.now() - started}ms`),
          ),
        );
    },
  );
  server.setTimeout(timeouts.idleMs);
  return server;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  routes: readonly ServedRoute[],
  options: LocalHostOptions,
): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(url.pathname);
  } catch {
    send(res, 400, 'text/plain', 'Bad request path');
    return;
  }
  // Empty segments are kept: a catch-all takes them as they are (an anchor may hold `//`).
  const segments = decodedPath.split('/').slice(1);
  const method = (req.method ?? 'GET').toUpperCase();
  for (const route of routes) {
    if (!route.methods.has(method)) continue;
    const params = matchRoute(route.compiled, segments);
    if (!params) continue;
    if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) {
      // Refused before a byte of it is read; send() closes the connection rather than read it.
      send(res, 413, 'text/plain', 'Request body too large');
      return;
    }
    await invoke(route.fn, req, res, url, params, options.invocationLog);
    return;
  }
  if (
    (method === 'GET' || method === 'HEAD') &&
    options.staticDir &&
    !isUnderPrefix(segments, options.routePrefix)
  ) {
    if (await serveStatic(res, options.staticDir, segments)) return;
  }
  send(res, 404, 'text/plain', 'Not Found');
}

function isUnderPrefix(segments: readonly string[], prefix: string): boolean {
  // segments[0] is the first path segment after the leading slash.
  return prefix.length > 0 && segments[0]?.toLowerCase() === prefix.toLowerCase();
}

async function invoke(
  fn: HttpFunction,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  params: Record<string, string>,
  logHandler: LogHandler | undefined,
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  const method = req.method ?? 'GET';
  // What the worker builds with HTTP streaming on (createStreamRequest in @azure/functions): a fetch
  // Request over the unread body. GET and HEAD carry none there either.
  const carriesBody =
    method !== 'GET' &&
    method !== 'HEAD' &&
    (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined);
  const nativeRequest = new Request(url.toString(), {
    method,
    headers,
    ...(carriesBody ? { body: lazyBody(req), duplex: 'half' } : {}),
  });
  // No query of its own: like the worker in stream mode, HttpRequest reads it from the URL, repeated
  // keys included (collapsing them here would hide what Azure passes on).
  const request = new HttpRequest({ nativeRequest, params } as HttpRequestInit);
  const context = new InvocationContext({
    functionName: fn.name,
    invocationId: randomUUID(),
    logHandler: logHandler ?? consoleInvocationLog(fn.name),
  });
  const result = (await fn.handler(request, context)) as HttpResponseInit | HttpResponse | undefined;
  const response = result instanceof HttpResponse ? result : new HttpResponse(result ?? { status: 204 });
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    out[key] = value;
  });
  // A body the handler left unread (a 401 before it, a 413 part way) is not read now: the
  // connection is closed after the answer instead of kept alive.
  if (carriesBody && !req.complete) res.shouldKeepAlive = false;
  await writeBody(req, res, response.status, out, response.body);
}

/**
 * Writes the response: a body that ends within its first chunk is sent with a Content-Length, as
 * before; any longer one is piped chunk by chunk (chunked transfer encoding), each chunk read from
 * the handler's stream only once the socket has taken the previous ones. When the client goes away
 * the stream is cancelled, which stops the handler's reading; when the stream fails part way the
 * connection is cut, so the client never takes a partial body for a whole one.
 */
async function writeBody(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: ReadableStream<Uint8Array> | null,
): Promise<void> {
  const reader = body?.getReader();
  if (!reader || req.method === 'HEAD') {
    await reader?.cancel().catch(() => undefined);
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const first = await reader.read();
  const second = first.done ? first : await reader.read();
  if (second.done) {
    const bytes = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
    if (bytes.byteLength > 0 && !headers['content-type'])
      headers['content-type'] = 'text/plain; charset=utf-8';
    res.writeHead(status, headers);
    res.end(bytes);
    return;
  }
  if (!headers['content-type']) headers['content-type'] = 'text/plain; charset=utf-8';
  res.writeHead(status, headers);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      yield (first as { value: Uint8Array }).value;
      yield second.value as Uint8Array;
      for (;;) {
        const next = await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // Ended, failed, or the client left: a no-op in the first case, stops the producer otherwise.
      await (reader as ReadableStreamDefaultReader<Uint8Array>).cancel().catch(() => undefined);
    }
  }
  try {
    await pipeline(Readable.from(chunks(), { objectMode: false }), res);
  } catch {
    // The client went away, or the body failed part way (the function logged why): the pipeline has
    // destroyed the response, which cuts the connection.
  }
}

/**
 * The request body as a web stream that reads from the socket only when asked: nothing is read
 * before the handler reads, and it reads a chunk at a time. Cancelling it stops reading without
 * destroying the socket (the answer still has to go out on it). It fails past MAX_REQUEST_BYTES,
 * and when the client goes away or the request timeout cuts it.
 */
function lazyBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let received = 0;
  let detach = (): void => undefined;
  return new ReadableStream<Uint8Array>(
    {
      pull: (controller) =>
        new Promise<void>((resolve) => {
          const finish = (then: () => void): void => {
            detach();
            then();
            resolve();
          };
          const tryRead = (): void => {
            const chunk = req.read() as Buffer | null;
            if (chunk !== null) {
              received += chunk.byteLength;
              if (received > MAX_REQUEST_BYTES) {
                finish(() => controller.error(new Error('Request body too large')));
              } else {
                finish(() => controller.enqueue(new Uint8Array(chunk)));
              }
            } else if (req.readableEnded) {
              finish(() => controller.close());
            }
          };
          const onEnd = (): void => finish(() => controller.close());
          const onClose = (): void => {
            if (!req.complete) finish(() => controller.error(new Error('Request body cut short')));
          };
          const onError = (error: Error): void => finish(() => controller.error(error));
          detach = () => {
            req.off('readable', tryRead);
            req.off('end', onEnd);
            req.off('close', onClose);
            req.off('error', onError);
          };
          req.on('readable', tryRead);
          req.once('end', onEnd);
          req.once('close', onClose);
          req.once('error', onError);
          if (req.destroyed && !req.complete) onClose();
          else tryRead();
        }),
      cancel: () => detach(),
    },
    { highWaterMark: 0 },
  );
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

async function serveStatic(res: ServerResponse, dir: string, segments: readonly string[]): Promise<boolean> {
  const parts = segments.filter((s) => s.length > 0);
  const relative = parts.length === 0 ? 'index.html' : parts.join('/');
  const root = path.resolve(dir);
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return false;
  try {
    const content = await readFile(file);
    send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', content);
    return true;
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  // A body still coming (to a path no function serves, say) is not read: the connection goes instead.
  if (!res.req.complete) res.shouldKeepAlive = false;
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}
