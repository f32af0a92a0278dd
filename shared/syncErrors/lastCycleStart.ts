import type { TableClient } from '@azure/data-tables';
import { latestCycleSummary } from '../store/cycleSummaries';

/** When the tenant's last finished cycle started (null before the first): see syncErrorView's lastSeenAt. */
export async function lastCycleStart(table: TableClient, tenantId: string): Promise<string | null> {
  return (await latestCycleSummary(table, tenantId))?.startedAt ?? null;
}
