import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO_COMMON, DEMO_INITIAL_DOMAIN, DEMO_ORPHANED } from '../../scripts/lib/demoScenarios';
import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { startTogether } from '../support/startTogether';
import { accessibilityProblems, launchBrowser, screenshot, watchPage, type Browser } from './browser';

/**
 * The reference portal (portal/, served by the local host at /) in Debian's headless chromium:
 * dev sign-in, the demo, the orphaned scenario from the list to Pending Sync and gone after a cycle,
 * a refused fix, undo, CSV export, roles, and the layout at 1280×800 and 390×844.
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

const ORPHAN_UPN = DEMO_ORPHANED.recreatedSource.userPrincipalName;

async function signIn(page: Page, tenantId: string, role: string): Promise<void> {
  await page.goto(`${service.url}/`);
  await page.getByRole('heading', { name: 'Sign in (development)' }).waitFor();
  await page.getByLabel('Tenant ID').fill(tenantId);
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Sync errors', level: 1 }).waitFor();
}

const rows = (page: Page) => page.locator('[data-testid="error-table"] tbody tr');
const rowOf = (page: Page, value: string) =>
  rows(page).filter({ has: page.getByRole('link', { name: value, exact: true }) });
const tileCount = (page: Page, value: string) =>
  page.locator(`[data-tile="${value}"] .tile__count`).textContent();

/**
 * Polls a JavaScript expression in the page until it is true. Browser-side code is a string (this
 * project type-checks without the DOM library), evaluated over the DevTools protocol: the portal's
 * CSP forbids eval, so page.waitForFunction with a string cannot run there.
 */
async function waitUntil(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the list has loaded and shows exactly `n` rows (the empty state for 0). */
function waitForRows(page: Page, n: number): Promise<void> {
  return waitUntil(
    page,
    `document.querySelector('.results__table')?.getAttribute('aria-busy') === 'false' &&
     document.querySelectorAll('[data-testid="error-table"] tbody tr').length === ${n}`,
  );
}

async function runCycleFromHeaderOrView(page: Page): Promise<string> {
  await page.locator('[data-action="run-cycle"]').first().click();
  const summary = page.getByTestId('cycle-summary');
  await page.getByRole('heading', { name: 'Sync cycle finished' }).waitFor();
  return (await summary.textContent()) ?? '';
}

async function summaryFigure(page: Page, label: string): Promise<string> {
  const item = page
    .getByTestId('cycle-summary')
    .locator('.summary__item')
    .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });
  return (await item.locator('dd').textContent()) ?? '';
}

test('the orphaned scenario: list → detail → wizard (No, Yes) → refused fix → Apply Fix → Pending Sync → cycle → gone', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const tenantId = newTenantId();
  const token = await service.token(tenantId, 'GlobalAdministrator');
  const api = (method: string, route: string, body?: unknown) =>
    call(`${service.url}/api/${route}`, method, { token, ...(body === undefined ? {} : { body }) });

  await page.goto(`${service.url}/`);
  await page.getByRole('heading', { name: 'Sign in (development)' }).waitFor();
  await screenshot(page, 'portal-signin-1280');
  expect(await accessibilityProblems(page)).toEqual([]);
  await signIn(page, tenantId, 'GlobalAdministrator');
  await page.getByText('No open sync errors.').waitFor();
  expect(await page.locator('.account__tenant').textContent()).toContain(tenantId);

  // The portal's copy of the demo is the demo script's (they must not drift apart).
  // A string, not a function: the test's compiler would rewrite import() into require().
  const portalDemo: unknown = await page.evaluate(
    `import('/demo.js').then((d) => JSON.parse(JSON.stringify({ c: d.DEMO_COMMON, o: d.DEMO_ORPHANED, d: d.DEMO_INITIAL_DOMAIN })))`,
  );
  expect(portalDemo).toEqual(
    JSON.parse(JSON.stringify({ c: DEMO_COMMON, o: DEMO_ORPHANED, d: DEMO_INITIAL_DOMAIN })),
  );

  // Load the demo: both scenarios, one cycle, three errors.
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.getByRole('heading', { name: 'Sync cycle finished' }).waitFor();
  expect(await summaryFigure(page, 'Errors created')).toBe('3');
  await waitForRows(page, 3);
  await waitUntil(page, `!document.querySelector('.tiles__total .busy')`);
  expect(await tileCount(page, 'UserPrincipalName')).toBe('2');
  expect(await tileCount(page, 'ProxyAddresses')).toBe('1');
  expect(await tileCount(page, 'SipProxyAddress')).toBe('0');
  expect(await tileCount(page, 'QuarantinedAttributeValueMustBeUnique')).toBe('3');
  expect(await page.locator('.tiles__total').textContent()).toBe('3 open errors in this tenant.');
  expect(await rows(page).locator('.badge').allTextContents()).toEqual([
    'Not Started',
    'Not Started',
    'Not Started',
  ]);
  await screenshot(page, 'portal-list-1280');
  expect(await accessibilityProblems(page)).toEqual([]);

  // CSV export of what the list shows.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('sync-errors.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv).toContain(ORPHAN_UPN);
  expect(csv.trim().split(/\r?\n/)).toHaveLength(4);

  // Tiles and search filter the list (and the URL keeps the filters).
  await page.locator('[data-tile="UserPrincipalName"]').click();
  expect(await page.locator('[data-tile="UserPrincipalName"]').getAttribute('aria-pressed')).toBe('true');
  await waitForRows(page, 2);
  expect(page.url()).toContain('attribute=UserPrincipalName');
  await page.getByLabel('Search').fill('fabrikam');
  await page.getByLabel('Search').press('Enter');
  await waitForRows(page, 1);
  await page.getByLabel('Diagnose status').selectOption('PendingSync');
  await page.getByText('No sync errors match these filters.').waitFor();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await waitForRows(page, 3);

  // The error's detail: both objects side by side, the differing values highlighted.
  await rowOf(page, ORPHAN_UPN).getByRole('link').click();
  await page.getByRole('heading', { name: ORPHAN_UPN, level: 1 }).waitFor();
  const comparison = page.getByTestId('object-comparison');
  await comparison.waitFor();
  const differs = async (field: string) =>
    comparison.locator(`tr[data-field="${field}"]`).getAttribute('data-differs');
  expect(await differs('displayName')).toBe('false');
  expect(await differs('userPrincipalName')).toBe('false');
  expect(await differs('objectId')).toBe('true');
  expect(await differs('sourceAnchor')).toBe('true');
  expect(await comparison.locator('tr.compare__diff').count()).toBeGreaterThanOrEqual(2);
  expect(await comparison.textContent()).toContain(DEMO_ORPHANED.existingCloud.objectId);
  await page.getByText('Nothing was done on this error yet.').waitFor();
  await screenshot(page, 'portal-detail-1280');
  expect(await accessibilityProblems(page)).toEqual([]);

  // The wizard: Q1 with its suggestion and evidence, answered No.
  await page.getByRole('link', { name: 'Diagnose' }).click();
  await page
    .getByRole('heading', { name: 'Does the user exist in your on-premises Active Directory?' })
    .waitFor();
  expect(await page.getByTestId('suggested-answer').textContent()).toBe('No');
  expect(await page.locator('.evidence').textContent()).toContain('CN={');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Choose Yes or No.').waitFor();
  await page.getByRole('radio', { name: /^No/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();

  // Q2: the two accounts compared, answered Yes.
  await page.getByRole('heading', { name: 'Do both of these accounts belong to the same user?' }).waitFor();
  expect(await page.getByTestId('suggested-answer').textContent()).toBe('Yes');
  const evidence = page.getByTestId('same-user-evidence');
  expect(await evidence.locator('tr.compare__diff').count()).toBe(1); // only the object ids differ
  expect(await page.locator('.stepper [aria-current="step"]').textContent()).toContain('Same user?');
  await screenshot(page, 'portal-wizard-1280');
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.getByRole('radio', { name: /^Yes/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Fix available: orphaned object' }).waitFor();
  expect(await page.locator('.wizard__panel').textContent()).toContain(
    DEMO_ORPHANED.recreatedSource.sourceAnchor,
  );

  // A refused fix shows the seed's message: user writeback on.
  expect((await api('PATCH', 'settings', { userWritebackEnabled: true })).status).toBe(200);
  await page.getByRole('button', { name: 'Apply Fix' }).click();
  const refused = page.getByTestId('fix-refused');
  await refused.waitFor();
  expect(await refused.textContent()).toContain('The fix process failed to update the values.');
  expect(await refused.textContent()).toContain('UserWritebackEnabled');
  await screenshot(page, 'portal-wizard-refused-1280');
  expect(await accessibilityProblems(page)).toEqual([]);
  expect((await api('PATCH', 'settings', { userWritebackEnabled: false })).status).toBe(200);

  // Apply Fix → Pending Sync; Undo; Apply Fix again.
  await page.getByRole('button', { name: 'Apply Fix' }).click();
  await page.getByRole('heading', { name: 'Fix applied' }).waitFor();
  expect(await page.locator('.wizard__status .badge').textContent()).toBe('Pending Sync');
  expect(await page.locator('.wizard__panel').textContent()).toContain('1 other error of the same object');
  await page.getByRole('button', { name: 'Undo fix' }).click();
  await page.getByRole('heading', { name: 'Fix available: orphaned object' }).waitFor();
  await page.getByRole('button', { name: 'Apply Fix' }).click();
  await page.getByRole('heading', { name: 'Fix applied' }).waitFor();
  await screenshot(page, 'portal-wizard-applied-1280');

  // The list shows both of the object's errors Pending Sync.
  await page.getByRole('link', { name: 'Sync errors' }).first().click();
  await waitForRows(page, 3);
  const statuses = async (value: string) =>
    (await rows(page).filter({ hasText: value }).locator('.badge').allTextContents()).sort();
  expect(await statuses('fabrikam')).toEqual(['Pending Sync', 'Pending Sync']);
  expect(await statuses('contoso')).toEqual(['Not Started']);

  // Run a cycle: the orphaned errors are resolved and leave the list.
  await runCycleFromHeaderOrView(page);
  expect(await summaryFigure(page, 'Errors resolved')).toBe('2');
  await waitForRows(page, 1);
  expect(await rowOf(page, ORPHAN_UPN).count()).toBe(0);
  expect(await rows(page).first().textContent()).toContain('Joe.J@contoso.com');

  // History keeps them, and the audit trail has the answers, the fix, the undo and the fix again.
  await page.getByLabel('Show').selectOption('resolved');
  await waitForRows(page, 2);
  expect(await rows(page).locator('.badge').allTextContents()).toEqual(['Resolved', 'Resolved']);
  await page.getByRole('link', { name: 'Audit trail' }).click();
  await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
  await page.getByTestId('audit-table').waitFor();
  const auditRows = await page.locator('[data-testid="audit-table"] tbody tr').all();
  const actions = await Promise.all(auditRows.map((tr) => tr.getAttribute('data-action')));
  expect(actions).toEqual(['applyFix', 'undo', 'applyFix', 'answer', 'answer']);
  expect(await page.getByRole('cell', { name: 'Undone' }).count()).toBe(1);
  await screenshot(page, 'portal-audit-1280');
  expect(await accessibilityProblems(page)).toEqual([]);

  // The cycle history.
  await page.getByRole('link', { name: 'Sync cycles' }).click();
  await page.getByTestId('cycle-table').waitFor();
  expect(await page.locator('[data-testid="cycle-table"] tbody tr').count()).toBe(2);
  await screenshot(page, 'portal-cycles-1280');
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(await page.getByRole('button', { name: 'Load more' }).isVisible()).toBe(false);

  // The settings the refused fix pointed to.
  await page.getByRole('link', { name: 'Settings' }).click();
  const writeback = page.getByLabel('User writeback enabled');
  await writeback.waitFor();
  expect(await writeback.isChecked()).toBe(false);
  await screenshot(page, 'portal-settings-1280');
  expect(await accessibilityProblems(page)).toEqual([]);

  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

test('a narrow screen (390×844): list, detail and wizard stay usable', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  const problems = watchPage(page);
  await signIn(page, newTenantId(), 'Contributor');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.getByRole('heading', { name: 'Sync cycle finished' }).waitFor();
  await waitForRows(page, 3);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  const overflow = () =>
    page.evaluate<number>(`document.documentElement.scrollWidth - document.documentElement.clientWidth`);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await screenshot(page, 'portal-list-390');
  expect(await accessibilityProblems(page)).toEqual([]);

  await rowOf(page, ORPHAN_UPN).getByRole('link').click();
  await page.getByTestId('object-comparison').waitFor();
  await page.getByText('Nothing was done on this error yet.').waitFor();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await screenshot(page, 'portal-detail-390');
  expect(await accessibilityProblems(page)).toEqual([]);

  await page.getByRole('link', { name: 'Diagnose' }).click();
  await page.getByRole('radio', { name: /^No/ }).check();
  // Keyboard only: Tab to Next and press Enter... the form submits on Enter from the radio too.
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Do both of these accounts belong to the same user?' }).waitFor();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await screenshot(page, 'portal-wizard-390');
  expect(await accessibilityProblems(page)).toEqual([]);

  // Back to the first question, its answer kept; answering it again leads to the second again.
  await page.getByRole('button', { name: 'Back' }).click();
  await page
    .getByRole('heading', { name: 'Does the user exist in your on-premises Active Directory?' })
    .waitFor();
  expect(await page.getByRole('radio', { name: /^No/ }).isChecked()).toBe(true);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Do both of these accounts belong to the same user?' }).waitFor();
  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

test('data from the API is shown as text, never as markup', async () => {
  const page = await browser.context.newPage();
  const tenantId = newTenantId();
  const token = await service.token(tenantId, 'GlobalAdministrator');
  const api = (method: string, route: string, body: unknown) =>
    call(`${service.url}/api/${route}`, method, { token, body });
  const hostile = '<img src=x onerror="window.__xss=1"><b>Eve</b>';
  const upn = 'eve@fabrikam.com';
  const cloud = { objectType: 'User', userPrincipalName: upn, displayName: hostile, proxyAddresses: [] };
  expect(
    (
      await api('PUT', 'cloud-objects', {
        objects: [{ ...cloud, objectId: newTenantId(), sourceAnchor: 'b2xkL2FuY2hvcitldmU9PQ==' }],
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await api('PUT', 'source-objects', {
        objects: [{ ...cloud, sourceAnchor: 'bmV3L2FuY2hvcitldmU9PQ==', distinguishedName: `CN=${hostile}` }],
      })
    ).status,
  ).toBe(200);
  expect((await api('POST', 'sync-cycles', undefined)).status).toBe(200);

  await signIn(page, tenantId, 'GlobalAdministrator');
  await waitForRows(page, 1);
  expect(await rows(page).first().textContent()).toContain(hostile);
  await rowOf(page, upn).getByRole('link').click();
  await page.getByTestId('object-comparison').waitFor();
  expect(await page.getByTestId('object-comparison').textContent()).toContain(`CN=${hostile}`);
  expect(await page.locator('main img, main b').count()).toBe(0);
  expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
  await page.close();
}, 30_000);

test('roles: a token without an admin role sees the service refuse, in words', async () => {
  const page = await browser.context.newPage();
  await signIn(page, newTenantId(), 'None');
  const alert = page.getByRole('alert').filter({ hasText: 'The sync errors could not be loaded.' });
  await alert.waitFor();
  expect(await alert.textContent()).toContain('Global Administrator role or the Contributor role');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in (development)' }).waitFor();
  await page.close();
}, 30_000);

test('entra mode: no dev picker; the vendored MSAL bundle starts an authorization-code sign-in with PKCE', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const clientId = '0a1b2c3d-0000-4000-8000-00000000c11e';
  const scope = 'api://entra-sync-remediation/user_impersonation';
  const login = 'https://login.microsoftonline.com';
  await page.route(`${service.url}/config.json`, (route) =>
    route.fulfill({
      json: { mode: 'entra', clientId, authority: `${login}/organizations`, scopes: [scope] },
    }),
  );
  // No internet here: Microsoft's endpoints are stubbed, and the sign-in page is where the test stops.
  let authorize: URL | null = null;
  await page.route(`${login}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith('/oauth2/v2.0/authorize')) {
      authorize = url;
      return route.fulfill({ contentType: 'text/html', body: '<title>Stub sign-in</title><h1>Stub</h1>' });
    }
    if (url.pathname.endsWith('/openid-configuration')) {
      const base = `${login}/organizations`;
      return route.fulfill({
        json: {
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          issuer: `${login}/{tenantid}/v2.0`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
        },
      });
    }
    if (url.pathname.includes('/discovery/instance')) {
      return route.fulfill({
        json: {
          tenant_discovery_endpoint: `${login}/organizations/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [
            {
              preferred_network: 'login.microsoftonline.com',
              preferred_cache: 'login.windows.net',
              aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com'],
            },
          ],
        },
      });
    }
    return route.abort();
  });
  const devTokenCalls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/dev/token')) devTokenCalls.push(request.url());
  });

  await page.goto(`${service.url}/`);
  await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
  expect(await page.getByLabel('Tenant ID').count()).toBe(0);
  expect(await page.evaluate<string>(`typeof window.msal`)).toBe('object');
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await page.waitForURL(/oauth2\/v2\.0\/authorize/);

  const params = (authorize as URL | null)?.searchParams;
  expect(params?.get('client_id')).toBe(clientId);
  expect(params?.get('response_type')).toBe('code');
  expect(params?.get('code_challenge_method')).toBe('S256');
  expect(params?.get('redirect_uri')).toBe(`${service.url}/`);
  expect(params?.get('scope')?.split(' ')).toEqual(expect.arrayContaining([scope, 'openid']));
  expect(devTokenCalls).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
}, 30_000);
