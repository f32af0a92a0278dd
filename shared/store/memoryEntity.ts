import { TableFailure } from './memoryTableErrors';

/** A property value as the SDK hands it back for what the store writes (Date for Edm.DateTime). */
export type StoredValue = string | number | boolean | Date;

/** One row of the in-memory table. */
export interface StoredRow {
  partitionKey: string;
  rowKey: string;
  properties: ReadonlyMap<string, StoredValue>;
  /** As the service reports it: ISO 8601 with seven fractional digits. */
  timestamp: string;
  etag: string;
}

/** Azure Table Storage's limits (Azurite enforces only the string one; Azure all three). */
const MAX_STRING_CHARS = 32 * 1024;
const MAX_ENTITY_BYTES = 1024 * 1024;
/** 255 including PartitionKey, RowKey and Timestamp. */
const MAX_USER_PROPERTIES = 252;

/** Characters the service refuses in keys: `/ \ # ?` and the control characters. */
// eslint-disable-next-line no-control-regex
const BAD_KEY_CHARACTERS = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

/** Keys the SDK or the service drop from what is written: they are the service's own. */
function isSystemProperty(name: string): boolean {
  return (
    name === 'partitionKey' ||
    name === 'rowKey' ||
    name === 'etag' ||
    name === 'timestamp' ||
    name === 'Timestamp' ||
    name.startsWith('odata.')
  );
}

/**
 * The properties of an entity as the service would store them: null and undefined are not sent,
 * Dates are copied so a caller's later change cannot reach the stored row. A value the store never
 * writes (Edm-typed objects, bigint, binary) is refused rather than stored differently from Azure.
 */
export function storedProperties(entity: Record<string, unknown>): Map<string, StoredValue> {
  const properties = new Map<string, StoredValue>();
  for (const [name, value] of Object.entries(entity)) {
    if (isSystemProperty(name) || value === null || value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      properties.set(name, value);
    } else if (value instanceof Date) {
      properties.set(name, new Date(value.getTime()));
    } else {
      throw new TypeError(`The memory table does not store property ${name} of this type`);
    }
  }
  return properties;
}

export function checkKeys(partitionKey: unknown, rowKey: unknown): void {
  for (const key of [partitionKey, rowKey]) {
    if (typeof key !== 'string' || BAD_KEY_CHARACTERS.test(key)) throw new TableFailure('InvalidInput');
  }
}

/** Refuses what Azure refuses, counting bytes the way its documentation does. */
export function checkLimits(row: Pick<StoredRow, 'partitionKey' | 'rowKey' | 'properties'>): void {
  if (row.properties.size > MAX_USER_PROPERTIES) throw new TableFailure('TooManyProperties');
  let bytes = 4 + (row.partitionKey.length + row.rowKey.length) * 2;
  for (const [name, value] of row.properties) {
    if (typeof value === 'string' && value.length > MAX_STRING_CHARS)
      throw new TableFailure('PropertyValueTooLarge');
    bytes += 8 + name.length * 2 + valueBytes(value);
  }
  if (bytes > MAX_ENTITY_BYTES) throw new TableFailure('EntityTooLarge');
}

function valueBytes(value: StoredValue): number {
  if (typeof value === 'string') return 4 + value.length * 2;
  if (typeof value === 'boolean') return 1;
  // The SDK sends an integer that fits in 32 bits as Edm.Int32, any other number as Edm.Double.
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 4 : 8;
  return 8;
}

/** Ordinal order (UTF-16 code units), as the service sorts keys. */
export function compareKeys(
  a: Pick<StoredRow, 'partitionKey' | 'rowKey'>,
  b: Pick<StoredRow, 'partitionKey' | 'rowKey'>,
): number {
  if (a.partitionKey !== b.partitionKey) return a.partitionKey < b.partitionKey ? -1 : 1;
  if (a.rowKey !== b.rowKey) return a.rowKey < b.rowKey ? -1 : 1;
  return 0;
}
