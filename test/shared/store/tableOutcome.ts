import type { EntityTable } from '../../../shared/store/entityTable';

/** What a failed call showed its caller: enough to take the same branch on either backend. */
export interface Failure {
  failed: true;
  name: string;
  statusCode: number | undefined;
  /** The service's code, from where the SDK put it (`code` in a transaction, else `details`). */
  code: string | undefined;
  detailsCode: string | undefined;
}

export async function failureOf(call: Promise<unknown>): Promise<Failure> {
  try {
    await call;
  } catch (error) {
    const e = error as {
      name?: string;
      statusCode?: number;
      code?: string;
      details?: { errorCode?: string };
    };
    return {
      failed: true,
      name: e.name ?? '',
      statusCode: e.statusCode,
      code: e.code,
      detailsCode: e.details?.errorCode,
    };
  }
  throw new Error('expected the call to fail');
}

/** A single-entity call's failure, as the SDK reports it. */
export const singleFailure = (statusCode: number, code: string): Failure => ({
  failed: true,
  name: 'RestError',
  statusCode,
  code: undefined,
  detailsCode: code,
});

/** A transaction's failure, as the SDK reports it. */
export const batchFailure = (statusCode: number, code: string): Failure => ({
  failed: true,
  name: 'RestError',
  statusCode,
  code,
  detailsCode: undefined,
});

/** An entity without what differs between backends for the same writes (ETag, time, metadata URL). */
export function content(entity: Record<string, unknown>): Record<string, unknown> {
  const varying = new Set(['etag', 'timestamp', 'odata.metadata']);
  return Object.fromEntries(Object.entries(entity).filter(([key]) => !varying.has(key)));
}

/** Every row of the table, in the order it lists them, without ETags and times. */
export async function contents(table: EntityTable, filter?: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const entity of table.listEntities(filter ? { queryOptions: { filter } } : {}))
    out.push(content(entity));
  return out;
}

export async function keysOf(table: EntityTable, filter?: string): Promise<string[]> {
  return (await contents(table, filter)).map((e) => `${String(e.partitionKey)}/${String(e.rowKey)}`);
}
