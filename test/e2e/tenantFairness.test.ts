import { TableClient } from '@azure/data-tables';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { seedErrors } from '../../scripts/lib/loadRun';
import { inFlightOf } from '../../shared/http/route';
import { ROW } from '../../shared/store/keys';
import { readAll } from '../../shared/store/partitionQueries';
import { parseErrorRow } from '../../shared/store/syncErrorQuery';
import { syncErrorCsvHeader, syncErrorCsvLine } from '../../shared/syncErrors/syncErrorCsv';
import { syncErrorView } from '../../shared/syncErrors/syncErrorView';
import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { storeOf } from '../support/tenantStore';

/**
 * Issue 12, defect 5: one tenant could starve the others without a 429. Over real HTTP through the
 * local host against Azurite: the rate limit counts cost (an export costs more than a point read,
 * and the rows it reads are charged too), each tenant has a bound on requests in flight and a
 * smaller one on heavy requests (exports, searches of the history, cycles), and a CSV export is
 * streamed.
 * Nothing here is timed.
 */

// A bucket of 60 units: 60 point reads, or a few exports.
const RATE = 60;
const previous = process.env.RATE_LIMIT_PER_MINUTE;
let service: TestService;
let table: TableClient;

beforeAll(async () => {
  service = await startTestService({ RATE_LIMIT_PER_MINUTE: String(RATE) });
  table = TableClient.fromConnectionString(
    process.env.TEST_STORAGE_CONNECTION_STRING ?? '',
    `${process.env.TABLE_PREFIX ?? ''}data`,
    { allowInsecureConnection: true },
  );
  // The service creates its table on the first request.
  expect(
    (await call(`${service.url}/api/settings`, 'GET', { token: await admin(newTenantId()) })).status,
  ).toBe(200);
});

afterAll(async () => {
  await service.stop();
  if (previous === undefined) delete process.env.RATE_LIMIT_PER_MINUTE;
  else process.env.RATE_LIMIT_PER_MINUTE = previous;
});

const admin = (tenant: string) => service.token(tenant, 'GlobalAdministrator');
const exportCsv = (token: string) =>
  call(`${service.url}/api/sync-errors?state=resolved`, 'GET', { token, headers: { accept: 'text/csv' } });

interface Held {
  request: ClientRequest;
  response: Promise<IncomingMessage>;
}

/**
 * A request whose body never comes: it holds its place among the tenant's requests in flight (the
 * service has let it in and waits for its body) until the socket is destroyed.
 */
function hold(method: string, path: string, token: string): Held {
  const url = new URL(`${service.url}${path}`);
  const request = httpRequest({
    host: url.hostname,
    port: url.port,
    method,
    path: url.pathname + url.search,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '2' },
  });
  request.on('error', () => undefined);
  const response = new Promise<IncomingMessage>((resolve) => request.on('response', resolve));
  request.flushHeaders();
  return { request, response };
}

describe('cost-based rate limit', () => {
  test('an export costs more than a point read, and the rows it reads are charged: a few exports use up the bucket a point read barely touches; another tenant is unaffected', async () => {
    const noisy = newTenantId();
    await seedErrors(storeOf(table, noisy), 0, 2000);
    const token = await admin(noisy);
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof call>> | null = null;
    for (let i = 0; i < RATE && !refused; i++) {
      const res = await exportCsv(token);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    // Counted per request, 60 exports would have passed: 10 units up front and 20 for 2,000 rows each.
    const passed = statuses.filter((s) => s === 200).length;
    expect(passed).toBeGreaterThanOrEqual(1);
    expect(passed).toBeLessThanOrEqual(3);
    expect(refused?.json).toMatchObject({ code: 'RateLimited', status: 429 });
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The tenant went below zero: even a point read waits now.
    const read = await call(`${service.url}/api/settings`, 'GET', { token });
    expect(read.status).toBe(429);
    expect(Number(read.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const quiet = await admin(newTenantId());
    expect((await call(`${service.url}/api/settings`, 'GET', { token: quiet })).status).toBe(200);
    expect((await exportCsv(quiet)).status).toBe(200);
  });

  test('point reads still cost one unit each: 60 pass, the 61st is refused', async () => {
    const token = await admin(newTenantId());
    const statuses: number[] = [];
    for (let i = 0; i < RATE + 1; i++)
      statuses.push((await call(`${service.url}/api/settings`, 'GET', { token })).status);
    // A second may pass while they run: one unit comes back each second.
    expect(statuses.slice(0, RATE - 2).every((s) => s === 200)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
  });
});

describe('requests in flight per tenant', () => {
  test('while a heavy request is in flight another is refused at once with 429 and Retry-After; a light one, a page of the history and another tenant are served; the place comes back', async () => {
    const tenant = newTenantId();
    const token = await service.token(tenant, 'GlobalAdministrator');
    // A sync cycle (heavy) that waits for the body its Content-Length promises.
    const held = hold('POST', '/api/sync-cycles', token);
    const other = await admin(newTenantId());
    await untilInFlightOf(tenant, 1);

    const second = await exportCsv(token);
    expect(second.status).toBe(429);
    expect(second.json).toMatchObject({ code: 'RateLimited' });
    expect(second.headers.get('retry-after')).toBe('1');
    const history = `${service.url}/api/sync-errors?state=resolved`;
    expect((await call(`${history}&search=zzz&top=999`, 'GET', { token })).status).toBe(429);
    expect((await call(history, 'GET', { token })).status).toBe(200);
    expect((await call(`${service.url}/api/settings`, 'GET', { token })).status).toBe(200);
    expect((await exportCsv(other)).status).toBe(200);

    held.request.destroy();
    await untilInFlightOf(tenant, 0, 'at most');
    expect((await exportCsv(token)).status).toBe(200);
  });

  test('beyond 16 requests in flight any request of the tenant is refused with 429; another tenant is served', async () => {
    const tenant = newTenantId();
    const token = await admin(tenant);
    const held: Held[] = [];
    for (let i = 0; i < 16; i++) held.push(hold('PATCH', '/api/settings', token));
    await untilInFlightOf(tenant, 16);
    const refused = await call(`${service.url}/api/settings`, 'GET', { token });
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ code: 'RateLimited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(
      (await call(`${service.url}/api/settings`, 'GET', { token: await admin(newTenantId()) })).status,
    ).toBe(200);
    for (const h of held) h.request.destroy();
    await untilInFlightOf(tenant, 0, 'at most');
    expect((await call(`${service.url}/api/settings`, 'GET', { token })).status).toBe(200);
  });
});

describe('the CSV export is streamed', () => {
  test('3,000 errors arrive as one HTTP chunk per storage page, not as one chunk built whole, byte for byte the CSV built whole', async () => {
    const tenant = newTenantId();
    await seedErrors(storeOf(table, tenant), 0, 3000);
    const token = await admin(tenant);
    const raw = await rawGet('/api/sync-errors?state=resolved', {
      authorization: `Bearer ${token}`,
      accept: 'text/csv',
    });
    const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1').toLowerCase();
    expect(head).toMatch(/^http\/1\.1 200/);
    expect(head).toMatch(/\r\ntransfer-encoding: chunked(\r\n|$)/);
    expect(head).not.toMatch(/\r\ncontent-length:/);
    expect(head).toMatch(/\r\ncontent-type: text\/csv; charset=utf-8(\r\n|$)/);
    const chunks = dechunk(raw.subarray(raw.indexOf('\r\n\r\n') + 4));
    // Three storage pages of 1,000 rows: the CSV is written as they are read.
    expect(chunks.length).toBeGreaterThanOrEqual(3);

    // What the export produced when it was built whole: the header, then every row in key order.
    const { history } = await storeOf(table, tenant).layout();
    const rows = await readAll(table, history, ROW.resolvedErrorPrefix, parseErrorRow);
    expect(rows).toHaveLength(3000);
    const whole =
      syncErrorCsvHeader() + rows.map((row) => syncErrorCsvLine(syncErrorView(row.error, null))).join('');
    expect(Buffer.concat(chunks).equals(Buffer.from(whole, 'utf8'))).toBe(true);
  });
});

/** A GET on a raw socket (Connection: close), answered with every byte the server sent. */
function rawGet(path: string, headers: Record<string, string>): Promise<Buffer> {
  const url = new URL(service.url);
  return new Promise((resolve, reject) => {
    const received: Buffer[] = [];
    const socket = connect(Number(url.port), url.hostname, () => {
      const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n${lines.join('')}\r\n`);
    });
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(received)));
  });
}

/** The chunks of a chunked body (RFC 9112 §7.1), as the server framed them; the last, empty one left out. */
function dechunk(body: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) throw new Error('chunked body cut short');
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return chunks;
    chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/**
 * Waits until the service counts `count` requests of the tenant in flight (held requests have been
 * let in and wait for their body), or no more than `count` once they are gone. The service runs in
 * this process, so its count is read directly.
 */
async function untilInFlightOf(tenant: string, count: number, mode: 'at least' | 'at most' = 'at least') {
  for (let i = 0; i < 300; i++) {
    const now = inFlightOf(tenant).all;
    if (mode === 'at least' ? now >= count : now <= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`tenant ${tenant}: in flight never reached ${mode} ${count}`);
}
