/**
 * Progress lines on stderr: objects read, sent, deleted, refused, and the read rate, at most one
 * line every `everyMs` (a run of 100,000 objects says how it goes without flooding a log).
 */
export class Progress {
  read = 0;
  sent = 0;
  deleted = 0;
  notDelivered = 0;
  private readonly startedAt: number;
  private lastLineAt: number;

  constructor(
    private readonly write: (line: string) => void,
    private readonly now: () => number = Date.now,
    private readonly everyMs = 1000,
  ) {
    this.startedAt = now();
    this.lastLineAt = this.startedAt;
  }

  elapsedMs(): number {
    return Math.max(1, this.now() - this.startedAt);
  }

  /** Objects read (or sent, whichever is more) per second so far. */
  rate(): number {
    return Math.round((Math.max(this.read, this.sent) * 1000) / this.elapsedMs());
  }

  line(): string {
    return (
      `read ${this.read}, sent ${this.sent}, deleted ${this.deleted}, not delivered ${this.notDelivered} ` +
      `(${this.rate()} objects/s)`
    );
  }

  /** Writes a line if the last one is at least `everyMs` old. */
  tick(): void {
    const now = this.now();
    if (now - this.lastLineAt < this.everyMs) return;
    this.lastLineAt = now;
    this.write(`agent: ${this.line()}`);
  }
}
