import type { CycleSummary } from '../sync/model';
import { readSealedPage, type Page } from './cursor';
import { cycleSummaryEntity, latestCycleSummary, parseCycleSummary } from './cycleSummaries';
import { ROW } from './keys';
import type { TenantScope } from './tenantScope';

/** The tenant's cycle summaries, newest first. */
export interface CycleRepository {
  list(top: number, continuationToken: string | undefined): Promise<Page<CycleSummary>>;
  /** The newest cycle that finished (completed): failed and interrupted ones are skipped. */
  latestCompleted(): Promise<CycleSummary | null>;
  /** Adds a cycle's summary; refused (the SDK's 409) when that cycle already has one. */
  addSummary(summary: CycleSummary): Promise<void>;
  /** Writes a cycle's summary, replacing the one it may have. */
  recordSummary(summary: CycleSummary): Promise<void>;
}

export function cycleRepository(scope: TenantScope): CycleRepository {
  const { table, tenantId } = scope;
  const partition = async (): Promise<string> => (await scope.layout()).cycles;
  return {
    async list(top, continuationToken) {
      return readSealedPage(scope, {
        tenantId,
        partitionKey: await partition(),
        list: { list: 'cycles' },
        continuationToken,
        prefix: ROW.cyclePrefix,
        top,
        parse: parseCycleSummary,
      });
    },
    latestCompleted: async () => latestCycleSummary(table, await partition()),
    async addSummary(summary) {
      await table.createEntity(cycleSummaryEntity(await partition(), summary));
    },
    async recordSummary(summary) {
      await table.upsertEntity(cycleSummaryEntity(await partition(), summary), 'Replace');
    },
  };
}
