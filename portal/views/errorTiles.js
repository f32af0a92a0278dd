// @ts-check
import { breakable, h, replace, spinner } from '../dom.js';
import { categoryLabel } from './guidance.js';

/** @import { ErrorType, SyncError } from '../apiTypes.js' */
/** @import { ApiEnums } from '../apiEnums.js' */
/** @import { ErrorFilters } from './errorFilters.js' */

/**
 * The duplicate-attribute types have tiles of their own (the filter offers every type). Typed by the
 * service's union, so a type it drops fails the type-check here.
 * @type {ErrorType[]}
 */
const DUPLICATE_TYPES = ['QuarantinedAttributeValueMustBeUnique', 'AttributeValueMustBeUnique'];

/** SourceAnchor (InvalidHardMatch) is in the attribute filter, not among the tiles. */
const NO_TILE_ATTRIBUTES = ['SourceAnchor'];

/** The filters a tile sets. @typedef {'category' | 'attribute' | 'errorType'} TileKind */
/** @typedef {{ button: HTMLButtonElement, count: HTMLElement, kind: TileKind, value: string }} Tile */

/**
 * The tiles: a count per category, attribute and duplicate error type, each a toggle of its filter;
 * `onChange()` after a tile changed `filters`.
 * @param {{ filters: ErrorFilters, enums: ApiEnums, onChange: () => void }} options
 */
export function errorTiles({ filters, enums, onChange }) {
  /** @type {Tile[]} */
  const tiles = [];
  /**
   * @param {TileKind} kind
   * @param {string} value
   * @param {string} [label]
   */
  const tile = (kind, value, label = value) => {
    const count = h('span', { class: 'tile__count' }, '…');
    const button = h(
      'button',
      {
        type: 'button',
        class: 'tile',
        'aria-pressed': String(filters[kind] === value),
        dataset: { tile: value },
      },
      h('span', { class: 'tile__label' }, breakable(label)),
      count,
    );
    button.addEventListener('click', () => {
      Object.assign(filters, { [kind]: filters[kind] === value ? '' : value });
      onChange();
    });
    tiles.push({ button, count, kind, value });
    return button;
  };
  const totalLine = h('p', { class: 'tiles__total' }, spinner('Counting errors…'));
  const section = h(
    'section',
    { class: 'tiles', 'aria-labelledby': 'tiles-title' },
    h('h2', { id: 'tiles-title', class: 'visually-hidden' }, 'Errors by category, attribute and error type'),
    h(
      'div',
      {
        class: 'tiles__group tiles__group--categories',
        role: 'group',
        'aria-labelledby': 'tiles-category',
      },
      h('h3', { id: 'tiles-category', class: 'tiles__heading' }, 'Category'),
      h(
        'div',
        { class: 'tiles__row tiles__row--categories' },
        enums.category.map((category) => tile('category', category, categoryLabel(category))),
      ),
    ),
    h(
      'div',
      { class: 'tiles__group', role: 'group', 'aria-labelledby': 'tiles-attr' },
      h('h3', { id: 'tiles-attr', class: 'tiles__heading' }, 'Attribute'),
      h(
        'div',
        { class: 'tiles__row' },
        enums.attribute.filter((a) => !NO_TILE_ATTRIBUTES.includes(a)).map((a) => tile('attribute', a)),
      ),
    ),
    h(
      'div',
      { class: 'tiles__group', role: 'group', 'aria-labelledby': 'tiles-type' },
      h('h3', { id: 'tiles-type', class: 'tiles__heading' }, 'Duplicate attribute error type'),
      h(
        'div',
        { class: 'tiles__row tiles__row--types' },
        DUPLICATE_TYPES.map((t) => tile('errorType', t)),
      ),
    ),
    totalLine,
  );
  return {
    section,
    /** Shows which tiles `filters` has pressed. */
    sync() {
      for (const { button, kind, value } of tiles) {
        button.setAttribute('aria-pressed', String(filters[kind] === value));
      }
    },
    counting() {
      replace(totalLine, spinner('Counting errors…'));
    },
    /**
     * The counts of `items` (at most the count limit: `truncated` adds "+").
     * @param {SyncError[]} items
     * @param {boolean} truncated
     */
    show(items, truncated) {
      const plus = truncated ? '+' : '';
      for (const { count, kind, value } of tiles) {
        count.textContent = `${items.filter((e) => e[kind] === value).length}${plus}`;
      }
      totalLine.textContent = `${items.length}${plus} ${filters.state === 'open' ? 'open' : 'resolved'} ${
        items.length === 1 && !truncated ? 'error' : 'errors'
      } in this tenant.`;
    },
    /** @param {boolean} forbidden a 403: the role's notice says why, so the line stays empty */
    failed(forbidden) {
      for (const { count } of tiles) count.textContent = '–';
      replace(totalLine, forbidden ? '' : 'The counts could not be loaded.');
    },
  };
}
