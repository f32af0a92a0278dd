/** Something a suite starts and must stop. */
export interface Stoppable {
  stop?(): Promise<void>;
  close?(): Promise<void>;
}

async function stopIt(resource: Stoppable): Promise<void> {
  if (resource.stop) await resource.stop();
  else if (resource.close) await resource.close();
}

/**
 * Starts several things at once (a service and a browser, say). If any of them fails to start,
 * the ones that did start are stopped before the first failure is thrown, so a half-done set-up
 * leaves nothing running for afterAll to miss and nothing to keep the run alive.
 */
export async function startTogether<T extends readonly (() => Promise<Stoppable>)[]>(
  ...starters: T
): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results = await Promise.allSettled(starters.map((start) => start()));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await Promise.allSettled(results.flatMap((r) => (r.status === 'fulfilled' ? [stopIt(r.value)] : [])));
    throw failure.reason;
  }
  return results.map((r) => (r as PromiseFulfilledResult<Stoppable>).value) as {
    [K in keyof T]: Awaited<ReturnType<T[K]>>;
  };
}
