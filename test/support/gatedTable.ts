import type { TransactionAction } from '@azure/data-tables';
import type { EntityTable } from '../../shared/store/entityTable';

/**
 * A table (Azurite's or the memory one) whose transactions wait at a gate the test controls, to
 * put two writers' steps in a chosen order (a race made deterministic). Everything else passes through.
 */
export function gatedTable<T extends EntityTable>(
  table: T,
  gate: (actions: readonly TransactionAction[]) => Promise<void>,
): T {
  return new Proxy(table, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'submitTransaction' || typeof value !== 'function') return value;
      return async (actions: TransactionAction[], ...rest: unknown[]) => {
        await gate(actions);
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, [actions, ...rest]);
      };
    },
  });
}

/** A promise and its resolver, to signal from one writer to the other. */
export function signal(): { promise: Promise<void>; fire: () => void } {
  let fire = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}

/** Resolves when the promise does, or after `ms`, whichever is first. */
export function orAfter(promise: Promise<void>, ms: number): Promise<void> {
  return Promise.race([promise, new Promise<void>((r) => setTimeout(r, ms))]);
}
