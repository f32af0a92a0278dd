import type { LdifChange, LdifRecord } from './ldifFormat';

/**
 * Reads the `changetype: modify` records this service writes (RFC 2849): unfolds continuation lines,
 * skips comments and `version:`, decodes `attr:: base64`. Strict: anything else is an error, so a test
 * that reads back a fix file fails on a line another reader might misread.
 */
export function readLdif(text: string): LdifRecord[] {
  const logical: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith(' ')) {
      const previous = logical.pop();
      if (previous === undefined) throw new Error('LDIF: a continuation line with nothing to continue');
      logical.push(previous + line.slice(1));
    } else {
      logical.push(line);
    }
  }
  const records: LdifRecord[] = [];
  let record: LdifRecord | null = null;
  let change: LdifChange | null = null;
  for (const line of logical) {
    if (line.startsWith('#')) continue;
    if (line === '') {
      if (change) throw new Error('LDIF: a change not ended by "-"');
      record = null;
      continue;
    }
    const [name, value] = splitLine(line);
    if (record === null) {
      if (name === 'version') continue;
      if (name !== 'dn') throw new Error(`LDIF: a record must start with dn, not ${name}`);
      record = { dn: value, changes: [] };
      records.push(record);
      continue;
    }
    if (line === '-') {
      if (!change) throw new Error('LDIF: "-" with no change');
      record.changes.push(change);
      change = null;
      continue;
    }
    if (name === 'changetype') {
      if (value !== 'modify') throw new Error(`LDIF: changetype ${value}`);
      continue;
    }
    if (change === null) {
      if (name !== 'add' && name !== 'delete' && name !== 'replace')
        throw new Error(`LDIF: ${name} is no change`);
      change = { operation: name, attribute: value, values: [] };
      continue;
    }
    if (name !== change.attribute) throw new Error(`LDIF: ${name} inside a change of ${change.attribute}`);
    change.values.push(value);
  }
  if (change) throw new Error('LDIF: a change not ended by "-"');
  return records;
}

function splitLine(line: string): [string, string] {
  if (line === '-') return ['-', ''];
  const colon = line.indexOf(':');
  if (colon < 1) throw new Error(`LDIF: not an attribute line: ${line}`);
  const name = line.slice(0, colon);
  if (line.charAt(colon + 1) === ':') {
    return [name, Buffer.from(line.slice(colon + 2).trimStart(), 'base64').toString('utf8')];
  }
  return [name, line.slice(colon + 1).replace(/^ +/, '')];
}
