import { AppError } from '../errors';

/** Table Storage's limits, which Azurite does not enforce: checked here before any write. */
export const MAX_ENTITY_BYTES = 1024 * 1024;
export const MAX_PROPERTIES = 252;
export const MAX_STRING_PROPERTY_CHARS = 32 * 1024;

/**
 * Estimates an entity's stored size the way the service counts it (strings as UTF-16,
 * 8 bytes + name per property) and refuses one that would not fit.
 */
export function assertEntityFits(entity: Record<string, unknown>, what: string): void {
  const keys = Object.keys(entity).filter((k) => k !== 'etag' && k !== 'odata.etag');
  // PartitionKey, RowKey and Timestamp count among the 255 the service allows.
  if (keys.length > MAX_PROPERTIES) throw tooBig(what, `it has ${keys.length} properties`);
  let bytes = 4;
  for (const key of keys) {
    const value = entity[key];
    bytes += 8 + key.length * 2;
    if (typeof value === 'string') {
      if (value.length > MAX_STRING_PROPERTY_CHARS && key !== 'partitionKey' && key !== 'rowKey') {
        throw tooBig(what, `its ${key} is longer than ${MAX_STRING_PROPERTY_CHARS} characters`);
      }
      bytes += 4 + value.length * 2;
    } else {
      bytes += 8;
    }
  }
  if (bytes > MAX_ENTITY_BYTES) throw tooBig(what, `it would take about ${bytes} bytes`);
}

function tooBig(what: string, why: string): AppError {
  return new AppError(
    'BadRequest',
    'EntityTooLarge',
    `${what} cannot be stored: ${why} (Table Storage limits).`,
  );
}
