import { conflict } from '../errors';
import { preflightLdif } from '../preflight/ldif';
import type { PreflightRow } from '../preflight/model';
import type { KeyedRow } from '../preflight/runPreflight';
import { matchesPreflight, type PreflightFilters } from './preflightFilters';

/** What POST /api/preflight/ldif is asked for: rows by id (as listed), or every row of some filters. */
export type LdifSelection = { ids: string[] } | ({ all: true } & PreflightFilters);

/** How many unknown ids a refusal names back (the body may hold 1,000). */
const NAMED_IDS = 50;

/**
 * The rows chosen, in listing order. Ids are checked against the rows as they are now: one that is not
 * a current row (its value was fixed or changed since it was listed, or it never was one) refuses the
 * whole request with 409 PreflightRowsNotCurrent, naming the ids, rather than a file that silently
 * leaves some out.
 */
export function selectRows(rows: readonly KeyedRow[], selection: LdifSelection): PreflightRow[] {
  if ('all' in selection) {
    const keep = matchesPreflight(selection);
    return rows.map(({ row }) => row).filter(keep);
  }
  const wanted = new Set(selection.ids);
  const chosen = rows.map(({ row }) => row).filter((row) => wanted.has(row.id));
  if (chosen.length < wanted.size) {
    const current = new Set(chosen.map((row) => row.id));
    const unknown = [...wanted].filter((id) => !current.has(id));
    throw conflict(
      'PreflightRowsNotCurrent',
      `${unknown.length} of the ids are not current preflight rows (fixed or changed since they were listed): ` +
        'list the rows again and choose from them.',
      { ids: unknown.slice(0, NAMED_IDS) },
    );
  }
  return chosen;
}

export function ldifFileName(undo: boolean): string {
  return undo ? 'preflight-undo.ldif' : 'preflight-fix.ldif';
}

/** The file, with a header saying what it is, when it was made and that the service wrote nothing. */
export function ldifFile(rows: readonly PreflightRow[], undo: boolean, now: Date): string {
  const what = undo ? 'Preflight undo file: reverses preflight-fix.ldif' : 'Preflight fix file';
  return preflightLdif(rows, {
    undo,
    header:
      `${what}, ${rows.length} row(s), made ${now.toISOString()}. Apply with ldapmodify -f <file> or ` +
      'ldifde -i -f <file>; the service writes nothing to Active Directory.',
  });
}
