import type { EntityTable } from '../store/entityTable';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, badRequest, conflict } from '../errors';
import { fromChunkedProperties, toChunkedProperties } from '../store/chunkedJson';
import { startHeartbeat, type Heartbeat } from '../store/heartbeat';
import { getOrNull, isStatus } from '../store/partitionQueries';

/** How long a key's first answer is replayed (the issue: 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/**
 * A running claim is kept alive by its request every few seconds; one not renewed for this long
 * was left by a process that died (kill -9, a crash), and the key may run again. Short, so a retry
 * after a crash is not refused with IdempotentRequestInProgress for long.
 */
export interface ClaimTiming {
  runningTtlMs: number;
  heartbeatMs: number;
}
const CLAIM_TIMING: ClaimTiming = { runningTtlMs: 30_000, heartbeatMs: 7_500 };

/** The Idempotency-Key header, as parsed here and documented in the OpenAPI document. */
export const IDEMPOTENCY_KEY_SCHEMA = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

const stored = z.object({
  fingerprint: z.string(),
  state: z.enum(['running', 'done']),
  createdAt: z.string(),
  /** The running request's last sign of life; claims written before 0.2 have only createdAt. */
  heartbeatAt: z.string().optional(),
  etag: z.string(),
});

const problemKinds = z.enum([
  'BadRequest',
  'Unauthenticated',
  'Forbidden',
  'NotFound',
  'MethodNotAllowed',
  'Conflict',
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'Unprocessable',
  'TooManyRequests',
  'Unavailable',
]);

/** What is replayed: the first answer, or the refusal (a 4xx AppError) the first request got. */
const outcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response'),
    status: z.number().int(),
    headers: z.record(z.string(), z.string()),
    body: z.string(),
  }),
  z.object({
    kind: z.literal('refusal'),
    problem: problemKinds,
    code: z.string(),
    detail: z.string(),
    extensions: z.record(z.string(), z.unknown()),
  }),
]);
type SavedOutcome = z.infer<typeof outcomeSchema>;

const rowKeyOf = (key: string): string => `idem_${createHash('sha256').update(key).digest('hex')}`;

/**
 * `Idempotency-Key` on a state-changing POST: the first request with a key runs; a replay within
 * 24 h with the same body gets the first answer and changes nothing; the same key with another
 * body is 422; a replay while the first still runs is 409. Keys are per tenant.
 */
export async function withIdempotency(
  table: EntityTable,
  tenantId: string,
  request: HttpRequest,
  run: () => Promise<HttpResponseInit>,
  now: () => Date,
  timing: ClaimTiming = CLAIM_TIMING,
): Promise<HttpResponseInit> {
  const header = request.headers.get('idempotency-key');
  if (header === null) return run();
  const key = IDEMPOTENCY_KEY_SCHEMA.safeParse(header);
  if (!key.success)
    throw badRequest('InvalidIdempotencyKey', 'Idempotency-Key must be 1–255 printable ASCII characters.');
  const body = Buffer.from(await request.clone().arrayBuffer());
  const fingerprint = createHash('sha256')
    .update(`${request.method} ${new URL(request.url).pathname}\n`)
    .update(body)
    .digest('hex');
  const rowKey = rowKeyOf(key.data);
  const claimed = await claim(table, tenantId, rowKey, fingerprint, now(), timing.runningTtlMs);
  if (claimed.replay) return claimed.replay;
  const heartbeat = keepClaimAlive(table, tenantId, rowKey, now, timing.heartbeatMs);
  let response: HttpResponseInit;
  try {
    response = await run();
  } catch (error) {
    await heartbeat.stop();
    // A refusal is part of the answer; a failure the caller should retry with the same key is not.
    if (error instanceof AppError && !isTransient(error)) {
      await saveOutcome(table, tenantId, rowKey, fingerprint, now(), outcomeOf(error));
    } else {
      await table.deleteEntity(tenantId, rowKey).catch(() => undefined);
    }
    throw error;
  }
  await heartbeat.stop();
  // The work is done: failing to remember its answer must not turn a success into a 500.
  await saveOutcome(table, tenantId, rowKey, fingerprint, now(), outcomeOf(response)).catch(() =>
    table.deleteEntity(tenantId, rowKey).catch(() => undefined),
  );
  return response;
}

const TRANSIENT_CODES = new Set(['SyncCycleInProgress', 'ConcurrentUpdate', 'IdempotentRequestInProgress']);

function isTransient(error: AppError): boolean {
  return error.kind === 'TooManyRequests' || error.kind === 'Unavailable' || TRANSIENT_CODES.has(error.code);
}

/** Renews the claim's heartbeatAt while the request runs; stop() waits for a renewal in flight. */
function keepClaimAlive(
  table: EntityTable,
  tenantId: string,
  rowKey: string,
  now: () => Date,
  everyMs: number,
): Heartbeat {
  return startHeartbeat(everyMs, () =>
    table
      .updateEntity({ partitionKey: tenantId, rowKey, heartbeatAt: now().toISOString() }, 'Merge')
      // A missed beat is harmless: the next one comes well before the claim could expire.
      .then(
        () => undefined,
        () => undefined,
      ),
  );
}

async function claim(
  table: EntityTable,
  tenantId: string,
  rowKey: string,
  fingerprint: string,
  now: Date,
  runningTtlMs: number,
): Promise<{ replay: HttpResponseInit | null }> {
  const raw = await getOrNull(table, tenantId, rowKey);
  const entity = {
    partitionKey: tenantId,
    rowKey,
    fingerprint,
    state: 'running',
    createdAt: now.toISOString(),
  };
  if (raw) {
    const existing = stored.parse(raw);
    const expired =
      existing.state === 'running'
        ? now.getTime() - Date.parse(existing.heartbeatAt ?? existing.createdAt) > runningTtlMs
        : now.getTime() - Date.parse(existing.createdAt) > IDEMPOTENCY_TTL_MS;
    if (!expired) {
      if (existing.fingerprint !== fingerprint) {
        throw new AppError(
          'Unprocessable',
          'IdempotencyKeyReused',
          'This Idempotency-Key was used with another request.',
        );
      }
      if (existing.state === 'running') {
        throw conflict(
          'IdempotentRequestInProgress',
          'A request with this Idempotency-Key is still running; retry later.',
        );
      }
      return { replay: replayOf(raw as Record<string, unknown>) };
    }
    try {
      await table.updateEntity(entity, 'Replace', { etag: existing.etag });
    } catch (error) {
      if (isStatus(error, 412)) return claim(table, tenantId, rowKey, fingerprint, now, runningTtlMs);
      throw error;
    }
    return { replay: null };
  }
  try {
    await table.createEntity(entity);
  } catch (error) {
    if (isStatus(error, 409)) return claim(table, tenantId, rowKey, fingerprint, now, runningTtlMs);
    throw error;
  }
  return { replay: null };
}

function outcomeOf(result: HttpResponseInit | AppError): SavedOutcome {
  if (result instanceof AppError) {
    return {
      kind: 'refusal',
      problem: result.kind,
      code: result.code,
      detail: result.detail,
      extensions: { ...result.extensions },
    };
  }
  return {
    kind: 'response',
    status: result.status ?? 200,
    headers: { ...((result.headers as Record<string, string> | undefined) ?? {}) },
    body: typeof result.body === 'string' ? result.body : '',
  };
}

async function saveOutcome(
  table: EntityTable,
  tenantId: string,
  rowKey: string,
  fingerprint: string,
  at: Date,
  outcome: SavedOutcome,
): Promise<void> {
  await table.upsertEntity(
    {
      partitionKey: tenantId,
      rowKey,
      fingerprint,
      state: 'done',
      createdAt: at.toISOString(),
      ...toChunkedProperties('outcome', outcome),
    },
    'Replace',
  );
}

function replayOf(raw: Record<string, unknown>): HttpResponseInit {
  const outcome = outcomeSchema.parse(fromChunkedProperties('outcome', raw));
  if (outcome.kind === 'refusal')
    throw new AppError(outcome.problem, outcome.code, outcome.detail, outcome.extensions);
  return {
    status: outcome.status,
    headers: { ...outcome.headers, 'idempotent-replay': 'true' },
    body: outcome.body,
  };
}
