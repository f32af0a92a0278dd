import type { EntityTable } from '../../shared/store/entityTable';

export type FaultMode = 'failBefore' | 'failAfterCommit';

export interface FaultPlan {
  /** 1-based index of the write that fails. */
  failAt: number;
  mode: FaultMode;
}

const WRITES = new Set(['submitTransaction', 'createEntity', 'updateEntity', 'upsertEntity', 'deleteEntity']);

export class InjectedFault extends Error {
  constructor(
    readonly mode: FaultMode,
    readonly write: number,
  ) {
    super(`Injected ${mode} fault at write ${write}`);
  }
}

/**
 * A table (Azurite's or the memory one) whose Nth write fails: before it reaches the server, or
 * after the server committed it (a timeout the caller cannot tell from a failure). Reads pass through.
 */
export function faultyTable<T extends EntityTable>(
  table: T,
  plan: FaultPlan | null,
): { table: T; writes: () => number } {
  let writes = 0;
  const proxy = new Proxy(table, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || !WRITES.has(property)) return value;
      return async (...args: unknown[]) => {
        writes++;
        const current = writes;
        if (plan && current === plan.failAt && plan.mode === 'failBefore')
          throw new InjectedFault('failBefore', current);
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (plan && current === plan.failAt && plan.mode === 'failAfterCommit')
          throw new InjectedFault('failAfterCommit', current);
        return result;
      };
    },
  });
  return { table: proxy, writes: () => writes };
}
