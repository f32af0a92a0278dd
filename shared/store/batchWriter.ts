import type { TableClient, TransactionAction } from '@azure/data-tables';

/** Table Storage takes at most 100 operations and 4 MiB per transaction, all in one partition. */
const MAX_ACTIONS = 100;
const MAX_BATCH_BYTES = 3.5 * 1024 * 1024;

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

/**
 * Submits the actions in transactions, a few at a time. Each transaction is atomic; the set is
 * not, so callers order their actions so that a cut between two transactions leaves a state the
 * next run converges from.
 */
export async function submitInBatches(
  table: TableClient,
  actions: readonly TransactionAction[],
  concurrency = 4,
): Promise<WriteStats> {
  const chunks = chunkActions(actions);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      if (chunk) await table.submitTransaction(chunk);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return { entitiesWritten: actions.length, batches: chunks.length };
}
