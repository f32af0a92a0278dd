/**
 * The benchmark's synthetic tenant: N source objects with realistic shapes and planted conflicts,
 * the same for a given (N, seed) on every machine. Pure: no I/O, no clock, no Math.random.
 *
 * Shapes: 85 % users (UPN = primary SMTP, 1–4 proxy addresses, a SID, a SIP address for about 40 %),
 * 10 % groups (one SMTP address, a SID for security groups), 5 % mail contacts.
 *
 * Planted conflicts, each on a distinct user, so each conflicting object opens exactly one error
 * per attribute it collides on (the value's holder is always a clean user, never a conflicting one):
 * - 1 % UPN: the user's UPN is another user's, with other letter case (normalization is tested too);
 * - 0.5 % proxy address: one of the user's secondary addresses is another user's primary one;
 * - 0.1 % SIP and 0.1 % SID: the user's SIP address / on-premises SID is another user's;
 * - 0.2 % orphaned: the user was recreated on-premises with a new anchor, and the cloud object of its
 *   old anchor (imported with PUT /api/cloud-objects) still holds its UPN and primary SMTP: two errors.
 */

export interface BenchSourceObject {
  sourceAnchor: string;
  objectType: 'User' | 'Group' | 'Contact';
  userPrincipalName?: string;
  mailNickname: string;
  displayName: string;
  distinguishedName: string;
  proxyAddresses: string[];
  sipProxyAddress?: string;
  onPremisesSecurityIdentifier?: string;
}

export interface BenchCloudObject {
  objectId: string;
  sourceAnchor: string;
  objectType: 'User';
  userPrincipalName: string;
  mailNickname: string;
  displayName: string;
  proxyAddresses: string[];
  dirSyncEnabled: true;
}

export interface PlantedConflicts {
  upn: number;
  proxyAddress: number;
  sip: number;
  sid: number;
  orphaned: number;
}

export interface SyntheticTenant {
  sources: BenchSourceObject[];
  /** The orphaned objects' old cloud objects. */
  clouds: BenchCloudObject[];
  /** Source anchors of the recreated (conflicting) side of each orphaned object, in generation order. */
  orphanAnchors: string[];
  planted: PlantedConflicts;
  /** What the first cycle should report as errorsCreated: one per planted conflict, two per orphan. */
  expectedErrors: number;
}

export const DEFAULT_SEED = 20_250_601;

/** mulberry32: small, fast, and good enough to pick shapes; the point is that it is seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FIRST = [
  'Joe', 'Ana', 'Li', 'Omar', 'Sara', 'Ivan', 'Mia', 'Noah', 'Aiko', 'Lucas', 'Zoe', 'Ravi', 'Emma',
  'Yusuf', 'Chloe', 'Mateo', 'Ines', 'Kofi', 'Lena', 'Hugo', 'Priya', 'Sven', 'Nora', 'Diego',
]; // prettier-ignore
const LAST = [
  'Johnson', 'Jackson', 'Garcia', 'Nguyen', 'Smith', 'Khan', 'Rossi', 'Müller', 'Tanaka', 'Silva',
  'Okafor', 'Dubois', 'Novak', 'Larsen', 'Haddad', 'Kim', 'Lopez', 'Brown', 'Fischer', 'Costa',
]; // prettier-ignore
const DEPARTMENTS = ['Sales', 'Finance', 'Engineering', 'Support', 'Marketing', 'Legal', 'HR', 'Operations'];
const DOMAIN_SID = 'S-1-5-21-3623811015-3361044348-30300820';

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function randomBytes(random: () => number, count: number): Buffer {
  const bytes = Buffer.alloc(count);
  for (let i = 0; i < count; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/** An anchor like Entra Connect's: the base64 of a 16-byte objectGUID (with `/`, `+` and `=`). */
function anchor(random: () => number): string {
  return randomBytes(random, 16).toString('base64');
}

function guid(random: () => number): string {
  const hex = randomBytes(random, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Fisher–Yates on a copy. */
function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Flips the case of the local part, so the duplicate differs as written but not once normalized. */
function otherCase(upn: string): string {
  const at = upn.indexOf('@');
  const local = upn.slice(0, at);
  const flipped = local === local.toLowerCase() ? local.toUpperCase() : local.toLowerCase();
  return flipped + upn.slice(at);
}

function user(random: () => number, index: number): BenchSourceObject {
  const first = pick(random, FIRST);
  const last = pick(random, LAST);
  const ascii = last.normalize('NFD').replace(/[^A-Za-z]/g, '');
  const local = `${first}.${ascii}${index}`;
  const upn = `${local}@contoso.com`;
  const proxies = [`SMTP:${upn}`];
  const aliases = [
    `smtp:${first[0] ?? 'x'}${ascii}${index}@contoso.com`,
    `smtp:${local}@contoso.mail.onmicrosoft.com`,
    `smtp:${local}@fabrikam.com`,
  ];
  const extra = Math.floor(random() * 4); // 0..3 aliases: 1–4 proxy addresses in all
  proxies.push(...aliases.slice(0, extra));
  const department = pick(random, DEPARTMENTS);
  return {
    sourceAnchor: anchor(random),
    objectType: 'User',
    userPrincipalName: upn,
    mailNickname: local,
    displayName: `${first} ${last}`,
    distinguishedName: `CN=${first} ${last} ${index},OU=${department},OU=Users,DC=contoso,DC=com`,
    proxyAddresses: proxies,
    ...(random() < 0.4 ? { sipProxyAddress: `sip:${upn.toLowerCase()}` } : {}),
    onPremisesSecurityIdentifier: `${DOMAIN_SID}-${1000 + index}`,
  };
}

function group(random: () => number, index: number): BenchSourceObject {
  const department = pick(random, DEPARTMENTS);
  const name = `grp-${department.toLowerCase()}-${index}`;
  return {
    sourceAnchor: anchor(random),
    objectType: 'Group',
    mailNickname: name,
    displayName: `${department} team ${index}`,
    distinguishedName: `CN=${name},OU=Groups,DC=contoso,DC=com`,
    proxyAddresses: [`SMTP:${name}@contoso.com`],
    ...(random() < 0.5 ? { onPremisesSecurityIdentifier: `${DOMAIN_SID}-${1000 + index}` } : {}),
  };
}

function contact(random: () => number, index: number): BenchSourceObject {
  const first = pick(random, FIRST);
  const last = pick(random, LAST);
  const name = `ext-${first.toLowerCase()}-${index}`;
  return {
    sourceAnchor: anchor(random),
    objectType: 'Contact',
    mailNickname: name,
    displayName: `${first} ${last} (Partner)`,
    distinguishedName: `CN=${first} ${last} ${index},OU=Contacts,DC=contoso,DC=com`,
    proxyAddresses: [`SMTP:${name}@partner.example`],
  };
}

export function plantedCounts(objects: number): PlantedConflicts {
  return {
    upn: Math.round(objects * 0.01),
    proxyAddress: Math.round(objects * 0.005),
    sip: Math.round(objects * 0.001),
    sid: Math.round(objects * 0.001),
    orphaned: Math.round(objects * 0.002),
  };
}

export function generateTenant(objects: number, seed = DEFAULT_SEED): SyntheticTenant {
  if (!Number.isInteger(objects) || objects < 100) throw new Error('objects must be an integer >= 100');
  const random = seededRandom(seed);
  const users = Math.round(objects * 0.85);
  const groups = Math.round(objects * 0.1);
  const sources: BenchSourceObject[] = [];
  for (let i = 0; i < objects; i++) {
    if (i < users) sources.push(user(random, i));
    else if (i < users + groups) sources.push(group(random, i));
    else sources.push(contact(random, i));
  }

  const planted = plantedCounts(objects);
  const order = shuffled(
    random,
    Array.from({ length: users }, (_, i) => i),
  );
  let cursor = 0;
  const take = (count: number): number[] => order.slice(cursor, (cursor += count));
  const orphaned = take(planted.orphaned);
  const upn = take(planted.upn);
  const proxy = take(planted.proxyAddress);
  const sip = take(planted.sip);
  const sid = take(planted.sid);
  // Holders come from the users left clean; those with a SIP address for SIP conflicts.
  const clean = order.slice(cursor);
  const withSip = clean.filter((i) => sources[i]?.sipProxyAddress !== undefined);
  if (clean.length === 0 || withSip.length === 0) throw new Error('too few objects to plant conflicts');
  const holder = (pool: readonly number[]): BenchSourceObject =>
    sources[pick(random, pool)] as BenchSourceObject;
  const at = (i: number): BenchSourceObject => sources[i] as BenchSourceObject;

  for (const i of upn) at(i).userPrincipalName = otherCase(holder(clean).userPrincipalName ?? '');
  for (const i of proxy) {
    const taken = `smtp:${(holder(clean).proxyAddresses[0] ?? '').slice('SMTP:'.length)}`;
    const own = at(i).proxyAddresses;
    if (own.length === 4) own[3] = taken;
    else own.push(taken);
  }
  for (const i of sip) at(i).sipProxyAddress = holder(withSip).sipProxyAddress ?? '';
  for (const i of sid) at(i).onPremisesSecurityIdentifier = holder(clean).onPremisesSecurityIdentifier ?? '';

  const clouds: BenchCloudObject[] = [];
  const orphanAnchors: string[] = [];
  for (const i of orphaned) {
    const recreated = at(i);
    clouds.push({
      objectId: guid(random),
      sourceAnchor: anchor(random),
      objectType: 'User',
      userPrincipalName: recreated.userPrincipalName ?? '',
      mailNickname: recreated.mailNickname,
      displayName: recreated.displayName,
      proxyAddresses: [recreated.proxyAddresses[0] ?? ''],
      dirSyncEnabled: true,
    });
    orphanAnchors.push(recreated.sourceAnchor);
  }
  const expectedErrors =
    planted.upn + planted.proxyAddress + planted.sip + planted.sid + 2 * planted.orphaned;
  return { sources, clouds, orphanAnchors, planted, expectedErrors };
}

/**
 * The "1 % changed" step: a seeded sample of source objects, each renamed (a new displayName is an
 * attribute the cycle must carry to the cloud object), as the PUT bodies that change them.
 */
export function changedObjects(
  tenant: SyntheticTenant,
  fraction: number,
  seed = DEFAULT_SEED,
): BenchSourceObject[] {
  const random = seededRandom(seed ^ 0x5eed);
  const count = Math.max(1, Math.round(tenant.sources.length * fraction));
  return shuffled(random, tenant.sources)
    .slice(0, count)
    .map((source) => ({ ...source, displayName: `${source.displayName} (renamed)` }));
}
