import type { CycleSummary } from '../../shared/sync/model';
import { call, type CallOptions, type CallResult } from './service';

/**
 * Sync cycles over HTTP, as every test that runs one does: POST /api/sync-cycles answers 202 with
 * the cycle's `Location`, and its status (GET /api/sync-cycles/{cycleId}) is polled until the
 * queue's worker has run it, with a deadline, so that no test hangs on a cycle that never runs.
 */

export interface CycleStatusBody {
  cycleId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  summary?: CycleSummary;
  problem?: { code: string; detail: string };
}

export interface RequestedCycle {
  /** The 202 itself. */
  response: CallResult;
  cycleId: string;
  /** Its Location header: `/api/sync-cycles/{cycleId}`. */
  location: string;
}

export interface PollOptions {
  /** Longest wait for the cycle to finish (default 30 s: under jest's 60 s test timeout). */
  deadlineMs?: number;
  /** Between two reads of the status (default 50 ms: the test services' workers poll every 100 ms). */
  intervalMs?: number;
  /** Told every status read, in order (`queued`, `running`, ... as the test saw them). */
  onStatus?: (status: CycleStatusBody) => void;
}

type Service = { url: string };

/**
 * POST /api/sync-cycles, held to the 202 contract: a Location naming the status of the cycle the
 * body names, queued. Throws with the answer when it is anything else (a 409, say).
 */
export async function requestCycle(
  service: Service,
  token: string,
  options: Omit<CallOptions, 'token'> = {},
): Promise<RequestedCycle> {
  const response = await call(`${service.url}/api/sync-cycles`, 'POST', { ...options, token });
  const body = response.json as Partial<CycleStatusBody> | null;
  const location = response.headers.get('location') ?? '';
  if (response.status !== 202 || typeof body?.cycleId !== 'string' || body.status !== 'queued') {
    throw new Error(`POST /api/sync-cycles answered ${response.status}: ${response.text}`);
  }
  if (location !== `/api/sync-cycles/${body.cycleId}`) {
    throw new Error(`POST /api/sync-cycles: Location ${location} is not the status of ${body.cycleId}`);
  }
  return { response, cycleId: body.cycleId, location };
}

/**
 * Reads the cycle's status until it is `succeeded` or `failed` and answers that last status. A 429
 * is waited out (its Retry-After); any other answer but 200, or the deadline, throws.
 */
export async function awaitCycle(
  service: Service,
  token: string,
  cycleId: string,
  { deadlineMs = 30_000, intervalMs = 50, onStatus }: PollOptions = {},
): Promise<CycleStatusBody> {
  const deadline = Date.now() + deadlineMs;
  let last = 'none';
  for (;;) {
    const answer = await call(`${service.url}/api/sync-cycles/${cycleId}`, 'GET', { token });
    let wait = intervalMs;
    if (answer.status === 200) {
      const status = answer.json as CycleStatusBody;
      onStatus?.(status);
      if (status.status === 'succeeded' || status.status === 'failed') return status;
      last = status.status;
    } else if (answer.status === 429) {
      wait = Number(answer.headers.get('retry-after') ?? 1) * 1000;
    } else {
      throw new Error(`GET /api/sync-cycles/${cycleId} answered ${answer.status}: ${answer.text}`);
    }
    if (Date.now() + wait > deadline) {
      throw new Error(`sync cycle ${cycleId} still ${last} after ${deadlineMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * Runs a sync cycle for the token's tenant: requests it (202), waits until it has run, and answers
 * its summary. Throws when the request is refused, the cycle failed (with its problem), or it did
 * not finish in time. `options` may carry headers (an Idempotency-Key) and the poll's settings.
 */
export async function runCycle(
  service: Service,
  token: string,
  options: Omit<CallOptions, 'token'> & PollOptions = {},
): Promise<CycleSummary> {
  const { deadlineMs, intervalMs, onStatus, ...request } = options;
  const { cycleId } = await requestCycle(service, token, request);
  const done = await awaitCycle(service, token, cycleId, { deadlineMs, intervalMs, onStatus });
  if (done.status !== 'succeeded' || !done.summary) {
    throw new Error(`sync cycle ${cycleId} ${done.status}: ${JSON.stringify(done.problem ?? done)}`);
  }
  return done.summary;
}
