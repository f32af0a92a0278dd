import type { EntityTable } from './entityTable';
import type { TransactionAction } from '@azure/data-tables';

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ROW } from './keys';
import { getOrNull } from './partitionQueries';

/**
 * A tenant's open errors change only through a cycle, an answer, a close, a fix or an undo; each
 * of them also rewrites this one row with a new version. A reader that has the errors in memory
 * keeps them for as long as the version it read them under is current: one point read instead of
 * a range query per list request.
 */
export function errorsVersionAction(tenantId: string, at: Date): TransactionAction {
  return [
    'upsert',
    { partitionKey: tenantId, rowKey: ROW.errorsVersion, version: randomUUID(), at: at.toISOString() },
    'Replace',
  ];
}

const stored = z.object({ version: z.string(), pendingIntent: z.string().optional() });

/** The current version, or a fixed one for a tenant whose errors never changed. */
export async function readErrorsVersion(table: EntityTable, tenantId: string): Promise<string> {
  return (await readErrorsVersionRow(table, tenantId)).version;
}

/**
 * The version row, with the id of a change that spans partitions while one is under way
 * (intentCommit.ts marks it there): one point read tells a request both.
 */
export async function readErrorsVersionRow(
  table: EntityTable,
  tenantId: string,
): Promise<{ version: string; pendingIntent?: string | undefined }> {
  const raw = await getOrNull(table, tenantId, ROW.errorsVersion);
  return raw ? stored.parse(raw) : { version: 'initial' };
}

/** Marks the version row with a pending change (a Merge: the version itself stays). */
export function pendingIntentAction(tenantId: string, intentId: string): TransactionAction {
  return ['upsert', { partitionKey: tenantId, rowKey: ROW.errorsVersion, pendingIntent: intentId }, 'Merge'];
}
