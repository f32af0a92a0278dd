import {
  categoryOf,
  type DiagnoseStatus,
  type ErrorCategory,
  type ErrorType,
  type SyncAttribute,
  type SyncError,
} from '../sync/model';

export const ERROR_STATES = ['open', 'resolved'] as const;
export type ErrorState = (typeof ERROR_STATES)[number];

export interface SyncErrorFilters {
  category?: ErrorCategory | undefined;
  attribute?: SyncAttribute | undefined;
  errorType?: ErrorType | undefined;
  diagnoseStatus?: DiagnoseStatus | undefined;
  /** Case-insensitive substring of the value, both UPNs and both display names. */
  search?: string | undefined;
  state: ErrorState;
}

/** A stored error with the lower-cased text the search runs over. */
export interface ErrorRow {
  error: SyncError;
  searchText: string;
}

/** The same filters as the store's query (store/syncErrorQuery.ts), for rows already in memory. */
export function matchesFilters(filters: SyncErrorFilters): (row: ErrorRow) => boolean {
  const needle = filters.search?.toLowerCase();
  return ({ error, searchText }) =>
    (filters.category === undefined || categoryOf(error.errorType) === filters.category) &&
    (filters.attribute === undefined || error.attribute === filters.attribute) &&
    (filters.errorType === undefined || error.errorType === filters.errorType) &&
    (filters.diagnoseStatus === undefined || error.diagnoseStatus === filters.diagnoseStatus) &&
    (needle === undefined || searchText.includes(needle));
}
