import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { installCommand, requirementPath, SYSTEM_REQUIREMENTS } from '../../scripts/lib/systemPackages';
import { ROOT } from '../support/service';

const CHROMIUM = SYSTEM_REQUIREMENTS.find((r) => r.debianPackages.includes('chromium'))!;

/**
 * Debian's chromium, which npm test installs when it can (scripts/lib/systemPackages.ts), or the
 * one CHROMIUM_PATH names. Never a downloaded browser.
 */
export const CHROMIUM_PATH = requirementPath(CHROMIUM);
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

const ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless chromium with a fresh profile, closed and removed by close(). */
export async function launchBrowser(executablePath = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `No chromium at ${executablePath}: install Debian's (${installCommand([CHROMIUM])}) or set CHROMIUM_PATH`,
    );
  }
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'portal-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    locale: 'en-GB',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot under test-artifacts/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects what the page logs as errors, and failed requests, so a test can assert there were none. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every 4xx answer; the refusals a test provokes on purpose are not problems.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return problems;
}

/**
 * Cheap accessibility checks on what the page shows now: every form control has a label, every
 * button and link a name, ids are unique, there is one h1, and visible text has WCAG AA contrast
 * (4.5:1, or 3:1 for large text) against the background it is drawn on. Returns the failures.
 * Plain JavaScript run in the page (this project type-checks without the DOM library).
 */
const ACCESSIBILITY_CHECKS = String.raw`(() => {
  const problems = [];
  const describe = (el) =>
    '<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : '') +
    '> "' + (el.textContent || '').trim().slice(0, 40) + '"';
  const visible = (el) => {
    if (!(el instanceof HTMLElement) || el.closest('[hidden]')) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 1 && rect.height > 1;
  };

  for (const input of document.querySelectorAll('input, select, textarea')) {
    if (input.type === 'hidden' || !visible(input)) continue;
    const named = input.labels.length > 0 || input.hasAttribute('aria-label') || input.hasAttribute('aria-labelledby');
    if (!named) problems.push('no label: ' + describe(input));
  }
  for (const el of document.querySelectorAll('button, a[href]')) {
    if (visible(el) && !(el.textContent || '').trim() && !el.hasAttribute('aria-label')) {
      problems.push('no name: ' + describe(el));
    }
  }
  const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push('duplicate id ' + id);
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');

  const parse = (color) => {
    const m = /rgba?\(([^)]+)\)/.exec(color);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p[3] === undefined ? 1 : p[3]];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    return layers.reduceRight((under, layer) => over(layer, under), [255, 255, 255, 1]);
  };
  const luminance = (rgb) => {
    const channel = (c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const checked = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || checked.has(el) || !(node.textContent || '').trim()) continue;
    checked.add(el);
    if (!visible(el) || el.closest('.visually-hidden, [aria-hidden="true"], :disabled, option')) continue;
    const style = getComputedStyle(el);
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push('contrast ' + ratio.toFixed(2) + ': ' + describe(el));
  }
  return problems;
})()`;

export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(ACCESSIBILITY_CHECKS);
}

/**
 * Layout checks on what the page shows now, each failure with its numbers:
 * - the page scrolls sideways (`document.documentElement.scrollWidth > clientWidth`);
 * - text is cut off: an element whose content is wider than its box (scrollWidth > clientWidth) while
 *   it clips (overflow hidden, clip, auto or scroll, or an ellipsis): the reader sees part of a value,
 *   or has to scroll inside a table to see the rest of it;
 * - content spills out of its box over what is beside it (the innermost such element is named);
 * - boxes overlap: the rows of a table (one card per row on a narrow screen), the cells of a row, and
 *   the pieces of text in a cell (the grid items of a stacked cell), pairwise.
 * Plain JavaScript run in the page, as ACCESSIBILITY_CHECKS.
 */
const LAYOUT_CHECKS = String.raw`(() => {
  const problems = [];
  const px = (n) => Math.round(n * 10) / 10;
  const describe = (el) => {
    const label = el.closest('[data-label]')?.getAttribute('data-label');
    return '<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
      '>' + (label ? ' [' + label + ']' : '') + ' "' + (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 48) + '"';
  };
  // Hidden, or hidden on purpose by the visually-hidden pattern (a 1 px clipped box).
  const skipped = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      if (node.hidden) return true;
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden') return true;
      if (style.clip !== 'auto' && style.clip !== '') return true;
      const rect = node.getBoundingClientRect();
      if (rect.width <= 1 && rect.height <= 1) return true;
    }
    return false;
  };

  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push('page scrolls sideways: scrollWidth ' + root.scrollWidth + ' > clientWidth ' + root.clientWidth +
      ' (by ' + (root.scrollWidth - root.clientWidth) + ' px)');
  }

  const spills = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (['INPUT', 'SELECT', 'TEXTAREA', 'OPTION', 'PROGRESS', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'BR', 'WBR'].includes(el.tagName)) continue;
    const style = getComputedStyle(el);
    if (style.display === 'inline' || style.display === 'contents' || style.display === 'none') continue;
    if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0) continue;
    if (skipped(el)) continue;
    const by = el.scrollWidth - el.clientWidth;
    const clips = ['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    if (clips) {
      problems.push('text cut off (overflow ' + style.overflowX + '): ' + describe(el) + ' scrollWidth ' +
        el.scrollWidth + ' > clientWidth ' + el.clientWidth + ' (by ' + by + ' px)');
      // Which cells or values it cuts, and by how much (what the reader does not see).
      const edge = el.getBoundingClientRect().left + el.clientLeft + el.clientWidth;
      for (const cell of el.querySelectorAll('td, th, dd')) {
        if (skipped(cell)) continue;
        const right = cell.getBoundingClientRect().right;
        if (right > edge + 1) problems.push('  cuts off ' + describe(cell) + ' by ' + px(right - edge) + ' px');
      }
    } else if (el !== document.body) {
      spills.push({ el, by });
    }
  }
  // Content that spills makes each of its ancestors overflow too: name the innermost only.
  for (const { el, by } of spills) {
    if (spills.some((other) => other.el !== el && el.contains(other.el))) continue;
    problems.push('spills out of its box: ' + describe(el) + ' scrollWidth ' + el.scrollWidth +
      ' > clientWidth ' + el.clientWidth + ' (by ' + by + ' px)');
  }

  // Overlaps. Each piece is a list of boxes (an inline piece has one per line).
  const boxesOf = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (!(node.textContent || '').trim()) return [];
      const range = document.createRange();
      range.selectNodeContents(node);
      return [...range.getClientRects()];
    }
    if (!(node instanceof HTMLElement) || skipped(node)) return [];
    return [...node.getClientRects()];
  };
  const nameOf = (node) =>
    node.nodeType === Node.TEXT_NODE ? 'text "' + node.textContent.trim().slice(0, 48) + '"' : describe(node);
  const overlaps = (parent, pieces, what) => {
    const boxes = pieces.map((node) => ({ node, rects: boxesOf(node).filter((r) => r.width > 0 && r.height > 0) }));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        let worst = null;
        for (const a of boxes[i].rects) {
          for (const b of boxes[j].rects) {
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const hgt = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 1 && hgt > 1 && (!worst || w * hgt > worst.w * worst.h)) worst = { w, h: hgt };
          }
        }
        if (worst) {
          problems.push(what + ' overlap by ' + px(worst.w) + ' × ' + px(worst.h) + ' px: ' +
            nameOf(boxes[i].node) + ' and ' + nameOf(boxes[j].node) + ' in ' + describe(parent));
        }
      }
    }
  };
  for (const body of document.querySelectorAll('main tbody')) {
    if (skipped(body)) continue;
    overlaps(body, [...body.children], 'rows');
    for (const tr of body.children) {
      overlaps(tr, [...tr.children], 'cells');
      for (const cell of tr.children) overlaps(cell, [...cell.childNodes], 'cell contents');
    }
  }
  return problems;
})()`;

export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(LAYOUT_CHECKS);
}
