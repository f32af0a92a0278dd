import type { EntityTable } from './entityTable';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ErrorKind } from '../errors';
import { fromChunkedProperties, toChunkedProperties } from './chunkedJson';
import { startHeartbeat, type Heartbeat } from './heartbeat';
import { getOrNull, isStatus } from './partitionQueries';

/**
 * The storage side of `Idempotency-Key` (the HTTP side is shared/http/idempotency.ts): one row per
 * tenant and key, holding the request's fingerprint, whether it still runs (with a heartbeat), and
 * once done the outcome that a replay gets.
 */

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
] as const satisfies readonly ErrorKind[]);

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
export type SavedOutcome = z.infer<typeof outcomeSchema>;

/** How long claims live: a running one without a heartbeat, and a done one's remembered answer. */
export interface ClaimLifetimes {
  runningTtlMs: number;
  doneTtlMs: number;
}

/**
 * What claiming a key found: it is ours to run (`claimed`), or another live request holds it with
 * the same body (`running`) or another body (`reused`), or it ran and this is its answer (`done`).
 */
export type ClaimResult =
  | { state: 'claimed' }
  | { state: 'running' }
  | { state: 'reused' }
  | { state: 'done'; outcome: SavedOutcome };

export interface IdempotencyRepository {
  claim(key: string, fingerprint: string, now: Date, lifetimes: ClaimLifetimes): Promise<ClaimResult>;
  /** Renews the claim's heartbeatAt while the request runs; stop() waits for a renewal in flight. */
  heartbeat(key: string, now: () => Date, everyMs: number): Heartbeat;
  saveOutcome(key: string, fingerprint: string, at: Date, outcome: SavedOutcome): Promise<void>;
  /** Drops the claim (never throws), so that a retry with the same key runs again. */
  forget(key: string): Promise<void>;
}

const rowKeyOf = (key: string): string => `idem_${createHash('sha256').update(key).digest('hex')}`;

export function idempotencyRepository(base: { table: EntityTable }, tenantId: string): IdempotencyRepository {
  const { table } = base;
  const claim = async (
    key: string,
    fingerprint: string,
    now: Date,
    lifetimes: ClaimLifetimes,
  ): Promise<ClaimResult> => {
    const rowKey = rowKeyOf(key);
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
          ? now.getTime() - Date.parse(existing.heartbeatAt ?? existing.createdAt) > lifetimes.runningTtlMs
          : now.getTime() - Date.parse(existing.createdAt) > lifetimes.doneTtlMs;
      if (!expired) {
        if (existing.fingerprint !== fingerprint) return { state: 'reused' };
        if (existing.state === 'running') return { state: 'running' };
        return {
          state: 'done',
          outcome: outcomeSchema.parse(fromChunkedProperties('outcome', raw as Record<string, unknown>)),
        };
      }
      try {
        await table.updateEntity(entity, 'Replace', { etag: existing.etag });
      } catch (error) {
        if (isStatus(error, 412)) return claim(key, fingerprint, now, lifetimes);
        throw error;
      }
      return { state: 'claimed' };
    }
    try {
      await table.createEntity(entity);
    } catch (error) {
      if (isStatus(error, 409)) return claim(key, fingerprint, now, lifetimes);
      throw error;
    }
    return { state: 'claimed' };
  };
  return {
    claim,
    heartbeat: (key, now, everyMs) =>
      startHeartbeat(everyMs, () =>
        table
          .updateEntity(
            { partitionKey: tenantId, rowKey: rowKeyOf(key), heartbeatAt: now().toISOString() },
            'Merge',
          )
          // A missed beat is harmless: the next one comes well before the claim could expire.
          .then(
            () => undefined,
            () => undefined,
          ),
      ),
    saveOutcome: async (key, fingerprint, at, outcome) => {
      await table.upsertEntity(
        {
          partitionKey: tenantId,
          rowKey: rowKeyOf(key),
          fingerprint,
          state: 'done',
          createdAt: at.toISOString(),
          ...toChunkedProperties('outcome', outcome),
        },
        'Replace',
      );
    },
    forget: (key) =>
      table.deleteEntity(tenantId, rowKeyOf(key)).then(
        () => undefined,
        () => undefined,
      ),
  };
}
