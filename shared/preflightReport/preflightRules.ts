import type { Page } from '../store/cursor';
import type { PreflightAttribute, PreflightRow, RuleSeverity } from '../preflight/model';
import { RULE_CATALOG, type RuleId } from '../preflight/ruleCatalog';

/** A rule of the catalog as GET /api/preflight/rules shows it. */
export interface PreflightRuleView {
  id: RuleId;
  description: string;
  attributes: PreflightAttribute[];
  severity: RuleSeverity;
  /** Where it comes from: an IdFix source file and line, a Microsoft Learn page, an engine file. */
  source: string;
  /** How many of the tenant's rows break the rule now. */
  count: number;
}

/** The whole catalog, each rule with its count for this tenant, on one page (it is short). */
export function preflightRules(rows: readonly PreflightRow[]): Page<PreflightRuleView> {
  const counts = new Map<string, number>();
  for (const row of rows) for (const rule of row.rules) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  return {
    value: RULE_CATALOG.map((rule) => ({
      ...rule,
      attributes: [...rule.attributes],
      count: counts.get(rule.id) ?? 0,
    })),
    continuationToken: null,
  };
}
