import type { EntityTable } from './entityTable';
import { odata } from '@azure/data-tables';

import { cycleSummarySchema } from '../records/cycleSummarySchema';
import type { CycleSummary } from '../sync/model';
import type { TableRow } from './entityFields';
import { invertedTimeKey, prefixEnd, ROW } from './keys';
import { recordEntity } from './recordEntity';

const summaryEntity = recordEntity(cycleSummarySchema);

export function parseCycleSummary(entity: unknown): CycleSummary {
  return summaryEntity.read(entity);
}

/** Newest first in key order, so the list is a plain forward range read. */
export function cycleSummaryEntity(partitionKey: string, summary: CycleSummary): TableRow {
  const rowKey = `${ROW.cyclePrefix}${invertedTimeKey(new Date(summary.startedAt))}_${summary.cycleId}`;
  return summaryEntity.row({ partitionKey, rowKey }, summary);
}

/** The newest cycle that finished (completed): failed and interrupted ones are skipped. */
export async function latestCycleSummary(
  table: EntityTable,
  partitionKey: string,
): Promise<CycleSummary | null> {
  // Newest first in key order: the first completed row is the answer, nearly always the first row.
  const filter = odata`PartitionKey eq ${partitionKey} and RowKey ge ${ROW.cyclePrefix} and RowKey lt ${prefixEnd(ROW.cyclePrefix)}`;
  for await (const page of table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: 5 })) {
    const completed = page.map(parseCycleSummary).find((summary) => summary.outcome === 'completed');
    if (completed) return completed;
  }
  return null;
}
