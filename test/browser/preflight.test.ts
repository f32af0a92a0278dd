import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { startTogether } from '../support/startTogether';
import {
  accessibilityProblems,
  launchBrowser,
  layoutProblems,
  screenshot,
  watchPage,
  type Browser,
} from './browser';

/**
 * The portal's Preflight view (SPEC "Preflight: IdFix's job, aware of the cloud") and the dry run of
 * the next cycle, in Debian's headless chromium against the real service: a tenant seeded through
 * the API with source objects that break rules, then what the portal shows and downloads, compared
 * with what the API answers for the same question.
 */
let service: TestService;
let browser: Browser;

beforeAll(async () => {
  [service, browser] = await startTogether(startTestService, launchBrowser);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

interface Rule {
  id: string;
  description: string;
  count: number;
}
interface Row {
  id: string;
  sourceAnchor: string;
  distinguishedName: string | null;
  attribute: string;
  value: string | null;
  rules: string[];
  suggestedValue: string | null;
  predictedSyncError: {
    errorType: string;
    otherObjectId: string | null;
    otherSourceAnchor: string | null;
  } | null;
}
interface ErrorView {
  id: string;
  errorType: string;
  attribute: string;
  value: string;
}
interface DryRun {
  dryRun: true;
  summary: { errorsCreated: number; errorsResolved: number };
  errorsCreated: ErrorView[];
  errorsResolved: ErrorView[];
}

const DOMAIN = 'contoso.com';
/** A cloud-only user (no source anchor) who already holds the address `sales@`. */
const CLOUD_SALES = {
  objectId: '7d3f1c2a-9b8e-4f60-a1b2-c3d4e5f60718',
  objectType: 'User',
  userPrincipalName: `sales.desk@${DOMAIN}`,
  displayName: 'Sales Desk (cloud)',
  proxyAddresses: [`SMTP:sales@${DOMAIN}`],
};
/**
 * On-premises objects that break rules: a UPN on a top-level domain that does not route, a UPN with a
 * space, and two users sharing a proxy address that the cloud user above also holds.
 */
const SOURCE = {
  jane: {
    sourceAnchor: 'SmFuZURvZUFuY2hvcjAwMQ==',
    objectType: 'User',
    userPrincipalName: 'jdoe@contoso.local',
    displayName: 'Jane Doe',
    distinguishedName: 'CN=Jane Doe,OU=Users,DC=contoso,DC=com',
    proxyAddresses: [`SMTP:jane.doe@${DOMAIN}`],
  },
  john: {
    sourceAnchor: 'Sm9oblNtaXRoQW5jaG9yMg==',
    objectType: 'User',
    userPrincipalName: `john smith@${DOMAIN}`,
    displayName: 'John Smith',
    distinguishedName: 'CN=John Smith,OU=Users,DC=contoso,DC=com',
    proxyAddresses: [`SMTP:john.smith@${DOMAIN}`],
  },
  salesA: {
    sourceAnchor: 'U2FsZXNBQW5jaG9yMDAwMw==',
    objectType: 'User',
    userPrincipalName: `sales.a@${DOMAIN}`,
    displayName: 'Sales A',
    distinguishedName: 'CN=Sales A,OU=Sales,DC=contoso,DC=com',
    proxyAddresses: [`SMTP:sales.a@${DOMAIN}`, `smtp:sales@${DOMAIN}`],
  },
  salesB: {
    sourceAnchor: 'U2FsZXNCQW5jaG9yMDAwNA==',
    objectType: 'User',
    userPrincipalName: `sales.b@${DOMAIN}`,
    displayName: 'Sales B',
    distinguishedName: 'CN=Sales B,OU=Sales,DC=contoso,DC=com',
    proxyAddresses: [`SMTP:sales.b@${DOMAIN}`, `smtp:sales@${DOMAIN}`],
  },
} as const;

type Api = (
  method: string,
  route: string,
  options?: { body?: unknown; accept?: string },
) => ReturnType<typeof call>;

/** A tenant seeded through the real API, and an admin's calls to it. */
async function seededTenant(): Promise<{ tenantId: string; api: Api }> {
  const tenantId = newTenantId();
  const token = await service.token(tenantId, 'GlobalAdministrator');
  const api: Api = (method, route, { body, accept } = {}) =>
    call(`${service.url}/api/${route}`, method, {
      token,
      ...(body === undefined ? {} : { body }),
      ...(accept ? { headers: { accept } } : {}),
    });
  const expectOk = async (result: ReturnType<typeof call>) => {
    const { status, text } = await result;
    if (status !== 200) throw new Error(`seeding failed with ${status}: ${text}`);
  };
  await expectOk(api('PATCH', 'settings', { body: { initialDomain: 'contoso.onmicrosoft.com' } }));
  await expectOk(api('PUT', 'cloud-objects', { body: { objects: [CLOUD_SALES] } }));
  await expectOk(api('PUT', 'source-objects', { body: { objects: Object.values(SOURCE) } }));
  return { tenantId, api };
}

async function signIn(page: Page, tenantId: string): Promise<void> {
  await page.goto(`${service.url}/`);
  await page.getByRole('heading', { name: 'Sign in (development)' }).waitFor();
  await page.getByLabel('Tenant ID').fill(tenantId);
  await page.getByLabel('Role').selectOption('GlobalAdministrator');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Sync errors', level: 1 }).waitFor();
}

/**
 * Polls a JavaScript expression in the page until it is true (a string: this project type-checks
 * without the DOM library, and the portal's CSP forbids the eval page.waitForFunction needs).
 */
async function waitUntil(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const tableRows = (page: Page) => page.locator('[data-testid="preflight-table"] tbody tr');

/** Waits until the rows have loaded and exactly `n` show (the empty state for 0). */
function waitForRows(page: Page, n: number): Promise<void> {
  return waitUntil(
    page,
    `document.querySelector('.results__table')?.getAttribute('aria-busy') === 'false' &&
     document.querySelectorAll('[data-testid="preflight-table"] tbody tr').length === ${n}`,
  );
}

async function openPreflight(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Preflight', exact: true }).click();
  await page.getByRole('heading', { name: 'Preflight', level: 1 }).waitFor();
  await page.getByTestId('rule-catalog').waitFor();
  await waitUntil(page, `document.querySelector('.results__table')?.getAttribute('aria-busy') === 'false'`);
}

/** Runs `click` and reads the file it makes the page download. */
async function downloadOf(
  page: Page,
  click: () => Promise<unknown>,
): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

/**
 * An LDIF file with its folded lines joined (RFC 2849: a line that starts with a space continues the
 * one before) and the time it was made left out: two files made a moment apart are otherwise equal.
 */
const unfolded = (ldif: string) =>
  ldif.replace(/\r?\n /g, '').replace(/made \d{4}-\d\d-\d\dT[\d:.]+Z/g, 'made <time>');

async function allRows(api: Api, query = ''): Promise<Row[]> {
  const rows: Row[] = [];
  let token: string | null = null;
  do {
    const params = new URLSearchParams(query);
    params.set('top', '999');
    if (token) params.set('continuationToken', token);
    const page = (await api('GET', `preflight?${params.toString()}`)).json as {
      value: Row[];
      continuationToken: string | null;
    };
    rows.push(...page.value);
    token = page.continuationToken;
  } while (token);
  return rows;
}

test('preflight: the rules with their counts, a rule filters the rows, the predicted sync error, CSV and LDIF downloads', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const { tenantId, api } = await seededTenant();
  const rules = ((await api('GET', 'preflight/rules')).json as { value: Rule[] }).value;
  const rows = await allRows(api);
  const rowWith = (value: string) => {
    const row = rows.find((r) => r.value === value);
    if (!row) throw new Error(`the service has no preflight row for ${value}: ${JSON.stringify(rows)}`);
    return row;
  };
  const jane = rowWith(SOURCE.jane.userPrincipalName);
  const john = rowWith(SOURCE.john.userPrincipalName);
  // The shared address: a row of each sales user, at least one predicting a clash with the cloud user.
  const sales = rows.filter((r) => r.value?.toLowerCase() === `smtp:sales@${DOMAIN}`);
  expect(sales.map((r) => r.sourceAnchor).sort()).toEqual(
    [SOURCE.salesA.sourceAnchor, SOURCE.salesB.sourceAnchor].sort(),
  );
  const clash = sales.find((r) => r.predictedSyncError?.otherObjectId === CLOUD_SALES.objectId);
  expect(clash).toBeDefined();

  await signIn(page, tenantId);
  await openPreflight(page);
  await waitForRows(page, Math.min(rows.length, 100));
  await screenshot(page, 'preflight-1280');
  expect(await accessibilityProblems(page)).toEqual([]);

  // Every rule a row breaks is a tile with the service's description and count; the others are listed.
  const broken = rules.filter((r) => r.count > 0);
  expect(broken.length).toBeGreaterThan(0);
  for (const rule of broken) {
    const tile = page.locator(`[data-testid="rule-catalog"] [data-rule="${rule.id}"]`);
    expect(await tile.locator('.tile__label').textContent()).toBe(rule.description);
    expect(await tile.locator('.tile__count').textContent()).toBe(String(rule.count));
  }
  expect(await page.locator('[data-testid="rule-catalog"] [data-rule]').count()).toBe(broken.length);
  expect(await page.locator('[data-clean-rule]').count()).toBe(rules.length - broken.length);

  // A rule filters the rows to those the service gives for it (and the URL keeps it).
  const janeRule = jane.rules.find((id) => !john.rules.includes(id));
  if (!janeRule) throw new Error(`no rule breaks Jane's UPN and not John's: ${JSON.stringify([jane, john])}`);
  const ruleRows = await allRows(api, `rule=${encodeURIComponent(janeRule)}`);
  expect(ruleRows.length).toBeLessThan(rows.length);
  await page.locator(`[data-testid="rule-catalog"] [data-rule="${janeRule}"]`).click();
  expect(
    await page.locator(`[data-testid="rule-catalog"] [data-rule="${janeRule}"]`).getAttribute('aria-pressed'),
  ).toBe('true');
  await waitForRows(page, ruleRows.length);
  expect(page.url()).toContain(`rule=${encodeURIComponent(janeRule)}`);
  expect(await page.getByLabel('Rule', { exact: true }).inputValue()).toBe(janeRule);
  const shownIds = await page.evaluate<string[]>(
    `[...document.querySelectorAll('[data-testid="preflight-table"] tbody tr')].map((tr) => tr.dataset.rowId)`,
  );
  expect(shownIds).toEqual(ruleRows.map((r) => r.id));
  expect(shownIds).toContain(jane.id);
  expect(shownIds).not.toContain(john.id);
  const janeRow = page.locator(`[data-testid="preflight-table"] tr[data-row-id="${jane.id}"]`);
  expect(await janeRow.locator('td[data-label="Object"]').textContent()).toContain(
    SOURCE.jane.distinguishedName,
  );
  expect(await janeRow.locator('td[data-label="Value"]').textContent()).toBe(SOURCE.jane.userPrincipalName);

  // "All rows" LDIF with the filter on: the same file the API gives for those filters.
  const allFix = await downloadOf(page, () =>
    page.getByRole('button', { name: 'Fix LDIF, all rows' }).click(),
  );
  expect(allFix.name).toBe('preflight-fix.ldif');
  const apiAllFix = await api('POST', 'preflight/ldif', { body: { all: true, rule: janeRule } });
  expect(unfolded(allFix.text)).toBe(unfolded(apiAllFix.text));
  // Jane's UPN has no suggestion (a domain that does not route needs the admin's choice): the file
  // names it as left out and changes nothing, not even John's UPN, which the filter excludes.
  expect(unfolded(allFix.text)).toContain(`# left out: userPrincipalName "${SOURCE.jane.userPrincipalName}"`);
  expect(allFix.text).not.toContain('dn: ');
  expect(allFix.text).not.toContain(SOURCE.john.distinguishedName);

  // Clear the filter: every row again. Search narrows too.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await waitForRows(page, Math.min(rows.length, 100));
  await page.getByLabel('Search').fill('john smith');
  await page.getByLabel('Search').press('Enter');
  await waitForRows(page, (await allRows(api, 'search=john+smith')).length);
  expect(await tableRows(page).first().getAttribute('data-row-id')).toBe(john.id);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await waitForRows(page, Math.min(rows.length, 100));

  // The predicted sync error of the shared address, with a link to the cloud object it collides with.
  const clashRow = page.locator(`[data-testid="preflight-table"] tr[data-row-id="${clash!.id}"]`);
  const predicted = clashRow.getByTestId('predicted-sync-error');
  expect(await predicted.textContent()).toContain(clash!.predictedSyncError!.errorType);

  // CSV of what the view shows: the file the API answers for text/csv.
  const csv = await downloadOf(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
  expect(csv.name).toMatch(/\.csv$/);
  expect(csv.text).toBe((await api('GET', 'preflight', { accept: 'text/csv' })).text);
  expect(csv.text).toContain(SOURCE.jane.userPrincipalName);
  expect(csv.text).toContain(SOURCE.jane.distinguishedName);

  // Select two rows: the fix and the undo LDIF of exactly those (John's UPN, one of the shared addresses).
  const salesA = sales.find((r) => r.sourceAnchor === SOURCE.salesA.sourceAnchor)!;
  const fixSelected = page.getByRole('button', { name: 'Fix LDIF, selected' });
  expect(await fixSelected.isDisabled()).toBe(true);
  await page.getByLabel(`Select userPrincipalName ${SOURCE.john.userPrincipalName} of`).check();
  await page.locator(`tr[data-row-id="${salesA.id}"] input[type="checkbox"]`).check();
  expect(await page.getByTestId('selected-count').textContent()).toBe('2 selected');
  const fix = await downloadOf(page, () => fixSelected.click());
  expect(fix.name).toBe('preflight-fix.ldif');
  const ids = [john.id, salesA.id];
  expect(unfolded(fix.text)).toBe(unfolded((await api('POST', 'preflight/ldif', { body: { ids } })).text));
  expect(john.suggestedValue).not.toBeNull();
  expect(fix.text).toContain(
    `dn: ${SOURCE.john.distinguishedName}\nchangetype: modify\nreplace: userPrincipalName\nuserPrincipalName: ${john.suggestedValue!}\n`,
  );
  expect(fix.text).toContain(
    `dn: ${SOURCE.salesA.distinguishedName}\nchangetype: modify\ndelete: proxyAddresses\nproxyAddresses: ${salesA.value!}\n`,
  );
  expect(fix.text).not.toContain(SOURCE.salesB.distinguishedName);
  expect(fix.text).not.toContain(SOURCE.jane.distinguishedName);
  const undo = await downloadOf(page, () =>
    page.getByRole('button', { name: 'Undo LDIF, selected' }).click(),
  );
  expect(undo.name).toBe('preflight-undo.ldif');
  expect(unfolded(undo.text)).toBe(
    unfolded((await api('POST', 'preflight/ldif?undo=true', { body: { ids } })).text),
  );
  expect(undo.text).toContain(`userPrincipalName: ${SOURCE.john.userPrincipalName}\n`);
  expect(undo.text).toContain(`add: proxyAddresses\nproxyAddresses: ${salesA.value!}\n`);

  // The link to the other object opens that cloud object.
  await predicted.getByRole('link', { name: /cloud object/ }).click();
  await page.getByRole('heading', { name: /Cloud object/, level: 1 }).waitFor();
  await page.getByText(CLOUD_SALES.userPrincipalName).waitFor();
  expect(await page.locator('main').textContent()).toContain(CLOUD_SALES.objectId);
  expect(await accessibilityProblems(page)).toEqual([]);

  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

test('the dry run shows what the next cycle would create, writes nothing, and the cycle then creates exactly that', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const { tenantId, api } = await seededTenant();
  await signIn(page, tenantId);
  await page.getByRole('link', { name: 'Sync cycles' }).click();
  await page.getByText('No sync cycle has run in this tenant yet.').waitFor();

  await page.getByRole('button', { name: 'Dry run', exact: true }).click();
  const panel = page.getByTestId('dry-run');
  await panel.waitFor();
  // Focus moves to the result's heading, which says it is a dry run; the notice says nothing was written.
  expect(await page.evaluate<string | undefined>(`document.activeElement?.textContent`)).toBe(
    'Dry run of the next sync cycle',
  );
  expect(await panel.textContent()).toContain('Nothing was written');
  const created = panel.getByTestId('dry-run-created');
  // [id, value] of each error listed.
  const createdValues = await page.evaluate<[string, string][]>(
    `[...document.querySelectorAll('[data-testid="dry-run-created"] tbody tr')].map((tr) => [tr.dataset.errorId, tr.querySelector('td').textContent])`,
  );
  // Duplicates of the shared address, and the invalid UPNs, are errors the next cycle would raise.
  expect(createdValues.length).toBeGreaterThan(0);
  expect(createdValues.some(([, value]) => value?.toLowerCase().includes(`sales@${DOMAIN}`))).toBe(true);
  expect(await created.locator('h3').textContent()).toBe(`Errors it would create (${createdValues.length})`);
  expect(await panel.getByTestId('dry-run-resolved').textContent()).toContain('None.');
  const figure = (label: string) =>
    panel
      .locator('.summary__item')
      .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
      .locator('dd')
      .textContent();
  expect(await figure('Errors it would create')).toBe(String(createdValues.length));
  await screenshot(page, 'dry-run-1280');
  expect(await accessibilityProblems(page)).toEqual([]);

  // Nothing was written: no cycle in the history (the view reloaded from the service), no error.
  await page.reload();
  await page.getByText('No sync cycle has run in this tenant yet.').waitFor();
  expect(((await api('GET', 'sync-cycles')).json as { value: unknown[] }).value).toEqual([]);
  expect(((await api('GET', 'sync-errors')).json as { value: unknown[] }).value).toEqual([]);

  // The real cycle creates exactly the errors the dry run showed.
  await page.locator('main [data-action="run-cycle"]').click();
  await page.getByRole('heading', { name: 'Sync cycle finished' }).waitFor();
  const summaryCreated = await page
    .getByTestId('cycle-summary')
    .locator('.summary__item')
    .filter({ has: page.locator('dt', { hasText: /^Errors created$/ }) })
    .locator('dd')
    .textContent();
  expect(summaryCreated).toBe(String(createdValues.length));
  const listed = ((await api('GET', 'sync-errors?top=999')).json as { value: ErrorView[] }).value;
  expect(listed.map((e) => [e.id, e.value]).sort()).toEqual([...createdValues].sort());
  // The dry run's panel went with the reload the cycle caused: it described a tenant that has changed.
  expect(await page.getByTestId('dry-run').count()).toBe(0);

  // A second dry run now: nothing left to create, and it says so.
  await page.getByRole('button', { name: 'Dry run', exact: true }).click();
  await page.getByTestId('dry-run').waitFor();
  expect(await page.getByTestId('dry-run-created').textContent()).toContain('None.');
  const dry = (await api('POST', 'sync-cycles?dryRun=true')).json as DryRun;
  expect(dry.errorsCreated).toEqual([]);

  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

test('"More" loads the next page of rows, moves focus to the first new one, and "select all" takes every row shown', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const { tenantId, api } = await seededTenant();
  // 101 more rows than the view's page of 100: users whose UPN ends in a domain that does not route.
  const many = Array.from({ length: 101 }, (_, i) => ({
    sourceAnchor: Buffer.from(`paging-user-${String(i).padStart(4, '0')}`).toString('base64'),
    objectType: 'User',
    userPrincipalName: `user${i}@contoso.lan`,
    displayName: `Paging User ${i}`,
    distinguishedName: `CN=Paging User ${i},OU=Paging,DC=contoso,DC=com`,
    proxyAddresses: [],
  }));
  expect((await api('PUT', 'source-objects', { body: { objects: many } })).status).toBe(200);
  const total = (await allRows(api)).length;
  expect(total).toBeGreaterThan(100);

  await signIn(page, tenantId);
  await openPreflight(page);
  await waitForRows(page, 100);
  expect(await page.locator('.results__status').textContent()).toBe('Showing 100 rows, more to load.');
  await page.getByRole('button', { name: 'More', exact: true }).click();
  await waitForRows(page, total);
  expect(await page.locator('.results__status').textContent()).toBe(`Showing ${total} rows.`);
  expect(await page.getByRole('button', { name: 'More', exact: true }).isVisible()).toBe(false);
  expect(
    await page.evaluate<string | undefined>(
      `document.activeElement?.closest('tr')?.dataset.rowId === document.querySelectorAll('[data-testid="preflight-table"] tbody tr')[100].dataset.rowId ? 'row 101' : document.activeElement?.outerHTML`,
    ),
  ).toBe('row 101');

  await page.getByLabel('Select all shown').check();
  expect(await page.getByTestId('selected-count').textContent()).toBe(`${total} selected`);
  expect(await page.locator('[data-testid="preflight-table"] tbody input:checked').count()).toBe(total);
  await page.getByRole('button', { name: 'Clear selection' }).click();
  expect(await page.getByTestId('selected-count').textContent()).toBe('0 selected');
  expect(await page.getByRole('button', { name: 'Fix LDIF, selected' }).isDisabled()).toBe(true);

  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

/**
 * The layout checks of browser.ts (no sideways scroll, no text cut off, no spilling content, no
 * overlapping boxes) on the Preflight view with its rows, a rule chosen, a dry run's result and an
 * object's page.
 */
test.each([
  [1280, 800],
  [390, 844],
])(
  'at %i px the preflight view, the dry run and an object neither scroll sideways nor cut or overlap anything',
  async (width, height) => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    const problems = watchPage(page);
    const found: Record<string, string[]> = {};
    const check = async (view: string) => {
      await screenshot(page, `preflight-layout-${view.replace(/\W+/g, '-')}-${width}`);
      const layout = await layoutProblems(page);
      if (layout.length) found[view] = layout;
    };
    const { tenantId, api } = await seededTenant();
    const rows = await allRows(api);
    await signIn(page, tenantId);
    if (width < 721) {
      // On a phone the navigation wraps under the brand; it is still links.
      expect(await page.getByRole('link', { name: 'Preflight', exact: true }).isVisible()).toBe(true);
    }
    await openPreflight(page);
    await waitForRows(page, Math.min(rows.length, 100));
    await check('preflight');
    if (width === 1280) {
      // The values and suggestions have the room the other columns leave: none of these is broken.
      const lines = await page.evaluate<{ text: string; lines: number }[]>(
        `[...document.querySelectorAll('.preflight-table .cell--value .value, .preflight-table .cell--suggested .value')].map((el) => {
          const tops = new Set();
          const range = document.createRange();
          range.selectNodeContents(el);
          for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
          return { text: el.textContent, lines: tops.size };
        })`,
      );
      expect(lines.length).toBeGreaterThan(rows.length);
      expect(lines.filter((l) => l.lines !== 1)).toEqual([]);
    }
    const rule = rows[0]!.rules[0]!;
    await page.locator(`[data-testid="rule-catalog"] [data-rule="${rule}"]`).click();
    await waitForRows(page, (await allRows(api, `rule=${encodeURIComponent(rule)}`)).length);
    await page.locator('[data-testid="preflight-table"] tbody input[type="checkbox"]').first().check();
    await check('preflight filtered, a row selected');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    await page.getByTestId('dry-run').waitFor();
    await check('preflight with a dry run');
    const clash = rows.find((r) => r.predictedSyncError?.otherObjectId);
    expect(clash).toBeDefined();
    await page.goto(`${service.url}/#/objects/cloud/${clash!.predictedSyncError!.otherObjectId!}`);
    await page.getByText(CLOUD_SALES.userPrincipalName).waitFor();
    await check('cloud object');
    await page.goto(`${service.url}/#/objects/source/${encodeURIComponent(SOURCE.jane.sourceAnchor)}`);
    await page.getByText(SOURCE.jane.distinguishedName).waitFor();
    await check('source object');
    expect(found).toEqual({});
    expect(problems).toEqual([]);
    await page.close();
  },
  60_000,
);
