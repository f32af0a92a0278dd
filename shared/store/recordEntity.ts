import { z } from 'zod';
import { etagField, type TableRow } from './entityFields';

export interface Versioned<T> {
  record: T;
  etag: string;
}

/** How one field of a record is kept in a row, read off the field's schema. */
interface FieldEncoding {
  nullable: boolean;
  optional: boolean;
  array: boolean;
  /** Arrays and objects: Table Storage has neither, so they are kept as JSON strings. */
  json: boolean;
}

function encodingOf(field: z.core.$ZodType): FieldEncoding {
  const encoding = { nullable: false, optional: false, array: false, json: false };
  let inner: z.core.$ZodType = field;
  for (;;) {
    if (inner instanceof z.ZodNullable) encoding.nullable = true;
    else if (inner instanceof z.ZodOptional) encoding.optional = true;
    else if (!(inner instanceof z.ZodDefault)) break;
    inner = inner._zod.def.innerType;
  }
  encoding.array = inner instanceof z.ZodArray;
  encoding.json = encoding.array || inner instanceof z.ZodObject;
  return encoding;
}

/**
 * Table Storage keeps no nulls: a missing property (or the empty string a Merge clears one with)
 * reads as null where the record allows null, as absent where it allows absence, and as [] for an
 * array (rows written before the field was kept have none). Anything else missing is left for the
 * schema to refuse or to default.
 */
function decoded(value: unknown, encoding: FieldEncoding): unknown {
  if (value === undefined || value === null || value === '') {
    if (encoding.nullable) return null;
    if (encoding.optional) return undefined;
    return encoding.array ? [] : value;
  }
  if (!encoding.json || typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value; // the schema refuses a string where it wants an array or an object
  }
}

const anyRow = z.looseObject({});

/** The codec of one kind of row. */
export interface RecordEntity<T> {
  /** Parses a row (extra columns, such as keys and search columns, are dropped). */
  read(entity: unknown): T;
  /** Parses a row and its ETag. */
  readVersioned(entity: unknown): Versioned<T>;
  /** The row of a record: JSON for its arrays and objects (a JSON field's null as `null`), no other nulls. */
  row(keys: { partitionKey: string; rowKey: string }, record: T): TableRow;
}

/**
 * The storage encoding of a record, derived from its schema (shared/records/): the stored entity is
 * the record with its arrays and objects as JSON strings and its nulls dropped, so a field added to
 * a record is stored and read with no codec to update. The schema given may be the record's with
 * the store's own checks or older rows' defaults (see shared/store/storedRecords.ts).
 */
export function recordEntity<S extends z.ZodObject>(schema: S): RecordEntity<z.output<S>> {
  const shape: Record<string, z.core.$ZodType> = schema.shape;
  const encodings = new Map(Object.entries(shape).map(([key, field]) => [key, encodingOf(field)]));
  const recordOf = (stored: Record<string, unknown>): z.output<S> => {
    const fields: Record<string, unknown> = {};
    for (const [key, encoding] of encodings) {
      const value = decoded(stored[key], encoding);
      if (value !== undefined) fields[key] = value;
    }
    return schema.parse(fields);
  };
  return {
    read: (entity) => recordOf(anyRow.parse(entity)),
    readVersioned: (entity) => {
      const stored = anyRow.parse(entity);
      return { record: recordOf(stored), etag: etagField.parse(stored.etag) };
    },
    row: (keys, record) => {
      const row: TableRow = { ...keys };
      for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
        const encoded = encodings.get(key)?.json && value !== undefined ? JSON.stringify(value) : value;
        if (encoded !== null && encoded !== undefined) row[key] = encoded;
      }
      return row;
    },
  };
}
