/**
 * Text the service never hands to Table Storage: the line and paragraph separators U+2028 and
 * U+2029. The real Table service stores them, but Azurite (the local and test store) fails any
 * batch that holds one ("Transaction Failed"), and then may fail later batches too, for every
 * tenant. Active Directory attributes do not hold them in practice, so input holding one is
 * refused at the edge (UnsupportedCharacter), token claims have them replaced, and every write
 * checks once more here, so that no value can reach the shared storage whatever path it took.
 */
/** The characters as a regular-expression class body, for the schemas and cleaners that build on it. */
export const UNSTORABLE_CLASS = '\\u2028\\u2029';
export const UNSTORABLE_CHARACTERS = new RegExp(`[${UNSTORABLE_CLASS}]`);

/** The first property of an entity holding an unstorable character, or null. */
export function unstorableProperty(entity: object): string | null {
  for (const [name, value] of Object.entries(entity)) {
    if (typeof value === 'string' && UNSTORABLE_CHARACTERS.test(value)) return name;
  }
  return null;
}

export class UnstorableTextError extends Error {
  override name = 'UnstorableTextError';
  constructor(property: string) {
    super(`Refused to store property ${property}: it holds U+2028 or U+2029`);
  }
}
