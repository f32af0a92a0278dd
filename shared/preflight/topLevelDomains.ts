/**
 * Top-level domains that do not route on the internet, so an address or UPN under them can never be a
 * verified domain of an Entra tenant (Microsoft Learn, "Prepare a non-routable domain for directory
 * synchronization": `.local` and the like).
 *
 * IdFix checks the other way round, against the allow-list it ships (`src/IdFix/domains.txt`, read by
 * Settings/ValidTLDList.cs; 920 names of around 2015). That list lacks hundreds of TLDs delegated since
 * (`.app`, `.cloud`, `.microsoft`…), which IdFix would flag in a real tenant; this list names the ones that
 * cannot route instead:
 * - reserved by the IETF: `.test`, `.example`, `.invalid`, `.localhost` (RFC 2606, RFC 6761), `.local`
 *   (RFC 6762, mDNS), `.onion` (RFC 7686), `.alt` (RFC 9476), and `home.arpa` (RFC 8375);
 * - `.internal`, which ICANN reserved for private use (2024);
 * - `.corp`, `.home`, `.mail`, which ICANN will never delegate (name collision, 2018);
 * - names admins give internal forests that no registry delegates: `.lan`, `.localdomain`, `.intranet`,
 *   `.private`, `.priv`, `.domain`, `.localnet`, `.loc`.
 */
const NON_ROUTABLE_TLDS: ReadonlySet<string> = new Set([
  'test',
  'example',
  'invalid',
  'localhost',
  'local',
  'onion',
  'alt',
  'internal',
  'corp',
  'home',
  'mail',
  'lan',
  'localdomain',
  'intranet',
  'private',
  'priv',
  'domain',
  'localnet',
  'loc',
]);

const NON_ROUTABLE_SUFFIXES = ['.home.arpa'];

/** Whether a domain name (the part after the `@`) ends in a TLD that does not route. */
export function isNonRoutableDomain(domain: string): boolean {
  const lower = domain.toLowerCase().replace(/\.$/, '');
  if (NON_ROUTABLE_SUFFIXES.some((suffix) => lower.endsWith(suffix) || `.${lower}` === suffix)) return true;
  const dot = lower.lastIndexOf('.');
  const tld = dot < 0 ? lower : lower.slice(dot + 1);
  return NON_ROUTABLE_TLDS.has(tld);
}
