import type { EntityTable } from './entityTable';
import type { TransactionAction } from '@azure/data-tables';
import { groupByPartition } from './partitionQueries';

/** Table Storage takes at most 100 operations and 4 MiB per transaction, all in one partition. */
/** Table Storage's limit of actions in one transaction. */
export const MAX_ACTIONS = 100;
const MAX_BATCH_BYTES = 3.5 * 1024 * 1024;

/** Transactions a writer keeps in flight at once. */
export const IN_FLIGHT = 4;

export interface WriteStats {
  entitiesWritten: number;
  batches: number;
}

function approximateBytes(action: TransactionAction): number {
  return JSON.stringify(action[1]).length * 2 + 512;
}

/** Splits actions of one partition into valid transactions, each all-or-nothing. */
export function chunkActions(actions: readonly TransactionAction[]): TransactionAction[][] {
  const chunks: TransactionAction[][] = [];
  let current: TransactionAction[] = [];
  let bytes = 0;
  for (const action of actions) {
    const size = approximateBytes(action);
    if (current.length === MAX_ACTIONS || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(action);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** An action whose entity is built only when its transaction is about to be sent. */
export interface DeferredAction {
  partitionKey: string;
  build(): TransactionAction;
}

/** An action already built, deferred in name only. */
export const ready = (action: TransactionAction): DeferredAction => ({
  partitionKey: action[1].partitionKey,
  build: () => action,
});

/**
 * Submits the actions in transactions, a few at a time. Each transaction is atomic; the set is
 * not, so a caller that needs an order writes in phases, one call each, and each call returns
 * only when none of its transactions is still in flight.
 */
export function submitInBatches(
  table: EntityTable,
  actions: readonly TransactionAction[],
  concurrency = IN_FLIGHT,
  onWritten?: (entities: number) => void,
): Promise<WriteStats> {
  return submitDeferred(table, actions.map(ready), concurrency, onWritten);
}

/**
 * submitInBatches for actions built as they are sent: a cycle's 200,000 entities are never all in
 * memory at once, only the transactions in flight.
 */
export async function submitDeferred(
  table: EntityTable,
  actions: readonly DeferredAction[],
  concurrency = IN_FLIGHT,
  /** Hears the entities written so far, after each transaction (progress of long writes). */
  onWritten?: (entities: number) => void,
): Promise<WriteStats> {
  // A transaction is one partition's: a tenant's changes are grouped by partition first, and the
  // transactions in flight are taken from different partitions in turn, since Azure serves each
  // partition at its own rate (about 2,000 entities a second).
  const perPartition = groupByPartition(actions, (action) => action.partitionKey).map((group) => {
    const chunks: DeferredAction[][] = [];
    for (let start = 0; start < group.length; start += MAX_ACTIONS)
      chunks.push(group.slice(start, start + MAX_ACTIONS));
    return chunks;
  });
  const groups: DeferredAction[][] = [];
  const rounds = Math.max(0, ...perPartition.map((chunks) => chunks.length));
  for (let round = 0; round < rounds; round++) {
    for (const chunks of perPartition) {
      const chunk = chunks[round];
      if (chunk) groups.push(chunk);
    }
  }
  let next = 0;
  let batches = 0;
  let written = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // After one transaction fails, no worker starts another: the caller's next phase must not
    // begin, and nothing may still be writing once the caller has given up (and its lease).
    while (!failed && next < groups.length) {
      const group = groups[next++] ?? [];
      // Within Table Storage's 4 MiB a transaction: large entities split a group further.
      for (const chunk of chunkActions(group.map((action) => action.build()))) {
        try {
          await table.submitTransaction(chunk);
          batches++;
          written += chunk.length;
          onWritten?.(written);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(concurrency, groups.length) }, worker),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return { entitiesWritten: actions.length, batches };
}
