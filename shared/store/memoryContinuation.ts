import type { StoredRow } from './memoryEntity';
import { TableFailure } from './memoryTableErrors';

type Key = Pick<StoredRow, 'partitionKey' | 'rowKey'>;

/**
 * The memory table's continuation token: the key of the next row to return, in the shape the SDK
 * gives Azurite's (base64 JSON of base64 keys), so a token looks and travels like a real one.
 */
export function encodeContinuation(key: Key): string {
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  return b64(JSON.stringify({ nextPartitionKey: b64(key.partitionKey), nextRowKey: b64(key.rowKey) }));
}

export function decodeContinuation(token: string): Key {
  const text = (b64: unknown): string => {
    if (typeof b64 !== 'string') throw new TableFailure('InvalidInput', 'Invalid continuation token');
    return Buffer.from(b64, 'base64').toString('utf8');
  };
  let parsed: { nextPartitionKey?: unknown; nextRowKey?: unknown };
  try {
    parsed = JSON.parse(text(token)) as typeof parsed;
  } catch {
    throw new TableFailure('InvalidInput', 'Invalid continuation token');
  }
  return { partitionKey: text(parsed.nextPartitionKey), rowKey: text(parsed.nextRowKey) };
}
