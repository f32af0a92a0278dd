import { badRequest } from '../errors';

/**
 * Entra Connect's anchors, derived the way Entra Connect derives them, so that an admin can find in
 * Entra Connect what the service shows.
 */

const GUID_PATTERN = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;

export function isObjectGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

/** .NET's Guid.ToByteArray() stores the first three groups as little-endian integers. */
function littleEndian(hex: string): Buffer {
  return Buffer.from(hex, 'hex').reverse();
}

/**
 * The ImmutableId (source anchor) Entra Connect derives from an on-premises objectGUID: base64 of the
 * GUID's 16 bytes in Guid.ToByteArray() order. `f7cc07d7-7c15-447d-876d-c01b0e5a9e38` →
 * `1wfM9xV8fUSHbcAbDlqeOA==`. Throws a 400 `InvalidObjectGuid` for anything but a canonical GUID.
 */
export function immutableIdFromObjectGuid(guid: string): string {
  const groups = GUID_PATTERN.exec(guid);
  if (groups === null) {
    throw badRequest(
      'InvalidObjectGuid',
      'objectGuid must be a GUID such as f7cc07d7-7c15-447d-876d-c01b0e5a9e38.',
    );
  }
  const [, data1 = '', data2 = '', data3 = '', data4 = '', data5 = ''] = groups;
  const bytes = Buffer.concat([
    littleEndian(data1),
    littleEndian(data2),
    littleEndian(data3),
    Buffer.from(data4 + data5, 'hex'),
  ]);
  return bytes.toString('base64');
}
