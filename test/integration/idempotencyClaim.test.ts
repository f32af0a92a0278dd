import { HttpRequest } from '@azure/functions';
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { withIdempotency } from '../../shared/http/idempotency';
import { idempotencyRepository } from '../../shared/store/idempotencyRepository';
import type { EntityTable } from '../../shared/store/entityTable';
import { memoryTable } from '../support/table';

/**
 * Issue 11, defect 12: after a crash, a retry with the same Idempotency-Key was refused with
 * IdempotentRequestInProgress for 15 minutes. A running claim now lives while its request renews it
 * and expires 30 s after the last renewal. On the memory table: the claim rules are ours, and the
 * table's ETag semantics are held to Azurite's by test/shared/store/tableContract.test.ts.
 */
let table: EntityTable;
beforeAll(() => {
  table = memoryTable();
});

const URL_ = 'http://localhost/api/sync-cycles';
const request = (key: string) =>
  new HttpRequest({ method: 'POST', url: URL_, headers: { 'idempotency-key': key }, body: { string: '' } });
const fingerprint = createHash('sha256').update(`POST /api/sync-cycles\n`).digest('hex');
const rowKey = (key: string) => `idem_${createHash('sha256').update(key).digest('hex')}`;

async function leftRunning(tenant: string, key: string, agoMs: number): Promise<void> {
  await table.createEntity({
    partitionKey: tenant,
    rowKey: rowKey(key),
    fingerprint,
    state: 'running',
    createdAt: new Date(Date.now() - agoMs).toISOString(),
  });
}

const claims = (tenant: string) => idempotencyRepository({ table }, tenant);
/** What POST /api/sync-cycles answers: the queued cycle, and where its status is. */
const CYCLE_ID = '7d8e6f4a-1b2c-4d3e-8f90-a1b2c3d4e5f6';
const LOCATION = `/api/sync-cycles/${CYCLE_ID}`;
const ok = () =>
  Promise.resolve({
    status: 202,
    headers: { 'content-type': 'application/json', location: LOCATION },
    body: JSON.stringify({ cycleId: CYCLE_ID, status: 'queued' }),
  });
const now = () => new Date();

test('a claim left running by a process that died 40 s ago no longer blocks the key', async () => {
  const tenant = randomUUID();
  await leftRunning(tenant, 'k1', 40_000);
  await expect(withIdempotency(claims(tenant), request('k1'), ok, now)).resolves.toMatchObject({
    status: 202,
  });
});

test('a claim renewed 5 s ago is a request still running: 409 IdempotentRequestInProgress', async () => {
  const tenant = randomUUID();
  await leftRunning(tenant, 'k2', 5_000);
  await expect(withIdempotency(claims(tenant), request('k2'), ok, now)).rejects.toMatchObject({
    code: 'IdempotentRequestInProgress',
  });
});

test('a request that runs longer than the claim TTL keeps its claim alive by renewing it', async () => {
  const tenant = randomUUID();
  const timing = { runningTtlMs: 400, heartbeatMs: 100 };
  const slow = () => new Promise<{ status: number }>((r) => setTimeout(() => r({ status: 200 }), 1200));
  const first = withIdempotency(claims(tenant), request('k3'), slow, now, timing);
  await new Promise((r) => setTimeout(r, 800));
  const second = await withIdempotency(claims(tenant), request('k3'), ok, now, timing).catch(
    (e: unknown) => e,
  );
  expect(second).toBeInstanceOf(AppError);
  expect(second).toMatchObject({ code: 'IdempotentRequestInProgress' });
  await expect(first).resolves.toMatchObject({ status: 200 });
});

test("a cycle request's 202 is replayed with its Location, and the request is not run again", async () => {
  const tenant = randomUUID();
  const first = await withIdempotency(claims(tenant), request('k4'), ok, now);
  const again = () => Promise.reject(new Error('the request ran again'));
  const replay = await withIdempotency(claims(tenant), request('k4'), again, now);
  expect(replay).toEqual({
    status: 202,
    headers: { ...(first.headers as Record<string, string>), 'idempotent-replay': 'true' },
    body: first.body,
  });
  expect(replay.headers).toMatchObject({ location: LOCATION });
});
