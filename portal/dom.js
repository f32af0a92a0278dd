// @ts-check
// DOM helpers. Everything that comes from the API is put into the page as text (text nodes,
// textContent, attribute values): nothing here ever assigns innerHTML.

/** @typedef {import('./apiTypes.js').DiagnoseStatus} DiagnoseStatus */

/** @typedef {import('./types.js').Child} Child */
/** @typedef {import('./types.js').Props} Props */

/**
 * Creates an element. `props`: `class`, `text`, `on<Event>` listeners, `dataset`, boolean attributes
 * (true sets, false/null/undefined leaves out) and ordinary attributes. Children: nodes, strings
 * (as text), arrays of them, null/false (skipped).
 */
/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} props
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class')
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    } else if (key === 'href') el.setAttribute('href', safeHref(String(value)));
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/**
 * @template {Element | DocumentFragment} E
 * @param {E} el
 * @param {Child[]} children
 * @returns {E}
 */
export function append(el, children) {
  // Nested lists flattened by recursion (what flat(Infinity) does, in a form the type-check follows).
  for (const child of children) {
    if (Array.isArray(child)) append(el, child);
    else if (child === null || child === undefined || child === false) continue;
    else el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/**
 * Replaces an element's children.
 * @template {Element} E
 * @param {E} el
 * @param {...Child} children
 * @returns {E}
 */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/**
 * In-app hash links, and http(s)/mailto links only: a `javascript:` URL from data never becomes a link.
 * @param {string} url
 */
export function safeHref(url) {
  if (url.startsWith('#') || url.startsWith('./') || url.startsWith('/')) return url;
  try {
    const parsed = new URL(url);
    return ['https:', 'http:', 'mailto:'].includes(parsed.protocol) ? parsed.href : '#';
  } catch {
    return '#';
  }
}

/**
 * Text with line-break opportunities (<wbr>) after '@', ',', ':', '/', '=', before '.' and between camelCase
 * words, so that long UPNs, DNs and names such as QuarantinedAttributeValueMustBeUnique wrap where
 * a reader expects. The text itself is unchanged (textContent is the same).
 * @param {unknown} text
 */
export function breakable(text) {
  const fragment = document.createDocumentFragment();
  const parts = String(text ?? '').split(/(?<=[@,:/=])|(?=\.)|(?<=[a-z])(?=[A-Z])/);
  parts.forEach((part, i) => {
    if (i > 0) fragment.append(document.createElement('wbr'));
    fragment.append(part);
  });
  return fragment;
}

/**
 * A value such as a UPN or an address, as a span that breaks only where a line cannot hold it: where
 * `breakable` allows, and on a phone anywhere as a last resort rather than overflow (styles.css).
 * @param {unknown} text
 * @param {string} [className]
 */
export function value(text, className) {
  return h('span', { class: ['value', className] }, breakable(text));
}

/**
 * A link that leaves the portal: a new tab, and says so to screen readers.
 * @param {string} text
 * @param {string} url
 */
export function externalLink(text, url) {
  return h(
    'a',
    { href: url, target: '_blank', rel: 'noopener noreferrer' },
    text,
    h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'),
  );
}

/** @param {string | null | undefined} iso */
export function formatDate(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/**
 * A <time> element: readable text, machine-readable datetime.
 * @param {string | null | undefined} iso
 */
export function time(iso) {
  return iso ? h('time', { datetime: iso }, formatDate(iso)) : h('span', null, '—');
}

/**
 * The diagnose statuses in words; `Resolved` is the portal's own, for an error a cycle resolved.
 * @type {Record<DiagnoseStatus | 'Resolved', string>}
 */
export const STATUS_LABELS = {
  NotStarted: 'Not Started',
  ManualFixRequired: 'Manual Fix Required',
  PendingSync: 'Pending Sync',
  Resolved: 'Resolved',
};

/**
 * Diagnose status as a badge whose text says it all (colour only repeats it).
 * @param {DiagnoseStatus | 'Resolved' | string} status
 */
export function statusBadge(status) {
  const known = isStatus(status);
  return h(
    'span',
    { class: ['badge', known ? `badge--${status}` : null], dataset: { status: String(status) } },
    known ? STATUS_LABELS[status] : String(status),
  );
}

/**
 * @param {string} status
 * @returns {status is DiagnoseStatus | 'Resolved'}
 */
function isStatus(status) {
  return Object.hasOwn(STATUS_LABELS, status);
}

/**
 * A message box; `alert` ones are announced at once.
 * @param {'error' | 'warning' | 'info' | 'success'} kind
 * @param {string | null} title
 * @param {...Child} body
 */
export function notice(kind, title, ...body) {
  return h(
    'div',
    { class: ['notice', `notice--${kind}`], role: kind === 'error' ? 'alert' : 'status' },
    title ? h('p', { class: 'notice__title' }, title) : null,
    ...body,
  );
}

/**
 * Whether the service refused the request (a 4xx problem): asking again will not change its mind.
 * A network failure, a 5xx or a 429 (try later) is not a refusal.
 * @param {unknown} error
 */
export function isRefusal(error) {
  const status = statusOf(error);
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}

/**
 * The HTTP status of a failure (an ApiError; 0 when the service could not be reached), or null.
 * @param {unknown} error
 * @returns {number | null}
 */
export function statusOf(error) {
  const status = /** @type {{ status?: unknown } | null | undefined} */ (error)?.status;
  return typeof status === 'number' ? status : null;
}

/**
 * The problem `code` of a failure (an ApiError), typed by the service's codes so that a comparison
 * with a code it does not have fails the type-check; null for anything else.
 * @param {unknown} error
 * @returns {import('./apiTypes.js').ProblemCode | 'NetworkError' | null}
 */
export function problemCodeOf(error) {
  const code = /** @type {{ code?: unknown } | null | undefined} */ (error)?.code;
  return typeof code === 'string' ? /** @type {import('./apiTypes.js').ProblemCode} */ (code) : null;
}

/**
 * A problem from the API as a message box: the service's `detail` is the message, the code beside it.
 * @param {unknown} failure an ApiError, or any other thrown value
 * @param {string} title
 */
export function problemNotice(failure, title) {
  const error =
    /** @type {{ detail?: string, message?: string, code?: string | null } | null | undefined} */ (failure);
  const detail = error?.detail ?? error?.message ?? String(failure);
  return notice(
    'error',
    title,
    h('p', { class: 'notice__detail' }, detail),
    error?.code ? h('p', { class: 'notice__code' }, 'Code: ', h('code', null, error.code)) : null,
  );
}

/** @param {string} label */
export function spinner(label) {
  return h(
    'span',
    { class: 'busy' },
    h('span', { class: 'busy__spinner', 'aria-hidden': 'true' }),
    h('span', null, label),
  );
}

/**
 * A definition list from [term, value] pairs (value: node or text); null pairs are left out.
 * @param {([string, Child] | null | false | undefined)[]} pairs
 * @param {string} [className]
 */
export function definitionList(pairs, className) {
  return h(
    'dl',
    { class: ['facts', className] },
    pairs.map((pair) =>
      pair ? h('div', { class: 'facts__row' }, h('dt', null, pair[0]), h('dd', null, pair[1] ?? '—')) : null,
    ),
  );
}

/** @param {boolean | null | undefined} value */
export function yesNo(value) {
  if (value === null || value === undefined) return '—';
  return value ? 'Yes' : 'No';
}

/** @param {unknown} value */
export function orDash(value) {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

/**
 * Runs `work` with the button disabled and marked busy; gives the button back afterwards.
 * @template T
 * @param {HTMLButtonElement} button
 * @param {string} busyText
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withBusy(button, busyText, work) {
  const original = [...button.childNodes];
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.replaceChildren(spinner(busyText));
  try {
    return await work();
  } finally {
    button.replaceChildren(...original);
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/**
 * Hands a file the service answered (CSV, LDIF) to the browser as a download, under the name the
 * service gave it. The object URL outlives the click a little: revoking it at once can cancel the
 * download in some browsers.
 * @param {Blob} blob
 * @param {string} filename
 */
export function saveFile(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: '#', download: filename, class: 'visually-hidden' });
  link.href = url;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A cycle's figures as a definition list (the cycle's summary, or what its dry run would do).
 * @param {[string, number | undefined][]} figures label and figure; a missing figure shows as 0
 * @param {string} testid
 */
export function figureList(figures, testid) {
  return h(
    'dl',
    { class: 'summary', dataset: { testid } },
    figures.map(([label, figure]) =>
      h('div', { class: 'summary__item' }, h('dt', null, label), h('dd', null, String(figure ?? 0))),
    ),
  );
}
