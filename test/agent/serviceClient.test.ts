import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentStop } from '../../agent/errors';
import { defaultRetryDeps } from '../../agent/httpRetry';
import type { SourceObjectPayload } from '../../agent/mapping';
import { ServiceClient } from '../../agent/serviceClient';
import type { TokenSource } from '../../agent/tokenSource';

/**
 * The delivery client against a real HTTP server on a real socket: each test scripts the answers,
 * and the server records what arrived and when.
 */
interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
  at: number;
}
type Answer = (req: Received, res: ServerResponse, raw: IncomingMessage) => void;

let server: Server;
let baseUrl: string;
let received: Received[];
let answers: Answer[];
let fallback: Answer;

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (_req, res) => {
    res.writeHead(status, {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };

beforeAll(async () => {
  server = createServer((raw, res) => {
    let body = '';
    raw.on('data', (c: Buffer) => (body += c.toString()));
    raw.on('end', () => {
      const req: Received = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        authorization: raw.headers.authorization,
        body,
        at: Date.now(),
      };
      received.push(req);
      (answers.shift() ?? fallback)(req, res, raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  received = [];
  answers = [];
  fallback = json(200, { upserted: 1 });
});

const TOKEN = 'eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ0In0.sig-secret';
function tokens(): TokenSource & { refreshed: number } {
  const source = {
    refreshed: 0,
    get: () => Promise.resolve(source.refreshed === 0 ? TOKEN : `${TOKEN}-fresh`),
    refresh: () => {
      source.refreshed++;
      return Promise.resolve(`${TOKEN}-fresh`);
    },
  };
  return source;
}
const retries: string[] = [];
const client = (overrides: Parameters<typeof defaultRetryDeps>[0] = {}, source: TokenSource = tokens()) =>
  new ServiceClient(
    baseUrl,
    source,
    defaultRetryDeps({
      policy: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100, maxTotalWaitMs: 5_000 },
      attemptTimeoutMs: 2_000,
      onRetry: (what, reason) => retries.push(`${what}: ${reason}`),
      ...overrides,
    }),
  );

const object = (anchor: string): SourceObjectPayload => ({
  sourceAnchor: anchor,
  distinguishedName: `CN=${anchor},OU=Sales,DC=contoso,DC=com`,
  objectType: 'Group',
  userPrincipalName: null,
  mailNickname: null,
  displayName: anchor,
  proxyAddresses: [],
  sipProxyAddress: null,
  onPremisesSecurityIdentifier: null,
});

describe('ServiceClient against a real HTTP server', () => {
  it('sends the batch with the bearer token, and waits out a 429 for its Retry-After', async () => {
    answers.push(json(429, { code: 'RateLimited' }, { 'retry-after': '1' }));
    const refusals = await client().putObjects([object('a'), object('b')]);
    expect(refusals).toEqual([]);
    expect(received).toHaveLength(2);
    expect(received[1]!.at - received[0]!.at).toBeGreaterThanOrEqual(950);
    expect(received.every((r) => r.method === 'PUT' && r.url === '/api/source-objects')).toBe(true);
    expect(received[1]!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(received[1]!.body)).toEqual({ objects: [object('a'), object('b')] });
  });

  it('waits out a sync cycle (409 SyncCycleInProgress) and delivers, where another 409 is an answer', async () => {
    answers.push(json(409, { code: 'SyncCycleInProgress' }), json(409, { code: 'ConcurrentUpdate' }));
    retries.length = 0;
    expect(await client().putObjects([object('a')])).toEqual([]);
    expect(received).toHaveLength(3);
    expect(retries).toEqual([
      'PUT /api/source-objects: HTTP 409 (SyncCycleInProgress)',
      'PUT /api/source-objects: HTTP 409 (ConcurrentUpdate)',
    ]);
    answers.push(json(409, { code: 'SourceAnchorInUse', detail: 'held' }));
    const refused = await client().putObjects([object('b')]);
    expect(refused).toHaveLength(1);
    expect(received).toHaveLength(4);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    answers.push(json(503, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() }));
    await client().putObjects([object('a')]);
    expect(received).toHaveLength(2);
    // HTTP dates have whole seconds: the wait is between 1 and 2 s.
    expect(received[1]!.at - received[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries 500s with backoff until one succeeds', async () => {
    answers.push(json(500, {}), json(502, {}), json(503, { code: 'Unavailable' }));
    retries.length = 0;
    expect(await client().putObjects([object('a')])).toEqual([]);
    expect(received).toHaveLength(4);
    expect(retries).toEqual([
      'PUT /api/source-objects: HTTP 500',
      'PUT /api/source-objects: HTTP 502',
      'PUT /api/source-objects: HTTP 503 (Unavailable)',
    ]);
  });

  it('stops the run when the 500s outlast the attempts, naming the last reason and not the token', async () => {
    fallback = json(500, { code: 'Boom' });
    const error = await client()
      .putObjects([object('a')])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentStop);
    expect((error as Error).message).toMatch(
      /PUT \/api\/source-objects failed after 4 attempts .*HTTP 500 \(Boom\)/,
    );
    expect((error as Error).message).not.toContain('sig-secret');
    expect(received).toHaveLength(4);
  });

  it('gives up at once when a Retry-After passes the total bound', async () => {
    answers.push(json(429, {}, { 'retry-after': '3600' }));
    await expect(client().putObjects([object('a')])).rejects.toThrow(/after 1 attempts .*HTTP 429/);
    expect(received).toHaveLength(1);
  });

  it('retries a connection the server drops', async () => {
    answers.push((_req, _res, raw) => raw.socket.destroy());
    expect(await client().putObjects([object('a')])).toEqual([]);
    expect(received).toHaveLength(2);
  });

  it('does not retry a 400: the object is reported as refused, with the service reason', async () => {
    answers.push(json(400, { code: 'ValidationFailed', detail: 'body.objects.0.displayName: too long' }));
    expect(await client().putObjects([object('a')])).toEqual([
      {
        sourceAnchor: 'a',
        dn: 'CN=a,OU=Sales,DC=contoso,DC=com',
        reason: 'the service answered 400: ValidationFailed: body.objects.0.displayName: too long',
      },
    ]);
    expect(received).toHaveLength(1);
  });

  it('splits a refused batch until the refused object is alone, and delivers the others', async () => {
    const stored = new Set<string>();
    fallback = (req, res) => {
      const anchors = (JSON.parse(req.body) as { objects: { sourceAnchor: string }[] }).objects.map(
        (o) => o.sourceAnchor,
      );
      if (anchors.includes('bad')) return json(400, { code: 'EntityTooLarge' })(req, res, undefined as never);
      anchors.forEach((a) => stored.add(a));
      return json(200, {})(req, res, undefined as never);
    };
    const batch = ['a', 'b', 'c', 'bad', 'd', 'e', 'f'].map(object);
    const refusals = await client().putObjects(batch);
    expect(refusals.map((r) => [r.sourceAnchor, r.reason])).toEqual([
      ['bad', 'the service answered 400: EntityTooLarge'],
    ]);
    expect([...stored].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('takes a fresh token once after a 401, and stops on a second one or a 403', async () => {
    const source = tokens();
    answers.push(json(401, { code: 'InvalidToken' }));
    expect(await client({}, source).putObjects([object('a')])).toEqual([]);
    expect(source.refreshed).toBe(1);
    expect(received[1]!.authorization).toBe(`Bearer ${TOKEN}-fresh`);

    answers.push(json(401, {}), json(401, {}));
    await expect(client().putObjects([object('a')])).rejects.toThrow(/refused \(401\).*SyncAgent role/);
    answers.push(json(403, { code: 'InsufficientRole' }));
    await expect(client().deleteObject('x')).rejects.toThrow(
      /DELETE \/api\/source-objects\/x was refused \(403: InsufficientRole\)/,
    );
  });

  it('deletes by the percent-encoded anchor, and takes a 404 as already gone', async () => {
    answers.push(json(200, {}), json(404, { code: 'SourceObjectNotFound' }), json(409, { code: 'Nope' }));
    const c = client();
    expect(await c.deleteObject('/a+b==')).toEqual({ kind: 'deleted' });
    expect(await c.deleteObject('x')).toEqual({ kind: 'absent' });
    expect(await c.deleteObject('y')).toEqual({ kind: 'refused', reason: 'the service answered 409: Nope' });
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'DELETE /api/source-objects/%2Fa%2Bb%3D%3D',
      'DELETE /api/source-objects/x',
      'DELETE /api/source-objects/y',
    ]);
  });

  it('reads one object, or null, and lists every page', async () => {
    const row = (a: string) => ({ sourceAnchor: a, distinguishedName: `CN=${a}`, deleted: false });
    answers.push(
      json(200, row('a')),
      json(404, {}),
      json(200, { value: [row('1'), row('2')], continuationToken: 'next page' }),
      json(200, { value: [row('3')], continuationToken: null }),
    );
    const c = client();
    expect(await c.getObject('a')).toEqual(row('a'));
    expect(await c.getObject('b')).toBeNull();
    const all: string[] = [];
    for await (const o of c.listObjects()) all.push(o.sourceAnchor);
    expect(all).toEqual(['1', '2', '3']);
    expect(received[3]!.url).toBe('/api/source-objects?top=999&continuationToken=next+page');
  });
});
