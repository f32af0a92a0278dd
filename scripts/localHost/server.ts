import {
  HttpRequest,
  HttpResponse,
  InvocationContext,
  type HttpResponseInit,
  type LogHandler,
} from '@azure/functions';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inspect } from 'node:util';
import { consoleInvocationLog, logError, stampLines } from './logLine';
import { comparePrecedence, compileRoute, matchRoute, type CompiledRoute } from './routeTemplate';
import type { HttpFunction } from './registrations';

/** The Functions host's own default request size cap is 100 MB; this host stops earlier. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

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
 */
export function createLocalHost(options: LocalHostOptions): Server {
  const routes = buildRoutes(options);
  const log = options.log ?? (() => undefined);
  return createServer((req, res) => {
    const started = Date.now();
    handle(req, res, routes, options)
      .catch((error: unknown) => {
        logError(`Local host failure: ${inspect(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Local host failure');
      })
      .finally(() =>
        log(stampLines(`${req.method ?? '?'} ${req.url ?? ''} ${res.statusCode} ${Date.now() - started}ms`)),
      );
  });
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
    const body = await readBody(req);
    if (body === null) {
      send(res, 413, 'text/plain', 'Request body too large');
      return;
    }
    await invoke(route.fn, req, res, url, params, body, options.invocationLog);
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
  body: Buffer,
  logHandler: LogHandler | undefined,
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  const request = new HttpRequest({
    method: req.method ?? 'GET',
    url: url.toString(),
    headers,
    query: Object.fromEntries(url.searchParams),
    params,
    body: body.byteLength > 0 ? { bytes: body } : undefined,
  });
  const context = new InvocationContext({
    functionName: fn.name,
    invocationId: randomUUID(),
    logHandler: logHandler ?? consoleInvocationLog(fn.name),
  });
  const result = (await fn.handler(request, context)) as HttpResponseInit | HttpResponse | undefined;
  const response = result instanceof HttpResponse ? result : new HttpResponse(result ?? { status: 204 });
  const bytes = Buffer.from(await response.arrayBuffer());
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    out[key] = value;
  });
  if (bytes.byteLength > 0 && !out['content-type']) out['content-type'] = 'text/plain; charset=utf-8';
  res.writeHead(response.status, out);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
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
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}
