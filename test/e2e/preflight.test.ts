import { readLdif } from '../../shared/preflight/ldifRead';
import type { PreflightRow } from '../../shared/preflight/model';
import { preflightPageSchema, preflightRulePageSchema } from '../../shared/preflightReport/preflightSchemas';
import { call, newTenantId, startTestService, type CallResult, type TestService } from '../support/service';
import { runCycle } from '../support/syncCycles';

/**
 * Preflight through the real local host against Azurite: source and cloud objects loaded through the API,
 * then the rows, their filters and paging, the CSV, the rule counts, the LDIF files, and the predicted sync
 * errors compared with what a real cycle (POST /api/sync-cycles) then raises.
 */

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

const ORPHAN_ID = '6a1f0c52-3b0e-4d5c-9a7e-2f8b1c4d5e6f';

const CLOUD = [
  // Joe's old cloud object: its anchor is no source object's any more (the orphaned scenario).
  {
    objectId: ORPHAN_ID,
    objectType: 'User',
    sourceAnchor: 'old-joe-anchor',
    dirSyncEnabled: true,
    userPrincipalName: 'joe@contoso.com',
    displayName: 'Joe (old)',
    proxyAddresses: ['SMTP:joe@contoso.com'],
  },
];

const user = (sourceAnchor: string, name: string, fields: Record<string, unknown>) => ({
  sourceAnchor,
  objectType: 'User',
  displayName: name,
  distinguishedName: `CN=${name},OU=Users,DC=contoso,DC=com`,
  ...fields,
});

const SOURCES = [
  user('src-joe', 'Joe', { userPrincipalName: 'joe@contoso.com', proxyAddresses: ['SMTP:joe@contoso.com'] }),
  {
    ...user('src-jane', 'Jane', { userPrincipalName: 'jane@contoso.local' }),
    displayName: null,
    distinguishedName: 'CN=Doe\\, Jane,OU=Users,DC=contoso,DC=com',
  },
  user('src-jdoe', 'John Doe', { userPrincipalName: 'jdoe.@contoso.com' }),
  // A base64 anchor may start with `+`: the CSV must not hand it to a spreadsheet as a formula.
  user('+src/ab', 'A B', { userPrincipalName: 'a@b@contoso.com' }),
  user('src-eve', 'Eve', {
    userPrincipalName: 'eve@contoso.com',
    proxyAddresses: ['SMTP:eve@contoso.com', 'smtp:shared@contoso.com'],
  }),
  user('src-fay', 'Fay', {
    userPrincipalName: 'fay@contoso.com',
    proxyAddresses: ['SMTP:fay@contoso.com', 'smtp:Shared@contoso.com'],
  }),
  { ...user('src-nodn', 'No DN', { userPrincipalName: 'john..doe@contoso.com' }), distinguishedName: null },
  { ...user('src-out', 'Out', { userPrincipalName: 'out..of@scope.local' }), inScope: false },
];

interface Page {
  value: PreflightRow[];
  continuationToken: string | null;
}

async function tenantWithObjects() {
  const tenant = newTenantId();
  const admin = await service.token(tenant, 'GlobalAdministrator');
  const agent = await service.token(tenant, 'SyncAgent');
  const api = (
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ) => call(`${service.url}/api/${path}`, method, { token: admin, ...options });
  expect((await api('PUT', 'cloud-objects', { body: { objects: CLOUD } })).status).toBe(200);
  const put = await call(`${service.url}/api/source-objects`, 'PUT', {
    token: agent,
    body: { objects: SOURCES },
  });
  expect(put.status).toBe(200);
  const list = async (query = ''): Promise<Page> => {
    const res = await api('GET', `preflight${query}`);
    expect(res.status).toBe(200);
    return preflightPageSchema.parse(res.json);
  };
  return { tenant, admin, agent, api, list };
}

const rowOf = (rows: PreflightRow[], anchor: string, attribute: string) => {
  const row = rows.find((r) => r.sourceAnchor === anchor && r.attribute === attribute);
  if (!row) throw new Error(`no ${attribute} row for ${anchor}`);
  return row;
};

describe('GET /api/preflight', () => {
  it("lists IdFix's findings and the cloud conflicts, one row per value, with suggestions", async () => {
    const { list } = await tenantWithObjects();
    const { value: rows, continuationToken } = await list();
    expect(continuationToken).toBeNull();
    // Out-of-scope objects are not checked.
    expect(rows.some((r) => r.sourceAnchor === 'src-out')).toBe(false);
    expect(rowOf(rows, 'src-jane', 'userPrincipalName')).toMatchObject({
      rules: ['topLevelDomain'],
      suggestedValue: null,
    });
    expect(rowOf(rows, 'src-jane', 'displayName')).toMatchObject({
      value: '',
      rules: ['displayNameBlank'],
      suggestedValue: 'Doe, Jane',
      action: 'Edit',
    });
    expect(rowOf(rows, 'src-jdoe', 'userPrincipalName').suggestedValue).toBe('jdoe@contoso.com');
    expect(rowOf(rows, '+src/ab', 'userPrincipalName').suggestedValue).toBe('ab@contoso.com');
    expect(rowOf(rows, 'src-nodn', 'userPrincipalName').rules).toContain('format');
    // Joe collides with his own orphaned cloud object: a quarantine, naming it; the suggestion is free.
    // Its address is Joe's UPN too, hence the warning.
    expect(rowOf(rows, 'src-joe', 'userPrincipalName')).toMatchObject({
      rules: ['duplicateInCloud', 'upnMatchesProxyAddress'],
      suggestedValue: 'joe2@contoso.com',
      predictedSyncError: {
        errorType: 'QuarantinedAttributeValueMustBeUnique',
        category: 'DuplicateAttribute',
        otherObjectId: ORPHAN_ID,
        otherSourceAnchor: 'old-joe-anchor',
      },
    });
    // Eve and Fay share a secondary address: Eve (first) keeps it, Fay's is to remove.
    expect(rowOf(rows, 'src-eve', 'proxyAddresses')).toMatchObject({
      suggestedValue: null,
      predictedSyncError: null,
    });
    expect(rowOf(rows, 'src-fay', 'proxyAddresses')).toMatchObject({
      value: 'smtp:Shared@contoso.com',
      rules: ['duplicateInSource'],
      action: 'Remove',
    });
  });

  it('predicts the sync errors a real cycle then raises', async () => {
    const { list, api, admin } = await tenantWithObjects();
    const predicted = (await list()).value
      .filter((r) => r.predictedSyncError !== null)
      .map((r) => `${r.sourceAnchor} | ${r.predictedSyncError!.errorType} | ${r.value}`)
      .sort();
    await runCycle(service, admin);
    const errors = (await api('GET', 'sync-errors?top=999')).json as {
      value: { errorType: string; value: string; conflictingObject: { sourceAnchor: string } }[];
    };
    const raised = errors.value
      .map((e) => `${e.conflictingObject.sourceAnchor} | ${e.errorType} | ${e.value}`)
      .sort();
    expect(raised.length).toBeGreaterThanOrEqual(5);
    expect(predicted).toEqual(raised);
    // After the cycle, the prediction is the open errors the next cycle keeps.
    const again = (await list()).value.filter((r) => r.predictedSyncError !== null);
    expect(
      again.map((r) => `${r.sourceAnchor} | ${r.predictedSyncError!.errorType} | ${r.value}`).sort(),
    ).toEqual(raised);
  });

  it('filters by attribute, rule and search, and pages with sealed tokens', async () => {
    const { list, api } = await tenantWithObjects();
    const all = (await list()).value;
    expect((await list('?attribute=displayName')).value.map((r) => r.sourceAnchor)).toEqual(['src-jane']);
    const tld = (await list('?rule=topLevelDomain')).value;
    expect(tld.map((r) => `${r.sourceAnchor} ${r.attribute}`)).toEqual(['src-jane userPrincipalName']);
    const searched = (await list('?search=CONTOSO.LOCAL')).value;
    expect(searched.map((r) => r.sourceAnchor)).toEqual(['src-jane']);

    const paged: PreflightRow[] = [];
    let token: string | null = null;
    do {
      const query: string = token ? `?top=2&continuationToken=${encodeURIComponent(token)}` : '?top=2';
      const page = await list(query);
      expect(page.value.length).toBeLessThanOrEqual(2);
      paged.push(...page.value);
      token = page.continuationToken;
    } while (token);
    expect(paged.map((r) => r.id)).toEqual(all.map((r) => r.id));

    const first = await list('?top=1');
    const reused = await api(
      'GET',
      `preflight?top=1&rule=format&continuationToken=${encodeURIComponent(first.continuationToken!)}`,
    );
    expect(reused.status).toBe(400);
    expect((reused.json as { code: string }).code).toBe('InvalidContinuationToken');
    expect((await api('GET', 'preflight?top=1000')).status).toBe(400);
    expect((await api('GET', 'preflight?rule=noSuchRule')).status).toBe(400);
  });

  it('exports the filtered rows as CSV, guarded against formulas', async () => {
    const { list, api } = await tenantWithObjects();
    const rows = (await list('?attribute=userPrincipalName')).value;
    const res = await api('GET', 'preflight?attribute=userPrincipalName&top=1', {
      headers: { accept: 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="preflight.csv"');
    expect(res.headers.get('vary')).toBe('accept');
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,sourceAnchor,distinguishedName,objectType,attribute,value,rules,suggestedValue,action,' +
        'predictedSyncError.errorType,predictedSyncError.category,predictedSyncError.otherObjectId,' +
        'predictedSyncError.otherSourceAnchor',
    );
    // Paging does not apply to the export.
    expect(lines).toHaveLength(rows.length + 1);
    const ab = lines.find((l) => l.includes('a@b@contoso.com'))!;
    expect(ab.split(',')[1]).toBe("'+src/ab");
    const joe = lines.find((l) => l.startsWith(rowOf(rows, 'src-joe', 'userPrincipalName').id))!;
    expect(joe).toContain(
      `"duplicateInCloud;upnMatchesProxyAddress",joe2@contoso.com,Edit,QuarantinedAttributeValueMustBeUnique,DuplicateAttribute,${ORPHAN_ID},old-joe-anchor`,
    );
  });
});

describe('GET /api/preflight/rules', () => {
  it('is the catalog with, for this tenant, how many rows break each rule', async () => {
    const { list, api } = await tenantWithObjects();
    const rows = (await list()).value;
    const res = await api('GET', 'preflight/rules');
    expect(res.status).toBe(200);
    const rules = preflightRulePageSchema.parse(res.json);
    expect(rules.continuationToken).toBeNull();
    expect(rules.value.length).toBeGreaterThanOrEqual(20);
    for (const rule of rules.value) {
      expect(rule.count).toBe(rows.filter((r) => r.rules.includes(rule.id)).length);
    }
    expect(rules.value.find((r) => r.id === 'topLevelDomain')).toMatchObject({ count: 1, severity: 'error' });
    expect(rules.value.find((r) => r.id === 'upnInvalidCharacter')?.source).toMatch(/Constants\.cs:31/);
  });
});

describe('POST /api/preflight/ldif', () => {
  it('writes the fix for chosen ids, and its undo', async () => {
    const { list, api } = await tenantWithObjects();
    const rows = (await list()).value;
    const jdoe = rowOf(rows, 'src-jdoe', 'userPrincipalName');
    const fay = rowOf(rows, 'src-fay', 'proxyAddresses');
    const fix = await api('POST', 'preflight/ldif', { body: { ids: [fay.id, jdoe.id] } });
    expect(fix.status).toBe(200);
    expect(fix.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(fix.headers.get('content-disposition')).toBe('attachment; filename="preflight-fix.ldif"');
    expect(fix.text.startsWith('version: 1\n')).toBe(true);
    // In listing order (source order), whatever the order of the ids.
    expect(readLdif(fix.text)).toEqual([
      {
        dn: 'CN=John Doe,OU=Users,DC=contoso,DC=com',
        changes: [{ operation: 'replace', attribute: 'userPrincipalName', values: ['jdoe@contoso.com'] }],
      },
      {
        dn: 'CN=Fay,OU=Users,DC=contoso,DC=com',
        changes: [{ operation: 'delete', attribute: 'proxyAddresses', values: ['smtp:Shared@contoso.com'] }],
      },
    ]);
    const undo = await api('POST', 'preflight/ldif?undo=true', { body: { ids: [jdoe.id, fay.id] } });
    expect(undo.status).toBe(200);
    expect(undo.headers.get('content-disposition')).toBe('attachment; filename="preflight-undo.ldif"');
    expect(readLdif(undo.text)).toEqual([
      {
        dn: 'CN=Fay,OU=Users,DC=contoso,DC=com',
        changes: [{ operation: 'add', attribute: 'proxyAddresses', values: ['smtp:Shared@contoso.com'] }],
      },
      {
        dn: 'CN=John Doe,OU=Users,DC=contoso,DC=com',
        changes: [{ operation: 'replace', attribute: 'userPrincipalName', values: ['jdoe.@contoso.com'] }],
      },
    ]);
  });

  it('writes every row of the filters with all:true, and says which it leaves out', async () => {
    const { api } = await tenantWithObjects();
    const res = await api('POST', 'preflight/ldif', { body: { all: true, attribute: 'userPrincipalName' } });
    expect(res.status).toBe(200);
    const unfolded = res.text.replace(/\n /g, '');
    expect(unfolded).toContain(
      '# left out: userPrincipalName "john..doe@contoso.com" of src-nodn: the object has no distinguishedName',
    );
    expect(unfolded).toContain(
      '# left out: userPrincipalName "jane@contoso.local" of src-jane: no suggested value',
    );
    const dns = readLdif(res.text).map((r) => r.dn);
    expect(dns).toEqual([
      'CN=Joe,OU=Users,DC=contoso,DC=com',
      'CN=John Doe,OU=Users,DC=contoso,DC=com',
      'CN=A B,OU=Users,DC=contoso,DC=com',
    ]);
  });

  it('once the fix is applied on-premises (and read again), its rows are gone', async () => {
    const { list, api, agent } = await tenantWithObjects();
    const jdoe = rowOf((await list()).value, 'src-jdoe', 'userPrincipalName');
    const [record] = readLdif((await api('POST', 'preflight/ldif', { body: { ids: [jdoe.id] } })).text);
    // What ldapmodify would do to the object, then what the agent would send.
    const fixed = { ...SOURCES[2], userPrincipalName: record!.changes[0]!.values[0] };
    const put = await call(`${service.url}/api/source-objects`, 'PUT', {
      token: agent,
      body: { objects: [fixed] },
    });
    expect(put.status).toBe(200);
    expect((await list()).value.some((r) => r.sourceAnchor === 'src-jdoe')).toBe(false);
    // Its id is no current row any more.
    const stale = await api('POST', 'preflight/ldif', { body: { ids: [jdoe.id] } });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ code: 'PreflightRowsNotCurrent', ids: [jdoe.id] });
  });

  it('refuses bodies that are not a selection', async () => {
    const { api } = await tenantWithObjects();
    const bad = async (body: unknown) => {
      const res: CallResult = await api('POST', 'preflight/ldif', { body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    };
    await bad({});
    await bad({ ids: [] });
    await bad({ ids: ['not-an-id'] });
    await bad({ ids: Array.from({ length: 1001 }, (_, i) => i.toString(16).padStart(32, '0')) });
    await bad({ all: false });
    await bad({ all: true, ids: ['0'.repeat(32)] });
  });
});

describe('who gets in', () => {
  it('401 without a token, 403 with a SyncAgent token, on each Preflight route', async () => {
    const agent = await service.token(newTenantId(), 'SyncAgent');
    const routes: [string, string, unknown][] = [
      ['GET', 'preflight', undefined],
      ['GET', 'preflight/rules', undefined],
      ['POST', 'preflight/ldif', { all: true }],
    ];
    for (const [method, path, body] of routes) {
      const url = `${service.url}/api/${path}`;
      expect((await call(url, method, { body })).status).toBe(401);
      expect((await call(url, method, { token: agent, body })).status).toBe(403);
    }
  });

  it("another tenant sees nothing of this one's rows, and cannot name them", async () => {
    const { list } = await tenantWithObjects();
    const ids = (await list()).value.map((r) => r.id);
    const other = await service.token(newTenantId(), 'Contributor');
    const url = (path: string) => `${service.url}/api/${path}`;
    const page = await call(url('preflight'), 'GET', { token: other });
    expect(page.status).toBe(200);
    expect(page.json).toEqual({ value: [], continuationToken: null });
    const rules = preflightRulePageSchema.parse(
      (await call(url('preflight/rules'), 'GET', { token: other })).json,
    );
    expect(rules.value.every((r) => r.count === 0)).toBe(true);
    const ldif = await call(url('preflight/ldif'), 'POST', { token: other, body: { ids: ids.slice(0, 3) } });
    expect(ldif.status).toBe(409);
  });
});
