import {
  SYNC_ERROR_CSV_COLUMNS,
  syncErrorCsvHeader,
  syncErrorCsvLine,
} from '../../../shared/syncErrors/syncErrorCsv';
import { syncErrorView } from '../../../shared/syncErrors/syncErrorView';
import { conflicting, existing, syncError } from './fixtures';

describe('the sync error CSV', () => {
  test('the header names every column, the objects side by side', () => {
    expect(syncErrorCsvHeader()).toBe(`${SYNC_ERROR_CSV_COLUMNS.join(',')}\r\n`);
    expect(SYNC_ERROR_CSV_COLUMNS).toEqual([
      'id',
      'category',
      'errorType',
      'attribute',
      'value',
      'diagnoseStatus',
      'detectedAt',
      'lastSeenAt',
      'resolvedAt',
      ...['existingObject', 'conflictingObject'].flatMap((side) =>
        [
          'objectId',
          'sourceAnchor',
          'objectType',
          'displayName',
          'userPrincipalName',
          'cloudUserPrincipalName',
          'distinguishedName',
          'softDeleted',
        ].map((field) => `${side}.${field}`),
      ),
    ]);
  });

  test('a row carries the view values: nulls empty, DNs quoted, a + anchor guarded', () => {
    const view = syncErrorView(syncError(), '2025-01-02T00:00:00.000Z');
    expect(syncErrorCsvLine(view)).toBe(
      [
        '0123456789abcdef0123456789abcdef',
        'DuplicateAttribute',
        'QuarantinedAttributeValueMustBeUnique',
        'UserPrincipalName',
        'Joe.J@contoso.com',
        'NotStarted',
        '2025-01-01T10:00:00.000Z',
        '2025-01-02T00:00:00.000Z',
        '',
        existing.objectId,
        existing.sourceAnchor,
        'User',
        'Joe Johnson',
        'Joe.J@contoso.com',
        'Joe.J@contoso.com',
        '"CN=Joe Johnson,OU=Users,DC=contoso,DC=com"',
        'false',
        '',
        `'${conflicting.sourceAnchor ?? ''}`,
        'User',
        'Joe Jackson',
        'Joe.J@contoso.com',
        '',
        '"CN=Joe Jackson,OU=Users,DC=contoso,DC=com"',
        'false',
      ].join(',') + '\r\n',
    );
  });

  test('a row has as many cells as the header', () => {
    const line = syncErrorCsvLine(syncErrorView(syncError({ value: 'plain' }), null));
    const cells = line
      .replace(/"[^"]*"/g, 'q')
      .trimEnd()
      .split(',');
    expect(cells).toHaveLength(SYNC_ERROR_CSV_COLUMNS.length);
  });
});
