/**
 * Whether a distinguished name lies under one of the run's base DNs (Entra Connect's OU
 * filtering). DNs are compared RDN by RDN, case-insensitively and ignoring spaces around `,` and
 * `=`, so `OU=Sales, DC=Contoso,DC=test` is under `dc=contoso,dc=test`. Escaped commas (`\,`)
 * stay inside their RDN.
 */
export function rdnsOf(dn: string): string[] {
  const rdns: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i] ?? '';
    if (c === '\\' && i + 1 < dn.length) {
      current += c + (dn[i + 1] ?? '');
      i++;
    } else if (c === ',') {
      rdns.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  rdns.push(current);
  return rdns
    .map((rdn) =>
      rdn
        .replace(/\s*=\s*/, '=')
        .trim()
        .toLowerCase(),
    )
    .filter((rdn) => rdn !== '');
}

/** The DN in one canonical form: what equal DNs have in common. */
export function normalizeDn(dn: string): string {
  return rdnsOf(dn).join(',');
}

/** True when `dn` is `base` or below it. */
export function isUnderDn(dn: string, base: string): boolean {
  const child = rdnsOf(dn);
  const parent = rdnsOf(base);
  if (parent.length === 0 || child.length < parent.length) return false;
  const offset = child.length - parent.length;
  return parent.every((rdn, i) => child[offset + i] === rdn);
}

export function isInScope(dn: string | null | undefined, baseDns: readonly string[]): boolean {
  return typeof dn === 'string' && baseDns.some((base) => isUnderDn(dn, base));
}

/**
 * The base DNs to read on a full run: a base DN under another one (or given twice) is read with it,
 * since reading it again would count its objects twice and report a refused one twice.
 */
export function outermostDns(baseDns: readonly string[]): string[] {
  return baseDns.filter(
    (dn, i) =>
      !baseDns.some(
        (other, j) => j !== i && isUnderDn(dn, other) && (normalizeDn(dn) !== normalizeDn(other) || j < i),
      ),
  );
}
