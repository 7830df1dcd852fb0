// A ticker that is never stopped keeps firing (before Go 1.23 it is never collected); a ticker or timer driving a
// goroutine loop that never ends leaks on every Go version. A timer fires once: left unstopped, the runtime lets it go
// when it fires (since Go 1.23 as soon as nothing refers to it), so only one pinned by an endless loop is judged.
import { deferAfterCheck } from '../engine/fixes';
import { isPkg, resourceKind } from '../engine/kinds';
import { collectsUnstoppedTimers, leaksAtMostOncePerProcess, reportLifecycle } from '../engine/report';
import { factsOf } from '../engine/file-facts';
import type { Acquisition } from '../engine/lifecycle';
import { noReturnFunctions } from '../flow/no-return';
import { seenToRepeat } from '../flow/seen-to-repeat';
import { servesUntilExit } from '../http/serves-until-exit';
import type { GoFile, Rule } from '../rule';

/**
 * Tickers and timers are two kinds, so that a helper returning one is known by its result type (`func
 * AcquireTimer(d) *time.Timer` hands out a timer, which fires once, even when it comes from a pool).
 */
const tickerKind = resourceKind({
  rule: 'ticker-not-stopped',
  key: 'ticker',
  returnsError: false,
  releaseMethods: ['Stop'],
  resourceTypes: ['Ticker'],
  verb: 'stopping',
  names: ['NewTicker'],
  channelField: 'C',
  matches: (call, facts) => isPkg(call, facts, 'time', ['NewTicker']),
});

const timerKind = resourceKind({
  rule: 'ticker-not-stopped',
  key: 'timer',
  returnsError: false,
  releaseMethods: ['Stop'],
  resourceTypes: ['Timer'],
  verb: 'stopping',
  names: ['NewTimer'],
  channelField: 'C',
  spentAfterReceive: ['NewTimer'],
  matches: (call, facts) => isPkg(call, facts, 'time', ['NewTimer']),
});

export const rule: Rule = {
  id: 'ticker-not-stopped',
  defaultSeverity: 'warning',
  summary: 'A time.NewTicker / time.NewTimer is not stopped on every path.',
  resources: [tickerKind, timerKind],
  check(ctx) {
    const collected = collectsUnstoppedTimers(ctx);
    const pinned = (a: { leaks: { reason: string }[] }): boolean => a.leaks.some((l) => l.reason === 'pinned');
    const onceAtMost = leaksAtMostOncePerProcess(ctx.file);
    for (const kind of [tickerKind, timerKind]) {
      const timer = kind === timerKind;
      reportLifecycle(ctx, kind, {
        subject: (a) => a.name ?? (timer ? 'the timer' : 'the ticker'),
        leak: (a, subject) =>
          pinned(a)
            ? `${subject} drives a goroutine loop that never ends, so it is never stopped: give the loop an exit (ctx.Done()) and defer ${subject}.Stop() in it.`
            : `${subject} is not stopped on every path and keeps firing until the process exits: add defer ${subject}.Stop().`,
        discarded: (a) => `The result of ${a.callee} is never kept, so it can never be stopped: assign it and add defer ${timer ? 'timer' : 'ticker'}.Stop().`,
        fix: (file, a) => (a.name && !pinned(a) ? deferAfterCheck(file, a, `defer ${a.name}.Stop()`) : null),
        // Since Go 1.23 an unreferenced ticker or timer is collected without Stop, and a timer is let go once it fired:
        // only a ticker before 1.23, or one pinned by an endless loop, leaks. One made at most once per process (a
        // start-up helper, a command's action) keeps firing for a run that ends with it: nothing piles up.
        skip: (a) => (pinned(a) ? livesAsLongAsItsCall(a, ctx.file) : collected || timer || onceAtMost(a)),
      });
    }
  },
};

/**
 * A ticker pinned by an endless goroutine loop lives as long as that goroutine: what leaks is the goroutine with its
 * ticker, and only where the function that starts it runs again. Judged only where that is seen (flow/seen-to-repeat.ts:
 * inside a loop, in a callback, or in a function called so) and the function can return: a function that never
 * returns, or blocks serving HTTP until the process exits (http/serves-until-exit.ts), starts one per process. A
 * start-up helper run once (the usual case: a cache's refresh loop, a controller's resync) starts one worker for the
 * life of the program.
 */
function livesAsLongAsItsCall(a: Acquisition, file: GoFile): boolean {
  if (!a.fn) return false;
  if (!seenToRepeat(a.call, a.fn, file)) return true;
  const name = a.fn.type === 'function_declaration' ? a.fn.childForFieldName('name')?.text : undefined;
  return (name !== undefined && noReturnFunctions(file.tree).has(name)) || servesUntilExit(a.fn, factsOf(file).imports);
}

declare module '../types' {
  interface RuleCatalogue {
    'ticker-not-stopped': true;
  }
}
