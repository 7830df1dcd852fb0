// go-in-defer: a goroutine started from a deferred call. It starts as the function returns, so it outlives it and nothing
// can join it; in a long-running program each call of the function leaves one more goroutine behind.
import { enclosingFunction, methodCall, rangeOf } from '../ast';
import { concurrencyFacts, type ConcurrencyFacts } from '../concurrency/facts';
import { isTerminatingCall, launchedCall, receivedChannel, walkOwn } from '../concurrency/syntax';
import type { SyntaxNode } from '../parser';
import type { Rule } from '../rule';

export const rule: Rule = {
  id: 'go-in-defer',
  defaultSeverity: 'warning',
  summary: 'A goroutine started from a deferred call outlives its function and nothing can wait for it.',
  check(ctx) {
    const facts = concurrencyFacts(ctx.file);
    // Starting from the (few) go statements: each is either inside a deferred closure, or the body of a helper.
    const spawningHelpers = new Set<string>();
    const checkedClosures = new Set<number>();
    for (const go of facts.goStatements) {
      const fn = enclosingFunction(go);
      if (!fn) continue;
      const deferred = fn.type === 'func_literal' ? deferStatementRunning(fn) : null;
      const body = fn.childForFieldName('body');
      if (deferred && body && !checkedClosures.has(fn.id)) {
        checkedClosures.add(fn.id);
        for (const unjoined of unjoinedGoStatements(body)) {
          ctx.report({
            message: 'This goroutine starts from a deferred closure, so it outlives the function and nothing waits for it; do the work synchronously in the defer, or start it earlier and wait for it.',
            range: rangeOf(unjoined),
            related: [{ range: rangeOf(deferred), message: 'deferred here: it runs as the function returns' }],
          });
        }
      }
      // Only a goroutine a helper always starts (a statement of its body, not in a branch) is certain.
      const name = fn.type !== 'func_literal' ? fn.childForFieldName('name')?.text : undefined;
      if (name && go.parent?.type === 'statement_list' && body?.id === go.parent.parent?.id) spawningHelpers.add(name);
    }
    if (spawningHelpers.size === 0) return;
    for (const deferred of facts.deferStatements) {
      const helper = sameFileHelper(deferred, facts, spawningHelpers);
      const helperBody = helper?.childForFieldName('body');
      if (!helper || !helperBody) continue;
      const goInHelper = unjoinedGoStatements(helperBody).find((go) => go.parent?.parent?.id === helperBody.id);
      if (!goInHelper) continue;
      const name = helper.childForFieldName('name')?.text ?? 'the helper';
      ctx.report({
        message: `The deferred ${name} starts a goroutine as the function returns, so it outlives the function and nothing waits for it; make ${name} finish its work before returning, or call it earlier and wait for it.`,
        range: rangeOf(deferred),
        related: [{ range: rangeOf(goInHelper), message: `${name} starts the goroutine here` }],
      });
    }
  },
};

/** The `defer` statement that runs a function literal (`defer func() { … }()`), or null. */
function deferStatementRunning(literal: SyntaxNode): SyntaxNode | null {
  const call = literal.parent;
  const statement = call?.type === 'call_expression' && call.childForFieldName('function')?.id === literal.id ? call.parent : null;
  return statement?.type === 'defer_statement' ? statement : null;
}

/**
 * `go` statements of a body that nothing in the same body waits for afterwards (a Wait() call or a channel receive).
 * `go panic(err)` is left out: it takes the program down on purpose, nothing outlives anything.
 */
function unjoinedGoStatements(body: SyntaxNode): SyntaxNode[] {
  const goStatements: SyntaxNode[] = [];
  let lastJoinStart = -1;
  walkOwn(body, (n) => {
    const launched = n.type === 'go_statement' ? launchedCall(n) : null;
    if (n.type === 'go_statement' && !(launched && isTerminatingCall(launched))) goStatements.push(n);
    else if (receivedChannel(n) || (n.type === 'call_expression' && methodCall(n)?.method === 'Wait')) lastJoinStart = Math.max(lastJoinStart, n.startIndex);
  });
  return goStatements.filter((go) => go.endIndex > lastJoinStart);
}

/** The one function or method declared in this file that a deferred named call runs; null when unknown or ambiguous. */
function sameFileHelper(deferred: SyntaxNode, facts: ConcurrencyFacts, spawningHelpers: Set<string>): SyntaxNode | null {
  const fn = launchedCall(deferred)?.childForFieldName('function');
  const name = fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : fn?.text;
  if (!fn || !name || !spawningHelpers.has(name)) return null;
  if (fn.type === 'identifier') {
    const candidates = facts.declarations(fn.text).filter((d) => d.type === 'function_declaration');
    return candidates.length === 1 ? candidates[0] : null;
  }
  if (fn.type === 'selector_expression') {
    const method = fn.childForFieldName('field')?.text;
    const candidates = method ? facts.declarations(method).filter((d) => d.type === 'method_declaration') : [];
    return candidates.length === 1 ? candidates[0] : null;
  }
  return null;
}

declare module '../types' {
  interface RuleCatalogue {
    'go-in-defer': true;
  }
}
