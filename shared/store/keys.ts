/**
 * Row keys of a tenant's records. The partition comes from the tenant id (from the token) and the
 * record's kind (tenantLayout.ts); a prefix tells record kinds apart within a partition.
 * Values that come from outside (source anchors: base64 with `/` and `+`) are hex-encoded
 * before they become keys: Table Storage refuses `/ \ # ?` and control characters in keys,
 * and hex keeps case-sensitive anchors distinct.
 */
export const ROW = {
  settings: 'settings',
  sequence: 'sequence',
  lease: 'lease-sync',
  errorsVersion: 'errors-version',
  /** The tenant's layout (tenantLayout.ts). */
  layout: 'layout',
  /** A fix or undo spanning partitions, until it completed (tenantTransaction.ts). */
  intent: 'intent',
  sourcePrefix: 'src_',
  cloudPrefix: 'cld_',
  openErrorPrefix: 'err_',
  resolvedErrorPrefix: 'erh_',
  cyclePrefix: 'cyc_',
  cycleRequestPrefix: 'cyr_',
  auditPrefix: 'aud_',
} as const;

export function hexEncode(value: string): string {
  return Buffer.from(value, 'utf8').toString('hex');
}

export const sourceRowKey = (sourceAnchor: string): string => `${ROW.sourcePrefix}${hexEncode(sourceAnchor)}`;
export const cloudRowKey = (objectId: string): string => `${ROW.cloudPrefix}${objectId.toLowerCase()}`;
export const openErrorRowKey = (id: string): string => `${ROW.openErrorPrefix}${id}`;
export const resolvedErrorRowKey = (id: string): string => `${ROW.resolvedErrorPrefix}${id}`;

/** The smallest key greater than every key with this prefix: prefix scans are `ge prefix and lt end`. */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** Newest-first ordering in an ascending key space: 13-digit inverted milliseconds. */
export function invertedTimeKey(at: Date): string {
  return String(9_999_999_999_999 - at.getTime()).padStart(13, '0');
}
