import { z } from 'zod';

export const etagField = z.string().min(1);

/** An entity as the SDK writes it. */
export type TableRow = { partitionKey: string; rowKey: string } & Record<string, unknown>;
