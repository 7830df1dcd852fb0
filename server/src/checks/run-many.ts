// Runs many checks through a shared Limiter; results come back in input order, and one by one through onResult.
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
  return Promise.all(
    checks.map(async (check) => {
      if (!isResolved(check)) return finished(unresolvableResult(check));
      try {
        return finished(await options.limiter.run(() => runCheck(check, options), options.signal));
      } catch {
        // Only a cancel while waiting for a slot lands here: runCheck itself never throws.
        return finished(unresolvableResult({ ...check, error: CANCELLED }));
      }
    }),
  );
}
