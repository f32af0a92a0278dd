import { AgentStop } from './errors';
import {
  DEFAULT_RETRY_POLICY,
  isRetryableConflict,
  isRetryableStatus,
  nextDelay,
  parseRetryAfter,
  type RetryPolicy,
} from './retryPolicy';

export interface RetryDeps {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  /** Each attempt's own deadline: a request that hangs is a network error, and is retried. */
  attemptTimeoutMs: number;
  /** Told of every retry, for the progress lines. */
  onRetry?: (what: string, reason: string, delayMs: number) => void;
}

export const defaultRetryDeps = (overrides: Partial<RetryDeps> = {}): RetryDeps => ({
  policy: DEFAULT_RETRY_POLICY,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
  attemptTimeoutMs: 120_000,
  ...overrides,
});

/**
 * Runs `attempt` until it answers something other than 429/5xx, or the policy gives up (then an
 * AgentStop names the last reason). Network errors and timeouts count as retryable. `what` names
 * the request in messages (method and path, never a header).
 */
export async function fetchWithRetry(
  what: string,
  attempt: (signal: AbortSignal) => Promise<Response>,
  deps: RetryDeps,
): Promise<Response> {
  let waited = 0;
  for (let n = 0; ; n++) {
    let reason: string;
    let retryAfter: number | null = null;
    try {
      const response = await attempt(AbortSignal.timeout(deps.attemptTimeoutMs));
      if (response.status === 409) {
        // Read from a copy: a 409 that is the service's answer goes back to the caller unread.
        const code = await problemCodeOf(response.clone());
        if (!isRetryableConflict(response.status, code)) return response;
        await response.body?.cancel();
        reason = `HTTP 409 (${code ?? ''})`;
      } else {
        if (!isRetryableStatus(response.status)) return response;
        retryAfter = parseRetryAfter(response.headers.get('retry-after'), deps.now());
        const code = await problemCodeOf(response);
        reason = `HTTP ${response.status}${code === null ? '' : ` (${code})`}`;
      }
    } catch (error) {
      reason = networkReason(error);
    }
    const delay = nextDelay(deps.policy, n, waited, retryAfter, deps.random);
    if (delay === null) {
      throw new AgentStop(
        `${what} failed after ${n + 1} attempts and ${Math.round(waited / 1000)} s: ${reason}`,
      );
    }
    deps.onRetry?.(what, reason, delay);
    await deps.sleep(delay);
    waited += delay;
  }
}

/** The `code` of a problem+json body, or null; the body is read to the end so that the socket is freed. */
async function problemCodeOf(response: Response): Promise<string | null> {
  const text = await response.text().catch(() => '');
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

function networkReason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer in time';
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (cause && typeof cause.code === 'string') return `${error.message} (${cause.code})`;
    return error.message;
  }
  return String(error);
}
