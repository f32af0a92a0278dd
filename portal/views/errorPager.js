// @ts-check
import { h } from '../dom.js';

/** The page sizes offered; 25 is the list's default (and is left out of the URL). */
export const PAGE_SIZES = [10, 25, 50, 100];

/**
 * Rows per page, Previous and Next, and the page number. The list keeps the tokens and says what
 * to do: `onSize(size)`, `onPrevious()`, `onNext()`.
 * @param {{ top: number, onSize: (size: number) => void, onPrevious: () => void, onNext: () => void }} options
 */
export function errorPager({ top, onSize, onPrevious, onNext }) {
  const prevButton = h('button', { type: 'button', class: 'button button--secondary' }, 'Previous page');
  const nextButton = h('button', { type: 'button', class: 'button button--secondary' }, 'Next page');
  const pageLabel = h('span', { class: 'pager__page' });
  const sizeSelect = h(
    'select',
    { id: 'page-size', class: 'input input--small' },
    PAGE_SIZES.map((n) => h('option', { value: String(n) }, String(n))),
  );
  sizeSelect.value = String(top);
  sizeSelect.addEventListener('change', () => onSize(Number(sizeSelect.value)));
  prevButton.addEventListener('click', onPrevious);
  nextButton.addEventListener('click', onNext);
  const nav = h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    h('span', { class: 'pager__size' }, h('label', { for: 'page-size' }, 'Rows per page'), sizeSelect),
    prevButton,
    pageLabel,
    nextButton,
  );
  return {
    nav,
    /** While a page loads: neither way can be taken. */
    busy() {
      prevButton.disabled = true;
      nextButton.disabled = true;
    },
    /**
     * @param {number} page the page shown, from 0
     * @param {boolean} more whether a next page exists
     */
    show(page, more) {
      pageLabel.textContent = `Page ${page + 1}`;
      prevButton.disabled = page === 0;
      nextButton.disabled = !more;
    },
  };
}
