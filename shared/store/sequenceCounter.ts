import type { EntityTable } from './entityTable';
import { z } from 'zod';
import { conflict } from '../errors';
import { ROW } from './keys';
import { getOrNull, isStatus } from './partitionQueries';

const counter = z.object({ next: z.number().int().min(1), etag: z.string() });
const ATTEMPTS = 20;

/**
 * Reserves `count` consecutive sequence numbers for the tenant and returns the first. The order of
 * first receipt is the sync's stable processing order (SPEC decision 12), so numbers are handed out
 * under the counter's ETag: two writers never get the same block.
 */
export async function reserveSequences(table: EntityTable, tenantId: string, count: number): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const raw = await getOrNull(table, tenantId, ROW.sequence);
    try {
      if (!raw) {
        await table.createEntity({ partitionKey: tenantId, rowKey: ROW.sequence, next: 1 + count });
        return 1;
      }
      const current = counter.parse(raw);
      await table.updateEntity(
        { partitionKey: tenantId, rowKey: ROW.sequence, next: current.next + count },
        'Replace',
        { etag: current.etag },
      );
      return current.next;
    } catch (error) {
      if (!isStatus(error, 409) && !isStatus(error, 412)) throw error;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
  throw conflict('ConcurrentUpdate', 'Too many concurrent writers for this tenant; retry.');
}
