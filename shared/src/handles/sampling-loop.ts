// Runs a sampling function every intervalMs, one at a time (the next waits for the previous to finish, so slow samples
// never pile up), until stop(): then the timer is cleared and an in-flight sample is aborted through its signal.

export class SamplingLoop {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: AbortController | undefined;
  private active = false;

  constructor(
    private readonly intervalMs: number,
    private readonly sampleOnce: (signal: AbortSignal) => Promise<void>,
  ) {
    if (!(intervalMs > 0)) throw new RangeError(`sampling interval must be positive (got ${intervalMs})`);
  }

  get running(): boolean {
    return this.active;
  }

  /** Starts sampling now; a second start() while running does nothing. */
  start(): void {
    if (this.active) return;
    this.active = true;
    void this.tick();
  }

  stop(): void {
    this.active = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  private async tick(): Promise<void> {
    const controller = new AbortController();
    this.inFlight = controller;
    const started = Date.now();
    try {
      await this.sampleOnce(controller.signal);
    } catch {
      // sampleOnce reports its own errors; the loop's only job is to keep the rhythm.
    }
    if (this.inFlight === controller) this.inFlight = undefined;
    if (!this.active || controller.signal.aborted) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, this.intervalMs - (Date.now() - started)));
  }
}
