import type { TableClient } from '@azure/data-tables';

/**
 * The part of a TableClient the store uses: every repository is written against this, so the same
 * code runs over Azure Table Storage (a TableClient) or the in-memory table of memoryTable.ts.
 * Keep it to what the store calls; a method added here must be added to the memory table too.
 */
export type EntityTable = Pick<
  TableClient,
  | 'createTable'
  | 'getEntity'
  | 'createEntity'
  | 'upsertEntity'
  | 'updateEntity'
  | 'deleteEntity'
  | 'listEntities'
  | 'submitTransaction'
>;
