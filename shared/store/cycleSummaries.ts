import type { TableClient } from '@azure/data-tables';
import { cycleSummaryShape } from '../sync/cycleSummarySchema';
import type { CycleSummary } from '../sync/model';
import type { TableRow } from './entityFields';
import { invertedTimeKey, ROW } from './keys';
import { readRangePage } from './pagedRange';

export function parseCycleSummary(entity: unknown): CycleSummary {
  return cycleSummaryShape.parse(entity);
}

/** Newest first in key order, so the list is a plain forward range read. */
export function cycleSummaryEntity(tenantId: string, summary: CycleSummary): TableRow {
  return {
    partitionKey: tenantId,
    rowKey: `${ROW.cyclePrefix}${invertedTimeKey(new Date(summary.startedAt))}_${summary.cycleId}`,
    ...summary,
  };
}

export async function latestCycleSummary(table: TableClient, tenantId: string): Promise<CycleSummary | null> {
  // Newest first in key order: the first row is the answer, so ask for one.
  const page = await readRangePage(table, {
    tenantId,
    prefix: ROW.cyclePrefix,
    after: null,
    top: 1,
    parse: parseCycleSummary,
  });
  return page.items[0] ?? null;
}
