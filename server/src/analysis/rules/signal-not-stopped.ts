// signal.Notify registers a channel for the life of the process. A function that returns without signal.Stop keeps
// the registration (and whatever goroutine waits on the channel); signal.NotifyContext's stop restores the default.
import { enclosingLoop } from '../ast';
import { runsOncePerProcess } from '../flow/runs-once';
import { deferAfterCheck, keepCancel } from '../engine/fixes';
import { cancelFunctionKind, isPkg, resourceKind } from '../engine/kinds';
import type { Acquisition } from '../engine/lifecycle';
import { reportLifecycle } from '../engine/report';
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
 * Registrations not judged: in a function that runs once per process (main, or the helper its entry calls once) the
 * registration lasts until the program exits anyway; and a second Notify on the same channel in the same function
 * (`Notify(ch, os.Interrupt)` then `Notify(ch, syscall.SIGTERM)`) is the same leak as the first, reported once.
 */
function notJudged(file: GoFile): (a: Acquisition) => boolean {
  const seen = new Set<string>();
  return (a) => {
    if (runsOncePerProcess(a.fn, file) && !enclosingLoop(a.call)) return true;
    if (!a.name || !a.fn) return false;
    const key = `${a.fn.id}:${a.name}`;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  };
}

export const rule: Rule = {
  id: 'signal-not-stopped',
  defaultSeverity: 'warning',
  summary: 'signal.Notify without signal.Stop (or signal.NotifyContext without its stop) in a function that returns.',
  resources: [signalKind, notifyContextKind],
  check(ctx) {
    reportLifecycle(ctx, signalKind, {
      subject: (a) => a.name ?? 'the channel',
      leak: (_a, subject) => `signal.Notify keeps delivering to ${subject} after this function returns: add \`defer signal.Stop(${subject})\`.`,
      discarded: () => 'signal.Notify keeps its channel registered after this function returns: add `defer signal.Stop(ch)`.',
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.callee.split('.')[0]}.Stop(${a.name})`) : null),
      skip: notJudged(ctx.file),
    });
    reportLifecycle(ctx, notifyContextKind, {
      subject: (a) => a.name ?? 'stop',
      leak: (_a, subject) => `The stop function of signal.NotifyContext is not called on every path, so the signals stay captured: add \`defer ${subject}()\` after this line.`,
      discarded: () => 'The stop function of signal.NotifyContext is discarded, so the signals stay captured for good: keep it and add `defer stop()`.',
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}()`) : keepCancel(file, a, 'stop')),
    });
  },
};
