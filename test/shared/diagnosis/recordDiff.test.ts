import { changedFields } from '../../../shared/diagnosis/recordDiff';

describe('changedFields', () => {
  it('is empty for equal records, nested arrays and objects included', () => {
    expect(
      changedFields({ a: 1, b: ['x', 'y'], c: { d: null } }, { c: { d: null }, b: ['x', 'y'], a: 1 }),
    ).toEqual([]);
  });

  it('names changed, added and removed fields, sorted', () => {
    expect(changedFields({ z: 1, a: 'x', gone: true }, { z: 2, a: 'x', added: 0 })).toEqual([
      'added',
      'gone',
      'z',
    ]);
  });

  it('sees array order, length and null-versus-value', () => {
    expect(changedFields({ a: [1, 2], b: [1], c: null }, { a: [2, 1], b: [1, 1], c: 'v' })).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('treats an undefined field as absent', () => {
    expect(changedFields({ a: 1, b: undefined }, { a: 1 })).toEqual([]);
  });

  it('sees a change deep inside a nested record', () => {
    expect(changedFields({ a: { b: { c: 1 } } }, { a: { b: { c: 2 } } })).toEqual(['a']);
  });
});
