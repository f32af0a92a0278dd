import type { EntityTable } from './entityTable';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { getOrNull, isStatus } from './partitionQueries';

/** Not a tenant id (those are GUIDs): the deployment's own rows. */
const SYSTEM_PARTITION = '_system';
const ROW_KEY = 'paging-key';

const stored = z.object({ key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/) });

/**
 * The key that seals continuation tokens: made once per deployment (per table) on first use and
 * shared by every instance through storage, so tokens survive restarts and scale-out without a
 * secret in the app settings. It never leaves the service.
 */
export async function loadPagingKey(table: EntityTable): Promise<Buffer> {
  const existing = await getOrNull(table, SYSTEM_PARTITION, ROW_KEY);
  if (existing) return Buffer.from(stored.parse(existing).key, 'base64');
  const key = randomBytes(32).toString('base64');
  try {
    await table.createEntity({ partitionKey: SYSTEM_PARTITION, rowKey: ROW_KEY, key });
    return Buffer.from(key, 'base64');
  } catch (error) {
    // Another instance made it first: use theirs.
    if (isStatus(error, 409)) return loadPagingKey(table);
    throw error;
  }
}
