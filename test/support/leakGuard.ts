/**
 * Makes a leaked handle fail the run loudly instead of hanging it. Jest waits for the process to
 * exit by itself once every suite and the global teardown are done; anything still open (a server,
 * a socket, a child's pipe, a timer) keeps it alive for ever. After the teardown this arms a timer
 * that does not itself keep the process alive: if the process is still here when it fires,
 * something leaked, so it names what is open and exits with 1.
 */
export const DEFAULT_LEAK_GRACE_MS = 10_000;

export function armLeakGuard(
  graceMs = Number(process.env.TEST_LEAK_GRACE_MS ?? DEFAULT_LEAK_GRACE_MS),
): void {
  const timer = setTimeout(() => {
    const open = process
      .getActiveResourcesInfo()
      // The standard streams and this timer are always there; they are not leaks.
      .filter((kind) => kind !== 'TTYWrap' && kind !== 'Timeout');
    process.stderr.write(
      `\nLEAKED HANDLES: the test run did not exit ${graceMs} ms after its teardown; still open: ` +
        `${open.join(', ') || '(none named)'}. A suite started something it did not stop ` +
        `(run with --detectOpenHandles to find it). Failing the run instead of hanging.\n`,
    );
    process.exit(1);
  }, graceMs);
  timer.unref();
}
