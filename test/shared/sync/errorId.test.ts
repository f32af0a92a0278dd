import { isSyncErrorId, syncErrorId, SYNC_ERROR_ID_PATTERN } from '../../../shared/sync/errorId';

const key = {
  attribute: 'UserPrincipalName' as const,
  normalizedValue: 'joe.j@contoso.com',
  conflictingSourceAnchor: 'QF5HMK7n80qvdYsUPIHa9Q==',
};

describe('syncErrorId', () => {
  test('is 32 lower-case hex characters', () => {
    expect(syncErrorId(key)).toMatch(SYNC_ERROR_ID_PATTERN);
    expect(isSyncErrorId(syncErrorId(key))).toBe(true);
  });

  test('is stable: the same key gives the same id', () => {
    expect(syncErrorId({ ...key })).toBe(syncErrorId(key));
  });

  test('is the first 32 hex digits of sha256 over the JSON of the three parts', () => {
    // Pinned so a change of the derivation (which would orphan every stored error) cannot go unnoticed.
    expect(syncErrorId(key)).toBe('50025aedbaf5a7f059e544e142023eb4');
  });

  test('is safe as a Table Storage RowKey even when the anchor holds / + and =', () => {
    const id = syncErrorId({ ...key, conflictingSourceAnchor: 'ab/+cd==#?\\' });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  test.each([
    ['attribute', { ...key, attribute: 'ProxyAddresses' as const }],
    ['value', { ...key, normalizedValue: 'joe.k@contoso.com' }],
    ['anchor (case-sensitive)', { ...key, conflictingSourceAnchor: 'qf5hmk7n80qvdysupiha9q==' }],
  ])('differs when the %s differs', (_label, other) => {
    expect(syncErrorId(other)).not.toBe(syncErrorId(key));
  });

  test('no separator trick makes two keys collide', () => {
    const a = syncErrorId({ ...key, normalizedValue: 'a|b', conflictingSourceAnchor: 'c' });
    const b = syncErrorId({ ...key, normalizedValue: 'a', conflictingSourceAnchor: 'b|c' });
    expect(a).not.toBe(b);
  });

  test('isSyncErrorId refuses anything else', () => {
    expect(isSyncErrorId('ABCDEF0123456789abcdef0123456789')).toBe(false);
    expect(isSyncErrorId('abc')).toBe(false);
  });
});
