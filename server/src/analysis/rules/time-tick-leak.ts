// time.Tick's ticker can never be stopped. In a function that returns (a helper, a goroutine that finishes, a main
// whose loop ends) each call leaves a ticker behind; before Go 1.23 it is never collected.
import { tickToTicker } from '../engine/fixes';
import { isPkg, resourceKind } from '../engine/kinds';
import { collectsUnstoppedTimers, reportLifecycle } from '../engine/report';
import type { Rule } from '../rule';

const tickKind = resourceKind({
  rule: 'time-tick-leak',
  key: 'tick',
  returnsError: false,
  returnedByHelpers: false,
  releaseMethods: [],
  // Nothing can release it, so no helper can either.
  resourceTypes: [],
  verb: 'stopping',
  names: ['Tick'],
  usedInPlace: true,
  channelNeverClosed: true,
  matches: (call, facts) => isPkg(call, facts, 'time', ['Tick']),
});

export const rule: Rule = {
  id: 'time-tick-leak',
  defaultSeverity: 'warning',
  summary: 'time.Tick in a function that can return: its ticker can never be stopped.',
  resources: [tickKind],
  check(ctx) {
    const collected = collectsUnstoppedTimers(ctx);
    reportLifecycle(ctx, tickKind, {
      subject: () => 'the ticker of time.Tick',
      leak: () =>
        'time.Tick starts a ticker that can never be stopped and this function returns, so every call leaks one: use time.NewTicker with defer ticker.Stop().',
      discarded: () => 'time.Tick starts a ticker that can never be stopped: use time.NewTicker with defer ticker.Stop().',
      fix: (file, a) => tickToTicker(file, a),
      // Since Go 1.23 the ticker is collected once unreferenced: nothing leaks.
      skip: () => collected,
    });
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'time-tick-leak': true;
  }
}
