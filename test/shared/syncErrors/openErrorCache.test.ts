import { createOpenErrorCache, type CachedOpenErrors } from '../../../shared/syncErrors/openErrorCache';

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
