// signal.Notify registers a channel for the life of the process. A function that returns without signal.Stop keeps
// the registration (and whatever goroutine waits on the channel); signal.NotifyContext's stop restores the default.
import { enclosingLoop } from '../ast';
import { launchedCall, launchedLiteralBody, someOwn } from '../concurrency/syntax';
import { factsOf } from '../engine/file-facts';
import { runsOncePerProcess, runsRepeatedly } from '../flow/runs-once';
import { deferAfterCheck, keepCancel } from '../engine/fixes';
import { cancelFunctionKind, isPkg, resourceKind } from '../engine/kinds';
import type { Acquisition } from '../engine/lifecycle';
import { reportLifecycle } from '../engine/report';
import type { SyntaxNode } from '../parser';
import type { GoFile, Rule } from '../rule';

const signalKind = resourceKind({
  rule: 'signal-not-stopped',
  key: 'signal',
  resource: 'first-argument',
  returnsError: false,
  // The registration belongs to the channel's holder; a helper returning the channel does not hand on a release.
  returnedByHelpers: false,
  releaseMethods: [],
  releaseFunctions: [{ importPath: 'os/signal', name: 'Stop' }],
  // The channel: `chan os.Signal`, `chan<- os.Signal`.
  resourceTypes: ['Signal'],
  // A goroutine that waits on the channel does not unregister it.
  closureCaptureHandsOff: false,
  verb: 'stopping',
  names: ['Notify'],
  channelNeverClosed: true,
  matches: (call, facts) => isPkg(call, facts, 'os/signal', ['Notify']),
});

/** `ctx, stop := signal.NotifyContext(…)`: released like a context's cancel function, by calling `stop`. */
const notifyContextKind = cancelFunctionKind('signal-not-stopped', 'notifyContext', ['NotifyContext'], (call, facts) =>
  isPkg(call, facts, 'os/signal', ['NotifyContext']),
);

/**
 * Registrations not judged, unless the registration is seen to repeat (made in a loop, or in a function called in a
 * loop or per request in this file):
 * - in a function that runs once per process (main, init, the helpers they call once, a cobra hook): the registration
 *   lasts until the program exits anyway;
 * - a process-wide handler: the channel is handed to a goroutine that waits on nothing else (`go handle(ch)`,
 *   `go func() { for range ch { … } }()`), so the registration is meant to last for the rest of the run and
 *   `defer signal.Stop(ch)` would break Ctrl-C handling;
 * - in an exported function or method of a library package: how often it runs is decided by callers we cannot see.
 * And a second Notify on the same channel in the same function (`Notify(ch, os.Interrupt)` then `Notify(ch,
 * syscall.SIGTERM)`) is the same leak as the first, reported once.
 */
function notJudged(file: GoFile): (a: Acquisition) => boolean {
  const seen = new Set<string>();
  const library = factsOf(file).packageName !== 'main';
  return (a) => {
    const repeats = enclosingLoop(a.call) !== null || runsRepeatedly(a.fn, file);
    if (!repeats) {
      if (runsOncePerProcess(a.fn, file)) return true;
      if (a.name && a.fn && handedToLifelongGoroutine(a.name, a.fn)) return true;
      if (library && a.fn?.type !== 'func_literal' && /^[A-Z]/.test(a.fn?.childForFieldName('name')?.text ?? '')) return true;
    }
    if (!a.name || !a.fn) return false;
    const key = `${a.fn.id}:${a.name}`;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  };
}

/** A `go` statement in `fn` hands `channel` to a goroutine that waits on nothing but it (no ctx.Done(), no other case). */
function handedToLifelongGoroutine(channel: string, fn: SyntaxNode): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  const mention = new RegExp(`\\b${channel}\\b`);
  return someOwn(body, (n) => {
    if (n.type !== 'go_statement') return false;
    const call = launchedCall(n);
    if (!call) return false;
    const literal = launchedLiteralBody(n);
    if (!literal) return call.childForFieldName('arguments')?.namedChildren.some((arg) => arg?.text === channel) ?? false;
    // Receives from other channels in a select (`case <-ctx.Done():`, `case <-quit:`) end the goroutine with its owner.
    const others = literal.text.replace(new RegExp(`case\\s*(?:\\w+\\s*:?=\\s*)?<-\\s*${channel}\\b`, 'g'), '');
    return mention.test(literal.text) && !/\.Done\(\)/.test(others) && !/\bcase\b[^\n]*<-/.test(others);
  });
}

export const rule: Rule = {
  id: 'signal-not-stopped',
  defaultSeverity: 'warning',
  summary: 'signal.Notify without signal.Stop (or signal.NotifyContext without its stop) in a function that returns.',
  resources: [signalKind, notifyContextKind],
  check(ctx) {
    reportLifecycle(ctx, signalKind, {
      subject: (a) => a.name ?? 'the channel',
      leak: (_a, subject) => `signal.Notify keeps delivering to ${subject} after this function returns: add defer signal.Stop(${subject}).`,
      discarded: () => 'signal.Notify keeps its channel registered after this function returns: add defer signal.Stop(ch).',
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.callee.split('.')[0]}.Stop(${a.name})`) : null),
      skip: notJudged(ctx.file),
    });
    reportLifecycle(ctx, notifyContextKind, {
      subject: (a) => a.heldBy ?? a.name ?? 'stop',
      leak: (a, subject) =>
        a.heldBy
          ? `The stop function of signal.NotifyContext is kept only by the closure ${subject}, which is neither called nor handed on on every path, so the signals stay captured: call ${subject}() before returning there.`
          : `The stop function of signal.NotifyContext is not called on every path, so the signals stay captured: add defer ${subject}() after this line.`,
      discarded: () => 'The stop function of signal.NotifyContext is discarded, so the signals stay captured for good: keep it and add defer stop().',
      // A stop kept by a closure may be meant to outlive the function (the closure is returned): no one-line fix.
      fix: (file, a) => (a.heldBy ? null : a.name ? deferAfterCheck(file, a, `defer ${a.name}()`) : keepCancel(file, a, 'stop')),
    });
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'signal-not-stopped': true;
  }
}
