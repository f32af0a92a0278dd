import type { CycleRepository } from '../store/cycleRepository';

/** When the tenant's last finished cycle started (null before the first): see syncErrorView's lastSeenAt. */
export async function lastCycleStart(cycles: CycleRepository): Promise<string | null> {
  return (await cycles.latestCompleted())?.startedAt ?? null;
}
