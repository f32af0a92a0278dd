import type { PreflightAttribute, PreflightRow } from '../preflight/model';
import type { RuleId } from '../preflight/ruleCatalog';

/** The filters of GET /api/preflight, which the LDIF route's `all` takes too. */
export interface PreflightFilters {
  attribute?: PreflightAttribute | undefined;
  rule?: RuleId | undefined;
  /** Case-insensitive substring of the value, the suggested value, the DN or the source anchor. */
  search?: string | undefined;
}

export function matchesPreflight(filters: PreflightFilters): (row: PreflightRow) => boolean {
  const needle = filters.search?.toLowerCase();
  return (row) =>
    (filters.attribute === undefined || row.attribute === filters.attribute) &&
    (filters.rule === undefined || row.rules.includes(filters.rule)) &&
    (needle === undefined ||
      [row.value, row.suggestedValue, row.distinguishedName, row.sourceAnchor].some(
        (text) => text !== null && text.toLowerCase().includes(needle),
      ));
}

/** What a continuation token is bound to: the list and its filters (search as it is matched). */
export function preflightFingerprint(filters: PreflightFilters): Record<string, unknown> {
  return {
    list: 'preflight',
    attribute: filters.attribute,
    rule: filters.rule,
    search: filters.search?.toLowerCase(),
  };
}
