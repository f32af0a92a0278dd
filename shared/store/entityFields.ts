import { z } from 'zod';

/** Table Storage keeps no nulls: a missing property (or the empty string a Merge uses to clear one) reads as null. */
export const nullableString = z
  .string()
  .nullish()
  .transform((v) => (v === undefined || v === null || v === '' ? null : v));

/** Arrays are stored as JSON strings (the service has no array type). */
export const jsonStringArray = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return [];
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed;
    } catch {
      // fall through to the issue below
    }
    ctx.addIssue({ code: 'custom', message: 'not a JSON array of strings' });
    return z.NEVER;
  });

export function jsonField<T extends z.ZodType>(schema: T) {
  return z.string().transform((v, ctx): z.infer<T> => {
    try {
      const parsed = schema.safeParse(JSON.parse(v));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through to the issue below
    }
    ctx.addIssue({ code: 'custom', message: 'stored JSON does not match its schema' });
    return z.NEVER;
  });
}

export const etagField = z.string().min(1);

/** An entity as the SDK writes it. */
export type TableRow = { partitionKey: string; rowKey: string } & Record<string, unknown>;

/** Drops nulls so that a Replace write leaves no stale property behind and stores no nulls. */
export function withoutNulls(entity: TableRow): TableRow {
  const out: TableRow = { partitionKey: entity.partitionKey, rowKey: entity.rowKey };
  for (const [key, value] of Object.entries(entity))
    if (value !== null && value !== undefined) out[key] = value;
  return out;
}
