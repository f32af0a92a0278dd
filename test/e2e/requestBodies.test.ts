import { request as httpRequest, type IncomingMessage } from 'node:http';
import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { runCycle } from '../support/syncCycles';

/**
 * Issue 12, defect 11: bodies were read whole before authentication and before any size check, and
 * a slow body held a connection for 300 s. Over real HTTP through the local host against Azurite:
 * the caller is authenticated before a byte of the body is read, the 1 MiB limit is enforced while
 * the body streams in (a declared length over it is refused before reading), a body-less route
 * reads a few bytes at most, and a request that does not arrive in time is cut off.
 */

// Short for this file, so that a slow body is cut within the test (60 s by default).
const TIMEOUTS = { LOCAL_HOST_REQUEST_TIMEOUT_MS: '1500', LOCAL_HOST_HEADERS_TIMEOUT_MS: '1500' };
const previous = Object.fromEntries(Object.keys(TIMEOUTS).map((k) => [k, process.env[k]]));
let service: TestService;

beforeAll(async () => {
  service = await startTestService(TIMEOUTS);
});
afterAll(async () => {
  await service.stop();
  for (const [key, value] of Object.entries(previous)) {
    if (value === undefined) Reflect.deleteProperty(process.env, key);
    else process.env[key] = value;
  }
});

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  /** Bytes of the body the client had written when the answer came. */
  sentWhenAnswered: number;
  /** Whether the server closed the connection within a second of answering. */
  closed: boolean;
}

/**
 * Sends the headers, then `parts` of the body one at a time (each after `gapMs`), never ending the
 * request unless `end`; resolves with the answer, or rejects if none comes within `waitMs`.
 */
function send(options: {
  method: string;
  path: string;
  headers: Record<string, string>;
  parts?: Buffer[];
  gapMs?: number;
  end?: boolean;
  waitMs?: number;
}): Promise<Answer> {
  const url = new URL(`${service.url}${options.path}`);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      method: options.method,
      path: url.pathname + url.search,
      headers: options.headers,
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${options.waitMs ?? 5000} ms (${sent} body bytes sent)`));
    }, options.waitMs ?? 5000);
    req.on('error', () => undefined);
    req.on('response', (res) => {
      answered = true;
      const sentWhenAnswered = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => undefined);
      res.on('end', () => {
        const socket = req.socket;
        const done = (closed: boolean) => {
          clearTimeout(timer);
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            sentWhenAnswered,
            closed,
          });
        };
        if (!socket || socket.destroyed) return done(true);
        const wait = setTimeout(() => done(false), 1000);
        socket.once('close', () => {
          clearTimeout(wait);
          done(true);
        });
      });
    });
    req.flushHeaders();
    const parts = [...(options.parts ?? [])];
    const next = (): void => {
      if (answered || req.destroyed) return;
      const part = parts.shift();
      if (part === undefined) {
        if (options.end) req.end();
        return;
      }
      req.write(part, () => {
        sent += part.byteLength;
        setTimeout(next, options.gapMs ?? 0);
      });
    };
    next();
  });
}

const MiB = 1024 * 1024;
const json = { 'content-type': 'application/json' };
const bearer = async () => ({
  authorization: `Bearer ${await service.token(newTenantId(), 'GlobalAdministrator')}`,
});

describe('authentication comes before the body', () => {
  test('an unauthenticated PUT of 8 MB is answered 401 after 64 KB, and the connection is closed', async () => {
    const answer = await send({
      method: 'PUT',
      path: '/api/source-objects',
      headers: { ...json, 'content-length': String(8 * MiB) },
      parts: [Buffer.alloc(64 * 1024, 0x20)],
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'MissingToken' });
    expect(answer.sentWhenAnswered).toBeLessThanOrEqual(64 * 1024);
    expect(answer.headers.connection).toBe('close');
    expect(answer.closed).toBe(true);
  });

  test('a body sent where no function answers is not read either: 404, and the connection is closed', async () => {
    const answer = await send({
      method: 'PUT',
      path: '/api/nothing-here',
      headers: { ...json, 'content-length': String(8 * MiB) },
      parts: [Buffer.alloc(64 * 1024, 0x20)],
    });
    expect(answer.status).toBe(404);
    expect(answer.headers.connection).toBe('close');
    expect(answer.closed).toBe(true);
  });

  test('a forged token with a chunked body: 401 before the body ends', async () => {
    const answer = await send({
      method: 'PATCH',
      path: '/api/settings',
      headers: { ...json, authorization: 'Bearer abc.def.ghi', 'transfer-encoding': 'chunked' },
      parts: [Buffer.from('{"blockSoftMatchEnabled":'), Buffer.alloc(64 * 1024, 0x20)],
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'InvalidToken' });
  });
});

describe('the 1 MiB limit, enforced while the body streams in', () => {
  test('a declared Content-Length over 1 MiB: 413 before a byte of the body is sent', async () => {
    const answer = await send({
      method: 'PUT',
      path: '/api/source-objects',
      headers: { ...json, ...(await bearer()), 'content-length': String(2 * MiB) },
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'PayloadTooLarge' });
    expect(answer.sentWhenAnswered).toBe(0);
    expect(answer.closed).toBe(true);
  });

  test('a chunked body that passes 1 MiB: 413 as soon as it does, without waiting for its end', async () => {
    const part = Buffer.alloc(256 * 1024, 0x20);
    const answer = await send({
      method: 'PUT',
      path: '/api/source-objects',
      headers: { ...json, ...(await bearer()), 'transfer-encoding': 'chunked' },
      // 1.25 MiB, then nothing more, never an end.
      parts: [part, part, part, part, part],
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'PayloadTooLarge' });
    expect(answer.closed).toBe(true);
  });

  test('a body within the limit is still read whole and used', async () => {
    const headers = await bearer();
    const res = await call(`${service.url}/api/settings`, 'PATCH', {
      headers,
      body: { blockSoftMatchEnabled: true },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ blockSoftMatchEnabled: true });
  });
});

describe('a body-less route reads a few bytes at most', () => {
  test('5 MB of whitespace declared: 400 UnexpectedBody before a byte is sent', async () => {
    const answer = await send({
      method: 'POST',
      path: '/api/sync-cycles',
      headers: { ...(await bearer()), 'content-length': String(5 * MiB) },
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'UnexpectedBody' });
    expect(answer.sentWhenAnswered).toBe(0);
  });

  test('whitespace streamed without end: 400 UnexpectedBody after the first chunk', async () => {
    const answer = await send({
      method: 'POST',
      path: '/api/sync-cycles',
      headers: { ...(await bearer()), 'transfer-encoding': 'chunked' },
      parts: [Buffer.alloc(1024, 0x20)],
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'UnexpectedBody' });
  });

  test('200 bytes of whitespace are refused; {} with a little whitespace, or nothing, is accepted', async () => {
    const headers = await bearer();
    const spaces = await call(`${service.url}/api/sync-cycles`, 'POST', {
      headers,
      rawBody: ' '.repeat(200),
    });
    expect(spaces.status).toBe(400);
    expect(spaces.json).toMatchObject({ code: 'UnexpectedBody' });
    // Accepted: the cycle is queued (202) and runs.
    const token = headers.authorization.slice('Bearer '.length);
    expect(await runCycle(service, token, { rawBody: ' {} \n' })).toMatchObject({ outcome: 'completed' });
    expect(await runCycle(service, token)).toMatchObject({ outcome: 'completed' });
  });
});

describe('timeouts', () => {
  test('a body that trickles in is cut off by the request timeout (1.5 s here, 60 s by default): 408 and the connection closed', async () => {
    const started = Date.now();
    const answer = await send({
      method: 'PATCH',
      path: '/api/settings',
      headers: { ...json, ...(await bearer()), 'content-length': '100' },
      parts: Array.from({ length: 40 }, () => Buffer.from(' ')),
      gapMs: 250,
      waitMs: 8000,
    });
    // Node answers 408 (nothing was written on the connection yet) and closes it.
    expect(answer.status).toBe(408);
    expect(answer.closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  test('headers that never end are cut off by the headers timeout', async () => {
    const url = new URL(service.url);
    const { connect } = await import('node:net');
    const closedAfter = await new Promise<number>((resolve) => {
      const started = Date.now();
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      });
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(Date.now() - started));
    });
    expect(closedAfter).toBeLessThan(6000);
  });
});
