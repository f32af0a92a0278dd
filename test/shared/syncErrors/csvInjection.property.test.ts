import fc from 'fast-check';
import { csvLine } from '../../../shared/syncErrors/csv';

/**
 * CSV injection, as a property (issue 11, defect 6; OWASP "CSV Injection"): whatever text a
 * directory holds, no cell of the export may start with a formula character, after whitespace or
 * not, however a spreadsheet splits the line: on `,` (en-US), on `;` (de-DE, fr-FR) or on tabs.
 */
export const FORMULA_PIECES = [
  '=',
  '+',
  '-',
  '@',
  ';',
  ',',
  '\t',
  ' ',
  '\u00a0',
  '"',
  "'",
  'cmd|',
  "' /C calc'!A0",
  'SUM(1+9)',
  'HYPERLINK("http://x")',
  'Joe',
  '\uFF1D',
  '\r',
  '\n',
] as const;

export const hostileCell = fc
  .array(fc.constantFrom(...FORMULA_PIECES), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''));

/** Splits like a spreadsheet that honours RFC 4180 quoting, on every separator given. */
export function spreadsheetCells(line: string, separators: readonly string[]): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quoted) {
      if (c === '"' && line.charAt(i + 1) === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (separators.includes(c) || c === '\r' || c === '\n') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

const DANGEROUS = /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

test('no cell starts with a formula character under a , ; or tab split (2,000 generated lines)', () => {
  fc.assert(
    fc.property(fc.array(hostileCell, { minLength: 1, maxLength: 4 }), (cells) => {
      const line = csvLine(cells).replace(/\r\n$/, '');
      for (const separators of [[','], [';'], ['\t'], [',', ';', '\t']]) {
        const split = spreadsheetCells(line, separators);
        for (const cell of split) {
          // A quoted cell's content is text to the spreadsheet only if it starts with the guard.
          if (DANGEROUS.test(cell)) return false;
        }
      }
      return true;
    }),
    { numRuns: 2000, seed: 20261129 },
  );
});
