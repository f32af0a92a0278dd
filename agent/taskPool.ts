/**
 * At most `limit` requests in flight, so that reading the directory and sending to the service
 * overlap without flooding the service (it allows 16 requests a tenant at once). The first
 * failure is kept and thrown to the producer at its next step, and by drain().
 */
export class TaskPool {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  async run(task: () => Promise<void>): Promise<void> {
    this.rethrow();
    while (this.running.size >= this.limit) {
      await Promise.race(this.running);
      this.rethrow();
    }
    const promise: Promise<void> = task()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure !== null) throw this.failure.error;
  }
}
