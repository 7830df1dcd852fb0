// A counting semaphore: at most `limit` tasks run at once, the rest wait in order. A waiting task whose signal aborts
// leaves the queue at once (it never starts).
export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {
    this.setLimit(limit);
  }

  setLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${limit}`);
    this.limit = limit;
    this.wakeWaiting();
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.running--;
      this.wakeWaiting();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const start = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        resolve();
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(start);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(start);
    });
  }

  private wakeWaiting(): void {
    while (this.running < this.limit && this.waiting.length > 0) this.waiting.shift()!();
  }
}
