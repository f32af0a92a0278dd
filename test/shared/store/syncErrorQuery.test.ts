import { errorToEntity } from '../../../shared/store/syncErrorEntities';
import { errorQuery, parseErrorRow } from '../../../shared/store/syncErrorQuery';
import { syncError } from '../syncErrors/fixtures';

const TENANT = '11111111-2222-3333-4444-555555555555';

describe('errorQuery', () => {
  test('state picks the key range; no filter when none is asked', () => {
    expect(errorQuery({ state: 'open' })).toMatchObject({
      prefix: 'err_',
      filter: undefined,
      keep: undefined,
    });
    expect(errorQuery({ state: 'resolved' }).prefix).toBe('erh_');
  });

  test('equality filters become one OData conjunction', () => {
    const query = errorQuery({
      state: 'open',
      attribute: 'ProxyAddresses',
      errorType: 'AttributeValueMustBeUnique',
      diagnoseStatus: 'ManualFixRequired',
    });
    expect(query.filter).toBe(
      "attribute eq 'ProxyAddresses' and errorType eq 'AttributeValueMustBeUnique' and diagnoseStatus eq 'ManualFixRequired'",
    );
  });

  test('search is a case-insensitive substring of the stored search text', () => {
    const keep = errorQuery({ state: 'open', search: 'JOE JACK' }).keep;
    const row = parseErrorRow({ ...errorToEntity(TENANT, syncError()), etag: 'W/"1"' });
    expect(keep?.(row)).toBe(true);
    expect(keep?.({ ...row, searchText: 'joe johnson' })).toBe(false);
  });

  test('the fingerprint tells every filter apart, and search only as it is matched', () => {
    const fp = (filters: Parameters<typeof errorQuery>[0]) => JSON.stringify(errorQuery(filters).fingerprint);
    const base = fp({ state: 'open' });
    expect(fp({ state: 'resolved' })).not.toBe(base);
    expect(fp({ state: 'open', attribute: 'UserPrincipalName' })).not.toBe(base);
    expect(fp({ state: 'open', errorType: 'AttributeValueMustBeUnique' })).not.toBe(base);
    expect(fp({ state: 'open', diagnoseStatus: 'NotStarted' })).not.toBe(base);
    expect(fp({ state: 'open', search: 'joe' })).not.toBe(base);
    expect(fp({ state: 'open', search: 'JOE' })).toBe(fp({ state: 'open', search: 'joe' }));
  });
});

describe('parseErrorRow', () => {
  test('reads the stored search text', () => {
    const entity = { ...errorToEntity(TENANT, syncError()), searchText: 'stored text', etag: 'W/"1"' };
    expect(parseErrorRow(entity).searchText).toBe('stored text');
  });

  test('recomputes it for a row without the column', () => {
    const stored: Record<string, unknown> = { ...errorToEntity(TENANT, syncError()), etag: 'W/"1"' };
    const { searchText, ...entity } = stored;
    expect(typeof searchText).toBe('string');
    expect(parseErrorRow(entity).searchText).toBe(searchText);
  });
});
