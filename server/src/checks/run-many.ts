// Runs many checks through a shared Limiter; results come back in input order, and one by one through onResult.
// The caller's signal gets one listener however many checks run: each check listens to a signal of its own, aborted
// from here (a listener per check on one signal would pass Node's limit of 10 and print a leak warning).
import type { CheckResult } from '../protocol/checks';
import { CANCELLED } from './errors';
import type { Limiter } from './limiter';
import { isResolved, type ResolvedCheck, type UnresolvableCheck } from './resolve';
import { runCheck, unresolvableResult, type RunCheckOptions } from './runner';

export interface RunManyOptions extends RunCheckOptions {
  limiter: Limiter;
  onResult?: (result: CheckResult, done: number, total: number) => void;
}

export async function runMany(checks: ReadonlyArray<ResolvedCheck | UnresolvableCheck>, options: RunManyOptions): Promise<CheckResult[]> {
  let done = 0;
  const finished = (result: CheckResult): CheckResult => {
    done++;
    options.onResult?.(result, done, checks.length);
    return result;
  };
  const inFlight = new Set<AbortController>();
  const abortAll = (): void => {
    for (const controller of inFlight) controller.abort(options.signal?.reason);
  };
  options.signal?.addEventListener('abort', abortAll, { once: true });
  try {
    return await Promise.all(
      checks.map(async (check) => {
        if (!isResolved(check)) return finished(unresolvableResult(check));
        const own = new AbortController();
        if (options.signal?.aborted) own.abort(options.signal.reason);
        inFlight.add(own);
        try {
          return finished(await options.limiter.run(() => runCheck(check, { ...options, signal: own.signal }), own.signal));
        } catch {
          // Only a cancel while waiting for a slot lands here: runCheck itself never throws.
          return finished(unresolvableResult({ ...check, error: CANCELLED }));
        } finally {
          inFlight.delete(own);
        }
      }),
    );
  } finally {
    options.signal?.removeEventListener('abort', abortAll);
  }
}
