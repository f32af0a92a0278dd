import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, type ProblemCode, badRequest, conflict } from '../errors';
import type { ClaimResult, IdempotencyRepository, SavedOutcome } from '../store/idempotencyRepository';

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

/**
 * `Idempotency-Key` on a state-changing POST: the first request with a key runs; a replay within
 * 24 h with the same body gets the first answer and changes nothing; the same key with another
 * body is 422; a replay while the first still runs is 409. Keys are per tenant (the repository is
 * the caller's tenant's).
 */
export async function withIdempotency(
  claims: IdempotencyRepository,
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
  const claimed = await claims.claim(key.data, fingerprint, now(), {
    runningTtlMs: timing.runningTtlMs,
    doneTtlMs: IDEMPOTENCY_TTL_MS,
  });
  if (claimed.state !== 'claimed') return replayOf(claimed);
  const heartbeat = claims.heartbeat(key.data, now, timing.heartbeatMs);
  let response: HttpResponseInit;
  try {
    response = await run();
  } catch (error) {
    await heartbeat.stop();
    // A refusal is part of the answer; a failure the caller should retry with the same key is not.
    if (error instanceof AppError && !isTransient(error)) {
      await claims.saveOutcome(key.data, fingerprint, now(), outcomeOf(error));
    } else {
      await claims.forget(key.data);
    }
    throw error;
  }
  await heartbeat.stop();
  // The work is done: failing to remember its answer must not turn a success into a 500.
  await claims
    .saveOutcome(key.data, fingerprint, now(), outcomeOf(response))
    .catch(() => claims.forget(key.data));
  return response;
}

const TRANSIENT_CODES = new Set(['SyncCycleInProgress', 'ConcurrentUpdate', 'IdempotentRequestInProgress']);

function isTransient(error: AppError): boolean {
  return error.kind === 'TooManyRequests' || error.kind === 'Unavailable' || TRANSIENT_CODES.has(error.code);
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

/** A key already claimed: the first answer again, or the refusal that says why not. */
function replayOf(claimed: Exclude<ClaimResult, { state: 'claimed' }>): HttpResponseInit {
  if (claimed.state === 'reused') {
    throw new AppError(
      'Unprocessable',
      'IdempotencyKeyReused',
      'This Idempotency-Key was used with another request.',
    );
  }
  if (claimed.state === 'running') {
    throw conflict(
      'IdempotentRequestInProgress',
      'A request with this Idempotency-Key is still running; retry later.',
    );
  }
  const { outcome } = claimed;
  // Saved from an AppError's code by this service: a ProblemCode, replayed as it was answered.
  if (outcome.kind === 'refusal')
    throw new AppError(outcome.problem, outcome.code as ProblemCode, outcome.detail, outcome.extensions);
  return {
    status: outcome.status,
    headers: { ...outcome.headers, 'idempotent-replay': 'true' },
    body: outcome.body,
  };
}
