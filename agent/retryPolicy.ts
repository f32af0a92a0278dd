/**
 * When to try a request again, and how long to wait first. Pure: the clock and the dice are
 * passed in, so the rules are tested without waiting.
 *
 * 429 and 5xx and network errors are retried with exponential backoff and jitter (so that many
 * agents that failed together do not come back together), honouring `Retry-After` when the
 * service sends one, within a bounded number of attempts and a bounded total wait; any other 4xx
 * is the service's answer and is never retried.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The first backoff, doubled at each further attempt. */
  baseDelayMs: number;
  /** No single backoff is longer. */
  maxDelayMs: number;
  /** The waits of one request add up to at most this; a Retry-After beyond it ends the retries. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 5 * 60_000,
};

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * A 409 that says "not now" rather than "no": the tenant is held by a sync cycle (object writes
 * wait for it, SPEC decision 6) or by other writers. Not retrying it would leave the batch
 * undelivered while the run's USN moves on, and the next delta would never send those objects.
 */
const TRANSIENT_CONFLICTS: ReadonlySet<string> = new Set(['SyncCycleInProgress', 'ConcurrentUpdate']);

export function isRetryableConflict(status: number, code: string | null): boolean {
  return status === 409 && code !== null && TRANSIENT_CONFLICTS.has(code);
}

/**
 * `Retry-After` in milliseconds from now: delta-seconds or an HTTP date (RFC 9110 10.2.3); null
 * when absent or unreadable. A date in the past is 0.
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 0), or null to give up. Backoff:
 * half of base·2^attempt (capped) plus a random part of the other half ("equal jitter"), so a
 * wait never collapses to nothing. A Retry-After is waited as given, plus up to 10% jitter.
 */
export function nextDelay(
  policy: RetryPolicy,
  attempt: number,
  waitedMs: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number | null {
  if (attempt + 1 >= policy.maxAttempts) return null;
  let delay: number;
  if (retryAfterMs !== null) {
    delay = retryAfterMs + Math.floor(random() * retryAfterMs * 0.1);
  } else {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
    delay = Math.floor(ceiling / 2 + random() * (ceiling / 2));
  }
  if (waitedMs + delay > policy.maxTotalWaitMs) return null;
  return delay;
}
