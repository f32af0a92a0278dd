/**
 * An RFC 4180 writer; lines end with CRLF. A cell holding `"`, `,`, CR or LF is quoted, its quotes
 * doubled, as the RFC needs; so is one holding `;` or a tab, because Excel in a locale whose list
 * separator is `;` (de-DE, fr-FR) or a tab-separated import splits there, and an unquoted
 * `Joe;=cmd|' /C calc'!A0` would become a second cell starting with `=`.
 *
 * Formula injection (SPEC decision 20; OWASP "CSV Injection"): a spreadsheet evaluates a cell
 * starting with `=`, `+`, `-`, `@`, a tab or a CR, and also one where spaces come before them, and
 * every cell here can come from a directory an attacker may write to (display names, addresses,
 * and source anchors, which are base64 and may start with `+`). Such a cell is prefixed with `'`,
 * which spreadsheets take as "text" and do not show.
 *
 * Quoting protects a `;` only where the quote opens the cell as the reader splits it: a ;-locale
 * reads `a,"Joe;=cmd"` as `a,"Joe` and `=cmd"`. So inside a cell, a formula character that follows
 * a separator or line break (after whitespace or quotes) gets the same `'`: `Joe;'=cmd`. Directory values
 * almost never hold such a pair; the cost is a visible apostrophe in those few.
 */
export type CsvCell = string | boolean | null;

const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;
const NEEDS_QUOTES = /[",;\t\r\n]/;
// Quotes after the separator too: a reader that splits mid-quote may drop or keep them.
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n][\s"]*)(?=[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/g;

export const CSV_LINE_END = '\r\n';

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  const text = typeof value === 'boolean' ? String(value) : value;
  const inner = text.replace(FORMULA_AFTER_SEPARATOR, "$1'");
  const guarded = FORMULA_START.test(inner) ? `'${inner}` : inner;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',') + CSV_LINE_END;
}
