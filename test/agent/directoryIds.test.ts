import { randomBytes, randomUUID } from 'node:crypto';
import { immutableIdFromObjectGuid } from '../../shared/directory/immutableId';
import { guidStringFromBytes, sidStringFromBytes } from '../../agent/directoryIds';
import { anchorOf } from '../../agent/mapping';

describe('objectGUID', () => {
  it('reads the bytes as AD stores them (first three groups little-endian)', () => {
    const bytes = Buffer.from('d707ccf7157c7d44876dc01b0e5a9e38', 'hex');
    expect(guidStringFromBytes(bytes)).toBe('f7cc07d7-7c15-447d-876d-c01b0e5a9e38');
  });

  it('gives the SPEC example: the anchor is the ImmutableId of the GUID', () => {
    const bytes = Buffer.from('d707ccf7157c7d44876dc01b0e5a9e38', 'hex');
    expect(anchorOf(bytes, null, 'mS-DS-ConsistencyGuid')).toBe('1wfM9xV8fUSHbcAbDlqeOA==');
  });

  it("equals the service's conversion of the GUID's string form, for any GUID", () => {
    for (let i = 0; i < 500; i++) {
      const bytes = randomBytes(16);
      expect(anchorOf(bytes, null, 'objectGUID')).toBe(immutableIdFromObjectGuid(guidStringFromBytes(bytes)));
    }
  });

  it('round-trips a GUID string through its bytes', () => {
    const guid = randomUUID();
    const bytes = Buffer.from(immutableIdFromObjectGuid(guid), 'base64');
    expect(guidStringFromBytes(bytes)).toBe(guid);
  });

  it('refuses anything but 16 bytes', () => {
    expect(() => guidStringFromBytes(Buffer.alloc(15))).toThrow(/16 bytes, not 15/);
  });
});

describe('objectSid', () => {
  const sid = (authority: number, subs: number[]): Buffer => {
    const bytes = Buffer.alloc(8 + 4 * subs.length);
    bytes.writeUInt8(1, 0);
    bytes.writeUInt8(subs.length, 1);
    bytes.writeUIntBE(authority, 2, 6);
    subs.forEach((s, i) => bytes.writeUInt32LE(s, 8 + 4 * i));
    return bytes;
  };

  it('reads a domain SID as S-1-5-21-…', () => {
    const bytes = Buffer.from('010500000000000515000000a065cf7e784b9b5fe77c8770f4010000', 'hex');
    expect(sidStringFromBytes(bytes)).toBe('S-1-5-21-2127521184-1604012920-1887927527-500');
  });

  it('reads sub-authorities as unsigned 32-bit little-endian numbers', () => {
    expect(sidStringFromBytes(sid(5, [21, 4294967295, 1, 2, 1104]))).toBe('S-1-5-21-4294967295-1-2-1104');
  });

  it('reads well-known SIDs with other authorities', () => {
    expect(sidStringFromBytes(sid(1, [0]))).toBe('S-1-1-0');
    expect(sidStringFromBytes(sid(5, [32, 544]))).toBe('S-1-5-32-544');
  });

  it('refuses a SID whose length does not match its count', () => {
    const bytes = sid(5, [21, 1, 2, 3]);
    expect(() => sidStringFromBytes(bytes.subarray(0, bytes.length - 1))).toThrow(/has 24 bytes, not 23/);
    expect(() => sidStringFromBytes(Buffer.alloc(4))).toThrow(/at least 8 bytes/);
  });
});
