/**
 * A token bucket per tenant: `perMinute` requests a minute, bursts up to the same amount.
 * It lives in one process (each Functions instance limits on its own); that bounds what one
 * tenant can make an instance do, which is the point, without a storage round trip per request.
 */
export interface RateLimiter {
  /** Seconds to wait when refused, else 0. */
  take(tenantId: string, now: number): number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MAX_TRACKED_TENANTS = 10_000;

export function createRateLimiter(perMinute: number): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const refillPerMs = perMinute / 60_000;
  return {
    take(tenantId, now) {
      let bucket = buckets.get(tenantId);
      if (!bucket) {
        if (buckets.size >= MAX_TRACKED_TENANTS) buckets.clear();
        bucket = { tokens: perMinute, updatedAt: now };
        buckets.set(tenantId, bucket);
      }
      bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * refillPerMs);
      bucket.updatedAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
    },
  };
}
