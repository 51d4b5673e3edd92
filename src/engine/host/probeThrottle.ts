/**
 * The epochs' probes, at most one a second: a small model trains several epochs a second, and the
 * page redrawing six heatmaps for each takes the CPU the training needs (on two cores, the worker
 * and the page share it). The first probe goes at once (the first epoch's gradient is the one the
 * views keep beside the current one); a later one waits for the second to end, and only the latest
 * of those waiting is sent, so the last epoch's always arrives.
 */
export class ProbeThrottle<T> {
  private lastSent = Number.NEGATIVE_INFINITY;
  private waiting: T | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (probe: T) => void,
    private readonly intervalMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  offer(probe: T): void {
    const due = this.lastSent + this.intervalMs - this.now();
    if (due <= 0 && this.timer === null) {
      this.sendNow(probe);
      return;
    }
    this.waiting = probe;
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, due));
  }

  /** Drops what waits (a new run, the views closed). */
  reset(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.waiting = null;
    this.lastSent = Number.NEGATIVE_INFINITY;
  }

  /** Sends what waits now (the run ended: its last epoch's probe shows at once, not a second later). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const probe = this.waiting;
    this.waiting = null;
    if (probe !== null) this.sendNow(probe);
  }

  private sendNow(probe: T): void {
    this.lastSent = this.now();
    this.send(probe);
  }
}
