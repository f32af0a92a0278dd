import type { CycleSummary } from '../sync/model';
import { readSealedPage, type Page, type PagedTable } from './cursor';
import { cycleSummaryEntity, latestCycleSummary, parseCycleSummary } from './cycleSummaries';
import { ROW } from './keys';

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

export function cycleRepository(base: PagedTable, tenantId: string): CycleRepository {
  const { table } = base;
  return {
    list(top, continuationToken) {
      return readSealedPage(base, {
        tenantId,
        list: { list: 'cycles' },
        continuationToken,
        prefix: ROW.cyclePrefix,
        top,
        parse: parseCycleSummary,
      });
    },
    latestCompleted: () => latestCycleSummary(table, tenantId),
    async addSummary(summary) {
      await table.createEntity(cycleSummaryEntity(tenantId, summary));
    },
    async recordSummary(summary) {
      await table.upsertEntity(cycleSummaryEntity(tenantId, summary), 'Replace');
    },
  };
}
