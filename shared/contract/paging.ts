import { z } from 'zod';

/** `top` and `continuationToken`, as every list route takes them. */
export const pagingQuery = {
  top: z.coerce.number().int().min(1).max(999).default(100).meta({ description: 'Page size, 1–999.' }),
  continuationToken: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .meta({ description: 'The `continuationToken` of the previous page, with the same filters.' }),
};

/** The schema of a `Page` of items: what every list route answers. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    value: z.array(item),
    continuationToken: z
      .string()
      .nullable()
      .meta({ description: 'Pass it back to get the next page; null on the last page.' }),
  });
}
