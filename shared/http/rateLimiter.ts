/**
 * A token bucket per tenant that counts cost, not requests: `perMinute` cost units a minute, bursts
 * up to the same amount. A point read costs 1 unit, an export or a scan many more (see
 * requestCost.ts); what a request turns out to read beyond its declared cost (rows scanned) is
 * charged after the fact, and may take the bucket below zero, so a tenant that ran a large export
 * waits longer before the next one.
 * It lives in one process (each Functions instance limits on its own); that bounds what one
 * tenant can make an instance do, which is the point, without a storage round trip per request.
 */
export interface RateLimiter {
  /**
   * Takes `cost` units (default 1) when the bucket holds them, and answers 0; otherwise takes
   * nothing and answers the seconds to wait. A cost above the bucket's size is let through when
   * the bucket is full.
   */
  take(tenantId: string, now: number, cost?: number): number;
  /** Charges work found only while it ran; the bucket may go negative, down to minus its size. */
  charge(tenantId: string, now: number, cost: number): void;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MAX_TRACKED_TENANTS = 10_000;

export function createRateLimiter(perMinute: number): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = perMinute / 60_000;
  const refilled = (tenantId: string, now: number): Bucket => {
    let bucket = buckets.get(tenantId);
    if (!bucket) {
      if (buckets.size >= MAX_TRACKED_TENANTS) buckets.clear();
      bucket = { tokens: perMinute, updatedAt: now };
      buckets.set(tenantId, bucket);
    }
    bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = now;
    return bucket;
  };
  return {
    take(tenantId, now, cost = 1) {
      const bucket = refilled(tenantId, now);
      const needed = Math.min(cost, perMinute);
      if (bucket.tokens >= needed) {
        bucket.tokens = Math.max(-perMinute, bucket.tokens - cost);
        return 0;
      }
      return Math.max(1, Math.ceil((needed - bucket.tokens) / refillPerMs / 1000));
    },
    charge(tenantId, now, cost) {
      if (!(cost > 0)) return;
      const bucket = refilled(tenantId, now);
      bucket.tokens = Math.max(-perMinute, bucket.tokens - cost);
    },
  };
}
