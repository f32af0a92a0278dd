/**
 * RFC 2849 (LDIF) lines: what `ldapmodify` and `ldifde -i` read. Only what the change records here need:
 * `attr: value` or, when the value is not a SAFE-STRING, `attr:: <base64 of its UTF-8>`; lines folded
 * at 76 columns (a continuation line starts with one space); comments kept ASCII.
 */

export type LdifOperation = 'add' | 'delete' | 'replace';

export interface LdifChange {
  operation: LdifOperation;
  attribute: string;
  /** No values: `replace` clears the attribute, `delete` removes all of it. */
  values: string[];
}

export interface LdifRecord {
  dn: string;
  changes: LdifChange[];
}

export const LDIF_LINE_WIDTH = 76;

/**
 * SAFE-STRING (RFC 2849 section 2): ASCII without NUL, LF or CR; not starting with a space, `:` or `<`.
 * A value ending in a space SHOULD be base64 too (section 2, note 8), or a reader would trim it.
 */
export function isSafeString(value: string): boolean {
  if (value === '') return true;
  // eslint-disable-next-line no-control-regex
  if (!/^[\x01-\x09\x0B\x0C\x0E-\x7F]*$/.test(value)) return false;
  return !/^[ :<]/.test(value) && !value.endsWith(' ');
}

/** `name: value`, or `name:: base64` when the value is not a SAFE-STRING. */
export function attributeLine(name: string, value: string): string {
  if (value === '') return `${name}:`;
  return isSafeString(value)
    ? `${name}: ${value}`
    : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

/** Folds a line: the first 76 columns, then continuation lines of one space and 75 more. */
export function fold(line: string): string[] {
  if (line.length <= LDIF_LINE_WIDTH) return [line];
  const lines = [line.slice(0, LDIF_LINE_WIDTH)];
  for (let at = LDIF_LINE_WIDTH; at < line.length; at += LDIF_LINE_WIDTH - 1) {
    lines.push(` ${line.slice(at, at + LDIF_LINE_WIDTH - 1)}`);
  }
  return lines;
}

/** A comment line (folded like any other): non-ASCII and control characters written as \u escapes. */
export function comment(text: string): string[] {
  const ascii = text.replace(/[^\x20-\x7E]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return fold(`# ${ascii}`);
}

/** One change record: `dn`, `changetype: modify`, each change ended by `-`. */
export function recordLines(record: LdifRecord): string[] {
  const lines = [...fold(attributeLine('dn', record.dn)), 'changetype: modify'];
  for (const change of record.changes) {
    lines.push(`${change.operation}: ${change.attribute}`);
    for (const value of change.values) lines.push(...fold(attributeLine(change.attribute, value)));
    lines.push('-');
  }
  return lines;
}
