import { tryAcquireLease } from '../../shared/store/tenantLease';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO_COMMON, DEMO_INITIAL_DOMAIN, DEMO_ORPHANED } from '../../scripts/lib/demoScenarios';
import { call, dataTable, newTenantId, startTestService, type TestService } from '../support/service';
import { startTogether } from '../support/startTogether';
import { runCycle } from '../support/syncCycles';
import {
  accessibilityProblems,
  launchBrowser,
  layoutProblems,
  screenshot,
  watchPage,
  type Browser,
} from './browser';

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

/** The cycle panel's text: empty when no banner shows. */
const cyclePanelText = async (page: Page) =>
  ((await page.locator('#cycle-panel').textContent()) ?? '').trim();

/**
 * For each element the selector finds, how many lines its text takes (distinct tops of its text's
 * line boxes): a value on 2 lines was broken.
 */
function linesOf(page: Page, selector: string): Promise<{ text: string; lines: number }[]> {
  return page.evaluate<
    { text: string; lines: number }[]
  >(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((el) => {
    const tops = new Set();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    return { text: el.textContent, lines: tops.size };
  })`);
}

/** The text of the cell in the row for `field` of a comparison table, under the column `label`. */
const cellOf = (page: Page, table: string, field: string, label: string) =>
  page.getByTestId(table).locator(`tr[data-field="${field}"] td[data-label="${label}"]`).textContent();

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

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
  // At 1280 px the columns have room: no value or UPN is broken (mid-token or at all).
  const values = await linesOf(page, '[data-testid="error-table"] .cell--value a, .object-cell__upn');
  expect(values).toHaveLength(9);
  expect(values.filter((v) => v.lines !== 1)).toEqual([]);

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
  // Beside each on-premises UPN, the UPN its cloud object has now: the conflicting object's is the
  // quarantined placeholder an admin searches Microsoft Entra ID for.
  const errorId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
  const apiError = (await api('GET', `sync-errors/${errorId}`)).json as {
    existingObject: { objectId: string; cloudUserPrincipalName: string | null };
    conflictingObject: { objectId: string; displayName: string; cloudUserPrincipalName: string | null };
  };
  const placeholder = apiError.conflictingObject.cloudUserPrincipalName ?? '';
  const conflictingCloud = (await api('GET', `cloud-objects/${apiError.conflictingObject.objectId}`))
    .json as {
    userPrincipalName: string;
  };
  expect(placeholder).toBe(conflictingCloud.userPrincipalName);
  expect(placeholder).toMatch(new RegExp(`@${DEMO_INITIAL_DOMAIN.replace(/\./g, '\\.')}$`));
  expect(await comparison.locator('tr[data-field="userPrincipalName"] th').textContent()).toBe(
    'On-premises UPN',
  );
  expect(await comparison.locator('tr[data-field="cloudUserPrincipalName"] th').textContent()).toBe(
    'Cloud UPN (now)',
  );
  expect(await cellOf(page, 'object-comparison', 'cloudUserPrincipalName', 'Conflicting object')).toBe(
    placeholder,
  );
  expect(await cellOf(page, 'object-comparison', 'cloudUserPrincipalName', 'Existing object')).toBe(
    ORPHAN_UPN,
  );
  expect(await differs('cloudUserPrincipalName')).toBe('false');
  const compared = await linesOf(page, '[data-testid="object-comparison"] .value');
  expect(compared.length).toBeGreaterThanOrEqual(10);
  expect(compared.filter((v) => v.lines !== 1)).toEqual([]);
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
  expect(await cellOf(page, 'same-user-evidence', 'cloudUserPrincipalName', 'Conflicting object')).toBe(
    placeholder,
  );
  expect(await evidence.locator('tr[data-field="cloudUserPrincipalName"]').textContent()).toContain(
    'Not compared',
  );
  const evidenceValues = await linesOf(page, '[data-testid="same-user-evidence"] .value');
  expect(evidenceValues).toHaveLength(8);
  expect(evidenceValues.filter((v) => v.lines !== 1)).toEqual([]);
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
  // Apply Fix asks first, naming the object it deletes permanently; Cancel applies nothing.
  await page.getByRole('button', { name: 'Apply Fix' }).click();
  const confirmation = page.getByTestId('confirm-fix');
  await confirmation.waitFor();
  expect(await confirmation.textContent()).toContain('deleted permanently');
  expect(await confirmation.textContent()).toContain(apiError.conflictingObject.displayName);
  expect(await confirmation.textContent()).toContain(apiError.conflictingObject.objectId);
  expect(await confirmation.textContent()).toContain(placeholder);
  expect(await page.getByRole('button', { name: 'Apply Fix' }).isVisible()).toBe(false);
  await screenshot(page, 'portal-wizard-confirm-1280');
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(await confirmation.count()).toBe(0);
  expect(
    ((await api('GET', `sync-errors/${errorId}`)).json as { diagnoseStatus: string }).diagnoseStatus,
  ).toBe('NotStarted');

  expect((await api('PATCH', 'settings', { userWritebackEnabled: true })).status).toBe(200);
  await page.getByRole('button', { name: 'Apply Fix' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  const refused = page.getByTestId('fix-refused');
  await refused.waitFor();
  expect(await refused.textContent()).toContain('The fix process failed to update the values.');
  expect(await refused.textContent()).toContain('UserWritebackEnabled');
  await screenshot(page, 'portal-wizard-refused-1280');
  expect(await accessibilityProblems(page)).toEqual([]);
  expect((await api('PATCH', 'settings', { userWritebackEnabled: false })).status).toBe(200);

  // Apply Fix → Confirm → Pending Sync; Undo; Apply Fix again.
  await page.getByRole('button', { name: 'Apply Fix' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'Fix applied' }).waitFor();
  expect(await page.locator('.wizard__status .badge').textContent()).toBe('Pending Sync');
  expect(await page.locator('.wizard__panel').textContent()).toContain('1 other error of the same object');
  // The Pending Sync step says how long the fix can be undone.
  expect(await page.getByTestId('undo-window').textContent()).toContain(
    'The next sync cycle ends the chance to undo',
  );
  await page.getByRole('button', { name: 'Undo fix' }).click();
  await page.getByRole('heading', { name: 'Fix available: orphaned object' }).waitFor();
  await page.getByRole('button', { name: 'Apply Fix' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
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
  const resolvedInList =
    (await rowOf(page, ORPHAN_UPN).locator('td[data-label="Resolved"] time').textContent()) ?? '';
  // Another filter of the list is the same view: the cycle's banner is still there.
  expect(await cyclePanelText(page)).toContain('Sync cycle finished');

  // The wizard of a resolved error: its time reads like every other date of the portal. The banner
  // of the cycle run on the list stayed there.
  await page.evaluate(
    `window.location.hash = ${JSON.stringify(`#/errors/${encodeURIComponent(errorId)}/diagnose`)}`,
  );
  await page.getByRole('heading', { name: 'Resolved', exact: true }).waitFor();
  expect(await cyclePanelText(page)).toBe('');
  const resolvedAt = page.getByTestId('resolved-at');
  expect(await resolvedAt.locator('time').textContent()).toBe(resolvedInList);
  expect(await resolvedAt.locator('time').getAttribute('datetime')).toBe(
    ((await api('GET', `sync-errors/${errorId}`)).json as { resolvedAt: string }).resolvedAt,
  );
  expect(await page.locator('.wizard__panel').textContent()).not.toMatch(ISO_TIME);
  await screenshot(page, 'portal-wizard-resolved-1280');
  expect(await accessibilityProblems(page)).toEqual([]);

  await page.getByRole('link', { name: 'Audit trail' }).click();
  await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
  await page.getByTestId('audit-table').waitFor();
  const auditRows = await page.locator('[data-testid="audit-table"] tbody tr').all();
  const actions = await Promise.all(auditRows.map((tr) => tr.getAttribute('data-action')));
  expect(actions).toEqual(['applyFix', 'undo', 'applyFix', 'answer', 'answer']);
  expect(await page.getByRole('cell', { name: 'Undone' }).count()).toBe(1);
  await screenshot(page, 'portal-audit-1280');
  expect(await accessibilityProblems(page)).toEqual([]);

  // The cycle ended the chance to undo: the service refuses, the card's Undo button goes, the refusal stays.
  const lastFix = page.locator('[data-testid="audit-table"] tbody tr').first();
  await lastFix.getByRole('button', { name: 'Undo' }).click();
  const undoRefused = page.getByTestId('undo-refused');
  await undoRefused.waitFor();
  expect(await undoRefused.textContent()).toContain('UndoConflict');
  expect(await lastFix.getByRole('button', { name: 'Undo' }).count()).toBe(0);
  expect(await lastFix.locator('td[data-label="Undo"]').textContent()).toBe('Not undone (refused)');
  await new Promise((resolve) => setTimeout(resolve, 1500)); // longer than a successful undo's reload
  expect(await undoRefused.isVisible()).toBe(true);
  expect(await page.locator('[data-testid="audit-table"] button[data-action="undo"]').count()).toBe(0);
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
  await runCycle(service, token);

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

test('the sync cycle banner stays on the view where the cycle ran', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await signIn(page, newTenantId(), 'Contributor');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.getByRole('heading', { name: 'Sync cycle finished' }).waitFor();
  await waitForRows(page, 3);
  await page.locator('[data-tile="UserPrincipalName"]').click(); // a filter: the same view
  await waitForRows(page, 2);
  expect(await cyclePanelText(page)).toContain('Sync cycle finished');

  await page.getByRole('link', { name: 'Sync cycles' }).click();
  await page.getByTestId('cycle-table').waitFor();
  expect(await cyclePanelText(page)).toBe('');
  await page.locator('main [data-action="run-cycle"]').click();
  await page.getByRole('heading', { name: 'Sync cycle finished' }).waitFor();
  await waitUntil(page, `document.querySelectorAll('[data-testid="cycle-table"] tbody tr').length === 2`);
  expect(await cyclePanelText(page)).toContain('Sync cycle finished');

  await page.getByRole('link', { name: 'Audit trail' }).click();
  await page.getByText('No audit events yet.').waitFor();
  expect(await cyclePanelText(page)).toBe('');
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('User writeback enabled').waitFor();
  expect(await cyclePanelText(page)).toBe('');
  await page.getByRole('link', { name: 'Sync errors' }).first().click();
  await waitForRows(page, 3);
  expect(await cyclePanelText(page)).toBe('');
  // Leaving dismissed it: it does not come back with its view.
  await page.getByRole('link', { name: 'Sync cycles' }).click();
  await page.getByTestId('cycle-table').waitFor();
  expect(await cyclePanelText(page)).toBe('');
  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

test('"Run sync cycle" follows the queued cycle: Queued…, Running…, then its summary; a failed one shows its problem', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const tenantId = newTenantId();
  // The status as the service answers it, held at queued and then at running for a few reads each,
  // so that each step shows whatever the machine's speed; then the real one (succeeded).
  const shown: string[] = [];
  let reads = 0;
  await page.route(/\/api\/sync-cycles\/[0-9a-f-]{36}$/, async (route) => {
    reads += 1;
    const response = await route.fetch();
    const real = (await response.json()) as { cycleId: string; status: string };
    const held = reads <= 2 ? 'queued' : reads <= 4 ? 'running' : null;
    shown.push(await cyclePanelText(page));
    await route.fulfill({ response, json: held ? { cycleId: real.cycleId, status: held } : real });
  });
  await signIn(page, tenantId, 'GlobalAdministrator');
  await page.locator('[data-action="run-cycle"]').first().click();
  await page.getByRole('heading', { name: 'Sync cycle finished' }).waitFor();
  expect(shown.some((text) => text.includes('Queued…'))).toBe(true);
  expect(shown.some((text) => text.includes('Running…'))).toBe(true);
  expect(shown.findIndex((text) => text.includes('Running…'))).toBeGreaterThan(
    shown.findIndex((text) => text.includes('Queued…')),
  );
  expect(await summaryFigure(page, 'Objects read')).toBe('0');
  await page.unroute(/\/api\/sync-cycles\/[0-9a-f-]{36}$/);

  // A cycle that fails in the worker: the panel says so, with the problem its status carries.
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.route(/\/api\/sync-cycles\/[0-9a-f-]{36}$/, async (route) => {
    const response = await route.fetch();
    const real = (await response.json()) as { cycleId: string };
    await route.fulfill({
      response,
      json: {
        cycleId: real.cycleId,
        status: 'failed',
        problem: { code: 'SyncLeaseLost', detail: 'The cycle outlived its lease and wrote nothing.' },
      },
    });
  });
  await page.locator('[data-action="run-cycle"]').first().click();
  const alert = page.getByRole('alert').filter({ hasText: 'The sync cycle failed.' });
  await alert.waitFor();
  expect(await alert.textContent()).toContain('The cycle outlived its lease and wrote nothing.');
  expect(await alert.textContent()).toContain('SyncLeaseLost');
  expect(await page.locator('[data-action="run-cycle"]').first().isEnabled()).toBe(true);
  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

test('a cycle cut by a crash shows as interrupted in the cycle history, with no duration', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const tenantId = newTenantId();
  // What a killed host leaves: a cycle's lease row that has expired, and no summary.
  const table = dataTable();
  await table.createTable(); // the service makes it on first use; this test may come first
  expect(
    (await tryAcquireLease(table, tenantId, 'cut-cycle', 'cycle', new Date(Date.now() - 120_000), 60))
      .acquired,
  ).toBe(true);
  const token = await service.token(tenantId, 'GlobalAdministrator');
  await runCycle(service, token);
  await signIn(page, tenantId, 'GlobalAdministrator');
  await page.getByRole('link', { name: 'Sync cycles' }).click();
  await page.getByTestId('cycle-table').waitFor();
  const cells = (label: string) =>
    page.locator(`[data-testid="cycle-table"] tbody td[data-label="${label}"]`).allTextContents();
  expect(await cells('Outcome')).toEqual(['completed', 'interrupted']);
  expect((await cells('Duration'))[1]).toBe('—');
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});

test('a service older than the new fields: audit events by eventId, errors without a cloud UPN', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const tenantId = newTenantId();
  const token = await service.token(tenantId, 'GlobalAdministrator');
  const api = async (method: string, route: string, body?: unknown) => {
    const result = await call(`${service.url}/api/${route}`, method, {
      token,
      ...(body === undefined ? {} : { body }),
    });
    expect(result.status).toBeLessThan(300);
    return result.json;
  };
  await api('PATCH', 'settings', { initialDomain: DEMO_INITIAL_DOMAIN });
  await api('PUT', 'cloud-objects', { objects: [DEMO_ORPHANED.existingCloud] });
  await api('PUT', 'source-objects', { objects: [DEMO_ORPHANED.recreatedSource] });
  await runCycle(service, token);
  const list = (await api('GET', 'sync-errors')) as { value: { id: string; attribute: string }[] };
  const errorId = list.value.find((e) => e.attribute === 'UserPrincipalName')?.id ?? '';
  await api('POST', `sync-errors/${errorId}/diagnosis/answers`, {
    questionId: 'userExistsOnPremises',
    answer: 'no',
  });
  await api('POST', `sync-errors/${errorId}/diagnosis/answers`, { questionId: 'sameUser', answer: 'yes' });
  const fix = (await api('POST', `sync-errors/${errorId}/apply-fix`)) as { auditEventId: string };

  // What a service of the previous release sends: `eventId` and no `id`; no `cloudUserPrincipalName`.
  await page.route(/\/api\/audit-events(\?|$)/, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { value: Record<string, unknown>[] };
    body.value = body.value.map(({ id, eventId, ...event }) => ({ ...event, eventId: id ?? eventId }));
    await route.fulfill({ response, json: body });
  });
  await page.route(/\/api\/sync-errors\/[^/?]+$/, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as Record<string, Record<string, unknown>>;
    delete body.existingObject?.cloudUserPrincipalName;
    delete body.conflictingObject?.cloudUserPrincipalName;
    await route.fulfill({ response, json: body });
  });

  await signIn(page, tenantId, 'GlobalAdministrator');
  await waitForRows(page, 2);
  await rowOf(page, ORPHAN_UPN).getByRole('link').click();
  await page.getByTestId('object-comparison').waitFor();
  expect(await cellOf(page, 'object-comparison', 'cloudUserPrincipalName', 'Existing object')).toBe('—');
  expect(await cellOf(page, 'object-comparison', 'cloudUserPrincipalName', 'Conflicting object')).toBe('—');

  await page.getByRole('link', { name: 'Audit trail' }).click();
  const applied = page.locator('[data-testid="audit-table"] tbody tr[data-action="applyFix"]');
  await applied.waitFor();
  expect(await applied.getAttribute('data-event-id')).toBe(fix.auditEventId);
  const [undo] = await Promise.all([
    page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/undo')),
    applied.getByRole('button', { name: 'Undo' }).click(),
  ]);
  expect(new URL(undo.url()).pathname).toBe(`/api/audit-events/${fix.auditEventId}/undo`);
  // In the page, not the screen-reader announcer, which says the same 50 ms later.
  await page.locator('#main').getByText('The fix was undone.', { exact: true }).waitFor();
  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
const INVALID_UPN = 'jo&e@contoso.com';

/**
 * Errors beyond duplicates, loaded over the API into a tenant: the orphaned scenario with its existing
 * cloud user a Global Administrator (two DuplicateAttribute errors), a cloud-only group and an
 * on-premises contact with one address (ObjectTypeMismatch, DataMismatch), a user whose UPN Entra
 * refuses (IdentityDataValidationFailed) and one with 333 proxy addresses (LargeObject): 5 errors.
 */
async function loadBeyondDuplicates(tenantId: string): Promise<(route: string) => Promise<unknown>> {
  const token = await service.token(tenantId, 'GlobalAdministrator');
  const api = async (method: string, route: string, body?: unknown) => {
    const result = await call(`${service.url}/api/${route}`, method, {
      token,
      ...(body === undefined ? {} : { body }),
    });
    expect([route, result.status]).toEqual([route, 200]);
    return result.json;
  };
  await api('PATCH', 'settings', { initialDomain: DEMO_INITIAL_DOMAIN });
  await api('PUT', 'cloud-objects', {
    objects: [
      { ...DEMO_ORPHANED.existingCloud, directoryRoleTemplateIds: [GLOBAL_ADMINISTRATOR] },
      {
        objectId: '00000000-0000-4000-8000-00000000b0c1',
        objectType: 'Group',
        displayName: 'Team X',
        proxyAddresses: ['SMTP:x@contoso.com'],
      },
    ],
  });
  await api('PUT', 'source-objects', {
    objects: [
      DEMO_ORPHANED.recreatedSource,
      {
        sourceAnchor: 'Y29udGFjdC14',
        objectType: 'Contact',
        displayName: 'X (contact)',
        proxyAddresses: ['SMTP:x@contoso.com'],
      },
      {
        sourceAnchor: 'am8mZQ==',
        objectType: 'User',
        displayName: 'Jo and E',
        userPrincipalName: INVALID_UPN,
        proxyAddresses: [],
      },
      {
        sourceAnchor: 'bGFyZ2U=',
        objectType: 'User',
        displayName: 'Large',
        userPrincipalName: 'large@contoso.com',
        proxyAddresses: Array.from(
          { length: 333 },
          (_, i) => `${i === 0 ? 'SMTP' : 'smtp'}:l${i}@contoso.com`,
        ),
      },
    ],
  });
  await runCycle(service, token);
  return (route) => api('GET', route);
}

test('errors beyond duplicates: category tiles, the category filter, a single-object error explained, directory roles', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const tenantId = newTenantId();
  const get = await loadBeyondDuplicates(tenantId);
  await signIn(page, tenantId, 'GlobalAdministrator');
  await waitForRows(page, 5);
  await waitUntil(page, `!document.querySelector('.tiles__total .busy')`);

  // Connect Health's categories, counted from the list the tiles read.
  expect(await tileCount(page, 'DuplicateAttribute')).toBe('2');
  expect(await tileCount(page, 'DataMismatch')).toBe('1');
  expect(await tileCount(page, 'DataValidationFailure')).toBe('1');
  expect(await tileCount(page, 'LargeAttribute')).toBe('1');
  expect(await tileCount(page, 'FederatedDomainChange')).toBe('0');
  expect(await tileCount(page, 'Other')).toBe('0');
  expect(await page.locator('[data-tile="DataMismatch"] .tile__label').textContent()).toBe('Data mismatch');
  await screenshot(page, 'portal-list-categories-1280');
  expect(await accessibilityProblems(page)).toEqual([]);

  // A tile filters by category (kept in the URL); the one-object error has no existing object.
  await page.locator('[data-tile="DataValidationFailure"]').click();
  expect(await page.locator('[data-tile="DataValidationFailure"]').getAttribute('aria-pressed')).toBe('true');
  await waitForRows(page, 1);
  expect(page.url()).toContain('category=DataValidationFailure');
  expect(await page.getByRole('combobox', { name: 'Category' }).inputValue()).toBe('DataValidationFailure');
  const single = rowOf(page, INVALID_UPN);
  expect(await single.locator('td[data-label="Existing object"]').textContent()).toBe(
    'none (one object alone)',
  );
  expect(await single.locator('td[data-label="Error type"]').textContent()).toBe(
    'IdentityDataValidationFailedData validation failure',
  );
  // The filter select does the same; the CSV is of the filtered list.
  await page.getByRole('combobox', { name: 'Category' }).selectOption('LargeAttribute');
  await waitForRows(page, 1);
  expect(await page.locator('[data-tile="LargeAttribute"]').getAttribute('aria-pressed')).toBe('true');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain('LargeObject');
  await page.getByRole('combobox', { name: 'Category' }).selectOption('DataValidationFailure');
  await waitForRows(page, 1);

  // The single-object error's detail: the one object, and its type explained in the service's words.
  await single.getByRole('link').click();
  await page.getByRole('heading', { name: INVALID_UPN, level: 1 }).waitFor();
  const guidance = page.getByTestId('error-guidance');
  await guidance.waitFor();
  expect(await page.getByTestId('object-comparison').count()).toBe(0);
  expect(await cellOf(page, 'single-object', 'userPrincipalName', 'The object')).toBe(INVALID_UPN);
  expect(await page.getByTestId('error-category').textContent()).toBe('Data validation failure');
  expect(await page.getByTestId('broken-rule').textContent()).toContain('a character before the @ outside');
  const errorId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
  const step = (await get(`sync-errors/${errorId}/diagnosis`)) as {
    guidance: { summary: string; remedy: string[] };
  };
  expect(await page.getByTestId('guidance-summary').textContent()).toBe(step.guidance.summary);
  expect(await page.getByTestId('guidance-remedy').locator('li').allTextContents()).toEqual(
    step.guidance.remedy,
  );
  expect(await page.getByTestId('no-questions').isVisible()).toBe(true);
  expect(await guidance.getByRole('link', { name: /Microsoft Learn/ }).getAttribute('href')).toContain(
    '#identitydatavalidationfailed',
  );
  await page.getByText('Nothing was done on this error yet.').waitFor();
  await screenshot(page, 'portal-detail-single-object-1280');
  expect(await accessibilityProblems(page)).toEqual([]);

  // Its diagnosis: no questions, the guidance and the one object as evidence.
  await page.getByRole('link', { name: 'Open the diagnosis' }).click();
  await page
    .getByRole('heading', { name: 'No diagnosis questions for this error: IdentityDataValidationFailed' })
    .waitFor();
  expect(await page.locator('.wizard__status .badge').textContent()).toBe('Manual Fix Required');
  const evidence = page.getByTestId('guidance-objects');
  expect(await evidence.locator('thead th').allTextContents()).toEqual(['Attribute', 'The object']);
  expect(await evidence.locator('tr[data-field="sourceAnchor"] td').textContent()).toBe('am8mZQ==');
  await screenshot(page, 'portal-wizard-single-object-1280');
  expect(await accessibilityProblems(page)).toEqual([]);

  // An explained two-object type: ObjectTypeMismatch, both objects side by side.
  await page.evaluate(`window.location.hash = '#/errors?category=DataMismatch'`);
  await waitForRows(page, 1);
  await rows(page).first().getByRole('link').click();
  await page.getByTestId('object-comparison').waitFor();
  await page.getByTestId('error-guidance').waitFor();
  expect(await page.getByTestId('error-guidance').getAttribute('data-error-type')).toBe('ObjectTypeMismatch');
  expect(await page.getByTestId('guidance-summary').textContent()).toContain(
    'found the cloud-only group "Team X"',
  );
  expect(await page.getByTestId('guidance-remedy').textContent()).toContain('make them the same class');
  expect(await cellOf(page, 'object-comparison', 'objectType', 'Existing object')).toBe('Group');
  expect(await cellOf(page, 'object-comparison', 'objectType', 'Conflicting object')).toBe('Contact');
  await page.getByText('Nothing was done on this error yet.').waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);

  // A Global Administrator is named where the objects are shown: the detail and the wizard's evidence.
  await page.evaluate(
    `window.location.hash = '#/errors?category=DuplicateAttribute&attribute=UserPrincipalName'`,
  );
  await waitForRows(page, 1);
  await rows(page).first().getByRole('link').click();
  await page.getByTestId('error-guidance').waitFor();
  expect(await cellOf(page, 'object-comparison', 'directoryRoles', 'Existing object')).toBe(
    'Global Administrator',
  );
  expect(await cellOf(page, 'object-comparison', 'directoryRoles', 'Conflicting object')).toBe('None');
  await page.getByText('Nothing was done on this error yet.').waitFor();
  await page.getByRole('link', { name: 'Diagnose' }).click();
  await page.getByRole('radio', { name: /^No/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('same-user-evidence').waitFor();
  expect(await cellOf(page, 'same-user-evidence', 'directoryRoles', 'Existing object')).toBe(
    'Global Administrator',
  );
  expect(await accessibilityProblems(page)).toEqual([]);

  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

test('an existing admin role conflict: the roles named, the documented steps, and the guided fix asked for first', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const tenantId = newTenantId();
  const token = await service.token(tenantId, 'GlobalAdministrator');
  const api = async (method: string, route: string, body?: unknown) =>
    (await call(`${service.url}/api/${route}`, method, { token, ...(body === undefined ? {} : { body }) }))
      .status;
  expect(await api('PATCH', 'settings', { initialDomain: DEMO_INITIAL_DOMAIN })).toBe(200);
  const adminId = '00000000-0000-4000-8000-0000000ad001';
  expect(
    await api('PUT', 'cloud-objects', {
      objects: [
        {
          objectId: adminId,
          objectType: 'User',
          userPrincipalName: 'boss@contoso.com',
          displayName: 'Boss',
          directoryRoleTemplateIds: [GLOBAL_ADMINISTRATOR],
        },
      ],
    }),
  ).toBe(200);
  expect(
    await api('PUT', 'source-objects', {
      objects: [
        {
          sourceAnchor: 'Ym9zcw==',
          objectType: 'User',
          userPrincipalName: 'boss@contoso.com',
          displayName: 'Boss',
        },
      ],
    }),
  ).toBe(200);
  await runCycle(service, token);

  await signIn(page, tenantId, 'GlobalAdministrator');
  await waitForRows(page, 1);
  expect(await rows(page).first().locator('td[data-label="Error type"]').textContent()).toContain(
    'ExistingAdminRoleConflict',
  );
  await rows(page).first().getByRole('link').click();
  await page.getByTestId('error-guidance').waitFor();
  expect(await cellOf(page, 'object-comparison', 'directoryRoles', 'Existing object')).toBe(
    'Global Administrator',
  );
  expect(await page.getByTestId('guidance-remedy').locator('li').count()).toBe(4);
  expect(await page.getByTestId('error-guidance').textContent()).toContain('Apply Fix does these steps');
  await page.getByText('Nothing was done on this error yet.').waitFor();
  expect(await accessibilityProblems(page)).toEqual([]);

  await page.getByRole('link', { name: 'Open the diagnosis' }).click();
  await page.getByRole('heading', { name: 'Guided fix available: existing admin role conflict' }).waitFor();
  expect(await cellOf(page, 'guidance-objects', 'directoryRoles', 'Existing object')).toBe(
    'Global Administrator',
  );
  await page.getByRole('button', { name: 'Apply Fix' }).click();
  const confirmation = page.getByTestId('confirm-fix');
  await confirmation.waitFor();
  expect(await confirmation.textContent()).toContain('Global Administrator');
  expect(await confirmation.textContent()).toContain('deleted permanently');
  await screenshot(page, 'portal-wizard-admin-role-confirm-1280');
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(await layoutProblems(page)).toEqual([]);
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(await confirmation.count()).toBe(0);

  // Confirmed: Pending Sync, saying what changed; the next cycle gives the roles back and resolves it.
  await page.getByRole('button', { name: 'Apply Fix' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'Fix applied' }).waitFor();
  expect(await page.locator('.wizard__status .badge').textContent()).toBe('Pending Sync');
  expect(await page.locator('.wizard__panel').textContent()).toContain(
    'The admin roles were removed and the quarantined object deleted.',
  );
  expect(await page.getByRole('button', { name: 'Undo fix' }).isVisible()).toBe(true);
  expect(await page.locator('.stepper__item--skipped').count()).toBe(2);
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.locator('main [data-action="run-cycle"]').click();
  await page.getByRole('heading', { name: 'Resolved', exact: true }).waitFor();
  const admin = (await call(`${service.url}/api/cloud-objects/${adminId}`, 'GET', { token })).json as {
    sourceAnchor: string;
    directoryRoleTemplateIds: string[];
  };
  expect(admin).toMatchObject({ sourceAnchor: 'Ym9zcw==', directoryRoleTemplateIds: [GLOBAL_ADMINISTRATOR] });
  expect(problems).toEqual([]);
  await page.close();
}, 60_000);

/**
 * Every view at one width: the layout checks of browser.ts (no sideways scroll, no text cut off, no
 * content spilling over its neighbours, no overlapping boxes) on sign-in, the list, the detail, the
 * wizard's two questions, its fix step, the confirmation, Pending Sync, the resolved step, the audit
 * trail, the sync cycles (and a dry run's result), preflight and the settings. Puts the problems in `found`, by view.
 */
async function layoutOfEveryView(
  width: number,
  height: number,
  found: Record<string, string[]>,
): Promise<void> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  const problems = watchPage(page);
  const check = async (view: string) => {
    await screenshot(page, `portal-layout-${view.replace(/\W+/g, '-')}-${width}`);
    const layout = await layoutProblems(page);
    if (layout.length) found[view] = layout;
  };

  await page.goto(`${service.url}/`);
  await page.getByRole('heading', { name: 'Sign in (development)' }).waitFor();
  await check('sign-in');
  const tenantId = newTenantId();
  await signIn(page, tenantId, 'GlobalAdministrator');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await page.getByRole('heading', { name: 'Sync cycle finished' }).waitFor();
  await waitForRows(page, 3);
  await waitUntil(page, `!document.querySelector('.tiles__total .busy')`);
  await check('list');

  await rowOf(page, ORPHAN_UPN).getByRole('link').click();
  await page.getByText('Nothing was done on this error yet.').waitFor();
  await check('detail');

  await page.getByRole('link', { name: 'Diagnose' }).click();
  await page.getByTestId('suggested-answer').waitFor();
  await check('wizard Q1');
  await page.getByRole('radio', { name: /^No/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByTestId('same-user-evidence').waitFor();
  await check('wizard Q2');
  await page.getByRole('radio', { name: /^Yes/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('heading', { name: 'Fix available: orphaned object' }).waitFor();
  await check('fix step');
  await page.getByRole('button', { name: 'Apply Fix' }).click();
  await page.getByTestId('confirm-fix').waitFor();
  await check('fix confirmation');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'Fix applied' }).waitFor();
  await check('pending sync step');
  await page.locator('main [data-action="run-cycle"]').click();
  await page.getByRole('heading', { name: 'Resolved', exact: true }).waitFor();
  await check('resolved step');

  await page.getByRole('link', { name: 'Audit trail' }).click();
  await page.getByTestId('audit-table').waitFor();
  await check('audit');
  await page.getByRole('link', { name: 'Sync cycles' }).click();
  await page.getByTestId('cycle-table').waitFor();
  await check('cycles');
  await page.getByRole('button', { name: 'Dry run', exact: true }).click();
  await page.getByTestId('dry-run').waitFor();
  await check('cycles with a dry run');
  await page.getByRole('link', { name: 'Preflight', exact: true }).click();
  await waitUntil(
    page,
    `document.querySelector('.rules__body')?.getAttribute('aria-busy') === 'false' &&
     document.querySelector('.results__table')?.getAttribute('aria-busy') === 'false'`,
  );
  await check('preflight');
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('User writeback enabled').waitFor();
  await check('settings');

  // Errors beyond duplicates: the category tiles with counts, a single-object error and its diagnosis.
  await loadBeyondDuplicates(tenantId);
  await page.getByRole('link', { name: 'Sync errors' }).first().click();
  await waitUntil(
    page,
    `document.querySelector('[data-tile="LargeAttribute"] .tile__count')?.textContent === '1'`,
  );
  await waitUntil(page, `document.querySelector('.results__table')?.getAttribute('aria-busy') === 'false'`);
  await check('list of every category');
  await rowOf(page, INVALID_UPN).getByRole('link').click();
  await page.getByTestId('error-guidance').waitFor();
  await page.getByText('Nothing was done on this error yet.').waitFor();
  await check('single-object detail');
  await page.getByRole('link', { name: 'Open the diagnosis' }).click();
  await page.getByTestId('guidance-objects').waitFor();
  await check('diagnosis without questions');

  expect(problems).toEqual([]);
  await page.close();
}

test.each([
  [1280, 800],
  [390, 844],
])(
  'at %i px no view scrolls sideways, cuts text off or draws boxes over each other',
  async (width, height) => {
    const found: Record<string, string[]> = {};
    try {
      await layoutOfEveryView(width, height, found);
    } catch (error) {
      // A step that failed still shows what the views before it measured.
      throw new Error(`${String(error)}\nLayout problems so far: ${JSON.stringify(found, null, 2)}`, {
        cause: error,
      });
    }
    expect(found).toEqual({});
  },
  90_000,
);
