/**
 * Timestamps and ETags for the memory table's writes, in the service's form
 * (`2024-01-02T03:04:05.6789012Z`, `W/"datetime'2024-01-02T03%3A04%3A05.6789012Z'"`). The clock
 * is strictly increasing across every table in the process, so no two writes share an ETag even
 * within one millisecond: a stale ETag can never match by accident.
 */
let lastMs = 0;
let lastTick = 0;

export function nextVersion(): { timestamp: string; etag: string } {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    lastTick = 0;
  } else if (++lastTick === 10_000) {
    lastMs++;
    lastTick = 0;
  }
  const timestamp = new Date(lastMs).toISOString().replace('Z', `${String(lastTick).padStart(4, '0')}Z`);
  return { timestamp, etag: `W/"datetime'${encodeURIComponent(timestamp)}'"` };
}
