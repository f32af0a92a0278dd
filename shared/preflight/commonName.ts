/**
 * The CN of an object from its distinguished name (RFC 4514): the value of the first RDN when its type is
 * CN, unescaped. IdFix falls back to an entry's `cn` where a value is blank or nothing is left of it
 * (BlankStringRule, RegexRule.cs:26); the service keeps no `cn`, and for users, groups and contacts the
 * CN is the first RDN of the DN.
 */
export function commonNameOf(distinguishedName: string | null): string | null {
  if (distinguishedName === null) return null;
  const equals = distinguishedName.indexOf('=');
  if (equals < 0 || distinguishedName.slice(0, equals).trim().toLowerCase() !== 'cn') return null;
  let value = '';
  const bytes: number[] = [];
  const flush = () => {
    if (bytes.length > 0) value += Buffer.from(bytes).toString('utf8');
    bytes.length = 0;
  };
  for (let i = equals + 1; i < distinguishedName.length; i += 1) {
    const char = distinguishedName.charAt(i);
    if (char === ',' || char === '+') break;
    if (char !== '\\') {
      flush();
      value += char;
      continue;
    }
    const hex = distinguishedName.slice(i + 1, i + 3);
    if (/^[0-9a-f]{2}$/i.test(hex)) {
      // `\C3\A9`: UTF-8 bytes, which may take several escapes to make one character.
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      flush();
      value += distinguishedName.charAt(i + 1);
      i += 1;
    }
  }
  flush();
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
