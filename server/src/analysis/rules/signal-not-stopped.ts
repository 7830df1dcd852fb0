// signal.Notify registers a channel for the life of the process. A function that returns without signal.Stop keeps
// the registration (and whatever goroutine waits on the channel); signal.NotifyContext's stop restores the default.
import { deferAfterCheck, keepCancel } from '../engine/fixes';
import { KINDS } from '../engine/kinds';
import type { Acquisition } from '../engine/lifecycle';
import { reportLifecycle } from '../engine/report';
import type { Rule } from '../rule';

/** main may keep its registration until the process exits. */
function inMain(a: Acquisition): boolean {
  return a.fn?.type === 'function_declaration' && a.fn.childForFieldName('name')?.text === 'main';
}

export const rule: Rule = {
  id: 'signal-not-stopped',
  defaultSeverity: 'warning',
  summary: 'signal.Notify without signal.Stop (or signal.NotifyContext without its stop) in a function that returns.',
  check(ctx) {
    reportLifecycle(ctx, KINDS.signal, {
      subject: (a) => a.name ?? 'the channel',
      leak: (_a, subject) => `signal.Notify keeps delivering to ${subject} after this function returns: add \`defer signal.Stop(${subject})\`.`,
      discarded: () => 'signal.Notify keeps its channel registered after this function returns: add `defer signal.Stop(ch)`.',
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.callee.split('.')[0]}.Stop(${a.name})`) : null),
      skip: inMain,
    });
    reportLifecycle(ctx, KINDS.notifyContext, {
      subject: (a) => a.name ?? 'stop',
      leak: (_a, subject) => `The stop function of signal.NotifyContext is not called on every path, so the signals stay captured: add \`defer ${subject}()\` after this line.`,
      discarded: () => 'The stop function of signal.NotifyContext is discarded, so the signals stay captured for good: keep it and add `defer stop()`.',
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}()`) : keepCancel(file, a, 'stop')),
    });
  },
};
