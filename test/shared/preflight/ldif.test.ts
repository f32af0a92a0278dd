import fc from 'fast-check';
import { preflightLdif } from '../../../shared/preflight/ldif';
import { attributeLine, fold, isSafeString, LDIF_LINE_WIDTH } from '../../../shared/preflight/ldifFormat';
import { readLdif } from '../../../shared/preflight/ldifRead';
import type { PreflightRow } from '../../../shared/preflight/model';
import { preflightRowId } from '../../../shared/preflight/rowId';

/** RFC 2849 fix and undo files, read back with the strict reader (shared/preflight/ldifRead.ts). */

function row(overrides: Partial<PreflightRow>): PreflightRow {
  const base: PreflightRow = {
    id: '',
    sourceAnchor: 'A',
    distinguishedName: 'CN=John Doe,OU=Users,DC=contoso,DC=com',
    objectType: 'User',
    attribute: 'userPrincipalName',
    value: 'jdoe.@contoso.com',
    rules: ['localPart'],
    suggestedValue: 'jdoe@contoso.com',
    action: 'Edit',
    predictedSyncError: null,
    ...overrides,
  };
  return { ...base, id: preflightRowId(base.sourceAnchor, base.attribute, base.value) };
}

/** An object's values after a file is applied, as a directory would apply it (proxyAddresses case-insensitive). */
function apply(entries: Map<string, Map<string, string[]>>, text: string): void {
  for (const record of readLdif(text)) {
    const entry = entries.get(record.dn);
    if (!entry) throw new Error(`no such object ${record.dn}`);
    for (const change of record.changes) {
      const current = entry.get(change.attribute) ?? [];
      const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
      if (change.operation === 'replace') entry.set(change.attribute, [...change.values]);
      if (change.operation === 'add') {
        for (const v of change.values) {
          if (current.some((c) => same(c, v))) throw new Error(`value exists: ${v}`);
          current.push(v);
        }
        entry.set(change.attribute, current);
      }
      if (change.operation === 'delete') {
        for (const v of change.values) {
          const at = current.findIndex((c) => c === v);
          if (at < 0) throw new Error(`no such value: ${v}`);
          current.splice(at, 1);
        }
        entry.set(change.attribute, current);
      }
    }
  }
}

describe('LDIF fix file (RFC 2849 changetype: modify)', () => {
  it('a single-valued attribute is a replace; a proxy address a delete of the old value and an add of the new one', () => {
    const text = preflightLdif(
      [
        row({}),
        row({
          attribute: 'proxyAddresses',
          value: 'SMTP:jdoe.@contoso.com',
          suggestedValue: 'SMTP:jdoe@contoso.com',
        }),
        row({
          attribute: 'proxyAddresses',
          value: 'smtp:old@contoso.com',
          suggestedValue: null,
          action: 'Remove',
        }),
      ],
      { undo: false },
    );
    expect(text).toBe(
      [
        'version: 1',
        '',
        'dn: CN=John Doe,OU=Users,DC=contoso,DC=com',
        'changetype: modify',
        'replace: userPrincipalName',
        'userPrincipalName: jdoe@contoso.com',
        '-',
        'delete: proxyAddresses',
        'proxyAddresses: SMTP:jdoe.@contoso.com',
        '-',
        'add: proxyAddresses',
        'proxyAddresses: SMTP:jdoe@contoso.com',
        '-',
        'delete: proxyAddresses',
        'proxyAddresses: smtp:old@contoso.com',
        '-',
        '',
      ].join('\n'),
    );
  });

  it('rows with no distinguishedName or no suggestion (Complete) are left out with a # comment saying why', () => {
    const text = preflightLdif(
      [
        row({ distinguishedName: null }),
        row({ attribute: 'displayName', value: '', suggestedValue: null, action: 'Complete' }),
      ],
      { undo: false },
    );
    expect(readLdif(text)).toEqual([]);
    const unfolded = text.replace(/\n /g, '');
    expect(unfolded).toContain(
      '# left out: userPrincipalName "jdoe.@contoso.com" of A: the object has no distinguishedName',
    );
    expect(unfolded).toContain('# left out: displayName "" of A: a blank value to fill');
  });

  it('base64 where the value or DN is not a SAFE-STRING (non-ASCII, leading space, colon or <, trailing space)', () => {
    expect(isSafeString('jdoe@contoso.com')).toBe(true);
    for (const unsafe of ['Renée', ' lead', ':colon', '<less', 'trail ', 'a\nb']) {
      expect(isSafeString(unsafe)).toBe(false);
    }
    expect(attributeLine('displayName', 'Renée')).toBe(
      `displayName:: ${Buffer.from('Renée').toString('base64')}`,
    );
    const text = preflightLdif(
      [
        row({
          distinguishedName: 'CN=Renée Doe,DC=contoso,DC=com',
          attribute: 'displayName',
          value: '',
          suggestedValue: 'Renée Doe',
        }),
      ],
      {
        undo: false,
      },
    );
    expect(text).toContain('dn:: ');
    expect(readLdif(text)).toEqual([
      {
        dn: 'CN=Renée Doe,DC=contoso,DC=com',
        changes: [{ operation: 'replace', attribute: 'displayName', values: ['Renée Doe'] }],
      },
    ]);
  });

  it('folds at 76 columns, and unfolding gives the line back', () => {
    const long = `dn: CN=${'x'.repeat(200)},DC=contoso,DC=com`;
    const lines = fold(long);
    expect(lines.every((l) => l.length <= LDIF_LINE_WIDTH)).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(
      lines[0]! +
        lines
          .slice(1)
          .map((l) => l.slice(1))
          .join(''),
    ).toBe(long);
    const text = preflightLdif([row({ distinguishedName: `CN=${'x'.repeat(200)},DC=contoso,DC=com` })], {
      undo: false,
    });
    expect(text.split('\n').every((l) => l.length <= LDIF_LINE_WIDTH)).toBe(true);
    expect(readLdif(text)[0]!.dn).toBe(`CN=${'x'.repeat(200)},DC=contoso,DC=com`);
  });
});

describe('undo LDIF', () => {
  it('reverses the fix: fix then undo gives every value back', () => {
    const dn = 'CN=John Doe,OU=Users,DC=contoso,DC=com';
    const rows = [
      row({}),
      row({
        attribute: 'proxyAddresses',
        value: 'SMTP:jdoe.@contoso.com',
        suggestedValue: 'SMTP:jdoe@contoso.com',
      }),
      row({
        attribute: 'proxyAddresses',
        value: 'SMTP:second@contoso.com',
        suggestedValue: 'smtp:second@contoso.com',
      }),
      row({
        attribute: 'proxyAddresses',
        value: 'smtp:gone@contoso.com',
        suggestedValue: null,
        action: 'Remove',
      }),
      row({ attribute: 'displayName', value: '', suggestedValue: 'John Doe' }),
    ];
    const before = new Map([
      ['userPrincipalName', ['jdoe.@contoso.com']],
      ['proxyAddresses', ['SMTP:jdoe.@contoso.com', 'SMTP:second@contoso.com', 'smtp:gone@contoso.com']],
    ]);
    const entries = new Map([[dn, new Map([...before].map(([k, v]) => [k, [...v]]))]]);
    apply(entries, preflightLdif(rows, { undo: false }));
    expect(entries.get(dn)!.get('userPrincipalName')).toEqual(['jdoe@contoso.com']);
    expect(entries.get(dn)!.get('proxyAddresses')).toEqual([
      'SMTP:jdoe@contoso.com',
      'smtp:second@contoso.com',
    ]);
    expect(entries.get(dn)!.get('displayName')).toEqual(['John Doe']);
    apply(entries, preflightLdif(rows, { undo: true }));
    expect(entries.get(dn)!.get('userPrincipalName')).toEqual(['jdoe.@contoso.com']);
    expect([...entries.get(dn)!.get('proxyAddresses')!].sort()).toEqual(
      [...before.get('proxyAddresses')!].sort(),
    );
    // A blank displayName was absent: the undo clears it again.
    expect(entries.get(dn)!.get('displayName')).toEqual([]);
  });

  it('round trip: any value and DN read back as written, folded or base64 (property)', () => {
    const value = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 });
    fc.assert(
      fc.property(value, value, value, (dnPart, old, suggestion) => {
        const dn = `CN=${dnPart},DC=contoso,DC=com`;
        const r = row({
          distinguishedName: dn,
          attribute: 'proxyAddresses',
          value: old,
          suggestedValue: suggestion,
        });
        const forward = readLdif(preflightLdif([r], { undo: false }));
        expect(forward).toEqual([
          {
            dn,
            changes: [
              { operation: 'delete', attribute: 'proxyAddresses', values: [old] },
              { operation: 'add', attribute: 'proxyAddresses', values: [suggestion] },
            ],
          },
        ]);
        const undo = readLdif(preflightLdif([r], { undo: true }));
        expect(undo[0]!.changes).toEqual([
          { operation: 'delete', attribute: 'proxyAddresses', values: [suggestion] },
          { operation: 'add', attribute: 'proxyAddresses', values: [old] },
        ]);
      }),
      { numRuns: 300 },
    );
  });
});
