import type { EntityTable } from './entityTable';

/** What a piece of work cost in Table Storage's billing unit: one transaction per request. */
export interface StorageMeter {
  table: EntityTable;
  /** Requests made through `table` since the meter was made or last reset. */
  transactions(): number;
  reset(): void;
}

/**
 * Counts the requests made through a table, as Azure bills them: each point read or write, each
 * entity-group transaction (one, whatever its 100 actions) and each page of a query. The benchmark
 * reports a cycle's cost with it.
 */
export function meteredTable(table: EntityTable): StorageMeter {
  let count = 0;
  const metered: EntityTable = {
    createTable: (...args) => (count++, table.createTable(...args)),
    getEntity: (...args) => (count++, table.getEntity(...args)),
    createEntity: (...args) => (count++, table.createEntity(...args)),
    upsertEntity: (...args) => (count++, table.upsertEntity(...args)),
    updateEntity: (...args) => (count++, table.updateEntity(...args)),
    deleteEntity: (...args) => (count++, table.deleteEntity(...args)),
    submitTransaction: (...args) => (count++, table.submitTransaction(...args)),
    // Every store query reads page by page (byPage): one transaction per page.
    listEntities: ((options?: Parameters<EntityTable['listEntities']>[0]) => {
      const iterator = table.listEntities(options);
      const byPage = iterator.byPage.bind(iterator);
      iterator.byPage = (settings) => {
        const pages = byPage(settings);
        const next = pages.next.bind(pages);
        pages.next = async () => {
          const page = await next();
          if (!page.done) count++;
          return page;
        };
        return pages;
      };
      return iterator;
    }) as EntityTable['listEntities'],
  };
  return {
    table: metered,
    transactions: () => count,
    reset: () => {
      count = 0;
    },
  };
}
