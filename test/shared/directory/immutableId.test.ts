import { AppError } from '../../../shared/errors';
import { immutableIdFromObjectGuid, isObjectGuid } from '../../../shared/directory/immutableId';

describe('immutableIdFromObjectGuid', () => {
  test('matches the SPEC vector (Guid.ToByteArray order, base64)', () => {
    expect(immutableIdFromObjectGuid('f7cc07d7-7c15-447d-876d-c01b0e5a9e38')).toBe(
      '1wfM9xV8fUSHbcAbDlqeOA==',
    );
  });

  test('the GUID case does not matter', () => {
    expect(immutableIdFromObjectGuid('F7CC07D7-7C15-447D-876D-C01B0E5A9E38')).toBe(
      '1wfM9xV8fUSHbcAbDlqeOA==',
    );
  });

  test('the first three groups are little-endian, the last two are not', () => {
    const anchor = immutableIdFromObjectGuid('00112233-4455-6677-8899-aabbccddeeff');
    expect(Buffer.from(anchor, 'base64').toString('hex')).toBe('33221100554477668899aabbccddeeff');
  });

  test.each(['', 'not-a-guid', '{f7cc07d7-7c15-447d-876d-c01b0e5a9e38}', 'f7cc07d77c15447d876dc01b0e5a9e38'])(
    'refuses %j with InvalidObjectGuid',
    (guid) => {
      expect(isObjectGuid(guid)).toBe(false);
      expect(() => immutableIdFromObjectGuid(guid)).toThrow(AppError);
      expect(() => immutableIdFromObjectGuid(guid)).toThrow(/InvalidObjectGuid/);
    },
  );
});
