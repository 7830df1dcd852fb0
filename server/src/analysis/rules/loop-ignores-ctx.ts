// loop-ignores-ctx: an endless loop (`for {}`, `for { select … }`, `for range ticker.C`) with no way out while a context
// or stop channel is right there in scope. When the caller cancels, the loop (and its goroutine, ticker, connections)
// keeps running: in a long-running program every restart of the component leaks one more of them.
// Silent when the loop can leave (return, break, goto, os.Exit/log.Fatal/panic), when it looks at ctx.Done()/ctx.Err()
// or receives from the stop channel, when no stop signal is in scope (then there is nothing to observe), and for the
// loop of a goroutine started once per process (flow/runs-once.ts), which lives as long as the program by design.
// Off by default: on real programs it was right 0 times in 6 (docs/accuracy.md): the loops it finds are
// process-lifetime loops by design. A setting turns it on.
import { enclosingFunction, isPackageCall, rangeOf, unparen } from '../ast';
import { concurrencyFacts, type ConcurrencyFacts } from '../concurrency/facts';
import { hasStopSignals, loopObserves, stopSignalsInScope, type StopSignal } from '../concurrency/signals';
import { headerRange, isEndlessLoop, loopCanExit, rangeClauseOf } from '../concurrency/syntax';
import { runsOncePerProcess } from '../flow/runs-once';
import type { SyntaxNode } from '../parser';
import type { GoFile, Rule } from '../rule';

export const rule: Rule = {
  id: 'loop-ignores-ctx',
  defaultSeverity: 'off',
  enabledSeverity: 'warning',
  summary: 'An endless loop that never observes the context or stop channel in scope, so it outlives its cancellation.',
  check(ctx) {
    const facts = concurrencyFacts(ctx.file);
    if (facts.foreverLoops.length === 0 || !hasStopSignals(facts)) return;
    for (const loop of facts.foreverLoops) {
      if (!runsForever(loop, facts) || inLifelongGoroutine(loop, ctx.file)) continue;
      const signals = stopSignalsInScope(loop, facts);
      if (signals.length === 0 || loopCanExit(loop)) continue;
      const { observes, mentions } = loopObserves(loop, signals);
      if (observes) continue;
      const signal = signals[0];
      ctx.report({
        message: messageFor(signal, mentions),
        range: headerRange(loop),
        related: [{ range: rangeOf(signal.declaration), message: `${signal.name} is available here` }],
      });
    }
  },
};

/**
 * The loop is the body of a goroutine started once per process (`go func() { for { … } }()` in main, or in a daemon's
 * start function that main's chain calls once): it is meant to run as long as the program, and it dies with it; there
 * is no second start to pile up behind it.
 */
function inLifelongGoroutine(loop: SyntaxNode, file: GoFile): boolean {
  const literal = enclosingFunction(loop);
  const call = literal?.parent;
  if (literal?.type !== 'func_literal' || call?.type !== 'call_expression' || call.parent?.type !== 'go_statement') return false;
  return runsOncePerProcess(literal, file);
}

/** `for {}` or a range over a ticker channel: loops that only end by a branch out of them. */
function runsForever(loop: SyntaxNode, facts: ConcurrencyFacts): boolean {
  if (isEndlessLoop(loop)) return true;
  const ranged = rangeClauseOf(loop)?.childForFieldName('right');
  if (!ranged) return false;
  const channel = unparen(ranged);
  if (channel.type === 'selector_expression') return channel.childForFieldName('field')?.text === 'C';
  return channel.type === 'call_expression' && isPackageCall(channel, facts.imports, 'time', ['Tick']);
}

function messageFor(signal: StopSignal, mentions: boolean): string {
  const passedOn = mentions ? ` (it passes ${signal.name} on, but never leaves the loop)` : '';
  switch (signal.kind) {
    case 'context':
      return `This loop never stops when ${signal.name} is cancelled${passedOn}, so it and everything it holds outlive their owner; select on <-${signal.name}.Done() and return.`;
    case 'stop-channel':
      return `This loop never receives from ${signal.name}${passedOn}, so it keeps running after a stop is requested; select on <-${signal.name} and return.`;
    default:
      return `This loop never receives from ${signal.name}, so the signal is never handled and the program cannot shut down cleanly; select on <-${signal.name} and return.`;
  }
}

declare module '../types' {
  interface RuleCatalogue {
    'loop-ignores-ctx': true;
  }
}
