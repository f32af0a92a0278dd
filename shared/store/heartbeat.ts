/**
 * A beat every `everyMs` while some work runs, for the records that say "still alive" (the tenant
 * lease, an idempotency claim). Beats and any other renewal the holder makes run one at a time, in
 * one chain: two writes of the same row at once would race on its ETag. `stop()` ends the beats and
 * waits for the one in flight, so whatever follows (a release) sees the last write. The timer does
 * not keep the process alive; a beat's failure is the beat's own business.
 */
export interface Heartbeat {
  /** Runs `work` in turn with the beats. */
  run<T>(work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export function startHeartbeat(everyMs: number, beat: () => Promise<void>): Heartbeat {
  let chain: Promise<unknown> = Promise.resolve();
  const run = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work);
    chain = next.catch(() => undefined);
    return next;
  };
  const timer = setInterval(() => void run(beat).catch(() => undefined), everyMs);
  timer.unref();
  return {
    run,
    stop: async () => {
      clearInterval(timer);
      await chain;
    },
  };
}
