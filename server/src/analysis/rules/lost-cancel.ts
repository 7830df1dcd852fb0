// A context's cancel function that is not called keeps the context (its timer, its goroutines, its children) alive
// until the parent is cancelled, which in a long-running program is never.
import { deferAfterCheck, keepCancel } from '../engine/fixes';
import { KINDS } from '../engine/kinds';
import { fieldIsReadSomewhere } from '../engine/fields';
import { reportLifecycle } from '../engine/report';
import { rangeOf } from '../ast';
import type { Rule } from '../rule';

export const rule: Rule = {
  id: 'lost-cancel',
  defaultSeverity: 'warning',
  summary: 'The cancel function of context.WithCancel/WithTimeout/WithDeadline is not called on every path.',
  check(ctx) {
    const traced = reportLifecycle(ctx, KINDS.cancel, {
      subject: (a) => a.name ?? 'cancel',
      leak: (a, subject) => `The cancel function of ${a.callee} is not called on every path: add \`defer ${subject}()\` after this line.`,
      discarded: (a) => `The cancel function of ${a.callee} is discarded, so the context lives until its parent ends: keep it and add \`defer cancel()\`.`,
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}()`) : keepCancel(file, a, 'cancel')),
    });
    // Whether a field is ever called can only be judged with the package's files at hand.
    if (!ctx.packageSummaries) return;
    for (const a of traced) {
      if (a.discarded || a.leaks.length > 0 || !a.storedField) continue;
      if (fieldIsReadSomewhere(ctx, a.storedField.name)) continue;
      ctx.report({
        message: `The cancel function of ${a.callee} is stored in field ${a.storedField.name}, which nothing in the package ever calls: call it when its owner shuts down.`,
        range: rangeOf(a.call),
        related: [{ range: rangeOf(a.storedField.node), message: `stored in ${a.storedField.name} here` }],
      });
    }
  },
};
