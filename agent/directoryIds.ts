/**
 * The two binary identifiers Active Directory hands out, decoded as Entra Connect reads them.
 * objectGUID is stored in .NET Guid.ToByteArray() order (first three groups little-endian); its
 * bytes, base64-encoded as they are, are the ImmutableId. objectSid is the binary SID structure.
 */

/** The string form (`f7cc07d7-7c15-447d-876d-c01b0e5a9e38`) of a 16-byte objectGUID as AD stores it. */
export function guidStringFromBytes(bytes: Buffer): string {
  if (bytes.length !== 16) throw new Error(`an objectGUID has 16 bytes, not ${bytes.length}`);
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = Buffer.from(bytes.subarray(from, to));
    return (reverse ? part.reverse() : part).toString('hex');
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join('-');
}

/**
 * `S-1-5-21-…` from a binary objectSid: revision (1 byte), sub-authority count (1 byte), the
 * identifier authority (6 bytes, big-endian), then each sub-authority (4 bytes, little-endian).
 */
export function sidStringFromBytes(bytes: Buffer): string {
  if (bytes.length < 8) throw new Error(`a SID has at least 8 bytes, not ${bytes.length}`);
  const revision = bytes.readUInt8(0);
  const count = bytes.readUInt8(1);
  if (bytes.length !== 8 + 4 * count) {
    throw new Error(`a SID with ${count} sub-authorities has ${8 + 4 * count} bytes, not ${bytes.length}`);
  }
  const authority = bytes.readUIntBE(2, 6);
  const subAuthorities: number[] = [];
  for (let i = 0; i < count; i++) subAuthorities.push(bytes.readUInt32LE(8 + 4 * i));
  return [`S-${revision}-${authority}`, ...subAuthorities].join('-');
}
