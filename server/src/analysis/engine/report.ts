// Turns traced acquisitions into findings: one per acquisition, its range the acquiring call, `related` the exits
// where it leaks. Rules supply the words, the quick fix and any severity change.
import { rangeOf } from '../ast';
import { returnEndsProcess } from '../flow/error-ends-process';
import { boundedPerRun } from '../flow/command-code';
import type { GoFile, RuleContext } from '../rule';
import type { QuickFix, Severity } from '../types';
import type { ResourceKind } from './kinds';
import { describeExit, traceAcquisitions, type Acquisition } from './lifecycle';

/** At most this many leaking exits are listed per finding; the message already says "every path". */
const MAX_RELATED = 3;

export interface LifecycleWording {
  /** What leaks, e.g. `resp.Body` for a response in `resp`. */
  subject(a: Acquisition): string;
  /** One sentence when some path leaks. */
  leak(a: Acquisition, subject: string): string;
  /** One sentence when the resource is thrown away (`_`, unused result). */
  discarded(a: Acquisition): string;
  fix?(file: GoFile, a: Acquisition): QuickFix | null;
  /** A severity other than the rule's default for this finding. */
  severity?(a: Acquisition, ctx: RuleContext): Severity | undefined;
  /** Acquisitions the rule does not judge (e.g. signal.Notify in main). */
  skip?(a: Acquisition): boolean;
}

export function reportLifecycle(ctx: RuleContext, kind: ResourceKind, wording: LifecycleWording): Acquisition[] {
  const traced = traceAcquisitions(ctx, kind, ctx.packageSummaries);
  for (const a of traced) {
    if (wording.skip?.(a) || (!a.discarded && a.leaks.length === 0)) continue;
    const subject = wording.subject(a);
    // The rules' fixes add a defer; here the defer is the problem, and moving the turn into a function is for the author.
    const fix = a.deferredInLoop ? null : wording.fix?.(ctx.file, a);
    const exits = a.leaks.map((leak) => ({ range: rangeOf(leak.node), message: describeExit(leak, `${kind.verb} ${subject}`) }));
    const deferred = a.deferredInLoop ? [{ range: rangeOf(a.deferredInLoop), message: 'this defer runs only when the function returns, not at the end of the turn' }] : [];
    ctx.report({
      message: a.discarded ? wording.discarded(a) : a.deferredInLoop ? deferredInLoopMessage(a, subject) : wording.leak(a, subject),
      range: rangeOf(a.call),
      severity: wording.severity?.(a, ctx),
      related: [...deferred, ...exits].slice(0, MAX_RELATED),
      fixes: fix ? [fix] : [],
    });
  }
  return traced;
}

/** The one sentence for a release deferred in a loop without bound (engine/deferred-in-loop.ts), whatever the kind. */
function deferredInLoopMessage(a: Acquisition, subject: string): string {
  const name = a.fn?.type === 'func_literal' ? 'the function literal' : (a.fn?.childForFieldName('name')?.text ?? 'the function');
  return (
    `${subject} from ${a.callee} is closed by a defer, which runs only when ${name} returns, so each turn of this loop keeps one more ${subject} open: ` +
    'close it at the end of the turn, or move the turn into a function.'
  );
}

/** Go 1.23 collects unreferenced timers and tickers without Stop. */
export function collectsUnstoppedTimers(ctx: RuleContext): boolean {
  const v = ctx.goVersion;
  return v !== undefined && (v.major > 1 || (v.major === 1 && v.minor >= 23));
}

/**
 * The handle can leak at most once per process, so closing it changes nothing a user would notice (a leak matters only
 * on a path that can repeat):
 * - it is acquired at most once: its function runs once (main, init, a command's action, a helper only those call once)
 *   and not inside a loop there;
 * - or every path that leaks it ends the program: a `return` in main, or an error return whose error every caller
 *   passes up to main or log.Fatal (flow/error-ends-process.ts).
 */
export function leaksAtMostOncePerProcess(file: GoFile): (a: Acquisition) => boolean {
  const endsProcess = everyLeakEndsProcess(file);
  return (a) => boundedPerRun(a.call, a.fn, file) || endsProcess(a);
}

/** Every path that leaks the handle ends the program: a `return` in main, or an error return that main turns into an exit. */
export function everyLeakEndsProcess(file: GoFile): (a: Acquisition) => boolean {
  return (a) =>
    !a.discarded && a.leaks.length > 0 && a.leaks.every((leak) => leak.reason === 'return' && returnEndsProcess(leak.node, a.fn, file));
}
