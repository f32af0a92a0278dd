import {
  DIAGNOSIS_REFUSAL_CODES,
  FIX_CHECK_MESSAGES,
  FIXED_MESSAGES,
} from '../../../shared/diagnosis/refusals';

describe('refusal codes and messages', () => {
  it('lists each code once', () => {
    expect(new Set(DIAGNOSIS_REFUSAL_CODES).size).toBe(DIAGNOSIS_REFUSAL_CODES.length);
  });

  it("carries the seed's messages word for word, in the table's order", () => {
    expect(Object.entries(FIX_CHECK_MESSAGES)).toEqual([
      [
        'ConflictingUserSoftDeleted',
        'User with conflicting attribute is soft deleted in the Microsoft Entra ID. Ensure the user is hard deleted before retry.',
      ],
      [
        'CloudOnlyUserNotSupported',
        'Updating source anchor to cloud-based user in your tenant is not supported.',
      ],
      ['UserWritebackEnabled', 'The fix process failed to update the values.'],
    ]);
  });

  it('keys every fixed message by a known code', () => {
    for (const code of Object.keys(FIXED_MESSAGES)) expect(DIAGNOSIS_REFUSAL_CODES).toContain(code);
  });
});
