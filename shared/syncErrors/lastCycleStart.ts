import type { EntityTable } from '../store/entityTable';
import { latestCycleSummary } from '../store/cycleSummaries';

/** When the tenant's last finished cycle started (null before the first): see syncErrorView's lastSeenAt. */
export async function lastCycleStart(table: EntityTable, tenantId: string): Promise<string | null> {
  return (await latestCycleSummary(table, tenantId))?.startedAt ?? null;
}
