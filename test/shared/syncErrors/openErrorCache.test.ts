import {
  createOpenErrorCache,
  REVALIDATE_MS,
  type CachedOpenErrors,
} from '../../../shared/syncErrors/openErrorCache';

const entry = (version: string, loadedAt = 0): CachedOpenErrors => ({
  version,
  rows: [],
  lastCycleStartedAt: null,
  loadedAt,
});

describe('the open-errors cache', () => {
  test('serves an entry only under the version it was read with', () => {
    const cache = createOpenErrorCache();
    cache.set('t', entry('v1'));
    expect(cache.get('t', 'v1', 1)).toBeDefined();
    expect(cache.get('t', 'v2', 1)).toBeUndefined();
    expect(cache.get('other', 'v1', 1)).toBeUndefined();
  });

  test('outlives no more than a minute, and forget drops it at once', () => {
    const cache = createOpenErrorCache();
    cache.set('t', entry('v1', 1_000));
    expect(cache.get('t', 'v1', 61_000)).toBeDefined();
    expect(cache.get('t', 'v1', 61_001)).toBeUndefined();
    cache.set('t', entry('v1', 1_000));
    cache.forget('t');
    expect(cache.get('t', 'v1', 1_000)).toBeUndefined();
  });

  test('serves without a version read for REVALIDATE_MS after the version was confirmed, and not once forgotten', () => {
    const cache = createOpenErrorCache();
    cache.set('t', entry('v1', 1_000));
    expect(cache.fresh('t', 1_000 + REVALIDATE_MS - 1)).toBeDefined();
    expect(cache.fresh('t', 1_000 + REVALIDATE_MS)).toBeUndefined();
    // The version read again and found unchanged: trusted for another window.
    expect(cache.get('t', 'v1', 5_000)).toBeDefined();
    expect(cache.fresh('t', 5_000 + REVALIDATE_MS - 1)).toBeDefined();
    cache.forget('t');
    expect(cache.fresh('t', 5_001)).toBeUndefined();
    expect(cache.fresh('other', 5_001)).toBeUndefined();
  });

  test('keeps the most recently used tenants within its bound', () => {
    const cache = createOpenErrorCache(2);
    cache.set('a', entry('v'));
    cache.set('b', entry('v'));
    expect(cache.get('a', 'v', 0)).toBeDefined(); // a is now the most recent
    cache.set('c', entry('v'));
    expect(cache.get('b', 'v', 0)).toBeUndefined();
    expect(cache.get('a', 'v', 0)).toBeDefined();
    expect(cache.get('c', 'v', 0)).toBeDefined();
  });
});
