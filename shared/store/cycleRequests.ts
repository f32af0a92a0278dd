import { z } from 'zod';
import { cycleSummarySchema } from '../records/cycleSummarySchema';
import type { CycleSummary } from '../sync/model';
import { ROW } from './keys';
import { getOrNull } from './partitionQueries';
import { recordEntity } from './recordEntity';
import type { TenantScope } from './tenantScope';

/**
 * A cycle someone asked for, by its id: the row GET /api/sync-cycles/{cycleId} answers from.
 * `queued` from the moment its message is sent until the cycle that ran it finished (while it
 * runs, the tenant's lease names it: "running" is read from there, so a worker that dies leaves
 * no stale "running" behind); `covered` when a cycle already running for the tenant served it.
 */
export const CYCLE_REQUEST_STATES = ['queued', 'succeeded', 'failed', 'covered'] as const;

const cycleRequestSchema = z.object({
  cycleId: z.string(),
  trigger: z.enum(['timer', 'http']),
  requestedAt: z.string(),
  state: z.enum(CYCLE_REQUEST_STATES),
  /** Succeeded: the cycle's summary, kept here so the status is one point read. */
  summary: cycleSummarySchema.optional(),
  /** Failed: why, as the problem code and detail the caller would have got. */
  problem: z.object({ code: z.string(), detail: z.string() }).optional(),
  /** Covered: the running cycle that served this request. */
  coveredBy: z.string().optional(),
});

export type CycleRequest = z.output<typeof cycleRequestSchema>;
export type CycleRequestProblem = NonNullable<CycleRequest['problem']>;

const requestEntity = recordEntity(cycleRequestSchema);

export interface CycleRequestRepository {
  /** Records a cycle as queued, before its message is sent (so a fast worker always finds it). */
  addQueued(request: { cycleId: string; trigger: CycleSummary['trigger']; requestedAt: Date }): Promise<void>;
  read(cycleId: string): Promise<CycleRequest | null>;
  /**
   * The cycle ran and recorded this summary, or another that started after it was asked for served
   * it (that cycle's summary). A cycle run without a queued row (on request) gets one here.
   */
  succeeded(cycleId: string, summary: CycleSummary, requestedAt: Date): Promise<void>;
  failed(cycleId: string, problem: CycleRequestProblem): Promise<void>;
  covered(cycleId: string, runningCycleId: string): Promise<void>;
}

const rowKey = (cycleId: string): string => `${ROW.cycleRequestPrefix}${cycleId}`;

export function cycleRequestRepository(scope: TenantScope): CycleRequestRepository {
  const { table } = scope;
  const keys = async (cycleId: string) => ({
    partitionKey: (await scope.layout()).cycles,
    rowKey: rowKey(cycleId),
  });
  // Merges keep what the queued row said (trigger, requestedAt) when the outcome is written.
  const merge = async (cycleId: string, fields: Partial<CycleRequest>): Promise<void> => {
    const existing = await read(cycleId);
    if (!existing) throw new Error(`Cycle request ${cycleId} has no queued row.`);
    await table.upsertEntity(requestEntity.row(await keys(cycleId), { ...existing, ...fields }), 'Replace');
  };
  const read = async (cycleId: string): Promise<CycleRequest | null> => {
    const { partitionKey } = await keys(cycleId);
    const raw = await getOrNull(table, partitionKey, rowKey(cycleId));
    return raw ? requestEntity.read(raw) : null;
  };
  return {
    async addQueued({ cycleId, trigger, requestedAt }) {
      const request: CycleRequest = {
        cycleId,
        trigger,
        requestedAt: requestedAt.toISOString(),
        state: 'queued',
      };
      await table.createEntity(requestEntity.row(await keys(cycleId), request));
    },
    read,
    async succeeded(cycleId, summary, requestedAt) {
      const existing = await read(cycleId);
      const request: CycleRequest = {
        cycleId,
        trigger: existing?.trigger ?? summary.trigger,
        requestedAt: existing?.requestedAt ?? requestedAt.toISOString(),
        state: 'succeeded',
        summary,
      };
      await table.upsertEntity(requestEntity.row(await keys(cycleId), request), 'Replace');
    },
    failed: (cycleId, problem) => merge(cycleId, { state: 'failed', problem }),
    covered: (cycleId, runningCycleId) => merge(cycleId, { state: 'covered', coveredBy: runningCycleId }),
  };
}
