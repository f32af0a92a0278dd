/**
 * A minimal RFC 4180 writer. Quoting is only what the RFC needs (a cell holding `"`, `,`, CR or
 * LF is quoted, its quotes doubled); lines end with CRLF.
 *
 * Formula injection (SPEC decision 20): a spreadsheet evaluates a cell starting with `=`, `+`, `-`
 * or `@`, and every cell here can come from a directory an attacker may write to (display names,
 * addresses, and source anchors, which are base64 and may start with `+`). Such a cell is prefixed
 * with `'`, which spreadsheets take as "text" and do not show.
 */
export type CsvCell = string | boolean | null;

const FORMULA_START = /^[=+\-@]/;
const NEEDS_QUOTES = /[",\r\n]/;

export const CSV_LINE_END = '\r\n';

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  const text = typeof value === 'boolean' ? String(value) : value;
  const guarded = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',') + CSV_LINE_END;
}
