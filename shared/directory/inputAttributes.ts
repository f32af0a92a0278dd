import type { DirectoryAttributes } from './model';

/** The attributes as an input may give them: optional or null where the record holds null. */
export type AttributesInput = Pick<DirectoryAttributes, 'objectType' | 'proxyAddresses'> &
  Partial<Record<Exclude<keyof DirectoryAttributes, 'objectType' | 'proxyAddresses'>, string | null>>;

/**
 * The attributes of a PUT source or cloud object as the record holds them: every one present, null
 * where the input left it out (a PUT replaces an object's attributes whole; SPEC decision 21).
 */
export function attributesFromInput(input: AttributesInput): DirectoryAttributes {
  return {
    objectType: input.objectType,
    userPrincipalName: input.userPrincipalName ?? null,
    mailNickname: input.mailNickname ?? null,
    displayName: input.displayName ?? null,
    proxyAddresses: input.proxyAddresses,
    sipProxyAddress: input.sipProxyAddress ?? null,
    onPremisesSecurityIdentifier: input.onPremisesSecurityIdentifier ?? null,
  };
}
