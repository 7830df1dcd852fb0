// time.After as a select case inside a loop: every iteration starts a new timer. Before Go 1.23 each one stays allocated
// until it fires, so a loop woken often by another case piles up timers for the whole timeout. From Go 1.23 on (the
// go.mod's go directive) unfired timers are collected: nothing leaks and the rule stays silent.
// Off by default: on real programs it was right 0 times in the 9 findings reviewed (docs/accuracy.md): the timers it finds
// expire within a second or two, so at most a few are alive at once. A setting turns it on.
import { ancestorOfType, enclosingLoop, isPackageCall, nodesAtMatches, rangeOf, rootOf } from '../ast';
import type { SyntaxNode } from '../parser';
import { clauseLeavesLoop } from '../flow/exits';
import { isGoTestFile } from '../files';
import type { Rule } from '../rule';
import { collectsUnstoppedTimers } from '../engine/report';
import { factsOf } from '../engine/file-facts';

/** The communication_case whose channel expression is exactly `<-call`, or null when the call sits anywhere else. */
function caseReceivingFrom(call: SyntaxNode): SyntaxNode | null {
  const receive = call.parent;
  if (receive?.type !== 'unary_expression' || receive.child(0)?.type !== '<-') return null;
  const holder = receive.parent;
  const clause = holder?.type === 'receive_statement' ? holder.parent : holder;
  return clause?.type === 'communication_case' ? clause : null;
}

export const rule: Rule = {
  id: 'time-after-in-loop',
  defaultSeverity: 'off',
  enabledSeverity: 'warning',
  summary: 'time.After as a select case inside a loop starts a new timer on every iteration.',
  check(ctx) {
    if (isGoTestFile(ctx.file.path)) return;
    const root = rootOf(ctx.file.tree);
    const imports = factsOf(ctx.file).imports;
    const timeNames = imports.get('time');
    if (!timeNames) return;
    // Since Go 1.23 unfired timers are garbage collected: nothing leaks, so there is nothing to report.
    if (collectsUnstoppedTimers(ctx)) return;
    const pattern = new RegExp(`\\b(?:${timeNames.join('|')})\\.After\\s*\\(`, 'g');
    for (const at of nodesAtMatches(root, ctx.file.text, pattern)) {
      const node = ancestorOfType(at, 'call_expression', 2);
      if (!node || !isPackageCall(node, imports, 'time', ['After'])) continue;
      const clause = caseReceivingFrom(node);
      const select = clause?.parent;
      if (!clause || select?.type !== 'select_statement' || !enclosingLoop(select)) continue;
      // When every other case leaves the loop, the select runs to a timeout at most once: no timers pile up.
      const otherCases = select.namedChildren.filter((c): c is SyntaxNode => c !== null && c.id !== clause.id && c.type !== 'comment');
      if (otherCases.every((c) => clauseLeavesLoop(c, imports))) continue;
      ctx.report({
        message:
          'time.After in a looping select starts a new timer on every iteration and each stays in memory until it fires; create one time.NewTimer before the loop and Reset it each iteration.',
        range: rangeOf(node),
      });
    }
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'time-after-in-loop': true;
  }
}
