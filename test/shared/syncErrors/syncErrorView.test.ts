import { differencesOf, syncErrorView } from '../../../shared/syncErrors/syncErrorView';
import { conflicting, existing, syncError } from './fixtures';

describe('syncErrorView', () => {
  test('shows the error, both objects as stored, and the diagnosis state', () => {
    const view = syncErrorView(
      syncError({ answers: { userExistsOnPremises: 'no', sameUser: 'yes', closed: false } }),
      null,
    );
    expect(view).toEqual({
      id: '0123456789abcdef0123456789abcdef',
      category: 'DuplicateAttribute',
      errorType: 'QuarantinedAttributeValueMustBeUnique',
      attribute: 'UserPrincipalName',
      value: 'Joe.J@contoso.com',
      diagnoseStatus: 'NotStarted',
      detectedAt: '2025-01-01T10:00:00.000Z',
      lastSeenAt: '2025-01-01T10:00:00.000Z',
      resolvedAt: null,
      existingObject: existing,
      conflictingObject: conflicting,
      differences: ['displayName', 'objectId'],
      diagnosis: { answers: { userExistsOnPremises: 'no', sameUser: 'yes' }, closed: false },
    });
  });

  test('keeps internal fields (normalized value, conflicting anchor key) out', () => {
    const view = syncErrorView(syncError(), null);
    expect(view).not.toHaveProperty('normalizedValue');
    expect(view).not.toHaveProperty('conflictingSourceAnchor');
    expect(view).not.toHaveProperty('answers');
  });

  test('does not pass on fields a stored snapshot may gain', () => {
    const widened = { ...existing, secret: 'x' };
    expect(syncErrorView(syncError({ existingObject: widened }), null).existingObject).toEqual(existing);
  });
});

describe('lastSeenAt', () => {
  const stored = '2025-01-01T10:00:00.000Z';

  test('an open error was seen by the last cycle, which need not have rewritten it', () => {
    expect(syncErrorView(syncError(), '2025-01-01T10:30:00.000Z').lastSeenAt).toBe(
      '2025-01-01T10:30:00.000Z',
    );
  });

  test('a stored time later than the last cycle start stands', () => {
    expect(syncErrorView(syncError(), '2025-01-01T09:30:00.000Z').lastSeenAt).toBe(stored);
  });

  test('compares instants, not strings', () => {
    expect(syncErrorView(syncError(), '2025-01-01T10:00:00Z').lastSeenAt).toBe(stored);
    expect(syncErrorView(syncError(), '2025-01-01T10:00:01Z').lastSeenAt).toBe('2025-01-01T10:00:01Z');
  });

  test('with no cycle recorded, the stored time', () => {
    expect(syncErrorView(syncError(), null).lastSeenAt).toBe(stored);
  });

  test('a resolved error keeps its stored time and shows resolvedAt', () => {
    const resolved = syncError({ resolvedAt: '2025-01-01T10:30:00.000Z' });
    const view = syncErrorView(resolved, '2025-01-02T00:00:00.000Z');
    expect(view.lastSeenAt).toBe(stored);
    expect(view.resolvedAt).toBe('2025-01-01T10:30:00.000Z');
  });
});

describe('differencesOf', () => {
  test('compares display name, UPN and object id ignoring case, in that order', () => {
    const a = { ...existing, displayName: 'JOE JOHNSON', userPrincipalName: 'joe@contoso.com' };
    const b = {
      ...existing,
      objectId: existing.objectId?.toUpperCase() ?? null,
      userPrincipalName: 'jo@x.com',
    };
    expect(differencesOf(a, b)).toEqual(['userPrincipalName']);
    expect(differencesOf(existing, { ...conflicting, objectId: 'other' })).toEqual([
      'displayName',
      'objectId',
    ]);
  });

  test('two missing values are equal; one missing is a difference', () => {
    const group = { ...existing, objectType: 'Group' as const, userPrincipalName: null };
    expect(differencesOf(group, { ...group, objectId: null })).toEqual(['objectId']);
    expect(differencesOf(group, group)).toEqual([]);
  });
});
