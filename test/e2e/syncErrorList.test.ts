import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { runCycle } from '../support/syncCycles';
import { COMMON, ORPHANED } from '../support/seedScenarios';

/**
 * GET /api/sync-errors and /api/sync-errors/{id} through the real local host, against Azurite,
 * with the seed's two scenarios (and a pair of groups) loaded through the API and a cycle run.
 */

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

interface ObjectView {
  objectId: string | null;
  sourceAnchor: string | null;
  objectType: string;
  displayName: string | null;
  userPrincipalName: string | null;
  distinguishedName: string | null;
  softDeleted: boolean;
}
interface ErrorView {
  id: string;
  errorType: string;
  attribute: string;
  value: string;
  diagnoseStatus: string;
  detectedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  existingObject: ObjectView;
  conflictingObject: ObjectView;
  differences: string[];
  diagnosis: { answers: { userExistsOnPremises: string | null; sameUser: string | null }; closed: boolean };
}
interface ErrorPage {
  value: ErrorView[];
  continuationToken: string | null;
}

/** Two groups asking for one SIP address: an export failure, not for the diagnosis (not users). */
const GROUPS = {
  holder: {
    sourceAnchor: 'grp-sales-1',
    objectType: 'Group',
    displayName: 'Sales Team',
    distinguishedName: 'CN=Sales Team,OU=Groups,DC=contoso,DC=com',
    sipProxyAddress: 'SIP:sales@contoso.com',
  },
  // A base64 anchor may start with +: the CSV must not hand it to a spreadsheet as a formula.
  plusAnchor: {
    sourceAnchor: '+grp/sales-2',
    objectType: 'Group',
    displayName: 'Sales Team (EU)',
    distinguishedName: 'CN=Sales Team (EU),OU=Groups,DC=contoso,DC=com',
    sipProxyAddress: 'sip:Sales@contoso.com',
  },
} as const;

async function session(
  tenant = newTenantId(),
  role: 'GlobalAdministrator' | 'Contributor' = 'GlobalAdministrator',
) {
  const token = await service.token(tenant, role);
  const api = (
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) => call(`${service.url}/api/${path}`, method, { token, ...options });
  const list = async (query = '') => {
    const res = await api('GET', `sync-errors${query}`);
    expect(res.status).toBe(200);
    return res.json as ErrorPage;
  };
  const cycle = () => runCycle(service, token);
  return { tenant, api, list, cycle };
}

type Session = Awaited<ReturnType<typeof session>>;

async function loadScenarios(s: Session): Promise<{ startedAt: string }> {
  expect(
    (await s.api('PATCH', 'settings', { body: { initialDomain: 'contoso.onmicrosoft.com' } })).status,
  ).toBe(200);
  expect((await s.api('PUT', 'cloud-objects', { body: { objects: [ORPHANED.existingCloud] } })).status).toBe(
    200,
  );
  const sources = [
    COMMON.johnson,
    COMMON.jackson,
    ORPHANED.recreatedSource,
    GROUPS.holder,
    GROUPS.plusAnchor,
  ];
  expect((await s.api('PUT', 'source-objects', { body: { objects: sources } })).status).toBe(200);
  const summary = await s.cycle();
  expect(summary.errorsCreated).toBe(4);
  return summary;
}

/** RFC 4180, enough for the tests: quoted cells with doubled quotes, CRLF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if (quoted && c === '"' && next === '"') {
      cell += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && next === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += c;
    }
  }
  expect(cell).toBe(''); // every line, the last included, ends with CRLF
  return rows;
}

const byAttributeAndAnchor = (errors: ErrorView[], attribute: string, conflictingAnchor: string) =>
  errors.find((e) => e.attribute === attribute && e.conflictingObject.sourceAnchor === conflictingAnchor);

describe('a tenant with both seed scenarios and a SIP conflict', () => {
  let s: Session;
  let firstCycle: { startedAt: string };
  let all: ErrorView[];

  beforeAll(async () => {
    s = await session();
    firstCycle = await loadScenarios(s);
    all = (await s.list()).value;
  });

  test('the list shows every open error with both objects and its diagnosis state', async () => {
    const page = await s.list();
    expect(page.continuationToken).toBeNull();
    expect(page.value).toHaveLength(4);

    const common = byAttributeAndAnchor(all, 'UserPrincipalName', COMMON.jackson.sourceAnchor);
    expect(common).toMatchObject({
      errorType: 'QuarantinedAttributeValueMustBeUnique',
      value: 'Joe.J@contoso.com',
      diagnoseStatus: 'NotStarted',
      detectedAt: firstCycle.startedAt,
      lastSeenAt: firstCycle.startedAt,
      resolvedAt: null,
      existingObject: {
        sourceAnchor: COMMON.johnson.sourceAnchor,
        objectType: 'User',
        displayName: 'Joe Johnson',
        userPrincipalName: 'Joe.J@contoso.com',
        distinguishedName: COMMON.johnson.distinguishedName,
        softDeleted: false,
      },
      conflictingObject: {
        sourceAnchor: COMMON.jackson.sourceAnchor,
        objectType: 'User',
        displayName: 'Joe Jackson',
        userPrincipalName: 'Joe.J@contoso.com',
        distinguishedName: COMMON.jackson.distinguishedName,
        softDeleted: false,
      },
      differences: ['displayName', 'objectId'],
      diagnosis: { answers: { userExistsOnPremises: null, sameUser: null }, closed: false },
    });
    expect(common?.id).toMatch(/^[0-9a-f]{32}$/);
    expect(common?.existingObject.objectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(common?.conflictingObject.objectId).toMatch(/^[0-9a-f-]{36}$/);

    const orphanUpn = byAttributeAndAnchor(all, 'UserPrincipalName', ORPHANED.recreatedSource.sourceAnchor);
    const orphanProxy = byAttributeAndAnchor(all, 'ProxyAddresses', ORPHANED.recreatedSource.sourceAnchor);
    for (const error of [orphanUpn, orphanProxy]) {
      expect(error).toMatchObject({
        existingObject: { objectId: ORPHANED.existingCloud.objectId, displayName: 'Joe Johnson' },
        conflictingObject: { userPrincipalName: ORPHANED.recreatedSource.userPrincipalName },
        differences: ['objectId'],
      });
    }

    const sip = byAttributeAndAnchor(all, 'SipProxyAddress', GROUPS.plusAnchor.sourceAnchor);
    expect(sip).toMatchObject({
      errorType: 'AttributeValueMustBeUnique',
      diagnoseStatus: 'ManualFixRequired',
      existingObject: {
        sourceAnchor: GROUPS.holder.sourceAnchor,
        objectType: 'Group',
        userPrincipalName: null,
      },
      conflictingObject: { objectId: null, objectType: 'Group', displayName: 'Sales Team (EU)' },
    });
  });

  test('each equality filter, alone and combined', async () => {
    const ids = async (query: string) => (await s.list(query)).value.map((e) => e.attribute).sort();
    expect(await ids('?attribute=UserPrincipalName')).toEqual(['UserPrincipalName', 'UserPrincipalName']);
    expect(await ids('?attribute=ProxyAddresses')).toEqual(['ProxyAddresses']);
    expect(await ids('?attribute=OnPremiseSecurityIdentifier')).toEqual([]);
    expect(await ids('?errorType=AttributeValueMustBeUnique')).toEqual(['SipProxyAddress']);
    expect(await ids('?errorType=QuarantinedAttributeValueMustBeUnique')).toHaveLength(3);
    expect(await ids('?diagnoseStatus=ManualFixRequired')).toEqual(['SipProxyAddress']);
    expect(await ids('?diagnoseStatus=NotStarted')).toHaveLength(3);
    expect(await ids('?diagnoseStatus=PendingSync')).toEqual([]);
    expect(await ids('?attribute=UserPrincipalName&errorType=AttributeValueMustBeUnique')).toEqual([]);
    expect(await ids('?attribute=ProxyAddresses&diagnoseStatus=NotStarted&state=open')).toEqual([
      'ProxyAddresses',
    ]);
  });

  test('search: case-insensitive, over the value, both UPNs and both display names', async () => {
    const found = async (search: string, more = '') =>
      (await s.list(`?search=${encodeURIComponent(search)}${more}`)).value;
    const jackson = await found('joe JACKSON');
    expect(jackson).toHaveLength(1);
    expect(jackson[0]?.conflictingObject.sourceAnchor).toBe(COMMON.jackson.sourceAnchor);
    expect(await found('Joe Johnson')).toHaveLength(3); // the common error's holder, and the orphan's two
    expect((await found('sales team (eu)'))[0]?.attribute).toBe('SipProxyAddress');
    expect(await found('FABRIKAM.COM')).toHaveLength(2);
    expect(await found('sip:sales@')).toHaveLength(1);
    expect(await found('fabrikam', '&attribute=ProxyAddresses')).toHaveLength(1);
    expect(await found('nobody-by-this-name')).toEqual([]);
  });

  test('paging with top=1 walks every error exactly once, with and without a search', async () => {
    const walk = async (query: string) => {
      const seen: string[] = [];
      let token: string | null = null;
      do {
        const suffix: string = token ? `&continuationToken=${encodeURIComponent(token)}` : '';
        const page = await s.list(`?top=1${query}${suffix}`);
        expect(page.value.length).toBeLessThanOrEqual(1);
        seen.push(...page.value.map((e) => e.id));
        token = page.continuationToken;
        expect(seen.length).toBeLessThan(10);
      } while (token);
      return seen;
    };
    const everything = await walk('');
    expect(everything).toHaveLength(4);
    expect(new Set(everything)).toEqual(new Set(all.map((e) => e.id)));
    const searched = await walk('&search=joe');
    expect(searched).toHaveLength(3);
    expect(new Set(searched).size).toBe(3);
  });

  test('a token altered, or used with other filters, is refused with 400', async () => {
    const first = await s.list('?top=1');
    const token = first.continuationToken ?? '';
    expect(token).not.toBe('');
    const [body = '', tag = ''] = token.split('.');
    const forgedBody = Buffer.from(
      JSON.stringify({ ...(JSON.parse(Buffer.from(body, 'base64url').toString()) as object), k: 'err_0' }),
    ).toString('base64url');
    const flipped = `${tag.startsWith('A') ? 'B' : 'A'}${tag.slice(1)}`;
    for (const bad of [`${forgedBody}.${tag}`, `${body}.${flipped}`, `${token}x`, 'garbage']) {
      const res = await s.api('GET', `sync-errors?top=1&continuationToken=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'InvalidContinuationToken' });
    }
    for (const other of [
      '&attribute=UserPrincipalName',
      '&search=joe',
      '&state=resolved',
      '&diagnoseStatus=NotStarted',
    ]) {
      const res = await s.api(
        'GET',
        `sync-errors?top=1${other}&continuationToken=${encodeURIComponent(token)}`,
      );
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'InvalidContinuationToken' });
    }
    // The same filters with another top are the same list: the token still works.
    expect(
      (await s.api('GET', `sync-errors?top=2&continuationToken=${encodeURIComponent(token)}`)).status,
    ).toBe(200);
  });

  test('bad query parameters are a 400 naming the field', async () => {
    for (const query of [
      'attribute=Mail',
      'errorType=Whatever',
      'diagnoseStatus=Done',
      'state=all',
      'top=0',
      'top=1000',
      `search=${'x'.repeat(257)}`,
      'search=',
      'tenantId=someone-else',
    ]) {
      const res = await s.api('GET', `sync-errors?${query}`);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'ValidationFailed' });
    }
  });

  test('Accept: text/csv exports the whole filtered list, guarded against formulas', async () => {
    const res = await s.api('GET', 'sync-errors?top=1', { headers: { accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="sync-errors.csv"');
    const rows = parseCsv(res.text);
    const [header, ...lines] = rows;
    expect(header?.slice(0, 9)).toEqual([
      'id',
      'category',
      'errorType',
      'attribute',
      'value',
      'diagnoseStatus',
      'detectedAt',
      'lastSeenAt',
      'resolvedAt',
    ]);
    expect(header).toContain('existingObject.sourceAnchor');
    expect(header).toContain('conflictingObject.distinguishedName');
    expect(lines).toHaveLength(4); // top=1 is ignored: the export is the whole list
    for (const line of lines) expect(line).toHaveLength(header?.length ?? 0);
    expect(lines.map((l) => l[0]).sort()).toEqual(all.map((e) => e.id).sort());

    const column = (name: string) => header?.indexOf(name) ?? -1;
    const sipRow = lines.find((l) => l[column('attribute')] === 'SipProxyAddress');
    expect(sipRow?.[column('conflictingObject.sourceAnchor')]).toBe(`'${GROUPS.plusAnchor.sourceAnchor}`);
    expect(sipRow?.[column('conflictingObject.objectId')]).toBe('');
    expect(sipRow?.[column('conflictingObject.distinguishedName')]).toBe(GROUPS.plusAnchor.distinguishedName);
    expect(sipRow?.[column('existingObject.softDeleted')]).toBe('false');
    // A DN holds commas: it comes back whole because it was quoted.
    expect(res.text).toContain(`"${COMMON.jackson.distinguishedName}"`);

    const filtered = await s.api('GET', 'sync-errors?attribute=SipProxyAddress', {
      headers: { accept: 'text/csv' },
    });
    expect(parseCsv(filtered.text)).toHaveLength(2);
    const none = await s.api('GET', 'sync-errors?search=nobody', { headers: { accept: 'text/csv' } });
    expect(parseCsv(none.text)).toEqual([header]);
  });

  test('JSON stays the default unless CSV is asked for', async () => {
    const res = await s.api('GET', 'sync-errors', { headers: { accept: '*/*' } });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('vary')).toMatch(/accept/i);
  });

  test('GET by id returns the error as the list shows it', async () => {
    for (const error of all) {
      const res = await s.api('GET', `sync-errors/${error.id}`);
      expect(res.status).toBe(200);
      expect(res.json).toEqual(error);
    }
  });

  test('an unknown id and a malformed id are both 404 SyncErrorNotFound', async () => {
    const known = all[0]?.id ?? '';
    for (const id of ['0'.repeat(32), known.toUpperCase(), `${known}0`, 'not-an-id', 'err_' + known]) {
      const res = await s.api('GET', `sync-errors/${id}`);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ code: 'SyncErrorNotFound' });
    }
  });

  test('a Contributor may read the list; a SyncAgent may not', async () => {
    const contributor = await session(s.tenant, 'Contributor');
    expect((await contributor.list()).value).toHaveLength(4);
    const agent = await service.token(s.tenant, 'SyncAgent');
    expect((await call(`${service.url}/api/sync-errors`, 'GET', { token: agent })).status).toBe(403);
    expect(
      (await call(`${service.url}/api/sync-errors/${all[0]?.id ?? ''}`, 'GET', { token: agent })).status,
    ).toBe(403);
  });

  test("a second tenant sees none of the first tenant's errors", async () => {
    const other = await session();
    expect(await other.list()).toEqual({ value: [], continuationToken: null });
    expect((await other.list('?state=resolved')).value).toEqual([]);
    for (const error of all) {
      const res = await other.api('GET', `sync-errors/${error.id}`);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ code: 'SyncErrorNotFound' });
    }
    const csv = await other.api('GET', 'sync-errors', { headers: { accept: 'text/csv' } });
    expect(parseCsv(csv.text)).toHaveLength(1);
    // A token is sealed to its tenant: replayed by another, it is refused rather than read there.
    const token = (await s.list('?top=1')).continuationToken ?? '';
    const replay = await other.api('GET', `sync-errors?top=1&continuationToken=${encodeURIComponent(token)}`);
    expect(replay.status).toBe(400);
  });
});

describe('open and resolved errors over cycles', () => {
  test('a quiet cycle moves lastSeenAt; fixing the conflict on-premises moves the error to state=resolved', async () => {
    const s = await session();
    await s.api('PATCH', 'settings', { body: { initialDomain: 'contoso.onmicrosoft.com' } });
    await s.api('PUT', 'source-objects', { body: { objects: [COMMON.johnson, COMMON.jackson] } });
    const first = await s.cycle();
    const [error] = (await s.list()).value;
    expect(error).toMatchObject({ detectedAt: first.startedAt, lastSeenAt: first.startedAt });
    const id = error?.id ?? '';

    // Nothing changed: the cycle rewrites nothing, yet it saw the error.
    const second = await s.cycle();
    expect(second.errorsCreated).toBe(0);
    expect((await s.list()).value[0]).toMatchObject({
      id,
      detectedAt: first.startedAt,
      lastSeenAt: second.startedAt,
    });
    expect((await s.api('GET', `sync-errors/${id}`)).json).toMatchObject({ lastSeenAt: second.startedAt });
    expect((await s.list('?state=resolved')).value).toEqual([]);

    await s.api('PUT', 'source-objects', {
      body: { objects: [{ ...COMMON.jackson, userPrincipalName: 'Joe.Jackson@contoso.com' }] },
    });
    const third = await s.cycle();
    expect(third.errorsResolved).toBe(1);

    expect((await s.list()).value).toEqual([]);
    const resolved = await s.list('?state=resolved');
    expect(resolved.value).toHaveLength(1);
    expect(resolved.value[0]).toMatchObject({ id, resolvedAt: third.startedAt, detectedAt: first.startedAt });
    const byId = await s.api('GET', `sync-errors/${id}`);
    expect(byId.status).toBe(200);
    expect(byId.json).toEqual(resolved.value[0]);
    expect(Date.parse((byId.json as ErrorView).lastSeenAt)).toBeLessThan(Date.parse(third.startedAt));

    const csv = await s.api('GET', 'sync-errors?state=resolved', { headers: { accept: 'text/csv' } });
    const [header, row] = parseCsv(csv.text);
    expect(row?.[header?.indexOf('resolvedAt') ?? -1]).toBe(third.startedAt);
  });
});

test('CSV cells an attacker writes on-premises stay inert: a ;-separated formula is quoted, a formula behind spaces is guarded (OWASP CSV Injection)', async () => {
  const s = await session();
  // (A tab or CR cannot get this far: control characters are refused on the way in.)
  const hostile = ["Joe;=cmd|' /C calc'!A0", ' =1+2', "@SUM(1+9)*cmd|' /C calc'!A0"];
  const objects = hostile.map((displayName, i) => ({
    sourceAnchor: `csv-${i}`,
    objectType: 'Group',
    displayName,
    distinguishedName: `CN=G${i},OU=Groups,DC=contoso,DC=com`,
    sipProxyAddress: 'SIP:same@contoso.com',
  }));
  expect((await s.api('PUT', 'source-objects', { body: { objects } })).status).toBe(200);
  await s.cycle();
  const res = await s.api('GET', 'sync-errors', { headers: { accept: 'text/csv' } });
  expect(res.status).toBe(200);
  // Split the way a de-DE or fr-FR Excel does (on ; as well as ,) outside quotes: no cell may start
  // with a formula character, after whitespace or not.
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const c of res.text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';' || c === '\n')) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  expect(cells.filter((c) => /^\s*[=+\-@]/.test(c))).toEqual([]);
  expect(res.text).toContain(`"Joe;'=cmd|' /C calc'!A0"`);
  expect(res.text).toContain(`' =1+2`);
});

// Issue 12: every error carries its category of Connect Health's sync error report, and the list
// filters by it (SPEC "Error categories").
test('every error carries its category; the list and the CSV filter by it', async () => {
  const s = await session();
  await loadScenarios(s);
  const all = (await s.list()).value;
  expect(all.length).toBeGreaterThan(0);
  expect(all.every((e) => (e as unknown as { category: string }).category === 'DuplicateAttribute')).toBe(
    true,
  );
  expect((await s.list('?category=DuplicateAttribute')).value).toHaveLength(all.length);
  for (const empty of [
    'DataMismatch',
    'DataValidationFailure',
    'LargeAttribute',
    'FederatedDomainChange',
    'Other',
  ]) {
    expect((await s.list(`?category=${empty}`)).value).toEqual([]);
    expect((await s.list(`?category=${empty}&state=resolved`)).value).toEqual([]);
  }
  const csv = await s.api('GET', 'sync-errors?category=DuplicateAttribute', {
    headers: { accept: 'text/csv' },
  });
  expect(parseCsv(csv.text)).toHaveLength(all.length + 1);
  expect((await s.api('GET', 'sync-errors?category=Duplicates')).status).toBe(400);
});
