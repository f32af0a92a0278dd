// @ts-check
// The reference portal: a single page of plain ES modules that talks only to the public API.
// Routes live in the URL's hash, so the portal deploys as static files anywhere.
/** @import { CycleSummary, Role } from './apiTypes.js' */
/** @import { Ctx, Progress } from './types.js' */
import { createApi } from './api.js';
import { apiEnums } from './apiEnums.js';
import { createAuth, loadConfig } from './auth.js';
import { figureList, h, notice, problemCodeOf, problemNotice, replace, spinner, time } from './dom.js';
import { renderAudit } from './views/audit.js';
import { renderCycles } from './views/cycles.js';
import { renderErrorDetail } from './views/detail.js';
import { renderErrorList } from './views/errors.js';
import { renderObject } from './views/objects.js';
import { renderPreflight } from './views/preflight.js';
import { renderSettings } from './views/settings.js';
import { renderSignIn } from './views/signin.js';
import { renderWizard } from './views/wizard.js';

/**
 * The signed-in role in words, keyed by the service's roles (the generated union).
 * @type {Record<Role, string>}
 */
const ROLE_LABELS = {
  GlobalAdministrator: 'Global Administrator',
  Contributor: 'Contributor',
  SyncAgent: 'SyncAgent',
  None: 'No role',
};

const NAV = [
  { hash: '#/errors', label: 'Sync errors', match: 'errors' },
  { hash: '#/preflight', label: 'Preflight', match: 'preflight' },
  { hash: '#/cycles', label: 'Sync cycles', match: 'cycles' },
  { hash: '#/audit', label: 'Audit trail', match: 'audit' },
  { hash: '#/settings', label: 'Settings', match: 'settings' },
];

/**
 * An element index.html always has.
 * @param {string} id
 */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const main = byId('main');
const nav = byId('nav');
const account = byId('account');
const cyclePanel = byId('cycle-panel');
const announcer = byId('announcer');

/** @type {Ctx} */
let ctx;

/**
 * The view the sync-cycle panel belongs to: the hash's path (its query, the list's filters, left out)
 * where the cycle was started. The panel shows on that view only.
 * @type {string | null}
 */
let cyclePanelView = null;

const viewOf = (hash = window.location.hash) => hash.replace(/^#\/?/, '').split('?')[0];

/** Parses '#/errors/abc/diagnose?x=1' into ['errors','abc','diagnose'] and its query. */
function parseHash(hash = window.location.hash) {
  const raw = hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?');
  return {
    segments: path.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(search),
  };
}

/** @param {string} text */
function announce(text) {
  // Cleared first so that the same message twice is still read out.
  announcer.textContent = '';
  window.setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

async function start() {
  byId('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  replace(main, h('p', { class: 'loading' }, spinner('Loading…')));
  const config = await loadConfig();
  const auth = createAuth(config);
  /** @type {Ctx['api']} */
  const api = createApi({
    baseUrl: config.apiBaseUrl ?? '',
    getToken: () => auth.getToken(),
    onUnauthorized: () => {
      if (auth.mode === 'dev') {
        auth.signOut();
        ctx.signInMessage = 'Your session expired or its token was refused. Sign in again.';
        renderShell();
        route({ focus: true });
      }
    },
  });
  ctx = {
    config,
    auth,
    api,
    signInMessage: null,
    get session() {
      return auth.session;
    },
    isDev: auth.mode === 'dev',
    navigate: (hash) => {
      if (window.location.hash === hash) route({ focus: true });
      else window.location.hash = hash;
    },
    refresh: () => route({ focus: false }),
    announce,
    runCycle,
    cycleButton,
    signedIn: () => {
      renderShell();
      // The hash change renders the list; a deep link the user came with is rendered as it is.
      if (!parseHash().segments.length) window.location.hash = '#/errors';
      else route({ focus: true });
    },
  };
  // The service's enums (apiEnums.js), asked for now so that the first view has them; a view that
  // needs them waits for them, and a failure is that view's to show.
  apiEnums(api).catch(() => undefined);
  try {
    await auth.init();
  } catch (error) {
    replace(
      main,
      h('h1', { tabindex: '-1' }, 'Sign-in is not available'),
      problemNotice(error, 'The portal could not start its sign-in.'),
    );
    return;
  }
  window.addEventListener('hashchange', () => route({ focus: true }));
  renderShell();
  route({ focus: false });
}

/** The header's navigation and account area, which depend on whether someone is signed in. */
function renderShell() {
  const session = ctx.session;
  nav.hidden = !session;
  replace(account);
  if (!session) {
    clearCyclePanel();
    return;
  }
  replace(
    nav,
    h(
      'ul',
      null,
      NAV.map((item) => h('li', null, h('a', { href: item.hash, dataset: { nav: item.match } }, item.label))),
    ),
  );
  const role = session.role ? roleLabel(session.role) : null;
  append(account, [
    h(
      'div',
      { class: 'account__who' },
      h(
        'span',
        { class: 'account__name' },
        session.name ?? (ctx.isDev ? 'Developer' : 'Signed in'),
        role ? h('span', { class: 'account__role' }, ` · ${role}`) : null,
        ctx.isDev ? h('span', { class: 'pill' }, 'dev') : null,
      ),
      h(
        'span',
        { class: 'account__tenant' },
        h('span', { class: 'visually-hidden' }, 'Tenant '),
        session.tenantId ?? 'unknown tenant',
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'button button--subtle',
        onclick: async () => {
          await ctx.auth.signOut();
          ctx.signInMessage = null;
          window.history.replaceState(null, '', '#/');
          renderShell();
          route({ focus: true });
        },
      },
      'Sign out',
    ),
  ]);
}

/**
 * @param {string} role a role of the service, or (entra mode) the roles of the ID token, joined
 */
function roleLabel(role) {
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[/** @type {Role} */ (role)] : role;
}

/**
 * @param {HTMLElement} el
 * @param {Node[]} children
 */
function append(el, children) {
  for (const child of children) el.append(child);
}

let routeSeq = 0;

/**
 * Renders the view the hash names into <main>; `focus` moves focus to its heading (navigation).
 * @param {{ focus: boolean }} options
 */
async function route({ focus }) {
  const seq = ++routeSeq;
  const { segments, query } = parseHash();
  // A finished cycle's summary (or failure) stays on the view it belongs to: leaving that view
  // dismisses it. A cycle still running stays in sight everywhere, and ends where it was started.
  if (cyclePanelView !== null && cyclePanelView !== viewOf() && !cycleRunning) clearCyclePanel();
  const container = h('div', { class: 'view' });
  replace(main, container);
  markNav(segments[0]);
  if (!ctx.session) {
    document.title = 'Sign in · Sync error remediation';
    await renderSignIn(ctx, container);
    if (focus) focusHeading(container);
    return;
  }
  if (segments.length === 0) {
    window.location.replace('#/errors');
    return;
  }
  const [section, id, sub] = segments;
  /** @type {Record<string, () => unknown>} */
  const views = {
    errors: () =>
      id === undefined
        ? renderErrorList(ctx, container, query)
        : sub === 'diagnose'
          ? renderWizard(ctx, container, id)
          : renderErrorDetail(ctx, container, id),
    preflight: () => renderPreflight(ctx, container, query),
    // '#/objects/source/{anchor}' or '#/objects/cloud/{objectId}': where preflight links an object.
    objects: () =>
      (id === 'source' || id === 'cloud') && sub
        ? renderObject(ctx, container, id, sub)
        : container.append(h('h1', { tabindex: '-1' }, 'Page not found')),
    cycles: () => renderCycles(ctx, container),
    audit: () => renderAudit(ctx, container),
    settings: () => renderSettings(ctx, container),
  };
  const view = views[section];
  try {
    if (!view) {
      container.append(
        h('h1', { tabindex: '-1' }, 'Page not found'),
        h('p', null, h('a', { href: '#/errors' }, 'Go to the sync errors')),
      );
    } else {
      const rendering = view();
      // Focus the heading as soon as the view has put it in place (it renders it first).
      if (focus) focusHeading(container);
      await rendering;
    }
  } catch (error) {
    if (seq !== routeSeq) return;
    container.append(problemNotice(error, 'Something went wrong.'));
  }
  if (seq === routeSeq) {
    const title = container.querySelector('h1')?.textContent ?? 'Sync error remediation';
    document.title = `${title} · Sync error remediation`;
  }
}

/** @param {HTMLElement} container */
function focusHeading(container) {
  const heading = container.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}

/** @param {string | undefined} section */
function markNav(section) {
  for (const link of /** @type {NodeListOf<HTMLAnchorElement>} */ (nav.querySelectorAll('a[data-nav]'))) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

// ---------------------------------------------------------------- sync cycle

/** @type {Promise<CycleSummary | null> | null} */
let cycleRunning = null;

/** The "Run sync cycle" buttons on the page. */
const cycleButtons = () =>
  /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('[data-action="run-cycle"]'));

/** A "Run sync cycle" button wired to the shared runner. */
function cycleButton(label = 'Run sync cycle', className = 'button') {
  const button = h('button', { type: 'button', class: className, dataset: { action: 'run-cycle' } }, label);
  button.addEventListener('click', () => runCycle());
  if (cycleRunning) button.disabled = true;
  return button;
}

/**
 * Runs a sync cycle for the caller's tenant with progress and its summary in the panel under the
 * header, then re-renders the current view (the list has changed). Returns the summary, or null.
 * The service queues the cycle (202) and the panel follows it: "Queued…", "Running…", then the
 * summary, or the problem the cycle failed with.
 * @param {{ run?: (progress: Progress) => Promise<CycleSummary>, label?: string }} [options]
 * @returns {Promise<CycleSummary | null>}
 */
async function runCycle({
  run = (progress) => ctx.api.runSyncCycle(progress),
  label = 'Requesting a sync cycle',
} = {}) {
  if (cycleRunning) return cycleRunning;
  cyclePanelView = viewOf();
  const started = performance.now();
  const elapsed = h('span', { class: 'cycle-panel__elapsed' }, '0 s');
  const text = h('span', null, `${label}…`);
  const timer = window.setInterval(() => {
    elapsed.textContent = `${Math.round((performance.now() - started) / 1000)} s`;
  }, 1000);
  for (const b of cycleButtons()) b.disabled = true;
  replace(
    cyclePanel,
    h(
      'section',
      { class: 'cycle-panel__box', 'aria-labelledby': 'cycle-panel-title', 'aria-busy': 'true' },
      h('h2', { id: 'cycle-panel-title', class: 'cycle-panel__title' }, 'Sync cycle in progress'),
      h(
        'div',
        { class: 'cycle-panel__progress' },
        h('progress', { 'aria-labelledby': 'cycle-panel-title' }),
        text,
        elapsed,
      ),
    ),
  );
  announce(`${label}.`);
  cycleRunning = (async () => {
    try {
      const summary = await run((step) => {
        text.textContent = step;
      });
      if (cyclePanelView === viewOf()) showSummary(summary, performance.now() - started);
      else {
        // The admin went elsewhere meanwhile: the summary is not shown there, only read out.
        clearCyclePanel();
        announceSummary(summary);
      }
      return summary;
    } catch (error) {
      cyclePanelView = viewOf();
      replace(
        cyclePanel,
        h(
          'section',
          { class: 'cycle-panel__box', 'aria-label': 'Sync cycle' },
          problemNotice(
            error,
            problemCodeOf(error) === 'SyncCycleInProgress'
              ? 'A sync cycle is already running.'
              : 'The sync cycle failed.',
          ),
          dismissButton(),
        ),
      );
      return null;
    } finally {
      window.clearInterval(timer);
      cycleRunning = null;
    }
  })();
  const summary = await cycleRunning;
  if (summary) ctx.refresh();
  else for (const b of cycleButtons()) b.disabled = false;
  return summary;
}

function dismissButton() {
  return h(
    'button',
    {
      type: 'button',
      class: 'button button--subtle cycle-panel__dismiss',
      onclick: () => {
        clearCyclePanel();
        main.focus();
      },
    },
    'Dismiss',
  );
}

/**
 * @param {CycleSummary} summary
 * @param {number} ms
 */
function showSummary(summary, ms) {
  /** @type {[string, number | undefined][]} */
  const figures = [
    ['Objects read', summary.objectsRead],
    ['Provisioned', summary.provisioned],
    ['Updated', summary.updated],
    ['Soft-deleted', summary.softDeleted],
    ['Purged', summary.purged],
    ['Errors created', summary.errorsCreated],
    ['Errors resolved', summary.errorsResolved],
    ['Errors reset', summary.errorsReset],
  ];
  const heading = h(
    'h2',
    { id: 'cycle-panel-title', class: 'cycle-panel__title', tabindex: '-1' },
    'Sync cycle finished',
  );
  replace(
    cyclePanel,
    h(
      'section',
      { class: 'cycle-panel__box cycle-panel__box--done', 'aria-labelledby': 'cycle-panel-title' },
      h(
        'div',
        { class: 'cycle-panel__head' },
        heading,
        h(
          'span',
          { class: 'cycle-panel__meta' },
          'Finished ',
          time(summary.finishedAt),
          ` in ${(ms / 1000).toFixed(1)} s`,
        ),
        dismissButton(),
      ),
      figureList(figures, 'cycle-summary'),
      summary.deletionThresholdExceeded
        ? notice(
            'warning',
            'Deletion threshold exceeded',
            h(
              'p',
              null,
              `The cycle wanted to delete more objects than the threshold allows, so it deleted none (${summary.deletionsHeldBack} held back).`,
            ),
          )
        : null,
    ),
  );
  heading.focus();
  announceSummary(summary);
}

/** @param {CycleSummary} summary */
function announceSummary(summary) {
  announce(
    `Sync cycle finished: ${summary.errorsResolved} errors resolved, ${summary.errorsCreated} created, ${summary.errorsReset} reset.`,
  );
}

function clearCyclePanel() {
  replace(cyclePanel);
  cyclePanelView = null;
}

start().catch((error) => {
  replace(main, problemNotice(error, 'The portal failed to start.'));
});
