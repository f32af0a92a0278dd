/**
 * The DN under which Entra Connect's Microsoft Entra connector space shows an object: the upper-case
 * hex of the anchor's ASCII bytes in braces. Admins search the connector space with it, so the
 * diagnosis shows it verbatim. `QF5HMK7n80qvdYsUPIHa9Q==` → `CN={514635484D4B376E38307176645973555049486139513D3D}`.
 */
export function connectorSpaceDn(sourceAnchor: string): string {
  // Base64 is pure ASCII, where UTF-8 and ASCII bytes coincide; UTF-8 keeps any stray character well-defined.
  return `CN={${Buffer.from(sourceAnchor, 'utf8').toString('hex').toUpperCase()}}`;
}
