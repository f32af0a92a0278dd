import { odata } from '@azure/data-tables';
import { z } from 'zod';
import { errorTypesOf, type ErrorCategory } from '../sync/model';
import type { ErrorRow, SyncErrorFilters } from '../syncErrors/errorQuery';
import { ROW } from './keys';
import { parseErrorEntity, searchTextOf } from './syncErrorEntities';

export interface ErrorQuery {
  prefix: string;
  /** Equality filters the service evaluates. */
  filter: string | undefined;
  /** The substring search, which Table Storage cannot do: applied to each row while reading. */
  keep: ((row: ErrorRow) => boolean) | undefined;
  /** Identifies the filters in a continuation token; search is compared as it is matched. */
  fingerprint: Record<string, unknown>;
}

/**
 * Open and resolved errors are two key ranges, so `state` picks the range; the equality filters go
 * to the service through the SDK's `odata` tag (their values are enum members already).
 */
export function errorQuery(filters: SyncErrorFilters): ErrorQuery {
  const equalities: string[] = [];
  if (filters.category) equalities.push(categoryFilter(filters.category));
  if (filters.attribute) equalities.push(odata`attribute eq ${filters.attribute}`);
  if (filters.errorType) equalities.push(odata`errorType eq ${filters.errorType}`);
  if (filters.diagnoseStatus) equalities.push(odata`diagnoseStatus eq ${filters.diagnoseStatus}`);
  const needle = filters.search?.toLowerCase();
  return {
    prefix: filters.state === 'open' ? ROW.openErrorPrefix : ROW.resolvedErrorPrefix,
    filter: equalities.length > 0 ? equalities.join(' and ') : undefined,
    keep: needle === undefined ? undefined : (row) => row.searchText.includes(needle),
    fingerprint: {
      list: 'syncErrors',
      state: filters.state,
      category: filters.category,
      attribute: filters.attribute,
      errorType: filters.errorType,
      diagnoseStatus: filters.diagnoseStatus,
      search: needle,
    },
  };
}

/**
 * A category is the error types it holds (the stored rows have no category column: it follows from
 * the type). A category no type belongs to (FederatedDomainChange, Other) matches no row.
 */
function categoryFilter(category: ErrorCategory): string {
  const types = errorTypesOf(category);
  if (types.length === 0) return odata`errorType eq ${'(none)'}`;
  return `(${types.map((type) => odata`errorType eq ${type}`).join(' or ')})`;
}

const searchColumn = z.object({ searchText: z.string() });

/** The stored searchText column; recomputed for a row written before the column existed. */
export function parseErrorRow(entity: unknown): ErrorRow {
  const { record } = parseErrorEntity(entity);
  const stored = searchColumn.safeParse(entity);
  return { error: record, searchText: stored.success ? stored.data.searchText : searchTextOf(record) };
}
