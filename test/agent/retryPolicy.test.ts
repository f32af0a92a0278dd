import {
  DEFAULT_RETRY_POLICY,
  isRetryableConflict,
  isRetryableStatus,
  nextDelay,
  parseRetryAfter,
  type RetryPolicy,
} from '../../agent/retryPolicy';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxTotalWaitMs: 10_000 };

describe('isRetryableStatus', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 409, 413, 415, 422].some(isRetryableStatus)).toBe(false);
  });
});

describe('isRetryableConflict', () => {
  it("retries a 409 that means 'not now' (a cycle or other writers hold the tenant), no other", () => {
    expect(isRetryableConflict(409, 'SyncCycleInProgress')).toBe(true);
    expect(isRetryableConflict(409, 'ConcurrentUpdate')).toBe(true);
    expect(isRetryableConflict(409, 'SourceAnchorInUse')).toBe(false);
    expect(isRetryableConflict(409, null)).toBe(false);
    expect(isRetryableConflict(400, 'SyncCycleInProgress')).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date, and a past one as 0', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores an absent or unreadable value', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('nextDelay', () => {
  it('backs off exponentially with equal jitter, capped', () => {
    const low = [0, 1, 2, 3].map((n) => nextDelay(policy, n, 0, null, () => 0));
    const high = [0, 1, 2, 3].map((n) => nextDelay(policy, n, 0, null, () => 0.999999));
    expect(low).toEqual([50, 100, 200, 400]);
    expect(high).toEqual([99, 199, 399, 799]);
    expect(nextDelay({ ...policy, maxAttempts: 20 }, 10, 0, null, () => 0)).toBe(500);
  });

  it('waits what Retry-After says, plus at most 10%', () => {
    expect(nextDelay(policy, 0, 0, 2000, () => 0)).toBe(2000);
    expect(nextDelay(policy, 0, 0, 2000, () => 0.999999)).toBe(2199);
  });

  it('gives up after maxAttempts', () => {
    expect(nextDelay(policy, 3, 0, null, () => 0)).not.toBeNull();
    expect(nextDelay(policy, 4, 0, null, () => 0)).toBeNull();
  });

  it('gives up when the wait would pass the total bound, a long Retry-After included', () => {
    expect(nextDelay(policy, 0, 9_990, null, () => 0)).toBeNull();
    expect(nextDelay(policy, 0, 0, 60_000, () => 0)).toBeNull();
  });

  it('has a bounded default total', () => {
    expect(DEFAULT_RETRY_POLICY.maxTotalWaitMs).toBeLessThanOrEqual(10 * 60_000);
  });
});
