// DOM helpers. Everything that comes from the API is put into the page as text (text nodes,
// textContent, attribute values): nothing here ever assigns innerHTML.

/**
 * Creates an element. `props`: `class`, `text`, `on<Event>` listeners, `dataset`, boolean attributes
 * (true sets, false/null/undefined leaves out) and ordinary attributes. Children: nodes, strings
 * (as text), arrays of them, null/false (skipped).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'href') el.setAttribute('href', safeHref(String(value)));
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** In-app hash links, and http(s)/mailto links only: a `javascript:` URL from data never becomes a link. */
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
 */
export function value(text, className) {
  return h('span', { class: ['value', className] }, breakable(text));
}

/** A link that leaves the portal: a new tab, and says so to screen readers. */
export function externalLink(text, url) {
  return h(
    'a',
    { href: url, target: '_blank', rel: 'noopener noreferrer' },
    text,
    h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'),
  );
}

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

/** A <time> element: readable text, machine-readable datetime. */
export function time(iso) {
  return iso ? h('time', { datetime: iso }, formatDate(iso)) : h('span', null, '—');
}

export const STATUS_LABELS = {
  NotStarted: 'Not Started',
  ManualFixRequired: 'Manual Fix Required',
  PendingSync: 'Pending Sync',
  Resolved: 'Resolved',
};

/** Diagnose status as a badge whose text says it all (colour only repeats it). */
export function statusBadge(status) {
  const known = Object.hasOwn(STATUS_LABELS, status);
  return h(
    'span',
    { class: ['badge', known ? `badge--${status}` : null], dataset: { status: String(status) } },
    known ? STATUS_LABELS[status] : String(status),
  );
}

/** A message box; `alert` ones are announced at once. */
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
 */
export function isRefusal(error) {
  const status = error?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}

/** A problem from the API as a message box: the service's `detail` is the message, the code beside it. */
export function problemNotice(error, title) {
  const detail = error?.detail ?? error?.message ?? String(error);
  return notice(
    'error',
    title,
    h('p', { class: 'notice__detail' }, detail),
    error?.code ? h('p', { class: 'notice__code' }, 'Code: ', h('code', null, error.code)) : null,
  );
}

export function spinner(label) {
  return h(
    'span',
    { class: 'busy' },
    h('span', { class: 'busy__spinner', 'aria-hidden': 'true' }),
    h('span', null, label),
  );
}

/** A definition list from [term, value] pairs (value: node or text). */
export function definitionList(pairs, className) {
  return h(
    'dl',
    { class: ['facts', className] },
    pairs
      .filter(Boolean)
      .map(([term, value]) =>
        h('div', { class: 'facts__row' }, h('dt', null, term), h('dd', null, value ?? '—')),
      ),
  );
}

export function yesNo(value) {
  if (value === null || value === undefined) return '—';
  return value ? 'Yes' : 'No';
}

export function orDash(value) {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

/** Runs `work` with the button disabled and marked busy; gives the button back afterwards. */
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
