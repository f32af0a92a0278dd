import { comment, recordLines, type LdifChange, type LdifRecord } from './ldifFormat';
import type { PreflightAttribute, PreflightRow } from './model';

/**
 * The fix file and its undo (SPEC "Preflight": "Fix files"), RFC 2849 `changetype: modify` records for
 * `ldapmodify` or `ldifde -i`, one record per object, in the rows' order:
 * - a single-valued attribute is a `replace` with the suggested value;
 * - a proxy address is a `delete` of the old value and an `add` of the new one (proxyAddresses is
 *   multi-valued: a replace would drop the object's other addresses);
 * - `Remove` deletes the value.
 * The undo file reverses each record's changes in reverse order, so applying it after the fix brings
 * back every value as it was. Rows that cannot be written (no distinguishedName to address the object,
 * no suggested value) are left out, each with a `#` comment saying why. Nothing is written to AD by the
 * service: the admin applies the file.
 */

/** Attributes with one value: fixed by `replace`. */
const SINGLE_VALUED: ReadonlySet<PreflightAttribute> = new Set([
  'userPrincipalName',
  'mailNickname',
  'displayName',
  'msRTCSIP-PrimaryUserAddress',
]);

export interface LdifOptions {
  undo: boolean;
  /** Written as a comment at the top (when it was made, for whom): ASCII only is kept as is. */
  header?: string;
}

/** The changes one row makes, or why it makes none. */
function changesOf(row: PreflightRow): LdifChange[] | string {
  if (row.distinguishedName === null) {
    return 'the object has no distinguishedName, so no LDIF can address it';
  }
  if (row.action === 'Remove') {
    return SINGLE_VALUED.has(row.attribute)
      ? [{ operation: 'replace', attribute: row.attribute, values: [] }]
      : [{ operation: 'delete', attribute: row.attribute, values: [row.value] }];
  }
  if (row.suggestedValue === null) {
    return row.action === 'Complete'
      ? 'a blank value to fill, with nothing to suggest'
      : 'no suggested value: it needs an admin to choose one';
  }
  if (row.attribute === 'objectSid') return 'objectSid is written by Active Directory only';
  if (SINGLE_VALUED.has(row.attribute)) {
    return [{ operation: 'replace', attribute: row.attribute, values: [row.suggestedValue] }];
  }
  return [
    { operation: 'delete', attribute: row.attribute, values: [row.value] },
    { operation: 'add', attribute: row.attribute, values: [row.suggestedValue] },
  ];
}

/** The change that takes one back: add ↔ delete; a replace puts the old value back (none: cleared). */
function inverse(change: LdifChange, row: PreflightRow): LdifChange {
  switch (change.operation) {
    case 'add':
      return { ...change, operation: 'delete' };
    case 'delete':
      return { ...change, operation: 'add' };
    case 'replace':
      return { ...change, values: row.value === '' ? [] : [row.value] };
  }
}

export interface LdifPlan {
  records: LdifRecord[];
  /** Rows left out, with why. */
  skipped: { row: PreflightRow; reason: string }[];
}

/** The records the rows make (grouped by object, in the rows' order), forward or undo. */
export function planLdif(rows: readonly PreflightRow[], undo: boolean): LdifPlan {
  const byDn = new Map<string, { dn: string; steps: { change: LdifChange; row: PreflightRow }[] }>();
  const skipped: LdifPlan['skipped'] = [];
  for (const row of rows) {
    const changes = changesOf(row);
    if (typeof changes === 'string') {
      skipped.push({ row, reason: changes });
      continue;
    }
    const dn = row.distinguishedName ?? '';
    const entry = byDn.get(dn) ?? { dn, steps: [] };
    byDn.set(dn, entry);
    for (const change of changes) entry.steps.push({ change, row });
  }
  const records = [...byDn.values()].map(({ dn, steps }) => ({
    dn,
    changes: undo
      ? [...steps].reverse().map(({ change, row }) => inverse(change, row))
      : steps.map(({ change }) => change),
  }));
  return { records: undo ? records.reverse() : records, skipped };
}

/** The LDIF text: `version: 1`, the header, a comment per row left out, then the change records. */
export function preflightLdif(rows: readonly PreflightRow[], options: LdifOptions): string {
  const plan = planLdif(rows, options.undo);
  const lines: string[] = ['version: 1'];
  if (options.header) lines.push(...comment(options.header));
  for (const { row, reason } of plan.skipped) {
    lines.push(
      ...comment(`left out: ${row.attribute} ${JSON.stringify(row.value)} of ${row.sourceAnchor}: ${reason}`),
    );
  }
  for (const record of plan.records) lines.push('', ...recordLines(record));
  return `${lines.join('\n')}\n`;
}
