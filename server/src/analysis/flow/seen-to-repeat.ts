// "Is this seen to run more than once?": the opposite burden of runs-once.ts. A handle that is normally made once for
// the life of the process (a signal registration, a listener) is judged only where the code shows it being made
// again: inside a loop, in a closure run per loop turn or handed to another function (a handler, a callback), or in a
// function some call of which, in any program file of the package, sits in a loop or such a callback, directly or
// through a chain of callers. A callback of a known bounded-retry helper (`retry.OnError`) is not repetition: it runs
// a fixed number of times at most, so the function around it decides. Where repetition is not seen, the analyzer
// would be guessing that it happens.
import { enclosingFunction, enclosingLoop } from '../ast';
import { packageOf } from '../engine/summaries';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import { callIndexOf, closureRole, MANY_CALLER, ONCE_CALLER, VALUE_CALLER, type CallIndex } from './call-sites';
import { keyOf, runsRepeatedly } from './runs-once';

/** How far a chain of callers is followed up to a loop or a callback. */
const MAX_CALLER_DEPTH = 4;

/** Is the statement at `node`, in the function (or closure) `fn` of `file`, seen to run more than once per process? */
export function seenToRepeat(node: SyntaxNode, fn: SyntaxNode | null, file: GoFile): boolean {
  if (enclosingLoop(node) !== null) return true;
  if (fn?.type === 'func_literal') {
    const role = closureRole(fn);
    // A bounded-retry helper runs its callback a few times per run of the function around it: that function decides.
    if (role === 'retried') return seenToRepeat(fn, enclosingFunction(fn), file);
    return role === 'loop' || role === 'callback';
  }
  return runsRepeatedly(fn, file) || calledRepeatedly(keyOf(fn), callIndexes(file), 0);
}

/** The calls of the file and of the package's other files; a test's loop shows how tests drive the code, not the program. */
function callIndexes(file: GoFile): CallIndex[] {
  return [callIndexOf(file), ...(packageOf(file)?.programSiblingCallIndexes() ?? [])];
}

/**
 * Some call of `key`, in any file of the package, sits in a loop or in a callback handed to another function, or its
 * caller is itself called so (`handler` → `abortable`, `runJobs` in entry.go → `registerPerJob` in agent.go).
 */
function calledRepeatedly(key: string | undefined, indexes: CallIndex[], depth: number): boolean {
  if (key === undefined || depth > MAX_CALLER_DEPTH) return false;
  return indexes.some((index) =>
    (index.calls.get(key) ?? []).some(
      (site) =>
        // A call on another package's value (`w.Run(ctx)` with `w := worker.New(…)`) is not of this package's method.
        !site.onOtherPackageValue &&
        (site.inLoop ||
        site.caller === MANY_CALLER ||
          (site.caller !== key && site.caller !== ONCE_CALLER && site.caller !== VALUE_CALLER && calledRepeatedly(site.caller, indexes, depth + 1))),
    ),
  );
}
