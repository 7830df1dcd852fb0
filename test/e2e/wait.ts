// Polling with a deadline: e2e steps wait on conditions, never on fixed sleeps.
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_INTERVAL_MS = 100;

/**
 * Calls `condition` until it returns a truthy value (which is returned) or `timeoutMs` passes. A condition that throws is
 * retried like a falsy one; on timeout the error names `what` and carries the last thrown message, if any.
 * Errors a condition throws on purpose to stop waiting must be an `AbortWaitError`.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      if (error instanceof AbortWaitError) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

/** Thrown from a waitFor condition to stop waiting at once, e.g. when the awaited process has died. */
export class AbortWaitError extends Error {}
