import { connectorSpaceDn } from '../../../shared/diagnosis/connectorSpaceDn';

describe('connectorSpaceDn', () => {
  it('matches the SPEC vector', () => {
    expect(connectorSpaceDn('QF5HMK7n80qvdYsUPIHa9Q==')).toBe(
      'CN={514635484D4B376E38307176645973555049486139513D3D}',
    );
  });

  it('encodes / and + like any other character, in upper-case hex', () => {
    expect(connectorSpaceDn('a/+z')).toBe('CN={612F2B7A}');
  });

  it('keeps the anchor case-sensitive: different case, different DN', () => {
    expect(connectorSpaceDn('ab')).not.toBe(connectorSpaceDn('AB'));
  });
});
