import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { CycleSummary } from '../sync/model';
import type { TableRow } from './entityFields';
import { invertedTimeKey, ROW } from './keys';
import { readRangePage } from './pagedRange';

const summaryEntity = z.object({
  cycleId: z.string(),
  trigger: z.enum(['timer', 'http']),
  startedAt: z.string(),
  finishedAt: z.string(),
  objectsRead: z.number().int(),
  provisioned: z.number().int(),
  updated: z.number().int(),
  softDeleted: z.number().int(),
  purged: z.number().int(),
  errorsCreated: z.number().int(),
  errorsResolved: z.number().int(),
  errorsReset: z.number().int(),
  deletionThresholdExceeded: z.boolean(),
  deletionsHeldBack: z.number().int(),
});

export function parseCycleSummary(entity: unknown): CycleSummary {
  return summaryEntity.parse(entity);
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
